//! `tanba sync` with the real `git`: a bare repository as the remote, workspaces of
//! several annotators, each annotating (through the store) and syncing.
//! Git runs with no user or system config, as on a fresh machine.

use crate::common::{ok, s};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::{Workspace, parse_doc};

pub(super) const KK1: &str =
    "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";
pub(super) const KK2: &str = "Астана әкімдігі жаңа бағдарлама жариялады.";

pub(super) struct Team {
    home: tempfile::TempDir,
}

impl Team {
    pub(super) fn new() -> Team {
        let team = Team {
            home: tempfile::tempdir().unwrap(),
        };
        let corpus = team.corpus();
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(corpus.join("kk1.txt"), KK1).unwrap();
        std::fs::write(corpus.join("kk2.txt"), KK2).unwrap();
        git(team.path(), &["init", "--quiet", "--bare", "remote.git"]);
        team
    }
    pub(super) fn path(&self) -> &Path {
        self.home.path()
    }
    pub(super) fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }
    /// A clone of the remote at `ws`: the same team's workspace on another machine.
    pub(super) fn clone_into(&self, ws: &Path) {
        git(self.path(), &["clone", "--quiet", s(&self.remote()), s(ws)]);
    }

    pub(super) fn remote(&self) -> PathBuf {
        self.path().join("remote.git")
    }

    /// `tanba sync` as `who`, with a clean environment for git.
    pub(super) fn sync(&self, ws: &Path, who: &str, remote: bool) -> Output {
        self.command(ws, who, remote).output().unwrap()
    }

    /// The `tanba sync` command, waits between pushes shortened for the test.
    fn command(&self, ws: &Path, who: &str, remote: bool) -> Command {
        let mut args = vec!["sync", "--workspace", s(ws), "--annotator", who];
        args.extend(["--backoff-ms", "5"]);
        let url = self.remote();
        if remote {
            args.extend(["--remote", s(&url)]);
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_tanba"));
        command
            .args(&args)
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_COMMITTER_NAME")
            .env_remove("TANBA_SYNC_KILL_AT");
        command
    }
}

/// git for the test's own steps (cloning, editing by hand), as a person named "hand".
pub(super) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=hand", "-c", "user.email=hand@example.org"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "hand")
        .env("GIT_AUTHOR_EMAIL", "hand@example.org")
        .env("GIT_COMMITTER_NAME", "hand")
        .env("GIT_COMMITTER_EMAIL", "hand@example.org")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Tags `spans` (start, end, label) in `who`'s document for `article`, through the store.
