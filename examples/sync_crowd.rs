//! A team syncing at the same moment: N workspaces, each with 5 new annotation files per
//! round, run `tanba sync` at once against one bare repository, for several rounds.
//! Prints, per round, failures, wall time and tries per sync (median, max), then checks
//! that the remote holds every file written.
//!
//! `cargo run --release --example sync_crowd -- [WORKSPACES] [ROUNDS] [TANBA_BINARY]`
//! (defaults: 16, 3, target/release/tanba).

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::Workspace;

const TEXT: &str = "Астана әкімдігі жаңа бағдарлама жариялады.";
const FILES_PER_ROUND: usize = 5;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let people: usize = args.next().map_or(Ok(16), |a| a.parse())?;
    let rounds: usize = args.next().map_or(Ok(3), |a| a.parse())?;
    let binary = PathBuf::from(args.next().unwrap_or_else(|| "target/release/tanba".into()));
    let binary = std::fs::canonicalize(&binary)
        .with_context(|| format!("{}: build it first", binary.display()))?;
    let home = tempfile::tempdir()?;
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus)?;
    std::fs::write(corpus.join("a.txt"), TEXT)?;
    git(home.path(), &["init", "--quiet", "--bare", "remote.git"])?;
    let remote = home.path().join("remote.git");
    let workspaces: Vec<(String, PathBuf)> = (0..people)
        .map(|i| {
            (
                format!("annotator{i:02}"),
                home.path().join(format!("ws{i}")),
            )
        })
        .collect();
    for (_, ws) in &workspaces {
        Workspace::open_or_create(ws, std::slice::from_ref(&corpus))?;
    }
    println!("{people} workspaces, {FILES_PER_ROUND} new files each per round");
    let mut written = 0;
    for round in 0..rounds {
        for (who, ws) in &workspaces {
            for n in 0..FILES_PER_ROUND {
                annotate(ws, who, &format!("r{round}-{n}"))?;
                written += 1;
            }
        }
        let started = Instant::now();
        let outputs: Vec<Output> = std::thread::scope(|scope| {
            let handles: Vec<_> = workspaces
                .iter()
                .map(|(who, ws)| {
                    let (binary, remote, home) = (&binary, &remote, home.path());
                    scope.spawn(move || sync(binary, home, ws, who, remote, round == 0))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let seconds = started.elapsed().as_secs_f64();
        report(round + 1, &outputs, seconds);
    }
    let tree = git(&remote, &["ls-tree", "-r", "--name-only", "HEAD"])?;
    let on_remote = tree.lines().filter(|l| l.ends_with(".ron")).count() - 1; // tanba.ron
    let commits = git(&remote, &["rev-list", "--count", "HEAD"])?;
    let merges = git(&remote, &["rev-list", "--count", "--merges", "HEAD"])?;
    println!(
        "remote holds {on_remote} of {written} files, {} commits for {} syncs, {} merges",
        commits.trim(),
        people * rounds,
        merges.trim()
    );
    Ok(())
}

fn report(round: usize, outputs: &[Output], seconds: f64) {
    let failures: Vec<&Output> = outputs.iter().filter(|o| !o.status.success()).collect();
    let mut tries: Vec<u32> = outputs
        .iter()
        .filter(|o| o.status.success())
        .map(|o| tries_of(&String::from_utf8_lossy(&o.stdout)))
        .collect();
    tries.sort_unstable();
    let median = tries.get(tries.len() / 2).copied().unwrap_or(0);
    let max = tries.last().copied().unwrap_or(0);
    println!(
        "round {round}: {} failures, {seconds:.1} s, tries per sync median {median} max {max}",
        failures.len()
    );
    for failure in failures.iter().take(3) {
        println!("  {}", String::from_utf8_lossy(&failure.stderr).trim());
    }
}

/// `pushed to X after 4 tries` says 4; `pushed to X` alone, 1.
fn tries_of(stdout: &str) -> u32 {
    stdout
        .lines()
        .find(|l| l.starts_with("pushed to"))
        .map_or(0, |line| {
            line.split(" after ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1)
        })
}

fn annotate(ws: &Path, who: &str, article: &str) -> Result<()> {
    let workspace = Workspace::open(ws)?;
    let mut doc = DocAnnotations::new(article, who, TEXT);
    let span = Span::cut(TEXT, 0, 6, "LOCATION", Origin::Manual, who).context("a span")?;
    doc.apply(&Op::Add(span), who);
    doc.status = DocStatus::Done;
    workspace.save_doc(who, &doc)?;
    Ok(())
}

fn sync(binary: &Path, home: &Path, ws: &Path, who: &str, remote: &Path, first: bool) -> Output {
    let mut command = Command::new(binary);
    command.arg("sync").arg("--workspace").arg(ws);
    command.args(["--annotator", who]);
    if first {
        command.arg("--remote").arg(remote);
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("tanba runs")
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output()?;
    if !out.status.success() {
        bail!("git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
