//! Real datasets from the command line: a 25-label CoNLL file named `.txt` is read by its
//! content, its labels join a new workspace (each with its own tag), `labels add` and
//! `labels --json`, export gives the file back byte for byte with and without
//! `--sentences-per-article`, and what tanba writes is readable as the umask says.

use crate::common::conll25::{LABELS, conll25};
use crate::common::{ok, run, run_with_umask, s};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tanba::cli::{ReadArgs, WorkspaceArgs};
use tanba::commands::{Access, Session};

fn dataset(dir: &Path) -> PathBuf {
    let path = dir.join("IOB2_test.txt");
    std::fs::write(&path, conll25()).unwrap();
    path
}

fn args(ws: &Path, sentences: Option<u32>) -> WorkspaceArgs {
    WorkspaceArgs {
        workspace: Some(ws.to_path_buf()),
        read: ReadArgs {
            from: None,
            sentences_per_article: sentences,
        },
    }
}

#[test]
fn a_25_label_conll_file_named_txt_is_read_as_conll_with_every_tag_unique() {
    let dir = tempfile::tempdir().unwrap();
    let file = dataset(dir.path());
    ok(&run(dir.path(), &["validate", s(&file)]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&run(dir.path(), &["labels", s(&file), "--json"]))).unwrap();
    let labels = json.as_array().unwrap();
    assert_eq!(labels.len(), 25);
    let names: BTreeSet<&str> = labels.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, LABELS.into_iter().collect());
    let tags: BTreeSet<&str> = labels.iter().map(|l| l["tag"].as_str().unwrap()).collect();
    assert_eq!(tags.len(), 25, "every tag unique: {tags:?}");
    let tag_of = |name: &str| {
        labels.iter().find(|l| l["name"] == name).unwrap()["tag"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        (tag_of("PERCENTAGE"), tag_of("PERSON")),
        ("PERC".into(), "PERS".into())
    );
    let adage = labels.iter().find(|l| l["name"] == "ADAGE").unwrap();
    // the data's labels only, not the five defaults: digits reach the first nine
    assert_eq!(adage["key"], "1", "digits reach labels 1 to 9 in order");
    let money = labels.iter().find(|l| l["name"] == "MONEY").unwrap();
    assert!(money["key"].is_null());
    assert!(money["color"].as_str().is_some_and(|c| !c.is_empty()));
}

#[test]
fn export_gives_the_file_back_with_and_without_sentences_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let file = dataset(dir.path());
    let export = |extra: &[&str]| {
        let mut args = vec![
            "export",
            s(&file),
            "-f",
            "conll",
            "--include-pending",
            "--no-docstart",
        ];
        args.extend_from_slice(extra);
        ok(&run(dir.path(), &args))
    };
    assert_eq!(export(&[]), conll25());
    assert_eq!(export(&["--sentences-per-article", "4"]), conll25());
    assert_eq!(export(&["--sentences-per-article", "1000"]), conll25());
    let corpus = tanba::corpus::load_with(
        std::slice::from_ref(&file),
        tanba::corpus::LoadOptions {
            from: None,
            sentences_per_article: Some(4),
        },
    );
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 30usize.div_ceil(4));
    assert_eq!(ids[0], "IOB2_test#1");
    assert_eq!(ids[7], "IOB2_test#8");
    assert_eq!(
        corpus.articles[1].source.line, 33,
        "the fifth sentence starts there"
    );
}

#[test]
fn a_new_workspace_takes_the_data_labels_and_an_old_one_names_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dataset(dir.path());
    let ws = dir.path().join("ws");
    let paths = std::slice::from_ref(&file);
    let session = Session::open(paths, &args(&ws, Some(4)), Access::Write).unwrap();
    assert_eq!(session.workspace.settings.labels.labels.len(), 25);
    let note = session.label_note.unwrap();
    assert!(
        note.starts_with("added 25 labels from the data: ADAGE, AGENCY, ART,"),
        "{note}"
    );
    assert_eq!(session.corpus.articles[0].id, "IOB2_test#1");

    // the workspace remembers how it reads the corpus, and now knows every label
    let again = Session::open(paths, &args(&ws, None), Access::Read).unwrap();
    assert_eq!(again.label_note, None);
    assert_eq!(again.corpus.articles.len(), 8);

    let more = dir.path().join("more.conll");
    std::fs::write(&more, "Жаңа B-NOVEL\nсөз B-ZETA\n\n").unwrap();
    let with_more = [file.clone(), more];
    let session = Session::open(&with_more, &args(&ws, None), Access::Read).unwrap();
    assert_eq!(session.unknown_labels, ["NOVEL", "ZETA"]);
    let note = session.label_note.unwrap();
    assert!(
        note.contains("tanba labels add NOVEL ZETA --workspace"),
        "{note}"
    );

    let before = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    ok(&run(
        dir.path(),
        &["labels", "add", "NOVEL", "ZETA", "--workspace", s(&ws)],
    ));
    let after = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    let added = "        (name: \"NOVEL\"),\n        (name: \"ZETA\"),\n";
    assert!(after.contains(&format!("{added}    ],")), "{after}");
    assert_eq!(
        after.replace(added, ""),
        before,
        "the rest is kept as it was"
    );
    let session = Session::open(&with_more, &args(&ws, None), Access::Read).unwrap();
    assert!(session.unknown_labels.is_empty());
    assert_eq!(session.workspace.settings.labels.labels.len(), 27);
}

