//! Motions, selection, tagging, relabel, delete, undo and redo, notes, mouse.

use super::*;
use crate::annotation::DocStatus;
use crate::tui::Action;

#[test]
fn character_and_word_motions_step_over_whole_graphemes() {
    // е + combining acute is one grapheme; 👍🏽 is two code points, one grapheme
    check("|е\u{301}кі", "l", "е\u{301}|кі");
    check("е\u{301}|кі", "h", "|е\u{301}кі");
    check("a|👍🏽b", "l", "a👍🏽|b");
    check("a👍🏽|b", "h", "a|👍🏽b");
    check("|Атырау облысы, 中文 сөз", "w", "Атырау |облысы, 中文 сөз");
    check(
        "|Атырау облысы, 中文 сөз",
        "w w",
        "Атырау облысы|, 中文 сөз",
    );
    check(
        "|Атырау облысы, 中文 сөз",
        "w w w",
        "Атырау облысы, |中文 сөз",
    );
    check("|Атырау облысы, 中文 сөз", "e", "Атыра|у облысы, 中文 сөз");
    check("Атырау облысы, 中文 |сөз", "b", "Атырау облысы, |中文 сөз");
    check(
        "Атырау облысы, 中文 |сөз",
        "b b",
        "Атырау облысы|, 中文 сөз",
    );
    // numbers with separators are one word
    check("|үлесі 2,1% төмен", "w e", "үлесі 2,|1% төмен");
}

#[test]
fn line_and_article_motions() {
    let text = "Бірінші жол\nЕкін|ші жол\nҮшінші";
    check(text, "0", "Бірінші жол\n|Екінші жол\nҮшінші");
    check(text, "$", "Бірінші жол\nЕкінші жо|л\nҮшінші");
    check(text, "g", "|Бірінші жол\nЕкінші жол\nҮшінші");
    check(text, "G", "Бірінші жол\nЕкінші жол\nҮшінш|і");
    check(text, "home", "Бірінші жол\n|Екінші жол\nҮшінші");
    check(text, "end", "Бірінші жол\nЕкінші жо|л\nҮшінші");
    // j and k keep the column on screen
    check(text, "k", "Бірі|нші жол\nЕкінші жол\nҮшінші");
    check(text, "j", "Бірінші жол\nЕкінші жол\nҮшін|ші");
    check(text, "down down down", "Бірінші жол\nЕкінші жол\nҮшін|ші");
}

#[test]
fn j_and_k_keep_the_display_column_across_wide_characters() {
    // "中文" is four columns wide, so column 4 below it is the fifth ASCII letter
    check("中文|x\nabcdefgh", "j", "中文x\nabcd|efgh");
    check("中文x\nabcd|efgh", "k", "中文|x\nabcdefgh");
    // landing in the middle of a wide character puts the cursor on it
    check("abc|defg\n中文", "j", "abcdefg\n中|文");
}

#[test]
fn one_digit_tags_the_word_under_the_cursor_or_the_next_one() {
    check("|«Атырау облысы»", "4", "|«[Атырау]LOCATION облысы»");
    check("«Аты|рау облысы»", "4", "«[Аты|рау]LOCATION облысы»");
    check("Сүлейменов |中文 x", "1", "Сүлейменов |[中文]PERSON x");
    check("|е\u{301}кі сөз", "5", "|[е\u{301}кі]DATE сөз");
    // nothing to tag before the end of the line
    let (mut app, store) = setup("сөз |»\nкелесі");
    keys(&mut app, "4");
    assert!(store.saves.borrow().is_empty());
    assert!(app.message.as_ref().is_some_and(|m| m.error));
}

#[test]
fn a_selection_tags_exactly_what_it_covers_minus_spaces() {
    check(
        "|Атырау облысы әкімі",
        "v e w e 4",
        "[Атырау облыс|ы]LOCATION әкімі",
    );
    check(
        "Атырау |облысы әкімі 👍🏽",
        "v $ 2",
        "Атырау [облысы әкімі |👍🏽]AGENCY",
    );
    // a selection inside an existing span adds a nested one; both stay
    check(
        "|Атырау облысы әкімі",
        "v e w e 2 b v e 4",
        "[Атырау [облыс|ы]LOCATION]AGENCY әкімі",
    );
    // esc drops the selection, a digit then tags just the word
    check("|Атырау облысы", "v w esc 4", "Атырау |[облысы]LOCATION");
}

#[test]
fn a_digit_on_a_span_relabels_it_and_x_deletes_it() {
    check("|Атырау облысы", "4 1", "|[Атырау]PERSON облысы");
    check("|Атырау облысы", "4 l l x", "Ат|ырау облысы");
    // relabel is one undoable step
    check("|Атырау облысы", "4 1 u", "|[Атырау]LOCATION облысы");
}

#[test]
fn the_first_edit_marks_the_article_in_progress_in_the_same_change() {
    let (mut app, store) = setup("|Атырау облысы");
    assert_eq!(app.current_slot().unwrap().doc.status, DocStatus::Todo);
    keys(&mut app, "4");
    assert_eq!(
        app.current_slot().unwrap().doc.status,
        DocStatus::InProgress
    );
    assert_eq!(store.saves.borrow().len(), 1);
    keys(&mut app, "u");
    let doc = &app.current_slot().unwrap().doc;
    assert_eq!((doc.status, doc.spans.len()), (DocStatus::Todo, 0));
    // every change was saved, undo included
    assert_eq!(store.saves.borrow().last().unwrap().status, DocStatus::Todo);
}

