//! Label sets of any size in the annotator: the picker (filter, up/down, enter applies as
//! a digit would, esc cancels, recent first, emacs keymap), a label's own key, the footer
//! legend with 25 labels, and snapshots of both.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::annotation::Label;
use crate::tui::draw::render;
use crate::tui::{Colors, draw};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn labels25() -> LabelSet {
    let mut set = LabelSet::default();
    set.add_names(crate::store::testing::LABELS25); // the five defaults are kept, in place
    set.labels[21].description = "пайыз, үлес".into(); // PERCENTAGE
    set.labels[9].key = Some('i'); // DISEASE: a key of its own, not a digit
    set
}

fn app25(marked: &str, keymap: Keymap) -> App {
    let cursor = marked[..marked.find('|').unwrap()].chars().count();
    let text = marked.replacen('|', "", 1);
    let corpus = Arc::new(Corpus {
        articles: vec![article("a", &text)],
        problems: Vec::new(),
    });
    let store = crate::desk::MemoryStore::new("tester");
    let mut app = App::new(corpus, labels25(), "tester", keymap, Box::new(store));
    app.focus = Focus::Text;
    app.move_to(cursor);
    app
}

/// The whole screen as text, no colours.
fn screen_text(app: &App) -> String {
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    render(app, buf.area, &mut buf, Colors::None);
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_picker_applies_a_label_beyond_the_ninth_as_a_digit_would() {
    let mut app = app25("Өсім |20,7 пайызы болды", Keymap::default_keymap());
    keys(&mut app, "t");
    type_text(&mut app, "perc");
    keys(&mut app, "enter");
    assert_eq!(show(&app), "Өсім |[20,7]PERCENTAGE пайызы болды");
    assert!(app.layers.is_empty());
    assert_eq!(app.desk.label_tag("PERCENTAGE"), "PERC");
    assert_eq!(app.desk.label_tag("PERSON"), "PERS");
    // on the span: relabels it, found by its description (Kazakh on a Russian keyboard)
    keys(&mut app, "t");
    type_text(&mut app, "улес");
    keys(&mut app, "enter");
    assert_eq!(show(&app), "Өсім |[20,7]PERCENTAGE пайызы болды");
    keys(&mut app, "w t");
    type_text(&mut app, "proj");
    keys(&mut app, "enter");
    assert_eq!(show(&app), "Өсім [20,7]PERCENTAGE |[пайызы]PROJECT болды");
    keys(&mut app, "t");
    type_text(&mut app, "prod");
    keys(&mut app, "enter");
    assert_eq!(show(&app), "Өсім [20,7]PERCENTAGE |[пайызы]PRODUCT болды");
}

#[test]
fn the_picker_takes_selections_moves_with_up_down_and_esc_changes_nothing() {
    let mut app = app25("|Қанат Сүлейменов айтты", Keymap::default_keymap());
    keys(&mut app, "v e w e t");
    assert!(screen_text(&app).contains("Label (25 of 25)"));
    type_text(&mut app, "zzz");
    assert!(screen_text(&app).contains("(no label matches)"));
    keys(&mut app, "backspace backspace backspace down down up");
    assert!(
        screen_text(&app).contains("▸2 AGENCY"),
        "{}",
        screen_text(&app)
    );
    keys(&mut app, "esc");
    assert!(app.layers.is_empty());
    assert_eq!(show(&app), "Қанат Сүлеймено|в айтты");
    keys(&mut app, "t down enter");
    assert_eq!(show(&app), "[Қанат Сүлеймено|в]AGENCY айтты");
}

#[test]
fn the_last_used_labels_come_first_and_emacs_has_the_picker_too() {
    let emacs = Keymap::load(Some("emacs"), None).unwrap();
    let mut app = app25("|Атырау мен Астана", emacs);
    keys(&mut app, "t");
    type_text(&mut app, "gpe");
    keys(&mut app, "enter");
    assert_eq!(show(&app), "|[Атырау]GPE мен Астана");
    keys(&mut app, "alt-f alt-f 4 t");
    let screen = screen_text(&app);
    let at = |name: &str| screen.find(&format!(" {name} ")).expect(name);
    assert!(
        at("LOCATION") < at("GPE") && at("GPE") < at("PERSON"),
        "{screen}"
    );
    keys(&mut app, "esc alt-b alt-b t enter");
    assert_eq!(show(&app), "|[Атырау]LOCATION мен [Астана]LOCATION");
}

#[test]
fn a_label_key_can_be_any_character() {
    let mut app = app25("|Тұмау тарады", Keymap::default_keymap());
    keys(&mut app, "i");
    assert_eq!(show(&app), "|[Тұмау]DISEASE тарады");
    let mut set = labels25();
    set.labels.push(Label {
        key: Some('ж'),
        ..Label::named("ЖАҢА")
    });
    app.desk.labels = set;
    keys(&mut app, "w ж");
    assert_eq!(show(&app), "[Тұмау]DISEASE |[тарады]ЖАҢА");
}

fn screen(app: &mut App) -> Terminal<TestBackend> {
    app.resize(80, 24);
    app.desk.set_save_state(crate::store::SaveState::Saved);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::Basic)).unwrap();
    terminal
}

#[test]
fn picker_80x24() {
    let mut app = app25("Өсім |20,7 пайызы болды", Keymap::default_keymap());
    keys(&mut app, "t");
    type_text(&mut app, "p");
    assert_screen!(screen(&mut app).backend());
}

#[test]
fn footer_with_25_labels_80_columns() {
    let mut app = app25("Өсім |20,7 пайызы болды", Keymap::default_keymap());
    let terminal = screen(&mut app);
    let buffer = terminal.backend().buffer();
    let footer: Vec<String> = (22..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect())
        .collect();
    assert!(
        footer[1].contains("1:PERS 2:AGE 3:STA 4:LOC 5:DAT 6:ADA 7:ART t:more"),
        "{footer:?}"
    );
    assert_screen!(footer.join("\n"));
}
