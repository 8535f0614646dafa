//! What filters need to know about annotations: per article, each annotator's status and
//! spans, and the article's imported pre-annotations. The CLI builds it from
//! `Workspace::load_all`; the TUI from what it has loaded, updating it after each edit.

use std::collections::{BTreeMap, HashMap};

use super::fold::Folded;
use super::query::Filter;
use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::corpus::Article;
use crate::store::DocKey;
use crate::text::CharIndex;

#[derive(Debug, Clone, Default)]
pub struct Facts {
    articles: Vec<ArticleFacts>,
    ids: HashMap<String, usize>,
    me: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct ArticleFacts {
    docs: Vec<DocFacts>,
    imported: Vec<SpanFact>,
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

impl Facts {
    /// Facts from the articles alone: their imported pre-annotations, no documents.
    pub fn from_articles(articles: &[Article]) -> Facts {
        let facts = articles
            .iter()
            .map(|a| {
                let index = CharIndex::new(&a.text);
                ArticleFacts {
                    docs: Vec::new(),
                    imported: a
                        .imported
                        .iter()
                        .filter_map(|s| {
                            Some(SpanFact {
                                label: s.label.clone(),
                                text: Folded::new(index.slice(&a.text, s.start, s.end)?),
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let ids = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Facts {
            articles: facts,
            ids,
            me: None,
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

    /// Records (or replaces) one annotator's document. False if the article is unknown.
    pub fn set_doc(&mut self, doc: &DocAnnotations) -> bool {
        let Some(&i) = self.ids.get(&doc.article) else {
            return false;
        };
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
    ) -> Box<dyn Iterator<Item = &'a SpanFact> + 'a> {
        let Some(facts) = self.articles.get(article) else {
            return Box::new(std::iter::empty());
        };
        if by.is_empty() && facts.docs.is_empty() {
            return Box::new(facts.imported.iter());
        }
        Box::new(
            facts
                .docs
                .iter()
                .filter(move |d| by.is_empty() || by.iter().any(|b| same_name(b, &d.annotator)))
                .flat_map(|d| d.spans.iter()),
        )
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

    /// Whether `article` passes `filter`, with the entity match's score (0 for the others).
    /// `by` are the annotators the query names (`Query::by`).
    pub(super) fn check(&self, article: usize, filter: &Filter, by: &[&str]) -> Option<u32> {
        match filter {
            Filter::Label(label) => self
                .spans(article, by)
                .any(|s| &s.label == label)
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
                .filter(|s| &s.label == label)
                .filter_map(|s| pattern.score(&s.text))
                .max()
                .map(|s| s.clamp(1, u32::MAX as i64) as u32),
        }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}
