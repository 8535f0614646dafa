//! Writes a deterministic, news-like JSONL corpus for benchmarks and trials:
//! `cargo run --release --example gen_corpus -- --articles 100000 --out big.jsonl`
//! (`--vocabulary realistic` for Kazakh/Russian word forms whose number grows as in real
//! news; `--count-forms` prints how many distinct word forms were written).
//! `--workspace DIR` also makes a workspace over the corpus with every other article
//! annotated by `bench`, shaped like real work (see `write_workspace`): what `tanba lint`
//! and `tanba verify` are measured on (`benches/scale.sh`).

use anyhow::Context;
use clap::{Parser, ValueEnum};
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use tanba::corpus::Vocabulary;

#[derive(Parser)]
#[command(about = "Generate a large JSONL corpus of Kazakh/Russian/English news-like articles")]
struct Args {
    /// How many articles to write.
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// The same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output file (`-` for standard output).
    #[arg(long)]
    out: PathBuf,
    /// Which words fill the articles.
    #[arg(long, value_enum, default_value = "basic")]
    vocabulary: VocabularyArg,
    /// Print the number of distinct (lowercased) word forms on stderr.
    #[arg(long)]
    count_forms: bool,
    /// Also make a workspace here over the corpus (`--out` must be a file), with one
    /// annotation file for every other article.
    #[arg(long)]
    workspace: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum VocabularyArg {
    Basic,
    Realistic,
}

/// Adds the lowercased words of the line's text to `forms`.
fn count_forms(line: &str, forms: &mut HashSet<String>) -> anyhow::Result<()> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    let text = value["text"].as_str().unwrap_or_default();
    for word in tanba::search::fold::words(text) {
        forms.insert(word.text.to_lowercase());
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sink: Box<dyn Write> = if args.out.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        let file = std::fs::File::create(&args.out)
            .with_context(|| format!("creating {}", args.out.display()))?;
        Box::new(file)
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let vocabulary = match args.vocabulary {
        VocabularyArg::Basic => Vocabulary::Basic,
        VocabularyArg::Realistic => Vocabulary::Realistic,
    };
    let mut forms: HashSet<String> = HashSet::new();
    for line in tanba::corpus::generate_with(args.articles, args.seed, vocabulary) {
        if args.count_forms {
            count_forms(&line, &mut forms)?;
        }
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", args.out.display()))?;
    if args.count_forms {
        eprintln!("{} distinct word forms", forms.len());
    }
    if let Some(dir) = &args.workspace {
        anyhow::ensure!(args.out.as_os_str() != "-", "--workspace needs --out FILE");
        let written = write_workspace(dir, &args.out, (args.articles, args.seed, vocabulary))?;
        eprintln!("{written} annotation files in {}", dir.display());
    }
    Ok(())
}

/// A workspace over `corpus` where `bench` annotated every other article as people do:
/// most pre-annotations accepted and the article done, one in ten rejected, one article
/// in eight still in progress with its spans pending, one span in fifteen relabelled
/// (the label conflicts a real team leaves). Returns how many files were written.
fn write_workspace(
    dir: &std::path::Path,
    corpus: &std::path::Path,
    (articles, seed, vocabulary): (usize, u64, Vocabulary),
) -> anyhow::Result<usize> {
    use tanba::annotation::{DocStatus, Op, SpanState};
    const WHO: &str = "bench";
    let workspace = tanba::store::Workspace::open_or_create(dir, &[corpus.to_path_buf()])?;
    let labels: Vec<String> = workspace
        .settings
        .labels
        .names()
        .map(String::from)
        .collect();
    let mut written = 0;
    let generated = tanba::corpus::generate_articles_with(articles, seed, vocabulary);
    for (n, article) in generated.iter().step_by(2).enumerate() {
        let mut doc = tanba::store::fresh_doc(article, WHO);
        let in_progress = n % 8 == 7;
        // each decision made as the annotator makes it, so the file has its audit log
        let spans = doc.spans.clone();
        for (i, old) in spans.into_iter().enumerate() {
            let turn = n * 31 + i * 7;
            let mut new = old.clone();
            new.state = match (in_progress, turn % 10) {
                (true, _) => continue,
                (false, 0) => SpanState::Rejected,
                (false, _) => SpanState::Accepted,
            };
            if turn % 15 == 4 && !labels.is_empty() {
                new.label = labels[turn % labels.len()].clone();
            }
            doc.apply(&Op::Replace { old, new }, WHO);
        }
        let status = if in_progress {
            DocStatus::InProgress
        } else {
            DocStatus::Done
        };
        doc.apply(
            &Op::Status {
                old: doc.status,
                new: status,
            },
            WHO,
        );
        workspace.save_doc(WHO, &doc)?;
        written += 1;
    }
    Ok(written)
}
