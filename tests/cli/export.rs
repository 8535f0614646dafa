//! `tanba export` and `tanba verify` as a user runs them: the real binary, a temporary
//! home (XDG_DATA_HOME, XDG_CONFIG_HOME) and an explicit `--workspace`.

use std::path::PathBuf;
use std::process::Output;

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::store::Workspace;

use crate::common::{ok, run as tanba, stderr, stdout};

const KK: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

struct Setup {
    home: tempfile::TempDir,
    corpus: PathBuf,
    ws: PathBuf,
}

impl Setup {
    /// Two articles; aigerim finished `kk` (one span rejected), dana is midway through it
    /// (one pending span); nobody opened `en`, which has no pre-annotations.
    fn new() -> Setup {
        let home = tempfile::tempdir().unwrap();
        let corpus = home.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(corpus.join("kk.txt"), KK).unwrap();
        std::fs::write(corpus.join("en.txt"), "Atyrau news\nNothing here.").unwrap();
        let ws = home.path().join("ws");
        let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
        let mut aigerim = DocAnnotations::new("kk", "aigerim", KK);
        let person = Span::cut(KK, 20, 42, "PERSON", Origin::Manual, "aigerim").unwrap();
        let place = Span::cut(KK, 0, 13, "LOCATION", Origin::Manual, "aigerim").unwrap();
        let town = Span::cut(KK, 0, 6, "LOCATION", Origin::Manual, "aigerim").unwrap();
        let mut wrong = Span::cut(KK, 52, 57, "DATE", Origin::Imported, "import").unwrap();
        wrong.state = SpanState::Rejected;
        for op in [
            Op::Add(person),
            Op::Add(place),
            Op::Add(town),
            Op::Add(wrong),
        ] {
            aigerim.apply(&op, "aigerim");
        }
        aigerim.status = DocStatus::Done;
        workspace.save_doc("aigerim", &aigerim).unwrap();
        let mut dana = DocAnnotations::new("kk", "dana", KK);
        let stat = Span::cut(KK, 52, 57, "STATISTIC", Origin::Imported, "import").unwrap();
        dana.apply(&Op::Add(stat), "dana");
        dana.status = DocStatus::InProgress;
        workspace.save_doc("dana", &dana).unwrap();
        Setup { home, corpus, ws }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend([
            self.corpus.to_str().unwrap(),
            "--workspace",
            self.ws.to_str().unwrap(),
        ]);
        tanba(self.home.path(), &all)
    }
}

#[test]
fn jsonl_to_stdout_with_a_summary_on_stderr() {
    let s = Setup::new();
    let out = s.run(&["export", "--format", "jsonl"]);
    ok(&out);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // dana's only span is pending, so her record has no labels; en is not annotated
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["meta"]["annotator"], "aigerim");
    assert_eq!(
        lines[0]["label"],
        serde_json::json!([[0, 6, "LOCATION"], [0, 13, "LOCATION"], [20, 42, "PERSON"]])
    );
    assert_eq!(lines[1]["meta"]["annotator"], "dana");
    assert_eq!(lines[1]["label"], serde_json::json!([]));
    let err = stderr(&out);
    assert!(
        err.contains("exported 1 article (2 records) as jsonl to stdout"),
        "{err}"
    );
    assert!(err.contains("spans: 3 (LOCATION 2, PERSON 1)"), "{err}");
    assert!(err.contains("1 rejected"), "{err}");
    assert!(err.contains("1 pending (add --include-pending)"), "{err}");
    assert!(err.contains("1 not annotated"), "{err}");
    assert!(err.contains("--annotator NAME picks one"), "{err}");

    let out = s.run(&[
        "export",
        "-f",
        "jsonl",
        "-o",
        "-",
        "--include-pending",
        "--status",
        "in_progress,todo",
    ]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["en", "kk"], "corpus order: files sorted by name");
    assert_eq!(lines[0]["meta"]["annotator"], serde_json::Value::Null);
    assert_eq!(
        lines[1]["label"],
        serde_json::json!([[52, 57, "STATISTIC"]])
    );
}

