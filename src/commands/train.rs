//! `tanba train PATH...`: the built-in tagger learns the spans `tanba export` would write
//! for the same selection; `--eval PATH...` scores it on a corpus whose pre-annotations
//! are the gold.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::export::{Picks, refuse_doc_errors};
use super::{Access, Session};
use crate::cli::{TrainArgs, WorkspaceArgs};
use crate::corpus::{self, Article, LoadOptions};
use crate::export::{self, Nested, Tally};
use crate::learn::{self, Example, Labelled, MODEL_FILE, Model, Options, sentences};
use crate::text::count;

pub fn run(args: &TrainArgs) -> Result<ExitCode> {
    // the workspace is where the model lives, with -o or without
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    for problem in &session.corpus.problems {
        eprintln!("tanba: warning: {problem}");
    }
    let (docs, errors) = session.workspace.load_all(&session.corpus);
    refuse_doc_errors(&errors)?;
    let p = &args.picks;
    let picks = Picks {
        annotator: p.annotator.as_deref(),
        status: &p.status,
        labels: &p.labels,
        include_pending: p.include_pending,
    };
    let selection = picks.selection(&session.workspace)?;
    super::check_labels(&p.labels, &session.workspace.settings.labels, |known| {
        known.extend(
            docs.values()
                .flat_map(|d| d.spans.iter().map(|s| s.label.as_str())),
        );
    })?;
    let plan = export::plan(&session.corpus, &docs, &selection);
    let mut tally = Tally::default();
    let items = plan.items(&selection, &mut tally);
    let chosen: Vec<(&Article, Vec<&crate::annotation::Span>)> = items
        .iter()
        .map(|i| {
            (
                i.article,
                export::flatten(&i.spans, Nested::Outermost, &mut tally),
            )
        })
        .collect();
    let data = Data::gather(&chosen);
    if data.spans.is_empty() {
        let pending = tally
            .skipped
            .get(&export::Skip::Pending)
            .copied()
            .unwrap_or(0);
        anyhow::bail!(
            "nothing to learn: the selection holds no spans ({pending} pending spans left out, \
             {} articles nobody annotated; add --include-pending to learn their tags); \
             no model written",
            plan.unannotated
        );
    }
    let started = Instant::now();
    let bar = progress_bar(args.epochs);
    let options = Options {
        epochs: args.epochs.max(1),
        ..Options::default()
    };
    let model = learn::train(data.labels.clone(), &data.examples, &options, &mut |e| {
        bar.set_position(e as u64)
    });
    bar.finish_and_clear();
    let took = started.elapsed();
    let path = match &args.output {
        Some(path) => path.clone(),
        None => session.workspace.root.join(MODEL_FILE),
    };
    model
        .save(&path)
        .with_context(|| format!("writing the model to {}", path.display()))?;
    eprint!("{}", data.summary(&tally, items.len(), took, &path));
    if !args.eval.is_empty() {
        let scores = evaluate(&model, &args.eval, &args.corpus.workspace)?;
        print_scores(&scores, args.json);
    }
    Ok(ExitCode::SUCCESS)
}

/// The training sentences of the chosen spans, and what they hold.
struct Data {
    labels: Vec<String>,
    examples: Vec<Example>,
    spans: BTreeMap<String, usize>,
    /// Spans left out because they share a CoNLL token with an earlier one.
    clashes: usize,
}

impl Data {
    fn gather(chosen: &[(&Article, Vec<&crate::annotation::Span>)]) -> Data {
        let mut spans: BTreeMap<String, usize> = BTreeMap::new();
        for (_, kept) in chosen {
            for s in kept {
                *spans.entry(s.label.clone()).or_default() += 1;
            }
        }
        let labels: Vec<String> = spans.keys().cloned().collect();
        let mut clashes = 0;
        let mut examples = Vec::new();
        for (article, kept) in chosen {
            let labelled: Vec<Labelled> = kept
                .iter()
                .map(|s| Labelled {
                    start: s.start,
                    end: s.end,
                    label: labels.binary_search(&s.label).expect("gathered above"),
                })
                .collect();
            examples.extend(sentences::examples(article, &labelled, &mut clashes));
        }
        Data {
            labels,
            examples,
            spans,
            clashes,
        }
    }

