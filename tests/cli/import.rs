//! `tanba import`: a team's work in Label Studio, doccano, Prodigy and INCEpTION brought
//! in as each annotator's own, from the hand-made exports in `tests/data/import/`.

use std::path::{Path, PathBuf};

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::store::{Workspace, parse_doc};

use crate::common::{ok, run as tanba, s, stderr, stdout};

const KK1: &str = "😀 Қасым-Жомарт Тоқаев Астанада сөйледі.";
const KK2: &str = "Бота Сүлейменова Алматыда тұрады.\nЕртең Астанаға барады.";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

/// The corpus copied into the home, so each test's workspace is its own.
fn corpus(home: &Path) -> PathBuf {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for name in ["kk-1.txt", "kk-2.txt"] {
        std::fs::copy(data("corpus").join(name), corpus.join(name)).unwrap();
    }
    corpus
}

fn import(home: &Path, corpus: &Path, ws: &Path, rest: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "--corpus", s(corpus), "--workspace", s(ws)];
    args.extend(rest);
    tanba(home, &args)
}

fn doc(ws: &Path, who: &str, id: &str) -> DocAnnotations {
    let path = ws.join("annotations").join(who).join(format!("{id}.ron"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    parse_doc(&path, &text).unwrap()
}

fn keys(doc: &DocAnnotations) -> Vec<(usize, usize, &str, SpanState)> {
    doc.spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str(), s.state))
        .collect()
}

#[test]
fn label_studio_annotators_arrive_as_their_own_work() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    let ls = data("label-studio.json");
    let out = import(
        home.path(),
        &corpus,
        &ws,
        &[s(&ls), "--annotator", "user-5=dana"],
    );
    let said = ok(&out);
    assert!(
        said.contains("read 5 documents from Label Studio (5)"),
        "{said}"
    );
    assert!(
        said.contains("aigerim: 2 articles (4 spans): 2 written"),
        "{said}"
    );
    assert!(said.contains("1 cancelled annotation;"), "{said}");
    assert!(
        said.contains("1 relation (doccano's, not imported yet"),
        "{said}"
    );
    assert!(
        said.contains("offsets: 2 spans counted in UTF-16"),
        "{said}"
    );
    assert!(said.contains("labels: added GPE, LOC, PER"), "{said}");
    assert!(
        stderr(&out)
            .contains("label-studio.json:48: task 3: no article in the corpus has this text")
    );
    let aigerim = doc(&ws, "aigerim", "kk-1");
    assert_eq!(aigerim.status, DocStatus::Done);
    assert_eq!(
        keys(&aigerim),
        [
            (2, 21, "PER", SpanState::Accepted),
            (22, 30, "LOC", SpanState::Accepted)
        ]
    );
    let span = &aigerim.spans[0];
    assert_eq!(
        (span.text.as_str(), span.who.as_str()),
        ("Қасым-Жомарт Тоқаев", "aigerim")
    );
    assert_eq!(
        (&span.origin, span.updated.unix_timestamp()),
        (&Origin::Imported, 1_709_287_500)
    );
    assert_eq!(span.note.as_deref(), Some("imported from Label Studio"));
    // dana's Label Studio counted UTF-16; the model's prediction stays pending, signed
    let dana = doc(&ws, "dana", "kk-1");
    assert_eq!(
        keys(&dana),
        [
            (2, 21, "PER", SpanState::Accepted),
            (22, 30, "GPE", SpanState::Accepted),
            (22, 30, "LOC", SpanState::Pending)
        ]
    );
    assert_eq!(dana.spans[2].origin, Origin::Model("ner-v2".into()));
}

/// The same spans written straight into a workspace, as `tanba` itself would save them.
fn written_directly(ws_dir: &Path, corpus: &Path) {
    let ws = Workspace::open_or_create(ws_dir, &[corpus.to_path_buf()]).unwrap();
    let put = |who: &str, id: &str, text: &str, spans: &[(usize, usize, &str, Option<&str>)]| {
        let mut doc = DocAnnotations::new(id, who, text);
        for &(start, end, label, model) in spans {
            let origin = model.map_or(Origin::Manual, |m| Origin::Model(m.into()));
            let span = Span::cut(text, start, end, label, origin, who).unwrap();
            doc.apply(&Op::Add(span), who);
        }
        doc.status = DocStatus::Done;
        ws.save_doc(who, &doc).unwrap();
    };
    put(
        "aigerim",
        "kk-1",
        KK1,
        &[(2, 21, "PER", None), (22, 30, "LOC", None)],
    );
    put(
        "aigerim",
        "kk-2",
        KK2,
        &[(0, 16, "PER", None), (17, 25, "LOC", None)],
    );
    let dana_kk1 = [
        (2, 21, "PER", None),
        (22, 30, "GPE", None),
        (22, 30, "LOC", Some("ner-v2")),
    ];
    put("dana", "kk-1", KK1, &dana_kk1);
    put(
        "dana",
        "kk-2",
        KK2,
        &[(0, 16, "PER", None), (40, 48, "LOC", None)],
    );
}

