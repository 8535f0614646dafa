//! Suggestions: pending spans proposed from the annotator's own work (every other
//! occurrence of a span they accepted, the gazetteer of names they tagged anywhere) or by
//! an external model. They are reviewed like pre-annotations. No terminal here.

mod gazetteer;
pub mod links;
pub mod model;
mod words;

pub use gazetteer::{Entry, Found, GAZETTEER_FILE, Gazetteer, GazetteerBuilder, read_tsv};
pub use words::{FoldedWords, MIN_STEM, inflects};

use std::collections::HashSet;

use crate::annotation::{
    DocAnnotations, DocStatus, Origin, Span, SpanScheme, SpanState, now, scheme,
};
use crate::text::CharIndex;

/// A span someone proposes, before it is checked against the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub note: Option<String>,
}

/// Suggestions after `accepted` was accepted in `doc`: every other occurrence of its text
/// in the article, inflected forms included, as pending spans.
pub fn in_article(
    text: &str,
    doc: &DocAnnotations,
    accepted: &Span,
    who: &str,
    scheme: SpanScheme,
) -> Vec<Span> {
    let (words, index) = (FoldedWords::new(text), CharIndex::new(text));
    in_article_words((&words, &index), text, doc, accepted, who, scheme)
}

/// `in_article` with the article's words folded once by the caller (the annotator keeps
/// them while the article is open).
pub fn in_article_words(
    (words, index): (&FoldedWords, &CharIndex),
    text: &str,
    doc: &DocAnnotations,
    accepted: &Span,
    who: &str,
    scheme: SpanScheme,
) -> Vec<Span> {
    let phrase = FoldedWords::new(&accepted.text);
    if phrase.is_empty() {
        return Vec::new();
    }
    let candidates = (0..words.len())
        .filter(|&at| words.matches_at(at, &phrase))
        .map(|at| words.range(at, phrase.len()))
        // the accepted span itself is no suggestion
        .filter(|&(start, end)| (start, end) != (accepted.start, accepted.end))
        .map(|(start, end)| Candidate {
            start,
            end,
            label: accepted.label.clone(),
            note: None,
        })
        .collect();
    admit_indexed(
        index,
        text,
        doc,
        candidates,
        &Origin::Suggested,
        who,
        scheme,
    )
}

/// The gazetteer's suggestions for an article; none for a document marked done.
pub fn from_gazetteer(
    gazetteer: &Gazetteer,
    text: &str,
    doc: &DocAnnotations,
    who: &str,
    scheme: SpanScheme,
) -> Vec<Span> {
    if doc.status == DocStatus::Done || gazetteer.is_empty() {
        return Vec::new();
    }
    let candidates = gazetteer.candidates(&FoldedWords::new(text));
    admit(text, doc, candidates, &Origin::Suggested, who, scheme)
}

/// The candidates worth adding to `doc`, as pending spans of `origin`, signed by its author
/// (`tanba`, `model:NAME`; `who` for an origin without one), sorted. Left out:
/// ranges outside the text or empty; a candidate overlapping a live span of its label
/// (or another candidate of its label: the longer one stays); a range and label the
/// document already has in any state; a text the annotator rejected with that label; and
/// in a flat project a candidate overlapping any live span or one taken before it
/// (`scheme::admits`).
pub fn admit(
    text: &str,
    doc: &DocAnnotations,
    candidates: Vec<Candidate>,
    origin: &Origin,
    who: &str,
    scheme: SpanScheme,
) -> Vec<Span> {
    if candidates.is_empty() {
        return Vec::new();
    }
    admit_indexed(
        &CharIndex::new(text),
        text,
        doc,
        candidates,
        origin,
        who,
        scheme,
    )
}

/// `admit` with the text's code point index at hand.
pub fn admit_indexed(
    index: &CharIndex,
    text: &str,
    doc: &DocAnnotations,
    mut candidates: Vec<Candidate>,
    origin: &Origin,
    who: &str,
    scheme: SpanScheme,
) -> Vec<Span> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let rejected: HashSet<(&str, String)> = doc
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Rejected)
        .map(|s| (s.label.as_str(), FoldedWords::new(&s.text).whole_key()))
        .collect();
    candidates.sort_by(|a, b| (a.start, b.end, &a.label).cmp(&(b.start, a.end, &b.label)));
    let mut taken: Vec<Span> = Vec::new();
    let when = now();
    for c in candidates {
        let Some(covered) = index.slice(text, c.start, c.end) else {
            continue;
        };
        let overlaps = |s: &Span| s.label == c.label && s.start < c.end && c.start < s.end;
        let same_range = |s: &Span| s.start == c.start && s.end == c.end && s.label == c.label;
        if c.start >= c.end
            || doc.live_spans().any(overlaps)
            || doc.spans.iter().any(same_range)
            || taken.iter().any(overlaps)
            || !scheme::admits(
                doc.live_spans().chain(&taken).map(|s| (s.start, s.end)),
                c.start,
                c.end,
                scheme,
            )
            || (!rejected.is_empty()
                && rejected.contains(&(c.label.as_str(), FoldedWords::new(covered).whole_key())))
        {
            continue;
        }
        taken.push(Span {
            start: c.start,
            end: c.end,
            label: c.label,
            text: covered.to_string(),
            origin: origin.clone(),
            state: SpanState::Pending,
            who: origin.author().unwrap_or_else(|| who.to_string()),
            created: when,
            updated: when,
            note: c.note,
            flagged: false,
            kb: None,
            kb_suggested: false,
        });
    }
    taken.sort_by(|a, b| a.key().cmp(&b.key()));
    taken
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
