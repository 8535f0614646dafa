//! The workspace as a git repository: `tanba sync` commits this annotator's files (and
//! nobody else's), pulls the others' with rebase and pushes, through the user's `git`.

mod doc_merge;
mod error;
mod git;
mod kb_merge;
mod merge;
mod merged;
mod push;
mod retry;
mod summary;
mod template;

pub use error::SyncError;
pub use git::Git;
pub use merge::{Merge, Merged, merge_settings, merger};
pub use retry::{RetryOptions, curable};
pub use summary::{FileChange, Summary, compare};

use std::path::Path;

use crate::layout::{ASSIGNMENT_FILE, GUIDELINES_FILE};
use crate::store::{ANNOTATIONS_DIR, SETTINGS_FILE, atomic_write, check_annotator};

/// What git is told to leave on this machine: session locks, temp files of atomic
/// writes, the search index, resume state.
pub const GITIGNORE: &str = "\
# written by tanba sync: what stays on this machine
.lock
*.tmp
.tanba-*
/index/
.resume*
*.journal
*.journal.stale
";

/// Workspace-wide files an annotator shares once, when the repository does not have them.
const SHARED_FILES: [&str; 4] = [
    ".gitignore",
    SETTINGS_FILE,
    "gazetteer.tsv",
    GUIDELINES_FILE,
];

/// Workspace-wide files only a command writes (`tanba assign`), and the knowledge base
/// (new entries from the annotator's picker): whoever changed one shares each change.
const COMMAND_FILES: [&str; 2] = [ASSIGNMENT_FILE, crate::search::kb::KB_FILE];

/// Files in an annotator's folder that belong to the session, not to the annotations.
const LOCAL_FILES: [&str; 6] = [
    ".lock",
    ".resume*",
    "*.tmp",
    ".tanba-*",
    "*.journal",
    "*.journal.stale",
];

/// What a sync did, for the command to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The workspace was made a git repository by this sync.
    pub initialized: bool,
    /// The commit made, as (short hash, subject); none when nothing of ours changed.
    pub commit: Option<(String, String)>,
    /// Subjects of the commits that arrived from the remote.
    pub incoming: Vec<String>,
    pub remote: Option<String>,
    pub pushed: bool,
    /// Changed files that are not this annotator's, left out of the commit.
    pub left_out: Vec<String>,
    /// Pushes tried (1 when the first landed; 0 when nothing needed pushing).
    pub tries: u32,
    /// Files changed both here and on the remote that sync merged, each with what the
    /// merge's rules did (`1 span added on the remote`).
    pub merged: Vec<(String, Vec<String>)>,
    /// Subjects of the commits pushed that this sync did not make (an earlier sync cut
    /// short, or commits made by hand, such as a `tanba.ron` change), newest first.
    pub earlier: Vec<String>,
}

/// What a sync tells while it waits, for a terminal to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The push after try `tries` was turned away (others pushed or held the branch);
    /// `arrived` commits came in before it; the next try is after `wait`.
    Waiting {
        tries: u32,
        arrived: usize,
        wait: std::time::Duration,
    },
}

/// What `sync` is asked to do.
#[derive(Clone, Copy)]
pub struct SyncOptions<'a> {
    pub root: &'a Path,
    pub annotator: &'a str,
    /// Set as `origin` when the workspace has none yet.
    pub remote: Option<&'a str>,
    pub retry: RetryOptions,
    /// Told while sync waits for the remote.
    pub progress: Option<&'a dyn Fn(&Progress)>,
}

