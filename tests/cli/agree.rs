//! `tanba agree`, `tanba merge` and the agreement lines of `tanba stats`, as a team
//! meets them: figures checked against values worked out by hand.

use std::path::{Path, PathBuf};

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::store::{Workspace, parse_doc};

use crate::common::{ok, run as tanba, stderr, stdout};

const KK: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";
const EN: &str = "Atyrau news\nNothing here.";

fn save(ws: &Workspace, who: &str, id: &str, text: &str, spans: &[(usize, usize, &str)]) {
    let mut doc = DocAnnotations::new(id, who, text);
    for &(start, end, label) in spans {
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc.status = DocStatus::Done;
    ws.save_doc(who, &doc).unwrap();
}

/// Three annotators on "kk" (Атырау 0..6, облысы 7..13, Махамбет 20..28, the full name
/// 20..42); on "en" aigerim tags Atyrau, dana tags nothing, erlan has no file.
fn team(home: &Path) -> (PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    std::fs::write(corpus.join("en.txt"), EN).unwrap();
    let ws_dir = home.join("ws");
    let ws = Workspace::open_or_create(&ws_dir, std::slice::from_ref(&corpus)).unwrap();
    save(
        &ws,
        "aigerim",
        "kk",
        KK,
        &[(0, 6, "LOCATION"), (20, 42, "PERSON")],
    );
    save(
        &ws,
        "dana",
        "kk",
        KK,
        &[(0, 13, "LOCATION"), (20, 42, "PERSON")],
    );
    save(
        &ws,
        "erlan",
        "kk",
        KK,
        &[(0, 6, "LOCATION"), (20, 28, "PERSON")],
    );
    save(&ws, "aigerim", "en", EN, &[(0, 6, "LOCATION")]);
    save(&ws, "dana", "en", EN, &[]);
    (corpus, ws_dir)
}

fn args<'a>(sub: &'a str, corpus: &'a Path, ws: &'a Path, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        sub,
        corpus.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
    ];
    v.extend(rest);
    v
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 1e-9
}

#[test]
fn agree_json_gives_the_figures_worked_out_by_hand() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = tanba(
        home.path(),
        &args(
            "agree",
            &corpus,
            &ws,
            &["--annotators", "aigerim,dana", "--json"],
        ),
    );
    ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["aigerim", "dana"]));
    assert_eq!(json["articles"], 2);
    let pair = &json["pairs"][0];
    assert_eq!(
        (pair["a"].as_str(), pair["b"].as_str()),
        (Some("aigerim"), Some("dana"))
    );
    // spans 3 and 2, only the full name matches: 2·1/5
    assert_eq!(
        (pair["spans_a"].as_u64(), pair["spans_b"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(pair["matched"], 1);
    assert!(close(&pair["span_f1"], 0.4));
    assert!(close(&pair["per_label"]["PERSON"]["span_f1"], 1.0));
    assert_eq!(pair["per_label"]["LOCATION"]["spans_a"], 2);
    assert!(close(&pair["per_label"]["LOCATION"]["span_f1"], 0.0));
    // units: Атырау 6 + облысы 6 + the name 21 + Atyrau 6 = 39, agreed 27;
    // both LOCATION 12, O 6, PERSON 21 -> Σ = 621: (27·39 − 621)/(1521 − 621) = 0.48
    assert!(close(&pair["kappa"], 0.48), "{}", pair["kappa"]);
    // 12 units disagree (2 each), values LOCATION 24, O 12, PERSON 42 (n = 78):
    // 1 − 77·24/(78² − 2484) = 1 − 1848/3600
    assert!(
        close(&json["alpha"], 1.0 - 1848.0 / 3600.0),
        "{}",
        json["alpha"]
    );
    let disagreements = serde_json::json!([{"id": "kk", "count": 2}, {"id": "en", "count": 1}]);
    assert_eq!(json["disagreements"], disagreements);
}

#[test]
fn agree_prints_tables_per_pair_per_label_and_the_worst_articles() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = tanba(home.path(), &args("agree", &corpus, &ws, &[]));
    ok(&out);
    let text = stdout(&out);
    let row = |start: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{text}"));
        line[start.len()..]
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        row("aigerim vs dana "),
        ["2", "3", "2", "1", "0.400", "0.480"]
    );
    // erlan has only "kk": 2 spans each, Атырау matches; units Атырау 6 + the name 21,
    // agreed 6 + 8 (Махамбет); aigerim LOCATION 6 PERSON 21, erlan LOCATION 6 PERSON 8 O 13
    // -> Σ = 36 + 168 = 204: (14·27 − 204)/(729 − 204) = 174/525
    assert_eq!(
        row("aigerim vs erlan "),
        ["1", "2", "2", "1", "0.500", "0.331"]
    );
    assert!(
        text.contains("span F1 per label  PERSON  LOCATION"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("kk") && l.ends_with(" 4")),
        "{text}"
    );
    assert!(
        text.contains("2 articles with files from two or more"),
        "{text}"
    );
    let pair = ["--annotators", "aigerim,erlan"];
    let one = stdout(&tanba(home.path(), &args("agree", &corpus, &ws, &pair)));
    assert!(
        one.contains(", 1 article with files from two or more"),
        "{one}"
    );
}

