//! Exporting the generator's corpus (100,000 articles by default; TANBA_BENCH_ARTICLES
//! to change) to jsonl and conll, into a counting sink: with every pre-annotation
//! accepted in an annotation file, and (`_pending`) with none, from the pre-annotations.
//! Throughput is bytes of output per second; the target is above 50 MB/s.
//! `conll_one_thread` renders CoNLL on one thread into memory: the tokenizer's own cost.
//! `as_read_*` reads the corpus from a JSONL file and exports its pre-annotations as
//! `tanba export -o FILE` does, rendering each part while the next is read; `loaded_*`
//! loads it whole first, then exports (what stdout gets): the difference is the overlap.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;

use tanba::annotation::{DocStatus, SpanState};
use tanba::corpus::{Corpus, LoadOptions, Vocabulary, generate_articles_with, generate_with};
use tanba::export::{self, CountingSink, FlatOptions, Format, Selection, Source, Tally};
use tanba::store::{DocKey, Workspace, fresh_doc};

fn corpus(vocabulary: Vocabulary) -> (Corpus, BTreeMap<DocKey, tanba::annotation::DocAnnotations>) {
    let articles = generate_articles_with(articles(), 42, vocabulary);
    let mut docs = BTreeMap::new();
    for article in &articles {
        let mut doc = fresh_doc(article, "bench");
        for span in &mut doc.spans {
            span.state = SpanState::Accepted;
        }
        doc.status = DocStatus::Done;
        let key = DocKey {
            annotator: "bench".into(),
            article: article.id.clone(),
        };
        docs.insert(key, doc);
    }
    let corpus = Corpus {
        articles,
        problems: Vec::new(),
    };
    (corpus, docs)
}

fn articles() -> usize {
    std::env::var("TANBA_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn bench(c: &mut Criterion) {
    for (name, vocabulary) in [
        ("export", Vocabulary::Basic),
        ("export_realistic", Vocabulary::Realistic),
    ] {
        bench_corpus(c, name, vocabulary);
        bench_as_read(c, name, vocabulary);
    }
}

/// The bytes `write` puts out.
fn counted<R>(write: impl FnOnce(&mut CountingSink, &mut Tally) -> std::io::Result<R>) -> u64 {
    let (mut sink, mut tally) = (CountingSink::default(), Tally::default());
    write(&mut sink, &mut tally).expect("a counting sink never fails");
    sink.bytes
}

/// Reading and exporting at once against reading, then exporting.
fn bench_as_read(c: &mut Criterion, name: &str, vocabulary: Vocabulary) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("corpus.jsonl");
    let lines: Vec<String> = generate_with(articles(), 42, vocabulary).collect();
    std::fs::write(&file, lines.join("\n")).expect("writing the corpus");
    drop(lines);
    let paths = vec![file];
    let workspace = Workspace::open_or_create(&dir.path().join("ws"), &paths).expect("a workspace");
    let annotators = Vec::new();
    let docs = workspace.doc_files(&annotators);
    let selection = Selection {
        include_pending: true,
        ..Selection::default()
    };
    let options = FlatOptions::default();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for format in [Format::Jsonl, Format::Conll] {
        let as_read = || {
            let source = Source {
                paths: &paths,
                options: LoadOptions::default(),
                docs: &docs,
            };
            counted(|sink, tally| {
                let progress = &mut || {};
                export::write_as_read(sink, format, &source, &selection, options, tally, progress)
            })
        };
        let loaded = || {
            let corpus = tanba::corpus::load(&paths);
            let none = BTreeMap::new();
            let plan = export::plan(&corpus, &none, &selection);
            counted(|sink, tally| {
                let progress = &mut || {};
                export::write_plan(sink, format, &plan, &selection, options, tally, progress)
            })
        };
        group.throughput(Throughput::Bytes(as_read()));
        let id = |how: &str| format!("{how}_{}", format.name());
        group.bench_function(id("as_read"), |b| b.iter(|| black_box(as_read())));
        group.bench_function(id("loaded"), |b| b.iter(|| black_box(loaded())));
    }
    group.finish();
}

fn bench_corpus(c: &mut Criterion, name: &str, vocabulary: Vocabulary) {
    let (corpus, docs) = corpus(vocabulary);
    let none = BTreeMap::new();
    let reviewed = Selection::default();
    // what `tanba export --include-pending` does on a corpus nobody annotated yet
    let pending = Selection {
        include_pending: true,
        ..Selection::default()
    };
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for (case, docs, selection) in [("", &docs, &reviewed), ("_pending", &none, &pending)] {
        let plan = export::plan(&corpus, docs, selection);
        for format in [Format::Jsonl, Format::Conll] {
            let run = || {
                let mut sink = CountingSink::default();
                let mut tally = Tally::default();
                let options = FlatOptions::default();
                export::write_plan(
                    &mut sink,
                    format,
                    &plan,
                    selection,
                    options,
                    &mut tally,
                    &mut || {},
                )
                .expect("a counting sink never fails");
                (sink.bytes, tally.spans())
            };
            let (bytes, spans) = run();
            let id = format!("{}{case}", format.name());
            eprintln!(
                "{id}: {spans} spans, {:.1} MB of output",
                bytes as f64 / 1e6
            );
            group.throughput(Throughput::Bytes(bytes));
            group.bench_function(id, |b| b.iter(|| black_box(run())));
        }
    }
    // CoNLL rendering alone, on one thread: the per-token cost without the pool
    let plan = export::plan(&corpus, &docs, &reviewed);
    let items = plan.items(&reviewed, &mut Tally::default());
    let render = || {
        let mut out = Vec::new();
        let mut tally = Tally::default();
        for item in &items {
            export::conll::write(&mut out, item, FlatOptions::default(), &mut tally)
                .expect("writing to a Vec never fails");
        }
        out.len()
    };
    group.throughput(Throughput::Bytes(render() as u64));
    group.bench_function("conll_one_thread", |b| b.iter(|| black_box(render())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
