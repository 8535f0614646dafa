//! The built-in tagger on KazNERD's validation split: trains on nine sentences in ten and
//! scores the tenth (every tenth sentence held out, the split `benches/crfsuite_baseline.py`
//! uses), then prints F1 per label, training time, prediction speed and model size.
//!
//!     cargo run --release --example learn_kaznerd -- ../shared/data/kaznerd/IOB2_valid.txt
//!     ... -- PATH --curve            # learning curve: 100, 300, 1000, 3000 sentences, all
//!     ... -- PATH --limit N --epochs E --no-gazetteer
//!
//! KazNERD: Yeshpanov, Khassanov, Varol, "KazNERD: Kazakh Named Entity Recognition
//! Dataset", LREC 2022, pages 417-426; CC BY 4.0.

use std::path::PathBuf;
use std::time::Instant;

use tanba::corpus::{self, Article, LoadOptions, Reader};
use tanba::learn::{self, Example, Labelled, Options, sentences};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: learn_kaznerd PATH [--curve] [--limit N] [--epochs E] [--no-gazetteer]");
        std::process::exit(2);
    };
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse::<usize>().expect("a number"))
    };
    let mut options = Options::default();
    if let Some(e) = value("--epochs") {
        options.epochs = e;
    }
    options.gazetteer = !args.iter().any(|a| a == "--no-gazetteer");
    let load = LoadOptions {
        from: Some(Reader::Conll),
        sentences_per_article: Some(1),
    };
    let corpus = corpus::load_with(&[PathBuf::from(path)], load);
    let labels = corpus::imported_labels(&corpus.articles);
    let (train, test): (Vec<&Article>, Vec<&Article>) = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (i % 10 != 9, a))
        .fold((Vec::new(), Vec::new()), |(mut tr, mut te), (keep, a)| {
            if keep {
                tr.push(a)
            } else {
                te.push(a)
            }
            (tr, te)
        });
    println!(
        "{} sentences, {} labels; {} to train on, {} held out",
        corpus.articles.len(),
        labels.len(),
        train.len(),
        test.len()
    );
    let sizes: Vec<usize> = if args.iter().any(|a| a == "--curve") {
        vec![100, 300, 1000, 3000, train.len()]
    } else {
        vec![value("--limit").unwrap_or(train.len()).min(train.len())]
    };
    for n in sizes {
        run(&labels, &train[..n], &test, &options, n == train.len());
    }
}

fn gold(article: &Article, labels: &[String]) -> Vec<Labelled> {
    article
        .imported
        .iter()
        .map(|s| Labelled {
            start: s.start,
            end: s.end,
            label: labels
                .iter()
                .position(|l| l == s.label.as_str())
                .expect("a label"),
        })
        .collect()
}

fn run(labels: &[String], train: &[&Article], test: &[&Article], options: &Options, full: bool) {
    let start = Instant::now();
    let mut clashes = 0;
    let examples: Vec<Example> = train
        .iter()
        .flat_map(|a| sentences::examples(a, &gold(a, labels), &mut clashes))
        .collect();
    let model = learn::train(labels.to_vec(), &examples, options, &mut |_| {});
    let train_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let scores = learn::evaluate(
        &model,
        test.iter().map(|a| {
            let spans = a
                .imported
                .iter()
                .map(|s| (s.start, s.end, s.label.as_str()));
            (*a, spans.collect())
        }),
    );
    let predict_s = start.elapsed().as_secs_f64();
    let micro = scores.micro();
    println!(
        "train {:>5} sentences: F1 {:.4} (P {:.4} R {:.4}), training {:.2} s, {:.0} sentences/s tagged",
        train.len(),
        micro.f1,
        micro.precision,
        micro.recall,
        train_s,
        test.len() as f64 / predict_s
    );
    if !full {
        return;
    }
    let bytes = model.to_bytes();
    let json = serde_json::to_vec(&model).expect("json");
    println!(
        "model: {} features, {} weights; postcard {} bytes, JSON {} bytes",
        model.size().0,
        model.size().1,
        bytes.len(),
        json.len()
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>8}",
        "label", "precision", "recall", "F1", "support"
    );
    for (label, counts) in &scores.per_label {
        let f = counts.figures();
        println!(
            "{label:<14} {:>9.4} {:>9.4} {:>9.4} {:>8}",
            f.precision, f.recall, f.f1, f.support
        );
    }
}
