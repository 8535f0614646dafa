//! `tanba lint` against `tanba verify` on one workspace: the generator's 100,000 articles
//! (TANBA_BENCH_ARTICLES to change) with every other one annotated (50,000 files, the
//! pre-annotations accepted, marked done). Both run as the real binary, as a user runs
//! them; the issue asks lint to take at most twice verify's time.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tanba::annotation::{DocStatus, SpanState};
use tanba::corpus::{Vocabulary, generate_articles_with, generate_with};
use tanba::store::{Workspace, fresh_doc};

fn articles() -> usize {
    std::env::var("TANBA_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// The corpus file and a workspace with every other article annotated.
fn setup(dir: &Path) -> (String, String) {
    let file = dir.join("corpus.jsonl");
    let lines: Vec<String> = generate_with(articles(), 42, Vocabulary::Realistic).collect();
    std::fs::write(&file, lines.join("\n")).expect("writing the corpus");
    drop(lines);
    let ws = dir.join("ws");
    let workspace =
        Workspace::open_or_create(&ws, std::slice::from_ref(&file)).expect("a workspace");
    for article in generate_articles_with(articles(), 42, Vocabulary::Realistic)
        .iter()
        .step_by(2)
    {
        let mut doc = fresh_doc(article, "bench");
        for span in &mut doc.spans {
            span.state = SpanState::Accepted;
        }
        doc.status = DocStatus::Done;
        workspace
            .save_doc("bench", &doc)
            .expect("saving a document");
    }
    let s = |p: &Path| p.to_str().expect("a UTF-8 temp path").to_string();
    (s(&file), s(&ws))
}

fn tanba(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(args)
        .output()
        .expect("running tanba");
    // 0 or 1 (findings, drift); 2 or more is a failure to run
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (corpus, ws) = setup(dir.path());
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("verify", |b| {
        b.iter(|| tanba(&["verify", &corpus, "--workspace", &ws]))
    });
    group.bench_function("lint", |b| {
        b.iter(|| tanba(&["lint", &corpus, "--workspace", &ws, "--json"]))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
