//! `tanba assign`'s core on 100,000 articles, 5 annotators, overlap 2 (target: under 1 s
//! for the whole command): placing them all, the same call again (nothing to place),
//! releasing one annotator, and writing and reading the file.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use tanba::assign::{Assignment, parse, to_ron};

const ARTICLES: usize = 100_000;

fn team() -> Vec<String> {
    ["aigerim", "dana", "erlan", "madina", "timur"]
        .map(String::from)
        .to_vec()
}

fn assign(c: &mut Criterion) {
    let ids: Vec<String> = (0..ARTICLES).map(|i| format!("news-{i:06}")).collect();
    let ids = || ids.iter().map(String::as_str);
    let mut placed = Assignment::new(team(), 2).expect("a valid team");
    placed.place(ids(), |_, _| false);
    let mut group = c.benchmark_group("assign_100k_5x2");
    group.sample_size(10);
    group.bench_function("place", |b| {
        b.iter(|| {
            let mut a = Assignment::new(team(), 2).expect("a valid team");
            black_box(a.place(ids(), |_, _| false))
        })
    });
    group.bench_function("place_again", |b| {
        b.iter(|| black_box(placed.clone().place(ids(), |_, _| false)))
    });
    group.bench_function("release", |b| {
        b.iter(|| black_box(placed.clone().release("dana", |_| false)))
    });
    let text = to_ron(&placed);
    group.bench_function("write_file_text", |b| b.iter(|| black_box(to_ron(&placed))));
    group.bench_function("read_file_text", |b| {
        b.iter(|| black_box(parse(Path::new("assignment.ron"), &text).is_ok()))
    });
    group.finish();
}

criterion_group!(benches, assign);
criterion_main!(benches);
