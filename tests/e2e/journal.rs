//! A journal read by the annotator: a record cut short by a crash is dropped and said in
//! the status bar, not only when a command ends.

use crate::common::{Home, Tui, corpus, s};
use tanba::annotation::{DocAnnotations, Op, Origin, Span};
use tanba::store::{Journals, Workspace, journal_path};

const ARTICLE: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

#[test]
fn a_torn_journal_record_is_said_in_the_status_bar() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    let path = workspace.doc_path("tester", "kk");
    let mut doc = DocAnnotations::new("kk", "tester", ARTICLE);
    let mut journals = Journals::default();
    for (start, end, label) in [(0, 6, "LOCATION"), (20, 42, "PERSON")] {
        let span = Span::cut(ARTICLE, start, end, label, Origin::Manual, "tester").unwrap();
        doc.apply(&Op::Add(span), "tester");
        journals.save(&path, &mut doc).unwrap();
    }
    // as after a crash mid-write: the journal's last record is cut short
    drop(journals);
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"0123456789abcdef patch((put:[(start:0,end");
    std::fs::write(&journal, bytes).unwrap();
    let mut tui = Tui::spawn(
        &home,
        &[s(&corpus), "--workspace", s(&ws), "--annotator", "tester"],
    );
    let screen = tui.wait_for("kk.ron.journal");
    assert!(
        screen.contains("Досмұхамбетов]"),
        "the whole records replay:\n{screen}"
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
}
