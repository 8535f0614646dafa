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
