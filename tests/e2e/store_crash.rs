//! Annotations written (the first save whole, the rest to the journal), the writer killed
//! with SIGKILL, reopened: nothing lost, nothing torn.
//! The test runs itself as the writer child (TANBA_CRASH_CHILD), so it needs no extra binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use tanba::annotation::{DocAnnotations, Op, Origin, Span};
use tanba::store::{Saver, journal_path, read_doc};

const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетовтің төрағалығымен 😀 комиссия";

fn writer(dir: &std::path::Path) -> ! {
    let saver = Saver::new(|_| {});
    let path = dir.join("annotations/me/article.ron");
    let mut doc = DocAnnotations::new("article", "me", TEXT);
    let len = TEXT.chars().count();
    for i in 0.. {
        let start = i % (len - 1);
        let label = format!("L{i}");
        let span = Span::cut(TEXT, start, start + 1, &label, Origin::Manual, "me").unwrap();
        doc.apply(&Op::Add(span), "me");
        saver.save(path.clone(), doc.clone());
        if saver.flush(Duration::from_secs(5)) {
            println!("saved {i}");
        }
    }
    unreachable!()
}

/// This test's name as the harness filters it: the module path without the crate's name.
fn this_test() -> String {
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    format!("{module}::killed_writer_leaves_every_acknowledged_edit_and_no_torn_file")
}

#[test]
fn killed_writer_leaves_every_acknowledged_edit_and_no_torn_file() {
    if let Ok(dir) = std::env::var("TANBA_CRASH_CHILD") {
        writer(std::path::Path::new(&dir));
    }
    let exe = std::env::current_exe().unwrap();
    for round in 0..20u64 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(&exe)
            .args(["--exact", &this_test()])
            .args(["--nocapture", "--test-threads=1"])
            .env("TANBA_CRASH_CHILD", dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // let it write a varying number of times, then kill it mid-flight
        let wanted = 5 + (round * 7) % 40;
        let mut acknowledged = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(n) = line.strip_prefix("saved ") {
                acknowledged = Some(n.parse::<usize>().unwrap());
                if acknowledged >= Some(wanted as usize) {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let acknowledged = acknowledged.expect("the writer saved at least once");
        let path = dir.path().join("annotations/me/article.ron");
        // the file and its journal: a torn last record is dropped, never an error
        let doc = read_doc(&path).unwrap_or_else(|e| panic!("round {round}: torn file: {e}"));
        for i in 0..=acknowledged {
            let label = format!("L{i}");
            assert!(
                doc.spans.iter().any(|s| s.label == label),
                "round {round}: edit {i} of {acknowledged} acknowledged edits is missing"
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "article.ron" && !n.starts_with(".tanba-"))
            .filter(|n| *n != journal_path(std::path::Path::new("article.ron")).to_string_lossy())
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
