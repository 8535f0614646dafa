//! What the edit keys mean on screen: the label key resolved once to a label, the
//! selection or the word under the cursor to a range, then the desk's rule is called
//! (`crate::desk`) and what it did is shown (`App::heard`).

use super::app::{App, Overlay, Prompt, PromptKind};
use crate::action::Action;
use crate::annotation::DocStatus;
use crate::suggest::Gazetteer;
use crate::tui::team::TeamDocs;

impl App {
    /// The edit keys of the text pane, on the open article.
    pub(crate) fn update_edit(&mut self, action: Action) {
        use Action::*;
        let Some((article, cursor)) = self.reader.as_ref().map(|r| (r.article, r.cursor)) else {
            return;
        };
        let outcome = match action {
            Label(n) => match self.desk.numbered_label(n) {
                Ok(name) => return self.apply_label(&name),
                Err(e) => return self.fail(e),
            },
            LabelKey(c) => match self.desk.labels.by_key(c).map(|l| l.name.clone()) {
                Some(name) => return self.apply_label(&name),
                None => return,
            },
            DeleteSpan => self.desk.delete(article, cursor),
            Accept => self.desk.accept(article, cursor),
            Reject => self.desk.reject(article, cursor),
            AcceptAll => self.desk.accept_all(article),
            NextSpan | PrevSpan | NextPending | PrevPending => {
                return self.jump(action, article, cursor);
            }
            DoneNext => return self.set_status_and_go(article, DocStatus::Done),
            Skip => return self.set_status_and_go(article, DocStatus::Skipped),
            Flag => self.desk.toggle_flag(article),
            Note => return self.start_note(),
            ToggleSuggestions => self.desk.toggle_suggestions(Some(article)),
            JumpForward => return self.open_view(super::views::jump::JumpPrompt::new(true)),
            JumpBack => return self.open_view(super::views::jump::JumpPrompt::new(false)),
            JumpRepeat => return self.repeat_jump(true),
            JumpRepeatBack => return self.repeat_jump(false),
            _ => return,
        };
        self.heard(outcome);
    }

    /// Applies `label` to the selection, else relabels the span under the cursor, else
    /// tags the word there: what a label's key (or the picker) does.
    pub(crate) fn apply_label(&mut self, label: &str) {
        let Some(r) = self.reader.as_ref() else {
            return;
        };
        self.desk.recent_labels.retain(|l| l != label);
        self.desk.recent_labels.insert(0, label.to_string());
        let (article, cursor) = (r.article, r.cursor);
        if let Some((a, b)) = self.nav().and_then(|nav| r.selection(&nav)) {
            let Some(nav) = self.nav() else { return };
            if a == b {
                return self.fail("the region is empty: move the cursor away from the mark");
            }
            let Some((a, b)) = nav.trim(a, b) else {
                return self.fail("the selection holds only spaces");
            };
            let outcome = self.desk.label(article, a..b, label);
            if let Some(r) = self.reader.as_mut() {
                r.anchor = None;
            }
            return self.heard(outcome);
        }
        let under = self
            .desk
            .spans_at(article, cursor)
            .first()
            .map(|s| (*s).clone());
        let outcome = if let Some(span) = under {
            self.desk.relabel(article, &span, label)
        } else {
            match self.nav().and_then(|n| n.word_at(cursor)) {
                Some((a, b)) => self.desk.label(article, a..b, label),
                None => return self.fail("no word here: select with v first"),
            }
        };
        self.heard(outcome);
    }

    /// Moves to the next (previous) live span, or pending span, by start.
    fn jump(&mut self, action: Action, article: usize, cursor: usize) {
        let forward = matches!(action, Action::NextSpan | Action::NextPending);
        let pending_only = matches!(action, Action::NextPending | Action::PrevPending);
        match self.desk.next_span(article, cursor, forward, pending_only) {
            Some(start) => self.move_to(start),
            None => {
                let what = if pending_only { "pending span" } else { "span" };
                let way = if forward { "next" } else { "previous" };
                self.say(format!("no {way} {what}"));
            }
        }
    }

