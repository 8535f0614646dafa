//! Suggestions in the annotator: accepting a span proposes its other occurrences in the
//! article (in the same undoable change); opening an article proposes the gazetteer's
//! names; the gazetteer learns every span accepted in the session.

use super::app::{App, Overlay};
use super::screen::Focus;
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

impl App {
    /// The gazetteer arrived from the background: the open article gets its suggestions.
    pub fn attach_gazetteer(&mut self, gazetteer: Gazetteer, problems: &[String]) {
        self.suggest.gazetteer = Some(gazetteer);
        // an earlier message (a read-only article, say) stays: the gazetteer's can wait
        if let Some(first) = problems.first().filter(|_| self.message.is_none()) {
            self.fail(format!(
                "gazetteer: {first}{}",
                if problems.len() > 1 {
                    format!(" (and {} more)", problems.len() - 1)
                } else {
                    String::new()
                }
            ));
        }
        self.suggest.entered = None;
        self.suggest_on_entry();
    }

    pub fn set_suggestions(&mut self, enabled: bool) {
        self.suggest.enabled = enabled;
    }

    pub(crate) fn toggle_suggestions(&mut self) {
        self.suggest.enabled = !self.suggest.enabled;
        if self.suggest.enabled {
            self.say("suggestions on");
            self.suggest.entered = None;
            self.suggest_on_entry();
        } else {
            self.say("suggestions off (pending ones stay until reviewed)");
        }
    }

    /// The open article gets the gazetteer's suggestions once it is opened for work: the
    /// text pane has the keys and nothing is over it. The list's preview (and a search
    /// still being typed) only shows it: browsing writes nothing.
    pub(crate) fn suggest_on_entry(&mut self) {
        let Some(article) = self.reader.as_ref().map(|r| r.article) else {
            return;
        };
        let working = self.focus == Focus::Text && matches!(self.overlay, Overlay::None);
        if !working || self.suggest.entered == Some(article) {
            return;
        }
        self.suggest.entered = Some(article);
        self.suggest_on_open(article);
    }

    /// The gazetteer's names in `article`, added as pending spans. Not an edit of the
    /// annotator's: no undo step, and the article's status stays.
    fn suggest_on_open(&mut self, article: usize) {
        if !self.suggest.enabled {
            return;
        }
        let (Some(gazetteer), Some(slot)) = (&self.suggest.gazetteer, self.slot(article)) else {
            return;
        };
        if slot.read_only.is_some() {
            return;
        }
        let text = &self.corpus.articles[article].text;
        let spans = suggest::from_gazetteer(gazetteer, text, &slot.doc, &self.annotator);
        if spans.is_empty() {
            return;
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return;
        };
        let mut added = 0;
        for span in spans {
            added += usize::from(slot.doc.apply(&Op::Add(span), &self.annotator));
        }
        self.store.save(&slot.doc);
        self.spans_changed(article);
        self.say(format!("{added} suggestion(s) from the gazetteer"));
    }

    /// The suggestions that follow `ops` (just applied to `article`): other occurrences
    /// of each span they accept. The gazetteer learns those spans.
    pub(crate) fn suggestions_after(&mut self, article: usize, ops: &[Op]) -> Vec<Op> {
        let accepted: Vec<Span> = newly_accepted(ops).cloned().collect();
        if accepted.is_empty() {
            return Vec::new();
        }
        if let Some(g) = self.suggest.gazetteer.as_mut() {
            accepted.iter().for_each(|s| g.add(&s.text, &s.label));
        }
        let enabled = self.suggest.enabled;
        let Some(slot) = self.docs.get(article).and_then(Option::as_ref) else {
            return Vec::new();
        };
        if !enabled || slot.doc.status == DocStatus::Done {
            return Vec::new();
        }
        let text = &self.corpus.articles[article].text;
        let (_, words, index) = match &mut self.suggest.words {
            Some(cached) if cached.0 == article => cached,
            cache => cache.insert((article, FoldedWords::new(text), CharIndex::new(text))),
        };
        let mut ops: Vec<Op> = Vec::new();
        for span in &accepted {
            let doc = &slot.doc;
            for s in suggest::in_article_words((words, index), text, doc, span, &self.annotator) {
                if !ops
                    .iter()
                    .any(|op| matches!(op, Op::Add(o) if o.key() == s.key()))
                {
                    ops.push(Op::Add(s));
                }
            }
        }
        ops
    }

    /// After a suggestion is reviewed, the cursor moves on to the next pending span, so
    /// each takes one key.
    pub(crate) fn advance_after_review(&mut self, reviewed: &Span) {
        if !reviewed.origin.is_suggestion() {
            return;
        }
        let next = self.current_slot().and_then(|slot| {
            slot.doc
                .spans
                .iter()
                .filter(|s| s.state == SpanState::Pending && s.start > reviewed.start)
                .chain(slot.doc.pending())
                .map(|s| s.start)
                .next()
        });
        if let Some(start) = next {
            self.move_to(start);
        }
    }
}
