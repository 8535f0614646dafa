//! Export back, as properties: any spans on any text (emoji, tabs, several lines,
//! labels WebAnno must escape, stacked and overlapping spans) written as Label Studio
//! tasks, WebAnno TSV or a spaCy DocBin are read back by `tanba import`'s readers with
//! the same offsets, labels and annotator.

use proptest::prelude::*;
use std::path::Path;

use tanba::annotation::{DocAnnotations, DocStatus, Origin, Span};
use tanba::corpus::{Article, SourceRef};
use tanba::export::{self, Item, Tally};
use tanba::import::{self, ReadOptions};

const WORDS: &[&str] = &[
    "Тоқаев",
    "😀",
    "Astana",
    "B[2]",
    "C:\\dir",
    "x",
    "number",
    "a->b",
];
const GAPS: &[&str] = &[" ", "  ", "\n", "\t", " \n "];
const LABELS: &[&str] = &["PER", "LOC", "PERSON", "B[2]", "X_Y|Z", "a\\b*;"];

/// A text of words and gaps, with the code points where each word starts and ends.
fn text_of(words: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut at = Vec::new();
    for (i, &(w, g)) in words.iter().enumerate() {
        if i > 0 {
            text.push_str(GAPS[g]);
        }
        let start = text.chars().count();
        text.push_str(WORDS[w]);
        at.push((start, text.chars().count()));
    }
    (text, at)
}

type Key = (usize, usize, String);

fn written(text: &str, spans: &[(usize, usize, usize)], at: &[(usize, usize)]) -> DocAnnotations {
    let mut doc = DocAnnotations::new("kk 1", "dana", text);
    doc.status = DocStatus::Done;
    for &(a, len, label) in spans {
        let (a, b) = (a % at.len(), (a % at.len() + len).min(at.len() - 1));
        let (start, end) = (at[a].0, at[b].1);
        let span = Span::cut(text, start, end, LABELS[label], Origin::Manual, "dana").unwrap();
        doc.spans.push(span);
    }
    doc.normalize();
    doc
}

fn found(dir: &Path, file: &str) -> (Option<String>, Vec<Key>) {
    let read = import::read_file(&dir.join(file), ReadOptions::default());
    assert_eq!(read.problems, vec![], "{file}");
    assert_eq!(read.found.len(), 1, "{file}");
    let f = &read.found[0];
    let mut keys: Vec<Key> = f
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect();
    keys.sort();
    (f.annotator.clone(), keys)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_span_comes_back_from_each_format(
        words in prop::collection::vec((0..WORDS.len(), 0..GAPS.len()), 1..12),
        spans in prop::collection::vec((0usize..12, 0usize..3, 0..LABELS.len()), 0..8),
    ) {
        let (text, at) = text_of(&words);
        let article = Article::from_text("kk 1", text.clone(), SourceRef::new("kk.txt", 1));
        let doc = written(&text, &spans, &at);
        let item = Item {
            article: &article,
            annotator: Some("dana"),
            doc: &doc,
            spans: doc.spans.iter().collect(),
        };
        let mut want: Vec<Key> = doc.spans.iter().map(|s| (s.start, s.end, s.label.clone())).collect();
        want.sort();
        let dir = tempfile::tempdir().unwrap();
        let mut tally = Tally::default();
        let mut json = Vec::new();
        export::label_studio::write(&mut json, std::slice::from_ref(&item), &mut tally).unwrap();
        std::fs::write(dir.path().join("tasks.json"), json).unwrap();
        let mut bin = Vec::new();
        export::docbin::write(&mut bin, std::slice::from_ref(&item), &mut tally).unwrap();
        std::fs::write(dir.path().join("docs.spacy"), bin).unwrap();
        let tsv = dir.path().join(export::webanno::file_of(&item));
        std::fs::create_dir_all(tsv.parent().unwrap()).unwrap();
        std::fs::write(&tsv, export::webanno::render(&item, &mut tally)).unwrap();
        let tsv = tsv.strip_prefix(dir.path()).unwrap().to_str().unwrap().to_string();
        for file in ["tasks.json", "docs.spacy", tsv.as_str()] {
            let (annotator, keys) = found(dir.path(), file);
            prop_assert_eq!(annotator.as_deref(), Some("dana"), "{}", file);
            prop_assert_eq!(&keys, &want, "{}: {:?}", file, text);
        }
    }
}