/// Commits this annotator's changes, pulls the others' with rebase, pushes.
pub fn sync(opts: &SyncOptions) -> Result<Report, SyncError> {
    check_annotator(opts.annotator).map_err(SyncError::BadAnnotator)?;
    let root = opts.root;
    if !root.join(SETTINGS_FILE).is_file() {
        return Err(SyncError::NotWorkspace {
            root: root.to_path_buf(),
        });
    }
    let mut git = Git::find(root)?;
    let mut report = Report {
        initialized: ensure_repository(&git)?,
        ..Report::default()
    };
    push::recover(&git)?;
    ensure_gitignore(root)?;
    fallback_identity(&mut git, opts.annotator)?;
    report.remote = ensure_remote(&git, opts.remote)?;
    if report.remote.is_some() {
        git.run(&["fetch", "--quiet", "origin"])
            .map_err(|e| match e {
                SyncError::Git { message, .. } => SyncError::Unreachable { message },
                other => other,
            })?;
        adopt_remote_history(&git)?;
    }
    let branch = current_branch(&git)?;
    // git only ever sees RON files: the journals are folded into them first
    let mine = root.join(ANNOTATIONS_DIR).join(opts.annotator);
    crate::store::compact_folder(&mine)?;
    report.commit = commit_mine(&git, opts.annotator)?;
    report.left_out = left_out(&git, opts.annotator)?;
    interrupt_point("committed");
    if report.remote.is_some() {
        push::pull_and_push(&git, &branch, opts, &mut report)?;
    }
    Ok(report)
}

fn ensure_repository(git: &Git) -> Result<bool, SyncError> {
    if git.dir().join(".git").exists() {
        return Ok(false);
    }
    git.run(&["init", "--quiet"])?;
    Ok(true)
}

/// A `.gitignore` is written when there is none; one the team edited is left alone.
fn ensure_gitignore(root: &Path) -> Result<(), SyncError> {
    let path = root.join(".gitignore");
    if path.exists() {
        return Ok(());
    }
    atomic_write(&path, GITIGNORE.as_bytes()).map_err(|e| SyncError::Git {
        command: "writing .gitignore".into(),
        message: e.to_string(),
    })
}

/// On a machine where git has no identity, commits are signed with the annotator's name.
fn fallback_identity(git: &mut Git, annotator: &str) -> Result<(), SyncError> {
    let has = |key: &str| -> Result<bool, SyncError> {
        let out = git.output(&["config", "--get", key])?;
        Ok(out.status.success() && !out.stdout.trim_ascii().is_empty())
    };
    let (name, email) = (has("user.name")?, has("user.email")?);
    if !name {
        git.set_config("user.name", annotator);
    }
    if !email {
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        git.set_config("user.email", &format!("{annotator}@{host}"));
    }
    Ok(())
}

fn ensure_remote(git: &Git, asked: Option<&str>) -> Result<Option<String>, SyncError> {
    let out = git.output(&["remote", "get-url", "origin"])?;
    let current = out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string());
    match (current, asked) {
        (None, None) => Ok(None),
        (None, Some(url)) => {
            git.run(&["remote", "add", "origin", url])?;
            Ok(Some(url.to_string()))
        }
        (Some(current), Some(asked)) if current != asked => Err(SyncError::RemoteMismatch {
            root: git.dir().to_path_buf(),
            current,
            asked: asked.to_string(),
        }),
        (Some(current), _) => Ok(Some(current)),
    }
}

fn current_branch(git: &Git) -> Result<String, SyncError> {
    Ok(git
        .run(&["symbolic-ref", "--short", "HEAD"])?
        .trim()
        .to_string())
}

fn has_commits(git: &Git) -> Result<bool, SyncError> {
    git.check(&["rev-parse", "--verify", "--quiet", "HEAD"])
}

/// A workspace joining a remote that already has history starts from it: HEAD moves to
/// the remote branch, files it lacks are checked out, and files it has stay as they are.
fn adopt_remote_history(git: &Git) -> Result<(), SyncError> {
    if has_commits(git)? {
        return Ok(());
    }
    // the remote's branch, whatever this machine's git names a new one
    let heads = git.run(&["ls-remote", "--symref", "origin", "HEAD"])?;
    let remote_branch = heads.lines().find_map(|l| {
        l.strip_prefix("ref: refs/heads/")
            .and_then(|rest| rest.strip_suffix("\tHEAD"))
    });
    if let Some(branch) = remote_branch {
        git.run(&["symbolic-ref", "HEAD", &format!("refs/heads/{branch}")])?;
    }
    let upstream = format!("refs/remotes/origin/{}", current_branch(git)?);
    if !git.check(&["rev-parse", "--verify", "--quiet", &upstream])? {
        return Ok(());
    }
    git.run(&["reset", "--quiet", &upstream])?;
    let missing = git.run(&["ls-files", "--deleted", "-z"])?;
    let missing: Vec<&str> = git::nul_fields(&missing).collect();
    for chunk in missing.chunks(200) {
        let mut args = vec!["checkout", "--quiet", "--"];
        args.extend(chunk);
        git.run(&args)?;
    }
    Ok(())
}

