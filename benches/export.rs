//! Exporting the generator's corpus (100,000 articles by default; TANBA_BENCH_ARTICLES
//! to change) to jsonl and conll, into a counting sink: with every pre-annotation
//! accepted in an annotation file, and (`_pending`) with none, from the pre-annotations.
//! Throughput is bytes of output per second; the target is above 50 MB/s.
//! `conll_one_thread` renders CoNLL on one thread into memory: the tokenizer's own cost.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;

use tanba::annotation::{DocStatus, SpanState};
use tanba::corpus::{Corpus, Vocabulary, generate_articles_with};
use tanba::export::{self, CountingSink, FlatOptions, Format, Selection, Tally};
use tanba::store::{DocKey, fresh_doc};

fn corpus(vocabulary: Vocabulary) -> (Corpus, BTreeMap<DocKey, tanba::annotation::DocAnnotations>) {
    let count = std::env::var("TANBA_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let articles = generate_articles_with(count, 42, vocabulary);
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

fn bench(c: &mut Criterion) {
    for (name, vocabulary) in [
        ("export", Vocabulary::Basic),
        ("export_realistic", Vocabulary::Realistic),
    ] {
        bench_corpus(c, name, vocabulary);
    }
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