#[test]
fn agree_filters_by_label_and_status() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let run = |rest: &[&str]| {
        let out = tanba(home.path(), &args("agree", &corpus, &ws, rest));
        ok(&out);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let person = run(&[
        "--annotators",
        "aigerim,dana",
        "--labels",
        "PERSON",
        "--json",
    ]);
    assert!(close(&person["pairs"][0]["span_f1"], 1.0));
    assert!(close(&person["pairs"][0]["kappa"], 1.0));
    // every file is done: the same figures as without the filter
    let done = run(&["--annotators", "aigerim,dana", "--status", "done", "--json"]);
    assert!(close(&done["pairs"][0]["span_f1"], 0.4));
    let out = tanba(
        home.path(),
        &args("agree", &corpus, &ws, &["--status", "todo"]),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "no files in todo: nothing shared"
    );
    assert!(
        stderr(&out).contains("nothing to compare"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn agree_and_merge_refuse_what_cannot_be_compared_with_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let cases: [(&str, &[&str], &str); 7] = [
        (
            "agree",
            &["--annotators", "aigerim,nobody"],
            "no annotator \"nobody\"",
        ),
        (
            "agree",
            &["--annotators", "aigerim"],
            "two or more annotators",
        ),
        (
            "agree",
            &["--annotators", "aigerim,aigerim"],
            "two or more annotators",
        ),
        (
            "agree",
            &["--labels", "NOPE"],
            "unknown label `NOPE` (labels: ",
        ),
        (
            "merge",
            &["--annotators", "aigerim,dana", "--into", "dana"],
            "one of the annotators",
        ),
        (
            "merge",
            &[
                "--annotators",
                "aigerim,dana",
                "--into",
                "c",
                "--min-agree",
                "3",
            ],
            "from 1 to 2",
        ),
        (
            "merge",
            &["--annotators", "aigerim,../x", "--into", "c"],
            "annotator name",
        ),
    ];
    for (sub, rest, message) in cases {
        let out = tanba(home.path(), &args(sub, &corpus, &ws, rest));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{sub} {rest:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(message),
            "{sub} {rest:?}: {}",
            stderr(&out)
        );
    }
    // erlan and a newcomer never share an article
    std::fs::create_dir_all(ws.join("annotations/newcomer")).unwrap();
    let out = tanba(
        home.path(),
        &args("agree", &corpus, &ws, &["--annotators", "erlan,newcomer"]),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no article has files from two or more"));
}

fn curator_doc(ws: &Path, id: &str) -> DocAnnotations {
    let path = ws.join(format!("annotations/curator/{id}.ron"));
    parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn merge_three_annotators_with_min_agree_two_then_export_the_gold_set() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let rest = [
        "--annotators",
        "aigerim,dana,erlan",
        "--into",
        "curator",
        "--min-agree",
        "2",
    ];
    let out = tanba(home.path(), &args("merge", &corpus, &ws, &rest));
    ok(&out);
    assert!(
        stdout(&out).contains("2 articles written, 2 spans accepted"),
        "{}",
        stdout(&out)
    );

    let kk = curator_doc(&ws, "kk");
    let spans: Vec<(usize, usize, &str, SpanState, &str)> = kk
        .spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.as_str(),
                s.state,
                s.note.as_deref().unwrap(),
            )
        })
        .collect();
    use SpanState::*;
    assert_eq!(
        spans,
        [
            (0, 6, "LOCATION", Accepted, "2 of 3: aigerim, erlan"),
            (0, 13, "LOCATION", Pending, "1 of 3: dana"),
            (20, 28, "PERSON", Pending, "1 of 3: erlan"),
            (20, 42, "PERSON", Accepted, "2 of 3: aigerim, dana"),
        ]
    );
    assert!(kk.spans.iter().all(|s| s.origin == Origin::Merged));
    assert!(
        kk.log[0]
            .what
            .starts_with("merged from aigerim (2 spans), dana (2 spans), erlan (2 spans)")
    );
    let en = curator_doc(&ws, "en");
    assert_eq!(en.spans[0].state, Pending, "only aigerim had it");
    assert!(en.log[0].what.contains("erlan (no file)"));

    // a second merge leaves the curator's files alone and says so
    let before = std::fs::read(ws.join("annotations/curator/kk.ron")).unwrap();
    let out = tanba(home.path(), &args("merge", &corpus, &ws, &rest));
    assert!(
        stdout(&out).contains("left alone (curator already has a file): en, kk"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read(ws.join("annotations/curator/kk.ron")).unwrap(),
        before
    );

    let out = tanba(
        home.path(),
        &args(
            "export",
            &corpus,
            &ws,
            &["--annotator", "curator", "-f", "jsonl"],
        ),
    );
    ok(&out);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kk_line = lines.iter().find(|l| l["id"] == "kk").unwrap();
    assert_eq!(
        kk_line["label"],
        serde_json::json!([[0, 6, "LOCATION"], [20, 42, "PERSON"]])
    );
}

#[test]
fn stats_shows_one_agreement_line_per_pair() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = tanba(home.path(), &args("stats", &corpus, &ws, &[]));
    ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("agreement"))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "agreement  aigerim vs dana: 2 articles, span F1 0.400, kappa 0.480"
    );
}

