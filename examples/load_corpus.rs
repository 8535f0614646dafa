//! Loads a corpus and prints counts and the time taken; used to measure peak memory
//! with `/usr/bin/time -v cargo run --release --example load_corpus -- FILE`.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let started = Instant::now();
    let corpus = tanba::corpus::load(&paths);
    let elapsed = started.elapsed();
    let spans: usize = corpus.articles.iter().map(|a| a.imported.len()).sum();
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    println!(
        "{} articles ({} MB of text, {} pre-annotated spans), {} problems, loaded in {:.3} s",
        corpus.articles.len(),
        bytes / 1_000_000,
        spans,
        corpus.problems.len(),
        elapsed.as_secs_f64()
    );
    for problem in corpus.problems.iter().take(10) {
        println!("{problem}");
    }
    // resident now and at the peak, as the kernel counts them (Linux only)
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines() {
            if line.starts_with("VmRSS") || line.starts_with("VmHWM") {
                println!("{line}");
            }
        }
    }
}
