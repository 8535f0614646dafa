//! Times the index build as the first search runs it, a batch of 8,192 articles at a
//! time (`BATCH=N` for another size), without the reading, in process and again and
//! again: the least of the rounds is the figure least moved by other work on the
//! machine. `build_parts FILE [ROUNDS]`.

use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;
use tanba::search::IndexBuilder;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let Some(file) = args.next() else {
        anyhow::bail!("usage: build_parts FILE [ROUNDS]");
    };
    let rounds: usize = match args.next() {
        Some(n) => n.to_string_lossy().parse().context("ROUNDS is a number")?,
        None => 5,
    };
    let batch: usize = match std::env::var("BATCH") {
        Ok(n) => n.parse().context("BATCH is a number of articles")?,
        Err(_) => 8192,
    };
    let corpus = tanba::corpus::load(&[PathBuf::from(&file)]);
    if let Some(first) = corpus.problems.first() {
        eprintln!(
            "{} problems reading the corpus, the first: {first}",
            corpus.problems.len()
        );
    }
    if corpus.articles.is_empty() || rounds == 0 || batch == 0 {
        anyhow::bail!("nothing to time: no articles, rounds or batch");
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        let mut builder = IndexBuilder::new(false);
        for part in corpus.articles.chunks(batch) {
            builder.add(part);
        }
        let index = builder.finish();
        times.push(started.elapsed().as_secs_f64());
        std::hint::black_box(index.vocabulary());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} articles: least {:.3} s, median {:.3} s",
        corpus.articles.len(),
        times[0],
        times[times.len() / 2]
    );
    Ok(())
}
