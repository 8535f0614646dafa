//! Suggestions on opening an article: a 50,000-entry gazetteer of multi-word Kazakh and
//! Russian names matched against one article (the seed, and a generated one).
//! Target on a 2-core machine: median under 5 ms per article.

use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeSet;
use std::hint::black_box;
use tanba::annotation::{DocAnnotations, SpanScheme};
use tanba::corpus::generate::generate_articles;
use tanba::corpus::generate::words::{KAZAKH, Lang, RUSSIAN};
use tanba::suggest::{FoldedWords, Gazetteer, GazetteerBuilder, from_gazetteer};

const ENTRIES: usize = 50_000;
const SEED: &str = include_str!("../sample-data/atyrau-anticorruption-commission.kk.txt");

/// Surnames made from first names, as Kazakh and Russian ones are.
const PATRONYMS: [&str; 6] = ["ов", "ова", "ұлы", "қызы", "баев", "ин"];

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Distinct people, agencies and places; deterministic.
fn names(count: usize) -> Vec<(String, &'static str)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(count);
    let mut push = |name: String, label: &'static str| {
        if seen.insert(name.clone()) {
            out.push((name, label));
        }
        out.len()
    };
    let mut len = 0;
    for lang in [&KAZAKH, &RUSSIAN] {
        for first in lang.first_names {
            for surname in lang.surnames {
                len = push(format!("{first} {surname}"), "PERSON");
            }
        }
        for place in lang.places {
            len = push(place.to_string(), "LOCATION");
            for agency in lang.agencies {
                len = push(format!("{place} {agency}"), "AGENCY");
            }
        }
    }
    // every combination once: i read as digits in mixed radix over the lists
    let langs: [&Lang; 2] = [&KAZAKH, &RUSSIAN];
    let mut i = 0usize;
    while len < count {
        let lang = langs[i % 2];
        let mut rest = i / 2;
        let mut digit = |list_len: usize| {
            let d = rest % list_len;
            rest /= list_len;
            d
        };
        let kind = digit(3);
        let first = lang.first_names[digit(lang.first_names.len())];
        let father = lang.first_names[digit(lang.first_names.len())];
        let suffix = PATRONYMS[digit(PATRONYMS.len())];
        let place = lang.places[digit(lang.places.len())];
        let agency = lang.agencies[digit(lang.agencies.len())];
        let ending = ["төбе", "қала", "ауыл", "град"][digit(4)];
        let stem = title_case(lang.stems[digit(lang.stems.len())]);
        len = match kind {
            0 => push(format!("{first} {father}{suffix} {stem}ов"), "PERSON"),
            1 => push(format!("{place} {stem} {agency}"), "AGENCY"),
            _ => push(format!("{stem}{ending} {place}"), "LOCATION"),
        };
        i += 1;
    }
    out.truncate(count);
    out
}

fn gazetteer() -> Gazetteer {
    let mut builder = GazetteerBuilder::default();
    for (name, label) in names(ENTRIES) {
        builder.add(&name, label);
    }
    builder.build()
}

fn bench(c: &mut Criterion) {
    let names = names(ENTRIES);
    let g = gazetteer();
    let generated = generate_articles(20, 7)
        .into_iter()
        .find(|a| a.id.contains("kk") || a.text.contains('қ'))
        .expect("a Kazakh article");
    for (what, text) in [("seed", SEED), ("generated", generated.text.as_str())] {
        let doc = DocAnnotations::new("a", "me", text);
        eprintln!(
            "{what}: {} chars, {} words, {} suggestions from {} entries",
            text.chars().count(),
            FoldedWords::new(text).len(),
            from_gazetteer(&g, text, &doc, "me", SpanScheme::Nested).len(),
            g.len()
        );
    }
    let mut group = c.benchmark_group("suggest_50k");
    group.sample_size(30);
    for (what, text) in [("seed", SEED), ("generated", generated.text.as_str())] {
        let doc = DocAnnotations::new("a", "me", text);
        group.bench_function(format!("open_{what}_article"), |b| {
            b.iter(|| black_box(from_gazetteer(&g, text, &doc, "me", SpanScheme::Nested)))
        });
    }
    group.sample_size(10);
    group.bench_function("build_gazetteer", |b| {
        b.iter(|| {
            let mut builder = GazetteerBuilder::default();
            for (name, label) in &names {
                builder.add(name, label);
            }
            black_box(builder.build())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
