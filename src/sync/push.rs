//! Landing this annotator's commit on the remote: rebase onto what arrived, push, and on a
//! rejection a retry cures, fetch, rebase and push again with backoff under a time limit.

use std::time::Instant;

use super::merge::merger;
use super::retry::{curable, wait_before};
use super::{Git, Progress, Report, SyncError, SyncOptions, git, interrupt_point};
use crate::annotation::SpanScheme;
use crate::store::atomic_write;

/// Written while our rebase runs: a rebase found with it was ours, cut short, and is undone.
const REBASE_MARK: &str = "tanba-sync-rebase";

pub(super) fn pull_and_push(
    git: &Git,
    branch: &str,
    opts: &SyncOptions,
    report: &mut Report,
) -> Result<(), SyncError> {
    let upstream = format!("origin/{branch}");
    let refspec = format!("HEAD:refs/heads/{branch}");
    let started = Instant::now();
    loop {
        let arrived = pull(git, &upstream, report)?;
        if !super::has_commits(git)? || same_commit(git, "HEAD", &upstream)? {
            return Ok(()); // nothing of ours the remote lacks
        }
        report.tries += 1;
        let earlier = earlier_commits(git, &upstream, report)?;
        // the answer is classified, so it is asked for in git's own words
        let push = ["push", "--quiet", "--set-upstream", "origin", &refspec];
        let out = git.output_c_locale(&push)?;
        if out.status.success() {
            report.pushed = true;
            report.earlier = earlier;
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !curable(&stderr) {
            return Err(match (git.failed(&push, &out), unpushed(git, &upstream)?) {
                (SyncError::Git { command, message }, Some(commit)) => SyncError::PushFailed {
                    command,
                    message,
                    commit,
                },
                (other, _) => other,
            });
        }
        let wait = wait_before(&opts.retry, report.tries);
        if started.elapsed() + wait > opts.retry.timeout {
            return Err(SyncError::Busy {
                tries: report.tries,
                seconds: started.elapsed().as_secs(),
                message: stderr.trim().to_string(),
                commit: unpushed(git, &upstream)?,
            });
        }
        if let Some(progress) = opts.progress {
            progress(&Progress::Waiting {
                tries: report.tries,
                arrived,
                wait,
            });
        }
        std::thread::sleep(wait);
        let fetch = ["fetch", "--quiet", "origin"];
        match git.run(&fetch) {
            Ok(_) => {}
            // the remote went away between tries: the commit stays here
            Err(SyncError::Git { command, message }) => {
                return Err(match unpushed(git, &upstream)? {
                    Some(commit) => SyncError::PushFailed {
                        command,
                        message,
                        commit,
                    },
                    None => SyncError::Git { command, message },
                });
            }
            Err(other) => return Err(other),
        }
        interrupt_point("fetched");
    }
}

/// Rebases onto the remote branch (when it exists); returns how many commits arrived.
fn pull(git: &Git, upstream: &str, report: &mut Report) -> Result<usize, SyncError> {
    if !git.check(&["rev-parse", "--verify", "--quiet", upstream])? {
        return Ok(0);
    }
    let range = format!("HEAD..{upstream}");
    let incoming = git.run(&["log", "--reverse", "--format=%s", &range])?;
    let before = report.incoming.len();
    report.incoming.extend(incoming.lines().map(str::to_string));
    rebase(git, upstream, report)?;
    Ok(report.incoming.len() - before)
}

/// Subjects of the commits just pushed that this sync did not make, newest first (its
/// own, when it made one, is the newest).
fn earlier_commits(git: &Git, upstream: &str, report: &Report) -> Result<Vec<String>, SyncError> {
    let range = match git.check(&["rev-parse", "--verify", "--quiet", upstream])? {
        true => format!("{upstream}..HEAD"),
        false => "HEAD".to_string(),
    };
    let subjects = git.run(&["log", "--format=%s", &range])?;
    let ours = usize::from(report.commit.is_some());
    Ok(subjects.lines().skip(ours).map(str::to_string).collect())
}

/// The short hash of HEAD when the remote lacks it.
fn unpushed(git: &Git, upstream: &str) -> Result<Option<String>, SyncError> {
    if same_commit(git, "HEAD", upstream)? {
        return Ok(None);
    }
    Ok(Some(
        git.run(&["rev-parse", "--short", "HEAD"])?
            .trim()
            .to_string(),
    ))
}

fn same_commit(git: &Git, a: &str, b: &str) -> Result<bool, SyncError> {
    let rev = |r: &str| git.output(&["rev-parse", "--verify", "--quiet", r]);
    let (a, b) = (rev(a)?, rev(b)?);
    Ok(a.status.success() && b.status.success() && a.stdout == b.stdout)
}

fn rebase_in_progress(git: &Git) -> bool {
    let dot_git = git.dir().join(".git");
    dot_git.join("rebase-merge").exists() || dot_git.join("rebase-apply").exists()
}

/// A rebase a killed sync left is undone (the commit and the set-aside changes come back);
/// one the user started is theirs to finish, so sync stops and says so.
pub(super) fn recover(git: &Git) -> Result<(), SyncError> {
    let mark = git.dir().join(".git").join(REBASE_MARK);
    let ours = mark.exists();
    if rebase_in_progress(git) {
        if !ours {
            return Err(SyncError::RebaseInProgress {
                root: git.dir().to_path_buf(),
            });
        }
        git.run(&["rebase", "--abort"])?;
    }
    if ours {
        let _ = std::fs::remove_file(&mark);
    }
    Ok(())
}

/// Rebases onto the remote; conflicts in files with a merge are merged, any other conflict
/// undoes the rebase and names the files.
fn rebase(git: &Git, upstream: &str, report: &mut Report) -> Result<(), SyncError> {
    if !super::has_commits(git)? {
        return Ok(());
    }
    let mark = git.dir().join(".git").join(REBASE_MARK);
    // only its being there counts, so a plain write does (no fsync on every try)
    std::fs::write(&mark, b"a rebase by tanba sync\n").map_err(|e| SyncError::Git {
        command: "marking the rebase".into(),
        message: e.to_string(),
    })?;
    // this machine's side of a merge is its latest version, whichever commit is replayed:
    // a clash settled by a later commit is not met again in the earlier one
    let start = git.run(&["rev-parse", "HEAD"])?.trim().to_string();
    let tip = format!("{start}:");
    let mut args = vec!["rebase", "--quiet", "--autostash", upstream];
    if super::interrupt_wanted("rebasing") {
        args.extend(["--exec", "false"]); // stops the rebase halfway, for the kill below
    }
    let mut out = git.output(&args)?;
    interrupt_point("rebasing");
    let result = loop {
        if out.status.success() {
            break check_autostash(git, upstream, &start, report);
        }
        let files = unmerged(git)?;
        if files.is_empty() || !rebase_in_progress(git) {
            break Err(git.failed(&args, &out));
        }
        if files.iter().any(|f| merger(f).is_none()) {
            break Err(SyncError::Conflict {
                root: git.dir().to_path_buf(),
                files,
                commit: report.commit.as_ref().map(|(hash, _)| hash.clone()),
            });
        }
        // in a rebase, stage 2 is what arrived (stage 3 is the commit being replayed)
        if let Err(e) = merge_files(git, &files, &tip, upstream, report) {
            break Err(e);
        }
        out = git.output_env(&["rebase", "--continue"], &[("GIT_EDITOR", "true")])?;
    };
    if result.is_err() && rebase_in_progress(git) {
        git.run(&["rebase", "--abort"])?;
    }
    let _ = std::fs::remove_file(&mark);
    result
}

/// The workspace's span scheme; a `tanba.ron` that does not read counts as flat, the
/// stricter one (a clash said is better than two rival spans kept).
fn project_scheme(git: &Git) -> SpanScheme {
    let settings = crate::store::read_settings(&git.dir().join(crate::store::SETTINGS_FILE));
    settings.map_or(SpanScheme::Flat, |s| s.spans())
}

fn unmerged(git: &Git) -> Result<Vec<String>, SyncError> {
    let out = git.run(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
    Ok(git::nul_fields(&out).map(str::to_string).collect())
}

/// Merges each conflicted file (the common version in stage 1, what arrived in stage 2,
/// this machine's at `here` + path) and stages the result; a clash keeps this machine's
/// version and is an error that says what each side has.
fn merge_files(
    git: &Git,
    files: &[String],
    here: &str,
    upstream: &str,
    report: &mut Report,
) -> Result<(), SyncError> {
    let scheme = project_scheme(git);
    for file in files {
        let merge = merger(file).expect("only files with a merge come here");
        let names = [
            format!(":1:{file}"),
            format!("{here}{file}"),
            format!(":2:{file}"),
        ];
        let blobs = git.read_blobs(&names)?;
        let text = |i: usize| blobs[i].as_deref().map(String::from_utf8_lossy);
        let (base, mine, theirs) = (text(0), text(1), text(2));
        let (Some(mine), Some(theirs)) = (mine, theirs) else {
            return Err(SyncError::SharedFile {
                file: file.clone(),
                clashes: vec!["removed on one side, changed on the other".into()],
                remote: upstream.to_string(),
            });
        };
        let merged = merge(base.as_deref(), &mine, &theirs, scheme);
        let write = |text: &str| {
            atomic_write(&git.dir().join(file), text.as_bytes()).map_err(|e| SyncError::Git {
                command: format!("writing {file}"),
                message: e.to_string(),
            })
        };
        match merged {
            Ok(merged) => {
                write(&merged.text)?;
                report.merged.push((file.clone(), merged.said));
            }
            Err(clashes) => {
                write(&mine)?;
                return Err(SyncError::SharedFile {
                    file: file.clone(),
                    clashes,
                    remote: upstream.to_string(),
                });
            }
        }
        git.run(&["add", "--", file])?;
    }
    Ok(())
}

/// Local changes outside the annotator's folder (set aside during the rebase) that clash
/// with what arrived: files with a merge are merged in place (left uncommitted, as they
/// were); others are left for the user, never guessed at. A merge that clashes undoes
/// the pull (back to `start`, the set-aside changes on top again), as a clash in a
/// commit does: the file kept at this machine's version on top of the remote's commit
/// would undo the remote's other changes to it at the next sync.
fn check_autostash(
    git: &Git,
    upstream: &str,
    start: &str,
    report: &mut Report,
) -> Result<(), SyncError> {
    let files = unmerged(git)?;
    if files.is_empty() {
        return Ok(());
    }
    let (mergeable, others): (Vec<String>, Vec<String>) =
        files.into_iter().partition(|f| merger(f).is_some());
    // after the stash is applied, stage 2 is what arrived and stage 3 the set-aside change
    let merged = merge_files(git, &mergeable, ":3:", upstream, report);
    if merged.is_err() {
        // git kept the set-aside changes in the stash, made where the rebase began
        git.run(&["reset", "--quiet", "--hard", start])?;
        git.run(&["stash", "pop", "--quiet"])?;
        return merged;
    }
    for file in &mergeable {
        git.run(&["reset", "--quiet", "--", file])?;
    }
    if others.is_empty() {
        // every clash is settled in the file; the copy git kept is not needed
        git.run(&["stash", "drop", "--quiet"])?;
        return merged;
    }
    Err(SyncError::Git {
        command: "git rebase --autostash".into(),
        message: format!(
            "your uncommitted changes to {} clash with what arrived; git keeps them in \
             `git stash list` and marked the clash in the file(s): fix them, then \
             `git stash drop`",
            others.join(", ")
        ),
    })
}
