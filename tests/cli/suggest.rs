//! `tanba suggest` with a small shell script standing in for a model.

use std::path::Path;

use tanba::annotation::{DocAnnotations, DocStatus, Origin, SpanState};
use tanba::store::{Workspace, parse_doc};

use crate::common::{Home, corpus, ok, run as tanba, s, stderr, stdout};

const A: &str = "Атырау облысы әкімі сөйледі.";
const B: &str = "Ақтөбе қаласында жиын өтті.";
const C: &str = "Астана — елорда.";

/// Answers `a` with a good span, one past the end and one ending before it starts, `b`
/// after a line that is not JSON and with a label the workspace lacks, then names an
/// article that was never sent.
const MODEL: &str = r#"while IFS= read -r line; do
  id=${line#*\"id\":\"}; id=${id%%\"*}
  case $id in
    a) echo '{"id":"a","label":[[0,6,"LOCATION"],[0,9999,"LOCATION"],[9,7,"LOCATION"]]}' ;;
    b) echo 'this is not json'; echo '{"id":"b","label":[[0,6,"LOCATION"],[7,16,"GPE"]]}' ;;
    *) echo "asked about $id" >&2 ;;
  esac
done
echo '{"id":"nope","label":[]}'
"#;

fn doc(ws: &Path, id: &str) -> DocAnnotations {
    let path = ws.join("annotations/tester").join(format!("{id}.ron"));
    parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A corpus of three articles, `c` already marked done by the annotator.
fn setup(home: &Home) -> (std::path::PathBuf, std::path::PathBuf) {
    let (corpus, ws) = corpus(home, &[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    let mut done = DocAnnotations::new("c", "tester", C);
    done.status = DocStatus::Done;
    workspace.save_doc("tester", &done).unwrap();
    (corpus, ws)
}

#[test]
fn model_spans_become_suggestions_and_bad_lines_are_reported_by_number() {
    let home = Home::new();
    let (corpus, ws) = setup(&home);
    let script = home.path().join("model.sh");
    std::fs::write(&script, MODEL).unwrap();
    let cmd = format!("sh {}", s(&script));
    let args = [
        "suggest",
        s(&corpus),
        "--workspace",
        s(&ws),
        "--cmd",
        &cmd,
        "--name",
        "test",
    ];
    let out = tanba(home.path(), &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(stdout(&out).contains("2 articles sent, 2 answered, 2 suggestions added"));
    assert!(
        err.contains("line 1: span [0, 9999, \"LOCATION\"] is outside the text"),
        "{err}"
    );
    assert!(
        err.contains("line 1: span [9, 7, \"LOCATION\"] ends before it starts"),
        "{err}"
    );
    assert!(err.contains("line 2: not JSON"), "{err}");
    assert!(
        err.contains("line 3: unknown label `GPE` (labels: PERSON, AGENCY, STATISTIC, LOCATION, DATE): 1 span skipped"),
        "{err}"
    );
    assert!(err.contains("line 4: unknown article id \"nope\""), "{err}");
    assert!(
        !err.contains("asked about c"),
        "a done article is never sent: {err}"
    );
    for (id, text) in [("a", "Атырау"), ("b", "Ақтөбе")] {
        let spans = doc(&ws, id).spans;
        assert_eq!(spans.len(), 1, "{id}");
        assert_eq!(spans[0].text, text);
        assert_eq!(spans[0].origin, Origin::Model("test".into()));
        assert_eq!(spans[0].state, SpanState::Pending);
    }
    assert!(doc(&ws, "c").spans.is_empty());
    // a second run adds nothing twice
    let again = tanba(home.path(), &args);
    assert!(
        stdout(&again).contains("0 suggestions added"),
        "{}",
        stdout(&again)
    );
    assert_eq!(doc(&ws, "a").spans.len(), 1);
}

#[test]
fn a_failing_model_stops_the_run_showing_its_stderr_and_keeping_what_it_sent() {
    let home = Home::new();
    let (corpus, ws) = setup(&home);
    let cmd = r#"echo '{"id":"a","label":[[0,6,"LOCATION"]]}'; echo 'model crashed' >&2; exit 4"#;
    let out = tanba(
        home.path(),
        &["suggest", s(&corpus), "--workspace", s(&ws), "--cmd", cmd],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("exited with exit status: 4"), "{err}");
    assert!(err.contains("model crashed"), "{err}");
    let spans = doc(&ws, "a").spans;
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].origin, Origin::Model("model".into()));
}

#[test]
fn statuses_pick_the_articles_and_done_is_refused() {
    let home = Home::new();
    let (corpus, ws) = setup(&home);
    let base = ["suggest", s(&corpus), "--workspace", s(&ws), "--cmd", ":"];
    let out = tanba(home.path(), &[&base[..], &["--status", "done"]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("never given suggestions"));
    let out = tanba(home.path(), &[&base[..], &["--status", "flagged"]].concat());
    ok(&out);
    assert!(stdout(&out).contains("no articles to suggest for"));
}