#[test]
fn an_ambiguous_txt_is_reported_and_from_forces_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = conll25();
    text.insert_str(0, "Бұл жай мәтін, CoNLL емес\n");
    let file = dir.path().join("mixed.txt");
    std::fs::write(&file, &text).unwrap();
    let out = run(dir.path(), &["validate", s(&file)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(stdout.contains("mixed.txt:1:"), "{stdout}");
    assert!(stdout.contains("--from conll"), "{stdout}");
    let out = run(dir.path(), &["validate", s(&file), "--from", "conll"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("mixed.txt:1: tag «емес» is not O"),
        "{stdout}"
    );
    let json = ok(&run(
        dir.path(),
        &["labels", s(&file), "--from", "text", "--json"],
    ));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[cfg(unix)]
#[test]
fn exports_get_the_mode_the_umask_gives() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for (umask, want) in [("022", 0o644), ("002", 0o664)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dataset(dir.path());
        let out = dir.path().join(format!("out-{umask}.conll"));
        let args = [
            "export",
            s(&file),
            "-f",
            "conll",
            "--include-pending",
            "-o",
            s(&out),
        ];
        ok(&run_with_umask(dir.path(), umask, &args));
        assert_eq!(mode(&out), want, "export under umask {umask}");
        let brat = dir.path().join(format!("brat-{umask}"));
        let args = [
            "export",
            s(&file),
            "-f",
            "brat",
            "--include-pending",
            "-o",
            s(&brat),
        ];
        ok(&run_with_umask(dir.path(), umask, &args));
        let files: Vec<PathBuf> = std::fs::read_dir(&brat)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        // .txt, .ann, annotation.conf and the list of them, .tanba-brat
        assert_eq!(files.len(), 4, "{files:?}");
        for f in files {
            assert_eq!(mode(&f), want, "{} under umask {umask}", f.display());
        }
    }
}

#[test]
fn every_cut_exports_back_to_the_same_bytes() {
    use std::collections::BTreeMap;
    use tanba::export::{self, FlatOptions, Format, Selection, Tally};
    let dir = tempfile::tempdir().unwrap();
    let file = dataset(dir.path());
    let pending = Selection {
        include_pending: true,
        ..Selection::default()
    };
    let options = FlatOptions {
        docstart: false,
        ..FlatOptions::default()
    };
    for n in 1..=31 {
        let corpus = tanba::corpus::load_with(
            std::slice::from_ref(&file),
            tanba::corpus::LoadOptions {
                from: None,
                sentences_per_article: Some(n),
            },
        );
        assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
        assert_eq!(corpus.articles.len(), 30usize.div_ceil(n));
        let docs = BTreeMap::new();
        let plan = export::plan(&corpus, &docs, &pending);
        let items = plan.items(&pending, &mut Tally::default());
        let mut out = Vec::new();
        let mut tally = Tally::default();
        export::write_items(
            &mut out,
            Format::Conll,
            &items,
            options,
            &mut tally,
            &mut || {},
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            conll25(),
            "{n} sentences per article"
        );
    }
}

#[test]
fn from_reads_a_file_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("batch.data");
    std::fs::write(
        &file,
        "{\"id\": \"kk-1\", \"text\": \"Қанат айтты\", \"label\": [[0, 5, \"PERSON\"]]}\n",
    )
    .unwrap();
    let out = run(dir.path(), &["validate", s(&file)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("unknown kind of file"));
    ok(&run(dir.path(), &["validate", s(&file), "--from", "jsonl"]));
    let json = ok(&run(
        dir.path(),
        &["search", s(&file), "Қанат", "--from", "jsonl", "--json"],
    ));
    assert!(json.contains("\"kk-1\""), "{json}");
}

#[test]
fn labels_add_refuses_a_path_for_a_label_and_says_how_to_name_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let file = dataset(dir.path());
    let ws = dir.path().join("ws");
    ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    let before = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    for name in [".", s(&ws), "-"] {
        let out = run(
            dir.path(),
            &["labels", "add", name, "FOO", "--workspace", s(&ws)],
        );
        let err = crate::common::stderr(&out);
        assert!(!out.status.success(), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        if name == "." {
            assert!(err.contains("\".\" is not a label name"), "{err}");
            assert!(err.contains("give it as --workspace ."), "{err}");
        }
    }
    let after = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    assert_eq!(after, before, "nothing added");
}

#[test]
fn labels_run_in_a_corpus_folder_edit_its_workspace_not_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Бүгін Атырауда жиын өтті.\n").unwrap();
    let template = "(name: \"ours\", sources: [], labels: [(name: \"PER\", key: '1')])\n";
    std::fs::write(corpus.join("tanba.ron"), template).unwrap();
    ok(&run(dir.path(), &["init", s(&corpus)]));
    let home = dir.path();
    let edits: [&[&str]; 3] = [
        &["labels", "add", "NOVEL"],
        &["labels", "key", "NOVEL", "z"],
        &["labels", "add", "GONE"],
    ];
    for args in edits {
        ok(&crate::common::run_in(home, &corpus, args));
    }
    ok(&crate::common::run_in(
        home,
        &corpus,
        &["labels", "remove", "GONE"],
    ));
    assert_eq!(
        std::fs::read_to_string(corpus.join("tanba.ron")).unwrap(),
        template
    );
    let labels = labels_json(home, &corpus);
    assert_eq!(
        names_and_keys(&labels),
        [("PER", Some("1")), ("NOVEL", Some("z"))]
    );
}

#[test]
fn a_label_key_a_keymap_uses_in_the_text_is_refused_before_it_stops_every_session() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Бүгін Атырауда жиын өтті.\n").unwrap();
    let ws = dir.path().join("ws");
    ok(&run(
        dir.path(),
        &["init", s(&corpus), "--workspace", s(&ws)],
    ));
    let before = std::fs::read_to_string(ws.join("tanba.ron")).unwrap();
    // q quits in the default keymap, p goes to the previous pending span in emacs's
    for (key, action, keymap) in [("q", "quit", "default"), ("p", "prev_pending", "emacs")] {
        let out = run(
            dir.path(),
            &["labels", "key", "DATE", key, "--workspace", s(&ws)],
        );
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("'{key}' is `{action}` in the {keymap} keymap")),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(ws.join("tanba.ron")).unwrap(),
            before,
            "nothing written"
        );
    }
    // a digit is a label key in every keymap: it moves to the label
    ok(&run(
        dir.path(),
        &["labels", "key", "DATE", "9", "--workspace", s(&ws)],
    ));
}