/// Paths this annotator may commit: their folder, shared files the repo lacks, the
/// template's annotations it lacks, and the command-written files changed here.
fn my_paths(git: &Git, annotator: &str) -> Result<(Vec<String>, Vec<String>), SyncError> {
    let mut paths = Vec::new();
    let folder = format!("{ANNOTATIONS_DIR}/{annotator}");
    if git.dir().join(&folder).is_dir() {
        // whatever the team's .gitignore says, session files never leave the machine
        for local in LOCAL_FILES {
            paths.push(format!(":(exclude){folder}/{local}"));
        }
        paths.push(folder);
    }
    let mut shared = Vec::new();
    for file in SHARED_FILES {
        let tracked = git.check(&["ls-files", "--error-unmatch", "--", file])?;
        if git.dir().join(file).is_file() && !tracked {
            shared.push(file.to_string());
        }
    }
    for file in COMMAND_FILES {
        let changed = !git.run(&["status", "--porcelain", "--", file])?.is_empty();
        if git.dir().join(file).is_file() && changed {
            shared.push(file.to_string());
        }
    }
    paths.extend(shared.iter().cloned());
    let copies = template::template_copies(git, annotator)?;
    shared.extend(template::described(&copies));
    paths.extend(copies);
    Ok((paths, shared))
}

/// Stages and commits the annotator's changes; the message comes from the staged diff.
fn commit_mine(git: &Git, annotator: &str) -> Result<Option<(String, String)>, SyncError> {
    let (paths, shared) = my_paths(git, annotator)?;
    if paths.iter().all(|p| p.starts_with(":(exclude)")) {
        return Ok(None);
    }
    let with_paths = |head: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = head.iter().map(|s| s.to_string()).collect();
        args.push("--".into());
        args.extend(paths.iter().cloned());
        args
    };
    // git add refuses an exclusion that names an ignored file: add, then unstage those;
    // `reset` puts back what HEAD has, so a session file committed by hand stays tracked
    let (local, added): (Vec<String>, Vec<String>) = paths
        .iter()
        .cloned()
        .partition(|p| p.starts_with(":(exclude)"));
    let mut add = vec!["add".to_string(), "--all".into(), "--".into()];
    add.extend(added);
    run_owned(git, &add)?;
    if !local.is_empty() {
        let mut unstage: Vec<String> = ["reset", "-q", "--"].map(String::from).into();
        unstage.extend(local.iter().map(|p| p.replacen(":(exclude)", "", 1)));
        run_owned(git, &unstage)?;
    }
    let diff = run_owned(
        git,
        &with_paths(&["diff", "--cached", "--name-status", "--no-renames", "-z"]),
    )?;
    let changed = parse_name_status(&diff);
    if changed.is_empty() {
        return Ok(None);
    }
    let summary = summarize(git, &changed, annotator, shared)?;
    let subject = summary.subject(annotator);
    let body = summary.body();
    let mut commit = vec!["commit", "--quiet", "--no-verify", "-m", &subject];
    if !body.is_empty() {
        commit.extend(["-m", &body]);
    }
    let args = with_paths(&commit);
    run_owned(git, &args)?;
    let hash = git
        .run(&["rev-parse", "--short", "HEAD"])?
        .trim()
        .to_string();
    Ok(Some((hash, subject)))
}

fn run_owned(git: &Git, args: &[String]) -> Result<String, SyncError> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    git.run(&args)
}

/// `--name-status -z` output as (status letter, path).
fn parse_name_status(out: &str) -> Vec<(char, String)> {
    let fields: Vec<&str> = git::nul_fields(out).collect();
    fields
        .chunks(2)
        .filter_map(|pair| match pair {
            [status, path] => Some((status.chars().next()?, path.to_string())),
            _ => None,
        })
        .collect()
}

