//! The dashboard in the real binary: a teammate's file arriving on disk is noticed, and
//! `R` reads it without restarting.

use crate::common::{Home, Tui, corpus, s};
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::Workspace;

const ARTICLE: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

#[test]
fn a_teammates_work_arriving_on_disk_is_noticed_and_reloaded() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = Tui::spawn(
        &home,
        &[s(&corpus), "--workspace", s(&ws), "--annotator", "aigerim"],
    );
    tui.wait_for("Атырау облысы");
    tui.send("S");
    tui.wait_for("Dashboard · 0 annotators");

    // what a sync (or dana on the same server) brings
    let workspace = Workspace::open(&ws).unwrap();
    let mut doc = DocAnnotations::new("kk", "dana", ARTICLE);
    let span = Span::cut(ARTICLE, 0, 6, "LOCATION", Origin::Manual, "dana").unwrap();
    doc.apply(&Op::Add(span), "dana");
    doc.status = DocStatus::Done;
    workspace.save_doc("dana", &doc).unwrap();

    tui.wait_for("changed on disk: R reloads");
    tui.send("R");
    let screen = tui.wait_for("Dashboard · 1 annotator ");
    assert!(screen.contains("dana"), "{screen}");
    assert!(!screen.contains("changed on disk"), "{screen}");
    tui.send("q");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