#[test]
fn agreement_after_an_import_equals_that_of_the_same_spans_written_directly() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let (imported, direct) = (home.path().join("imported"), home.path().join("direct"));
    let ls = data("label-studio.json");
    ok(&import(
        home.path(),
        &corpus,
        &imported,
        &[s(&ls), "--annotator", "user-5=dana"],
    ));
    written_directly(&direct, &corpus);
    let agree = |ws: &Path| {
        let out = tanba(
            home.path(),
            &["agree", s(&corpus), "--workspace", s(ws), "--json"],
        );
        serde_json::from_str::<serde_json::Value>(&ok(&out)).unwrap()
    };
    let (a, b) = (agree(&imported), agree(&direct));
    assert!(a["pairs"].as_array().is_some_and(|p| !p.is_empty()), "{a}");
    assert_eq!(a, b);
}

#[test]
fn importing_twice_changes_nothing_and_an_annotators_file_is_never_overwritten_silently() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    let doccano = data("doccano/admin.jsonl");
    let dry = ok(&import(
        home.path(),
        &corpus,
        &ws,
        &[s(&doccano), "--dry-run"],
    ));
    assert!(
        dry.contains("admin: 2 articles (4 spans): 2 would write"),
        "{dry}"
    );
    assert!(!ws.join("annotations").exists());
    let first = ok(&import(home.path(), &corpus, &ws, &[s(&doccano)]));
    assert!(
        first.contains("admin: 2 articles (4 spans): 2 written"),
        "{first}"
    );
    assert!(
        first.contains("1 relation (doccano's, not imported yet"),
        "{first}"
    );
    let file = ws.join("annotations/admin/kk-1.ron");
    let before = std::fs::read(&file).unwrap();
    let again = ok(&import(home.path(), &corpus, &ws, &[s(&doccano)]));
    assert!(again.contains("0 written, 2 unchanged"), "{again}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // the annotator's own work since then differs: it stays unless --replace
    let mut own = doc(&ws, "admin", "kk-1");
    own.spans.pop();
    std::fs::write(&file, tanba::store::doc_to_ron(&own)).unwrap();
    let kept = ok(&import(
        home.path(),
        &corpus,
        &ws,
        &[s(&doccano), "--status", "in-progress"],
    ));
    assert!(
        kept.contains("2 kept (the file there differs; --replace overwrites it)"),
        "{kept}"
    );
    assert_eq!(doc(&ws, "admin", "kk-1").spans.len(), 1);
    let replaced = ok(&import(
        home.path(),
        &corpus,
        &ws,
        &[s(&doccano), "--replace"],
    ));
    assert!(replaced.contains("1 unchanged, 1 replaced"), "{replaced}");
    let admin = doc(&ws, "admin", "kk-1");
    // doccano counted the emoji as two UTF-16 units
    assert_eq!(
        keys(&admin),
        [
            (2, 21, "PER", SpanState::Accepted),
            (22, 30, "LOC", SpanState::Accepted)
        ]
    );
}

#[test]
fn prodigy_and_inception_exports_come_in_together() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    let (prodigy, inception) = (data("prodigy.jsonl"), data("inception"));
    let out = import(
        home.path(),
        &corpus,
        &ws,
        &[s(&prodigy), s(&inception), "--annotator", "news-dana=dana"],
    );
    let said = ok(&out);
    assert!(
        said.contains("1 rejected answer; 1 ignored or unanswered task"),
        "{said}"
    );
    let dana = doc(&ws, "dana", "kk-2");
    assert_eq!(
        keys(&dana),
        [
            (0, 16, "PER", SpanState::Accepted),
            (40, 48, "LOC", SpanState::Accepted)
        ]
    );
    assert_eq!(dana.spans[0].created.unix_timestamp(), 1_700_000_000);
    let erlan = doc(&ws, "erlan", "kk-2");
    assert_eq!(
        keys(&erlan),
        [
            (0, 16, "PER", SpanState::Accepted),
            (17, 25, "GPE", SpanState::Accepted),
            (17, 25, "LOC", SpanState::Accepted),
            (40, 48, "LOC", SpanState::Accepted)
        ]
    );
    assert_eq!(
        erlan.spans[0].note.as_deref(),
        Some("imported from WebAnno TSV")
    );
}

