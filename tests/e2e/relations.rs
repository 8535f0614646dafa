//! Relations in the real binary, keys only: tag two spans, `>` on the first, `]` to the
//! second, `>`, `h` names the relation; the numbers show after both tags; quit and find
//! the relation in the saved file.

use crate::common::{Home, Tui, corpus, ron_files, s};
use tanba::store::{Workspace, parse_doc};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.\n";

const SETTINGS: &str = r#"(
    name: "relations",
    relations: [
        (name: "HEADS", key: 'h', from: ["PERSON"], to: ["AGENCY"]),
    ],
)
"#;

#[test]
fn a_relation_is_added_with_keys_only_and_saved_by_span_identity() {
    let home = Home::new();
    let (dir, ws) = corpus(&home, &[("kk.txt", TEXT)]);
    let workspace = Workspace::open_or_create(&ws, std::slice::from_ref(&dir)).unwrap();
    std::fs::write(workspace.settings_path(), SETTINGS).unwrap();
    let args = [s(&dir), "--workspace", s(&ws), "--annotator", "tester"];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("\r");
    tui.send("vwe1");
    tui.wait_for("]PER");
    tui.send("wvwe2");
    tui.wait_for("]AGE");
    tui.send("g>");
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
    assert_eq!(doc.relations.len(), 1);
    let r = &doc.relations[0];
    assert_eq!(r.label, "HEADS");
    assert_eq!(
        (r.from.start, r.from.end, r.from.label.as_str()),
        (0, 16, "PERSON")
    );
    assert_eq!(
        (r.to.start, r.to.end, r.to.label.as_str()),
        (17, 33, "AGENCY")
    );
}
