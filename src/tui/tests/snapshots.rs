//! Whole screens drawn over ratatui's TestBackend. Review any change by eye.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::*;
use crate::tui::{Colors, draw};

const SEED: &str = include_str!("../../../sample-data/atyrau-anticorruption-commission.kk.txt");

fn corpus_app() -> App {
    let pending = with_imported(
        article(
            "b",
            "Астана әкімдігі 2024 жылы 12 мектеп салды\nҚала әкімі Жеңіс Қасымбек мәлімдеді.",
        ),
        &[
            (0, 15, "AGENCY"),
            (16, 20, "DATE"),
            (26, 28, "STATISTIC"),
            (53, 67, "PERSON"),
        ],
    );
    let odd = article(
        "c",
        "Wide 中文字 and 👍🏽 emoji, e\u{301} marks, \u{1b}]0;pwned\u{7} and \u{202e}bidi",
    );
    let (mut app, _) = app_with(vec![article("atyrau", SEED), pending, odd]);
    app.focus = Focus::Text;
    // «[[Атырау облысы]LOC әкімі]AGE [Махамбет Досмұхамбетовтің]PER ...», cursor on both
    keys(
        &mut app,
        "w v e w e w e 2 b b b v e w e 4 w w v e w e 1 g w",
    );
    app
}

fn screen(app: &mut App, w: u16, h: u16, colors: Colors) -> Terminal<TestBackend> {
    app.resize(w, h);
    // the memory store writes at once; say so, as the saver thread would
    app.desk.set_save_state(crate::store::SaveState::Saved);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(app, f, colors)).unwrap();
    terminal
}

#[test]
fn list_and_article_with_entities_80x24() {
    let mut app = corpus_app();
    assert_screen!(screen(&mut app, 80, 24, Colors::Basic).backend());
}

#[test]
fn list_and_article_with_entities_120x40() {
    let mut app = corpus_app();
    assert_screen!(screen(&mut app, 120, 40, Colors::Basic).backend());
}

#[test]
fn help_lists_the_text_keys_80x24() {
    let mut app = corpus_app();
    keys(&mut app, "?");
    assert_screen!(screen(&mut app, 80, 24, Colors::Basic).backend());
}

#[test]
fn pending_spans_look_different_80x24() {
    let mut app = corpus_app();
    keys(&mut app, "J n n");
    assert_screen!(screen(&mut app, 80, 24, Colors::Basic).backend());
}

#[test]
fn hostile_and_wide_text_120x40() {
    let mut app = corpus_app();
    keys(&mut app, "J J w w 1");
    let terminal = screen(&mut app, 120, 40, Colors::Basic);
    let cells: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(!cells.contains('\u{1b}') && !cells.contains('\u{202e}') && !cells.contains('\u{7}'));
    assert!(cells.contains('␛') && cells.contains('⇄'));
    assert_screen!(terminal.backend());
}

#[test]
fn one_pane_at_a_time_when_narrow_50x20() {
    let mut app = corpus_app();
    assert_screen!(
        "narrow_text",
        screen(&mut app, 50, 20, Colors::Basic).backend()
    );
    keys(&mut app, "tab");
    assert_screen!(
        "narrow_list",
        screen(&mut app, 50, 20, Colors::Basic).backend()
    );
}

#[test]
fn no_color_uses_attributes_and_text_only_80x24() {
    let mut app = corpus_app();
    // one accepted span, three pending
    keys(&mut app, "J a");
    let terminal = screen(&mut app, 80, 24, Colors::None);
    let buffer = terminal.backend().buffer();
    for cell in &buffer.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // the same screen in colour shows the same text: labels never depend on colour
    let coloured = screen(&mut app, 80, 24, Colors::Basic);
    assert_eq!(
        terminal.backend().to_string(),
        coloured.backend().to_string()
    );
    assert_screen_debug!(buffer);
}

#[test]
fn colours_are_only_the_16_basic_ones() {
    let mut app = corpus_app();
    for setup in ["", "J", "?"] {
        keys(&mut app, setup);
        let terminal = screen(&mut app, 120, 40, Colors::Basic);
        for cell in &terminal.backend().buffer().content {
            for c in [cell.fg, cell.bg] {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{cell:?}");
            }
        }
    }
}

/// The seed article (a title hit for «атырау») and news with «Атырау» in the body; the query
/// typed, the second hit selected: its snippet shows under it, the text at its first match.
fn search_screen() -> App {
    let mut articles = super::searching::news_articles();
    articles[0] = article("atyrau", SEED);
    let (mut app, outbox) = super::searching::searchable(articles);
    super::searching::search_for(&mut app, &outbox, "атырау");
    keys(&mut app, "down");
    app
}

#[test]
fn search_results_with_highlights_and_a_snippet_80x24() {
    let mut app = search_screen();
    let terminal = screen(&mut app, 80, 24, Colors::Basic);
    assert_screen_debug!(terminal.backend().buffer());
}

#[test]
fn search_results_with_highlights_and_a_snippet_120x40() {
    let mut app = search_screen();
    let terminal = screen(&mut app, 120, 40, Colors::Basic);
    assert_screen_debug!(terminal.backend().buffer());
}

#[test]
fn search_matches_in_the_text_without_colour_80x24() {
    let mut app = search_screen();
    // the oil article: two matches, the cursor on the first
    keys(&mut app, "down enter");
    let terminal = screen(&mut app, 80, 24, Colors::None);
    for cell in &terminal.backend().buffer().content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    assert_screen_debug!(terminal.backend().buffer());
}
