use serde::{Deserialize, Serialize};

use super::history::Op;
use super::relation::{Relation, follow};
use super::span::{Span, SpanState, Timestamp, now};
use super::status::DocStatus;

/// One line of the audit trail: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub when: Timestamp,
    pub who: String,
    pub what: String,
}

/// One annotator's work on one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocAnnotations {
    pub article: String,
    pub annotator: String,
    /// Hash of the article text the offsets were counted on (see `text::text_hash`).
    pub text_hash: String,
    pub status: DocStatus,
    /// Sorted by (start, end, label); no two spans share that key.
    pub spans: Vec<Span>,
    /// Relations between this document's spans, by span identity; sorted, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// What the whole article is about (`tanba.ron`'s `doc_labels`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_labels: Vec<String>,
    #[serde(default)]
    pub log: Vec<LogEntry>,
}

impl DocAnnotations {
    pub fn new(article: &str, annotator: &str, text: &str) -> Self {
        DocAnnotations {
            article: article.to_string(),
            annotator: annotator.to_string(),
            text_hash: crate::text::text_hash(text),
            status: DocStatus::Todo,
            spans: Vec::new(),
            relations: Vec::new(),
            doc_labels: Vec::new(),
            log: Vec::new(),
        }
    }

    /// The status the article had when it was last flagged, as the audit log says
    /// (`status done -> flagged`): unflagging returns to it.
    pub fn status_before_flag(&self) -> Option<DocStatus> {
        let flagged = format!(" -> {}", DocStatus::Flagged);
        self.log
            .iter()
            .rev()
            .find_map(|e| {
                e.what
                    .strip_prefix("status ")?
                    .strip_suffix(flagged.as_str())
            })
            .and_then(DocStatus::parse)
            .filter(|s| *s != DocStatus::Flagged)
    }

    fn position(&self, span: &Span) -> Result<usize, usize> {
        self.spans.binary_search_by(|s| s.key().cmp(&span.key()))
    }

    /// Applies one operation and records it in the audit log, credited to `who` or to the
    /// suggestion's author (`Op::author`). Returns false (and changes nothing) when the
    /// operation does not fit the current state.
    pub fn apply(&mut self, op: &Op, who: &str) -> bool {
        let done = match op {
            Op::Add(span) => match self.position(span) {
                Ok(_) => false,
                Err(i) => {
                    self.spans.insert(i, span.clone());
                    true
                }
            },
            Op::Remove(span) => match self.position(span) {
                Ok(i) => {
                    self.spans.remove(i);
                    true
                }
                Err(_) => false,
            },
            Op::Replace { old, new } => match self.position(old) {
                Ok(i) if old.key() == new.key() => {
                    self.spans[i] = new.clone();
                    true
                }
                Ok(i) => {
                    if self.position(new).is_ok() {
                        false
                    } else {
                        self.spans.remove(i);
                        let j = self.position(new).unwrap_err();
                        self.spans.insert(j, new.clone());
                        // a relabelled span keeps its relations
                        follow(&mut self.relations, old, new);
                        self.sort_relations();
                        true
                    }
                }
                Err(_) => false,
            },
            Op::Status { old, new } => {
                if self.status == *old {
                    self.status = *new;
                    true
                } else {
                    false
                }
            }
            Op::AddRelation(r) => self.add_relation(r),
            Op::DocLabels { old, new } => {
                let fits = self.doc_labels == *old;
                if fits {
                    self.doc_labels.clone_from(new);
                }
                fits
            }
            Op::RemoveRelation(r) => match self.relation_position(r) {
                Ok(i) => {
                    self.relations.remove(i);
                    true
                }
                Err(_) => false,
            },
        };
        if done {
            self.log.push(LogEntry {
                when: now(),
                who: op.author(who).into_owned(),
                what: op.describe(),
            });
        }
        done
    }

    /// Puts spans and relations in canonical order and merges duplicates (used after
    /// loading).
    pub fn normalize(&mut self) {
        self.spans.sort_by(|a, b| a.key().cmp(&b.key()));
        self.spans.dedup_by(|b, a| a.key() == b.key());
        self.sort_relations();
    }

    fn sort_relations(&mut self) {
        self.relations.sort_by(|a, b| a.key().cmp(&b.key()));
        self.relations.dedup_by(|b, a| a.key() == b.key());
    }

    fn relation_position(&self, r: &Relation) -> Result<usize, usize> {
        self.relations.binary_search_by(|x| x.key().cmp(&r.key()))
    }

