//! Search over generated 100,000-article corpora, the basic one and the realistic one
//! (Kazakh/Russian word forms, ~10^6 distinct): index build, reading a saved index back,
//! and per-query time. TANBA_BENCH_ARTICLES changes the size.
//! Targets on a 2-core machine (realistic corpus): build under 5 s, each query's median
//! under 15 ms and p90 under 40 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tanba::annotation::LabelSet;
use tanba::corpus::{Vocabulary, generate_articles_with};
use tanba::search::{Facts, Index, IndexStore, Query, SearchOptions, search};

const QUERIES: [(&str, &str); 7] = [
    ("short", "ақ"),
    ("long", "сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі"),
    ("case_change", "АТЫРАУ"),
    ("russian_keyboard", "жемкорлыкка карсы"),
    ("latin", "Atyrau"),
    ("inflected", "балаларымыздың"),
    ("no_match", "qwxzvb"),
];

fn articles_wanted() -> usize {
    std::env::var("TANBA_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn bench(c: &mut Criterion) {
    for (name, vocabulary) in [
        ("basic", Vocabulary::Basic),
        ("realistic", Vocabulary::Realistic),
    ] {
        bench_corpus(c, name, vocabulary);
    }
}

fn bench_corpus(c: &mut Criterion, name: &str, vocabulary: Vocabulary) {
    let count = articles_wanted();
    let articles = generate_articles_with(count, 1, vocabulary);
    let index = Index::build(&articles);
    eprintln!(
        "{name}: {} articles, {} words, index about {} MB",
        index.articles(),
        index.vocabulary(),
        index.memory_bytes() / 1_000_000
    );
    let mut group = c.benchmark_group(format!("search_{name}_{count}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("build_index", |b| {
        b.iter(|| black_box(Index::build(&articles)))
    });
    // the saved index read back, as `tanba search` and the annotator do
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, "").expect("a source to stamp");
    let store = IndexStore::new(
        dir.path(),
        std::slice::from_ref(&corpus),
        Default::default(),
    );
    let stamp = store.stamp();
    store.save(&index, &articles, &stamp).expect("index saved");
    group.bench_function("load_index", |b| {
        b.iter(|| black_box(store.load(&stamp, None, false).is_ok()))
    });
    group.bench_function("build_titles_index", |b| {
        b.iter(|| black_box(Index::build_titles(&articles)))
    });
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(5));
    let facts = Facts::from_articles(&articles);
    for (name, text) in QUERIES {
        let query = Query::parse(text, &LabelSet::default()).expect("bench queries parse");
        let hits = search(&index, &articles, &facts, &query, SearchOptions::default());
        eprintln!("{name} ({text}): {} hits", hits.hits.len());
        // each query from scratch: nothing remembered from the last one
        group.bench_function(name, |b| {
            b.iter(|| {
                index.forget_recent();
                black_box(search(
                    &index,
                    &articles,
                    &facts,
                    black_box(&query),
                    SearchOptions::default(),
                ))
            })
        });
    }
    // as typed: every prefix in turn, each narrowing the last (what the annotator's `/` does)
    let typed: Vec<Query> = {
        let chars: Vec<char> = "балаларымыздың".chars().collect();
        (1..=chars.len())
            .map(|n| chars[..n].iter().collect::<String>())
            .map(|text| Query::parse(&text, &LabelSet::default()).expect("prefixes parse"))
            .collect()
    };
    group.bench_function("typed_letter_by_letter", |b| {
        b.iter(|| {
            index.forget_recent();
            for query in &typed {
                black_box(search(
                    &index,
                    &articles,
                    &facts,
                    query,
                    SearchOptions::default(),
                ));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
