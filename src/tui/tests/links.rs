//! Links by keys: `@` on a span opens the knowledge-base picker, typing narrows it
//! (folded: a Kazakh name typed on a Russian keyboard), enter links; the last row adds a
//! new entry; `!` unlinks; the other mention gets the link suggested (`@?`).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::annotation::{RelationLabel, RelationSet};
use crate::search::kb::Kb;
use crate::tui::{Colors, draw};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады. Қанат Сүлейменовтің сөзі.";

const KB: &str = "\
Q1\tҚанат Сүлейменов\tСүлейменов Қ.\tАтырау облысының әкімі
Q2\tАтырау облысының әкімдігі\tәкімдік\tжергілікті атқарушы орган
Q3\tҚанат Әбенов\t\tжурналист";

/// PERSON over «Қанат Сүлейменов», AGENCY over «Атырау әкімдігін», PERSON over
/// «Қанат Сүлейменовтің»; the cursor on the first.
fn tagged() -> (App, MemoryStore) {
    let (mut app, store) = setup(&format!("|{TEXT}"));
    app.desk.kb.kb = Kb::parse(KB).0;
    app.desk.set_suggestions(true);
    app.desk.relation_labels = RelationSet {
        labels: vec![RelationLabel {
            key: Some('h'),
            ..RelationLabel::named("HEADS")
        }],
    };
    keys(&mut app, "v w e 1 w v w e 2 w w w v w e 1 g");
    assert!(show(&app).starts_with("|[Қанат Сүлейменов]PERSON [Атырау әкімдігін]AGENCY"));
    (app, store)
}

fn said(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn screen(app: &mut App) -> Terminal<TestBackend> {
    app.resize(80, 24);
    app.desk.set_save_state(crate::store::SaveState::Saved);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::None)).unwrap();
    terminal
}

#[test]
fn a_span_is_linked_with_the_picker_and_the_other_mention_gets_it_suggested() {
    let (mut app, store) = tagged();
    keys(&mut app, "@");
    type_text(&mut app, "канат сул");
    keys(&mut app, "enter");
    assert_eq!(
        said(&app),
        "linked «Қанат Сүлейменов» to Q1 Қанат Сүлейменов (1 more mention suggested)"
    );
    let saved = store.docs.borrow()["a"].clone();
    assert_eq!(saved.spans[0].kb.as_deref(), Some("Q1"));
    assert!(saved.spans[2].kb_suggested);
    keys(&mut app, "u");
    assert_eq!(app.desk.slot(0).unwrap().doc.spans[0].kb, None);
}

#[test]
fn a_new_entry_is_added_from_the_picker_and_unlinked_with_bang() {
    let (mut app, store) = tagged();
    keys(&mut app, "] @");
    type_text(&mut app, "Атырау әкімдігі жаңа");
    keys(&mut app, "enter");
    assert_eq!(
        said(&app),
        "linked «Атырау әкімдігін» to tester-1 Атырау әкімдігі жаңа"
    );
    assert_eq!(app.desk.kb.kb.entries.len(), 4);
    assert_eq!(
        store.docs.borrow()["a"].spans[1].kb.as_deref(),
        Some("tester-1")
    );
    keys(&mut app, "!");
    assert_eq!(said(&app), "unlinked «Атырау әкімдігін» from tester-1");
    keys(&mut app, "@ esc");
    assert!(app.layers.is_empty());
    assert_eq!(store.docs.borrow()["a"].spans[1].kb, None);
}

#[test]
fn the_kb_picker_80x24() {
    let (mut app, _) = tagged();
    keys(&mut app, "@");
    type_text(&mut app, "кан");
    assert_screen!(screen(&mut app).backend());
}

#[test]
fn article_with_links_and_relations_80x24() {
    let (mut app, _) = tagged();
    keys(&mut app, "@");
    type_text(&mut app, "сүлейм");
    keys(&mut app, "enter > ] > h [");
    app.message = None;
    let screen = screen(&mut app);
    let shown = format!("{:?}", screen.backend());
    assert!(shown.contains("@Q1 Қанат Сүлейменов"), "{shown}");
    assert_screen!(screen.backend());
}

#[test]
fn document_labels_show_in_the_article_list() {
    use crate::annotation::{DocLabel, DocLabels};
    let (mut app, _) = tagged();
    let label = |name: &str, key| DocLabel {
        name: name.into(),
        key,
        description: String::new(),
    };
    app.desk.doc_labels = DocLabels {
        several: true,
        labels: vec![label("CORRUPTION", Some('c')), label("REGIONS", Some('r'))],
    };
    keys(&mut app, "T c T r");
    let shown = format!("{:?}", screen(&mut app).backend());
    assert!(shown.contains("[COR,REG] 3"), "{shown}");
}

#[test]
fn the_pickers_draw_in_tiny_windows_without_panicking() {
    // the KB picker, then the label picker: they share one box (`popup_area`)
    for (open, query) in [("@", "кан"), ("t", "per")] {
        let (mut app, _) = tagged();
        keys(&mut app, open);
        type_text(&mut app, query);
        for (w, h) in [(0, 0), (1, 1), (2, 3), (3, 1), (20, 5), (80, 4)] {
            app.resize(w, h);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| draw(&app, f, Colors::None)).unwrap();
        }
    }
}
