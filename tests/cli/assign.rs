//! `tanba assign` and `tanba queue` with an assignment: balanced shares, stable as the
//! corpus grows, releases and newcomers logged, bad requests refused with exit 2; and the
//! assignment shared through `tanba sync` with a bare remote.

use crate::common::{Home, corpus, ok, run, s, stderr};
use std::path::Path;
use std::process::{Command, Output};
use tanba::annotation::{DocAnnotations, DocStatus};
use tanba::store::Workspace;

/// Five one-line articles a1..a5 and the workspace beside them, created.
fn five(home: &Home) -> (String, String) {
    let files: Vec<(String, String)> = (1..=5)
        .map(|i| {
            (
                format!("a{i}.txt"),
                format!("Article {i}\nAstana news {i}."),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (corpus, ws) = corpus(home, &refs);
    Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    (s(&corpus).to_string(), s(&ws).to_string())
}

fn tanba(home: &Home, ws: &str, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--workspace", ws]);
    run(home.path(), &all)
}

/// Sets `who`'s status of `article`, through the store.
fn status(ws: &str, who: &str, article: &str, status: DocStatus) {
    let workspace = Workspace::open(Path::new(ws)).unwrap();
    let mut doc = DocAnnotations::new(article, who, "");
    doc.status = status;
    workspace.save_doc(who, &doc).unwrap();
}

fn file(ws: &str) -> String {
    std::fs::read_to_string(Path::new(ws).join("assignment.ron")).unwrap()
}

/// The rows of the table: (annotator, assigned, done, in progress, left).
fn rows(out: &str) -> Vec<Vec<String>> {
    let lines = out
        .lines()
        .skip_while(|l| !l.starts_with("annotator"))
        .skip(1);
    lines
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words.iter().map(|w| w.to_string()).collect()
        })
        .collect()
}

#[test]
fn assign_shares_the_articles_evenly_and_a_second_call_changes_nothing() {
    let home = Home::new();
    let (corpus, ws) = five(&home);
    let out = ok(&tanba(
        &home,
        &ws,
        &[
            "assign",
            &corpus,
            "--annotators",
            "ann,bob,cem",
            "--overlap",
            "2",
        ],
    ));
    assert!(
        out.contains("placed 5 articles, 2 annotators each, among ann, bob, cem"),
        "{out}"
    );
    let table = rows(&out);
    let counts: Vec<&str> = table.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(counts, ["4", "3", "3"], "{out}");
    assert_eq!(table[0], ["ann", "4", "0", "0", "4"]);
    let first = file(&ws);
    assert!(first.contains("who: \"tester\""), "{first}");

    let out = ok(&tanba(&home, &ws, &["assign", &corpus]));
    assert!(
        out.contains("nothing to change (5 articles, overlap 2)"),
        "{out}"
    );
    assert_eq!(file(&ws), first);

    // a new article is placed; the others keep theirs
    std::fs::write(Path::new(&corpus).join("a6.txt"), "Article 6\nMore.").unwrap();
    let out = ok(&tanba(&home, &ws, &["assign", &corpus]));
    assert!(out.contains("placed 1 article,"), "{out}");
    let now = file(&ws);
    for line in first.lines().filter(|l| l.contains("(\"a")) {
        assert!(now.contains(line), "{line} lost from\n{now}");
    }
    let now_counts: Vec<String> = rows(&out).into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(now_counts, ["4", "4", "4"], "{out}");
}

#[test]
fn release_moves_work_not_started_and_add_brings_someone_in_each_logged() {
    let home = Home::new();
    let (corpus, ws) = five(&home);
    ok(&tanba(
        &home,
        &ws,
        &["assign", &corpus, "--annotators", "ann,bob"],
    ));
    // ann has a1, a3, a5; she started a3 and finished a5
    status(&ws, "ann", "a3", DocStatus::InProgress);
    status(&ws, "ann", "a5", DocStatus::Done);
    let out = ok(&tanba(&home, &ws, &["assign", &corpus, "--release", "ann"]));
    assert!(
        out.contains("released ann: 1 article moved to others, 2 started kept by ann"),
        "{out}"
    );
    assert_eq!(
        rows(&out),
        [["bob", "3", "0", "0", "3"], ["ann", "2", "1", "1", "1"]]
    );
    let text = file(&ws);
    assert!(text.contains("(\"a1\", [\"bob\"])"), "{text}");
    assert!(text.contains("(\"a3\", [\"ann\"])"), "{text}");

    let out = ok(&tanba(&home, &ws, &["assign", &corpus, "--add", "cem"]));
    assert!(
        out.contains("added cem: took 1 article not started"),
        "{out}"
    );
    let text = file(&ws);
    let log: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("what:"))
        .map(str::trim)
        .collect();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log[1].contains("released ann"), "{log:?}");
    assert!(log[2].contains("added cem"), "{log:?}");
}

