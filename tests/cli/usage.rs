//! The command line as a user meets it: help, exit codes, stats and labels.

use std::path::Path;

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::store::Workspace;

use crate::common::{run as tanba, stdout};

#[test]
fn every_subcommand_has_help_and_usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    for sub in [
        "validate", "stats", "labels", "search", "export", "verify", "sync",
    ] {
        let out = tanba(home.path(), &[sub, "--help"]);
        assert!(out.status.success(), "{sub} --help");
        assert!(stdout(&out).contains("Usage: tanba"), "{sub}");
    }
    let out = tanba(home.path(), &["--help"]);
    assert!(stdout(&out).contains("validate"));
    let out = tanba(home.path(), &["stats", "--no-such-flag", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = tanba(home.path(), &["validate"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing PATH is a usage error"
    );
}

#[test]
fn a_missing_corpus_is_an_error_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let out = tanba(home.path(), &["stats", "/no/such/corpus"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/corpus"));
}

#[test]
fn a_mistyped_command_is_named_beside_the_missing_corpus() {
    let home = tempfile::tempdir().unwrap();
    for (typed, meant) in [("exprot", "export"), ("stat", "stats"), ("sycn", "sync")] {
        let out = tanba(home.path(), &[typed]);
        assert_eq!(out.status.code(), Some(1));
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        let hint = format!("{typed}: no such file or folder (did you mean `tanba {meant}`?)");
        assert!(said.contains(&hint), "{said}");
    }
    // a path, or a word nothing like a command, gets no guess
    for typed in ["corpus", "./exprot", "news.jsonl"] {
        let said = String::from_utf8_lossy(&tanba(home.path(), &[typed]).stderr).into_owned();
        assert!(said.contains("no such file or folder") && !said.contains("did you mean"));
    }
}

/// A corpus of two articles and a workspace where two annotators worked on it.
fn annotated_corpus(home: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let kk = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";
    std::fs::write(corpus.join("kk.txt"), kk).unwrap();
    std::fs::write(corpus.join("en.txt"), "Atyrau news\nNothing here.").unwrap();
    let ws_dir = home.join("ws");
    let ws = Workspace::open_or_create(&ws_dir, std::slice::from_ref(&corpus)).unwrap();
    let mut aigerim = DocAnnotations::new("kk", "aigerim", kk);
    let person = Span::cut(kk, 20, 42, "PERSON", Origin::Manual, "aigerim").unwrap();
    let place = Span::cut(kk, 0, 6, "LOCATION", Origin::Manual, "aigerim").unwrap();
    let mut wrong = Span::cut(kk, 52, 57, "DATE", Origin::Imported, "import").unwrap();
    wrong.state = SpanState::Rejected;
    for op in [Op::Add(person), Op::Add(place), Op::Add(wrong)] {
        aigerim.apply(&op, "aigerim");
    }
    aigerim.status = DocStatus::Done;
    ws.save_doc("aigerim", &aigerim).unwrap();
    let mut dana = DocAnnotations::new("kk", "dana", kk);
    let stat = Span::cut(kk, 52, 57, "STATISTIC", Origin::Imported, "import").unwrap();
    dana.apply(&Op::Add(stat), "dana");
    dana.status = DocStatus::InProgress;
    ws.save_doc("dana", &dana).unwrap();
    (corpus, ws_dir)
}

#[test]
fn stats_counts_spans_per_label_annotator_and_status() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = annotated_corpus(home.path());
    let (c, w) = (corpus.to_str().unwrap(), ws.to_str().unwrap());
    let out = tanba(home.path(), &["stats", c, "--workspace", w, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["articles"], 2);
    assert_eq!(json["spans_per_label"]["PERSON"], 1);
    assert_eq!(json["spans_per_label"]["STATISTIC"], 1);
    assert_eq!(
        json["spans_per_label"]["DATE"], 0,
        "rejected spans do not count"
    );
    let aigerim = &json["annotators"]["aigerim"];
    assert_eq!(aigerim["spans"], 2);
    assert_eq!(aigerim["rejected"], 1);
    assert_eq!(aigerim["status"]["done"], 1);
    assert_eq!(
        aigerim["status"]["todo"], 1,
        "the unannotated article counts as todo"
    );
    let dana = &json["annotators"]["dana"];
    assert_eq!(dana["pending"], 1);
    assert_eq!(dana["status"]["in_progress"], 1);
    let words = json["words"].as_u64().unwrap();
    assert_eq!(
        words, 14,
        "10 + 4 words, as UAX #29 counts them (9 000 is two)"
    );

    let table = stdout(&tanba(home.path(), &["stats", c, "--workspace", w]));
    let row = table.lines().find(|l| l.starts_with("aigerim")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // annotator, spans, pending, rejected, 5 statuses
    assert_eq!(cells, ["aigerim", "2", "0", "1", "1", "0", "1", "0", "0"]);
    // then one row per label (in label set order): aigerim, dana, all
    let head = table.lines().position(|l| l.starts_with("label")).unwrap();
    let labels: Vec<Vec<&str>> = table
        .lines()
        .skip(head)
        .take(6)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        labels,
        [
            vec!["label", "aigerim", "dana", "all"],
            vec!["PERSON", "1", "0", "1"],
            vec!["AGENCY", "0", "0", "0"],
            vec!["STATISTIC", "0", "1", "1"],
            vec!["LOCATION", "1", "0", "1"],
            vec!["DATE", "0", "0", "0"],
        ]
    );
}

#[test]
fn labels_prints_the_label_set_with_keys() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = annotated_corpus(home.path());
    let out = tanba(
        home.path(),
        &[
            "labels",
            corpus.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
        ],
    );
    let text = stdout(&out);
    let names: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(names, ["PERSON", "AGENCY", "STATISTIC", "LOCATION", "DATE"]);
    assert!(text.starts_with(
        "key  name       tag  color    description
"
    ));
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("1    PERSON     PER  yellow   People")
    );
}

#[test]
fn a_broken_settings_file_is_reported_with_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = annotated_corpus(home.path());
    let settings = ws.join("tanba.ron");
    let good = std::fs::read_to_string(&settings).unwrap();
    let broken = good.replacen("key: '2'", "key: '1'", 1);
    std::fs::write(&settings, &broken).unwrap();
    let out = tanba(
        home.path(),
        &[
            "stats",
            corpus.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = broken
        .lines()
        .position(|l| l.contains("\"AGENCY\""))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("tanba.ron:{line}:")), "{err}");
    assert!(
        err.contains("key '1' is given to both PERSON and AGENCY"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&settings).unwrap(),
        broken,
        "never rewritten"
    );
}

