//! Merging several annotators' spans of one article into one document (a curator's).

use std::collections::BTreeMap;

use super::{Mark, SheetArticle};
use crate::annotation::{DocAnnotations, LogEntry, Origin, Span, SpanState, now};
use crate::text::CharIndex;

/// One distinct span of an article and who has it (indices into the sheet's annotators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tallied {
    pub mark: Mark,
    pub by: Vec<usize>,
}

/// Every distinct span of the article, in (start, end, label) order, with who has it.
pub fn tally(article: &SheetArticle) -> Vec<Tallied> {
    let mut who: BTreeMap<&Mark, Vec<usize>> = BTreeMap::new();
    for (i, marks) in article.files.iter().enumerate() {
        for mark in marks.iter().flatten() {
            who.entry(mark).or_default().push(i);
        }
    }
    who.into_iter()
        .map(|(mark, by)| Tallied {
            mark: mark.clone(),
            by,
        })
        .collect()
}

/// How many annotators must have a span for the merge to accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinAgree {
    /// Every annotator who has a file for the article, and at least two.
    Everyone,
    AtLeast(usize),
}

impl MinAgree {
    pub fn needed(self, files: usize) -> usize {
        match self {
            MinAgree::Everyone => files.max(2),
            MinAgree::AtLeast(k) => k,
        }
    }
}

/// `into`'s document for the article: each distinct span once, accepted (origin merged)
/// when enough annotators have it, pending otherwise; the note names who had it and the
/// log says what came from whom.
pub fn merge_doc(
    article: &SheetArticle,
    annotators: &[String],
    into: &str,
    min: MinAgree,
) -> DocAnnotations {
    let mut doc = DocAnnotations::new(&article.id, into, article.text);
    let index = CharIndex::new(article.text);
    let files = article.file_count();
    let needed = min.needed(files);
    let when = now();
    for tallied in tally(article) {
        let Mark { start, end, label } = tallied.mark;
        let Some(text) = index.slice(article.text, start, end) else {
            continue; // offsets past the text cannot be cut: the sources' files say so
        };
        let names: Vec<&str> = tallied.by.iter().map(|&i| annotators[i].as_str()).collect();
        doc.spans.push(Span {
            start,
            end,
            label,
            text: text.to_string(),
            origin: Origin::Merged,
            state: if tallied.by.len() >= needed {
                SpanState::Accepted
            } else {
                SpanState::Pending
            },
            who: "merge".into(),
            created: when,
            updated: when,
            note: Some(format!(
                "{} of {}: {}",
                names.len(),
                files,
                names.join(", ")
            )),
            flagged: false,
            kb: None,
            kb_suggested: false,
        });
    }
    doc.normalize();
    doc.log.push(LogEntry {
        when,
        who: into.to_string(),
        what: merge_log(article, annotators, &doc, needed),
    });
    doc
}

fn merge_log(
    article: &SheetArticle,
    annotators: &[String],
    doc: &DocAnnotations,
    needed: usize,
) -> String {
    let sources: Vec<String> = annotators
        .iter()
        .zip(&article.files)
        .map(|(who, marks)| match marks {
            Some(marks) => format!("{who} ({} spans)", marks.len()),
            None => format!("{who} (no file)"),
        })
        .collect();
    let accepted = doc
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .count();
    format!(
        "merged from {}: {accepted} accepted (had by at least {needed}), {} pending",
        sources.join(", "),
        doc.spans.len() - accepted
    )
}