#[test]
fn a_file_naming_no_annotator_needs_one_and_bad_files_are_named() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    let tsv = home.path().join("kk-2.tsv");
    std::fs::copy(data("inception/annotation/kk-2.txt/erlan.tsv"), &tsv).unwrap();
    let bad = home.path().join("bad.json");
    std::fs::write(&bad, "[{\"data\": {\"text\": 1}}]").unwrap();
    let out = import(home.path(), &corpus, &ws, &[s(&tsv), s(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("bad.json:1: task 1: data.text is not a string"),
        "{err}"
    );
    assert!(
        err.contains(
            "kk-2.tsv:1: the WebAnno TSV file names no annotator; name one with --annotator NAME"
        ),
        "{err}"
    );
    let named = ok(&import(
        home.path(),
        &corpus,
        &ws,
        &[s(&tsv), "--annotator", "erlan"],
    ));
    assert!(
        named.contains("erlan: 1 article (4 spans): 1 written"),
        "{named}"
    );
}

#[test]
fn tanbas_own_doccano_export_comes_back_with_the_same_spans() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let (first, second) = (home.path().join("first"), home.path().join("second"));
    written_directly(&first, &corpus);
    let out = home.path().join("out.jsonl");
    let export = [
        "export",
        s(&corpus),
        "--workspace",
        s(&first),
        "-f",
        "jsonl",
        "-o",
        s(&out),
        "--annotator",
        "aigerim",
    ];
    ok(&tanba(home.path(), &export));
    let said = ok(&import(home.path(), &corpus, &second, &[s(&out)]));
    assert!(!said.contains("UTF-16"), "{said}");
    for id in ["kk-1", "kk-2"] {
        let (a, b) = (doc(&first, "aigerim", id), doc(&second, "aigerim", id));
        assert_eq!(keys(&a), keys(&b));
    }
}

