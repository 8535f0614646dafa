use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::dashboard::tests::dashboard;

fn screen(
    figures: &Dashboard,
    w: u16,
    h: u16,
    colors: Colors,
    notice: Option<&str>,
) -> Terminal<TestBackend> {
    let labels = LabelSet::default();
    let view = DashboardView {
        figures,
        labels: &labels,
        me: Some("aigerim"),
        colors,
        selected: Some(1),
        notice,
        findings_key: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| (&view).render(f.area(), f.buffer_mut()))
        .unwrap();
    terminal
}

#[test]
fn dashboard_80x24_in_colour() {
    let figures = dashboard(Some("aigerim"));
    let terminal = screen(
        &figures,
        80,
        24,
        Colors::Basic,
        Some("changed on disk: R reloads"),
    );
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn dashboard_120x40_in_colour() {
    let figures = dashboard(Some("aigerim"));
    let terminal = screen(&figures, 120, 40, Colors::Basic, None);
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn dashboard_80x24_without_colour() {
    let figures = dashboard(Some("aigerim"));
    let terminal = screen(&figures, 80, 24, Colors::None, None);
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn dashboard_120x40_without_colour() {
    let figures = dashboard(Some("aigerim"));
    let terminal = screen(&figures, 120, 40, Colors::None, None);
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn without_colour_every_figure_still_reads_as_text() {
    let figures = dashboard(Some("aigerim"));
    for (w, h) in [(80, 24), (120, 40)] {
        let plain = screen(&figures, w, h, Colors::None, None);
        for cell in &plain.backend().buffer().content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
        let coloured = screen(&figures, w, h, Colors::Basic, None);
        assert_eq!(plain.backend().to_string(), coloured.backend().to_string());
        let text = plain.backend().to_string();
        for needle in [
            "aigerim",
            "curator",
            "dana",
            "PER",
            "LOC",
            "DAT",
            "aigerim/dana",
            "kk4",
            "2 pending",
            "✓2",
            "20 s/span",
        ] {
            assert!(
                text.contains(needle),
                "{needle} missing at {w}x{h}:\n{text}"
            );
        }
    }
}

#[test]
fn a_tiny_window_shows_a_note_not_garbage() {
    let figures = dashboard(None);
    for (w, h) in [(1, 1), (19, 30), (80, 5)] {
        let terminal = screen(&figures, w, h, Colors::Basic, None);
        let text = terminal.backend().to_string();
        assert!(text.contains("dash") || w < 5, "{text}");
    }
}

#[test]
fn the_shell_chart_is_plain_text_unless_asked_for_escapes() {
    let figures = dashboard(None);
    let labels = LabelSet::default();
    let plain = render_text(&figures, &labels, 100, Colors::None, false);
    assert!(!plain.contains('\x1b'));
    assert!(plain.lines().all(|l| l.width() <= 100));
    assert!(
        plain.contains("Spans per label: team") && plain.contains("! kk2"),
        "{plain}"
    );
    // title, progress and labels, throughput and agreement, the two rows of attention
    assert_eq!(plain.lines().count(), 1 + 7 + 5 + 4, "{plain}");
    assert!(
        plain.contains("! kk2") && plain.contains("flagged by dana"),
        "{plain}"
    );
    let ansi = render_text(&figures, &labels, 100, Colors::Basic, true);
    assert!(ansi.contains("\x1b[0;32m"), "the done gauge in green");
    // no colour codes under NO_COLOR, only attributes
    let attrs = render_text(&figures, &labels, 100, Colors::None, true);
    assert!(!attrs.contains(";3") && !attrs.contains("[0;4"));
}
