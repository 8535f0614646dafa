//! The input line at the bottom: `/` search over the list and `c` notes on spans, with
//! the usual line editing.

use super::app::{App, Overlay, PromptKind};
use crate::action::Action;

impl App {
    pub(crate) fn update_prompt(&mut self, action: Action) {
        use Action::*;
        let Overlay::Prompt(p) = &mut self.overlay else {
            return;
        };
        let len = p.input.chars().count();
        let byte = |s: &str, at: usize| s.char_indices().nth(at).map_or(s.len(), |(b, _)| b);
        let before = p.input.clone();
        match action {
            Insert(c) if !c.is_control() => {
                let b = byte(&p.input, p.at);
                p.input.insert(b, c);
                p.at += 1;
            }
            DeleteBack if p.at > 0 => {
                let b = byte(&p.input, p.at - 1);
                p.input.remove(b);
                p.at -= 1;
            }
            DeleteForward if p.at < len => {
                let b = byte(&p.input, p.at);
                p.input.remove(b);
            }
            DeleteWordBack => {
                let chars: Vec<char> = p.input.chars().collect();
                let mut from = p.at;
                while from > 0 && chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                while from > 0 && !chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                p.input
                    .replace_range(byte(&p.input, from)..byte(&p.input, p.at), "");
                p.at = from;
            }
            DeleteToStart => {
                p.input.replace_range(..byte(&p.input, p.at), "");
                p.at = 0;
            }
            Left => p.at = p.at.saturating_sub(1),
            Right => p.at = (p.at + 1).min(len),
            LineStart => p.at = 0,
            LineEnd => p.at = len,
            Up | Down if p.kind == PromptKind::Search => {
                self.update_list(action);
                self.refresh_matches();
                self.go_to_first_match();
            }
            Confirm => return self.confirm_prompt(),
            Cancel => return self.cancel_prompt(),
            Quit => self.effect = Some(super::app::Effect::Quit),
            _ => {}
        }
        if let Overlay::Prompt(p) = &self.overlay
            && p.kind == PromptKind::Search
            && p.input != before
        {
            self.query_edited(p.input.clone());
        }
        self.settle();
    }

    fn confirm_prompt(&mut self) {
        let Overlay::Prompt(p) = &self.overlay else {
            return;
        };
        match p.kind.clone() {
            PromptKind::Search => {
                let input = p.input.clone();
                self.confirm_search(&input);
            }
            PromptKind::Note { start, end, label } => {
                let note = p.input.clone();
                self.overlay = Overlay::None;
                self.save_note(start, end, &label, &note);
            }
        }
        self.settle();
    }

    fn cancel_prompt(&mut self) {
        let Overlay::Prompt(p) = &self.overlay else {
            return;
        };
        if p.kind == PromptKind::Search {
            self.cancel_search();
        } else {
            self.overlay = Overlay::None;
        }
        self.settle();
    }
}