pub(super) fn annotate(
    ws: &Path,
    who: &str,
    article: &str,
    text: &str,
    spans: &[(usize, usize, &str)],
) {
    let workspace = Workspace::open(ws).unwrap();
    let path = workspace.doc_path(who, article);
    let mut doc = match std::fs::read_to_string(&path) {
        Ok(old) => parse_doc(&path, &old).unwrap(),
        Err(_) => DocAnnotations::new(article, who, text),
    };
    for &(start, end, label) in spans {
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc.status = DocStatus::Done;
    workspace.save_doc(who, &doc).unwrap();
}

fn folders(ws: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.join("annotations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn two_annotators_sync_through_a_bare_repository_and_end_with_both_folders() {
    let team = Team::new();
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(
        &ws_a,
        "aigerim",
        "kk1",
        KK1,
        &[(0, 6, "LOCATION"), (20, 42, "PERSON")],
    );
    let first = ok(&team.sync(&ws_a, "aigerim", true));
    assert!(first.contains("now a git repository"), "{first}");
    assert!(
        first.contains("aigerim: 1 article, +2 spans, 1 done, shares .gitignore, tanba.ron"),
        "{first}"
    );

    // dana's workspace is a clone of the shared repository
    let ws_d = team.path().join("ws-dana");
    team.clone_into(&ws_d);
    annotate(&ws_d, "dana", "kk1", KK1, &[(0, 13, "LOCATION")]);
    annotate(&ws_d, "dana", "kk2", KK2, &[(0, 15, "AGENCY")]);
    let out = ok(&team.sync(&ws_d, "dana", false));
    assert!(out.contains("dana: 2 articles, +2 spans, 2 done"), "{out}");

    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("pulled     1 commit:"), "{out}");
    assert!(out.contains("dana: 2 articles"), "{out}");
    let out = ok(&team.sync(&ws_d, "dana", false));
    assert!(out.contains("committed  nothing"), "{out}");
    assert!(out.contains("up to date with"), "{out}");

    for ws in [&ws_a, &ws_d] {
        assert_eq!(folders(ws), ["aigerim", "dana"]);
        let dana = std::fs::read_to_string(ws.join("annotations/dana/kk2.ron")).unwrap();
        assert!(dana.contains("AGENCY"));
    }
    let log = git(&ws_d, &["log", "--format=%an|%s"]);
    let subjects: Vec<&str> = log.lines().collect();
    assert_eq!(subjects.len(), 3, "{log}");
    assert!(
        subjects[0].starts_with("aigerim|aigerim: 1 article, +1 span"),
        "{log}"
    );
    assert!(subjects[1].starts_with("dana|dana: "), "{log}");
    assert!(subjects[2].starts_with("aigerim|aigerim: "), "{log}");
    // every commit touches its author's folder only (the first also shares the settings)
    for (i, who) in [(0, "aigerim"), (1, "dana")] {
        let rev = format!("HEAD~{i}");
        let files = git(&ws_d, &["show", "--name-only", "--format=", &rev]);
        assert!(
            files
                .lines()
                .all(|f| f.starts_with(&format!("annotations/{who}/"))),
            "{files}"
        );
    }
    let ignored = git(
        &ws_a,
        &["check-ignore", "annotations/aigerim/.lock", "index/x"],
    );
    assert_eq!(ignored.lines().count(), 2);
}

#[test]
fn session_files_stay_home_even_when_the_teams_gitignore_forgets_them() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    std::fs::write(ws.join(".gitignore"), "# the team's own\n").unwrap();
    annotate(&ws, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    let folder = ws.join("annotations/aigerim");
    for name in [".lock", ".resume", ".tanba-x1y2.tmp"] {
        std::fs::write(folder.join(name), "session").unwrap();
    }
    ok(&team.sync(&ws, "aigerim", true));
    let files = git(&ws, &["ls-files"]);
    assert_eq!(
        files.lines().collect::<Vec<_>>(),
        [".gitignore", "annotations/aigerim/kk1.ron", "tanba.ron"]
    );
}

#[test]
fn the_first_sync_passes_over_session_files_its_own_gitignore_ignores() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    annotate(&ws, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    let folder = ws.join("annotations/aigerim");
    for name in [".lock", ".resume", ".tanba-x1y2.tmp"] {
        std::fs::write(folder.join(name), "session").unwrap();
    }
    let out = ok(&team.sync(&ws, "aigerim", true));
    assert!(out.contains("now a git repository"), "{out}");
    let files = git(&ws, &["ls-files"]);
    assert_eq!(
        files.lines().collect::<Vec<_>>(),
        [".gitignore", "annotations/aigerim/kk1.ron", "tanba.ron"]
    );
    assert_eq!(remote_files(&team), ["annotations/aigerim/kk1.ron"]);
}

#[test]
fn a_workspace_made_by_tanba_joins_a_remote_that_has_history() {
    let team = Team::new();
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    // the team's branch is not the name this machine's git gives a new one
    git(&ws_a, &["init", "--quiet", "--initial-branch=trunk"]);
    git(
        &team.remote(),
        &["symbolic-ref", "HEAD", "refs/heads/trunk"],
    );
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_c = team.path().join("ws-curator");
    Workspace::open_or_create(&ws_c, &[team.corpus()]).unwrap();
    annotate(&ws_c, "curator", "kk1", KK1, &[(0, 13, "LOCATION")]);
    let out = ok(&team.sync(&ws_c, "curator", true));
    assert!(out.contains("curator: 1 article, +1 span, 1 done"), "{out}");
    assert!(
        !out.contains("shares"),
        "the settings are shared already: {out}"
    );
    assert_eq!(folders(&ws_c), ["aigerim", "curator"]);
    let log = git(&ws_c, &["log", "--format=%s"]);
    assert_eq!(log.lines().count(), 2, "{log}");
    let branches = git(&team.remote(), &["branch", "--format=%(refname:short)"]);
    assert_eq!(branches.trim(), "trunk");
}

/// Relabels `who`'s span (start, end, old label) in `article` to `label`, through the store.
pub(super) fn relabel(
    ws: &Path,
    who: &str,
    article: &str,
    span: (usize, usize, &str),
    label: &str,
) {
    let workspace = Workspace::open(ws).unwrap();
    let path = workspace.doc_path(who, article);
    let mut doc = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    let old = doc.spans.iter().find(|s| s.key() == span).unwrap().clone();
    let mut new = old.clone();
    new.label = label.to_string();
    assert!(doc.apply(&Op::Replace { old, new }, who));
    workspace.save_doc(who, &doc).unwrap();
}

#[test]
fn one_span_relabelled_differently_by_hand_and_here_stops_sync_with_nothing_lost() {
    let team = Team::new();
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));

    // someone relabels aigerim's span by hand in another clone and pushes it with git
    let ws_h = team.path().join("ws-hand");
    team.clone_into(&ws_h);
    let file = "annotations/aigerim/kk1.ron";
    let theirs = std::fs::read_to_string(ws_h.join(file))
        .unwrap()
        .replace("LOCATION", "AGENCY");
    std::fs::write(ws_h.join(file), &theirs).unwrap();
    git(
        &ws_h,
        &["commit", "--quiet", "-am", "fix aigerim's label by hand"],
    );
    git(&ws_h, &["push", "--quiet"]);

    relabel(&ws_a, "aigerim", "kk1", (0, 6, "LOCATION"), "PERSON");
    let mine = std::fs::read_to_string(ws_a.join(file)).unwrap();
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for needle in [
        format!("{file} was changed both here and on the remote, and the changes clash:"),
        "\n  span 0..6 \"Атырау\" LOCATION: relabelled here to PERSON, on the remote to AGENCY\n"
            .to_string(),
        "Nothing was lost".to_string(),
        "give each span listed the remote's label".to_string(),
    ] {
        assert!(stderr.contains(&needle), "{needle} in {stderr}");
    }
    assert_eq!(shown_by_message(&ws_a, &stderr), theirs);

    // nothing lost here: the file is as aigerim left it, and committed; no rebase hangs
    assert_eq!(std::fs::read_to_string(ws_a.join(file)).unwrap(), mine);
    assert!(!ws_a.join(".git/rebase-merge").exists() && !ws_a.join(".git/rebase-apply").exists());
    assert_eq!(git(&ws_a, &["status", "--porcelain"]), "");
    let head = git(&ws_a, &["log", "-1", "--format=%s"]);
    assert!(head.starts_with("aigerim: 1 article"), "{head}");
    assert_eq!(git(&ws_a, &["show", &format!("HEAD:{file}")]), mine);
    // nothing lost there: the remote keeps the hand edit
    let remote = git(&team.remote(), &["show", &format!("HEAD:{file}")]);
    assert_eq!(remote, theirs);
}

