//! The desk: the editing model, with no terminal. It holds the open corpus, the label
//! set, each article's document (`DocSlot`), the undo history, the store documents are
//! saved to, and the state of search, suggestions, curation and the team's files.
//!
//! Every edit rule lives here, as a method that takes what to do — an article, a range,
//! a label — never a key: `label`, `relabel`, `accept`, `reject`, `accept_all`, `delete`,
//! `set_status`, `toggle_flag`, `note`, `undo`, `redo` (edit.rs), `resize` (resize.rs), the suggestions that
//! follow an edit (suggestions.rs), the curator's rules (curation.rs). Each returns an
//! `Outcome` (what to say, where the cursor goes); the TUI turns it into a message and
//! a move. The TUI's views resolve what a key means on screen (the word under the
//! cursor, the selection) and call the desk; commands that edit can call it too.

pub mod assigned;
pub mod curation;
mod doc_labels;
mod edit;
pub mod learning;
mod links;
mod lint;
mod relations;
pub mod resize;
pub mod search;
pub mod spans;
pub mod store;
pub mod suggestions;
pub mod team;
pub mod visible;

#[cfg(test)]
mod scheme_tests;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::annotation::{
    DocAnnotations, DocLabels, DocStatus, History, LabelSet, RelationSet, Span, SpanScheme,
    SpanState,
};
use crate::corpus::{Article, Corpus};
use crate::store::SaveState;
use crate::text::{CharIndex, sanitize};

pub use assigned::AssignedState;
pub use curation::{CurationState, CurationStore};
pub use learning::{LearnNews, LearnState, Trainer};
pub use links::KbState;
pub use lint::{CheckJob, Checked, Checker, Held, LintState};
pub use resize::Resize;
pub use search::{Filter, SearchService, SearchState};
pub use spans::SpanIndex;
pub use store::{DocStore, MemoryStore, WorkspaceStore};
pub use suggestions::SuggestState;
pub use team::{TeamDocs, TeamSource, TeamState};
pub use visible::Visible;

/// One annotator's document for one article, as the session holds it.
#[derive(Debug, Clone)]
pub struct DocSlot {
    pub doc: DocAnnotations,
    /// Changes whenever the spans change, so layouts made before are not reused.
    pub version: u64,
    pub index: SpanIndex,
    /// Why the article cannot be edited (its file does not parse); never saved then.
    pub read_only: Option<String>,
    /// Whether it is the file as read, or holds suggestions no edit has saved yet.
    pub kept: Kept,
}

/// What of a document is on disk. Suggestions made on opening an article are held in
/// memory only: reading an article writes nothing, and its first edit saves them with it
/// (every save writes the whole document as shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The file as read (or a fresh document, no file).
    AsRead,
    /// The file as read plus suggestions made on opening: nothing written yet.
    InMemory,
    /// An edit saved it in this session; suggestions made later wait for the next edit.
    Saved,
}

impl DocSlot {
    /// Suggestions were added without a save: they wait for the next edit.
    pub(crate) fn hold_suggestions(&mut self) {
        if self.kept == Kept::AsRead {
            self.kept = Kept::InMemory;
        }
    }
}

/// A line for the annotator: what happened, or why nothing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// What a desk method did, for the screen to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What to say (the last word: a later message replaces an earlier one).
    pub message: Option<Message>,
    /// The edit was made (or there was nothing to change); false when refused.
    pub done: bool,
    /// Where the cursor goes next (undo's first span, the next suggestion to review).
    pub cursor: Option<usize>,
    /// The article the edit was in, when the screen must open it (undo of another's).
    pub open: Option<usize>,
    /// Suggestions that came with the edit (the search's highlights give way to them).
    pub suggested: usize,
}

impl Outcome {
    pub fn say(text: impl Into<String>) -> Outcome {
        Outcome {
            message: Some(Message {
                text: text.into(),
                error: false,
            }),
            done: true,
            ..Outcome::default()
        }
    }

    pub fn fail(text: impl Into<String>) -> Outcome {
        Outcome {
            message: Some(Message {
                text: text.into(),
                error: true,
            }),
            ..Outcome::default()
        }
    }

    /// Nothing to say; the edit (if any) stands.
    pub fn quiet() -> Outcome {
        Outcome {
            done: true,
            ..Outcome::default()
        }
    }
}

