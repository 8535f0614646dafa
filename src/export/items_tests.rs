//! `write_items` renders chunks in parallel and writes them in order: its bytes and
//! tally must be those of writing every item in turn, across several chunks.

use std::io::{self, Write};

use super::pipeline::PARALLEL_CHUNK;
use super::testing::{article, doc_with, item, span};
use super::{FlatOptions, Format, Item, Tally, render_item, write_items};
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
        render_item(format, item, FlatOptions::default(), &mut out, &mut tally).unwrap();
    }
    (out, tally)
}

/// An item over every span of each document.
fn items<'a>(articles: &'a [Article], docs: &'a [DocAnnotations]) -> Vec<Item<'a>> {
    articles.iter().zip(docs).map(|(a, d)| item(a, d)).collect()
}

#[test]
fn the_parallel_writer_writes_the_bytes_of_one_item_after_another() {
    let (articles, docs) = corpus();
    let items = items(&articles, &docs);
    for format in [Format::Jsonl, Format::Conll, Format::Spacy] {
        let (mut out, mut tally, mut progress) = (Vec::new(), Tally::default(), 0);
        let options = FlatOptions::default();
        write_items(&mut out, format, &items, options, &mut tally, &mut || {
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
fn a_failing_writer_stops_the_export_with_its_error() {
    let (articles, docs) = corpus();
    let items = items(&articles, &docs);
    let mut sink = Full { room: 100_000 };
    let error = write_items(
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

/// `corpus()` with the odd articles unannotated but pre-annotated (every other one with
/// a label the test leaves out), and the first document's span drifted from its text.
fn mixed_corpus() -> (
    crate::corpus::Corpus,
    std::collections::BTreeMap<crate::store::DocKey, DocAnnotations>,
) {
    let (mut articles, docs) = corpus();
    for (i, a) in articles.iter_mut().enumerate().filter(|(i, _)| i % 2 == 1) {
        // the odd articles nobody annotated: their pre-annotations are exported
        let label = if i % 4 == 1 { "LOCATION" } else { "PERSON" };
        a.imported.push(crate::corpus::ImportedSpan {
            start: 0,
            end: 5,
            label: label.into(),
            note: None,
        });
    }
    let mut drifted = docs[0].clone();
    drifted.spans[0].text = "Ақтөбе".into();
    let docs: std::collections::BTreeMap<_, _> = std::iter::once(drifted)
        .chain(docs.into_iter().skip(1))
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, d)| {
            let key = crate::store::DocKey {
                annotator: d.annotator.clone(),
                article: d.article.clone(),
            };
            (key, d)
        })
        .collect();
    let corpus = crate::corpus::Corpus {
        articles,
        problems: Vec::new(),
    };
    (corpus, docs)
}

#[test]
fn writing_the_plan_entry_by_entry_gives_the_bytes_of_its_items() {
    let (corpus, docs) = mixed_corpus();
    let selection = super::Selection {
        include_pending: true,
        labels: Some(["PERSON".to_string()].into()),
        ..super::Selection::default()
    };
    let plan = super::plan(&corpus, &docs, &selection);
    for format in [
        Format::Jsonl,
        Format::Conll,
        Format::Spacy,
        Format::Ron,
        Format::Csv,
    ] {
        let (mut by_entry, mut tally, mut progress) = (Vec::new(), Tally::default(), 0);
        let options = FlatOptions::default();
        let mut count = || progress += 1;
        super::write_plan(
            &mut by_entry,
            format,
            &plan,
            &selection,
            options,
            &mut tally,
            &mut count,
        )
        .unwrap();
        let mut expected_tally = Tally::default();
        let items = plan.items(&selection, &mut expected_tally);
        let mut expected = Vec::new();
        write_items(
            &mut expected,
            format,
            &items,
            options,
            &mut expected_tally,
            &mut || {},
        )
        .unwrap();
        assert!(by_entry == expected, "{} differs", format.name());
        assert_eq!(tally, expected_tally, "{}", format.name());
        assert_eq!(progress, plan.entries.len());
    }
    let mut tally = Tally::default();
    super::write_plan(
        &mut Vec::new(),
        Format::Jsonl,
        &plan,
        &selection,
        FlatOptions::default(),
        &mut tally,
        &mut || {},
    )
    .unwrap();
    assert_eq!(tally.skipped[&super::Skip::Drifted], 1);
    assert!(
        tally.skipped[&super::Skip::OtherLabel] > PARALLEL_CHUNK / 2,
        "{tally:?}"
    );
}

#[test]
fn the_tally_counts_spans_per_label_with_a_few_labels_or_many() {
    let a = article("t", "Атырау облысы әкімі Қанат Сүлейменов");
    for labels in [3, 40] {
        let names: Vec<String> = (0..labels)
            .map(|i| format!("L{}", "X".repeat(i % 7) + &i.to_string()))
            .collect();
        let spans: Vec<_> = (0..100)
            .map(|i| {
                span(
                    &a.text,
                    i % 30,
                    i % 30 + 1,
                    &names[i * 7 % labels],
                    SpanState::Accepted,
                )
            })
            .collect();
        let mut tally = Tally::default();
        for s in &spans {
            tally.wrote(s);
        }
        let mut want = std::collections::BTreeMap::new();
        for s in &spans {
            *want.entry(s.label.clone()).or_insert(0) += 1;
        }
        assert_eq!(tally.spans_per_label, want, "{labels} labels");
        assert_eq!(tally.spans(), 100);
    }
}