/// aigerim works on kk1 at the office and at home: each sync brings the other machine's
/// spans into the file, with no conflict markers, and says what it merged.
#[test]
fn the_same_annotator_on_two_machines_gets_both_machines_spans() {
    let team = Team::new();
    let ws_a = team.path().join("ws-office");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_h = team.path().join("ws-home");
    team.clone_into(&ws_h);
    annotate(&ws_h, "aigerim", "kk1", KK1, &[(20, 42, "PERSON")]);
    ok(&team.sync(&ws_h, "aigerim", false));

    annotate(&ws_a, "aigerim", "kk1", KK1, &[(7, 13, "LOCATION")]);
    let file = "annotations/aigerim/kk1.ron";
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(
        out.contains(&format!(
            "merged     {file}, changed here and on the remote:\n\
             \x20            1 span added here\n\
             \x20            1 span added on the remote\n"
        )),
        "{out}"
    );
    assert!(out.contains("pushed to"), "{out}");
    ok(&team.sync(&ws_h, "aigerim", false));
    for ws in [&ws_a, &ws_h] {
        let text = std::fs::read_to_string(ws.join(file)).unwrap();
        assert!(!text.contains("<<<<<<<"), "{text}");
        let doc = parse_doc(Path::new(file), &text).unwrap();
        let keys: Vec<_> = doc.spans.iter().map(|s| s.key()).collect();
        assert_eq!(
            keys,
            [(0, 6, "LOCATION"), (7, 13, "LOCATION"), (20, 42, "PERSON")]
        );
        let adds = doc
            .log
            .iter()
            .filter(|e| e.what.starts_with("add "))
            .count();
        assert_eq!(adds, 3, "each machine's log entries, once: {:?}", doc.log);
        assert!(doc.log.windows(2).all(|w| w[0].when <= w[1].when));
        assert_eq!(git(ws, &["status", "--porcelain"]), "");
    }
}

