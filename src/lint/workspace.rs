//! Lint over a workspace's files: each annotator's documents read with the workspace's
//! own loader, linted against their own work.

use std::collections::{BTreeMap, HashMap};

use super::{Doc, Finding, Options, lint, sort};
use crate::annotation::{DocAnnotations, DocStatus, LabelSet};
use crate::corpus::Corpus;
use crate::store::{DocKey, StoreError, Workspace};

/// Which documents to read.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Whose work (every annotator with a folder when empty).
    pub annotators: Vec<String>,
    /// Only documents with these statuses (all when empty).
    pub statuses: Vec<DocStatus>,
}

/// What lint read and found.
pub struct Report {
    pub findings: Vec<Finding>,
    /// The documents read, by annotator and article.
    pub docs: BTreeMap<DocKey, DocAnnotations>,
    /// Files that could not be read (left out).
    pub problems: Vec<StoreError>,
}

/// Lints the chosen annotators' documents, each annotator against their own work.
pub fn lint_workspace(
    workspace: &Workspace,
    corpus: &Corpus,
    scope: &Scope,
    options: &Options,
) -> Report {
    let annotators = if scope.annotators.is_empty() {
        workspace.annotators()
    } else {
        scope.annotators.clone()
    };
    let (docs, problems) = workspace.load_annotators(corpus, &annotators);
    let labels = &workspace.settings.labels;
    let mut findings = lint_docs(corpus, &docs, labels, (scope, options));
    sort(&mut findings);
    Report {
        findings,
        docs,
        problems,
    }
}

/// Lints documents already read, annotator by annotator.
pub fn lint_docs(
    corpus: &Corpus,
    docs: &BTreeMap<DocKey, DocAnnotations>,
    labels: &LabelSet,
    (scope, options): (&Scope, &Options),
) -> Vec<Finding> {
    let order: HashMap<&str, usize> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut by_annotator: BTreeMap<&str, Vec<Doc>> = BTreeMap::new();
    for (key, doc) in docs {
        let Some(&i) = order.get(key.article.as_str()) else {
            continue;
        };
        if !scope.statuses.is_empty() && !scope.statuses.contains(&doc.status) {
            continue;
        }
        by_annotator.entry(&key.annotator).or_default().push(Doc {
            order: i,
            text: &corpus.articles[i].text,
            doc,
            search: doc.status == DocStatus::Done,
        });
    }
    by_annotator
        .values()
        .flat_map(|docs| lint(docs, labels, options))
        .collect()
}
