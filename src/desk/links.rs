//! Links to the knowledge base (`kb.tsv`): a span carries an id. Linking or unlinking a
//! span is one `Op::Replace`; a link made by hand proposes the same id for the other
//! mentions of that text in the article (inflected forms too, `suggest::links`), marked
//! `kb_suggested` until reviewed; all in one change, so one undo takes it back.

use std::path::PathBuf;

use super::{Desk, Outcome};
use crate::annotation::{Op, Span, SpanState, now};
use crate::search::kb::{self, Kb, KbEntry};
use crate::text::sanitize;

/// The knowledge base the annotator links to, and the folder its `kb.tsv` is in (none in
/// tests and memory sessions: new entries then live in memory only).
#[derive(Debug, Clone, Default)]
pub struct KbState {
    pub kb: Kb,
    pub root: Option<PathBuf>,
}

impl KbState {
    /// Reads `kb.tsv` at `root` (bad lines are `tanba validate`'s to report).
    pub fn load(root: PathBuf) -> KbState {
        let kb = kb::load(&root).map(|(kb, _)| kb).unwrap_or_default();
        KbState {
            kb,
            root: Some(root),
        }
    }
}

impl Desk {
    /// Links `span` of `article` to knowledge-base entry `id`, and proposes the same
    /// link for the other mentions of its text that have none.
    pub fn link(&mut self, article: usize, span: &Span, id: &str) -> Outcome {
        if span.kb.as_deref() == Some(id) && !span.kb_suggested {
            return Outcome::say(format!("already linked to {id}"));
        }
        let mut new = span.clone();
        new.kb = Some(id.to_string());
        new.kb_suggested = false;
        new.updated = now();
        let mut ops = vec![Op::Replace {
            old: span.clone(),
            new: new.clone(),
        }];
        let others = match self.shown_slot(article) {
            Some(slot) if self.suggest.enabled => {
                crate::suggest::links::same_mentions(&slot.doc, &new)
            }
            _ => Vec::new(),
        };
        let count = others.len();
        ops.extend(others);
        let mut what = format!("linked «{}» to {}", sanitize(&span.text), self.kb_title(id));
        match count {
            0 => {}
            1 => what += " (1 more mention suggested)",
            n => what += &format!(" ({n} more mentions suggested)"),
        }
        let mut outcome = self.commit(article, ops, &what);
        outcome.suggested += count;
        outcome
    }

    /// Takes the link off `span` of `article`.
    pub fn unlink(&mut self, article: usize, span: &Span) -> Outcome {
        let Some(id) = span.kb.clone() else {
            return Outcome::fail("this span has no link");
        };
        let mut new = span.clone();
        new.kb = None;
        new.kb_suggested = false;
        new.updated = now();
        let what = format!("unlinked «{}» from {id}", sanitize(&span.text));
        self.commit(
            article,
            vec![Op::Replace {
                old: span.clone(),
                new,
            }],
            &what,
        )
    }

    /// Reviews a suggested link on a span over `at`: accepted it stays, rejected it goes;
    /// `None` when no span there has one.
    pub(crate) fn review_link(&mut self, article: usize, at: usize, keep: bool) -> Option<Outcome> {
        let span = self
            .spans_at(article, at)
            .into_iter()
            .find(|s| s.kb_suggested && s.state != SpanState::Rejected)
            .cloned()?;
        let id = span.kb.clone().unwrap_or_default();
        let mut new = span.clone();
        new.kb_suggested = false;
        if !keep {
            new.kb = None;
        }
        new.updated = now();
        let what = match keep {
            true => format!("link to {id} accepted"),
            false => format!("link to {id} rejected"),
        };
        let ops = vec![Op::Replace { old: span, new }];
        Some(self.commit(article, ops, &what))
    }

    /// `Q1 Name` for an id: the entry's name from `kb.tsv`, or the id alone (unknown).
    pub fn kb_title(&self, id: &str) -> String {
        match self.kb.kb.get(id) {
            Some(e) => format!("{} {}", sanitize(id), sanitize(&e.name)),
            None => format!("{} (not in kb.tsv)", sanitize(id)),
        }
    }

    /// What follows a span's tag for its link: `@` linked, `@?` a suggested link.
    pub fn link_mark(span: &Span) -> &'static str {
        match (&span.kb, span.kb_suggested) {
            (None, _) => "",
            (Some(_), false) => "@",
            (Some(_), true) => "@?",
        }
    }

    /// The footer's words for a span's link: `@Q1 Name` (`@?` while suggested).
    pub fn link_line(&self, span: &Span) -> Option<String> {
        let id = span.kb.as_deref()?;
        Some(format!("{}{}", Desk::link_mark(span), self.kb_title(id)))
    }

    /// Adds an entry to the knowledge base (in `kb.tsv` when the session has one) with a
    /// new id `<annotator>-N`; returns the id.
    pub fn add_kb_entry(&mut self, name: &str, description: &str) -> Result<String, String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("a new entry needs a name".into());
        }
        let entry = KbEntry {
            id: self.kb.kb.next_id(&self.annotator),
            name: name.to_string(),
            aliases: Vec::new(),
            description: description.trim().to_string(),
            line: self.kb.kb.entries.len() + 1,
        };
        if let Some(root) = &self.kb.root {
            kb::append(root, &entry).map_err(|e| e.to_string())?;
        }
        let id = entry.id.clone();
        self.kb.kb.entries.push(entry);
        Ok(id)
    }
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
