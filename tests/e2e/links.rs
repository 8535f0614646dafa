//! Links in the real binary, keys only: tag two spans, `@` on the first opens the
//! knowledge-base picker, typing narrows it (a Kazakh name typed without its letters),
//! enter links; then a relation by `>` `]` `>` `h`; quit and find both in the saved file.

use crate::common::{Home, Tui, corpus, ron_files, s};
use tanba::store::{Workspace, parse_doc};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.\n";

const SETTINGS: &str = r#"(
    name: "links",
    relations: [
        (name: "HEADS", key: 'h', from: ["PERSON"], to: ["AGENCY"]),
    ],
)
"#;

const KB: &str = "Q1\tҚанат Сүлейменов\tСүлейменов Қ.\tАтырау облысының әкімі\n\
                  Q2\tАтырау облысының әкімдігі\tәкімдік\tжергілікті атқарушы орган\n";

#[test]
fn a_span_is_linked_to_a_kb_entry_and_related_with_keys_only() {
    let home = Home::new();
    let (dir, ws) = corpus(&home, &[("kk.txt", TEXT)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&dir)).unwrap();
    std::fs::write(workspace.settings_path(), SETTINGS).unwrap();
    std::fs::write(ws.join("kb.tsv"), KB).unwrap();
    let args = [s(&dir), "--workspace", s(&ws), "--annotator", "tester"];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("\r");
    tui.send("vwe1");
    tui.wait_for("]PER");
    tui.send("wvwe2");
    tui.wait_for("]AGE");
    tui.send("g@");
    tui.wait_for("Link «");
    tui.send("sulei");
    tui.wait_for("Атырау облысының әкімі");
    tui.send("\r");
    tui.wait_for("PER@");
    tui.send(">");
    tui.wait_for("move to the other span");
    tui.send("]>");
    tui.wait_for("name the relation");
    tui.send("h");
    tui.wait_for("AGE←1");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let files = ron_files(&ws.join("annotations/tester"));
    assert_eq!(files.len(), 1, "{files:?}");
    let doc = parse_doc(&files[0], &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(doc.spans[0].kb.as_deref(), Some("Q1"));
    assert!(!doc.spans[0].kb_suggested);
    assert_eq!(doc.spans[1].kb, None);
    assert_eq!(doc.relations.len(), 1);
    assert_eq!(doc.relations[0].label, "HEADS");
}
