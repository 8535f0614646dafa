//! Agreement on knowledge-base links: per pair of annotators, over the spans both have
//! (same start, end and label, accepted by both) where at least one linked it, the share
//! whose ids are the same. A suggested link not yet reviewed does not count.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::relations::by_article;
use crate::annotation::{DocAnnotations, SpanState};
use crate::store::DocKey;

/// One pair's link figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkFigures {
    pub a: String,
    pub b: String,
    /// Spans both have, with a link by at least one of them.
    pub shared: usize,
    /// Of those, the ones both linked to the same id.
    pub matched: usize,
    /// matched / shared; None when no shared span has a link.
    pub share: Option<f64>,
}

/// Each accepted span's reviewed link (or none), by (start, end, label).
fn links(doc: &DocAnnotations) -> HashMap<(usize, usize, &str), Option<&str>> {
    let accepted = doc.spans.iter().filter(|s| s.state == SpanState::Accepted);
    accepted.map(|s| (s.key(), s.link())).collect()
}

/// Figures per pair (in `annotators`' order); empty when no file holds a link.
pub fn link_agreement(
    docs: &BTreeMap<DocKey, DocAnnotations>,
    annotators: &[String],
) -> Vec<LinkFigures> {
    if docs
        .values()
        .all(|d| d.spans.iter().all(|s| s.kb.is_none()))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, a) in annotators.iter().enumerate() {
        for b in &annotators[i + 1..] {
            let (da, db) = (by_article(docs, a), by_article(docs, b));
            let (mut shared, mut matched) = (0, 0);
            for (article, x) in &da {
                let Some(y) = db.get(article) else { continue };
                let theirs = links(y);
                for (key, mine) in links(x) {
                    let Some(&other) = theirs.get(&key) else {
                        continue;
                    };
                    if mine.is_some() || other.is_some() {
                        shared += 1;
                        matched += usize::from(mine == other);
                    }
                }
            }
            out.push(LinkFigures {
                a: a.clone(),
                b: b.clone(),
                shared,
                matched,
                share: (shared > 0).then(|| matched as f64 / shared as f64),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Origin, Span};

    #[test]
    fn the_share_of_matching_ids_over_spans_both_have() {
        let text = "Қанат Сүлейменов, Атырау, Алматы";
        let doc = |who: &str, kbs: [Option<&str>; 3]| {
            let mut d = DocAnnotations::new("a", who, text);
            for ((a, b), kb) in [(0, 16), (18, 24), (26, 32)].into_iter().zip(kbs) {
                let mut s = Span::cut(text, a, b, "X", Origin::Manual, who).unwrap();
                s.kb = kb.map(String::from);
                d.spans.push(s);
            }
            d
        };
        let key = |who: &str| DocKey {
            annotator: who.into(),
            article: "a".into(),
        };
        let docs = BTreeMap::from([
            (key("ana"), doc("ana", [Some("Q1"), Some("Q2"), None])),
            (key("bek"), doc("bek", [Some("Q1"), Some("Q9"), None])),
        ]);
        let figures = link_agreement(&docs, &["ana".into(), "bek".into()]);
        assert_eq!((figures[0].shared, figures[0].matched), (2, 1));
        assert_eq!(figures[0].share, Some(0.5));
    }
}
