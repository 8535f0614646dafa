//! Relations through the formats: brat `R` lines in give the same `R` lines out, and the
//! pending spans they join carry them; doccano's `relations` (with `entities` by id) are
//! written beside `label`; an `R` line naming a missing `T` is a problem at its line.

use std::collections::BTreeMap;
use std::path::Path;

use tanba::corpus;
use tanba::export::{self, Format, Selection, Tally, brat};

const TXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.\n";
const ANN: &str = "\
T1\tPERSON 0 16\tҚанат Сүлейменов
T2\tAGENCY 17 33\tАтырау әкімдігін
R1\tHEADS Arg1:T1 Arg2:T2
";

fn pending() -> Selection {
    Selection {
        include_pending: true,
        ..Selection::default()
    }
}

fn brat_corpus(dir: &Path, ann: &str) -> corpus::Corpus {
    std::fs::write(dir.join("doc.txt"), TXT).unwrap();
    std::fs::write(dir.join("doc.ann"), ann).unwrap();
    corpus::load(&[dir.to_path_buf()])
}

#[test]
fn brat_r_lines_in_give_the_same_r_lines_out() {
    let input = tempfile::tempdir().unwrap();
    let corpus = brat_corpus(input.path(), ANN);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let relations = &corpus.articles[0].relations;
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].from, (0, 16, "PERSON".to_string()));
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    assert_eq!(
        items[0].doc.relations.len(),
        1,
        "the pending spans carry it"
    );
    let out = tempfile::tempdir().unwrap();
    let mut tally = Tally::default();
    brat::write_files(out.path(), &items[0], false, &mut tally).unwrap();
    let written = std::fs::read_to_string(out.path().join("doc.ann")).unwrap();
    assert_eq!(written, ANN);
    assert_eq!((tally.relations, tally.relations_left_out), (1, 0));
}

#[test]
fn an_r_line_naming_a_missing_t_is_a_problem_at_its_line() {
    let input = tempfile::tempdir().unwrap();
    let ann = ANN.replace("Arg2:T2", "Arg2:T9");
    let corpus = brat_corpus(input.path(), &ann);
    let problems: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with("doc.ann:3: relation HEADS: T9 is not a T line of this file"),
        "{problems:?}"
    );
    assert!(corpus.articles[0].relations.is_empty());
}

#[test]
fn doccano_relations_are_written_beside_the_labels_with_entity_ids() {
    let input = tempfile::tempdir().unwrap();
    let corpus = brat_corpus(input.path(), ANN);
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let mut out = Vec::new();
    let mut tally = Tally::default();
    let options = export::FlatOptions::default();
    export::write_items(
        &mut out,
        Format::Jsonl,
        &items,
        options,
        &mut tally,
        &mut || {},
    )
    .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        line["label"],
        serde_json::json!([[0, 16, "PERSON"], [17, 33, "AGENCY"]])
    );
    assert_eq!(
        line["entities"],
        serde_json::json!([
            {"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 16},
            {"id": 2, "label": "AGENCY", "start_offset": 17, "end_offset": 33},
        ])
    );
    assert_eq!(
        line["relations"],
        serde_json::json!([{"id": 1, "from_id": 1, "to_id": 2, "type": "HEADS"}])
    );
    assert_eq!(tally.relations, 1);
}

#[test]
fn doccano_relations_read_back_give_the_same_line() {
    let input = tempfile::tempdir().unwrap();
    let corpus = brat_corpus(input.path(), ANN);
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let options = export::FlatOptions::default();
    let mut first = Vec::new();
    export::write_items(
        &mut first,
        Format::Jsonl,
        &items,
        options,
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap();

    let again = tempfile::tempdir().unwrap();
    std::fs::write(again.path().join("doc.jsonl"), &first).unwrap();
    let read = corpus::load(&[again.path().to_path_buf()]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles[0].relations, corpus.articles[0].relations);
    assert_eq!(
        read.articles[0].imported.len(),
        2,
        "label and entities agree: no twins"
    );
    assert!(read.articles[0].meta.get("relations").is_none());
    let plan = export::plan(&read, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let mut second = Vec::new();
    export::write_items(
        &mut second,
        Format::Jsonl,
        &items,
        options,
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap();
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&first).unwrap(),
        serde_json::from_slice(&second).unwrap(),
    );
    for field in ["label", "entities", "relations"] {
        assert_eq!(a[field], b[field], "{field}");
    }
}

#[test]
fn a_doccano_relation_to_an_unknown_entity_is_a_problem_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"text": "Қанат Сүлейменов Атырау әкімдігін басқарады.", "entities": [{"id": 7, "label": "PERSON", "start_offset": 0, "end_offset": 16}], "relations": [{"id": 1, "from_id": 7, "to_id": 8, "type": "HEADS"}]}"#;
    std::fs::write(dir.path().join("a.jsonl"), format!("{line}\n")).unwrap();
    let read = corpus::load(&[dir.path().to_path_buf()]);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("a.jsonl:1:"), "{problems:?}");
    assert!(problems[0].contains("names an entity id"), "{problems:?}");
    assert_eq!(
        read.articles[0].imported.len(),
        1,
        "the entity is still read"
    );
}

#[test]
fn spacy_cats_read_back_give_the_same_cats() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"text": "Атырау әкімдігі.", "cats": {"CORRUPTION": 1.0, "SPORT": 0.0, "REGIONS": 0.9}}"#;
    std::fs::write(dir.path().join("a.jsonl"), format!("{line}\n")).unwrap();
    let read = corpus::load(&[dir.path().to_path_buf()]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles[0].doc_labels, ["CORRUPTION", "REGIONS"]);
    assert!(read.articles[0].meta.get("cats").is_none());
    let docs = BTreeMap::new();
    let plan = export::plan(&read, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    assert_eq!(items[0].doc.doc_labels, ["CORRUPTION", "REGIONS"]);
    let mut out = Vec::new();
    let options = export::FlatOptions::default();
    export::write_items(
        &mut out,
        Format::Spacy,
        &items,
        options,
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap();
    let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        back["cats"],
        serde_json::json!({"CORRUPTION": 1.0, "REGIONS": 1.0})
    );
}
