//! The as-read export must write what the export of the corpus loaded whole writes, byte
//! for byte, with the same tally, counts and problems, whatever the selection.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::corpus::{self, LoadOptions};
use crate::export::testing::span;
use crate::export::{AsRead, FlatOptions, Format, Selection, Source, Tally, plan, write_plan};
use crate::store::Workspace;

/// Three JSON lines files and two text files; ids repeat within and across files, one
/// line is bad JSON; every third article has pre-annotations.
fn corpus_files(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (file, count) in [("a.jsonl", 150), ("b.jsonl", 90), ("c.jsonl", 40)] {
        let mut lines = Vec::new();
        for i in 0..count {
            let id = match i % 37 {
                36 => "dup".to_string(), // in every file, more than once
                _ => format!("{file}-{i}"),
            };
            let text = format!("Қанат Сүлейменов {i} Атырау облысы.\nКомиссия {i} адамнан сұрады.");
            let line = match i % 3 {
                0 => {
                    serde_json::json!({"id": id, "text": text, "label": [[0, 16, "PERSON"], [20, 26, "LOCATION"]]})
                }
                _ => serde_json::json!({"id": id, "text": text}),
            };
            lines.push(line.to_string());
        }
        lines.insert(7, "{\"id\": \"broken\", \"text\": ".to_string());
        std::fs::write(corpus.join(file), lines.join("\n")).unwrap();
    }
    std::fs::write(corpus.join("d.txt"), "Ақтөбе жаңалықтары\nБәрі тыныш.").unwrap();
    std::fs::write(corpus.join("e.txt"), "Алматы\nЖаңбыр жауды.").unwrap();
    corpus
}

/// aigerim annotated every fourth article (statuses in turn), dana every seventh.
fn annotate(workspace: &Workspace, corpus: &corpus::Corpus) {
    let statuses = [DocStatus::Done, DocStatus::InProgress, DocStatus::Todo];
    for (i, article) in corpus.articles.iter().enumerate() {
        for (who, every) in [("aigerim", 4), ("dana", 7)] {
            if i % every != 0 {
                continue;
            }
            let mut doc = DocAnnotations::new(&article.id, who, &article.text);
            doc.status = statuses[i / every % 3];
            let state = [SpanState::Accepted, SpanState::Pending][i % 2];
            doc.spans = vec![span(&article.text, 0, 5, "PERSON", state)];
            doc.normalize();
            workspace.save_doc(who, &doc).unwrap();
        }
    }
}

/// The corpus of `corpus_files` in a temporary folder, annotated, and its workspace.
fn annotated() -> (tempfile::TempDir, Vec<PathBuf>, Workspace, corpus::Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![corpus_files(dir.path())];
    let ws = Workspace::open_or_create(&dir.path().join("ws"), &paths).unwrap();
    let corpus = corpus::load(&paths);
    annotate(&ws, &corpus);
    (dir, paths, ws, corpus)
}

struct Written {
    bytes: Vec<u8>,
    tally: Tally,
}

fn loaded(format: Format, paths: &[PathBuf], ws: &Workspace, selection: &Selection) -> Written {
    let corpus = corpus::load(paths);
    let (docs, errors) = ws.load_all(&corpus);
    assert!(errors.is_empty());
    let plan = plan(&corpus, &docs, selection);
    let (mut bytes, mut tally) = (Vec::new(), Tally::default());
    let options = FlatOptions::default();
    write_plan(
        &mut bytes,
        format,
        &plan,
        selection,
        options,
        &mut tally,
        &mut || {},
    )
    .unwrap();
    Written { bytes, tally }
}

fn as_read(
    format: Format,
    paths: &[PathBuf],
    ws: &Workspace,
    selection: &Selection,
) -> (Written, AsRead, usize) {
    let annotators = ws.annotators();
    let docs = ws.doc_files(&annotators);
    let source = Source {
        paths,
        options: LoadOptions::default(),
        docs: &docs,
    };
    let (mut bytes, mut tally, mut progress) = (Vec::new(), Tally::default(), 0);
    let options = FlatOptions::default();
    let read = super::write_as_read(
        &mut bytes,
        format,
        &source,
        selection,
        options,
        &mut tally,
        &mut || progress += 1,
    )
    .unwrap();
    (Written { bytes, tally }, read, progress)
}

fn selections() -> Vec<Selection> {
    let only = |labels: &[&str]| Some(labels.iter().map(|l| l.to_string()).collect());
    vec![
        Selection::default(),
        Selection {
            include_pending: true,
            ..Selection::default()
        },
        Selection {
            include_pending: true,
            statuses: Some(vec![DocStatus::Todo, DocStatus::Done]),
            labels: only(&["LOCATION"]),
            ..Selection::default()
        },
        Selection {
            annotator: Some("dana".into()),
            statuses: Some(vec![DocStatus::InProgress]),
            ..Selection::default()
        },
    ]
}

#[test]
fn an_as_read_export_writes_what_the_loaded_one_writes() {
    let (_dir, paths, ws, corpus) = annotated();
    let (docs, _) = ws.load_all(&corpus);
    for selection in selections() {
        let counts = plan(&corpus, &docs, &selection).counts();
        for format in [Format::Jsonl, Format::Conll, Format::Spacy] {
            let whole = loaded(format, &paths, &ws, &selection);
            let (as_read, read, progress) = as_read(format, &paths, &ws, &selection);
            let case = format!("{format:?} {selection:?}");
            assert!(!whole.bytes.is_empty(), "{case}");
            assert!(whole.bytes == as_read.bytes, "{case}: the bytes differ");
            assert_eq!(whole.tally, as_read.tally, "{case}");
            assert_eq!(read.counts, counts, "{case}");
            assert_eq!(progress, whole.tally.items, "{case}: one call per record");
            assert_eq!(read.problems, corpus.problems, "{case}: the same, in order");
            assert!(read.doc_errors.is_empty(), "{case}");
        }
    }
    let (_, read, _) = as_read(Format::Jsonl, &paths, &ws, &Selection::default());
    assert_eq!(read.data_labels, ["LOCATION", "PERSON"]);
    assert_eq!(read.doc_labels, BTreeSet::from(["PERSON".to_string()]));
    assert!(
        corpus
            .problems
            .iter()
            .any(|p| p.message.contains("duplicate article id"))
    );
    assert!(
        corpus
            .problems
            .iter()
            .any(|p| p.message.contains("bad JSON"))
    );
}

#[test]
fn bad_annotation_files_come_out_as_loading_them_all_lists_them() {
    let (_dir, paths, ws, corpus) = annotated();
    // one bad file in each annotator's folder, in two different files of the corpus
    for (who, article) in [
        ("dana", "c.jsonl-0"),
        ("aigerim", "c.jsonl-4"),
        ("dana", "a.jsonl-7"),
    ] {
        std::fs::write(ws.doc_path(who, article), "(article: \"x\",\n oops").unwrap();
    }
    let (_, errors) = ws.load_all(&corpus);
    assert_eq!(errors.len(), 3);
    let (_, read, _) = as_read(Format::Conll, &paths, &ws, &Selection::default());
    let said = |errors: &[crate::store::StoreError]| -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    };
    assert_eq!(said(&read.doc_errors), said(&errors));
}
