//! Knowledge-base links through the formats: brat `N` lines in give the same `N` lines
//! out (the pending spans carry the ids); the jsonl `kb` field on entities and spaCy's
//! `kb_id` are written and read back; doc labels go out as `cats` in jsonl too.

use std::collections::BTreeMap;
use std::path::Path;

use tanba::corpus;
use tanba::export::{self, Format, Item, Selection, Tally, brat};

const TXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.\n";
const ANN: &str = "\
T1\tPERSON 0 16\tҚанат Сүлейменов
T2\tAGENCY 17 33\tАтырау әкімдігін
N1\tReference T1 kb:Q1\tҚанат Сүлейменов
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

fn write(format: Format, items: &[Item]) -> Vec<u8> {
    let mut out = Vec::new();
    let options = export::FlatOptions::default();
    export::write_items(
        &mut out,
        format,
        items,
        options,
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap();
    out
}

#[test]
fn brat_n_lines_in_give_the_same_n_lines_out() {
    let input = tempfile::tempdir().unwrap();
    let corpus = brat_corpus(input.path(), ANN);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    assert_eq!(corpus.articles[0].links[0].kb, "Q1");
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    assert_eq!(
        items[0].spans[0].kb.as_deref(),
        Some("Q1"),
        "the span carries it"
    );
    assert_eq!(items[0].spans[1].kb, None);
    let out = tempfile::tempdir().unwrap();
    brat::write_files(out.path(), &items[0], false, &mut Tally::default()).unwrap();
    let written = std::fs::read_to_string(out.path().join("doc.ann")).unwrap();
    assert_eq!(written, ANN);
}

#[test]
fn an_n_line_naming_a_missing_t_is_a_problem_at_its_line() {
    let input = tempfile::tempdir().unwrap();
    let corpus = brat_corpus(input.path(), &ANN.replace("Reference T1", "Reference T7"));
    let problems: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with("doc.ann:3: T7 is not a T line of this file"),
        "{problems:?}"
    );
}

#[test]
fn jsonl_kb_and_spacy_kb_id_are_written_and_read_back() {
    let input = tempfile::tempdir().unwrap();
    let mut corpus = brat_corpus(input.path(), ANN);
    corpus.articles[0].doc_labels = vec!["REGIONS".into()];
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    for (format, name) in [(Format::Jsonl, "a.jsonl"), (Format::Spacy, "b.jsonl")] {
        let first = write(format, &items);
        let line: serde_json::Value = serde_json::from_slice(&first).unwrap();
        if format == Format::Jsonl {
            assert_eq!(line["entities"][0]["kb"], "Q1");
            assert!(line["entities"][1].get("kb").is_none());
            assert_eq!(line["cats"], serde_json::json!({"REGIONS": 1.0}));
        } else {
            assert_eq!(line["spans"][0]["kb_id"], "Q1");
            assert!(line["spans"][1].get("kb_id").is_none());
        }
        let again = tempfile::tempdir().unwrap();
        std::fs::write(again.path().join(name), &first).unwrap();
        let read = corpus::load(&[again.path().to_path_buf()]);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.articles[0].links, corpus.articles[0].links, "{name}");
        assert_eq!(read.articles[0].doc_labels, ["REGIONS"]);
        let plan = export::plan(&read, &docs, &pending());
        let items = plan.items(&pending(), &mut Tally::default());
        let back: serde_json::Value = serde_json::from_slice(&write(format, &items)).unwrap();
        for field in ["label", "entities", "spans", "cats"] {
            assert_eq!(back[field], line[field], "{name} {field}");
        }
    }
}

#[test]
fn conll_doc_comment_is_written_and_read_back_and_conllu_reads_it_too() {
    let input = tempfile::tempdir().unwrap();
    let mut corpus = brat_corpus(input.path(), ANN);
    corpus.articles[0].doc_labels = vec!["CORRUPTION".into(), "REGIONS".into()];
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let out = write(Format::Conll, &items);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.starts_with("-DOCSTART- O\n\n# DOC: CORRUPTION, REGIONS\nҚанат B-PERSON\n"),
        "{text}"
    );
    let again = tempfile::tempdir().unwrap();
    std::fs::write(again.path().join("a.conll"), &out).unwrap();
    let read = corpus::load(&[again.path().to_path_buf()]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles[0].doc_labels, ["CORRUPTION", "REGIONS"]);
    assert_eq!(read.articles[0].imported.len(), 2);

    let conllu = "# newdoc id = d1\n# DOC: REGIONS\n# text = Атырау.\n\
                  1\tАтырау\t_\t_\t_\t_\t_\t_\t_\tNER=B-LOCATION\n2\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.conllu"), conllu).unwrap();
    let read = corpus::load(&[dir.path().to_path_buf()]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles[0].doc_labels, ["REGIONS"]);
}
