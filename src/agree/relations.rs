//! Agreement on relations: per pair of annotators and relation label, over the articles
//! both have files for, a relation matches when its label and both ends (start, end and
//! label of each span) are the same. F1 as for spans: 2·matched / (a + b).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::figures::span_f1;
use crate::annotation::{DocAnnotations, Relation, SpanState};
use crate::store::DocKey;

/// One pair's figures for one relation label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationFigures {
    pub a: String,
    pub b: String,
    pub label: String,
    pub relations_a: usize,
    pub relations_b: usize,
    pub matched: usize,
    /// None when neither made a relation of this label.
    pub f1: Option<f64>,
}

/// The relations that count: those whose ends are both live (not rejected) spans.
fn live(doc: &DocAnnotations) -> impl Iterator<Item = &Relation> {
    let alive = |k: &crate::annotation::SpanKey| {
        doc.spans
            .iter()
            .any(|s| k.is(s) && s.state != SpanState::Rejected)
    };
    doc.relations
        .iter()
        .filter(move |r| alive(&r.from) && alive(&r.to))
}

/// `who`'s documents by article id.
pub(super) fn by_article<'d>(
    docs: &'d BTreeMap<DocKey, DocAnnotations>,
    who: &str,
) -> BTreeMap<&'d str, &'d DocAnnotations> {
    docs.iter()
        .filter(|(k, _)| k.annotator == who)
        .map(|(k, d)| (k.article.as_str(), d))
        .collect()
}

/// Figures per pair (in `annotators`' order) and relation label; empty when no file
/// holds a relation.
pub fn relation_agreement(
    docs: &BTreeMap<DocKey, DocAnnotations>,
    annotators: &[String],
) -> Vec<RelationFigures> {
    if docs.values().all(|d| d.relations.is_empty()) {
        return Vec::new();
    }
    let of = |who: &str| by_article(docs, who);
    let mut out = Vec::new();
    for (i, a) in annotators.iter().enumerate() {
        for b in &annotators[i + 1..] {
            let (da, db) = (of(a), of(b));
            let mut tally: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
            for (article, x) in &da {
                let Some(y) = db.get(article) else { continue };
                let theirs: BTreeSet<_> = live(y).map(Relation::key).collect();
                for r in live(x) {
                    let t = tally.entry(r.label.as_str()).or_default();
                    t[0] += 1;
                    t[2] += usize::from(theirs.contains(&r.key()));
                }
                for r in live(y) {
                    tally.entry(r.label.as_str()).or_default()[1] += 1;
                }
            }
            out.extend(
                tally
                    .into_iter()
                    .map(|(label, [na, nb, m])| RelationFigures {
                        a: a.clone(),
                        b: b.clone(),
                        label: label.to_string(),
                        relations_a: na,
                        relations_b: nb,
                        matched: m,
                        f1: span_f1(m, na, nb),
                    }),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Op, Origin, Span, SpanKey, now};

    const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.";

    fn doc(who: &str, relations: &[(&str, usize, usize)]) -> DocAnnotations {
        let mut doc = DocAnnotations::new("a", who, TEXT);
        let spans = [(0, 16, "PERSON"), (17, 23, "LOCATION"), (17, 33, "AGENCY")];
        let spans: Vec<Span> = spans
            .iter()
            .map(|&(s, e, l)| Span::cut(TEXT, s, e, l, Origin::Manual, who).unwrap())
            .collect();
        for s in &spans {
            doc.apply(&Op::Add(s.clone()), who);
        }
        for &(label, from, to) in relations {
            let r = Relation {
                label: label.into(),
                from: SpanKey::of(&spans[from]),
                to: SpanKey::of(&spans[to]),
                who: who.into(),
                created: now(),
            };
            assert!(doc.apply(&Op::AddRelation(r), who));
        }
        doc
    }

    fn key(who: &str) -> DocKey {
        DocKey {
            annotator: who.into(),
            article: "a".into(),
        }
    }

    #[test]
    fn a_relation_matches_only_with_the_same_label_and_both_ends() {
        let mut docs = BTreeMap::new();
        docs.insert(
            key("aigerim"),
            doc("aigerim", &[("HEADS", 0, 2), ("IN", 2, 1)]),
        );
        // the same HEADS; IN to another span of the same place does not match
        docs.insert(key("dana"), doc("dana", &[("HEADS", 0, 2), ("IN", 0, 1)]));
        let names = ["aigerim".to_string(), "dana".to_string()];
        let figures = relation_agreement(&docs, &names);
        let by_label: Vec<_> = figures
            .iter()
            .map(|f| {
                (
                    f.label.as_str(),
                    f.relations_a,
                    f.relations_b,
                    f.matched,
                    f.f1,
                )
            })
            .collect();
        assert_eq!(
            by_label,
            [("HEADS", 1, 1, 1, Some(1.0)), ("IN", 1, 1, 0, Some(0.0))]
        );
    }

    #[test]
    fn no_relations_anywhere_gives_no_figures() {
        let mut docs = BTreeMap::new();
        docs.insert(key("aigerim"), doc("aigerim", &[]));
        docs.insert(key("dana"), doc("dana", &[]));
        assert!(relation_agreement(&docs, &["aigerim".into(), "dana".into()]).is_empty());
    }
}
