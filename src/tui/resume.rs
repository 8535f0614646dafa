//! Picking up where the annotator stopped: the open article, its cursor and the focused
//! pane, kept in the workspace (`store::Resume`) between sessions.

use super::app::App;
use super::screen::Focus;
use crate::store::{Pane, Resume};
use crate::text::sanitize;

impl App {
    /// Where the annotator is now, to be written when the session ends.
    pub fn resume_point(&self) -> Option<Resume> {
        // a search being typed previews its hits; the place is the one before `/`
        let (reader, focus) = match &self.search_before {
            Some(before) => (before.reader.as_ref()?, before.focus),
            None => (self.reader.as_ref()?, self.focus),
        };
        let pane = match focus {
            Focus::List => Pane::List,
            Focus::Text => Pane::Text,
        };
        Some(Resume::new(
            &self.desk.corpus,
            reader.article,
            reader.cursor,
            pane,
        ))
    }

    /// The session ends (the link dropped, SIGTERM) with a note being typed: the note is
    /// kept, as enter would keep it, rather than lost with its line. An emptied line
    /// keeps the old note: clearing it is not told from retyping it.
    pub fn keep_typed_note(&mut self) {
        use super::views::prompt::{Prompt, PromptKind};
        let Some(prompt) = self.layers.find::<Prompt>() else {
            return;
        };
        let PromptKind::Note { start, end, label } = &prompt.kind else {
            return;
        };
        if prompt.input.trim().is_empty() {
            return;
        }
        let (range, label, text) = (*start..*end, label.clone(), prompt.input.clone());
        if let Some(article) = self.reader.as_ref().map(|r| r.article) {
            let outcome = self.desk.note(article, range, &label, &text);
            self.heard(outcome);
        }
    }

    /// Reopens `article` at `cursor` with `pane` focused, and says so (once: the next key
    /// clears it) unless something more important is being said.
    pub fn resume_at(&mut self, article: usize, cursor: usize, pane: Pane) {
        if article >= self.desk.corpus.articles.len() {
            return;
        }
        self.open_article(article);
        self.move_to(cursor);
        self.focus = match pane {
            Pane::List => Focus::List,
            Pane::Text => Focus::Text,
        };
        self.suggest_on_entry();
        self.settle();
        if self.message.is_none() {
            let title = sanitize(&self.desk.article(article).title).into_owned();
            let total = self.desk.corpus.articles.len();
            self.say(format!(
                "resumed where you stopped: {}/{total} {title}",
                article + 1
            ));
        }
    }
}
