//! What filters need to know about annotations: per article, each annotator's status and
//! spans, and the article's imported pre-annotations. The CLI builds it from
//! `Workspace::load_all`; the TUI from what it has loaded, updating it after each edit.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

use super::fold::{Folded, char_mask, compact_mask, fold_into, skeleton_of_fold};
use super::index::Arena;
use super::query::{Filter, Query, QueryError};
use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::corpus::Article;
use crate::store::DocKey;
use crate::text::Cursor;

/// Articles per unit of parallel work while reading pre-annotations.
const CHUNK: usize = 4096;

#[derive(Debug, Clone, Default)]
pub struct Facts {
    articles: Vec<ArticleFacts>,
    /// The pre-annotations, in the parts they were read in (joined, they would take
    /// twice their room while being copied).
    imported: Vec<Imported>,
    /// The number of the first span of each part.
    part_starts: Vec<u32>,
    /// The articles' ids, and their numbers in id order: found by binary search, in a
    /// tenth of a map's room.
    ids: Arena,
    by_id: Vec<u32>,
    me: Option<String>,
    /// The workspace's annotators, with a document or not (`by:` knows them all).
    annotators: Vec<String>,
    /// Stands in while the documents are read: `by:` cannot be judged yet.
    loading: bool,
}

#[derive(Debug, Clone, Default)]
struct ArticleFacts {
    docs: Vec<DocFacts>,
    /// The article's pre-annotations: these spans of `Facts::imported`.
    imported: Range<u32>,
}

#[derive(Debug, Clone)]
struct DocFacts {
    annotator: String,
    status: DocStatus,
    spans: Vec<SpanFact>,
}

#[derive(Debug, Clone)]
struct SpanFact {
    label: String,
    text: Folded,
}

/// Every article's pre-annotations in one table, as a corpus may hold millions: span
/// `i` has the label `names[labels[i]]` and the forms `folds[i]`, `skeletons[i]`.
#[derive(Debug, Clone, Default)]
struct Imported {
    names: Vec<String>,
    labels: Vec<u16>,
    folds: Arena,
    skeletons: Arena,
}

impl Imported {
    fn push(&mut self, label: &str, text: &str, fold: &mut String, skeleton: &mut String) {
        let id = match self.names.iter().position(|n| n == label) {
            Some(id) => id,
            None => {
                self.names.push(label.to_string());
                self.names.len() - 1
            }
        };
        fold.clear();
        fold_into(text, fold);
        skeleton_of_fold(fold, skeleton);
        self.labels.push(id as u16);
        self.folds.push(fold);
        self.skeletons.push(skeleton);
    }

    fn span(&self, i: u32) -> Span<'_> {
        let i = i as usize;
        Span {
            label: self
                .names
                .get(self.labels[i] as usize)
                .map_or("", String::as_str),
            fold: self.folds.get(i),
            skeleton: self.skeletons.get(i),
        }
    }

    /// The pre-annotations of `articles`, and how many each has.
    fn read(articles: &[Article]) -> (Imported, Vec<u32>) {
        let mut table = Imported::default();
        let mut counts = Vec::with_capacity(articles.len());
        let (mut fold, mut skeleton) = (String::new(), String::new());
        for a in articles {
            let before = table.labels.len();
            if !a.imported.is_empty() {
                let mut cursor = Cursor::new(&a.text);
                for s in &a.imported {
                    if let Some(text) = cursor.slice(s.start, s.end) {
                        table.push(&s.label, text, &mut fold, &mut skeleton);
                    }
                }
            }
            counts.push((table.labels.len() - before) as u32);
        }
        (table, counts)
    }
}

/// One span as a filter sees it.
struct Span<'a> {
    label: &'a str,
    fold: &'a str,
    skeleton: &'a str,
}

impl SpanFact {
    fn view(&self) -> Span<'_> {
        Span {
            label: &self.label,
            fold: &self.text.fold,
            skeleton: &self.text.skeleton,
        }
    }
}

