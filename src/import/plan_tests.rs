use super::*;
use crate::annotation::SpanState;
use crate::corpus::SourceRef;
use std::path::PathBuf;

const KK: &str = "😀 Қасым-Жомарт Тоқаев Астанада сөйледі.";

fn corpus() -> Corpus {
    let article = |id: &str, text: &str| Article::from_text(id, text, SourceRef::new("c", 1));
    Corpus {
        articles: vec![
            article("kk-1", KK),
            article("same-a", "Бір мәтін"),
            article("same-b", "Бір мәтін"),
        ],
        problems: Vec::new(),
    }
}

fn found(id: Option<&str>, text: &str, who: Option<&str>, spans: Vec<FoundSpan>) -> Found {
    Found {
        id: id.map(str::to_string),
        text: text.to_string(),
        pieces: None,
        annotator: who.map(str::to_string),
        tool: Tool::Doccano,
        spans,
        doc_labels: Vec::new(),
        relations: Vec::new(),
        when: None,
        file: PathBuf::from("in.jsonl"),
        line: 3,
        record: None,
    }
}

fn span(start: usize, end: usize, label: &str, state: SpanState, model: Option<&str>) -> FoundSpan {
    FoundSpan {
        start,
        end,
        label: label.into(),
        state,
        model: model.map(str::to_string),
        kb: None,
    }
}

fn options() -> Options {
    Options {
        annotator: None,
        renames: Renames(vec![("user-5".into(), "dana".into())]),
        status: DocStatus::Done,
        replace: false,
    }
}

fn planned(found: &[Found]) -> Plan {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(dir.path(), &[]).unwrap();
    plan(found, &corpus(), &ws, &options())
}

#[test]
fn an_answer_wins_over_a_prediction_of_the_same_range_and_label() {
    let accepted = span(22, 30, "LOC", SpanState::Accepted, None);
    let predicted = span(22, 30, "LOC", SpanState::Pending, Some("ner"));
    let other = span(2, 21, "PER", SpanState::Pending, Some("ner"));
    let f = found(None, KK, Some("user-5"), vec![predicted, other, accepted]);
    let plan = planned(&[f]);
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.merged, 1);
    let doc = &plan.planned[0].doc;
    assert_eq!(
        (doc.annotator.as_str(), doc.article.as_str()),
        ("dana", "kk-1")
    );
    let spans: Vec<_> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.state, s.origin.name()))
        .collect();
    assert_eq!(
        spans,
        [
            (2, SpanState::Pending, "model:ner".into()),
            (22, SpanState::Accepted, "imported".into())
        ]
    );
    assert_eq!(doc.spans[1].text, "Астанада");
    assert_eq!(plan.planned[0].decision, Decision::Write);
    assert_eq!(plan.new_labels, ["LOC", "PER"]);
}

#[test]
fn texts_are_matched_never_guessed() {
    let differs = found(Some("kk-1"), "другой текст", Some("a"), vec![]);
    let twice = found(None, "Бір мәтін", Some("a"), vec![]);
    let nowhere = found(None, "жоқ", Some("a"), vec![]);
    let by_text = found(Some("lost"), KK, Some("a"), vec![]);
    let plan = planned(&[differs, twice, nowhere, by_text]);
    let said: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "in.jsonl:3: article «kk-1»: its text differs from the corpus's (from character 0); \
             not imported",
            "in.jsonl:3: 2 articles have this text (same-a, same-b): give the document an id",
            "in.jsonl:3: no article in the corpus has this text («жоқ»)",
        ]
    );
    assert_eq!(plan.planned.len(), 1);
    assert_eq!(plan.planned[0].doc.article, "kk-1");
}

#[test]
fn pieces_of_a_text_are_checked_where_they_sit() {
    let mut f = found(Some("kk-1.txt"), "ignored", Some("erlan"), vec![]);
    f.pieces = Some(vec![(2, "Қасым-Жомарт".into()), (22, "Астанада".into())]);
    assert_eq!(planned(std::slice::from_ref(&f)).planned.len(), 1);
    f.pieces = Some(vec![(22, "Алматыда".into())]);
    let plan = planned(&[f]);
    assert!(
        plan.problems[0].message.contains("(from character 23)"),
        "{:?}",
        plan.problems
    );
}

#[test]
fn an_annotator_must_be_named_and_named_safely() {
    let nobody = found(None, KK, None, vec![]);
    let spaced = found(None, KK, Some("Aigerim S."), vec![]);
    let plan = planned(&[nobody, spaced]);
    let said: Vec<&str> = plan.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        said[0],
        "the doccano file names no annotator; name one with --annotator NAME"
    );
    assert!(
        said[1].ends_with("rename it with --annotator 'Aigerim S.=NAME'"),
        "{}",
        said[1]
    );
}

#[test]
fn the_log_says_one_imported_span_in_the_singular() {
    let one = span(22, 30, "LOC", SpanState::Accepted, None);
    let plan = planned(&[found(None, KK, Some("user-5"), vec![one])]);
    let log = &plan.planned[0].doc.log;
    let what = &log.last().unwrap().what;
    assert!(what.starts_with("imported 1 span from "), "{what}");
}
