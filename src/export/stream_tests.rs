//! `write_stream` renders chunks in parallel and writes them in order: its bytes and
//! tally must be those of writing every item in turn, across several chunks.

use std::io::{self, Write};

use super::testing::{article, doc_with, item, span};
use super::{FlatOptions, Format, Item, PARALLEL_CHUNK, Tally, conll, jsonl, spacy, write_stream};
use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::corpus::Article;

/// Enough articles for three chunks (the last one short), each a little different.
fn corpus() -> (Vec<Article>, Vec<DocAnnotations>) {
    let count = PARALLEL_CHUNK * 2 + 77;
    let articles: Vec<Article> = (0..count)
        .map(|i| {
            let text = format!(
                "Қанат {i} Атырау облысы.\n«Сүлейменов» {}",
                "сөз ".repeat(i % 7)
            );
            article(&format!("news/{i}"), &text)
        })
        .collect();
    let docs = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut spans = vec![span(&a.text, 0, 5, "PERSON", SpanState::Accepted)];
            if i % 3 == 0 {
                let at = a.text.chars().position(|c| c == 'А').unwrap_or(0);
                spans.push(span(&a.text, at, at + 6, "LOCATION", SpanState::Pending));
            }
            doc_with(a, "aigerim", DocStatus::Done, spans)
        })
        .collect();
    (articles, docs)
}

fn one_by_one(format: Format, items: &[Item]) -> (Vec<u8>, Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    for item in items {
        match format {
            Format::Jsonl => jsonl::write(&mut out, item, &mut tally),
            Format::Spacy => spacy::write(&mut out, item, &mut tally),
            _ => conll::write(&mut out, item, FlatOptions::default(), &mut tally),
        }
        .unwrap();
    }
    (out, tally)
}

#[test]
fn the_parallel_stream_writes_the_bytes_of_one_item_after_another() {
    let (articles, docs) = corpus();
    let items: Vec<Item> = articles
        .iter()
        .zip(&docs)
        .map(|(a, d)| item(a, d))
        .collect();
    for format in [Format::Jsonl, Format::Conll, Format::Spacy] {
        let (mut out, mut tally, mut progress) = (Vec::new(), Tally::default(), 0);
        let options = FlatOptions::default();
        write_stream(&mut out, format, &items, options, &mut tally, &mut || {
            progress += 1
        })
        .unwrap();
        let (expected, expected_tally) = one_by_one(format, &items);
        assert!(out == expected, "{} differs", format.name());
        assert_eq!(tally, expected_tally);
        assert_eq!(progress, items.len());
    }
}

/// Takes `room` bytes, then fails.
struct Full {
    room: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room < buf.len() {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        self.room -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_stops_the_stream_with_its_error() {
    let (articles, docs) = corpus();
    let items: Vec<Item> = articles
        .iter()
        .zip(&docs)
        .map(|(a, d)| item(a, d))
        .collect();
    let mut sink = Full { room: 100_000 };
    let error = write_stream(
        &mut sink,
        Format::Jsonl,
        &items,
        FlatOptions::default(),
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::StorageFull);
}
