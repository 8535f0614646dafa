//! Fixtures for the exporters' unit tests: fixed timestamps so output is stable.

use crate::annotation::{DocAnnotations, DocStatus, Origin, Span, SpanState, Timestamp};
use crate::corpus::{Article, SourceRef};

pub fn when() -> Timestamp {
    time::macros::datetime!(2024-05-06 07:08:09 UTC)
}

pub fn article(id: &str, text: &str) -> Article {
    Article::from_text(id, text, SourceRef::new(format!("{id}.txt"), 1))
}

pub fn span(text: &str, start: usize, end: usize, label: &str, state: SpanState) -> Span {
    let mut span = Span::cut(text, start, end, label, Origin::Manual, "aigerim")
        .unwrap_or_else(|| panic!("bad test span {start}..{end}"));
    span.state = state;
    span.created = when();
    span.updated = when();
    span
}

pub fn doc_with(
    article: &Article,
    annotator: &str,
    status: DocStatus,
    spans: Vec<Span>,
) -> DocAnnotations {
    let mut doc = DocAnnotations::new(&article.id, annotator, &article.text);
    doc.status = status;
    doc.spans = spans;
    doc.normalize();
    doc
}

/// An item over every span of `doc`, for writers' tests.
pub fn item<'a>(article: &'a Article, doc: &'a DocAnnotations) -> crate::export::Item<'a> {
    crate::export::Item {
        article,
        annotator: Some(doc.annotator.as_str()),
        doc,
        spans: doc.spans.iter().collect(),
    }
}
