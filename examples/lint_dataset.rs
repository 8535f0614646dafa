//! What `tanba lint` finds in a dataset read as one annotator's accepted work: every
//! pre-annotation accepted, every article done, all in memory (nothing is written).
//!
//! `cargo run --release --example lint_dataset -- ../shared/data/kaznerd/IOB2_valid.txt 20`
//! (the numbers: CoNLL sentences per article, findings shown per kind, 8 by default).
//! Prints the counts per kind and per label, and the first findings of each kind.

use anyhow::{Context, Result};
use std::path::PathBuf;
use strum::VariantArray;

use tanba::annotation::{DocStatus, LabelSet, SpanState};
use tanba::corpus::{LoadOptions, load_with};
use tanba::lint::{Doc, Kind, Options, counts, lint};
use tanba::store::fresh_doc;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().context("give a corpus file")?);
    let per_article = args.next().map(|n| n.parse()).transpose()?;
    let shown: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(8);
    let options = LoadOptions {
        sentences_per_article: per_article,
        ..LoadOptions::default()
    };
    let corpus = load_with(&[path], options);
    let docs: Vec<_> = corpus
        .articles
        .iter()
        .map(|article| {
            let mut doc = fresh_doc(article, "dataset");
            doc.spans
                .iter_mut()
                .for_each(|s| s.state = SpanState::Accepted);
            doc.status = DocStatus::Done;
            doc
        })
        .collect();
    let mut labels = LabelSet::default();
    labels.add_names(
        tanba::corpus::imported_labels(&corpus.articles)
            .iter()
            .map(String::as_str),
    );
    let linted: Vec<Doc> = docs
        .iter()
        .zip(&corpus.articles)
        .enumerate()
        .map(|(order, (doc, article))| Doc {
            order,
            text: &article.text,
            doc,
            search: true,
        })
        .collect();
    let spans: usize = docs.iter().map(|d| d.spans.len()).sum();
    let findings = lint(&linted, &labels, &Options::default());
    println!(
        "{} articles, {spans} spans, {} findings",
        docs.len(),
        findings.len()
    );
    println!("{:?}", counts(&findings));
    for kind in [Kind::Unlabeled, Kind::LabelConflict] {
        let mut per_label = std::collections::BTreeMap::new();
        for f in findings.iter().filter(|f| f.kind == kind) {
            *per_label.entry(f.label.as_str()).or_insert(0) += 1;
        }
        println!("{} by label: {per_label:?}", kind.name());
    }
    for kind in Kind::VARIANTS {
        for f in findings.iter().filter(|f| f.kind == *kind).take(shown) {
            let article = &corpus.articles[f.order];
            let chars: Vec<char> = article.text.chars().collect();
            let context: String = chars[f.start.saturating_sub(40)..(f.end + 40).min(chars.len())]
                .iter()
                .collect();
            println!(
                "{} {} {}..{} {} {:?}: {}\n    …{}…",
                kind.name(),
                f.article,
                f.start,
                f.end,
                f.label,
                f.text,
                f.detail,
                context.replace('\n', " ")
            );
        }
    }
    Ok(())
}
