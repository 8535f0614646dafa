//! Commands read an annotation file with its journal: nothing saved is missing from an
//! export, the figures or a check, and `tanba sync` commits RON files only.

use crate::common::{ok, run as tanba, s, stderr, stdout};
use std::path::{Path, PathBuf};
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::{Journals, Workspace, journal_path};

const KK: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

/// dana's file holds LOCATION; her journal adds PERSON and STATISTIC and marks it done.
fn journaled(home: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    let root = home.join("ws");
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    let path = ws.doc_path("dana", "kk");
    let mut doc = DocAnnotations::new("kk", "dana", KK);
    let mut journals = Journals::default();
    let add = |doc: &mut DocAnnotations, start, end, label| {
        let span = Span::cut(KK, start, end, label, Origin::Manual, "dana").unwrap();
        doc.apply(&Op::Add(span), "dana");
    };
    add(&mut doc, 0, 6, "LOCATION");
    assert!(journals.save(&path, &mut doc).unwrap().whole);
    add(&mut doc, 20, 42, "PERSON");
    journals.save(&path, &mut doc).unwrap();
    add(&mut doc, 52, 57, "STATISTIC");
    let status = Op::Status {
        old: doc.status,
        new: DocStatus::Done,
    };
    doc.apply(&status, "dana");
    assert!(!journals.save(&path, &mut doc).unwrap().whole);
    // as after a crash: nothing folds the journal into the file
    drop(journals);
    assert!(journal_path(&path).is_file());
    assert!(!std::fs::read_to_string(&path).unwrap().contains("PERSON"));
    (corpus, root, path)
}

fn run(home: &Path, corpus: &Path, ws: &Path, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend([s(corpus), "--workspace", s(ws)]);
    tanba(home, &all)
}

#[test]
fn export_stats_and_verify_see_the_journal() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, _) = journaled(home.path());
    let out = ok(&run(home.path(), &corpus, &ws, &["export", "-f", "jsonl"]));
    let labels: Vec<String> = out
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["label"].as_array().unwrap().clone()
        })
        .map(|span| span[2].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, ["LOCATION", "PERSON", "STATISTIC"]);
    // to a file, the export reads as it goes: the journal too
    let file = home.path().join("out.conll");
    ok(&run(
        home.path(),
        &corpus,
        &ws,
        &["export", "-f", "conll", "-o", s(&file)],
    ));
    let conll = std::fs::read_to_string(&file).unwrap();
    assert!(
        conll.contains("B-PERSON") && conll.contains("B-STATISTIC"),
        "{conll}"
    );
    let stats = ok(&run(home.path(), &corpus, &ws, &["stats", "--json"]));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["progress"]["dana"]["done"], 1, "{stats}");
    let verify = run(home.path(), &corpus, &ws, &["verify"]);
    assert!(
        stderr(&verify).contains("checked 3 spans in 1 annotation file:"),
        "{}",
        stderr(&verify)
    );
}

#[test]
fn a_torn_last_record_is_dropped_and_said_once() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws, path) = journaled(home.path());
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"0123456789abcdef patch((put:[(start:0,end");
    std::fs::write(&journal, bytes).unwrap();
    let out = run(home.path(), &corpus, &ws, &["export", "-f", "jsonl"]);
    assert!(
        stdout(&out).contains("STATISTIC"),
        "the whole records replay"
    );
    let said = stderr(&out);
    assert_eq!(said.matches("cut short").count(), 1, "{said}");
    assert!(said.contains("2 earlier saves replayed"), "{said}");
}

#[test]
fn sync_folds_the_journal_in_and_commits_ron_files_only() {
    let home = tempfile::tempdir().unwrap();
    let (_, ws, path) = journaled(home.path());
    let out = tanba(
        home.path(),
        &["sync", "--workspace", s(&ws), "--annotator", "dana"],
    );
    ok(&out);
    assert!(!journal_path(&path).exists());
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&ws)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let files = git(&["ls-files"]);
    assert!(files.contains("annotations/dana/kk.ron"), "{files}");
    assert!(!files.contains("journal"), "{files}");
    let committed = git(&["show", "HEAD:annotations/dana/kk.ron"]);
    assert!(committed.contains("STATISTIC") && committed.contains("done"));
}
