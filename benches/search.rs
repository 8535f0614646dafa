//! Search over the generator's 100,000-article corpus: index build time and per-query time.
//! Targets on a 2-core machine: build under 3 s, each query's median under 30 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tanba::annotation::LabelSet;
use tanba::corpus::generate::generate_articles;
use tanba::search::{Facts, Index, Query, SearchOptions, search};

const ARTICLES: usize = 100_000;

const QUERIES: [(&str, &str); 6] = [
    ("short", "ақ"),
    ("long", "сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі"),
    ("case_change", "АТЫРАУ"),
    ("russian_keyboard", "жемкорлыкка карсы"),
    ("latin", "Atyrau"),
    ("no_match", "qwxzvb"),
];

fn bench(c: &mut Criterion) {
    let articles = generate_articles(ARTICLES, 1);
    let index = Index::build(&articles);
    eprintln!(
        "index: {} articles, {} words, about {} MB",
        index.articles(),
        index.vocabulary(),
        index.memory_bytes() / 1_000_000
    );
    let mut group = c.benchmark_group("search_100k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("build_index", |b| {
        b.iter(|| black_box(Index::build(&articles)))
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
        group.bench_function(name, |b| {
            b.iter(|| {
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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