    fn summary(
        &self,
        tally: &Tally,
        articles: usize,
        took: std::time::Duration,
        path: &Path,
    ) -> String {
        let tokens: usize = self.examples.iter().map(|e| e.words.len()).sum();
        let total: usize = self.spans.values().sum();
        let mut out = format!(
            "trained on {} ({}) of {}, {} in {:.1} s\n",
            count(self.examples.len(), "sentence", "sentences"),
            count(tokens, "token", "tokens"),
            super::articles(articles),
            count(total, "span", "spans"),
            took.as_secs_f64()
        );
        for (label, n) in &self.spans {
            out += &format!("  {label:<16} {n}\n");
        }
        for (why, n) in &tally.skipped {
            let spans = count(*n, "span", "spans");
            out += &format!("  left out: {spans}, {}\n", skip_reason(*why));
        }
        if self.clashes > 0 {
            out += &format!(
                "  left out: {} sharing a token with an earlier span\n",
                count(self.clashes, "span", "spans")
            );
        }
        out += &format!("model written to {}\n", path.display());
        out
    }
}

fn skip_reason(why: export::Skip) -> &'static str {
    use export::Skip::*;
    match why {
        Rejected => "rejected",
        Pending => "pending (add --include-pending to learn them)",
        OtherLabel => "other labels",
        Flagged => "flagged",
        Drifted => "drifted from the text",
        Nested => "nested in a longer span (the longest is learned)",
        Overlap => "overlapping a longer span",
        SameRange => "same range as another label",
        _ => "not usable",
    }
}

/// Scores `model` on the corpora at `paths`, their pre-annotations the gold.
fn evaluate(model: &Model, paths: &[PathBuf], read: &WorkspaceArgs) -> Result<learn::eval::Scores> {
    let options = LoadOptions {
        from: read.read.from.map(Into::into),
        sentences_per_article: read.read.sentences_per_article.map(|n| n as usize),
    };
    let corpus = corpus::load_with(paths, options);
    for problem in &corpus.problems {
        eprintln!("tanba: warning: {problem}");
    }
    let gold = corpus.articles.iter().map(|a| {
        let spans = a
            .imported
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()));
        (a, spans.collect())
    });
    Ok(learn::evaluate(model, gold))
}

fn print_scores(scores: &learn::eval::Scores, json: bool) {
    if json {
        println!("{}", scores.to_json());
        return;
    }
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>8}",
        "label", "precision", "recall", "f1", "support"
    );
    let row = |name: &str, f: learn::eval::Figures| {
        println!(
            "{name:<16} {:>9.4} {:>9.4} {:>9.4} {:>8}",
            f.precision, f.recall, f.f1, f.support
        );
    };
    for (label, counts) in &scores.per_label {
        row(label, counts.figures());
    }
    row("micro", scores.micro());
}

fn progress_bar(epochs: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(epochs as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} epoch {pos}/{len}, {elapsed}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_one_of_each_in_the_singular() {
        let data = Data {
            labels: vec!["LOCATION".into()],
            examples: Vec::new(),
            spans: BTreeMap::from([("LOCATION".to_string(), 1)]),
            clashes: 1,
        };
        let mut tally = Tally::default();
        tally.skipped.insert(export::Skip::Rejected, 1);
        let took = std::time::Duration::from_millis(100);
        let said = data.summary(&tally, 1, took, Path::new("m.ron"));
        assert!(
            said.starts_with("trained on 0 sentences (0 tokens) of 1 article, 1 span in 0.1 s\n"),
            "{said}"
        );
        assert!(said.contains("  left out: 1 span, rejected\n"), "{said}");
        assert!(
            said.contains("  left out: 1 span sharing a token with an earlier span\n"),
            "{said}"
        );
    }
}
