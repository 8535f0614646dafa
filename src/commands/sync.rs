//! `tanba sync`: the workspace travels through git (see `crate::sync`).

use anyhow::{Result, anyhow, bail};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use super::{Access, Found, WorkspaceKind, locate, no_workspace};
use crate::cli::SyncArgs;
use crate::config::Config;
use crate::store::default_workspace_dir;
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
        _ => bail!(no_workspace(&default_workspace_dir(&args.paths)?, false)),
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
            print!(
                "{}",
                render(&report, &workspace.root.display().to_string(), &annotator)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("tanba: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// One line, rewritten in place.
fn show_progress(progress: &Progress) {
    eprint!("\r\x1b[2K{}", progress_line(progress));
    let _ = std::io::stderr().flush();
}

/// What sync knows of the others (pushes that landed first), never a guess at the queue.
fn progress_line(progress: &Progress) -> String {
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
    format!(
        "waiting for the remote ({others}; try {} in {:.1} s)…",
        tries + 1,
        wait.as_secs_f64()
    )
}

/// What the push carried besides this sync's own commit: one an earlier sync left (its
/// subject is `annotator: …`), or commits made by hand (a `tanba.ron` change).
fn earlier_note(earlier: &[String], annotator: &str) -> String {
    let by_sync = |s: &String| s.starts_with(&format!("{annotator}: "));
    match earlier {
        [] => String::new(),
        [one] if by_sync(one) => " (the commit an earlier sync left unpushed)".to_string(),
        [one] => format!(
            " (with 1 commit made here earlier: {})",
            crate::text::sanitize(one)
        ),
        many => format!(" (with {} commits made here earlier)", many.len()),
    }
}

fn render(report: &Report, root: &str, annotator: &str) -> String {
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
        let pulled = crate::text::count(report.incoming.len(), "commit", "commits");
        let _ = writeln!(out, "pulled     {pulled}:");
        for subject in &report.incoming {
            let _ = writeln!(out, "             {}", crate::text::sanitize(subject));
        }
    }
    for (file, said) in &report.merged {
        let _ = writeln!(
            out,
            "merged     {}, changed here and on the remote{}",
            crate::text::sanitize(file),
            if said.is_empty() { "" } else { ":" }
        );
        for line in said {
            let _ = writeln!(out, "             {line}");
        }
    }
    match (&report.remote, report.pushed) {
        (Some(remote), true) => {
            let after = match report.tries {
                0 | 1 => String::new(),
                n => format!(" after {n} tries"),
            };
            let earlier = earlier_note(&report.earlier, annotator);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_says_what_arrived_and_when_the_next_try_is() {
        let line = |arrived| {
            progress_line(&Progress::Waiting {
                tries: 4,
                arrived,
                wait: Duration::from_millis(1600),
            })
        };
        assert_eq!(
            line(3),
            "waiting for the remote (3 others' pushes landed first; try 5 in 1.6 s)…"
        );
        assert!(line(0).contains("another push holds the branch"));
    }

    #[test]
    fn each_merged_file_is_said_with_what_its_rules_did() {
        let report = Report {
            merged: vec![
                (
                    "annotations/aigerim/kk1.ron".into(),
                    vec![
                        "1 span added here".into(),
                        "2 spans removed on the remote".into(),
                    ],
                ),
                ("tanba.ron".into(), Vec::new()),
            ],
            ..Report::default()
        };
        let out = render(&report, "/ws", "aigerim");
        assert!(
            out.contains(
                "merged     annotations/aigerim/kk1.ron, changed here and on the remote:\n\
                 \x20            1 span added here\n\
                 \x20            2 spans removed on the remote\n\
                 merged     tanba.ron, changed here and on the remote\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn the_summary_counts_tries_only_when_there_were_several() {
        let mut report = Report {
            commit: Some(("abc1234".into(), "aigerim: 1 article".into())),
            remote: Some("/r.git".into()),
            pushed: true,
            tries: 4,
            ..Report::default()
        };
        let line = |r: &Report| render(r, "/ws", "aigerim");
        assert!(line(&report).contains("pushed to  /r.git after 4 tries\n"));
        report.tries = 1;
        assert!(line(&report).contains("pushed to  /r.git\n"));
    }

    #[test]
    fn commits_pushed_besides_this_syncs_are_told_as_an_earlier_syncs_or_made_by_hand() {
        let mut report = Report {
            remote: Some("/r.git".into()),
            pushed: true,
            tries: 1,
            earlier: vec!["aigerim: 1 article, +2 spans".into()],
            ..Report::default()
        };
        let line = |r: &Report| render(r, "/ws", "aigerim");
        assert!(
            line(&report)
                .contains("pushed to  /r.git (the commit an earlier sync left unpushed)\n")
        );
        report.earlier = vec!["PERSON on p".into()];
        assert!(
            line(&report)
                .contains("pushed to  /r.git (with 1 commit made here earlier: PERSON on p)\n"),
            "{}",
            line(&report)
        );
        report.earlier.push("aigerim: 1 article".into());
        assert!(line(&report).contains("(with 2 commits made here earlier)\n"));
    }
}