#[test]
fn conll_to_a_file_flattens_and_says_so() {
    let s = Setup::new();
    let file = s.home.path().join("out/data.conll");
    let f = file.to_str().unwrap();
    let out = s.run(&["export", "-f", "conll", "-o", f, "--annotator", "aigerim"]);
    ok(&out);
    assert!(stdout(&out).is_empty());
    let conll = std::fs::read_to_string(&file).unwrap();
    assert!(conll.starts_with(
        "-DOCSTART- O\n\nАтырау B-LOCATION\nоблысы I-LOCATION\nәкімі O\nМахамбет B-PERSON\n"
    ));
    assert!(stderr(&out).contains("1 nested (kept the outermost"));
    let out = s.run(&[
        "export",
        "-f",
        "conll",
        "-o",
        f,
        "--annotator",
        "aigerim",
        "--nested",
        "innermost",
        "--no-docstart",
    ]);
    assert!(out.status.success());
    let conll = std::fs::read_to_string(&file).unwrap();
    assert!(
        conll.starts_with("Атырау B-LOCATION\nоблысы O\n"),
        "{conll}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp file left behind");
}

#[test]
fn brat_needs_a_folder_and_writes_one_per_annotator() {
    let s = Setup::new();
    let out = s.run(&["export", "-f", "brat"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("give a folder with -o DIR"));
    let dir = s.home.path().join("brat");
    let out = s.run(&[
        "export",
        "-f",
        "brat",
        "-o",
        dir.to_str().unwrap(),
        "--include-pending",
    ]);
    ok(&out);
    let ann = std::fs::read_to_string(dir.join("aigerim/kk.ann")).unwrap();
    assert!(ann.starts_with("T1\tLOCATION 0 6\tАтырау\n"), "{ann}");
    assert_eq!(
        std::fs::read_to_string(dir.join("dana/kk.txt")).unwrap(),
        KK
    );
    assert!(
        dir.join("en.txt").is_file(),
        "the unannotated article sits at the top"
    );
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap();
    assert!(conf.starts_with("[entities]\nPERSON\nAGENCY\n"));
}

#[test]
fn brat_into_a_folder_clears_its_own_earlier_files_and_refuses_anothers() {
    let s = Setup::new();
    let dir = s.home.path().join("brat");
    let d = dir.to_str().unwrap();
    ok(&s.run(&["export", "-f", "brat", "-o", d, "--include-pending"]));
    assert!(dir.join("dana/kk.ann").is_file());
    let out = s.run(&["export", "-f", "brat", "-o", d, "--annotator", "aigerim"]);
    ok(&out);
    assert!(
        stderr(&out).contains("removed 6 files of the earlier export"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("dana").exists() && !dir.join("aigerim").exists());
    assert!(dir.join("kk.ann").is_file());
    let theirs = s.home.path().join("theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("notes.md"), "mine").unwrap();
    let t = theirs.to_str().unwrap();
    let out = s.run(&["export", "-f", "brat", "-o", t]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!theirs.join("kk.ann").exists());
    ok(&s.run(&["export", "-f", "brat", "-o", t, "--force"]));
    assert!(theirs.join("aigerim/kk.ann").is_file());
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes.md")).unwrap(),
        "mine"
    );
}

#[test]
fn bad_filters_and_targets_inside_the_corpus_are_refused() {
    let s = Setup::new();
    let out = s.run(&["export", "-f", "csv", "--annotator", "nobody"]);
    assert!(stderr(&out).contains("no annotations by \"nobody\""));
    let out = s.run(&["export", "-f", "csv", "--status", "finished"]);
    assert!(stderr(&out).contains("unknown status \"finished\""));
    let out = s.run(&["export", "-f", "csv", "--labels", "PERSONS"]);
    let said = "unknown label `PERSONS`; did you mean `PERSON`?";
    assert!(stderr(&out).contains(said), "{}", stderr(&out));
    let file = s.home.path().join("persons.jsonl");
    let f = file.to_str().unwrap();
    let out = s.run(&["export", "-f", "jsonl", "--labels", "PERSONS", "-o", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(said), "{}", stderr(&out));
    assert!(!file.exists());
    let inside = s.corpus.join("export.jsonl");
    let out = s.run(&["export", "-f", "jsonl", "-o", inside.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the corpus is never written to"));
    assert!(!inside.exists());
}

#[test]
fn an_unreadable_annotation_file_stops_the_export() {
    let s = Setup::new();
    std::fs::write(
        s.ws.join("annotations/dana/kk.ron"),
        "(article: \"kk\",\n oops",
    )
    .unwrap();
    let out = s.run(&["export", "-f", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("annotations/dana/kk.ron:2:"), "{err}");
    assert!(err.contains("nothing was exported"), "{err}");
    // to a file, written as the corpus is read: the file the user had stays as it was
    let dir = s.home.path().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("data.conll");
    std::fs::write(&file, "mine\n").unwrap();
    let out = s.run(&["export", "-f", "conll", "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("annotations/dana/kk.ron:2:"), "{err}");
    assert!(err.contains("nothing was exported"), "{err}");
    assert!(!err.contains("exported 1 article"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn a_file_gets_the_bytes_and_summary_stdout_gets() {
    let s = Setup::new();
    std::fs::write(
        s.corpus.join("more.jsonl"),
        "{\"id\": \"m\", \"text\": \"Атырау\", \"label\": [[0, 6, \"LOCATION\"]]}\n{\"id\": \"kk\", \"text\": \"екі\"}\n{oops\n",
    )
    .unwrap();
    for format in ["jsonl", "conll", "spacy"] {
        // spaCy's JSON lines: a .spacy file would be a DocBin
        let name = match format {
            "spacy" => "out.spacy.jsonl".to_string(),
            _ => format!("out.{format}"),
        };
        let file = s.home.path().join(name);
        let f = file.to_str().unwrap();
        let args = [
            "export",
            "-f",
            format,
            "--include-pending",
            "--status",
            "done,todo",
        ];
        let to_stdout = s.run(&args);
        let to_file = s.run(&[&args[..], &["-o", f]].concat());
        ok(&to_file);
        assert!(!to_stdout.stdout.is_empty());
        assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout, "{format}");
        let said = stderr(&to_stdout).replace("to stdout", &format!("to {f}"));
        assert_eq!(stderr(&to_file), said, "{format}");
        assert!(said.contains("duplicate article id \"kk\""), "{said}");
        assert!(said.contains("more.jsonl:3: bad JSON"), "{said}");
    }
}

#[test]
fn verify_reports_drift_with_file_line_and_both_texts() {
    let s = Setup::new();
    let out = s.run(&["verify"]);
    ok(&out);
    assert!(stderr(&out).contains("checked 5 spans in 2 annotation files: 0 drifted"));
    let file = s.ws.join("annotations/aigerim/kk.ron");
    let ron = std::fs::read_to_string(&file).unwrap();
    let tampered = ron.replacen("text: \"Махамбет Досмұхамбетов\"", "text: \"Махамбет\"", 1);
    assert_ne!(ron, tampered);
    std::fs::write(&file, &tampered).unwrap();
    let out = s.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let line = tampered
        .lines()
        .position(|l| l.contains("text: \"Махамбет\""))
        .unwrap()
        + 1;
    let report = stdout(&out);
    assert_eq!(
        report,
        format!(
            "{}:{line}: PERSON 20..42 stored \"Махамбет\" actual \"Махамбет Досмұхамбетов\"\n",
            file.display()
        )
    );
}

#[test]
fn spacy_json_lines_are_not_written_to_a_dot_spacy_file() {
    let s = Setup::new();
    let wrong = s.home.path().join("train.spacy");
    let out = s.run(&["export", "-f", "spacy", "-o", wrong.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("train.spacy: -f spacy writes JSON lines"),
        "{err}"
    );
    assert!(err.contains("-f spacy-binary"), "{err}");
    assert!(!wrong.exists());
    let right = s.home.path().join("train.spacy.jsonl");
    ok(&s.run(&["export", "-f", "spacy", "-o", right.to_str().unwrap()]));
    let first = std::fs::read_to_string(&right).unwrap();
    let line: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert!(line["tokens"].is_array());
    let help = stdout(&tanba(s.home.path(), &["export", "--help"]));
    assert!(help.contains(".spacy.jsonl"), "{help}");
}

#[test]
fn spans_moved_because_the_article_changed_are_said_in_the_summary() {
    let s = Setup::new();
    // a word added before everything: aigerim's four spans (one rejected) and dana's one
    // move
    std::fs::write(s.corpus.join("kk.txt"), format!("Бүгін {KK}")).unwrap();
    for target in [None, Some(s.home.path().join("out.jsonl"))] {
        let mut args = vec!["export", "-f", "jsonl", "--include-pending"];
        if let Some(path) = &target {
            args.extend(["-o", path.to_str().unwrap()]);
        }
        let out = s.run(&args);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert!(
            err.contains(
                "note: 5 spans in the annotation files moved where their article's text changed"
            ),
            "{target:?}: {err}"
        );
    }
    // unchanged text: nothing to say
    std::fs::write(s.corpus.join("kk.txt"), KK).unwrap();
    let out = s.run(&["export", "-f", "jsonl"]);
    assert!(!stderr(&out).contains("moved"), "{}", stderr(&out));
}
