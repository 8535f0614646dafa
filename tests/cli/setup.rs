//! Setting up and reading from the shell (issue 30): CoNLL-U read as CoNLL-U, never as
//! CoNLL with the word numbers as tokens; a doubtful file reported.

use crate::common::{ok, run, s};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// CoNLL-U, the tag in the last column, no `#` comments: the file that was read as
/// CoNLL with the text `1 2 3 4 5 6`.
const CONLLU: &str = "1\tҚанат\t_\t_\t_\t_\t_\t_\t_\tB-PERSON\n\
                      2\tСүлейменов\t_\t_\t_\t_\t_\t_\t_\tI-PERSON\n\
                      3\tАтырауға\t_\t_\t_\t_\t_\t_\t_\tB-GPE\n\
                      \n\
                      1\tОл\t_\t_\t_\t_\t_\t_\t_\tO\n\
                      2\tкелді\t_\t_\t_\t_\t_\t_\t_\tO\n\
                      3\t.\t_\t_\t_\t_\t_\t_\t_\tO\n";

#[test]
fn conllu_with_the_tag_last_and_no_comments_is_read_as_conllu() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["kaz.conll", "kaz.txt", "kaz.conllu"] {
        let file = write(dir.path(), name, CONLLU);
        let out = run(dir.path(), &["validate", s(&file)]);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("1 article,"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = ok(&run(
            dir.path(),
            &["export", s(&file), "-f", "jsonl", "--include-pending"],
        ));
        let line: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
        assert_eq!(
            line["text"], "Қанат Сүлейменов Атырауға\nОл келді .",
            "{name}"
        );
        let conll = ok(&run(
            dir.path(),
            &[
                "export",
                s(&file),
                "-f",
                "conll",
                "--include-pending",
                "--no-docstart",
            ],
        ));
        assert_eq!(
            conll,
            "Қанат\tB-PERSON\nСүлейменов\tI-PERSON\nАтырауға\tB-GPE\n\n\
             Ол\tO\nкелді\tO\n.\tO\n\n",
            "{name}"
        );
        std::fs::remove_file(&file).unwrap();
    }
}

#[test]
fn a_doubtful_count_is_reported_and_from_says_which_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "ids.conll",
        "1 Қанат B-PER\n2 келді O\n\n1 Ол O\n",
    );
    let out = run(dir.path(), &["validate", s(&file)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        stdout.contains("ids.conll:1: the first column numbers"),
        "{stdout}"
    );
    assert!(stdout.contains("--from conllu or --from conll"), "{stdout}");
    let json = ok(&run(
        dir.path(),
        &[
            "export",
            s(&file),
            "-f",
            "jsonl",
            "--include-pending",
            "--from",
            "conllu",
        ],
    ));
    let line: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(line["text"], "Қанат келді\nОл");
}

#[test]
fn a_model_score_is_kept_as_the_suggestions_confidence() {
    let home = crate::common::Home::new();
    let text = "Атырау облысы әкімі сөйледі.";
    let (corpus, ws) = crate::common::corpus(&home, &[("a.txt", text)]);
    tanba::store::Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    let cmd = r#"cat >/dev/null; echo '{"id":"a","label":[[0,6,"LOCATION",0.93]]}'"#;
    let args = ["suggest", s(&corpus), "--workspace", s(&ws), "--cmd", cmd];
    let out = run(home.path(), &args);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 suggestion"),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let path = ws.join("annotations/tester/a.ron");
    let doc = tanba::store::parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc.spans.len(), 1);
    assert_eq!(doc.spans[0].note.as_deref(), Some("confidence 0.93"));
    assert_eq!(doc.spans[0].state, tanba::annotation::SpanState::Pending);
}

/// A small CoNLL corpus tagged with three labels of its own, none of the five defaults.
const TAGGED: &str = "Қанат B-PER\nАтырауға B-GPE\nкелді O\n\nБота B-PER\nЕуразия B-ORG\n. O\n";

fn settings(ws: &Path) -> String {
    std::fs::read_to_string(ws.join("tanba.ron")).unwrap()
}