    /// Adds `r` if both its ends are spans of this document and it is not there yet.
    fn add_relation(&mut self, r: &Relation) -> bool {
        let has = |k: &super::relation::SpanKey| self.spans.iter().any(|s| k.is(s));
        if !has(&r.from) || !has(&r.to) {
            return false;
        }
        match self.relation_position(r) {
            Ok(_) => false,
            Err(i) => {
                self.relations.insert(i, r.clone());
                true
            }
        }
    }

    /// The relations with `span` at one end.
    pub fn relations_of<'a>(&'a self, span: &'a Span) -> impl Iterator<Item = &'a Relation> {
        self.relations.iter().filter(move |r| r.touches(span))
    }

    pub fn spans_at(&self, pos: usize) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(move |s| s.contains(pos))
    }

    pub fn pending(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(|s| s.state == SpanState::Pending)
    }

    /// Spans that count as annotations: everything not rejected.
    pub fn live_spans(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(|s| s.state != SpanState::Rejected)
    }

    pub fn is_sorted(&self) -> bool {
        self.spans.windows(2).all(|w| w[0].key() < w[1].key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Origin;

    fn span(text: &str, start: usize, end: usize, label: &str) -> Span {
        Span::cut(text, start, end, label, Origin::Manual, "ann").unwrap()
    }

    #[test]
    fn spans_stay_sorted_and_unique() {
        let text = "Атырау облысы әкімі Махамбет";
        let mut doc = DocAnnotations::new("a", "ann", text);
        assert!(doc.apply(&Op::Add(span(text, 20, 28, "PERSON")), "ann"));
        assert!(doc.apply(&Op::Add(span(text, 0, 6, "LOCATION")), "ann"));
        assert!(doc.apply(&Op::Add(span(text, 0, 13, "LOCATION")), "ann"));
        assert!(!doc.apply(&Op::Add(span(text, 0, 6, "LOCATION")), "ann"));
        let keys: Vec<_> = doc.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(keys, [(0, 6), (0, 13), (20, 28)]);
        assert_eq!(doc.spans[2].text, "Махамбет");
        assert_eq!(doc.spans_at(3).count(), 2);
        assert_eq!(doc.log.len(), 3);
    }

    #[test]
    fn relabel_moves_span_to_its_new_place() {
        let text = "Атырау облысы";
        let mut doc = DocAnnotations::new("a", "ann", text);
        let a = span(text, 0, 6, "PERSON");
        let b = span(text, 0, 6, "AGENCY");
        doc.apply(&Op::Add(a.clone()), "ann");
        doc.apply(&Op::Add(span(text, 0, 6, "DATE")), "ann");
        assert!(doc.apply(&Op::Replace { old: a, new: b }, "ann"));
        let labels: Vec<_> = doc.spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["AGENCY", "DATE"]);
        assert!(doc.is_sorted());
    }

    #[test]
    fn status_parses_short_forms() {
        assert_eq!(DocStatus::parse("progress"), Some(DocStatus::InProgress));
        assert_eq!(DocStatus::parse("DONE"), Some(DocStatus::Done));
        assert_eq!(DocStatus::parse("nope"), None);
    }

    #[test]
    fn a_suggestion_is_logged_as_its_authors_and_its_review_as_the_persons() {
        let text = "Атырау облысы";
        let mut doc = DocAnnotations::new("a", "bota", text);
        let model = Span::cut(
            text,
            0,
            6,
            "LOCATION",
            Origin::Model("spacy".into()),
            "bota",
        );
        let tanba = Span::cut(text, 7, 13, "LOCATION", Origin::Suggested, "bota");
        let (model, tanba) = (model.unwrap(), tanba.unwrap());
        assert!(doc.apply(&Op::Add(model.clone()), "bota"));
        assert!(doc.apply(&Op::Add(tanba.clone()), "bota"));
        let mut accepted = model.clone();
        accepted.state = SpanState::Accepted;
        assert!(doc.apply(
            &Op::Replace {
                old: model,
                new: accepted
            },
            "bota"
        ));
        assert!(doc.apply(&Op::Remove(tanba), "bota"));
        let who: Vec<&str> = doc.log.iter().map(|e| e.who.as_str()).collect();
        assert_eq!(who, ["model:spacy", "tanba", "bota", "bota"]);
        assert!(doc.log[0].what.starts_with("add LOCATION 0..6"));
    }
}
