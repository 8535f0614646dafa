//! `tanba lint --fix unlabeled` writes pending suggestions; the annotator shows them and
//! `A` accepts them, in the real binary.

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::corpus::load;
use tanba::store::Workspace;

use crate::common::{Home, Tui, corpus, run, s};

const A: &str = "Атырау облысында жиын өтті.";
const B: &str = "Атырауда және Атырау қаласында.";

#[test]
fn fix_unlabeled_then_a_accepts_the_suggestions() {
    let home = Home::new();
    let (corpus_dir, ws) = corpus(&home, &[("a.txt", A), ("b.txt", B)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus_dir)).unwrap();
    for (id, text, spans) in [("a", A, vec![(0, 6)]), ("b", B, vec![])] {
        let mut doc = DocAnnotations::new(id, "tester", text);
        doc.status = DocStatus::Done;
        for (start, end) in spans {
            let span = Span::cut(text, start, end, "LOCATION", Origin::Manual, "tester").unwrap();
            doc.apply(&Op::Add(span), "tester");
        }
        workspace.save_doc("tester", &doc).unwrap();
    }
    let fix = [
        "lint",
        s(&corpus_dir),
        "--workspace",
        s(&ws),
        "--fix",
        "unlabeled",
    ];
    let out = run(home.path(), &fix);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let args = [
        s(&corpus_dir),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("j\r");
    tui.send("A");
    tui.wait_for("accepted 2 pending spans");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let corpus = load(&[corpus_dir]);
    let b = workspace
        .load_doc("tester", &corpus.articles[1])
        .unwrap()
        .doc;
    let spans: Vec<(usize, usize, &str, SpanState)> = b
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str(), s.state))
        .collect();
    let accepted = SpanState::Accepted;
    assert_eq!(
        spans,
        [(0, 8, "LOCATION", accepted), (14, 20, "LOCATION", accepted)]
    );
    assert!(
        b.log
            .iter()
            .any(|l| l.who == "tanba" && l.what.starts_with("add LOCATION 0..8"))
    );
}

#[test]
fn l_shows_the_findings_checked_on_their_own_thread() {
    let home = Home::new();
    let (corpus_dir, ws) = corpus(&home, &[("a.txt", A), ("b.txt", B)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus_dir)).unwrap();
    for (id, text, spans) in [("a", A, vec![(0, 6)]), ("b", B, vec![])] {
        let mut doc = DocAnnotations::new(id, "tester", text);
        doc.status = DocStatus::Done;
        for (start, end) in spans {
            let span = Span::cut(text, start, end, "LOCATION", Origin::Manual, "tester").unwrap();
            doc.apply(&Op::Add(span), "tester");
        }
        workspace.save_doc("tester", &doc).unwrap();
    }
    let args = [
        s(&corpus_dir),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("L");
    // the check's result comes back from its thread as an event
    tui.wait_for("unlabeled (2)");
    tui.send("F");
    tui.wait_for("fixed 2 unlabeled");
    tui.send("u");
    tui.wait_for("undid");
    tui.send("q");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
