//! Setting up and reading from the shell (issue 30): CoNLL-U read as CoNLL-U, never as
//! CoNLL with the word numbers as tokens; a doubtful file reported.

mod common;

use common::{run, s};
use std::path::{Path, PathBuf};

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

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
            String::from_utf8_lossy(&out.stderr).contains("1 articles"),
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
    let home = common::Home::new();
    let text = "Атырау облысы әкімі сөйледі.";
    let (corpus, ws) = common::corpus(&home, &[("a.txt", text)]);
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
