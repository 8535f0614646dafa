//! One RON dataset for auditing: every article with its text and meta, and under it each
//! annotator's exported spans (with origin, state, who, when, note) and full audit log.

use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

use super::{Item, Tally};
use crate::annotation::{DocStatus, LogEntry, Span};
use crate::corpus::{Meta, SourceRef};
use crate::text::text_hash;

/// Changes when the shape of the dataset does, so readers can tell.
pub const DATASET_VERSION: u32 = 1;

#[derive(Serialize)]
struct Dataset<'a> {
    format: &'static str,
    version: u32,
    articles: Vec<ArticleOut<'a>>,
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a SourceRef,
    meta: &'a Meta,
    text: &'a str,
    annotations: Vec<DocOut<'a>>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    /// `None`: nobody annotated the article; these are its pre-annotations.
    annotator: Option<&'a str>,
    status: DocStatus,
    text_hash: Cow<'a, str>,
    spans: Vec<&'a Span>,
    log: &'a [LogEntry],
}

pub fn write<W: Write>(w: &mut W, items: &[Item], tally: &mut Tally) -> io::Result<()> {
    let mut articles: Vec<ArticleOut> = Vec::new();
    for item in items {
        let doc = DocOut {
            annotator: item.annotator,
            status: item.doc.status,
            // the pending document of an unannotated article is made without its hash
            text_hash: match item.doc.text_hash.as_str() {
                "" => Cow::Owned(text_hash(&item.article.text)),
                hash => Cow::Borrowed(hash),
            },
            spans: item.spans.clone(),
            log: &item.doc.log,
        };
        for span in &item.spans {
            tally.wrote(span);
        }
        tally.items += 1;
        // items come grouped by article (corpus order, then annotators)
        match articles.last_mut() {
            Some(last) if last.id == item.article.id => last.annotations.push(doc),
            _ => articles.push(ArticleOut {
                id: &item.article.id,
                title: &item.article.title,
                source: &item.article.source,
                meta: &item.article.meta,
                text: &item.article.text,
                annotations: vec![doc],
            }),
        }
    }
    let dataset = Dataset {
        format: "tanba-dataset",
        version: DATASET_VERSION,
        articles,
    };
    let config = ::ron::ser::PrettyConfig::new()
        .depth_limit(6)
        .indentor("    ".to_string());
    ::ron::Options::default()
        .to_io_writer_pretty(&mut *w, &dataset, config)
        .map_err(|e| match e {
            ::ron::Error::Io(msg) => io::Error::other(msg),
            other => io::Error::other(other.to_string()),
        })?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::SpanState;
    use crate::export::testing::{article, doc_with, item, span, when};

    #[test]
    fn writes_articles_with_each_annotators_spans_and_log_and_parses_back() {
        let a = article("a", "Қанат \"Сүлейменов\"");
        let mut person = span(&a.text, 0, 18, "PERSON", SpanState::Accepted);
        person.note = Some("тексерілді".into());
        let mut doc = doc_with(&a, "aigerim", DocStatus::Done, vec![person]);
        doc.log.push(LogEntry {
            when: when(),
            who: "aigerim".into(),
            what: "add PERSON 0..18".into(),
        });
        let other = doc_with(&a, "dana", DocStatus::InProgress, vec![]);
        let items = [item(&a, &doc), item(&a, &other)];
        let mut out = Vec::new();
        write(&mut out, &items, &mut Tally::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("spans: [\n                        (start: 0, end: 18, label: \"PERSON\", text: \"Қанат \\\"Сүлейменов\\\"\", origin: manual, state: accepted, who: \"aigerim\", created: \"2024-05-06T07:08:09Z\", updated: \"2024-05-06T07:08:09Z\", note: Some(\"тексерілді\")),\n"),
            "{text}"
        );
        let back: ::ron::Value = ::ron::from_str(&text).unwrap();
        let ::ron::Value::Map(map) = back else {
            panic!("not a struct")
        };
        let articles = map
            .iter()
            .find(|(k, _)| **k == ::ron::Value::String("articles".into()))
            .map(|(_, v)| v.clone());
        let Some(::ron::Value::Seq(articles)) = articles else {
            panic!("no articles")
        };
        assert_eq!(articles.len(), 1);
        assert!(text.contains("annotator: Some(\"dana\")"));
        assert!(text.contains("what: \"add PERSON 0..18\""));
    }

    #[test]
    fn a_pending_document_is_written_with_the_hash_of_its_text() {
        let a = article("a", "Атырау облысы");
        let pending = crate::store::pending_doc(&a, "");
        assert!(pending.text_hash.is_empty(), "made without hashing");
        let mut pending_item = item(&a, &pending);
        pending_item.annotator = None;
        let mut out = Vec::new();
        write(&mut out, &[pending_item], &mut Tally::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let hash = format!("text_hash: \"{}\"", text_hash(&a.text));
        assert!(text.contains(&hash), "{text}");
        assert!(text.contains("annotator: None"), "{text}");
    }
}