#[test]
fn a_team_with_only_an_export_gets_a_corpus_written_from_it() {
    let home = tempfile::tempdir().unwrap();
    let ws = home.path().join("ws");
    let new = home.path().join("texts.jsonl");
    let ls = data("label-studio.json");
    let args = [
        "import",
        s(&ls),
        "--new-corpus",
        s(&new),
        "--workspace",
        s(&ws),
    ];
    let said = ok(&tanba(home.path(), &args));
    assert!(said.contains("wrote 3 texts to"), "{said}");
    assert!(
        said.contains("user-5: 3 articles (5 spans): 3 written"),
        "{said}"
    );
    let lines = std::fs::read_to_string(&new).unwrap();
    assert!(
        lines.starts_with("{\"id\":\"label-studio-1\",\"text\":\"😀 Қасым"),
        "{lines}"
    );
    let agree = ["agree", s(&new), "--workspace", s(&ws), "--json"];
    let figures: serde_json::Value =
        serde_json::from_str(&ok(&tanba(home.path(), &agree))).unwrap();
    assert!(
        figures["pairs"].as_array().is_some_and(|p| p.len() == 1),
        "{figures}"
    );
    let again = tanba(home.path(), &args);
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn tanbas_own_spacy_export_comes_back_with_the_same_spans() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let (first, second) = (home.path().join("first"), home.path().join("second"));
    written_directly(&first, &corpus);
    let out = home.path().join("out.jsonl");
    let export = [
        "export",
        s(&corpus),
        "--workspace",
        s(&first),
        "-f",
        "spacy",
        "-o",
        s(&out),
        "--annotator",
        "dana",
    ];
    ok(&tanba(home.path(), &export));
    let said = ok(&import(
        home.path(),
        &corpus,
        &second,
        &[s(&out), "--annotator", "dana"],
    ));
    assert!(said.contains("from spaCy (2)"), "{said}");
    for id in ["kk-1", "kk-2"] {
        let (a, b) = (doc(&first, "dana", id), doc(&second, "dana", id));
        let accepted = |d: &DocAnnotations| {
            let keys = keys(d);
            keys.into_iter()
                .filter(|k| k.3 == SpanState::Accepted)
                .map(|k| (k.0, k.1, k.2.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(accepted(&a), accepted(&b));
    }
}

#[test]
fn an_annotator_with_a_session_open_is_left_alone_and_the_others_come_in() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws_dir = home.path().join("ws");
    let ws = Workspace::open_or_create(&ws_dir, std::slice::from_ref(&corpus)).unwrap();
    let _open = ws.lock("aigerim").unwrap();
    let ls = data("label-studio.json");
    let out = import(
        home.path(),
        &corpus,
        &ws_dir,
        &[s(&ls), "--annotator", "user-5=dana"],
    );
    assert!(stderr(&out).contains("aigerim"), "{}", stderr(&out));
    // the summary says what happened, not what was planned
    let said = stdout(&out);
    let line = said.lines().find(|l| l.starts_with("aigerim:")).unwrap();
    assert!(
        line.ends_with(": 0 written, 2 not written (see below)"),
        "{said}"
    );
    assert!(
        said.contains("dana: 2 articles (5 spans): 2 written"),
        "{said}"
    );
    assert!(!ws_dir.join("annotations/aigerim/kk-1.ron").exists());
    assert_eq!(doc(&ws_dir, "dana", "kk-1").spans.len(), 3);
}

#[test]
fn inceptions_initial_cas_is_nobodys_work_wherever_it_sits() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    let folder = home.path().join("copied/kk-2.txt");
    std::fs::create_dir_all(&folder).unwrap();
    let erlan = data("inception/annotation/kk-2.txt/erlan.tsv");
    std::fs::copy(&erlan, folder.join("INITIAL_CAS.tsv")).unwrap();
    let out = import(
        home.path(),
        &corpus,
        &ws,
        &[s(&home.path().join("copied")), "--annotator", "erlan"],
    );
    let said = stdout(&out);
    assert!(said.contains("read 0 documents"), "{said}");
    assert!(
        said.contains("left out: 1 INITIAL_CAS.tsv file ("),
        "{said}"
    );
    assert!(!ws.join("annotations/erlan/kk-2.ron").exists());
}

#[test]
fn tanbas_own_export_of_pre_annotations_comes_back_unshifted_after_an_emoji() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("pre.jsonl");
    let line = r#"{"id":"e1","text":"😀 Алматы мен Астана","label":[[2,8,"LOC"],[13,19,"LOC"]]}"#;
    std::fs::write(&corpus, format!("{line}\n")).unwrap();
    let out = home.path().join("out.jsonl");
    let export = [
        "export",
        s(&corpus),
        "-f",
        "jsonl",
        "--include-pending",
        "-o",
        s(&out),
    ];
    ok(&tanba(home.path(), &export));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(r#""annotator":null"#), "{written}");
    let ws = home.path().join("ws");
    let said = ok(&import(
        home.path(),
        &corpus,
        &ws,
        &[s(&out), "--annotator", "dana"],
    ));
    assert!(!said.contains("UTF-16"), "{said}");
    let got: Vec<(usize, usize)> = doc(&ws, "dana", "e1")
        .spans
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(got, [(2, 8), (13, 19)]);
}

#[test]
fn an_import_that_reads_nothing_creates_no_workspace() {
    let home = tempfile::tempdir().unwrap();
    let corpus = corpus(home.path());
    let ws = home.path().join("ws");
    // a CoNLL corpus file is not another tool's export
    let conll = home.path().join("IOB2_valid.txt");
    std::fs::write(&conll, "Қасым-Жомарт B-PERSON\nТоқаев I-PERSON\n").unwrap();
    let out = import(home.path(), &corpus, &ws, &[s(&conll)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("not a format tanba imports"),
        "{}",
        stderr(&out)
    );
    // a workspace made here would have the default labels, not the corpus's
    assert!(!ws.exists(), "a failed import created {ws:?}");
}

#[test]
fn an_import_into_a_new_workspace_without_a_corpus_asks_for_one() {
    let home = tempfile::tempdir().unwrap();
    let ws = home.path().join("ws");
    let prodigy = data("prodigy.jsonl");
    let out = tanba(home.path(), &["import", s(&prodigy), "--workspace", s(&ws)]);
    assert!(!out.status.success(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("no corpus") && err.contains("--corpus") && err.contains("--new-corpus"),
        "{err}"
    );
    assert!(!ws.exists(), "an import with no corpus created {ws:?}");
}