#[test]
fn labels_edits_in_a_corpus_folder_without_a_workspace_create_it_from_the_template() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let corpus = home.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Бүгін Атырауда жиын өтті.\n").unwrap();
    let template = "(name: \"ours\", sources: [], labels: [(name: \"PER\", key: '1')])\n";
    std::fs::write(corpus.join("tanba.ron"), template).unwrap();
    let edits: [&[&str]; 4] = [
        &["labels", "key", "PER", "z"],
        &["labels", "add", "NOVEL"],
        &["labels", "add", "GONE"],
        &["labels", "remove", "GONE"],
    ];
    for (i, args) in edits.into_iter().enumerate() {
        let out = crate::common::run_in(home, &corpus, args);
        ok(&out);
        let err = crate::common::stderr(&out);
        // the first edit creates the workspace and says where
        assert_eq!(
            err.contains("created the workspace"),
            i == 0,
            "{args:?}: {err}"
        );
        assert_eq!(
            std::fs::read_to_string(corpus.join("tanba.ron")).unwrap(),
            template,
            "{args:?} left the corpus' template alone"
        );
    }
    let labels = labels_json(home, &corpus);
    assert_eq!(
        names_and_keys(&labels),
        [("PER", Some("z")), ("NOVEL", Some("2"))]
    );
}

/// The workspace's labels as `tanba labels --json` gives them.
fn labels_json(home: &Path, corpus: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(&run(home, &["labels", s(corpus), "--json"]))).unwrap()
}

/// Each label's (name, key).
fn names_and_keys(labels: &serde_json::Value) -> Vec<(&str, Option<&str>)> {
    let labels = labels.as_array().unwrap().iter();
    labels
        .map(|l| (l["name"].as_str().unwrap(), l["key"].as_str()))
        .collect()
}
