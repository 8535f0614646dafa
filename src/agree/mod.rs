//! Agreement between annotators and merging their work into one set (no terminal).
//!
//! A [`Sheet`] holds, for each article, every chosen annotator's accepted spans (or
//! nothing, when that annotator has no file for it). The figures ([`Report`]) and the
//! merge ([`merge_doc`]) are pure functions over it; [`load`] reads the files.

mod curate;
mod doc_labels;
mod figures;
mod links;
mod merge;
mod relations;
mod units;
mod update;

#[cfg(test)]
mod curate_tests;
#[cfg(test)]
mod figures_tests;
#[cfg(test)]
mod merge_tests;

pub use curate::{Curated, Curation, superscript};
pub use doc_labels::{DocLabelFigures, doc_label_agreement};
pub use figures::{Disagreement, LabelFigures, NotApplicable, PairFigures, Report, shown, span_f1};
pub use links::{Carried, LinkFigures, carry_links, link_agreement};
pub use merge::{MinAgree, Tallied, merge_doc, tally};
pub use relations::{RelationFigures, relation_agreement};
pub use units::{Categories, categories};
pub use update::{Updated, update_doc};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::corpus::{Article, Corpus};
use crate::store::DocKey;

/// A span as agreement sees it: two annotators' spans match when these three are equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl Mark {
    pub fn new(start: usize, end: usize, label: &str) -> Mark {
        Mark {
            start,
            end,
            label: label.to_string(),
        }
    }
}

/// Which files and spans take part: `None` means no restriction.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub statuses: Option<Vec<DocStatus>>,
    pub labels: Option<BTreeSet<String>>,
}

impl Filter {
    /// The document's accepted spans of the chosen labels, sorted, each once.
    fn marks(&self, doc: &DocAnnotations) -> Vec<Mark> {
        let mut marks: Vec<Mark> = doc
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Accepted)
            .filter(|s| self.labels.as_ref().is_none_or(|l| l.contains(&s.label)))
            .map(|s| Mark::new(s.start, s.end, &s.label))
            .collect();
        marks.sort();
        marks.dedup();
        marks
    }
}

/// Whether a file is its annotator's work on the article: a `todo` file with no span
/// accepted (an article opened and left, its suggestions unreviewed, or every edit undone)
/// decides nothing, so it is not compared unless `--status todo` asks for it.
fn started(doc: &DocAnnotations) -> bool {
    doc.status != DocStatus::Todo || doc.spans.iter().any(|s| s.state == SpanState::Accepted)
}

/// One article with each chosen annotator's accepted spans, in the sheet's annotator order.
#[derive(Debug, Clone)]
pub struct SheetArticle<'a> {
    pub id: String,
    pub text: &'a str,
    /// `None`: that annotator has no file for the article (or it was filtered out).
    pub files: Vec<Option<Vec<Mark>>>,
}

impl SheetArticle<'_> {
    /// How many of the chosen annotators have a file for this article.
    pub fn file_count(&self) -> usize {
        self.files.iter().filter(|f| f.is_some()).count()
    }
}

/// The chosen annotators and every article at least one of them has a file for.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    pub annotators: Vec<String>,
    pub articles: Vec<SheetArticle<'a>>,
}

impl<'a> Sheet<'a> {
    /// Builds the sheet from loaded documents (keys as `Workspace::load_all` gives them),
    /// keeping only accepted spans, files in the chosen statuses and the chosen labels.
    pub fn new(
        corpus: &'a Corpus,
        docs: &BTreeMap<DocKey, DocAnnotations>,
        annotators: &[String],
        filter: &Filter,
    ) -> Sheet<'a> {
        Sheet::of(&corpus.articles, docs.iter(), annotators, filter)
    }

    /// `new` over borrowed documents in any order, as the dashboard holds them: the one
    /// way the figures of `agree`, `stats` and the dashboard get their spans.
    pub fn of<'d>(
        articles: &'a [Article],
        docs: impl IntoIterator<Item = (&'d DocKey, &'d DocAnnotations)>,
        annotators: &[String],
        filter: &Filter,
    ) -> Sheet<'a> {
        let slot: HashMap<&str, usize> = annotators
            .iter()
            .enumerate()
            .map(|(i, who)| (who.as_str(), i))
            .collect();
        let mut files: HashMap<&str, Vec<Option<Vec<Mark>>>> = HashMap::new();
        for (key, doc) in docs {
            let Some(&i) = slot.get(key.annotator.as_str()) else {
                continue;
            };
            if filter
                .statuses
                .as_ref()
                .is_some_and(|s| !s.contains(&doc.status))
            {
                continue;
            }
            let marks = filter.marks(doc);
            if filter.statuses.is_none() && !started(doc) {
                continue;
            }
            let row = files
                .entry(key.article.as_str())
                .or_insert_with(|| vec![None; annotators.len()]);
            row[i] = Some(marks);
        }
        let articles = articles
            .iter()
            .filter_map(|article| {
                let files = files.remove(article.id.as_str())?;
                Some(SheetArticle {
                    id: article.id.clone(),
                    text: &article.text,
                    files,
                })
            })
            .collect();
        Sheet {
            annotators: annotators.to_vec(),
            articles,
        }
    }

    /// Articles two or more of the chosen annotators have a file for: what is compared.
    pub fn shared(&self) -> impl Iterator<Item = &SheetArticle<'a>> {
        self.articles.iter().filter(|a| a.file_count() >= 2)
    }
}