/// The editing model: what every view shares.
pub struct Desk {
    pub corpus: Arc<Corpus>,
    pub labels: LabelSet,
    pub annotator: String,
    /// Whether spans may overlap (`tanba.ron`'s `spans`): the edit rules follow it.
    pub scheme: SpanScheme,
    pub(crate) store: Box<dyn DocStore>,
    /// Each article's document once read (edits go through edit.rs, one undoable change each).
    pub docs: Vec<Option<DocSlot>>,
    pub history: History,
    pub save_state: SaveState,
    /// Labels applied in this session, most recent first (the picker lists them first).
    pub recent_labels: Vec<String>,
    /// The list as a search narrowed it, and the search's own state (search.rs).
    pub filter: Option<Filter>,
    pub search: SearchState,
    /// Suggestions on or off, the gazetteer (suggestions.rs).
    pub suggest: SuggestState,
    /// The model, its learning and its doubt (learning.rs).
    pub learn: LearnState,
    /// Set by `tanba curate` (curation.rs).
    pub curation: Option<CurationState>,
    /// Every annotator's files and the dashboard's figures (team.rs).
    pub team: TeamState,
    /// The articles assigned to this annotator, if any (assigned.rs).
    pub assigned: Option<AssignedState>,
    /// The team's guidelines (`guidelines.md`), if the workspace has them.
    pub guidelines: Option<String>,
    /// The project's relation labels (relations.rs); none: relations are off.
    pub relation_labels: RelationSet,
    /// The project's document labels (doc_labels.rs); none: off.
    pub doc_labels: DocLabels,
    /// The consistency findings and their check in the background (lint.rs).
    pub lint: LintState,
    /// The knowledge base spans are linked to (links.rs).
    pub kb: links::KbState,
    tags: HashMap<String, String>,
    ids: HashMap<String, usize>,
    next_version: u64,
    /// Articles whose spans changed since the screen last asked (`take_changed`).
    changed: Vec<usize>,
    /// The last edited article's code point index, to cut span texts quickly.
    chars: Option<(usize, CharIndex)>,
}

impl Desk {
    pub fn new(
        corpus: Arc<Corpus>,
        labels: LabelSet,
        annotator: &str,
        store: Box<dyn DocStore>,
    ) -> Desk {
        let tags = labels
            .names()
            .zip(labels.tags())
            .map(|(n, t)| (n.to_string(), sanitize(&t).into_owned()))
            .collect();
        let ids = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Desk {
            docs: vec![None; corpus.articles.len()],
            corpus,
            labels,
            annotator: annotator.to_string(),
            scheme: SpanScheme::default(),
            store,
            history: History::default(),
            save_state: SaveState::Saved,
            recent_labels: Vec::new(),
            filter: None,
            search: SearchState::default(),
            suggest: SuggestState::default(),
            learn: LearnState::default(),
            curation: None,
            team: TeamState::default(),
            assigned: None,
            guidelines: None,
            relation_labels: RelationSet::default(),
            doc_labels: DocLabels::default(),
            lint: LintState::default(),
            kb: links::KbState::default(),
            tags,
            ids,
            next_version: 0,
            changed: Vec::new(),
            chars: None,
        }
    }

    pub fn article(&self, i: usize) -> &Article {
        &self.corpus.articles[i]
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    pub fn slot(&self, i: usize) -> Option<&DocSlot> {
        self.docs.get(i).and_then(Option::as_ref)
    }

    pub fn status_of(&self, article: usize) -> Option<DocStatus> {
        self.slot(article).map(|s| s.doc.status)
    }

    /// A document read in the background for the list; ignored if the article was
    /// loaded meanwhile.
    pub fn preloaded(&mut self, article: usize, result: Result<DocAnnotations, String>) {
        if article < self.docs.len() && self.docs[article].is_none() {
            self.docs[article] = Some(self.make_slot(article, result));
        }
    }

    pub(crate) fn make_slot(
        &mut self,
        article: usize,
        result: Result<DocAnnotations, String>,
    ) -> DocSlot {
        self.next_version += 1;
        let (doc, read_only) = match result {
            Ok(doc) => (doc, None),
            Err(e) => {
                let a = &self.corpus.articles[article];
                (
                    DocAnnotations::new(&a.id, &self.annotator, &a.text),
                    Some(e),
                )
            }
        };
        DocSlot {
            index: SpanIndex::new(&doc.spans),
            doc,
            version: self.next_version,
            read_only,
            kept: Kept::AsRead,
        }
    }

    /// Reads `article`'s document from the store if it is not in memory yet.
    pub fn load(&mut self, article: usize) {
        if self.docs[article].is_none() {
            let result = self.store.load(&self.corpus.articles[article]);
            self.docs[article] = Some(self.make_slot(article, result));
        }
    }

    /// After a change of spans in `article`: new version, new index; the screen hears
    /// of it through `take_changed`.
    pub(crate) fn spans_changed(&mut self, article: usize) {
        self.next_version += 1;
        let version = self.next_version;
        if let Some(slot) = self.docs[article].as_mut() {
            slot.version = version;
            slot.index = SpanIndex::new(&slot.doc.spans);
        }
        self.changed.push(article);
    }

    /// The articles whose spans changed since the last call, in order.
    pub fn take_changed(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.changed)
    }