fn labels_json(home: &Path, ws: &Path) -> Vec<(String, Option<String>)> {
    let json = ok(&run(home, &["labels", "--workspace", s(ws), "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels = value.as_array().unwrap().iter();
    labels
        .map(|l| {
            let key = l["key"].as_str().map(str::to_string);
            (l["name"].as_str().unwrap().to_string(), key)
        })
        .collect()
}

#[test]
fn init_creates_a_flat_workspace_with_exactly_the_datas_labels() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "IOB2_test.txt", TAGGED);
    let ws = dir.path().join("ws");
    let out = ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    assert!(
        out.contains("2 articles") || out.contains("1 article,"),
        "{out}"
    );
    assert!(
        out.contains("3 labels (GPE, ORG, PER), spans flat"),
        "{out}"
    );
    assert!(settings(&ws).contains("    spans: flat,\n"));
    let keys = labels_json(dir.path(), &ws);
    let want = [("GPE", "1"), ("ORG", "2"), ("PER", "3")];
    let want: Vec<_> = want
        .iter()
        .map(|(n, k)| (n.to_string(), Some(k.to_string())))
        .collect();
    assert_eq!(keys, want, "no default labels beside the data's own");
    // the workspace exists now: labels add works, and a second init is refused
    ok(&run(
        dir.path(),
        &["labels", "add", "LOC", "--workspace", s(&ws)],
    ));
    let again = run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn an_untagged_corpus_starts_nested_with_the_five_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "news.txt", "Бүгін Атырауда жиын өтті.\n");
    let ws = dir.path().join("ws");
    let out = ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    assert!(out.contains("spans nested"), "{out}");
    let keys = labels_json(dir.path(), &ws);
    assert_eq!(keys.len(), 5);
    assert_eq!(keys[0], ("PERSON".to_string(), Some("1".to_string())));
    let refused = run(
        dir.path(),
        &[
            "init",
            s(&file),
            "--workspace",
            s(&dir.path().join("w2")),
            "--labels-from-data",
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("uses no labels"));
}

#[test]
fn init_takes_a_label_file_and_a_span_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "data.conll", TAGGED);
    let labels = write(dir.path(), "labels.txt", "# ours\nPER y\nGPE z\nORG\n");
    let ws = dir.path().join("ws");
    let args = [
        "init",
        s(&file),
        "--workspace",
        s(&ws),
        "--labels",
        s(&labels),
        "--spans",
        "nested",
    ];
    ok(&run(dir.path(), &args));
    assert!(settings(&ws).contains("    spans: nested,\n"));
    let keys = labels_json(dir.path(), &ws);
    assert_eq!(keys[0], ("PER".to_string(), Some("y".to_string())));
    assert_eq!(keys.len(), 3);
    let bad = write(dir.path(), "bad.txt", "PER y\nGPE y\n");
    let w2 = dir.path().join("w2");
    let args = ["init", s(&file), "--workspace", s(&w2), "--labels", s(&bad)];
    let out = run(dir.path(), &args);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.txt:2:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn labels_remove_is_refused_while_a_span_uses_it_and_key_sets_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "data.conll", TAGGED);
    let ws = dir.path().join("ws");
    ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    // a model's suggestion puts a GPE span in tester's files
    let cmd = r#"cat >/dev/null; echo '{"id":"data","label":[[15,20,"GPE"]]}'"#;
    let suggest = ["suggest", s(&file), "--workspace", s(&ws), "--cmd", cmd];
    let out = run(dir.path(), &suggest);
    assert!(
        ws.join("annotations/tester/data.ron").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refused = run(
        dir.path(),
        &["labels", "remove", "GPE", "--workspace", s(&ws)],
    );
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(err.contains("used by 2 spans in 1 file (tester)"), "{err}");
    ok(&run(
        dir.path(),
        &["labels", "add", "LOC", "--workspace", s(&ws)],
    ));
    ok(&run(
        dir.path(),
        &["labels", "remove", "LOC", "--workspace", s(&ws)],
    ));
    ok(&run(
        dir.path(),
        &["labels", "key", "ORG", "y", "--workspace", s(&ws)],
    ));
    let keys = labels_json(dir.path(), &ws);
    let names: Vec<_> = keys.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["GPE", "ORG", "PER"]);
    assert_eq!(keys[1].1.as_deref(), Some("y"));
    let taken = run(
        dir.path(),
        &["labels", "key", "PER", "y", "--workspace", s(&ws)],
    );
    assert!(String::from_utf8_lossy(&taken.stderr).contains("ORG"));
}

#[test]
fn another_cut_than_the_workspaces_is_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "data.conll", TAGGED);
    let ws = dir.path().join("ws");
    let init = [
        "init",
        s(&file),
        "--workspace",
        s(&ws),
        "--sentences-per-article",
        "50",
    ];
    ok(&run(dir.path(), &init));
    let args = [
        "validate",
        s(&file),
        "--workspace",
        s(&ws),
        "--sentences-per-article",
        "20",
    ];
    let out = run(dir.path(), &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("reads its corpus with 50 sentences per article; this run asks for 20"),
        "{err}"
    );
    assert!(err.contains("will not match"), "{err}");
    assert!(!err.contains("Some("), "{err}");
}

#[test]
fn spacy_export_keeps_conll_tokens_and_marks_sentence_starts() {
    let dir = tempfile::tempdir().unwrap();
    let conll = "Атырауда B-GPE\nбизнес-климатын O\nжақсарту O\n\nОл O\nайтты O\n. O\n";
    let file = write(dir.path(), "data.conll", conll);
    let args = ["export", s(&file), "-f", "spacy", "--include-pending"];
    let json = ok(&run(dir.path(), &args));
    let line: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    let tokens = line["tokens"].as_array().unwrap();
    let texts: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Атырауда",
            "бизнес-климатын",
            "жақсарту",
            "Ол",
            "айтты",
            "."
        ]
    );
    let starts: Vec<bool> = tokens.iter().map(|t| t["is_sent_start"] == true).collect();
    assert_eq!(starts, [true, false, false, true, false, false]);
    assert_eq!(line["spans"][0]["token_end"], 0);
}

