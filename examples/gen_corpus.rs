//! Writes a deterministic, news-like JSONL corpus for benchmarks and trials:
//! `cargo run --release --example gen_corpus -- --articles 100000 --out big.jsonl`
//! (`--vocabulary realistic` for Kazakh/Russian word forms whose number grows as in real
//! news; `--count-forms` prints how many distinct word forms were written).

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
    Ok(())
}
