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
type Links<'d> = HashMap<(usize, usize, &'d str), Option<&'d str>>;

/// The links of `doc`'s accepted spans.
fn links(doc: &DocAnnotations) -> Links<'_> {
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

/// What `carry_links` did to a merged document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    /// Spans given the one id their annotators linked them to.
    pub linked: usize,
    /// Spans whose annotators linked them to different ids: left unlinked, said in the note.
    pub differing: usize,
}

/// Gives each span of `merged` (a merge of `annotators`' files) the link its annotators
/// made: one id among those who linked it is carried (as a suggested link when not all
/// who have the span linked it); different ids are not, and the note says who said what.
pub fn carry_links(
    merged: &mut DocAnnotations,
    docs: &BTreeMap<DocKey, DocAnnotations>,
    annotators: &[String],
) -> Carried {
    let sources: Vec<(&str, Links)> = annotators
        .iter()
        .filter_map(|who| {
            let key = DocKey {
                annotator: who.clone(),
                article: merged.article.clone(),
            };
            Some((who.as_str(), links(docs.get(&key)?)))
        })
        .collect();
    let mut carried = Carried::default();
    for span in &mut merged.spans {
        let said: Vec<(&str, Option<&str>)> = sources
            .iter()
            .filter_map(|(who, l)| Some((*who, *l.get(&span.key())?)))
            .collect();
        let mut ids: Vec<&str> = said.iter().filter_map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        match ids[..] {
            [] => {}
            [id] => {
                span.kb = Some(id.to_string());
                span.kb_suggested = said.iter().any(|(_, l)| l.is_none());
                carried.linked += 1;
            }
            _ => {
                let who: Vec<String> = said
                    .iter()
                    .filter_map(|(w, id)| Some(format!("{} ({w})", (*id)?)))
                    .collect();
                let note = format!("links differ: {}", who.join(", "));
                span.note = Some(match span.note.take() {
                    Some(n) => format!("{n}; {note}"),
                    None => note,
                });
                carried.differing += 1;
            }
        }
    }
    carried
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
        let who = ["ana".to_string(), "bek".to_string()];
        let figures = link_agreement(&docs, &who);
        assert_eq!((figures[0].shared, figures[0].matched), (2, 1));
        assert_eq!(figures[0].share, Some(0.5));

        let mut merged = doc("merge", [None, None, None]);
        let carried = carry_links(&mut merged, &docs, &who);
        assert_eq!(
            carried,
            Carried {
                linked: 1,
                differing: 1
            }
        );
        assert_eq!(merged.spans[0].kb.as_deref(), Some("Q1"));
        assert!(!merged.spans[0].kb_suggested);
        assert_eq!(merged.spans[1].kb, None);
        assert_eq!(
            merged.spans[1].note.as_deref(),
            Some("links differ: Q2 (ana), Q9 (bek)")
        );
    }
}
