//! Saving one edit: the bytes written and the time taken (fsync included), after 10 and
//! after 5,000 edits of the seed article, through the journal (`store::Journals`, what the
//! saver thread runs) and, for comparison, by rewriting the whole file as before it.
//! `cargo bench --bench save`; the byte counts are printed before the timings.

use criterion::Criterion;
use std::path::Path;
use std::time::Duration;

use tanba::annotation::{DocAnnotations, Op, Origin, Span};
use tanba::store::{Journals, atomic_write, doc_to_ron};

const SEED: &str = include_str!("../sample-data/atyrau-anticorruption-commission.kk.txt");

/// The seed's words as code point ranges.
fn words() -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in SEED.chars().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Edit number `n` of a long day: tag a word, and every other edit untag the one before
/// (a curator settling candidates, undo and redo): the spans stay few, the log grows.
fn edit(doc: &mut DocAnnotations, words: &[(usize, usize)], n: usize) {
    let (start, end) = words[(n / 2) % words.len()];
    let span = Span::cut(SEED, start, end, "PERSON", Origin::Manual, "me").unwrap();
    let op = match n % 2 {
        0 => Op::Add(span),
        _ => Op::Remove(
            doc.spans
                .iter()
                .find(|s| s.key() == span.key())
                .unwrap()
                .clone(),
        ),
    };
    doc.apply(&op, "me");
}

/// A document after `n` edits, saved through a fresh session's journals.
fn after(dir: &Path, words: &[(usize, usize)], n: usize) -> (DocAnnotations, Journals) {
    let path = dir.join("seed.ron");
    let mut doc = DocAnnotations::new("seed", "me", SEED);
    for i in 0..n {
        edit(&mut doc, words, i);
    }
    let mut journals = Journals::default();
    journals.save(&path, &mut doc).unwrap();
    (doc, journals)
}

/// Bytes written per edit over the `window` edits that follow edit `n`, compactions
/// included, through the journal; and what rewriting the file would have cost.
fn bytes_per_edit(words: &[(usize, usize)], n: usize, window: usize) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.ron");
    let (mut doc, mut journals) = after(dir.path(), words, n);
    let (mut journal, mut whole) = (0u64, 0u64);
    for i in n..n + window {
        edit(&mut doc, words, i);
        journal += journals.save(&path, &mut doc).unwrap().bytes;
        whole += doc_to_ron(&doc).len() as u64;
    }
    (journal as f64 / window as f64, whole as f64 / window as f64)
}

fn report_bytes(words: &[(usize, usize)]) {
    for (n, window) in [(10, 10), (5_000, 10), (10, 5_000), (5_000, 5_000)] {
        let (journal, whole) = bytes_per_edit(words, n, window);
        println!(
            "bytes per edit after {n} edits (mean of the next {window}, compactions \
             included): journal {journal:.0}, whole file {whole:.0}"
        );
    }
}

fn bench(c: &mut Criterion) {
    let words = words();
    report_bytes(&words);
    let mut group = c.benchmark_group("save");
    for n in [10, 5_000] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.ron");
        let (mut doc, mut journals) = after(dir.path(), &words, n);
        let mut i = n;
        group.bench_function(format!("journal after {n} edits"), |b| {
            b.iter(|| {
                edit(&mut doc, &words, i);
                i += 1;
                journals.save(&path, &mut doc).unwrap()
            })
        });
        let (mut doc, _) = after(dir.path(), &words, n);
        let mut i = n;
        group.bench_function(format!("whole file after {n} edits"), |b| {
            b.iter(|| {
                edit(&mut doc, &words, i);
                i += 1;
                atomic_write(&path, doc_to_ron(&doc).as_bytes()).unwrap()
            })
        });
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
}
