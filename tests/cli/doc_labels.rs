//! Document labels from the command line: `stats` counts them, `agree` gives κ per label,
//! spaCy export writes them as `cats`, and `validate` reports one the workspace lacks as
//! file:line, leaving it in the file; `import` takes doccano's classification lists as
//! document labels.

use crate::common::{ok, run, s, stdout};
use std::path::{Path, PathBuf};
use tanba::annotation::{DocAnnotations, DocStatus};
use tanba::store::{Workspace, parse_doc};

const SETTINGS: &str = r#"(
    name: "doc labels",
    doc_labels: (several: true, labels: [
        (name: "CORRUPTION", key: 'c'),
        (name: "REGIONS"),
    ]),
)
"#;

/// Two articles, two annotators: they agree on one (CORRUPTION) and not on the other.
fn workspace(home: &Path, extra: &str) -> (PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("one.txt"), "Атырау әкімдігі.").unwrap();
    std::fs::write(corpus.join("two.txt"), "Павлодар егіні.").unwrap();
    let root = home.join("ws");
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    std::fs::write(ws.settings_path(), SETTINGS).unwrap();
    let texts = [("one", "Атырау әкімдігі."), ("two", "Павлодар егіні.")];
    for (who, labels) in [
        ("aigerim", [&["CORRUPTION"][..], &[extra]]),
        ("dana", [&["CORRUPTION"], &[]]),
    ] {
        for ((article, text), labels) in texts.iter().zip(labels) {
            let mut doc = DocAnnotations::new(article, who, text);
            doc.status = DocStatus::Done;
            doc.doc_labels = labels
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| l.to_string())
                .collect();
            ws.save_doc(who, &doc).unwrap();
        }
    }
    (corpus, root)
}

fn args<'a>(cmd: &'a str, corpus: &'a Path, ws: &'a Path, more: &[&'a str]) -> Vec<&'a str> {
    let mut out = vec![cmd, s(corpus), "--workspace", s(ws)];
    out.extend(more);
    out
}

#[test]
fn stats_agree_and_spacy_cats_carry_document_labels() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), "REGIONS");
    let out = stdout(&run(home.path(), &args("stats", &corpus, &ws, &[])));
    assert!(
        out.contains("document labels  CORRUPTION 2, REGIONS 1"),
        "{out}"
    );

    let out = stdout(&run(home.path(), &args("agree", &corpus, &ws, &["--json"])));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let figures = json["doc_labels"].as_array().unwrap();
    let of = |label: &str| {
        figures
            .iter()
            .find(|f| f["label"] == label)
            .unwrap()
            .clone()
    };
    assert_eq!(of("CORRUPTION")["agreed"], 2);
    assert_eq!(of("CORRUPTION")["kappa"], 1.0);
    assert_eq!(of("REGIONS")["agreed"], 1);
    assert_eq!(of("REGIONS")["kappa"], 0.0);

    let out_dir = home.path().join("out.jsonl");
    let export = args(
        "export",
        &corpus,
        &ws,
        &[
            "--format",
            "spacy",
            "--annotator",
            "aigerim",
            "-o",
            s(&out_dir),
        ],
    );
    let done = run(home.path(), &export);
    assert!(done.status.success(), "{}", crate::common::stderr(&done));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out_dir)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cats: Vec<&serde_json::Value> = lines.iter().map(|l| &l["cats"]).collect();
    assert!(
        cats.contains(&&serde_json::json!({"CORRUPTION": 1.0})),
        "{cats:?}"
    );
    assert!(
        cats.contains(&&serde_json::json!({"REGIONS": 1.0})),
        "{cats:?}"
    );
}

#[test]
fn an_unknown_document_label_is_reported_at_its_line_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), "SPORT");
    let out = run(home.path(), &args("validate", &corpus, &ws, &[]));
    assert!(!out.status.success());
    let file = ws
        .join("annotations/aigerim")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path());
    let file = file
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("SPORT"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("doc_labels:"))
        .unwrap()
        + 1;
    let expected = format!(
        "{}:{line}: document label \"SPORT\" is not in the workspace's doc_labels",
        file.display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}

#[test]
fn a_doccano_classification_export_imports_as_document_labels() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), "REGIONS");
    let file = home.path().join("admin.jsonl");
    let lines = [
        r#"{"id": "one", "text": "Атырау әкімдігі.", "label": ["SPORT", "CORRUPTION"], "Comments": []}"#,
        r#"{"id": "two", "text": "Павлодар егіні.", "label": ["REGIONS"], "entities": [[0, 8, "LOC"]]}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let import = [
        "import",
        "--corpus",
        s(&corpus),
        "--workspace",
        s(&ws),
        s(&file),
    ];
    let said = ok(&run(home.path(), &import));
    assert!(
        said.contains(
            "document labels: SPORT not in tanba.ron's doc_labels (kept; add them there)"
        ),
        "{said}"
    );
    let out = stdout(&run(home.path(), &args("stats", &corpus, &ws, &["--json"])));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // aigerim and dana's CORRUPTION and REGIONS, and admin's three
    assert_eq!(
        json["doc_labels"],
        serde_json::json!({"CORRUPTION": 3, "REGIONS": 2, "SPORT": 1}),
        "{out}"
    );
    let path = ws.join("annotations/admin/two.ron");
    let two = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(two.doc_labels, ["REGIONS"]);
    assert_eq!(
        two.spans.len(),
        1,
        "the entities beside the labels came in too"
    );
}

#[test]
fn document_labels_come_back_through_a_jsonl_export_and_import() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), "REGIONS");
    let out = home.path().join("aigerim.jsonl");
    let export = ["--format", "jsonl", "--annotator", "aigerim", "-o", s(&out)];
    ok(&run(home.path(), &args("export", &corpus, &ws, &export)));
    let fresh = home.path().join("fresh");
    let workspace = Workspace::open_or_create(&fresh, std::slice::from_ref(&corpus)).unwrap();
    std::fs::write(workspace.settings_path(), SETTINGS).unwrap();
    let import = [
        "import",
        "--corpus",
        s(&corpus),
        "--workspace",
        s(&fresh),
        s(&out),
    ];
    ok(&run(home.path(), &import));
    for (article, labels) in [("one", &["CORRUPTION"][..]), ("two", &["REGIONS"])] {
        let path = fresh.join(format!("annotations/aigerim/{article}.ron"));
        let doc = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(doc.doc_labels, labels, "{article}");
    }
}
