//! The built-in tagger: suggestions for one article (target under 10 ms), the same as
//! the annotator makes them with 25 labels (the model's spans admitted as pending
//! suggestions), and training on 1,000 sentences (target under 5 s), on generated
//! Kazakh sentences.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use tanba::annotation::{DocAnnotations, Origin};
use tanba::corpus::{Article, SourceRef};
use tanba::desk::learning::model_candidates;
use tanba::learn::{self, Example, Labelled, Options, sentences};
use tanba::store::testing::LABELS25;
use tanba::suggest::admit;

const PLACES: [&str; 8] = [
    "Астана",
    "Алматы",
    "Атырау",
    "Шымкент",
    "Тараз",
    "Ақтөбе",
    "Семей",
    "Орал",
];
const PEOPLE: [&str; 8] = [
    "Асқар",
    "Ерлан",
    "Дана",
    "Бауыржан",
    "Айгерім",
    "Нұрлан",
    "Марат",
    "Гүлнар",
];
const WORDS: [&str; 8] = [
    "жиын",
    "өтті",
    "бүгін",
    "жаңа",
    "жоба",
    "туралы",
    "айтты",
    "жыл",
];

/// Sentence `i`: a place, a person and filler words, with their spans.
fn sentence(i: usize) -> (String, Vec<Labelled>) {
    let (place, person) = (PLACES[i % 8], PEOPLE[(i / 8) % 8]);
    let filler: Vec<&str> = (0..6).map(|k| WORDS[(i * 7 + k * 3) % 8]).collect();
    let head = format!("{} {place} қаласында ", filler[..3].join(" "));
    let p0 = filler[..3].join(" ").chars().count() + 1;
    let p1 = p0 + place.chars().count();
    let q0 = head.chars().count();
    let q1 = q0 + person.chars().count();
    let text = format!("{head}{person} мырза {}.", filler[3..].join(" "));
    let spans = vec![
        Labelled {
            start: p0,
            end: p1,
            label: 0,
        },
        Labelled {
            start: q0,
            end: q1,
            label: 1,
        },
    ];
    (text, spans)
}

fn examples(n: usize) -> Vec<Example> {
    examples_over(n, 2)
}

/// `n` sentences whose spans take `labels` labels in turn.
fn examples_over(n: usize, labels: usize) -> Vec<Example> {
    let mut clashes = 0;
    (0..n)
        .flat_map(|i| {
            let (text, mut spans) = sentence(i);
            spans[0].label = (2 * i) % labels;
            spans[1].label = (2 * i + 1) % labels;
            let a = Article::from_text(format!("s{i}"), text, SourceRef::new("g", 1));
            sentences::examples(&a, &spans, &mut clashes)
        })
        .collect()
}

fn labels() -> Vec<String> {
    vec!["LOCATION".into(), "PERSON".into()]
}

fn bench(c: &mut Criterion) {
    let model = learn::train(labels(), &examples(300), &Options::default(), &mut |_| {});
    // an article of 30 sentences, about 300 words
    let text: Vec<String> = (1000..1030).map(|i| sentence(i).0).collect();
    let article = Article::from_text("a", text.join(" "), SourceRef::new("g", 1));
    c.bench_function("learn/suggest_one_article_300_words", |b| {
        b.iter(|| black_box(learn::read(&model, &article)))
    });
    let labels25: Vec<String> = LABELS25.iter().map(|l| l.to_string()).collect();
    let model25 = learn::train(
        labels25,
        &examples_over(500, 25),
        &Options::default(),
        &mut |_| {},
    );
    let doc = DocAnnotations::new("a", "tester", &article.text);
    let origin = Origin::Model("tanba".into());
    c.bench_function("learn/annotator_suggestions_one_article_25_labels", |b| {
        b.iter(|| {
            let candidates = model_candidates(&model25, &article, |_| true);
            black_box(admit(
                &article.text,
                &doc,
                candidates,
                &origin,
                "tester",
                tanba::annotation::SpanScheme::Nested,
            ))
        })
    });
    let data = examples(1000);
    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.bench_function("train_1000_sentences", |b| {
        b.iter(|| {
            black_box(learn::train(
                labels(),
                &data,
                &Options::default(),
                &mut |_| {},
            ))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
