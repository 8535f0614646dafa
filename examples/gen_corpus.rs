//! Writes a deterministic, news-like JSONL corpus for benchmarks and trials:
//! `cargo run --release --example gen_corpus -- --articles 100000 --out big.jsonl`

use anyhow::Context;
use clap::Parser;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

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
    for line in tanba::corpus::generate(args.articles, args.seed) {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", args.out.display()))?;
    Ok(())
}
