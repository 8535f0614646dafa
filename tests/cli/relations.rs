//! Relations from the command line: `tanba.ron` declares them; `validate` reports a
//! relation whose label the workspace lacks, or whose end is gone, as file:line and keeps
//! it in the file.

use crate::common::{run, s, stdout};
use std::path::{Path, PathBuf};
use tanba::annotation::{DocAnnotations, Op, Origin, Relation, Span, SpanKey, now};
use tanba::store::Workspace;

const KK: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.";

const SETTINGS: &str = r#"(
    name: "relations",
    relations: [
        (name: "HEADS", key: 'h', from: ["PERSON"], to: ["AGENCY"]),
    ],
)
"#;

fn workspace(home: &Path, label: &str) -> (PathBuf, PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    let root = home.join("ws");
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    std::fs::write(ws.settings_path(), SETTINGS).unwrap();
    let mut doc = DocAnnotations::new("kk", "dana", KK);
    let person = Span::cut(KK, 0, 16, "PERSON", Origin::Manual, "dana").unwrap();
    let agency = Span::cut(KK, 17, 33, "AGENCY", Origin::Manual, "dana").unwrap();
    for span in [&person, &agency] {
        assert!(doc.apply(&Op::Add(span.clone()), "dana"));
    }
    let relation = Relation {
        label: label.into(),
        from: SpanKey::of(&person),
        to: SpanKey::of(&agency),
        who: "dana".into(),
        created: now(),
    };
    assert!(doc.apply(&Op::AddRelation(relation), "dana"));
    ws.save_doc("dana", &doc).unwrap();
    let file = ws.doc_path("dana", "kk");
    (corpus, root, file)
}

#[test]
fn a_known_relation_validates_and_an_unknown_one_is_reported_at_its_line() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = workspace(home.path(), "HEADS");
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(out.status.success(), "{}", stdout(&out));

    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, file) = workspace(home.path(), "OWNS");
    let before = std::fs::read_to_string(&file).unwrap();
    let line = before.lines().position(|l| l.contains("\"OWNS\"")).unwrap() + 1;
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(!out.status.success());
    let expected = format!(
        "{}:{line}: relation \"OWNS\" is not in the workspace's relation set",
        file.display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "kept, not dropped"
    );
}

#[test]
fn a_relation_label_given_twice_in_tanba_ron_is_an_error_at_its_line() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = workspace(home.path(), "HEADS");
    let twice = SETTINGS.replace("    ],\n)", "        (name: \"HEADS\"),\n    ],\n)");
    std::fs::write(ws.join("tanba.ron"), twice).unwrap();
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(!out.status.success());
    let err = crate::common::stderr(&out);
    assert!(err.contains("tanba.ron:5:"), "{err}");
    assert!(err.contains("relation \"HEADS\" is defined twice"), "{err}");
}

/// A second annotator, dana's span but «Атырау» as the agency: the relation differs.
fn second_annotator(ws: &Path) {
    let ws = Workspace::open_or_create(ws, &[]).unwrap();
    let mut doc = DocAnnotations::new("kk", "bota", KK);
    let person = Span::cut(KK, 0, 16, "PERSON", Origin::Manual, "bota").unwrap();
    let agency = Span::cut(KK, 17, 23, "AGENCY", Origin::Manual, "bota").unwrap();
    for span in [&person, &agency] {
        assert!(doc.apply(&Op::Add(span.clone()), "bota"));
    }
    let relation = Relation {
        label: "HEADS".into(),
        from: SpanKey::of(&person),
        to: SpanKey::of(&agency),
        who: "bota".into(),
        created: now(),
    };
    assert!(doc.apply(&Op::AddRelation(relation), "bota"));
    ws.save_doc("bota", &doc).unwrap();
}

#[test]
fn stats_counts_relations_and_agree_gives_f1_per_relation_label() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = workspace(home.path(), "HEADS");
    second_annotator(&ws);
    let args = |cmd: &'static str| [cmd, s(&corpus), "--workspace", s(&ws)].map(String::from);
    let out = run(home.path(), &args("stats").each_ref().map(String::as_str));
    assert!(
        stdout(&out).contains("relations  2 (HEADS 2)"),
        "{}",
        stdout(&out)
    );
    let mut json_args = args("stats").to_vec();
    json_args.push("--json".into());
    let json_args: Vec<&str> = json_args.iter().map(String::as_str).collect();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(home.path(), &json_args))).unwrap();
    assert_eq!(json["relations_per_label"]["HEADS"], 2);

    let mut agree = args("agree").to_vec();
    agree.push("--json".into());
    let agree: Vec<&str> = agree.iter().map(String::as_str).collect();
    let out = run(home.path(), &agree);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let heads = &json["relations"][0];
    assert_eq!(
        (heads["label"].as_str(), heads["matched"].as_u64()),
        (Some("HEADS"), Some(0))
    );
    assert_eq!(heads["f1"], 0.0);
    let table = stdout(&run(
        home.path(),
        &args("agree").each_ref().map(String::as_str),
    ));
    assert!(table.contains("relation"), "{table}");
}

#[test]
fn an_article_that_drifted_keeps_its_relation_on_the_re_anchored_spans() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = workspace(home.path(), "HEADS");
    std::fs::write(corpus.join("kk.txt"), format!("Бүгін {KK}")).unwrap();
    let articles = tanba::corpus::load(std::slice::from_ref(&corpus)).articles;
    let ws = Workspace::open_or_create(&ws, &[]).unwrap();
    let loaded = ws.load_doc("dana", &articles[0]).unwrap();
    assert_eq!(loaded.reanchored.moved, 2);
    let r = &loaded.doc.relations[0];
    assert_eq!((r.from.start, r.from.end), (6, 22));
    assert_eq!((r.to.start, r.to.end), (23, 39));
    assert!(loaded.doc.relations_of(&loaded.doc.spans[1]).count() == 1);
}

#[test]
fn validate_names_a_bad_line_of_the_knowledge_base() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = workspace(home.path(), "HEADS");
    let kb = ws.join("kb.tsv");
    std::fs::write(&kb, "Q1\tҚанат Сүлейменов\nQ1\tтағы\n").unwrap();
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(!out.status.success());
    let expected = format!("{}:2: id Q1 is already on line 1", kb.display());
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}