#[test]
fn without_git_sync_says_so() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    let empty = team.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(["sync", "--workspace", s(&ws), "--annotator", "aigerim"])
        .env("PATH", &empty)
        .env("HOME", team.path())
        .env("XDG_CONFIG_HOME", team.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("git is not installed or not on PATH"),
        "{stderr}"
    );
    assert!(!ws.join(".git").exists());
}

#[test]
fn another_remote_than_origin_is_refused_with_the_command_to_change_it() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    annotate(&ws, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws, "aigerim", true));
    git(&ws, &["remote", "set-url", "origin", "/somewhere/else.git"]);
    let out = team.sync(&ws, "aigerim", true);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/somewhere/else.git") && stderr.contains("remote set-url origin"),
        "{stderr}"
    );
}

/// Files under `annotations/` in the remote's branch.
pub(super) fn remote_files(team: &Team) -> Vec<String> {
    let out = git(&team.remote(), &["ls-tree", "-r", "--name-only", "HEAD"]);
    out.lines()
        .filter(|f| f.starts_with("annotations/"))
        .map(str::to_string)
        .collect()
}

/// Every commit of the remote as (author, files it touches), newest first.
fn remote_commits(team: &Team) -> Vec<(String, Vec<String>)> {
    let log = git(
        &team.remote(),
        &["log", "--format=@%an", "--name-only", "--no-renames"],
    );
    let mut commits: Vec<(String, Vec<String>)> = Vec::new();
    for line in log.lines().filter(|l| !l.is_empty()) {
        match line.strip_prefix('@') {
            Some(author) => commits.push((author.to_string(), Vec::new())),
            None => commits.last_mut().unwrap().1.push(line.to_string()),
        }
    }
    commits
}