#[test]
fn bad_requests_and_a_broken_file_exit_2_and_write_nothing() {
    let home = Home::new();
    let (corpus, ws) = five(&home);
    let out = tanba(
        &home,
        &ws,
        &[
            "assign",
            &corpus,
            "--annotators",
            "ann,bob",
            "--overlap",
            "3",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("an overlap of 3 needs at least 3 annotators, there are 2"),
        "{}",
        stderr(&out)
    );
    assert!(!Path::new(&ws).join("assignment.ron").exists());

    ok(&tanba(
        &home,
        &ws,
        &["assign", &corpus, "--annotators", "ann,bob"],
    ));
    let before = file(&ws);
    let out = tanba(&home, &ws, &["assign", &corpus, "--release", "zed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("\"zed\" is not an annotator of this assignment (they are: ann, bob)"),
        "{}",
        stderr(&out)
    );
    let out = tanba(
        &home,
        &ws,
        &["assign", &corpus, "--annotators", "ann,bob,cem"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--add NAME"), "{}", stderr(&out));
    assert_eq!(file(&ws), before);

    let broken = before.replace("(\"a2\", [\"bob\"])", "(\"a2\", [\"bob\", \"bob\"])");
    assert_ne!(broken, before);
    std::fs::write(Path::new(&ws).join("assignment.ron"), &broken).unwrap();
    let out = tanba(&home, &ws, &["assign", &corpus]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("assignment.ron:7: article \"a2\" names \"bob\" twice"),
        "{err}"
    );
    assert_eq!(file(&ws), broken);
}

#[test]
fn the_queue_gives_work_in_progress_first_then_the_assignments_order() {
    let home = Home::new();
    let (corpus, ws) = five(&home);
    ok(&tanba(
        &home,
        &ws,
        &[
            "assign",
            &corpus,
            "--annotators",
            "ann,bob",
            "--overlap",
            "2",
        ],
    ));
    status(&ws, "bob", "a1", DocStatus::Done);
    status(&ws, "bob", "a2", DocStatus::Skipped);
    status(&ws, "bob", "a4", DocStatus::InProgress);
    let out = ok(&tanba(
        &home,
        &ws,
        &["queue", &corpus, "--annotator", "bob", "--json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["annotator"], "bob");
    let ids: Vec<&str> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a4", "a3", "a5"]);
    assert_eq!(json["articles"][0]["status"], "in_progress");
    // bob's queue emptied: said in words, not an empty screen
    for id in ["a3", "a4", "a5"] {
        status(&ws, "bob", id, DocStatus::Done);
    }
    let out = ok(&tanba(
        &home,
        &ws,
        &["queue", &corpus, "--annotator", "bob"],
    ));
    assert_eq!(out, "");
    let err = stderr(&tanba(
        &home,
        &ws,
        &["queue", &corpus, "--annotator", "bob"],
    ));
    assert!(
        err.contains("nothing left for bob: every article assigned to bob is done or skipped"),
        "{err}"
    );
    // someone with nothing assigned has an empty queue, and is told why
    let out = tanba(&home, &ws, &["queue", &corpus, "--annotator", "zed"]);
    assert!(
        stderr(&out).contains("nothing is assigned to \"zed\""),
        "{}",
        stderr(&out)
    );
}

/// git with no user or system config, as a person named "hand".
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=hand", "-c", "user.email=hand@example.org"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    ok(&out)
}

fn sync(home: &Home, ws: &Path, who: &str, remote: Option<&Path>) -> Output {
    let mut args = vec![
        "sync",
        "--workspace",
        s(ws),
        "--annotator",
        who,
        "--backoff-ms",
        "5",
    ];
    if let Some(url) = remote {
        args.extend(["--remote", s(url)]);
    }
    Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(&args)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_COMMITTER_NAME")
        .output()
        .unwrap()
}

#[test]
fn an_assignment_made_in_one_clone_reaches_the_others_queue_through_sync() {
    let home = Home::new();
    let (corpus, ws_a) = five(&home);
    git(home.path(), &["init", "--quiet", "--bare", "remote.git"]);
    let remote = home.path().join("remote.git");
    let ws_a = Path::new(&ws_a);
    ok(&tanba(
        &home,
        s(ws_a),
        &["assign", &corpus, "--annotators", "ann,bob"],
    ));
    let out = ok(&sync(&home, ws_a, "ann", Some(&remote)));
    assert!(out.contains("assignment.ron"), "{out}");

    let ws_b = home.path().join("ws-bob");
    git(home.path(), &["clone", "--quiet", s(&remote), s(&ws_b)]);
    ok(&sync(&home, &ws_b, "bob", None));
    let queue = |ws: &Path| {
        ok(&tanba(
            &home,
            s(ws),
            &["queue", &corpus, "--annotator", "bob", "--json"],
        ))
    };
    let there = queue(&ws_b);
    assert!(
        there.contains("\"a2\"") && !there.contains("\"a1\""),
        "{there}"
    );
    assert_eq!(there, queue(ws_a));

    // a later change travels the same way
    ok(&tanba(&home, s(ws_a), &["assign", &corpus, "--add", "cem"]));
    ok(&sync(&home, ws_a, "ann", None));
    ok(&sync(&home, &ws_b, "bob", None));
    assert_eq!(file(s(&ws_b)), file(s(ws_a)));
    assert_eq!(queue(&ws_b), queue(ws_a));
}

#[test]
fn stats_counts_active_time_from_the_audit_logs_breaks_left_out() {
    use tanba::annotation::LogEntry;
    let home = Home::new();
    let (corpus, ws) = five(&home);
    let t0 = time::macros::datetime!(2026-12-01 09:00:00 UTC);
    let mut doc = DocAnnotations::new("a1", "dana", "");
    // gaps of 10 s, 20 s, 30 min (a break) and 40 s
    doc.log = [0, 10, 30, 1830, 1870]
        .map(|s| LogEntry {
            when: t0 + time::Duration::seconds(s),
            who: "dana".into(),
            what: "status todo -> in_progress".into(),
        })
        .to_vec();
    Workspace::open(Path::new(&ws))
        .unwrap()
        .save_doc("dana", &doc)
        .unwrap();
    let out = ok(&tanba(&home, &ws, &["stats", &corpus, "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["time"]["dana"]["active_seconds"], 70, "{out}");
    assert_eq!(json["time"]["dana"]["articles"], 1);
    let out = ok(&tanba(&home, &ws, &["stats", &corpus]));
    let row = out
        .lines()
        .skip_while(|l| !l.contains("active time"))
        .nth(1);
    let words: Vec<&str> = row.unwrap_or_default().split_whitespace().collect();
    assert_eq!(words, ["dana", "0:01:10", "1", "-"], "{out}");
}

#[test]
fn an_article_begun_before_the_assignment_goes_to_whoever_began_it() {
    let home = Home::new();
    let (corpus, ws) = five(&home);
    // dana began a1 before anything was assigned; aigerim, first in the team, would get it
    status(&ws, "dana", "a1", DocStatus::InProgress);
    let args = ["assign", &corpus, "--annotators", "aigerim,dana"];
    ok(&tanba(&home, &ws, &args));
    let a = tanba::assign::load(Path::new(&ws)).unwrap().unwrap();
    let a1 = a.articles.iter().find(|x| x.id() == "a1").unwrap();
    assert_eq!(a1.to(), ["dana"], "{}", file(&ws));
}
