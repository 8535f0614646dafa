//! The team's files as the annotator sees them: every annotator's documents, read in the
//! background for the dashboard and again on `reload`, and the dashboard's figures made
//! from them with the session's own documents.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Desk, Kept, Outcome};
use crate::annotation::{DocAnnotations, Timestamp};
use crate::dashboard::{Dashboard, Input};
use crate::store::DocKey;

/// Every annotator's documents, as read from disk.
pub type TeamDocs = BTreeMap<DocKey, DocAnnotations>;

/// Where the team's documents come from: the workspace (on a thread) in the program.
pub trait TeamSource {
    /// Starts reading every annotator's documents; they arrive as `Desk::team_loaded`.
    fn request(&self);
}

/// What the desk knows of the team.
pub struct TeamState {
    pub(crate) source: Option<Box<dyn TeamSource>>,
    /// The documents last read, with the figures made from them and the session's own.
    pub docs: Option<Arc<TeamDocs>>,
    pub figures: Option<Dashboard>,
    /// A read is under way.
    pub loading: bool,
    /// The workspace changed on disk since the last read.
    pub changed_on_disk: bool,
    /// Reading again after `reload`: others' documents go to the search filters too.
    reloading: bool,
    /// The dashboard's clock (tests fix it).
    pub clock: fn() -> Timestamp,
}

impl Default for TeamState {
    fn default() -> Self {
        TeamState {
            source: None,
            docs: None,
            figures: None,
            loading: false,
            changed_on_disk: false,
            reloading: false,
            clock: crate::annotation::now,
        }
    }
}

impl Desk {
    pub fn attach_team(&mut self, source: Box<dyn TeamSource>) {
        self.team.source = Some(source);
    }

    fn request_team(&mut self) {
        if let Some(source) = &self.team.source {
            source.request();
            self.team.loading = true;
        }
    }

    /// The dashboard is opening: the team's files are read the first time, the figures
    /// made from what is there.
    pub fn prepare_dashboard(&mut self) {
        if self.team.docs.is_none() && !self.team.loading {
            self.request_team();
        }
        self.refresh_figures();
    }

    /// `R`: reads every annotator's files again (what a sync brought).
    pub fn reload(&mut self) -> Outcome {
        if self.team.source.is_none() {
            return Outcome::say("nothing to reload: no workspace");
        }
        self.team.reloading = true;
        self.request_team();
        Outcome::say("reading the team's files…")
    }

    /// The team's documents arrived (or could not be read).
    pub fn team_loaded(&mut self, result: Result<TeamDocs, String>) -> Outcome {
        self.team.loading = false;
        let docs = match result {
            Ok(docs) => docs,
            Err(e) => return Outcome::fail(format!("the team's files could not be read: {e}")),
        };
        let mut outcome = Outcome::quiet();
        if std::mem::take(&mut self.team.reloading) {
            self.team.changed_on_disk = false;
            let others: Vec<_> = docs
                .keys()
                .filter(|k| k.annotator != self.annotator)
                .collect();
            let annotators: std::collections::BTreeSet<&str> =
                others.iter().map(|k| k.annotator.as_str()).collect();
            if let Some(search) = &self.search.service {
                docs.values()
                    .filter(|d| d.annotator != self.annotator)
                    .for_each(|d| search.update_doc(d));
            }
            outcome = Outcome::say(format!(
                "reloaded: {} of {}",
                crate::text::count(others.len(), "file", "files"),
                crate::text::count(annotators.len(), "other annotator", "other annotators")
            ));
        }
        self.team.docs = Some(Arc::new(docs));
        self.refresh_figures();
        outcome
    }

    /// The figures from the team's files, with the session's own documents as they are
    /// in memory (newer than the disk while saves are queued). Borrowed, never copied.
    pub fn refresh_figures(&mut self) {
        let disk = self.team.docs.clone();
        // a document with no log is untouched: a fresh one, or the file on disk; one
        // holding only suggestions made on opening is the file on disk (or none) too
        let mine: Vec<(DocKey, &DocAnnotations)> = self
            .docs
            .iter()
            .flatten()
            .filter(|slot| slot.kept != Kept::InMemory)
            .map(|slot| &slot.doc)
            .filter(|d| !d.log.is_empty())
            .map(|d| (self.key(&d.article), d))
            .collect();
        let edited: std::collections::HashSet<&str> =
            mine.iter().map(|(k, _)| k.article.as_str()).collect();
        let mut docs: Vec<(&DocKey, &DocAnnotations)> = disk
            .iter()
            .flat_map(|d| d.iter())
            .filter(|(k, _)| k.annotator != self.annotator || !edited.contains(k.article.as_str()))
            .collect();
        docs.extend(mine.iter().map(|(k, d)| (k, *d)));
        docs.sort_by(|a, b| a.0.cmp(b.0));
        let input = Input {
            articles: &self.corpus.articles,
            labels: &self.labels,
            docs: &docs,
            me: Some(&self.annotator),
            now: (self.team.clock)(),
        };
        let mut figures = Dashboard::compute(&input);
        if let Some(a) = &self.assigned {
            figures.count_assigned(&input, &a.assignment, a.stale_after_days);
        }
        self.team.figures = Some(figures);
    }

    fn key(&self, article: &str) -> DocKey {
        DocKey {
            annotator: self.annotator.clone(),
            article: article.to_string(),
        }
    }
}
