//! `tanba curate`: the annotator opened as a curator over several annotators' work. The
//! curator's document starts as the draft (what all agree on accepted, every other span
//! pending), tags carry whose a disputed span is (`¹²`), the list counts disagreements
//! and can be ordered by them, and one key shows each annotator's own spans in turn.

use std::collections::HashMap;
use std::sync::Arc;

use super::store::{DocStore, WorkspaceStore};
use super::{Desk, DocSlot, Outcome};
use crate::agree::Curation;
use crate::annotation::{DocAnnotations, Span};
use crate::corpus::Article;

/// What the desk keeps while curating.
pub struct CurationState {
    pub curation: Arc<Curation>,
    /// The list in order of disagreements, most first.
    pub by_disagreements: bool,
    /// An annotator's own spans shown in place of the curator's, in one article.
    shown: Option<Shown>,
    /// Disagreements per article index, read once (the list asks on every draw).
    counts: HashMap<usize, usize>,
}

struct Shown {
    article: usize,
    annotator: usize,
    slot: DocSlot,
}

impl Desk {
    /// Turns this session into a curation of `curation`'s annotators.
    pub fn start_curation(&mut self, curation: Arc<Curation>) {
        let counts = self
            .corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i, curation.disagreements(&a.id)))
            .collect();
        self.curation = Some(CurationState {
            curation,
            by_disagreements: false,
            shown: None,
            counts,
        });
        // tags now carry marks: layouts made before are stale
        for article in 0..self.docs.len() {
            if self.docs[article].is_some() {
                self.spans_changed(article);
            }
        }
    }

    /// The document drawn for `article`: an annotator's own while it is shown, else the
    /// session's.
    pub fn shown_slot(&self, article: usize) -> Option<&DocSlot> {
        match self.curation.as_ref().and_then(|c| c.shown.as_ref()) {
            Some(shown) if shown.article == article => Some(&shown.slot),
            _ => self.slot(article),
        }
    }

    /// The annotator whose own spans `article` shows, if not the curator's.
    pub fn showing(&self, article: usize) -> Option<&str> {
        let c = self.curation.as_ref()?;
        let shown = c.shown.as_ref()?;
        (shown.article == article).then(|| c.curation.annotators[shown.annotator].as_str())
    }

    /// `o`: the next annotator with a file for `article`, then the curator again.
    pub fn next_view(&mut self, article: usize) -> Outcome {
        let Some(state) = self.curation.as_ref() else {
            return Outcome::say("only `tanba curate` has other annotators' views");
        };
        let id = self.corpus.articles[article].id.clone();
        let after = match &state.shown {
            Some(s) if s.article == article => s.annotator + 1,
            _ => 0,
        };
        let own = state
            .curation
            .get(&id)
            .map(|c| c.own.clone())
            .unwrap_or_default();
        let next = (after..own.len()).find_map(|i| own[i].clone().map(|doc| (i, doc)));
        let names = state.curation.annotators.clone();
        let shown = next.map(|(annotator, doc)| {
            let mut slot = self.make_slot(article, Ok(doc));
            let who = &names[annotator];
            slot.read_only = Some(format!("{who}'s own spans; o: next view"));
            Shown {
                article,
                annotator,
                slot,
            }
        });
        let message = match &shown {
            Some(s) => format!(
                "showing {}'s spans (read-only); o: next view",
                names[s.annotator]
            ),
            None => "the curator's view".to_string(),
        };
        if let Some(state) = self.curation.as_mut() {
            state.shown = shown;
        }
        Outcome::say(message)
    }

    /// `D`: the list by disagreements, most first; again: in the order read.
    pub fn sort_by_disagreements(&mut self) -> Outcome {
        let Some(state) = self.curation.as_mut() else {
            return Outcome::say("only `tanba curate` counts disagreements");
        };
        state.by_disagreements = !state.by_disagreements;
        Outcome::say(if state.by_disagreements {
            "articles by disagreements, most first"
        } else {
            "articles in the order read"
        })
    }

    /// How many spans of article `i` not every annotator has, when curating.
    pub fn disagreements_of(&self, i: usize) -> Option<usize> {
        self.curation
            .as_ref()
            .map(|c| c.counts.get(&i).copied().unwrap_or(0))
    }

    /// Orders `articles` by disagreements when the curator asked for it (stable).
    pub(crate) fn curation_order(&self, articles: &mut [usize]) {
        if let Some(c) = self.curation.as_ref().filter(|c| c.by_disagreements) {
            let count = |i: &usize| c.counts.get(i).copied().unwrap_or(0);
            articles.sort_by_key(|i| std::cmp::Reverse(count(i)));
        }
    }

    /// `¹²` after the tag of a span of `article` not every annotator has, in the
    /// curator's view.
    pub fn curation_marks(&self, article: usize, span: &Span) -> String {
        let Some(c) = self.curation.as_ref() else {
            return String::new();
        };
        if self.showing(article).is_some() {
            return String::new();
        }
        let id = &self.corpus.articles[article].id;
        Curation::marks(c.curation.whose(id, span.start, span.end, &span.label))
    }

    /// `¹ aigerim  ² dana`, for the status bar.
    pub fn curation_legend(&self) -> Option<String> {
        self.curation.as_ref().map(|c| c.curation.legend())
    }

    /// Edits go to the curator's document only, never while another's spans are shown.
    pub(crate) fn refuse_edit_while_showing(&self, article: usize) -> Option<Outcome> {
        let who = self.showing(article)?;
        Some(Outcome::fail(format!(
            "showing {who}'s spans, not changed: o returns to yours"
        )))
    }
}

/// The curator's documents: their file when there is one, else the draft.
pub struct CurationStore {
    pub inner: WorkspaceStore,
    pub curation: Arc<Curation>,
}

impl CurationStore {
    /// What `load` gives, for a loader on another thread too.
    pub fn loader(
        inner: &WorkspaceStore,
        curation: &Arc<Curation>,
    ) -> impl Fn(&Article) -> Result<DocAnnotations, String> + Send + 'static {
        let (workspace, who, curation) = (
            inner.workspace.clone(),
            inner.annotator.clone(),
            Arc::clone(curation),
        );
        move |article| {
            let draft = curation.get(&article.id).map(|c| &c.draft);
            match draft {
                Some(draft) if !workspace.doc_path(&who, &article.id).exists() => Ok(draft.clone()),
                _ => workspace
                    .load_doc(&who, article)
                    .map(|l| l.doc)
                    .map_err(|e| e.to_string()),
            }
        }
    }
}

impl DocStore for CurationStore {
    fn load(&self, article: &Article) -> Result<DocAnnotations, String> {
        Self::loader(&self.inner, &self.curation)(article)
    }

    fn save(&self, doc: &DocAnnotations) {
        self.inner.save(doc);
    }

    fn flush(&self, timeout: std::time::Duration) -> bool {
        self.inner.flush(timeout)
    }
}