    /// Sets the status, then opens the next article of the list not done.
    fn set_status_and_go(&mut self, article: usize, status: DocStatus) {
        let outcome = self.desk.set_status(article, status);
        let done = outcome.done;
        self.heard(outcome);
        if !done {
            return;
        }
        let visible = self.desk.visible();
        let at = visible.position(self.current).unwrap_or(0);
        let next = (1..visible.len())
            .filter_map(|k| visible.get((at + k) % visible.len()))
            .find(|&i| self.desk.status_of(i) != Some(DocStatus::Done));
        match next {
            Some(i) => {
                self.open_article(i);
                self.say(format!(
                    "{status}; next: {}",
                    crate::text::sanitize(&self.desk.article(i).title)
                ));
            }
            None => self.say(format!("{status}; every other article is done")),
        }
    }

    fn start_note(&mut self) {
        match self.spans_under_cursor().first() {
            Some(span) => {
                let input = span.note.clone().unwrap_or_default();
                let kind = PromptKind::Note {
                    start: span.start,
                    end: span.end,
                    label: span.label.clone(),
                };
                self.overlay = Overlay::Prompt(Prompt::new(kind, input));
            }
            None => self.fail("no span under the cursor to note"),
        }
    }

    /// Live spans under the cursor, innermost first.
    pub fn spans_under_cursor(&self) -> Vec<&crate::annotation::Span> {
        match &self.reader {
            Some(r) => self.desk.spans_at(r.article, r.cursor),
            None => Vec::new(),
        }
    }

    pub(crate) fn save_note(&mut self, start: usize, end: usize, label: &str, note: &str) {
        if let Some(article) = self.reader.as_ref().map(|r| r.article) {
            let outcome = self.desk.note(article, start..end, label, note);
            self.heard(outcome);
        }
    }

    pub(crate) fn undo(&mut self) {
        let outcome = self.desk.undo(self.reader.as_ref().map(|r| r.article));
        self.heard(outcome);
    }

    pub(crate) fn redo(&mut self) {
        let outcome = self.desk.redo(self.reader.as_ref().map(|r| r.article));
        self.heard(outcome);
    }

    /// `o`: the next annotator's own spans in the open article (curation.rs).
    pub(crate) fn next_view(&mut self) {
        if let Some(article) = self.reader.as_ref().map(|r| r.article) {
            let outcome = self.desk.next_view(article);
            self.heard(outcome);
        }
    }

    /// `S`: the dashboard over the panes.
    pub(crate) fn open_dashboard(&mut self) {
        self.desk.prepare_dashboard();
        self.open_view(super::views::dashboard::DashboardPanel::default());
    }

    /// `R`: the team's files read again.
    pub(crate) fn reload(&mut self) {
        let outcome = self.desk.reload();
        self.heard(outcome);
    }

    /// `D`: the list by disagreements when curating.
    pub(crate) fn sort_by_disagreements(&mut self) {
        let outcome = self.desk.sort_by_disagreements();
        self.heard(outcome);
    }

    /// The team's files arrived from their source.
    pub fn team_loaded(&mut self, result: Result<TeamDocs, String>) {
        let outcome = self.desk.team_loaded(result);
        self.heard(outcome);
    }

    /// The gazetteer arrived from the background: the open article gets its suggestions.
    pub fn attach_gazetteer(&mut self, gazetteer: Gazetteer, problems: &[String]) {
        self.desk.suggest.gazetteer = Some(gazetteer);
        // an earlier message (a read-only article, say) stays: the gazetteer's can wait
        if let Some(first) = problems.first().filter(|_| self.message.is_none()) {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.fail(format!("gazetteer: {first}{more}"));
        }
        if let Some(article) = self.reader.as_ref().map(|r| r.article) {
            let outcome = self.desk.suggest_on_open(article);
            self.heard(outcome);
        }
    }

    /// The watcher saw the workspace change: said once in the status line, and by the
    /// dashboard until the files are read again.
    pub fn disk_changed(&mut self) {
        let team = &mut self.desk.team;
        if !std::mem::replace(&mut team.changed_on_disk, true) && self.message.is_none() {
            let key = self
                .keymap
                .bindings(crate::keymap::Mode::Global)
                .into_iter()
                .find(|(a, _)| *a == Action::Reload)
                .and_then(|(_, keys)| keys.first().map(|k| k.to_string()));
            if let Some(key) = key {
                self.say(format!("the team's files changed on disk: {key} reloads"));
            }
        }
    }
}
