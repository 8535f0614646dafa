//! Suggestions in the annotator: accepting a span proposes its other occurrences in the
//! article (in the same undoable change); opening an article proposes the gazetteer's
//! names and the model's spans (learning.rs); the gazetteer learns every span accepted
//! in the session.

use super::{Desk, Outcome};
use crate::annotation::{DocStatus, Op, Span, SpanState};
use crate::suggest::{self, FoldedWords, Gazetteer};
use crate::text::CharIndex;

/// Whether suggestions are on, and the gazetteer once it is loaded.
#[derive(Debug, Clone)]
pub struct SuggestState {
    pub enabled: bool,
    pub gazetteer: Option<Gazetteer>,
    /// The last article's words, folded once, and its code point index: tagging must
    /// keep up with typing.
    words: Option<(usize, FoldedWords, CharIndex)>,
    /// The article last opened for work, whose gazetteer suggestions are made.
    entered: Option<usize>,
}

impl Default for SuggestState {
    fn default() -> Self {
        SuggestState {
            enabled: true,
            gazetteer: None,
            words: None,
            entered: None,
        }
    }
}

/// The spans `ops` leave accepted: added as accepted, or turned accepted.
fn newly_accepted(ops: &[Op]) -> impl Iterator<Item = &Span> {
    ops.iter().filter_map(|op| match op {
        Op::Add(s) if s.state == SpanState::Accepted => Some(s),
        Op::Replace { old, new }
            if new.state == SpanState::Accepted
                && (old.state != SpanState::Accepted || old.label != new.label) =>
        {
            Some(new)
        }
        _ => None,
    })
}

impl Desk {
    /// Suggestions on or off (the pending ones stay until reviewed).
    pub fn set_suggestions(&mut self, enabled: bool) {
        self.suggest.enabled = enabled;
    }

    /// Turns suggestions on or off; on, `open` (the article shown) gets the gazetteer's.
    pub fn toggle_suggestions(&mut self, open: Option<usize>) -> Outcome {
        self.suggest.enabled = !self.suggest.enabled;
        if !self.suggest.enabled {
            return Outcome::say("suggestions off (pending ones stay until reviewed)");
        }
        let on = Outcome::say("suggestions on");
        self.suggest.entered = None;
        match open.map(|article| self.enter(article)) {
            Some(found) if found.message.is_some() => found,
            _ => on,
        }
    }

    /// `article` is opened for work (the screen decides when: the text pane has the keys
    /// and nothing is over it): it gets the gazetteer's suggestions, once per entry. The
    /// list's preview never calls this: browsing writes nothing.
    pub fn enter(&mut self, article: usize) -> Outcome {
        if self.suggest.entered == Some(article) {
            return Outcome::quiet();
        }
        self.suggest.entered = Some(article);
        let gazetteer = self.suggest_on_open(article);
        let model = self.model_on_entry(article, true);
        super::learning::join(gazetteer, model)
    }

    /// The article last opened for work, if any.
    pub(crate) fn entered(&self) -> Option<usize> {
        self.suggest.entered
    }

    /// The next `enter` suggests again, even in the same article (the gazetteer arrived).
    pub fn forget_entry(&mut self) {
        self.suggest.entered = None;
    }

    /// The gazetteer's names in `article`, added as pending spans. Not an edit of the
    /// annotator's: no undo step, the article's status stays, and nothing is saved
    /// (`Kept`): the next edit in the article writes them with it.
    fn suggest_on_open(&mut self, article: usize) -> Outcome {
        if !self.suggest.enabled {
            return Outcome::quiet();
        }
        let (Some(gazetteer), Some(slot)) = (&self.suggest.gazetteer, self.slot(article)) else {
            return Outcome::quiet();
        };
        if slot.read_only.is_some() {
            return Outcome::quiet();
        }
        let text = &self.corpus.articles[article].text;
        let spans =
            suggest::from_gazetteer(gazetteer, text, &slot.doc, &self.annotator, self.scheme);
        if spans.is_empty() {
            return Outcome::quiet();
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return Outcome::quiet();
        };
        let mut added = 0;
        for span in spans {
            added += usize::from(slot.doc.apply(&Op::Add(span), &self.annotator));
        }
        // held in memory: the article's next edit saves them (opening writes nothing)
        slot.hold_suggestions();
        self.spans_changed(article);
        let s = if added == 1 { "" } else { "s" };
        Outcome::say(format!("{added} pending suggestion{s} from the gazetteer"))
    }