#[test]
fn agree_merge_and_curate_have_help_and_curate_checks_what_was_asked_first() {
    let home = tempfile::tempdir().unwrap();
    for sub in ["agree", "merge", "curate"] {
        let out = tanba(home.path(), &[sub, "--help"]);
        assert!(out.status.success(), "{sub} --help");
        assert!(stdout(&out).contains("Usage: tanba"), "{sub}");
    }
    let (corpus, ws) = team(home.path());
    let out = tanba(
        home.path(),
        &args("curate", &corpus, &ws, &["--annotators", "aigerim,nobody"]),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = tanba(
        home.path(),
        &args(
            "curate",
            &corpus,
            &ws,
            &["--annotators", "aigerim,dana", "--as", "dana"],
        ),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // right, but no terminal: a clear error, nothing written
    let out = tanba(
        home.path(),
        &args("curate", &corpus, &ws, &["--annotators", "aigerim,dana"]),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("run it in a terminal"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.join("annotations/curator").exists());
}

#[test]
fn agree_leaves_out_a_reader_whose_folder_holds_no_document() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    // opening tanba as "reader" makes the folder for the session lock, and nothing else
    let workspace = Workspace::open(&ws).unwrap();
    drop(workspace.lock("reader").unwrap());
    assert!(ws.join("annotations/reader").is_dir());
    let out = tanba(home.path(), &args("agree", &corpus, &ws, &["--json"]));
    ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["annotators"],
        serde_json::json!(["aigerim", "dana", "erlan"])
    );
    assert!(
        stderr(&out).contains("left out reader (no annotation files"),
        "{}",
        stderr(&out)
    );
    // named, the reader is compared all the same (and has nothing in common with anyone)
    let named = ["--annotators", "aigerim,reader"];
    let out = tanba(home.path(), &args("agree", &corpus, &ws, &named));
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("of aigerim, reader") && said.contains("nothing to compare"),
        "{said}"
    );
    assert!(!said.contains("tanba: left out"), "{said}");
}
