use super::*;

/// A real-shaped export: two annotators on one task (one of them an older Label Studio
/// counting UTF-16), a cancelled annotation, a relation, a prediction.
const EXPORT: &str = r#"[
  {
    "id": 101,
    "data": {"id": "kz-1", "text": "😀 Қасым-Жомарт Тоқаев Астанада сөйледі."},
    "annotations": [
      {
        "id": 1, "completed_by": {"id": 3, "email": "aigerim@example.kz"},
        "created_at": "2024-03-01T10:00:00.123456Z", "updated_at": "2024-03-01T10:05:00Z",
        "was_cancelled": false,
        "result": [
          {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 2, "end": 21, "text": "Қасым-Жомарт Тоқаев", "labels": ["PER"]}},
          {"id": "a2", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 22, "end": 30, "text": "Астанада", "labels": ["LOC"]}},
          {"from_id": "a1", "to_id": "a2", "type": "relation", "direction": "right"}
        ]
      },
      {
        "id": 2, "completed_by": 5, "was_cancelled": false,
        "result": [
          {"id": "b1", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 23, "end": 31, "text": "Астанада", "labels": ["GPE"]}}
        ]
      },
      {"id": 3, "completed_by": 6, "was_cancelled": true, "result": []}
    ],
    "predictions": [
      {"model_version": "ner-v2", "score": 0.8, "result": [
        {"from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 22, "end": 30, "labels": ["LOC"]}}]}
    ]
  },
  {"id": 102, "data": {"body": "Бота"}, "annotations": [], "predictions": [
    {"result": [{"type": "labels", "value": {"start": 0, "end": 4, "labels": ["PER"]}}]}]}
]"#;

fn read_str(text: &str) -> Read {
    read(Path::new("ls.json"), text, ReadOptions::default())
}

#[test]
fn annotators_spans_and_predictions_come_in() {
    let read = read_str(EXPORT);
    assert_eq!(read.problems, vec![]);
    assert_eq!(read.found.len(), 3);
    let aigerim = &read.found[0];
    assert_eq!(aigerim.annotator.as_deref(), Some("aigerim"));
    assert_eq!(aigerim.id.as_deref(), Some("kz-1"));
    let spans: Vec<_> = aigerim
        .spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.as_str(),
                s.state,
                s.model.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (2, 21, "PER", SpanState::Accepted, None),
            (22, 30, "LOC", SpanState::Accepted, None),
            (22, 30, "LOC", SpanState::Pending, Some("ner-v2")),
        ]
    );
    assert_eq!(
        aigerim.when.map(|t| t.unix_timestamp()),
        Some(1_709_287_500)
    );
    // user 5's Label Studio counted the emoji as two code units: value.text says so
    let user5 = &read.found[1];
    assert_eq!(user5.annotator.as_deref(), Some("user-5"));
    assert_eq!((user5.spans[0].start, user5.spans[0].end), (22, 30));
    let c = &read.counts;
    assert_eq!((c.cancelled, c.relations, c.converted), (1, 1, 1));
    // a task nobody annotated: its prediction, for whoever --annotator names
    let alone = &read.found[2];
    assert_eq!((alone.annotator.as_deref(), alone.record), (None, Some(2)));
    assert_eq!(alone.spans[0].model.as_deref(), Some(UNNAMED_MODEL));
    assert_eq!(alone.text, "Бота");
}

#[test]
fn malformed_tasks_are_named_by_their_line_and_index_and_the_rest_loads() {
    let text = r#"[
      {"data": {"text": "Алматы"}, "annotations": [{"completed_by": 1, "result": [
        {"type": "labels", "value": {"start": 0, "end": 6, "text": "Астана", "labels": ["LOC"]}},
        {"type": "labels", "value": {"start": 0, "end": 60, "labels": ["LOC"]}},
        {"type": "labels", "value": {"start": "/p[1]", "end": 6, "labels": ["LOC"]}},
        {"type": "labels", "value": {"start": 0, "end": 6, "labels": []}},
        {"type": "labels", "value": {"start": 0, "end": 6, "labels": ["LOC"]}}]}]},
      {"annotations": []},
      {"data": {"a": "x", "b": "y"}},
      7
    ]"#;
    let read = read_str(text);
    let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 7, "{said:?}");
    assert_eq!(
        said[0],
        "ls.json:2: task 1: annotation 1, result 1: offsets 0..6 cover «Алматы», not «Астана» as \
         the file says"
    );
    assert!(said[1].contains("result 2: end 60 is past the end"));
    assert!(said[2].contains("result 3: start is a path"));
    assert!(said[3].contains("result 4: a region without a label"));
    assert_eq!(said[4], "ls.json:8: task 2: no \"data\" object");
    assert!(said[5].contains("ls.json:9: task 3: which field is the text? data has a, b"));
    assert_eq!(said[6], "ls.json:10: task 4: not an object");
    assert_eq!(read.found.len(), 1);
    assert_eq!(read.found[0].spans.len(), 1);
}

#[test]
fn a_file_that_is_not_json_names_its_line() {
    let read = read_str("[\n{\"data\": \n");
    assert_eq!(read.problems[0].line, Some(3));
    assert!(read.problems[0].message.starts_with("not JSON"));
}

#[test]
fn relations_links_and_choices_come_in_and_a_relation_to_no_region_is_named() {
    let json = r#"[{"data": {"id": "kz-1", "text": "Бота Алматыда"}, "annotations": [
      {"completed_by": 5, "result": [
        {"id": "r1", "type": "labels", "meta": {"text": ["note", "kb:Q7"]},
         "value": {"start": 0, "end": 4, "text": "Бота", "labels": ["PER"]}},
        {"id": "r2", "type": "labels",
         "value": {"start": 5, "end": 13, "text": "Алматыда", "labels": ["LOC"]}},
        {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "left",
         "labels": ["lives_in"]},
        {"type": "relation", "from_id": "r1", "to_id": "gone", "labels": ["x"]},
        {"type": "choices", "from_name": "doc_label", "value": {"choices": ["society"]}}
      ]}]}]"#;
    let read = read(Path::new("ls.json"), json, ReadOptions::default());
    let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "ls.json:1: task 1: annotation 1, result 4: relation to_id \"gone\" names no region placed here"
        ]
    );
    let f = &read.found[0];
    assert_eq!(f.spans[0].kb.as_deref(), Some("Q7"));
    assert_eq!(f.spans[1].kb, None);
    assert_eq!(f.doc_labels, ["society"]);
    let r: Vec<(&str, usize, usize)> = f
        .relations
        .iter()
        .map(|r| (r.label.as_str(), r.from.start, r.to.start))
        .collect();
    assert_eq!(r, [("lives_in", 5, 0)]);
}
