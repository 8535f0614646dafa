//! `tanba sync`: the workspace travels through git (see `crate::sync`).

use anyhow::{Result, anyhow, bail};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use super::{Access, Found, WorkspaceKind, locate};
use crate::cli::SyncArgs;
use crate::config::Config;
use crate::sync::{Progress, Report, RetryOptions, SyncOptions, sync};

pub fn run(args: &SyncArgs) -> Result<ExitCode> {
    let annotator = Config::load()?
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    let found = locate(
        &args.paths,
        args.workspace.workspace.as_deref(),
        Access::Read,
    )?;
    let workspace = match found {
        Found::Ready(workspace, WorkspaceKind::Existing) => workspace,
        _ => bail!(
            "no workspace for this corpus yet (nothing annotated); open it with `tanba PATH` \
             first, or pass --workspace DIR"
        ),
    };
    let terminal = std::io::stderr().is_terminal();
    let show = |p: &Progress| show_progress(p);
    let options = SyncOptions {
        root: &workspace.root,
        annotator: &annotator,
        remote: args.remote.as_deref(),
        retry: RetryOptions {
            timeout: Duration::from_secs(args.timeout),
            base: Duration::from_millis(args.backoff_ms),
        },
        progress: terminal.then_some(&show as &dyn Fn(&Progress)),
    };
    let result = sync(&options);
    if terminal {
        eprint!("\r\x1b[2K"); // the progress line goes once sync is done
    }
    match result {
        Ok(report) => {
            print!("{}", render(&report, &workspace.root.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("tanba: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// One line, rewritten in place: what sync knows of the others, never a guess.
fn show_progress(progress: &Progress) {
    let Progress::Waiting {
        tries,
        arrived,
        wait,
    } = progress;
    let others = match arrived {
        0 => "another push holds the branch".to_string(),
        1 => "1 other push landed first".to_string(),
        n => format!("{n} others' pushes landed first"),
    };
    eprint!(
        "\r\x1b[2Kwaiting for the remote ({others}; try {} in {:.1} s)…",
        tries + 1,
        wait.as_secs_f64()
    );
    let _ = std::io::stderr().flush();
}

fn render(report: &Report, root: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let new = if report.initialized {
        " (now a git repository)"
    } else {
        ""
    };
    let _ = writeln!(out, "workspace  {root}{new}");
    match &report.commit {
        Some((hash, subject)) => {
            let _ = writeln!(out, "committed  {hash} {subject}");
        }
        None => out.push_str("committed  nothing: no change in your files since the last sync\n"),
    }
    if !report.incoming.is_empty() {
        let _ = writeln!(out, "pulled     {} commit(s):", report.incoming.len());
        for subject in &report.incoming {
            let _ = writeln!(out, "             {}", crate::text::sanitize(subject));
        }
    }
    match (&report.remote, report.pushed) {
        (Some(remote), true) => {
            let after = match report.tries {
                0 | 1 => String::new(),
                n => format!(" after {n} tries"),
            };
            let earlier = if report.commit.is_none() {
                " (the commit an earlier sync left unpushed)"
            } else {
                ""
            };
            let _ = writeln!(out, "pushed to  {remote}{after}{earlier}");
        }
        (Some(remote), false) => {
            let _ = writeln!(out, "up to date with {remote}");
        }
        (None, _) => out
            .push_str("no remote: committed here only; share it with `tanba sync --remote URL`\n"),
    }
    if !report.left_out.is_empty() {
        let _ = writeln!(
            out,
            "not shared (not your files; commit them with git if you mean to): {}",
            report.left_out.join(", ")
        );
    }
    out
}