#[test]
fn a_list_piped_into_head_ends_quietly_when_head_stops_reading() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("many.jsonl");
    let lines: String = (0..4000)
        .map(|i| format!("{{\"id\":\"a{i}\",\"text\":\"Атырау облысы әкімі, {i} мақала\"}}\n"))
        .collect();
    std::fs::write(&corpus, lines).unwrap();
    let corpus = corpus.to_str().unwrap();
    for list in ["queue", "search"] {
        let extra = if list == "search" {
            " Атырау"
        } else {
            ""
        };
        let script = format!("\"$0\" {list} {corpus}{extra} | head -1");
        let out = crate::common::run_sh(home.path(), &script);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{list}: {err}");
        assert!(!err.contains("Broken pipe"), "{list}: {err}");
        assert_eq!(stdout(&out).lines().count(), 1, "{list}");
    }
}

#[test]
fn an_os_error_is_said_once() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("c.txt");
    std::fs::write(&corpus, "Атырау\n").unwrap();
    let missing = home.path().join("no-model");
    let args = [
        "queue",
        corpus.to_str().unwrap(),
        "--by",
        "doubt",
        "--model",
        missing.to_str().unwrap(),
    ];
    let out = tanba(home.path(), &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no-model: No such file or directory"), "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn an_unknown_label_is_said_alike_by_every_command_with_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = annotated_corpus(home.path());
    let (c, w) = (corpus.to_str().unwrap(), ws.to_str().unwrap());
    let said = "unknown label `PERSN`; did you mean `PERSON`? \
                (labels: PERSON, AGENCY, STATISTIC, LOCATION, DATE)";
    let runs: [&[&str]; 6] = [
        &[
            "export",
            c,
            "--workspace",
            w,
            "--format",
            "jsonl",
            "--labels",
            "PERSN",
        ],
        &["agree", c, "--workspace", w, "--labels", "PERSN"],
        &["train", c, "--workspace", w, "--labels", "PERSN"],
        &["search", c, "--workspace", w, "label:PERSN"],
        &["labels", "remove", "PERSN", "--workspace", w],
        &["labels", "key", "PERSN", "x", "--workspace", w],
    ];
    let before = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    for args in runs {
        let out = tanba(home.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(ws.join("tanba.ron")).unwrap(),
        before
    );
}