#[test]
fn undo_and_redo_jump_to_the_article_they_change() {
    let (mut app, store) = app_with(vec![
        article("a", "Атырау облысы"),
        article("b", "Қанат Сүлейменов"),
    ]);
    keys(&mut app, "enter 4 J 1");
    assert_eq!(app.current, 1);
    keys(&mut app, "u u");
    assert_eq!(app.current, 0, "the second undo goes back to article a");
    assert_eq!(show(&app), "|Атырау облысы");
    keys(&mut app, "J");
    assert_eq!(show(&app), "|Қанат Сүлейменов");
    keys(&mut app, "ctrl-r");
    assert_eq!(
        (app.current, show(&app).as_str()),
        (0, "|[Атырау]LOCATION облысы")
    );
    keys(&mut app, "ctrl-r");
    assert_eq!(
        (app.current, show(&app).as_str()),
        (1, "|[Қанат]PERSON Сүлейменов")
    );
    let saved = store.docs.borrow();
    assert_eq!(saved["a"].spans.len(), 1);
    assert_eq!(saved["b"].spans[0].text, "Қанат");
}

#[test]
fn notes_are_edited_on_one_line_and_esc_cancels() {
    let (mut app, store) = setup("|Атырау облысы");
    keys(&mut app, "4 c");
    type_text(&mut app, "облыс па?");
    keys(&mut app, "backspace enter");
    assert_eq!(
        store.docs.borrow()["a"].spans[0].note.as_deref(),
        Some("облыс па")
    );
    keys(&mut app, "c");
    type_text(&mut app, " жоқ");
    keys(&mut app, "esc");
    assert_eq!(
        app.current_slot().unwrap().doc.spans[0].note.as_deref(),
        Some("облыс па")
    );
    // typing q in the note types q
    keys(&mut app, "c q");
    assert!(app.take_effect().is_none());
}

#[test]
fn clicks_land_on_the_grapheme_drawn_there() {
    let (mut app, _) = setup("|中文 abc\nекінші");
    app.resize(80, 24);
    // the text starts right of the list (24 columns) and its border
    let (x0, y0) = (24 + 1, 1);
    app.update(Action::Click {
        col: x0 + 5,
        row: y0,
    });
    assert_eq!(show(&app), "中文 |abc\nекінші");
    app.update(Action::Click {
        col: x0 + 3,
        row: y0,
    });
    assert_eq!(show(&app), "中|文 abc\nекінші");
    app.update(Action::Drag {
        col: x0 + 2,
        row: y0 + 1,
    });
    keys(&mut app, "1");
    assert_eq!(show(&app), "中[文 abc\nек|і]PERSONнші");
    // a click on the list opens that article and focuses the list
    app.update(Action::Click { col: 3, row: 1 });
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn tiny_and_odd_windows_never_panic() {
    let (mut app, _) = setup("|中文 Атырау 👍🏽 е\u{301}\u{1b}[2J");
    keys(&mut app, "4");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (7, 3),
        (8, 3),
        (20, 5),
        (59, 20),
        (60, 6),
        (300, 100),
    ] {
        app.resize(w, h);
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        crate::tui::draw::render(&app, buf.area, &mut buf, crate::tui::Colors::Basic);
        keys(&mut app, "w j G g tab ? esc tab");
        if (w, h) == (1, 1) {
            assert_eq!(buf.content[0].symbol(), " ", "a 1x1 window shows nothing");
        }
    }
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    crate::tui::draw::render(app, buf.area, &mut buf, crate::tui::Colors::Basic);
    buf.content.iter().map(|c| c.symbol()).collect()
}

#[test]
fn the_footer_says_saving_saved_and_failed_with_the_error() {
    use crate::store::SaveState;
    let (mut app, _) = setup("|Атырау облысы");
    keys(&mut app, "4");
    assert!(matches!(app.desk.save_state, SaveState::Saving { .. }));
    assert!(screen_text(&app, 80, 24).contains("saving…"));
    app.desk.set_save_state(SaveState::Failed {
        pending: 1,
        message: "annotations/tester: Permission denied".into(),
    });
    keys(&mut app, "w");
    let screen = screen_text(&app, 80, 24);
    assert!(
        screen.contains("SAVE FAILED") && screen.contains("Permission denied"),
        "{screen}"
    );
    // more edits while the disk fails: still failing, never hidden
    keys(&mut app, "1");
    assert!(matches!(app.desk.save_state, SaveState::Failed { .. }));
    app.desk.set_save_state(SaveState::Saved);
    assert!(screen_text(&app, 80, 24).contains("saved"));
}

#[test]
fn label_names_from_the_workspace_are_shown_inert() {
    let (mut app, _) = setup("|Атырау облысы");
    app.desk.labels.labels[0].name = "EVIL\u{1b}]0;x\u{7}".into();
    app.desk.labels.labels[0].description = "\u{1b}[2J".into();
    keys(&mut app, "1 ?");
    let screen = screen_text(&app, 100, 40);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("EVIL␛]0;x␇"), "{screen}");
}
