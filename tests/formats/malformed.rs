//! Every kind of bad input in `tests/malformed/` gives one clear problem with its file and
//! line, never a panic, and the good files beside it still load.

use std::path::{Path, PathBuf};
use std::process::Command;
use tanba::corpus::{Corpus, load};
use tanba::store::{FileError, StoreError, Workspace};

fn malformed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// `(file name, line, message)` of each problem, in the order reported.
fn problems(corpus: &Corpus, root: &Path) -> Vec<(String, Option<usize>, String)> {
    corpus
        .problems
        .iter()
        .map(|p| {
            let file = p.file.strip_prefix(root).unwrap_or(&p.file);
            (file.display().to_string(), p.line, p.message.clone())
        })
        .collect()
}

fn expected() -> Vec<(String, Option<usize>, String)> {
    [
        ("bad-brat.ann", 2, "T2: end 60 is past the end of the text (16 characters)"),
        (
            "bad-json.jsonl",
            2,
            "bad JSON at column 59: EOF while parsing a string (after «…арты жол, тырнақша жабылмаған}»)",
        ),
        ("binary.txt", 1, "binary file (it contains NUL bytes), not text"),
        ("empty.txt", 1, "empty file"),
        ("invalid-utf8.txt", 2, "not valid UTF-8 (byte 25 of the line); save the file as UTF-8"),
        (
            "offsets.jsonl",
            1,
            "\"label\": span «[6,40,\"AGENCY\"]»: end 40 is past the end of the text (17 characters)",
        ),
        (
            "out-of-order.conll",
            6,
            "«I-AGENCY» after «O»: in this IOB2 file an entity starts with B-AGENCY (read as B-AGENCY)",
        ),
    ]
    .into_iter()
    .map(|(f, l, m)| (f.to_string(), Some(l), m.to_string()))
    .collect()
}

fn ids(corpus: &Corpus) -> Vec<&str> {
    corpus.articles.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn each_bad_file_is_one_clear_problem_and_the_good_ones_load() {
    let root = malformed();
    let corpus = load(std::slice::from_ref(&root));
    assert_eq!(problems(&corpus, &root), expected());
    assert_eq!(
        ids(&corpus),
        vec![
            "bad-brat",
            "json-ok-1",
            "json-ok-2",
            "good",
            "offsets",
            "out-of-order"
        ]
    );
    // the good span of a file with a bad one survives
    let offsets = corpus.get("offsets").unwrap();
    assert_eq!(offsets.imported.len(), 1);
    assert_eq!(offsets.imported[0].label, "PERSON");
}

#[test]
fn a_truncated_annotation_file_is_a_parse_error_with_its_line_and_stays_untouched() {
    let root = malformed();
    let corpus = load(std::slice::from_ref(&root));
    let workspace = Workspace::open(&root).unwrap();
    let ron = root.join("annotations/sample/good.ron");
    let before = std::fs::read(&ron).unwrap();
    let (docs, errors) = workspace.load_all(&corpus);
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    match &errors[0] {
        StoreError::File(FileError::Parse { path, line, .. }) => {
            assert_eq!((path, *line), (&ron, 8))
        }
        other => panic!("expected a parse error, got {other}"),
    }
    assert_eq!(std::fs::read(&ron).unwrap(), before);
}

#[test]
fn a_ten_megabyte_line_gives_a_short_message_and_a_long_text_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "ж".repeat(5 << 20); // 10 MB of UTF-8
    let good = "{\"id\": \"small\", \"text\": \"Кіші мәтін\"}";
    std::fs::write(
        dir.path().join("huge.jsonl"),
        format!("{good}\n{{\"id\": \"huge\", \"text\": \"{huge}\n{{\"text\": \"соңы\"}}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("long.txt"), &huge).unwrap();
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(
        problems(&corpus, dir.path()),
        vec![(
            "huge.jsonl".to_string(),
            Some(2),
            format!(
                "bad JSON at column {}: EOF while parsing a string (after «…{}»)",
                huge.chars().count() + 24,
                "ж".repeat(30)
            ),
        )]
    );
    assert_eq!(ids(&corpus), vec!["small", "huge:3", "long"]);
    let long = corpus.get("long").unwrap();
    assert_eq!(long.text.len(), huge.len());
    assert_eq!(
        long.title.chars().count(),
        201,
        "titles are cut to 200 characters and …"
    );
    assert!(corpus.problems.iter().all(|p| p.to_string().len() < 400));
}

fn validate(path: &Path) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tanba"))
        .arg("validate")
        .arg(path)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("HOME", home.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn validate_exits_1_on_malformed_input_with_file_line_message_lines() {
    let root = malformed();
    let (code, stdout) = validate(&root);
    assert_eq!(code, 1);
    let mut want: Vec<String> = expected()
        .into_iter()
        .map(|(f, l, m)| format!("{}:{}: {m}", root.join(f).display(), l.unwrap()))
        .collect();
    let ron = root.join("annotations/sample/good.ron");
    let lines: Vec<&str> = stdout.lines().collect();
    let ron_line = lines
        .iter()
        .find(|l| l.starts_with(&format!("{}:8:", ron.display())))
        .expect("the truncated annotation file is reported with its line");
    want.push(ron_line.to_string());
    assert_eq!(lines, want);
}

#[test]
fn validate_exits_0_on_the_sample_data() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let (code, stdout) = validate(&sample);
    assert_eq!((code, stdout.as_str()), (0, ""));
}
