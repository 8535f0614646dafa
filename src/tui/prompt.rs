//! The input line at the bottom: `/` search over the list and `c` notes on spans.

use super::action::Action;
use super::app::{App, Filter, Overlay, Prompt, PromptKind};
use super::find::find_articles;
use super::screen::Focus;

impl App {
    pub(crate) fn start_search(&mut self) {
        let input = self
            .filter
            .as_ref()
            .map(|f| f.query.clone())
            .unwrap_or_default();
        let kind = PromptKind::Search {
            before: self.filter.clone(),
            current: self.current,
        };
        let at = input.chars().count();
        self.overlay = Overlay::Prompt(Prompt { kind, input, at });
        self.focus = Focus::List;
    }

    pub(crate) fn update_prompt(&mut self, action: Action) {
        use Action::*;
        let Overlay::Prompt(p) = &mut self.overlay else {
            return;
        };
        let len = p.input.chars().count();
        let byte = |s: &str, at: usize| s.char_indices().nth(at).map_or(s.len(), |(b, _)| b);
        let mut edited = false;
        match action {
            Insert(c) if !c.is_control() => {
                let b = byte(&p.input, p.at);
                p.input.insert(b, c);
                p.at += 1;
                edited = true;
            }
            DeleteBack if p.at > 0 => {
                let b = byte(&p.input, p.at - 1);
                p.input.remove(b);
                p.at -= 1;
                edited = true;
            }
            DeleteForward if p.at < len => {
                let b = byte(&p.input, p.at);
                p.input.remove(b);
                edited = true;
            }
            Left => p.at = p.at.saturating_sub(1),
            Right => p.at = (p.at + 1).min(len),
            LineStart => p.at = 0,
            LineEnd => p.at = len,
            Up | Down if matches!(p.kind, PromptKind::Search { .. }) => {
                self.update_list(action);
            }
            Confirm => return self.confirm_prompt(),
            Cancel => return self.cancel_prompt(),
            Quit => self.effect = Some(super::app::Effect::Quit),
            _ => {}
        }
        if edited {
            self.live_search();
        }
        self.settle();
    }

    /// Narrows the list as the query is typed, moving to the best match.
    fn live_search(&mut self) {
        let Overlay::Prompt(Prompt {
            kind: PromptKind::Search { .. },
            input,
            ..
        }) = &self.overlay
        else {
            return;
        };
        let query = input.clone();
        if query.trim().is_empty() {
            self.filter = None;
            return;
        }
        let matches = find_articles(&self.corpus, &query);
        let first = matches.first().copied();
        let n = matches.len();
        self.filter = Some(Filter { query, matches });
        match first {
            Some(i) => self.open_article(i),
            None => self.fail("no article matches"),
        }
        if n > 0 {
            self.say(format!("{n} match{}", if n == 1 { "" } else { "es" }));
        }
    }

    fn confirm_prompt(&mut self) {
        let Overlay::Prompt(p) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        match p.kind {
            PromptKind::Search { .. } => {
                if self.filter.as_ref().is_some_and(|f| f.matches.is_empty()) {
                    self.filter = None;
                    self.fail("no article matches; filter cleared");
                } else if self.reader.is_some() {
                    self.focus = Focus::Text;
                }
            }
            PromptKind::Note { start, end, label } => self.save_note(start, end, &label, &p.input),
        }
        self.settle();
    }

    fn cancel_prompt(&mut self) {
        let Overlay::Prompt(p) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if let PromptKind::Search { before, current } = p.kind {
            self.filter = before;
            self.open_article(current);
        }
        self.settle();
    }
}
