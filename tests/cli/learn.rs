//! `tanba train`, `--eval`, `suggest --model` and `queue --by doubt` on a tiny corpus
//! where a capitalised word before "қаласында" is a place and one before "мырза" a person.

use std::path::{Path, PathBuf};
use std::process::Output;

use tanba::annotation::{DocAnnotations, DocStatus, Origin, SpanState};
use tanba::store::{Workspace, parse_doc};

use crate::common::{Home, run as tanba, s};

const PLACES: [&str; 6] = ["Астана", "Алматы", "Атырау", "Шымкент", "Тараз", "Ақтөбе"];
const PEOPLE: [&str; 6] = ["Асқар", "Ерлан", "Дана", "Бауыржан", "Айгерім", "Нұрлан"];

fn sentence(date: bool, place: &str, person: &str) -> String {
    let first = if date { "B-DATE" } else { "O" };
    format!(
        "Кеше {first}\n{place} B-GPE\nқаласында O\n{person} B-PERSON\nмырза O\nсөйледі O\n. O\n\n"
    )
}

fn check(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    format!("{}{err}", String::from_utf8_lossy(&out.stdout))
}

/// A CoNLL training file and an evaluation file whose first word is gold DATE once.
fn data(home: &Home) -> (PathBuf, PathBuf) {
    let dir = home.path().join("data-in");
    std::fs::create_dir_all(dir.join("train")).unwrap();
    let train: String = PLACES
        .iter()
        .zip(PEOPLE)
        .map(|(p, q)| sentence(false, p, q))
        .collect();
    std::fs::write(dir.join("train/train.conll"), train).unwrap();
    let eval = sentence(true, "Семей", "Марат") + &sentence(false, "Семей", "Марат");
    std::fs::write(dir.join("eval.conll"), eval).unwrap();
    (dir.join("train"), dir.join("eval.conll"))
}

fn train(home: &Home, corpus: &Path, extra: &[&str]) -> Output {
    let ws = home.path().join("ws-train");
    let mut args = vec![
        "train",
        s(corpus),
        "--workspace",
        s(&ws),
        "--from",
        "conll",
        "--include-pending",
    ];
    args.extend_from_slice(extra);
    tanba(home.path(), &args)
}

#[test]
fn train_writes_the_same_model_twice_and_eval_scores_exact_spans() {
    let home = Home::new();
    let (corpus, eval) = data(&home);
    let model = home.path().join("m.model");
    let out = train(
        &home,
        &corpus,
        &["-o", s(&model), "--eval", s(&eval), "--json"],
    );
    let text = check(&out);
    assert!(
        text.contains("trained on 6 sentences (42 tokens)"),
        "{text}"
    );
    assert!(text.contains("GPE") && text.contains("PERSON"), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
    // four gold spans found of five (DATE was never taught), none wrong
    assert_eq!(json["precision"], 1.0);
    assert_eq!(json["recall"], 0.8);
    assert_eq!(json["per_label"]["DATE"]["support"], 1);
    assert_eq!(json["per_label"]["DATE"]["recall"], 0.0);
    assert_eq!(json["per_label"]["GPE"]["f1"], 1.0);
    let first = std::fs::read(&model).unwrap();
    // no -o: into the workspace, and the same bytes from the same data
    check(&train(&home, &corpus, &[]));
    let again = std::fs::read(home.path().join("ws-train/model/tanba.model")).unwrap();
    assert_eq!(first, again);
}

fn doc(ws: &Path, id: &str) -> DocAnnotations {
    let path = ws.join("annotations/tester").join(format!("{id}.ron"));
    parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A text corpus of three articles, `c` done; and a trained model file.
fn annotated(home: &Home) -> (PathBuf, PathBuf, PathBuf) {
    let (corpus, _) = data(home);
    let model = home.path().join("m.model");
    check(&train(home, &corpus, &["-o", s(&model)]));
    let texts = home.path().join("texts");
    std::fs::create_dir_all(&texts).unwrap();
    let a = "Кеше Семей қаласында Марат мырза сөйледі.";
    let b = "Бүгін жаңбыр жауды. Ауа райы суық.";
    let c = "Кеше Тараз қаласында Дана мырза сөйледі.";
    for (name, text) in [("a.txt", a), ("b.txt", b), ("c.txt", c)] {
        std::fs::write(texts.join(name), text).unwrap();
    }
    let ws = home.path().join("ws");
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&texts)).unwrap();
    let mut done = DocAnnotations::new("c", "tester", c);
    done.status = DocStatus::Done;
    workspace.save_doc("tester", &done).unwrap();
    (texts, ws, model)
}

#[test]
fn suggest_model_writes_pending_spans_with_confidence_and_adds_its_labels() {
    let home = Home::new();
    let (texts, ws, model) = annotated(&home);
    let args = [
        "suggest",
        s(&texts),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let out = tanba(home.path(), &[&args[..], &["--model", s(&model)]].concat());
    let text = check(&out);
    assert!(text.contains("model:tanba: 2 articles read, "), "{text}");
    assert!(text.contains("added 1 label the model knows"), "{text}");
    let settings = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    assert!(settings.contains("GPE"), "{settings}");
    let a = doc(&ws, "a");
    let got: Vec<_> = a
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str(), s.state))
        .collect();
    let pending = SpanState::Pending;
    assert_eq!(got, [(5, 10, "GPE", pending), (21, 26, "PERSON", pending)]);
    assert!(
        a.spans
            .iter()
            .all(|s| s.origin == Origin::Model("tanba".into()))
    );
    let note = a.spans[0].note.as_deref().unwrap();
    assert!(note.starts_with("confidence "), "{note}");
    assert!(
        doc(&ws, "c").spans.is_empty(),
        "a done article is never touched"
    );
    // the workspace's own model is looked for when --model names none
    let own = tanba(home.path(), &[&args[..], &["--model"]].concat());
    assert!(!own.status.success());
    assert!(String::from_utf8_lossy(&own.stderr).contains("tanba train"));
}

#[test]
fn queue_lists_articles_not_done_most_doubtful_first() {
    let home = Home::new();
    let (texts, ws, model) = annotated(&home);
    let args = [
        "queue",
        s(&texts),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
        "--json",
    ];
    let plain: serde_json::Value =
        serde_json::from_slice(&tanba(home.path(), &args).stdout).unwrap();
    let ids: Vec<_> = plain["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(plain["articles"][0]["doubt"].is_null());
    let by = [&args[..], &["--by", "doubt", "--model", s(&model)]].concat();
    let out = tanba(home.path(), &by);
    check(&out);
    let ranked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = ranked["articles"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let doubts: Vec<f64> = list.iter().map(|a| a["doubt"].as_f64().unwrap()).collect();
    assert!(doubts[0] >= doubts[1], "{doubts:?}");
    assert!(doubts.iter().all(|d| (0.0..=1.0).contains(d)));
    assert_eq!(list[0]["status"], "todo");
    // the article of words the model never saw is the doubtful one
    assert_eq!(list[0]["id"], "b");
}

#[test]
fn nothing_to_learn_is_an_error_and_writes_no_model() {
    let home = Home::new();
    let (corpus, _) = data(&home);
    let model = home.path().join("m.model");
    let ws = home.path().join("ws-train");
    let args = [
        "train",
        s(&corpus),
        "--workspace",
        s(&ws),
        "--from",
        "conll",
        "-o",
        s(&model),
    ];
    let out = tanba(home.path(), &args);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing to learn") && err.contains("--include-pending"),
        "{err}"
    );
    assert!(!model.exists());
}
