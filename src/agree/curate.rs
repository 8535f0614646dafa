//! What the curator works from: per article, who has each span that not everyone has,
//! the count of such spans, each annotator's own document, and the curator's first draft.

use std::collections::{BTreeMap, HashMap};

use super::figures::disagreement_count;
use super::merge::{MinAgree, merge_doc, tally};
use super::{Mark, Sheet};
use crate::annotation::DocAnnotations;
use crate::store::DocKey;

/// One article as the curator sees it before settling anything.
#[derive(Debug, Clone)]
pub struct Curated {
    pub disagreements: usize,
    /// Spans not every annotator with a file has, with who has them.
    whose: HashMap<Mark, Vec<usize>>,
    /// Each annotator's own document (None: no file), in the curation's order.
    pub own: Vec<Option<DocAnnotations>>,
    /// The curator's draft: what all agree on accepted, every other span pending.
    pub draft: DocAnnotations,
}

#[derive(Debug, Clone, Default)]
pub struct Curation {
    pub annotators: Vec<String>,
    articles: HashMap<String, Curated>,
}

impl Curation {
    /// Every article of the sheet; `docs` are the annotators' documents the sheet was made from.
    pub fn new(sheet: &Sheet, docs: &BTreeMap<DocKey, DocAnnotations>, curator: &str) -> Curation {
        let articles = sheet
            .articles
            .iter()
            .map(|article| {
                let files = article.file_count();
                let whose = tally(article)
                    .into_iter()
                    .filter(|t| t.by.len() < files)
                    .map(|t| (t.mark, t.by))
                    .collect();
                let own = sheet
                    .annotators
                    .iter()
                    .map(|who| {
                        let key = DocKey {
                            annotator: who.clone(),
                            article: article.id.clone(),
                        };
                        docs.get(&key).cloned()
                    })
                    .collect();
                let curated = Curated {
                    disagreements: disagreement_count(article),
                    whose,
                    own,
                    draft: merge_doc(article, &sheet.annotators, curator, MinAgree::Everyone),
                };
                (article.id.clone(), curated)
            })
            .collect();
        Curation {
            annotators: sheet.annotators.clone(),
            articles,
        }
    }

    pub fn get(&self, article: &str) -> Option<&Curated> {
        self.articles.get(article)
    }

    pub fn contains(&self, article: &str) -> bool {
        self.articles.contains_key(article)
    }

    pub fn disagreements(&self, article: &str) -> usize {
        self.get(article).map_or(0, |c| c.disagreements)
    }

    /// Who has the span `(start, end, label)` when not everyone does (indices into
    /// `annotators`); empty when all agree on it or nobody had it.
    pub fn whose(&self, article: &str, start: usize, end: usize, label: &str) -> &[usize] {
        let mark = Mark::new(start, end, label);
        self.get(article)
            .and_then(|c| c.whose.get(&mark))
            .map_or(&[], Vec::as_slice)
    }

    /// `¹ aigerim  ² dana`: what the marks after the tags mean.
    pub fn legend(&self) -> String {
        let parts: Vec<String> = self
            .annotators
            .iter()
            .enumerate()
            .map(|(i, who)| format!("{} {who}", superscript(i + 1)))
            .collect();
        parts.join("  ")
    }

    /// The marks for annotators `by` (0-based), e.g. `¹³`.
    pub fn marks(by: &[usize]) -> String {
        by.iter().map(|&i| superscript(i + 1)).collect()
    }
}

/// `n` in superscript digits (`12` -> `¹²`).
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}
