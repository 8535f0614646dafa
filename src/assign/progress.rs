//! Where each annotator is with what was assigned to them: the table `tanba assign`
//! prints, the order `tanba queue` gives.

use std::collections::HashMap;

use super::Assignment;
use crate::annotation::DocStatus;
use crate::corpus::Corpus;
use crate::store::{StoreError, Workspace};

/// Each (annotator, article) that has a file, with its status.
#[derive(Debug, Default)]
pub struct Statuses(HashMap<(String, String), DocStatus>);

impl Statuses {
    /// The statuses of `annotators`' files for the articles of `corpus`, with the files
    /// that could not be read (counted as not started: they are left alone anyway).
    pub fn read(
        ws: &Workspace,
        corpus: &Corpus,
        annotators: &[String],
    ) -> (Statuses, Vec<StoreError>) {
        let (docs, errors) = ws.load_annotators(corpus, annotators);
        let map = docs
            .into_iter()
            .map(|(key, doc)| ((key.annotator, key.article), doc.status))
            .collect();
        (Statuses(map), errors)
    }

    /// The status of `annotator`'s file for `article`: todo when there is none.
    pub fn get(&self, annotator: &str, article: &str) -> DocStatus {
        // a tuple of owned strings is the key; the lookup builds one
        let key = (annotator.to_string(), article.to_string());
        self.0.get(&key).copied().unwrap_or_default()
    }

    /// Whether `annotator` has started `article` (any status but todo).
    pub fn started(&self, annotator: &str, article: &str) -> bool {
        self.get(annotator, article) != DocStatus::Todo
    }

    pub fn set(&mut self, annotator: &str, article: &str, status: DocStatus) {
        self.0
            .insert((annotator.to_string(), article.to_string()), status);
    }
}

/// One row of the table: an annotator's assigned articles by where they are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub annotator: String,
    pub assigned: usize,
    pub done: usize,
    pub in_progress: usize,
    /// Assigned and neither done nor skipped.
    pub left: usize,
}

impl Assignment {
    /// A row per annotator holding work (`loads` order).
    pub fn progress(&self, statuses: &Statuses) -> Vec<Progress> {
        self.loads()
            .into_iter()
            .map(|load| {
                let mut row = Progress {
                    annotator: load.annotator,
                    assigned: load.assigned,
                    done: 0,
                    in_progress: 0,
                    left: 0,
                };
                for article in self.of(&row.annotator) {
                    match statuses.get(&row.annotator, article.id()) {
                        DocStatus::Done => row.done += 1,
                        DocStatus::Skipped => {}
                        DocStatus::InProgress => {
                            row.in_progress += 1;
                            row.left += 1;
                        }
                        _ => row.left += 1,
                    }
                }
                row
            })
            .collect()
    }

    /// `annotator`'s work in the order to take it: assigned and neither done nor
    /// skipped, those in progress first, then the assignment's order.
    pub fn queue<'a>(&'a self, annotator: &str, statuses: &Statuses) -> Vec<(&'a str, DocStatus)> {
        let mut queue: Vec<(&str, DocStatus)> = self
            .articles
            .iter()
            .filter(|a| a.has(annotator))
            .map(|a| (a.id(), statuses.get(annotator, a.id())))
            .filter(|(_, s)| !matches!(s, DocStatus::Done | DocStatus::Skipped))
            .collect();
        // a stable sort: in progress first, the assignment's order kept within each
        queue.sort_by_key(|(_, s)| *s != DocStatus::InProgress);
        queue
    }
}
