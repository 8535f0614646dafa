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

#[test]
fn more_labels_than_rows_show_those_with_most_spans_and_say_how_many_are_left_out() {
    let count = |label: String, spans| LabelCount { label, spans };
    // KazNERD has 25 labels; an 80x24 panel has rows for a few of them
    let team: Vec<LabelCount> = (0..25)
        .map(|i| count(format!("L{i:02}"), if i % 6 == 5 { 10 + i } else { 0 }))
        .collect();
    let (shown, hidden) = fitting(&team, 8);
    assert_eq!(hidden, 17);
    // the four with spans, then the first with none, in the label set's order
    let names: Vec<&str> = shown.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        names,
        ["L00", "L01", "L02", "L03", "L05", "L11", "L17", "L23"]
    );
    assert_eq!(fitting(&team[..5], 8), (team[..5].to_vec(), 0));

    let mut figures = dashboard(Some("aigerim"));
    figures.per_label.team = team;
    let terminal = screen(&figures, 80, 24, Colors::None, None);
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    // N counts labels, not spans
    assert!(text.contains("more labels (fewer spans)"), "{text}");
    // 15 rows: the four with spans and the first eleven without
    assert!(
        text.contains("L23") && text.contains("L12") && !text.contains("L13"),
        "{text}"
    );
    assert!(text.contains("+10 more labels (fewer spans)"), "{text}");
}

#[test]
fn progress_gauges_are_one_length_whatever_the_counts_width() {
    let mut figures = dashboard(Some("aigerim"));
    let many = crate::dashboard::Progress {
        done: 112,
        todo: 0,
        ..Default::default()
    };
    let few = crate::dashboard::Progress {
        in_progress: 1,
        ..Default::default()
    };
    figures.progress.insert("aigerim".into(), many);
    figures.progress.insert("dana".into(), few);
    let terminal = screen(&figures, 80, 24, Colors::None, None);
    let text = terminal.backend().to_string();
    // where each row's gauge ends: the last bar cell before the counts
    let ends: Vec<usize> = text
        .lines()
        .filter(|l| l.contains('✓') && (l.contains('█') || l.contains('░')))
        .map(|l| {
            // the progress pane only: the labels' bars are beside it
            let progress = l.split("││").next().unwrap();
            let chars: Vec<char> = progress.chars().collect();
            chars.iter().rposition(|c| matches!(c, '█' | '░')).unwrap()
        })
        .collect();
    assert!(ends.len() >= 2, "{text}");
    assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}\n{text}");
}

#[test]
fn label_counts_of_many_digits_stand_apart_from_their_bars() {
    let count = |label: &str, spans| LabelCount {
        label: label.into(),
        spans,
    };
    let mut figures = dashboard(Some("aigerim"));
    figures.per_label.team = vec![
        count("PERSON", 123_456),
        count("LOCATION", 98_765),
        count("AGENCY", 7),
    ];
    figures.per_label.annotators.insert(
        "aigerim".into(),
        vec![count("PERSON", 54_321), count("LOCATION", 12)],
    );
    let terminal = screen(&figures, 80, 24, Colors::None, None);
    let text = terminal.backend().to_string();
    let rows: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split("││").nth(1))
        .filter(|l| l.contains('█') || l.contains(" 7"))
        .take(3)
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    for (row, values) in rows
        .iter()
        .zip([["123456", "54321"], ["98765", "12"], ["7", "0"]])
    {
        let numbers: Vec<&str> = row.split(|c: char| !c.is_ascii_digit()).collect();
        for value in values {
            assert!(
                numbers.contains(&value),
                "{value} is not whole in {row}\n{text}"
            );
        }
        let chars: Vec<char> = row.chars().collect();
        assert!(
            !chars.windows(2).any(|w| w[0].is_ascii_digit()
                && matches!(w[1], '█' | '▉' | '▊' | '▋' | '▌' | '▍' | '▎' | '▏')),
            "a count touches its bar: {row}\n{text}"
        );
    }
}

#[test]
fn the_shell_chart_is_as_wide_as_the_terminal_or_columns_or_80() {
    assert_eq!(chart_width(Some(100), Some("70")), 100);
    assert_eq!(chart_width(None, Some("70")), 70);
    assert_eq!(chart_width(None, Some("wide")), 80);
    assert_eq!(chart_width(None, None), 80);
    assert_eq!(chart_width(None, Some("300")), 120);
    assert_eq!(chart_width(Some(40), None), 60);
}