fn summarize(
    git: &Git,
    changed: &[(char, String)],
    annotator: &str,
    shared: Vec<String>,
) -> Result<Summary, SyncError> {
    let folder = format!("{ANNOTATIONS_DIR}/{annotator}/");
    let docs: Vec<&(char, String)> = changed
        .iter()
        .filter(|(_, p)| p.starts_with(&folder) && p.ends_with(".ron"))
        .collect();
    let head = has_commits(git)?;
    let mut names = Vec::new();
    for (status, path) in &docs {
        let old = head && *status != 'A';
        names.push(if old {
            format!("HEAD:{path}")
        } else {
            String::new()
        });
        names.push(if *status == 'D' {
            String::new()
        } else {
            format!(":{path}")
        });
    }
    // an empty name is answered "missing" by git, which is what we want for it
    let blobs = git.read_blobs(&names)?;
    let files = docs
        .iter()
        .zip(blobs.chunks(2))
        .map(|((_, path), pair)| compare(path, pair[0].as_deref(), pair[1].as_deref()))
        .collect();
    Ok(Summary { files, shared })
}

/// Changes on disk that this sync does not share: other annotators' files, settings.
fn left_out(git: &Git, annotator: &str) -> Result<Vec<String>, SyncError> {
    let out = git.run(&[
        "status",
        "--porcelain",
        "-z",
        "--no-renames",
        "--untracked-files=all",
    ])?;
    let mine = format!("{ANNOTATIONS_DIR}/{annotator}/");
    Ok(git::nul_fields(&out)
        .filter_map(|entry| entry.get(3..))
        .filter(|path| !path.starts_with(&mine) && !is_session_file(path))
        .map(str::to_string)
        .collect())
}

/// A file of some annotator's session (`LOCAL_FILES`), which is never to be shared, even
/// when it was once committed by hand.
fn is_session_file(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix(ANNOTATIONS_DIR)
        .and_then(|p| p.strip_prefix('/'))
        .and_then(|p| p.split_once('/'))
        .map(|(_, name)| name)
        .filter(|name| !name.contains('/'))
    else {
        return false;
    };
    LOCAL_FILES.iter().any(
        |pattern| match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
            (Some(suffix), _) => name.ends_with(suffix),
            (_, Some(prefix)) => name.starts_with(prefix),
            _ => name == *pattern,
        },
    )
}

/// Named points where a test may have the process killed (`TANBA_SYNC_KILL_AT=committed`),
/// to prove that the next sync finishes what an interrupted one started.
pub(crate) fn interrupt_point(name: &str) {
    if interrupt_wanted(name) {
        std::process::abort(); // like SIGKILL: no cleanup runs
    }
}

fn interrupt_wanted(name: &str) -> bool {
    std::env::var_os("TANBA_SYNC_KILL_AT").is_some_and(|at| at == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_files_are_told_from_annotations_in_any_annotators_folder() {
        for path in [
            "annotations/dana/.lock",
            "annotations/dana/.resume",
            "annotations/dana/.resume.json",
            "annotations/dana/kk1.ron.journal",
            "annotations/dana/.tanba-x1.tmp",
        ] {
            assert!(is_session_file(path), "{path}");
        }
        for path in [
            "annotations/dana/kk1.ron",
            ".lock",
            "annotations/.lock",
            "tanba.ron",
        ] {
            assert!(!is_session_file(path), "{path}");
        }
    }

    #[test]
    fn name_status_pairs_letters_with_paths() {
        let out = "M\0annotations/a/x.ron\0A\0annotations/a/y z.ron\0D\0tanba.ron\0";
        assert_eq!(
            parse_name_status(out),
            [
                ('M', "annotations/a/x.ron".to_string()),
                ('A', "annotations/a/y z.ron".to_string()),
                ('D', "tanba.ron".to_string()),
            ]
        );
    }

    #[test]
    fn the_ignore_file_keeps_locks_temp_files_and_the_index_home() {
        for line in [".lock", "*.tmp", ".tanba-*", "/index/"] {
            assert!(GITIGNORE.lines().any(|l| l == line), "{line}");
        }
    }
}
