//! Long random action sequences at random window sizes (1x1 to 300x100) never panic and
//! keep the invariants: spans inside the text and sorted, the cursor inside the text,
//! search matches inside the text and in order, and undo then redo gives back the same
//! annotations.

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::*;
use crate::tui::{Action, Colors};

fn any_action() -> impl Strategy<Value = Action> {
    let named: Vec<Action> = Action::bindable().collect();
    prop_oneof![
        6 => proptest::sample::select(named),
        1 => any::<char>().prop_map(Action::Insert),
        1 => (0u16..300, 0u16..100).prop_map(|(col, row)| Action::Click { col, row }),
        1 => (0u16..300, 0u16..100).prop_map(|(col, row)| Action::Drag { col, row }),
        1 => (0u16..300, 0u16..100).prop_map(|(col, row)| Action::ScrollDown { col, row }),
    ]
}

/// What undo/redo must restore: every loaded document's spans and status.
fn annotations(
    app: &App,
) -> Vec<Option<(Vec<crate::annotation::Span>, crate::annotation::DocStatus)>> {
    app.desk
        .docs
        .iter()
        .map(|slot| slot.as_ref().map(|s| (s.doc.spans.clone(), s.doc.status)))
        .collect()
}

fn check_undo_redo(app: &mut App) -> Result<(), TestCaseError> {
    // an open prompt or help box takes keys for itself, as it should
    if !app.desk.history.can_undo() || !app.layers.is_empty() {
        return Ok(());
    }
    let before = annotations(app);
    app.update(Action::Undo);
    app.update(Action::Redo);
    prop_assert_eq!(
        annotations(app),
        before,
        "undo then redo changed the annotations"
    );
    Ok(())
}

fn check_invariants(app: &App) -> Result<(), TestCaseError> {
    for (i, slot) in app.desk.docs.iter().enumerate() {
        let Some(slot) = slot else { continue };
        let len = app.desk.article(i).text.chars().count();
        prop_assert!(slot.doc.is_sorted());
        for s in &slot.doc.spans {
            prop_assert!(s.start < s.end && s.end <= len, "{s:?} in a text of {len}");
        }
    }
    if let Some(r) = &app.reader {
        let len = r.text.len();
        prop_assert!(r.cursor < len.max(1), "cursor {} in {len}", r.cursor);
        for pair in r.matches.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "{:?}", r.matches);
        }
        prop_assert!(r.matches.iter().all(|m| m.start < m.end && m.end <= len));
    }
    if let Some(f) = &app.desk.filter {
        prop_assert_eq!(f.matches.len(), f.results.hits.len());
    }
    Ok(())
}

proptest! {
    // PROPTEST_CASES sets a longer run (see the README's Reliability section)
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_actions_never_panic_and_keep_invariants(
        actions in proptest::collection::vec(any_action(), 1..300),
        sizes in proptest::collection::vec((1u16..=300, 1u16..=100), 1..4),
    ) {
        let text = "«Атырау облысы» 中文字 👍🏽 е\u{301}кі\n\n2,1% \u{1b}[2J\u{202e}x\n";
        let pending = with_imported(article("b", "Қанат Сүлейменов айтты"), &[(0, 16, "PERSON"), (6, 16, "PERSON")]);
        let (mut app, _) = app_with(vec![article("a", text), pending, article("c", "")]);
        app.desk.set_suggestions(true);
        let outbox = super::searching::searching(&mut app);
        for (n, action) in actions.into_iter().enumerate() {
            let (w, h) = sizes[n % sizes.len()];
            app.resize(w, h);
            app.update(action);
            // answers come in now and then, as from a worker thread
            if n % 3 == 0 {
                super::searching::deliver(&mut app, &outbox);
            }
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            crate::tui::draw::render(&app, buf.area, &mut buf, Colors::Basic);
            check_invariants(&app)?;
            if n % 4 == 0 {
                check_undo_redo(&mut app)?;
                check_invariants(&app)?;
            }
        }
    }
}
