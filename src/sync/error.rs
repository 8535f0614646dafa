//! What stops a sync, and the words that say what was kept and what to do next.

use std::path::{Path, PathBuf};

use super::merge;
use crate::store::SETTINGS_FILE;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "git is not installed or not on PATH; tanba sync runs your own git \
         (install it, e.g. `apt install git`, then run tanba sync again)"
    )]
    GitMissing,
    #[error("`{command}` failed: {message}")]
    Git { command: String, message: String },
    #[error("{}: not a tanba workspace (no {SETTINGS_FILE}); open the corpus once to create it", root.display())]
    NotWorkspace { root: PathBuf },
    #[error("{0}")]
    BadAnnotator(String),
    /// A journal that could not be folded into its annotation file before the commit.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(
        "the workspace's remote `origin` is {current}, not {asked}; to change it run \
         `git -C {} remote set-url origin {asked}`", root.display()
    )]
    RemoteMismatch {
        root: PathBuf,
        current: String,
        asked: String,
    },
    #[error("{}", conflict_message(root, files, commit.as_deref()))]
    Conflict {
        root: PathBuf,
        files: Vec<String>,
        /// The local commit that holds this annotator's work, unpushed.
        commit: Option<String>,
    },
    #[error("{}", busy_message(*tries, *seconds, message, commit.as_deref()))]
    Busy {
        tries: u32,
        seconds: u64,
        /// git's answer to the last push.
        message: String,
        commit: Option<String>,
    },
    /// The first fetch failed: nothing was committed or pulled yet.
    #[error(
        "could not reach the remote (`git fetch` said: {message}).\nNothing was lost: your \
         files are as they were, nothing was committed or pulled; run tanba sync again once \
         the remote can be reached."
    )]
    Unreachable { message: String },
    /// A push refused for good (the remote unreachable, a hook declined): the commit
    /// stays here.
    #[error(
        "`{command}` failed: {message}\nNothing was lost: your work is committed locally \
         ({commit}), not pushed; run tanba sync again once the remote takes it."
    )]
    PushFailed {
        command: String,
        message: String,
        commit: String,
    },
    #[error(
        "{}: a git rebase is in progress (yours?); finish it (`git rebase --continue`) or \
         undo it (`git rebase --abort`) in that folder, then run tanba sync again",
        root.display()
    )]
    RebaseInProgress { root: PathBuf },
    #[error(
        "sync stopped: {file} was changed both here and on the remote, and the changes \
         clash:{}\nThe file keeps this machine's version; the remote's is in git \
         (`git show {remote}:{file}`). {}",
        clashes.iter().map(|c| format!("\n  {c}")).collect::<String>(),
        settle_clash(file)
    )]
    SharedFile {
        file: String,
        clashes: Vec<String>,
        /// Where git keeps the remote's version (`origin/main`).
        remote: String,
    },
}

fn busy_message(tries: u32, seconds: u64, message: &str, commit: Option<&str>) -> String {
    let kept = match commit {
        Some(c) => format!("your work is committed locally ({c}), not pushed"),
        None => "nothing of yours is waiting".to_string(),
    };
    format!(
        "sync gave up: the remote stayed busy ({tries} tries in {seconds} s; git said: \
         {message}).\nNothing was lost: {kept}. Run tanba sync again (or give it longer \
         with --timeout SECONDS)."
    )
}

/// How to settle a clash: an annotation file is made to agree in tanba, a shared file by
/// hand; the next sync merges this machine's latest version.
fn settle_clash(file: &str) -> &'static str {
    if merge::is_annotation_file(file) {
        "Nothing was lost: the pull was undone and this machine's version is kept. To \
         settle it, give each span listed the remote's label (or state) in tanba, or keep \
         one of two overlapping spans, and run tanba sync again; to keep yours after all, \
         change it back after that sync."
    } else {
        "Make the two agree, then run tanba sync again."
    }
}

fn conflict_message(root: &Path, files: &[String], commit: Option<&str>) -> String {
    let list: String = files.iter().map(|f| format!("\n  {f}")).collect();
    let kept = match commit {
        Some(c) => format!("your work is committed locally ({c}), not pushed"),
        None => "your files are as you left them".to_string(),
    };
    let root = root.display();
    format!(
        "sync stopped: these files were changed both here and on the remote (you changed \
         them on another machine too, or they were edited by hand):{list}\n\
         Nothing was lost: the pull was undone and {kept}.\n\
         To settle it: cd {root} && git pull --rebase, edit each file listed to keep what \
         is right, `git add` it, `git rebase --continue`; then run tanba sync again.\n\
         (`git rebase --abort` gives up and leaves everything as it is now.)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_names_each_file_and_what_to_run() {
        let err = SyncError::Conflict {
            root: PathBuf::from("/ws"),
            files: vec!["annotations/a/x.ron".into()],
            commit: Some("abc1234".into()),
        };
        let msg = err.to_string();
        for needle in [
            "\n  annotations/a/x.ron",
            "abc1234",
            "cd /ws && git pull --rebase",
            "tanba sync",
        ] {
            assert!(msg.contains(needle), "{needle} in {msg}");
        }
    }

    #[test]
    fn a_clash_in_an_annotation_file_is_settled_in_tanba_one_in_a_shared_file_by_hand() {
        let clash = |file: &str| SyncError::SharedFile {
            file: file.into(),
            clashes: vec![
                "span 0..6 \"Атырау\" LOCATION: relabelled here to A, on the remote to B".into(),
            ],
            remote: "origin/main".into(),
        };
        let doc = clash("annotations/a/x.ron").to_string();
        assert!(doc.contains("\n  span 0..6"), "{doc}");
        assert!(
            doc.contains("`git show origin/main:annotations/a/x.ron`"),
            "{doc}"
        );
        assert!(
            doc.contains("the remote's label (or state) in tanba"),
            "{doc}"
        );
        let settings = clash(SETTINGS_FILE).to_string();
        assert!(
            settings.ends_with("Make the two agree, then run tanba sync again."),
            "{settings}"
        );
    }
}