    /// The gazetteer follows the session's edits (`ops`, just applied, undone or redone):
    /// a span that becomes accepted is one more use of its text and label, one that stops
    /// being accepted (undone, relabelled, rejected, deleted) one less.
    pub(crate) fn gazetteer_follows(&mut self, ops: &[Op]) {
        let Some(g) = self.suggest.gazetteer.as_mut() else {
            return;
        };
        let accepted = |s: &Span| s.state == SpanState::Accepted;
        let same = |a: &Span, b: &Span| a.label == b.label && a.text == b.text;
        for op in ops {
            let (gone, came) = match op {
                Op::Add(s) => (None, Some(s)),
                Op::Remove(s) => (Some(s), None),
                Op::Replace { old, new } if accepted(old) && accepted(new) && same(old, new) => {
                    (None, None)
                }
                Op::Replace { old, new } => (Some(old), Some(new)),
                _ => (None, None),
            };
            if let Some(s) = gone.filter(|s| accepted(s)) {
                g.remove(&s.text, &s.label);
            }
            if let Some(s) = came.filter(|s| accepted(s)) {
                g.add(&s.text, &s.label);
            }
        }
    }

    /// The suggestions that follow `ops` (just applied to `article`): other occurrences
    /// of each span they accept.
    pub(crate) fn suggestions_after(&mut self, article: usize, ops: &[Op]) -> Vec<Op> {
        let accepted: Vec<Span> = newly_accepted(ops).cloned().collect();
        if accepted.is_empty() {
            return Vec::new();
        }
        let enabled = self.suggest.enabled;
        let Some(slot) = self.docs.get(article).and_then(Option::as_ref) else {
            return Vec::new();
        };
        if !enabled || slot.doc.status == DocStatus::Done {
            return Vec::new();
        }
        let text = &self.corpus.articles[article].text;
        let scheme = self.scheme;
        let (_, words, index) = match &mut self.suggest.words {
            Some(cached) if cached.0 == article => cached,
            cache => cache.insert((article, FoldedWords::new(text), CharIndex::new(text))),
        };
        let mut ops: Vec<Op> = Vec::new();
        for span in &accepted {
            let doc = &slot.doc;
            let found =
                suggest::in_article_words((words, index), text, doc, span, &self.annotator, scheme);
            for s in found {
                // two accepted spans' suggestions are checked against each other too
                let clash = |o: &Span| {
                    o.key() == s.key() || (scheme.is_flat() && o.start < s.end && s.start < o.end)
                };
                if !ops.iter().any(|op| matches!(op, Op::Add(o) if clash(o))) {
                    ops.push(Op::Add(s));
                }
            }
        }
        ops
    }

    /// After a suggestion (or, in curation, any candidate) is reviewed, the cursor moves
    /// on to the next pending span, so each takes one key.
    pub(crate) fn after_review(&self, article: usize, reviewed: &Span) -> Option<usize> {
        // in curation every pending span is a disagreement: go on to the next
        if !reviewed.origin.is_suggestion() && self.curation.is_none() {
            return None;
        }
        let slot = self.shown_slot(article)?;
        // the spans are in (start, end, label) order: the next one after it, then around
        slot.doc
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Pending && s.key() > reviewed.key())
            .chain(slot.doc.pending())
            .map(|s| s.start)
            .next()
    }
}
