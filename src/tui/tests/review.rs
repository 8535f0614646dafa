//! Reviewing pre-annotations and moving through the corpus by status.

use super::*;
use crate::annotation::DocStatus;

fn pending_app() -> (App, MemoryStore) {
    let text = "Атырау облысы әкімі Махамбет Досмұхамбетов 2,1% деді";
    let a = with_imported(
        article("a", text),
        &[
            (0, 13, "LOCATION"),
            (20, 42, "PERSON"),
            (43, 47, "STATISTIC"),
        ],
    );
    let (mut app, store) = app_with(vec![a, article("b", "екінші"), article("c", "үшінші")]);
    app.focus = Focus::Text;
    (app, store)
}

#[test]
fn pending_spans_are_accepted_rejected_and_jumped_between() {
    let (mut app, store) = pending_app();
    assert_eq!(
        show(&app),
        "|[Атырау облысы]LOCATION? әкімі [Махамбет Досмұхамбетов]PERSON? [2,1%]STATISTIC? деді"
    );
    keys(&mut app, "a");
    assert_eq!(
        app.current_slot().unwrap().doc.spans[0].state,
        SpanState::Accepted
    );
    keys(&mut app, "n");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 20);
    keys(&mut app, "r");
    keys(&mut app, "n");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 43);
    keys(&mut app, "N");
    assert_eq!(
        app.reader.as_ref().unwrap().cursor,
        43,
        "nothing pending before: stays"
    );
    // a digit on a pending span accepts it with that label
    keys(&mut app, "3");
    assert_eq!(
        show(&app),
        "[Атырау облысы]LOCATION әкімі Махамбет Досмұхамбетов |[2,1%]STATISTIC деді"
    );
    let saved = store.docs.borrow();
    let states: Vec<_> = saved["a"].spans.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [
            SpanState::Accepted,
            SpanState::Rejected,
            SpanState::Accepted
        ]
    );
}

#[test]
fn accept_all_is_one_undoable_change() {
    let (mut app, _) = pending_app();
    keys(&mut app, "A");
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 0);
    assert_eq!(
        show(&app),
        "|[Атырау облысы]LOCATION әкімі [Махамбет Досмұхамбетов]PERSON [2,1%]STATISTIC деді"
    );
    keys(&mut app, "u");
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 3);
    assert_eq!(app.current_slot().unwrap().doc.status, DocStatus::Todo);
}

#[test]
fn relabelling_onto_a_rejected_twin_revives_it() {
    let (mut app, _) = pending_app();
    // reject LOCATION, tag the same words AGENCY, then relabel them LOCATION
    keys(&mut app, "r v e w e 2 4");
    assert_eq!(
        show(&app),
        "[Атырау облыс|ы]LOCATION әкімі [Махамбет Досмұхамбетов]PERSON? [2,1%]STATISTIC? деді"
    );
    let labels: Vec<_> = app
        .current_slot()
        .unwrap()
        .doc
        .spans
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(
        labels,
        ["LOCATION", "PERSON", "STATISTIC"],
        "no duplicate left behind"
    );
}

#[test]
fn done_opens_the_next_article_not_done_and_skip_and_flag_set_status() {
    let (mut app, store) = pending_app();
    keys(&mut app, "J d");
    assert_eq!(app.desk.status_of(1), Some(DocStatus::Done));
    assert_eq!(app.current, 2);
    keys(&mut app, "d");
    assert_eq!(app.current, 0, "wraps around to the first article not done");
    keys(&mut app, "s");
    assert_eq!(app.desk.status_of(0), Some(DocStatus::Skipped));
    assert_eq!(app.current, 0, "every other article is done");
    keys(&mut app, "f");
    assert_eq!(app.desk.status_of(0), Some(DocStatus::Flagged));
    keys(&mut app, "f");
    assert_eq!(
        app.desk.status_of(0),
        Some(DocStatus::Skipped),
        "unflagging returns to the status before the flag"
    );
    keys(&mut app, "u u u");
    assert_eq!(app.desk.status_of(0), Some(DocStatus::Todo));
    assert_eq!(store.docs.borrow()["c"].status, DocStatus::Done);
}

#[test]
fn a_document_that_does_not_parse_opens_read_only_and_is_never_saved() {
    let store = MemoryStore::new("tester");
    store
        .broken
        .borrow_mut()
        .insert("a".into(), "a.ron:3:7: expected `)`".into());
    let corpus = Arc::new(Corpus {
        articles: vec![article("a", "Атырау облысы")],
        problems: Vec::new(),
    });
    let mut app = App::new(
        corpus,
        LabelSet::default(),
        "tester",
        Keymap::default_keymap(),
        Box::new(store.clone()),
    );
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("a.ron:3:7"))
    );
    keys(&mut app, "enter 4 d f");
    assert!(store.saves.borrow().is_empty());
    assert!(app.current_slot().unwrap().doc.spans.is_empty());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("read-only"))
    );
}
