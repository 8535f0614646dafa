//! The team's guidelines over the panes: a key opens them (both keymaps), they scroll,
//! any other key closes them; without a `guidelines.md` the key says so.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::keymap::Mode;
use crate::tui::draw::{Colors, draw};

const GUIDELINES: &str = "\
# Annotation guidelines

Tag every **person** by full name, titles left out: «әкім Махамбет Досмұхамбетов» is
PERSON over «Махамбет Досмұхамбетов» only.

## Agencies

An akimat, a ministry, a court: AGENCY. A city in an agency's name stays inside it.

## Numbers

STATISTIC covers the number and its unit: «9 000 адам».
Escape sequences in the file are shown, never run: \u{1b}[31m.
";

fn with_guidelines() -> App {
    let (mut app, _) = app_with(vec![article(
        "kk1",
        "Атырау облысы әкімі Махамбет Досмұхамбетов",
    )]);
    app.desk.guidelines = Some(GUIDELINES.to_string());
    app
}

fn screen(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::None)).unwrap();
    terminal
}

#[test]
fn the_guidelines_open_over_the_panes_at_80x24() {
    let mut app = with_guidelines();
    keys(&mut app, "I");
    assert_eq!(app.mode(), Mode::Help);
    assert_screen!(screen(&app).backend());
}

#[test]
fn the_guidelines_scroll_and_close_and_the_emacs_key_opens_them_too() {
    let mut app = with_guidelines();
    let long: String = (1..=40).map(|i| format!("rule {i}\n")).collect();
    app.desk.guidelines = Some(format!("{GUIDELINES}{long}"));
    keys(&mut app, "f2 j j");
    let text = format!("{:?}", screen(&app).backend());
    assert!(
        !text.contains("Annotation guidelines"),
        "scrolled past the heading"
    );
    keys(&mut app, "esc");
    assert!(app.layers.is_empty());
    app.keymap = Keymap::load(Some("emacs"), None).unwrap();
    keys(&mut app, "alt-i");
    assert_eq!(app.mode(), Mode::Help);
}

#[test]
fn without_guidelines_the_key_says_where_they_go() {
    let (mut app, _) = app_with(vec![article("a", "Text.")]);
    keys(&mut app, "I");
    assert!(app.layers.is_empty());
    let said = &app.message.as_ref().unwrap().text;
    assert!(
        said.contains("guidelines.md at the workspace root"),
        "{said}"
    );
}