    pub fn set_save_state(&mut self, state: SaveState) {
        self.save_state = state;
    }

    /// The articles the list shows, in order: borrowed (no copy per key press), except
    /// when a curation orders them by disagreements or the model by doubt.
    pub fn visible(&self) -> Visible<'_> {
        let visible = match (&self.filter, self.assigned_only()) {
            (Some(f), _) => Visible::Hits(self.narrow_to_assigned(Cow::Borrowed(&f.matches))),
            (None, Some(a)) => Visible::Hits(Cow::Borrowed(&a.mine)),
            (None, None) => Visible::All(self.corpus.articles.len()),
        };
        if self.curation.as_ref().is_some_and(|c| c.by_disagreements) {
            let mut ordered: Vec<usize> = visible.iter().collect();
            self.curation_order(&mut ordered);
            return Visible::Hits(Cow::Owned(ordered));
        }
        if self.learn.by_doubt {
            let mut ordered: Vec<usize> = visible.iter().collect();
            self.doubt_order(&mut ordered);
            return Visible::Hits(Cow::Owned(ordered));
        }
        visible
    }

    /// Live spans of `article` over code point `at`, innermost first.
    pub fn spans_at(&self, article: usize, at: usize) -> Vec<&Span> {
        let Some(slot) = self.shown_slot(article) else {
            return Vec::new();
        };
        slot.index
            .live_at(&slot.doc.spans, at)
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    /// The start of the next (previous) live span after (before) `from`, or pending
    /// span when `pending_only`.
    pub fn next_span(
        &self,
        article: usize,
        from: usize,
        forward: bool,
        pending_only: bool,
    ) -> Option<usize> {
        let spans = &self.shown_slot(article)?.doc.spans;
        let wanted = |s: &&Span| {
            if pending_only {
                s.state == SpanState::Pending
            } else {
                s.state != SpanState::Rejected
            }
        };
        let found = if forward {
            let at = spans.partition_point(|s| s.start <= from);
            spans[at..].iter().find(wanted)
        } else {
            let to = spans.partition_point(|s| s.start < from);
            spans[..to].iter().rev().find(wanted)
        };
        found.map(|s| s.start)
    }

    /// The short tag drawn after a span of `article`: its label's tag, then when pending
    /// where it came from (`?` imported, `~` suggested by tanba, `*` by a model), then
    /// `@` for a link (`@?` suggested, links.rs), then whose it is when curating, then its relations' numbers (relations.rs).
    pub fn tag_text(&self, article: usize, span: &Span) -> String {
        let base = self.label_tag(&span.label);
        let pending = match (&span.state, &span.origin) {
            (SpanState::Pending, crate::annotation::Origin::Suggested) => "~",
            (SpanState::Pending, crate::annotation::Origin::Model(_)) => "*",
            (SpanState::Pending, _) => "?",
            _ => "",
        };
        let marks = self.curation_marks(article, span);
        format!(
            "{base}{pending}{}{marks}{}",
            Desk::link_mark(span),
            self.relation_marks(article, span)
        )
    }

    /// The short tag of a label: from the label set, else its first three letters.
    pub fn label_tag(&self, label: &str) -> String {
        match self.tags.get(label) {
            Some(t) => t.clone(),
            None => sanitize(&label.chars().take(3).collect::<String>()).into_owned(),
        }
    }

    /// The index of `name` in the label set (for its colour), if it is there.
    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.labels.iter().position(|l| l.name == name)
    }

    /// The label of digit key `n`: the label bound to that digit, else the `n`th.
    pub fn numbered_label(&self, n: u8) -> Result<String, String> {
        let key = char::from_digit(n as u32, 10);
        let label = key
            .and_then(|k| self.labels.by_key(k))
            .or_else(|| self.labels.nth(n as usize));
        label.map(|l| l.name.clone()).ok_or_else(|| {
            format!(
                "no label {n}: the label set has {}",
                self.labels.labels.len()
            )
        })
    }
}