impl Facts {
    /// Facts from the articles alone: their imported pre-annotations, no documents.
    pub fn from_articles(articles: &[Article]) -> Facts {
        let parts: Vec<(Imported, Vec<u32>)> =
            articles.par_chunks(CHUNK).map(Imported::read).collect();
        let mut imported = Vec::with_capacity(parts.len());
        let mut part_starts = Vec::with_capacity(parts.len());
        let mut facts = Vec::with_capacity(articles.len());
        let mut at = 0u32;
        for (part, counts) in parts {
            part_starts.push(at);
            imported.push(part);
            for n in counts {
                facts.push(ArticleFacts {
                    docs: Vec::new(),
                    imported: at..at + n,
                });
                at += n;
            }
        }
        let mut ids = Arena::default();
        articles.iter().for_each(|a| ids.push(&a.id));
        let mut by_id: Vec<u32> = (0..articles.len() as u32).collect();
        by_id.par_sort_unstable_by(|&a, &b| ids.get(a as usize).cmp(ids.get(b as usize)));
        Facts {
            articles: facts,
            imported,
            part_starts,
            ids,
            by_id,
            me: None,
            annotators: Vec::new(),
            loading: false,
        }
    }

    /// Facts from the articles and every annotator's documents (`Workspace::load_all`).
    pub fn new(articles: &[Article], docs: &BTreeMap<DocKey, DocAnnotations>) -> Facts {
        let mut facts = Facts::from_articles(articles);
        for doc in docs.values() {
            facts.set_doc(doc);
        }
        facts
    }

    /// Makes `status:` mean this annotator's status unless the query names others with `by:`.
    pub fn with_annotator(mut self, me: &str) -> Facts {
        self.me = Some(me.to_string());
        self
    }

    /// The workspace's annotators (`Workspace::annotators`): a folder with no document yet
    /// is still someone `by:` may name.
    pub fn with_annotators(mut self, names: Vec<String>) -> Facts {
        self.annotators = names;
        self
    }

    /// What stands in while the facts are read: no documents, and `by:` not judged.
    pub fn loading() -> Facts {
        Facts {
            loading: true,
            ..Facts::default()
        }
    }

    /// Records (or replaces) one annotator's document. False if the article is unknown.
    pub fn set_doc(&mut self, doc: &DocAnnotations) -> bool {
        let found = self
            .by_id
            .binary_search_by(|&a| self.ids.get(a as usize).cmp(doc.article.as_str()));
        let Ok(k) = found else {
            return false;
        };
        let i = self.by_id[k] as usize;
        let facts = DocFacts {
            annotator: doc.annotator.clone(),
            status: doc.status,
            spans: doc
                .spans
                .iter()
                .filter(|s| s.state != SpanState::Rejected)
                .map(|s| SpanFact {
                    label: s.label.clone(),
                    text: Folded::new(&s.text),
                })
                .collect(),
        };
        let docs = &mut self.articles[i].docs;
        match docs.iter_mut().find(|d| d.annotator == doc.annotator) {
            Some(d) => *d = facts,
            None => docs.push(facts),
        }
        true
    }

