//! `tanba sync` with the real `git`: a bare repository as the remote, workspaces of
//! several annotators, each annotating (through the store) and syncing.
//! Git runs with no user or system config, as on a fresh machine.

use crate::common::ok;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::{Workspace, parse_doc};

const KK1: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";
const KK2: &str = "Астана әкімдігі жаңа бағдарлама жариялады.";

struct Team {
    home: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
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
    fn path(&self) -> &Path {
        self.home.path()
    }
    fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }
    fn remote(&self) -> PathBuf {
        self.path().join("remote.git")
    }

    /// `tanba sync` as `who`, with a clean environment for git.
    fn sync(&self, ws: &Path, who: &str, remote: bool) -> Output {
        let mut args = vec!["sync", "--workspace", s(ws), "--annotator", who];
        let url = self.remote();
        if remote {
            args.extend(["--remote", s(&url)]);
        }
        Command::new(env!("CARGO_BIN_EXE_tanba"))
            .args(&args)
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_COMMITTER_NAME")
            .output()
            .unwrap()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// git for the test's own steps (cloning, editing by hand), as a person named "hand".
fn git(dir: &Path, args: &[&str]) -> String {
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
fn annotate(ws: &Path, who: &str, article: &str, text: &str, spans: &[(usize, usize, &str)]) {
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
    git(
        team.path(),
        &["clone", "--quiet", s(&team.remote()), s(&ws_d)],
    );
    annotate(&ws_d, "dana", "kk1", KK1, &[(0, 13, "LOCATION")]);
    annotate(&ws_d, "dana", "kk2", KK2, &[(0, 15, "AGENCY")]);
    let out = ok(&team.sync(&ws_d, "dana", false));
    assert!(out.contains("dana: 2 articles, +2 spans, 2 done"), "{out}");

    annotate(&ws_a, "aigerim", "kk2", KK2, &[(0, 6, "LOCATION")]);
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("pulled     1 commit(s):"), "{out}");
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

#[test]
fn a_file_edited_by_hand_on_both_sides_stops_sync_with_nothing_lost() {
    let team = Team::new();
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));

    // someone fixes aigerim's file by hand in another clone and pushes it with git
    let ws_h = team.path().join("ws-hand");
    git(
        team.path(),
        &["clone", "--quiet", s(&team.remote()), s(&ws_h)],
    );
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

    annotate(&ws_a, "aigerim", "kk1", KK1, &[(20, 42, "PERSON")]);
    let mine = std::fs::read_to_string(ws_a.join(file)).unwrap();
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("\n  {file}")), "{stderr}");
    assert!(stderr.contains("git pull --rebase"), "{stderr}");
    assert!(stderr.contains("Nothing was lost"), "{stderr}");

    // nothing lost here: the file is as aigerim left it, and committed; no rebase hangs
    assert_eq!(std::fs::read_to_string(ws_a.join(file)).unwrap(), mine);
    assert!(!ws_a.join(".git/rebase-merge").exists() && !ws_a.join(".git/rebase-apply").exists());
    assert_eq!(git(&ws_a, &["status", "--porcelain"]), "");
    let head = git(&ws_a, &["log", "-1", "--format=%s"]);
    assert!(head.starts_with("aigerim: 1 article, +1 span"), "{head}");
    assert_eq!(git(&ws_a, &["show", &format!("HEAD:{file}")]), mine);
    // nothing lost there: the remote keeps the hand edit
    let remote = git(&team.remote(), &["show", &format!("HEAD:{file}")]);
    assert_eq!(remote, theirs);
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
