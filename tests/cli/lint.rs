//! `tanba lint` on KazNERD-like data with conflicts planted: the JSON finding by finding,
//! the table, exit codes and the fixes.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::corpus::{Corpus, load};
use tanba::store::Workspace;

use crate::common::{Home, corpus, ok, run as tanba, s, stderr, stdout};

const A: &str = "Атырау облысының әкімі Ақтөбе қаласына барды.";
const B: &str = "Атырау әкімдігі хабарлады.";
const C: &str = "Атырауда жиын өтті, Атырау — мұнай орталығы.";
const D: &str = "«Ақтөбе қаласы мен Ақтөбе ауданы.";

/// Code points of the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (b, _) = text.match_indices(needle).nth(nth).unwrap();
    let start = text[..b].chars().count();
    (start, start + needle.chars().count())
}

fn doc(
    id: &str,
    who: &str,
    text: &str,
    status: DocStatus,
    spans: &[(&str, usize, &str)],
) -> DocAnnotations {
    let mut doc = DocAnnotations::new(id, who, text);
    doc.status = status;
    for &(needle, nth, label) in spans {
        let (start, end) = at(text, needle, nth);
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc
}

/// Four articles, the tester's work with a conflict, a missed name, a bad edge and an
/// unknown label planted; `other` tagged Атырау as PERSON once.
fn setup(home: &Home) -> (PathBuf, PathBuf, Workspace) {
    let files = [("a.txt", A), ("b.txt", B), ("c.txt", C), ("d.txt", D)];
    let (corpus, ws) = corpus(home, &files);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    let done = DocStatus::Done;
    let docs = [
        doc(
            "a",
            "tester",
            A,
            done,
            &[("Атырау", 0, "LOCATION"), ("Ақтөбе", 0, "LOCATION")],
        ),
        doc("b", "tester", B, done, &[("Атырау", 0, "AGENCY")]),
        doc("c", "tester", C, done, &[("Атырау", 1, "LOCATION")]),
        doc(
            "d",
            "tester",
            D,
            DocStatus::InProgress,
            &[("«Ақтөбе", 0, "LOCATION"), ("Ақтөбе ауданы", 0, "GPE")],
        ),
    ];
    for d in &docs {
        workspace.save_doc("tester", d).unwrap();
    }
    let other = doc("a", "other", A, done, &[("Атырау", 0, "PERSON")]);
    workspace.save_doc("other", &other).unwrap();
    (corpus, ws, workspace)
}

fn finding(
    kind: &str,
    article: &str,
    text: &str,
    (needle, nth): (&str, usize),
    label: &str,
    detail: &str,
) -> Value {
    let (start, end) = at(text, needle, nth);
    json!({
        "kind": kind, "article": article, "annotator": "tester", "start": start, "end": end,
        "text": needle, "label": label, "detail": detail,
    })
}

#[test]
fn json_names_every_planted_finding_in_corpus_order() {
    let home = Home::new();
    let (corpus, ws, _) = setup(&home);
    let out = tanba(
        home.path(),
        &[
            "lint",
            s(&corpus),
            "--workspace",
            s(&ws),
            "--annotator",
            "tester",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expected = [
        finding(
            "label_conflict",
            "b",
            B,
            ("Атырау", 0),
            "AGENCY",
            "LOCATION ×2, AGENCY ×1",
        ),
        finding(
            "unlabeled",
            "c",
            C,
            ("Атырауда", 0),
            "LOCATION",
            r#"tagged LOCATION ×2, AGENCY ×1 elsewhere (as "Атырау")"#,
        ),
        finding(
            "boundary",
            "d",
            D,
            ("«Ақтөбе", 0),
            "LOCATION",
            r#"outer punctuation or space: "Ақтөбе" would be the name"#,
        ),
        finding(
            "unknown_label",
            "d",
            D,
            ("Ақтөбе ауданы", 0),
            "GPE",
            "unknown label `GPE` (labels: PERSON, AGENCY, STATISTIC, LOCATION, DATE)",
        ),
    ];
    let findings = got["findings"].as_array().unwrap();
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(findings.get(i), Some(want), "finding {i}");
    }
    assert_eq!(findings.len(), expected.len());
    let counts = json!({"boundary": 1, "duplicate": 0, "label_conflict": 1, "unknown_label": 1, "unlabeled": 1});
    assert_eq!(got["counts"], counts);
}

#[test]
fn the_table_groups_by_kind_each_annotator_against_their_own_work() {
    let home = Home::new();
    let (corpus, ws, _) = setup(&home);
    let out = tanba(
        home.path(),
        &[
            "lint",
            s(&corpus),
            "--workspace",
            s(&ws),
            "--kinds",
            "label_conflict,unlabeled",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let table = stdout(&out);
    // `other`'s PERSON is theirs alone: no conflict with the tester's LOCATION
    assert_eq!(
        table,
        "2 findings: label_conflict 1, unlabeled 1, boundary 0, duplicate 0, unknown_label 0\n\n\
         label_conflict (1)\n  b tester 0..6 AGENCY \"Атырау\": LOCATION ×2, AGENCY ×1\n\n\
         unlabeled (1)\n  c tester 0..8 LOCATION \"Атырауда\": tagged LOCATION ×2, AGENCY ×1 elsewhere (as \"Атырау\")\n"
    );
}

#[test]
fn one_finding_is_said_in_the_singular() {
    let home = Home::new();
    let (corpus, ws, _) = setup(&home);
    let args = [
        "lint",
        s(&corpus),
        "--workspace",
        s(&ws),
        "--kinds",
        "label_conflict",
    ];
    let out = tanba(home.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("1 finding: label_conflict 1, unlabeled 0,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn no_findings_exit_0_and_usage_errors_exit_2() {
    let home = Home::new();
    let (corpus, ws, _) = setup(&home);
    let clean = [
        "lint",
        s(&corpus),
        "--workspace",
        s(&ws),
        "--annotator",
        "other",
    ];
    assert_eq!(
        ok(&tanba(home.path(), &clean)),
        "0 findings: label_conflict 0, unlabeled 0, boundary 0, duplicate 0, unknown_label 0\n"
    );
    let bad = tanba(
        home.path(),
        &["lint", s(&corpus), "--workspace", s(&ws), "--kinds", "nope"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown kind \"nope\""),
        "{}",
        stderr(&bad)
    );
    let missing = tanba(
        home.path(),
        &[
            "lint",
            s(&corpus),
            "--workspace",
            s(&home.path().join("none")),
        ],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
}

fn load_docs(workspace: &Workspace, corpus: &Path, who: &str) -> Vec<DocAnnotations> {
    let corpus: Corpus = load(&[corpus.to_path_buf()]);
    let (docs, errors) = workspace.load_annotators(&corpus, &[who.to_string()]);
    assert!(errors.is_empty());
    docs.into_values().collect()
}

#[test]
fn fixes_suggest_the_missed_name_and_trim_the_edge_in_your_files_only() {
    let home = Home::new();
    let (corpus, ws, workspace) = setup(&home);
    let before = load_docs(&workspace, &corpus, "other");
    let args = [
        "lint",
        s(&corpus),
        "--workspace",
        s(&ws),
        "--fix",
        "unlabeled,boundary",
    ];
    let out = tanba(home.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "tester c: suggested LOCATION 0..8 \"Атырауда\"\n\
         tester d: trimmed LOCATION 0..7 \"«Ақтөбе\" to 1..7 \"Ақтөбе\"\n\
         fixed: 1 suggestion added (pending, review them with a/r/A), 1 span trimmed\n"
    );
    let docs = load_docs(&workspace, &corpus, "tester");
    let c = docs.iter().find(|d| d.article == "c").unwrap();
    let suggested = c
        .spans
        .iter()
        .find(|s| s.state == SpanState::Pending)
        .unwrap();
    assert_eq!(
        (suggested.start, suggested.end, suggested.label.as_str()),
        (0, 8, "LOCATION")
    );
    assert_eq!(
        (&suggested.origin, suggested.who.as_str()),
        (&Origin::Suggested, "tanba")
    );
    assert_eq!(
        suggested.note.as_deref(),
        Some(r#"lint: tagged LOCATION ×2, AGENCY ×1 elsewhere (as "Атырау")"#)
    );
    let d = docs.iter().find(|d| d.article == "d").unwrap();
    assert!(
        d.spans
            .iter()
            .any(|s| (s.start, s.end, s.text.as_str()) == (1, 7, "Ақтөбе"))
    );
    assert!(
        d.log
            .last()
            .unwrap()
            .what
            .starts_with("change LOCATION 0..7")
    );
    assert_eq!(load_docs(&workspace, &corpus, "other"), before);
    // fixed once: nothing left to fix
    let again = tanba(home.path(), &args);
    assert!(stderr(&again).ends_with(
        "fixed: 0 suggestions added (pending, review them with a/r/A), 0 spans trimmed\n"
    ));
}

#[test]
fn validate_and_lint_say_an_unknown_label_the_same_way() {
    let home = Home::new();
    let text = "Атырау B-GPE\nоблысы O\n";
    let (corpus, ws) = corpus(&home, &[("x.conll", text)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    assert!(workspace.settings.labels.get("GPE").is_none());
    let mut annotated = DocAnnotations::new("x", "tester", "Атырау облысы");
    let span = Span::cut("Атырау облысы", 0, 6, "GPE", Origin::Manual, "tester").unwrap();
    annotated.apply(&Op::Add(span), "tester");
    workspace.save_doc("tester", &annotated).unwrap();
    let said = tanba::annotation::unknown_label("GPE", workspace.settings.labels.names());
    assert!(said.starts_with("unknown label `GPE`"), "{said}");

    let args = |cmd| vec![cmd, s(&corpus), "--workspace", s(&ws)];
    let validate = tanba(home.path(), &args("validate"));
    let out = format!("{}{}", stdout(&validate), stderr(&validate));
    assert!(out.contains(&format!("x.conll:1: {said}")), "{out}");
    // and the annotation file's span, at its line
    let file = workspace.doc_path("tester", "x");
    let line = 1 + std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .position(|l| l.contains("\"GPE\""))
        .unwrap();
    let at = format!("{}:{line}: {said}", file.display());
    assert!(out.contains(&at), "{at} in {out}");
    assert_eq!(validate.status.code(), Some(1), "{out}");
    let mut lint = args("lint");
    lint.extend(["--annotator", "tester", "--json"]);
    let got: Value = serde_json::from_str(&stdout(&tanba(home.path(), &lint))).unwrap();
    let unknown: Vec<&Value> = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "unknown_label")
        .collect();
    assert_eq!(unknown.len(), 1, "{got}");
    assert_eq!(unknown[0]["detail"], said.as_str());
}
