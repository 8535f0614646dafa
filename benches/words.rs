//! Word counting (`tanba stats`) and the index build's folding of words, over 5,000
//! generated realistic articles (~22 MB): the block scan of `text::word_count` (64 bytes
//! at a time, from bit masks) beside `unicode_words().count()`, which it replaced and must
//! equal; `search::fold::fold_words_appending` and `skeleton_of_fold`, the first and the
//! last step of the first search.
//! Throughput is in bytes of article text.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tanba::corpus::Vocabulary;
use unicode_segmentation::UnicodeSegmentation;

const ARTICLES: usize = 5_000;

fn article_texts() -> Vec<String> {
    tanba::corpus::generate_with(ARTICLES, 1, Vocabulary::Realistic)
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line).expect("generated JSON");
            value["text"].as_str().expect("a text field").to_string()
        })
        .collect()
}

fn word_count(c: &mut Criterion) {
    let texts = article_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let fast: usize = texts.iter().map(|t| tanba::text::word_count(t)).sum();
    let reference: usize = texts.iter().map(|t| t.unicode_words().count()).sum();
    assert_eq!(
        fast, reference,
        "the fast count must equal unicode-segmentation"
    );
    let mut group = c.benchmark_group("word_count");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("realistic_5k_class_scan", |b| {
        b.iter(|| {
            let t = black_box(&texts);
            t.iter().map(|t| tanba::text::word_count(t)).sum::<usize>()
        })
    });
    group.bench_function("realistic_5k_unicode_words", |b| {
        b.iter(|| {
            let t = black_box(&texts);
            t.iter().map(|t| t.unicode_words().count()).sum::<usize>()
        })
    });
    group.finish();
}

/// The index build's first step: each word of a text folded, end to end, into one buffer.
fn fold_words(c: &mut Criterion) {
    let texts = article_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("fold_words");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("realistic_5k_appending", |b| {
        b.iter(|| fold_all(black_box(&texts)))
    });
    // the same texts in the Kazakh Latin alphabet of 2021: accented letters, which the
    // folds in blocks leave to the char-by-char fold
    let latin: Vec<String> = texts.iter().map(|t| kazakh_latin(t)).collect();
    group.throughput(Throughput::Bytes(
        latin.iter().map(String::len).sum::<usize>() as u64,
    ));
    group.bench_function("realistic_5k_kazakh_latin", |b| {
        b.iter(|| fold_all(black_box(&latin)))
    });
    group.finish();
}

/// Folds each text as the index build does: how many words.
fn fold_all(texts: &[String]) -> usize {
    let (mut folds, mut ends) = (Vec::new(), Vec::new());
    let mut words = 0;
    for t in texts {
        folds.clear();
        ends.clear();
        tanba::search::fold::fold_words_appending(t, &mut folds, &mut ends);
        words += ends.len();
    }
    words
}

/// `text` spelled in the Kazakh Latin alphabet of 2021 (near enough for a benchmark).
fn kazakh_latin(text: &str) -> String {
    const CYRILLIC: &str =
        "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяәАБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯӘ";
    const LATIN: [&str; 84] = [
        "a", "b", "v", "g", "ğ", "d", "e", "io", "j", "z", "i", "i", "k", "q", "l", "m", "n", "ñ",
        "o", "ö", "p", "r", "s", "t", "u", "ū", "ü", "f", "h", "h", "ts", "ch", "ş", "ş", "", "y",
        "ı", "", "e", "iu", "ia", "ä", "A", "B", "V", "G", "Ğ", "D", "E", "Io", "J", "Z", "I", "I",
        "K", "Q", "L", "M", "N", "Ñ", "O", "Ö", "P", "R", "S", "T", "U", "Ū", "Ü", "F", "H", "H",
        "Ts", "Ch", "Ş", "Ş", "", "Y", "I", "", "E", "Iu", "Ia", "Ä",
    ];
    let spelled = |c: char| CYRILLIC.chars().position(|k| k == c).map(|i| LATIN[i]);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match spelled(c) {
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
    }
    out
}

/// The index build's last step for each distinct word: its skeleton (the Latin key).
fn skeletons(c: &mut Criterion) {
    let mut folds = std::collections::BTreeSet::new();
    let (mut buf, mut ends) = (Vec::new(), Vec::new());
    for t in article_texts() {
        buf.clear();
        ends.clear();
        tanba::search::fold::fold_words_appending(&t, &mut buf, &mut ends);
        let mut from = 0;
        for &end in &ends {
            folds.insert(String::from_utf8_lossy(&buf[from..end as usize]).into_owned());
            from = end as usize;
        }
    }
    // end to end in one string, as the index holds them (one allocation each would make
    // this a measure of cache misses)
    let words = folds.len();
    let text: String = folds.iter().map(String::as_str).collect();
    let ends: Vec<usize> = folds
        .iter()
        .scan(0, |end, f| {
            *end += f.len();
            Some(*end)
        })
        .collect();
    let mut group = c.benchmark_group("skeletons");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(10);
    group.bench_function("realistic_5k_distinct_words", |b| {
        let mut out = String::new();
        b.iter(|| {
            let (mut bytes, mut from) = (0, 0);
            for &end in black_box(&ends) {
                tanba::search::fold::skeleton_of_fold(&text[from..end], &mut out);
                bytes += out.len();
                from = end;
            }
            bytes
        })
    });
    group.finish();
}

criterion_group!(benches, word_count, fold_words, skeletons);
criterion_main!(benches);
