//! Relations by keys: `>` on a span, a motion to the other, `>`, the relation's key;
//! `<` removes; the numbers after both tags and the footer's list at 80x24.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::annotation::{RelationLabel, RelationSet};
use crate::tui::{Colors, draw};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады. Ол 2019 жылдан бері әкім.";

fn relations() -> RelationSet {
    RelationSet {
        labels: vec![
            RelationLabel {
                key: Some('h'),
                from: vec!["PERSON".into()],
                to: vec!["AGENCY".into()],
                ..RelationLabel::named("HEADS")
            },
            RelationLabel {
                key: Some('s'),
                directed: false,
                ..RelationLabel::named("SAME")
            },
        ],
    }
}

/// The article with PERSON over «Қанат Сүлейменов» and AGENCY over «Атырау әкімдігін».
fn tagged() -> (App, MemoryStore) {
    let (mut app, store) = setup(&format!("|{TEXT}"));
    app.desk.relation_labels = relations();
    keys(&mut app, "v w e 1 w v w e 2 g");
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
fn a_relation_is_made_with_keys_only() {
    let (mut app, store) = tagged();
    keys(&mut app, "> ] > h");
    assert_eq!(said(&app), "HEADS «Қанат Сүлейменов» -> «Атырау әкімдігін»");
    let saved = &store.docs.borrow()["a"];
    assert_eq!(saved.relations.len(), 1);
    assert_eq!(
        (saved.relations[0].from.start, saved.relations[0].to.start),
        (0, 17)
    );
}

#[test]
fn the_relation_is_named_by_its_number_too_and_esc_cancels() {
    let (mut app, store) = tagged();
    keys(&mut app, "> ] esc");
    assert_eq!(said(&app), "relation cancelled");
    assert!(app.layers.is_empty());
    keys(&mut app, "[ > ] > 2");
    assert_eq!(said(&app), "SAME «Қанат Сүлейменов» -> «Атырау әкімдігін»");
    assert_eq!(store.docs.borrow()["a"].relations[0].label, "SAME");
}

#[test]
fn the_wrong_way_round_is_refused_and_a_word_without_span_cancels() {
    let (mut app, _) = tagged();
    keys(&mut app, "] > [ > h");
    assert_eq!(said(&app), "HEADS does not go from AGENCY to PERSON");
    keys(&mut app, "> w w w w >");
    assert_eq!(said(&app), "no span under the cursor: relation cancelled");
    assert!(app.desk.slot(0).unwrap().doc.relations.is_empty());
}

#[test]
fn unrelate_asks_which_when_several_and_undo_brings_it_back() {
    let (mut app, _) = tagged();
    keys(&mut app, "> ] > h [ > ] > s");
    keys(&mut app, "<");
    assert!(app.layers.top().is_some(), "asks which");
    keys(&mut app, "1");
    assert_eq!(said(&app), "removed relation HEADS");
    assert_eq!(app.desk.slot(0).unwrap().doc.relations.len(), 1);
    keys(&mut app, "u");
    assert_eq!(app.desk.slot(0).unwrap().doc.relations.len(), 2);
}

#[test]
fn deleting_an_end_takes_its_relations_and_one_undo_restores_all() {
    let (mut app, _) = tagged();
    keys(&mut app, "> ] > h x");
    assert_eq!(
        said(&app),
        "deleted AGENCY «Атырау әкімдігін» and its relation"
    );
    keys(&mut app, "u");
    let doc = &app.desk.slot(0).unwrap().doc;
    assert_eq!((doc.spans.len(), doc.relations.len()), (2, 1));
}

#[test]
fn article_with_relations_80x24() {
    let (mut app, _) = tagged();
    keys(&mut app, "> ] > h [ > ] > s");
    app.message = None;
    assert_screen!(screen(&mut app).backend());
}

#[test]
fn naming_a_relation_80x24() {
    let (mut app, _) = tagged();
    keys(&mut app, "> ] >");
    assert_screen!(screen(&mut app).backend());
}

#[test]
fn a_document_label_is_set_with_t_then_its_key_and_shown_in_the_status_bar() {
    use crate::annotation::{DocLabel, DocLabels};
    let (mut app, store) = tagged();
    keys(&mut app, "T");
    assert_eq!(
        said(&app),
        "no document labels yet: add doc_labels to tanba.ron"
    );
    let label = |name: &str, key| DocLabel {
        name: name.into(),
        key,
        description: String::new(),
    };
    app.desk.doc_labels = DocLabels {
        several: true,
        labels: vec![label("CORRUPTION", Some('c')), label("REGIONS", None)],
    };
    keys(&mut app, "T c T 2");
    assert_eq!(said(&app), "document: CORRUPTION, REGIONS");
    assert_eq!(
        store.docs.borrow()["a"].doc_labels,
        ["CORRUPTION", "REGIONS"]
    );
    app.message = None;
    let screen = format!("{:?}", screen(&mut app).backend());
    assert!(screen.contains("[CORRUPTION, REGIONS]"), "{screen}");
    keys(&mut app, "u");
    assert_eq!(app.desk.slot(0).unwrap().doc.doc_labels, ["CORRUPTION"]);
}