#[test]
fn a_flat_project_admits_no_overlapping_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "data.conll", TAGGED);
    let ws = dir.path().join("ws");
    ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    // a model's span over «Қанат Атырауға» overlaps the imported PER and GPE
    let cmd = r#"cat >/dev/null; echo '{"id":"data","label":[[0,14,"ORG"]]}'"#;
    let out = ok(&run(
        dir.path(),
        &["suggest", s(&file), "--workspace", s(&ws), "--cmd", cmd],
    ));
    assert!(out.contains("0 suggestions added"), "{out}");
    let out = run(dir.path(), &["validate", s(&file), "--workspace", s(&ws)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn validate_and_verify_report_overlapping_accepted_spans_in_a_flat_project() {
    use tanba::annotation::{DocAnnotations, Op, Origin, Span};
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "data.conll", TAGGED);
    let ws = dir.path().join("ws");
    ok(&run(dir.path(), &["init", s(&file), "--workspace", s(&ws)]));
    // a file written by hand (or an older tanba) that breaks the flat rule
    let workspace = tanba::store::Workspace::open(&ws).unwrap();
    let text = "Қанат Атырауға келді\nБота Еуразия .";
    let mut doc = DocAnnotations::new("data", "tester", text);
    for (start, end, label) in [(0, 5, "PER"), (0, 14, "ORG")] {
        let span = Span::cut(text, start, end, label, Origin::Manual, "tester").unwrap();
        doc.apply(&Op::Add(span), "tester");
    }
    workspace.save_doc("tester", &doc).unwrap();
    for command in ["validate", "verify"] {
        let out = run(dir.path(), &[command, s(&file), "--workspace", s(&ws)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "{command}: {stdout}");
        assert!(
            stdout.contains("accepted PER 0..5 and ORG 0..14 overlap, and this project is flat"),
            "{command}: {stdout}"
        );
    }
}

#[test]
fn no_workspace_is_said_one_way_with_the_folder_and_what_creates_one() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    write(&corpus, "a.txt", "Атырау облысы");
    let corpus = corpus.to_str().unwrap();
    let nowhere = home.path().join("nowhere");
    let given = nowhere.to_str().unwrap();
    let said = |args: &[&str]| {
        let out = run(home.path(), args);
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let flag = format!(" --workspace {given}");
    let expected = |dir: &str, flag: &str| {
        format!(
            "no workspace at {dir} (no tanba.ron there); create it with `tanba init \
             CORPUS...{flag}` or `tanba import FILE... --corpus CORPUS{flag}`, or by \
             annotating with `tanba CORPUS{flag}`"
        )
    };
    // the folder given with --workspace, to read or to edit the labels
    for args in [
        &["stats", corpus, "--workspace", given][..],
        &["lint", corpus, "--workspace", given],
        &["labels", "add", "TIME", "--workspace", given],
        &["sync", corpus, "--workspace", given, "--annotator", "bota"],
    ] {
        let err = said(args);
        assert!(err.contains(&expected(given, &flag)), "{args:?}: {err}");
    }
    // the default folder of the corpus
    let err = said(&["sync", corpus, "--annotator", "bota"]);
    let workspaces = home.path().join("data").join("tanba").join("workspaces");
    let dir = err
        .split("no workspace at ")
        .nth(1)
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        Path::new(dir).starts_with(&workspaces),
        "{dir} under {workspaces:?}: {err}"
    );
    assert!(err.contains(&expected(dir, "")), "{err}");
    // no corpus and no workspace: both ways to name one, whatever the command
    for args in [&["labels"][..], &["sync", "--annotator", "bota"]] {
        let err = said(args);
        assert!(
            err.contains(
                "no corpus given: name its files or folders, or its workspace with --workspace DIR"
            ),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn validate_and_verify_say_one_span_in_the_singular() {
    use tanba::annotation::{DocAnnotations, Op, Origin, Span};
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = "Атырау облысы";
    write(&corpus, "a.txt", text);
    let ws = dir.path().join("ws");
    ok(&run(
        dir.path(),
        &["init", s(&corpus), "--workspace", s(&ws)],
    ));
    let workspace = tanba::store::Workspace::open(&ws).unwrap();
    let mut doc = DocAnnotations::new("a", "tester", text);
    let span = Span::cut(text, 0, 6, "LOCATION", Origin::Manual, "tester").unwrap();
    doc.apply(&Op::Add(span), "tester");
    workspace.save_doc("tester", &doc).unwrap();
    let said = |command: &str| {
        let out = run(dir.path(), &[command, s(&corpus), "--workspace", s(&ws)]);
        assert!(out.status.success(), "{command}: {out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let validate = said("validate");
    assert!(
        validate.contains("1 article, 1 annotation file (1 span), 0 problems"),
        "{validate}"
    );
    let verify = said("verify");
    assert!(
        verify.contains("checked 1 span in 1 annotation file:"),
        "{verify}"
    );
}
