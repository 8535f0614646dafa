//! `}` `{` `(` `)`: a span's edges moved one word at a time from the keyboard, on the
//! span under the cursor, which stays on it so the key repeats.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::tui::{Colors, draw};

const TEXT: &str = "Сауалнамаға 9 000 респондентпен ҚР Ақпарат министрлігі қатысты.";

fn pending_app() -> App {
    let a = with_imported(
        article("a", TEXT),
        &[(12, 17, "STATISTIC"), (35, 54, "AGENCY")],
    );
    let (mut app, _) = app_with(vec![a]);
    app.focus = Focus::Text;
    app
}

fn message(app: &App) -> &str {
    app.message.as_ref().map_or("", |m| m.text.as_str())
}

#[test]
fn the_keys_move_a_tagged_spans_edges_by_words() {
    check(
        "Сауалнамаға |9 000 респондентпен",
        "3 } }",
        "Сауалнамаға |[9 000 респондентпен]STATISTIC",
    );
    check(
        "Сауалнамаға 9 000 |респондентпен",
        "3 ( ( )",
        "Сауалнамаға 9 [000 |респондентпен]STATISTIC",
    );
    check(
        "Сауалнамаға |9 000 респондентпен",
        "} ( 3 { ( (",
        "[Сауалнамаға |9]STATISTIC 000 респондентпен",
    );
}

#[test]
fn resizing_a_pending_span_accepts_it_and_the_cursor_stays_for_the_next_key() {
    let mut app = pending_app();
    keys(&mut app, "n }");
    assert_eq!(
        message(&app),
        "accepted STATISTIC «9 000 респондентпен» (+1 word)"
    );
    assert_eq!(
        show(&app),
        "Сауалнамаға |[9 000 респондентпен]STATISTIC ҚР [Ақпарат министрлігі]AGENCY? қатысты."
    );
    keys(&mut app, "n ( {");
    assert_eq!(message(&app), "AGENCY «ҚР Ақпарат» (-1 word)");
    assert_eq!(
        show(&app),
        "Сауалнамаға [9 000 респондентпен]STATISTIC [ҚР |Ақпарат]AGENCY министрлігі қатысты."
    );
    keys(&mut app, "} u u u");
    assert_eq!(
        show(&app),
        "Сауалнамаға [9 000 респондентпен]STATISTIC ҚР |[Ақпарат министрлігі]AGENCY? қатысты."
    );
}

#[test]
fn off_a_span_the_keys_say_so() {
    let mut app = pending_app();
    keys(&mut app, "}");
    assert_eq!(message(&app), "no span under the cursor");
    assert!(app.message.as_ref().unwrap().error);
}

#[test]
fn an_article_after_resizing_80x24() {
    let mut app = pending_app();
    keys(&mut app, "n } n (");
    app.resize(80, 24);
    app.desk.set_save_state(crate::store::SaveState::Saved);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(&app, f, Colors::Basic)).unwrap();
    assert_screen!(terminal.backend());
}
