//! Agreement per pair of annotators: span F1 over the articles both have a file for, a
//! span matching only with the same start, end and label; the figures `tanba agree`
//! gives by default (`crate::agree`), computed over borrowed documents.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::agree::span_f1;
use crate::annotation::{DocAnnotations, SpanState};
use crate::store::DocKey;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    /// Articles both have a file for.
    pub articles: usize,
    /// Accepted spans on those articles, each side.
    pub spans_a: usize,
    pub spans_b: usize,
    /// Spans both have.
    pub matched: usize,
    /// 2·matched / (spans_a + spans_b), 1 when neither has a span (`agree::span_f1`).
    pub f1: f64,
}

fn accepted(doc: &DocAnnotations) -> BTreeSet<(usize, usize, &str)> {
    doc.spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect()
}

/// Every pair of annotators sharing at least one article, in name order.
pub fn pairs(docs: &[(&DocKey, &DocAnnotations)]) -> Vec<PairAgreement> {
    let mut by_annotator: BTreeMap<&str, BTreeMap<&str, &DocAnnotations>> = BTreeMap::new();
    for &(key, doc) in docs {
        by_annotator
            .entry(key.annotator.as_str())
            .or_default()
            .insert(key.article.as_str(), doc);
    }
    let names: Vec<&str> = by_annotator.keys().copied().collect();
    let mut out = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let (mine, theirs) = (&by_annotator[a], &by_annotator[b]);
            let mut pair = PairAgreement {
                a: a.to_string(),
                b: b.to_string(),
                articles: 0,
                spans_a: 0,
                spans_b: 0,
                matched: 0,
                f1: 0.0,
            };
            for (article, doc_a) in mine {
                let Some(doc_b) = theirs.get(article) else {
                    continue;
                };
                let (sa, sb) = (accepted(doc_a), accepted(doc_b));
                pair.articles += 1;
                pair.spans_a += sa.len();
                pair.spans_b += sb.len();
                pair.matched += sa.intersection(&sb).count();
            }
            if pair.articles == 0 {
                continue;
            }
            pair.f1 = span_f1(pair.matched, pair.spans_a, pair.spans_b);
            out.push(pair);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, Op, Origin, Span};

    const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";

    fn doc(who: &str, article: &str, spans: &[(usize, usize, &str)]) -> (DocKey, DocAnnotations) {
        let mut doc = DocAnnotations::new(article, who, TEXT);
        for &(start, end, label) in spans {
            let span = Span::cut(TEXT, start, end, label, Origin::Manual, who).unwrap();
            doc.apply(&Op::Add(span), who);
        }
        doc.status = DocStatus::Done;
        let key = DocKey {
            annotator: who.into(),
            article: article.into(),
        };
        (key, doc)
    }

    #[test]
    fn f1_counts_exact_matches_over_shared_articles_only() {
        let docs: BTreeMap<_, _> = [
            doc("aigerim", "a1", &[(0, 6, "LOCATION"), (20, 28, "PERSON")]),
            doc("dana", "a1", &[(0, 6, "LOCATION"), (20, 42, "PERSON")]),
            doc("aigerim", "a2", &[(0, 6, "LOCATION")]),
            doc("dana", "a2", &[(0, 6, "LOCATION")]),
            doc("dana", "a3", &[(0, 13, "LOCATION")]), // only dana: left out
            doc("erlan", "a9", &[(0, 6, "LOCATION")]), // shares nothing
        ]
        .into_iter()
        .collect();
        let refs: Vec<_> = docs.iter().collect();
        let pairs = pairs(&refs);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let p = &pairs[0];
        assert_eq!(
            (p.a.as_str(), p.b.as_str(), p.articles),
            ("aigerim", "dana", 2)
        );
        assert_eq!((p.spans_a, p.spans_b, p.matched), (3, 3, 2));
        assert_eq!(p.f1, 4.0 / 6.0);
    }
}