    /// The spans that count for an article: those of the documents in scope (`by`, or
    /// everyone's), or its pre-annotations when nobody has a document for it yet.
    fn spans<'a>(
        &'a self,
        article: usize,
        by: &'a [&str],
    ) -> Box<dyn Iterator<Item = Span<'a>> + 'a> {
        let Some(facts) = self.articles.get(article) else {
            return Box::new(std::iter::empty());
        };
        if by.is_empty() && facts.docs.is_empty() {
            return Box::new(facts.imported.clone().map(|i| self.imported_span(i)));
        }
        Box::new(
            facts
                .docs
                .iter()
                .filter(move |d| by.is_empty() || by.iter().any(|b| same_name(b, &d.annotator)))
                .flat_map(|d| d.spans.iter().map(SpanFact::view)),
        )
    }

    fn imported_span(&self, i: u32) -> Span<'_> {
        let part = self.part_starts.partition_point(|&start| start <= i) - 1;
        self.imported[part].span(i - self.part_starts[part])
    }

    fn has_status(&self, article: usize, status: DocStatus, by: &[&str]) -> bool {
        let docs = self.articles.get(article).map_or(&[][..], |f| &f.docs[..]);
        let scope: Vec<&str> = match (by.is_empty(), &self.me) {
            (false, _) => by.to_vec(),
            (true, Some(me)) => vec![me.as_str()],
            (true, None) => {
                return if docs.is_empty() {
                    status == DocStatus::Todo
                } else {
                    docs.iter().any(|d| d.status == status)
                };
            }
        };
        scope.iter().any(|who| {
            docs.iter()
                .find(|d| same_name(who, &d.annotator))
                .map_or(DocStatus::Todo, |d| d.status)
                == status
        })
    }

    /// Every `by:` of the query names an annotator of the workspace, one with a document or
    /// the one searching. While the documents are read, a `by:` waits for them.
    pub fn check_annotators(&self, query: &Query) -> Result<(), QueryError> {
        if self.loading && !query.by().is_empty() {
            return Err(QueryError::AnnotatorsLoading);
        }
        if self.articles.is_empty() {
            return Ok(());
        }
        let mut known: Vec<&str> = self
            .articles
            .iter()
            .flat_map(|a| a.docs.iter().map(|d| d.annotator.as_str()))
            .chain(self.annotators.iter().map(String::as_str))
            .chain(self.me.as_deref())
            .collect();
        known.sort_unstable();
        known.dedup();
        match query
            .by()
            .into_iter()
            .find(|name| !known.iter().any(|k| same_name(name, k)))
        {
            None => Ok(()),
            Some(name) => Err(QueryError::UnknownAnnotator {
                name: name.to_string(),
                annotators: if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                },
            }),
        }
    }

    /// Whether `article` passes `filter`, with the entity match's score (0 for the others).
    /// `by` are the annotators the query names (`Query::by`).
    pub(super) fn check(&self, article: usize, filter: &Filter, by: &[&str]) -> Option<u32> {
        match filter {
            Filter::Label(label) => self
                .spans(article, by)
                .any(|s| s.label == label)
                .then_some(0),
            Filter::Status(status) => self.has_status(article, *status, by).then_some(0),
            Filter::By(name) => self
                .articles
                .get(article)?
                .docs
                .iter()
                .any(|d| same_name(name, &d.annotator))
                .then_some(0),
            Filter::Entity { label, pattern } => self
                .spans(article, by)
                .filter(|s| s.label == label)
                .filter_map(|s| {
                    let mask = |s: &str| compact_mask(char_mask(s));
                    pattern.score_parts(s.fold, mask(s.fold), s.skeleton, mask(s.skeleton))
                })
                .max()
                .map(|s| s.clamp(1, u32::MAX as i64) as u32),
        }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;
    use crate::search::Pattern;
    use crate::store::testing::with_imported;

    fn article(i: usize, text: &str, spans: &[(usize, usize, &str)]) -> Article {
        let a = Article::from_text(i.to_string(), text, SourceRef::new("t.jsonl", i + 1));
        with_imported(a, spans)
    }

    #[test]
    fn pre_annotations_read_in_parallel_chunks_keep_their_labels_and_texts() {
        // labels first met in different chunks, so the chunks' label tables differ
        let articles: Vec<Article> = (0..CHUNK * 2 + 5)
            .map(|i| match i % 3 {
                0 => article(i, "Атырау облысы", &[(0, 6, "LOCATION")]),
                1 => article(i, "Ерлан Нұрланұлы", &[(0, 5, "PERSON"), (6, 15, "PERSON")]),
                _ => article(i, "жаңалық", &[]),
            })
            .collect();
        let facts = Facts::from_articles(&articles);
        let entity = |label: &str, word: &str| Filter::Entity {
            label: label.into(),
            pattern: Box::new(Pattern::new(word).unwrap()),
        };
        for (i, _) in articles.iter().enumerate() {
            let location = facts.check(i, &Filter::Label("LOCATION".into()), &[]);
            assert_eq!(location.is_some(), i % 3 == 0, "article {i}");
            let person = facts.check(i, &entity("PERSON", "нурланулы"), &[]);
            assert_eq!(person.is_some(), i % 3 == 1, "article {i}");
            assert!(facts.check(i, &entity("LOCATION", "Atyrau"), &[]).is_some() == (i % 3 == 0));
        }
    }
}