#[test]
fn eight_workspaces_syncing_at_once_all_land_one_commit_each() {
    const PEOPLE: usize = 8;
    let team = Team::new();
    let people: Vec<(String, PathBuf)> = (0..PEOPLE)
        .map(|i| {
            let ws = team.path().join(format!("ws-{i}"));
            Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
            (format!("annotator{i}"), ws)
        })
        .collect();
    let mut written = Vec::new();
    for round in 0..2 {
        for (who, ws) in &people {
            for n in 0..3 {
                let article = format!("r{round}-{n}");
                annotate(ws, who, &article, KK2, &[(0, 6, "LOCATION")]);
                written.push(format!("annotations/{who}/{article}.ron"));
            }
        }
        // all at once: each sync in its own thread, its own process
        let outputs: Vec<Output> = std::thread::scope(|scope| {
            let handles: Vec<_> = people
                .iter()
                .map(|(who, ws)| scope.spawn(|| team.sync(ws, who, round == 0)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for out in &outputs {
            let stdout = ok(out);
            assert!(stdout.contains("pushed to"), "{stdout}");
        }
    }
    let mut on_remote = remote_files(&team);
    on_remote.sort();
    written.sort();
    assert_eq!(on_remote, written);
    let commits = remote_commits(&team);
    assert_eq!(
        commits.len(),
        2 * PEOPLE,
        "one commit per sync: {commits:?}"
    );
    let merges = git(&team.remote(), &["rev-list", "--merges", "HEAD"]);
    assert_eq!(merges, "", "no merge commit");
    for (author, files) in &commits {
        let mine = format!("annotations/{author}/");
        let shared = [".gitignore", "tanba.ron"];
        assert!(
            files
                .iter()
                .all(|f| f.starts_with(&mine) || shared.contains(&f.as_str())),
            "{author}: {files:?}"
        );
        assert!(files.iter().any(|f| f.starts_with(&mine)), "{author}");
    }
    // and what each workspace holds is what the remote holds, to the byte
    for (who, ws) in &people {
        let file = format!("annotations/{who}/r1-0.ron");
        let here = std::fs::read_to_string(ws.join(&file)).unwrap();
        assert_eq!(
            git(&team.remote(), &["show", &format!("HEAD:{file}")]),
            here
        );
    }
}

/// aigerim's synced workspace, dana's clone, and a commit of dana's on the remote.
fn two_with_history(team: &Team) -> (PathBuf, PathBuf) {
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_d = team.path().join("ws-dana");
    team.clone_into(&ws_d);
    annotate(&ws_d, "dana", "kk1", KK1, &[(0, 13, "LOCATION")]);
    ok(&team.sync(&ws_d, "dana", false));
    (ws_a, ws_d)
}

#[test]
fn a_sync_killed_between_commit_and_push_or_mid_rebase_is_finished_by_the_next() {
    for point in ["committed", "rebasing"] {
        let team = Team::new();
        let (ws_a, ws_d) = two_with_history(&team);
        annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
        let killed = team
            .command(&ws_a, "aigerim", false)
            .env("TANBA_SYNC_KILL_AT", point)
            .output()
            .unwrap();
        assert!(
            !killed.status.success() && killed.status.code().is_none(),
            "{point}"
        );
        assert!(!remote_files(&team).contains(&"annotations/aigerim/kk2.ron".to_string()));
        // someone lands a commit meanwhile, so the next sync has to rebase again
        annotate(&ws_d, "dana", "kk2", KK2, &[(0, 15, "AGENCY")]);
        ok(&team.sync(&ws_d, "dana", false));

        let out = ok(&team.sync(&ws_a, "aigerim", false));
        assert!(out.contains("committed  nothing"), "{point}: {out}");
        assert!(
            out.contains("an earlier sync left unpushed"),
            "{point}: {out}"
        );
        let commits = remote_commits(&team);
        let kk2 = "annotations/aigerim/kk2.ron".to_string();
        let holding: Vec<_> = commits.iter().filter(|(_, f)| f.contains(&kk2)).collect();
        assert_eq!(
            holding.len(),
            1,
            "{point}: the work exactly once: {commits:?}"
        );
        assert_eq!(commits.len(), 4, "{point}: {commits:?}");
        let here = std::fs::read_to_string(ws_a.join(&kk2)).unwrap();
        let there = git(&team.remote(), &["show", &format!("HEAD:{kk2}")]);
        assert_eq!(there, here, "{point}");
        assert_eq!(git(&ws_a, &["status", "--porcelain"]), "", "{point}");
        let merges = git(&team.remote(), &["rev-list", "--merges", "HEAD"]);
        assert_eq!(merges, "", "{point}");
    }
}

#[test]
fn a_rebase_the_user_started_is_left_to_them() {
    let team = Team::new();
    let (ws_a, _) = two_with_history(&team);
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    git(&ws_a, &["add", "--all"]);
    git(&ws_a, &["commit", "--quiet", "-m", "by hand"]);
    git(&ws_a, &["fetch", "--quiet"]);
    // a rebase stopped halfway, as one stopped on a conflict would be
    let stopped = Command::new("git")
        .arg("-C")
        .arg(&ws_a)
        .args(["rebase", "--quiet", "--exec", "false", "@{upstream}"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(!stopped.status.success());
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a git rebase is in progress"), "{stderr}");
    assert!(ws_a.join(".git/rebase-merge").exists(), "left as it was");
}

#[test]
fn labels_added_on_two_machines_are_merged_into_tanba_ron_without_markers() {
    let team = Team::new();
    let (ws_a, ws_d) = two_with_history(&team);
    // dana adds a label and shares tanba.ron by hand; aigerim adds another, uncommitted
    tanba::store::add_labels(&ws_d.join("tanba.ron"), &["ORG".into()]).unwrap();
    git(&ws_d, &["commit", "--quiet", "-am", "the team adds ORG"]);
    git(&ws_d, &["push", "--quiet"]);
    tanba::store::add_labels(&ws_a.join("tanba.ron"), &["MISC".into()]).unwrap();
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("not shared"), "{out}");
    let settings = std::fs::read_to_string(ws_a.join("tanba.ron")).unwrap();
    assert!(!settings.contains("<<<<<<<"), "{settings}");
    let labels = Workspace::open(&ws_a).unwrap().settings.labels;
    let names: Vec<&str> = labels.labels.iter().map(|l| l.name.as_str()).collect();
    assert!(names.ends_with(&["MISC", "ORG"]), "{names:?}");
    assert_eq!(git(&ws_a, &["stash", "list"]), "", "no stash left behind");
}

#[test]
fn a_tanba_ron_change_committed_by_hand_is_pushed_and_said_as_such() {
    let team = Team::new();
    let (ws_a, _ws_d) = two_with_history(&team);
    tanba::store::add_labels(&ws_a.join("tanba.ron"), &["ORG".into()]).unwrap();
    git(&ws_a, &["commit", "--quiet", "-am", "the team adds ORG"]);
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("committed  nothing"), "{out}");
    assert!(!out.contains("earlier sync"), "no sync left it: {out}");
    assert!(
        out.contains("(with 1 commit made here earlier: the team adds ORG)"),
        "{out}"
    );
    assert!(git(&team.remote(), &["show", "HEAD:tanba.ron"]).contains("ORG"));
}

/// The `git show REV:FILE` a message names, run in `ws`.
fn shown_by_message(ws: &Path, message: &str) -> String {
    let start = message.find("`git show ").expect("a git show command") + 1;
    let command = &message[start..][..message[start..].find('`').unwrap()];
    let rev_file = command.strip_prefix("git show ").unwrap();
    git(ws, &["show", rev_file])
}

#[test]
fn one_label_changed_differently_on_two_machines_is_reported_with_both_sides() {
    // aigerim's change uncommitted (set aside by the rebase), then committed by hand
    for commit_first in [false, true] {
        let team = Team::new();
        let (ws_a, ws_d) = two_with_history(&team);
        let set_key = |ws: &Path, key: char| {
            let path = ws.join("tanba.ron");
            let text = std::fs::read_to_string(&path).unwrap();
            let edited = text.replacen("key: '1'", &format!("key: '{key}'"), 1);
            assert_ne!(text, edited);
            std::fs::write(&path, edited).unwrap();
        };
        set_key(&ws_d, 'p');
        git(&ws_d, &["commit", "--quiet", "-am", "PERSON on p"]);
        git(&ws_d, &["push", "--quiet"]);
        set_key(&ws_a, 'q');
        if commit_first {
            git(&ws_a, &["commit", "--quiet", "-am", "PERSON on q"]);
        }
        let mine = std::fs::read_to_string(ws_a.join("tanba.ron")).unwrap();
        let out = team.sync(&ws_a, "aigerim", false);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("tanba.ron was changed both here and on the remote"),
            "{stderr}"
        );
        assert!(stderr.contains("'q'") && stderr.contains("'p'"), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(ws_a.join("tanba.ron")).unwrap(),
            mine
        );
        // the pull undone: the next sync cannot commit this version over the remote's
        assert!(
            !git(&ws_a, &["show", "HEAD:tanba.ron"]).contains("key: 'p'"),
            "committed first: {commit_first}"
        );
        assert_eq!(git(&ws_a, &["stash", "list"]), "", "no stash left behind");
        let changed = git(&ws_a, &["status", "--porcelain", "--", "tanba.ron"]);
        assert_eq!(changed.trim().is_empty(), commit_first, "{changed}");
        // the command the message gives shows the remote's version, not this machine's
        let theirs = shown_by_message(&ws_a, &stderr);
        assert!(
            theirs.contains("key: 'p'") && !theirs.contains("key: 'q'"),
            "committed first: {commit_first}; {stderr}\n{theirs}"
        );
    }
}

#[test]
fn a_remote_busy_past_the_time_limit_stops_sync_and_the_next_sync_lands_it() {
    let team = Team::new();
    let (ws_a, _) = two_with_history(&team);
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    // the branch's lock held on the remote, as a push in flight holds it
    let branch = git(&team.remote(), &["symbolic-ref", "--short", "HEAD"]);
    let lock = team
        .remote()
        .join(format!("refs/heads/{}.lock", branch.trim()));
    std::fs::write(&lock, "").unwrap();
    let out = team
        .command(&ws_a, "aigerim", false)
        .args(["--timeout", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("sync gave up: the remote stayed busy"),
        "{stderr}"
    );
    assert!(stderr.contains("committed locally"), "{stderr}");
    let kk2 = "annotations/aigerim/kk2.ron".to_string();
    assert!(!remote_files(&team).contains(&kk2));

    std::fs::remove_file(&lock).unwrap();
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("earlier sync left unpushed"), "{out}");
    assert!(remote_files(&team).contains(&kk2));
}

/// The remote cannot be reached at all (its path gone, the network down): sync says the
/// files are as they were, and shares them once the remote is back.
#[test]
fn a_remote_that_cannot_be_reached_says_the_files_are_as_they_were() {
    let team = Team::new();
    let (ws_a, _) = two_with_history(&team);
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let moved = team.path().join("moved.git");
    std::fs::rename(team.remote(), &moved).unwrap();
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not reach the remote"), "{stderr}");
    assert!(stderr.contains("Nothing was lost"), "{stderr}");
    std::fs::rename(&moved, team.remote()).unwrap();
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("pushed to"), "{out}");
    assert!(remote_files(&team).contains(&"annotations/aigerim/kk2.ron".to_string()));
}

/// The network fails at the push (the remote cannot be reached for it): sync says that
/// the work is committed locally, and the next sync, the remote back, pushes it.
#[test]
fn a_push_that_cannot_reach_the_remote_says_nothing_was_lost() {
    let team = Team::new();
    let (ws_a, _) = two_with_history(&team);
    let gone = team.path().join("gone.git");
    git(&ws_a, &["config", "remote.origin.pushurl", s(&gone)]);
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let head = git(&ws_a, &["rev-parse", "--short", "HEAD"]);
    assert!(
        stderr.contains(&format!(
            "Nothing was lost: your work is committed locally ({}), not pushed",
            head.trim()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("run tanba sync again"), "{stderr}");
    git(&ws_a, &["config", "--unset", "remote.origin.pushurl"]);
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("pushed to"), "{out}");
    assert!(remote_files(&team).contains(&"annotations/aigerim/kk2.ron".to_string()));
}

#[test]
fn a_push_a_hook_declines_is_not_tried_again() {
    let team = Team::new();
    let (ws_a, _) = two_with_history(&team);
    let hook = team.remote().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho tried >> \"$GIT_DIR/tries\"\nexit 1\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(&hook).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&hook, perms).unwrap();
    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("hook declined"), "{stderr}");
    let tries = std::fs::read_to_string(team.remote().join("tries")).unwrap();
    assert_eq!(tries.lines().count(), 1, "one push, no retry");
    let head = git(&ws_a, &["log", "-1", "--format=%s"]);
    assert!(
        head.starts_with("aigerim: 1 article"),
        "work committed locally: {head}"
    );
}

#[test]
fn kb_entries_added_on_two_machines_are_merged_by_id_without_markers() {
    let team = Team::new();
    let (ws_a, ws_d) = two_with_history(&team);
    std::fs::write(ws_d.join("kb.tsv"), "Q1\tАтырау\n").unwrap();
    ok(&team.sync(&ws_d, "dana", false));
    ok(&team.sync(&ws_a, "aigerim", false));
    assert_eq!(
        std::fs::read_to_string(ws_a.join("kb.tsv")).unwrap(),
        "Q1\tАтырау\n"
    );
    let append = |ws: &Path, line: &str| {
        let mut text = std::fs::read_to_string(ws.join("kb.tsv")).unwrap();
        text += line;
        std::fs::write(ws.join("kb.tsv"), text).unwrap();
    };
    append(&ws_d, "dana-1\tҚанат Сүлейменов\n");
    ok(&team.sync(&ws_d, "dana", false));
    append(&ws_a, "aigerim-1\tАлматы\n");
    ok(&team.sync(&ws_a, "aigerim", false));
    let merged = std::fs::read_to_string(ws_a.join("kb.tsv")).unwrap();
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    let (kb, problems) = tanba::search::kb::Kb::parse(&merged);
    assert!(problems.is_empty(), "{problems:?}");
    let ids: Vec<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "{merged}");
    assert!(
        ["Q1", "dana-1", "aigerim-1"]
            .iter()
            .all(|id| ids.contains(id)),
        "{ids:?}"
    );
    assert_eq!(git(&team.remote(), &["show", "HEAD:kb.tsv"]), merged);
}

#[test]
fn session_files_committed_by_hand_are_left_in_the_index_as_they_were() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    annotate(&ws, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    let folder = ws.join("annotations/aigerim");
    for name in [".lock", ".resume"] {
        std::fs::write(folder.join(name), "session").unwrap();
    }
    // someone shared the workspace with `git add -A` before tanba sync wrote a .gitignore
    git(&ws, &["init", "--quiet"]);
    git(&ws, &["add", "--all"]);
    git(&ws, &["commit", "--quiet", "-m", "by hand"]);
    std::fs::write(folder.join(".lock"), "another session").unwrap();
    std::fs::remove_file(folder.join(".resume")).unwrap();
    annotate(&ws, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    for round in 0..2 {
        let out = ok(&team.sync(&ws, "aigerim", true));
        let staged = git(&ws, &["diff", "--cached", "--name-status"]);
        assert_eq!(
            staged, "",
            "round {round}: sync left staged: {staged}\n{out}"
        );
        let tracked = git(&ws, &["ls-files", "annotations/aigerim"]);
        assert!(tracked.contains("annotations/aigerim/.lock"), "{tracked}");
        assert!(tracked.contains("annotations/aigerim/.resume"), "{tracked}");
    }
    let last = git(&ws, &["show", "--stat", "--format=%s", "HEAD"]);
    assert!(
        !last.contains(".lock") && !last.contains(".resume"),
        "{last}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join(".lock")).unwrap(),
        "another session"
    );
}

#[test]
fn a_teammates_session_file_committed_by_hand_is_not_offered_for_sharing() {
    let team = Team::new();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[team.corpus()]).unwrap();
    annotate(&ws, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    annotate(&ws, "dana", "kk1", KK1, &[(0, 6, "LOCATION")]);
    let dana = ws.join("annotations/dana");
    std::fs::write(dana.join(".lock"), "session").unwrap();
    git(&ws, &["init", "--quiet"]);
    git(&ws, &["add", "--all"]);
    git(&ws, &["commit", "--quiet", "-m", "by hand"]);
    // dana works on the same server: her lock changes, and so does one of her files
    std::fs::write(dana.join(".lock"), "another session").unwrap();
    annotate(&ws, "dana", "kk2", KK2, &[(0, 6, "LOCATION")]);
    annotate(&ws, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = ok(&team.sync(&ws, "aigerim", false));
    let line = out
        .lines()
        .find(|l| l.starts_with("not shared"))
        .unwrap_or_default();
    assert!(line.contains("annotations/dana/kk2.ron"), "{out}");
    assert!(!line.contains(".lock"), "{out}");
}
