//! The dashboard drawn with ratatui's own widgets: a line gauge per annotator, a bar
//! chart of labels, sparklines of throughput, gauges of agreement, and a list of the
//! articles wanting attention. Every figure is also written as text, so it reads at
//! 80x24 without colour; `tanba stats --chart` prints the same picture.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, LineGauge, List, ListItem, ListState, Paragraph, Sparkline, StatefulWidget,
    Widget,
};
use unicode_width::UnicodeWidthStr;

use super::draw::{Colors, Theme, label_color};
use crate::annotation::{DocStatus, LabelSet};
use crate::dashboard::{Attention, Dashboard, LabelCount};
use crate::text::{count, sanitize};

/// Everything the dashboard draws from; it changes nothing.
pub struct DashboardView<'a> {
    pub figures: &'a Dashboard,
    pub labels: &'a LabelSet,
    /// The annotator looking: their spans per label show beside the team's.
    pub me: Option<&'a str>,
    pub colors: Colors,
    /// The selected row of the attention list, when it has the keys.
    pub selected: Option<usize>,
    /// Said in the title line (the workspace changed on disk, say).
    pub notice: Option<&'a str>,
    /// The key of the findings view, said in the attention panel's title (the annotator).
    pub findings_key: Option<&'a str>,
}

/// Status marks as in the article list, in the order the progress row counts them.
const MARKS: [(DocStatus, &str); 5] = [
    (DocStatus::Done, "✓"),
    (DocStatus::InProgress, "~"),
    (DocStatus::Skipped, "-"),
    (DocStatus::Flagged, "!"),
    (DocStatus::Todo, "·"),
];

impl DashboardView<'_> {
    fn theme(&self) -> Theme {
        Theme {
            colors: self.colors,
        }
    }

    fn colored(&self) -> bool {
        self.colors == Colors::Basic
    }

    fn fg(&self, color: Color) -> Style {
        if self.colored() {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Rows the whole picture needs to show every annotator, label and pair.
    pub fn preferred_height(&self) -> u16 {
        let (top, middle) = self.band_heights();
        let attention = self.figures.attention.len().max(1) as u16 + 2;
        1 + top + middle + attention
    }

    fn band_heights(&self) -> (u16, u16) {
        let people = self.figures.progress.len().max(1) as u16;
        let labels = self.figures.per_label.team.len().max(1) as u16;
        let pairs = self.figures.agreement.len().max(1) as u16;
        let rates = self.figures.throughput.len().max(1) as u16;
        (people.max(labels) + 2, rates.max(pairs) + 2)
    }

    /// Title, progress and labels, throughput and agreement, attention: the first band
    /// and the list get what they need (within reason), throughput the rest.
    fn bands(&self, area: Rect) -> [Rect; 4] {
        let (top_needed, middle_needed) = self.band_heights();
        let list_needed = self.figures.attention.len().max(1) as u16 + 2;
        let h = area.height - 1;
        let top = top_needed.min(h.saturating_sub(6).max(3));
        let rest = h - top;
        let list = list_needed
            .min(rest.saturating_sub(middle_needed).max(3))
            .min(rest);
        // sparklines grow up to three rows each; the list takes what is left
        let rates = self.figures.throughput.len().max(1) as u16;
        let middle = (rest - list).min((rates * 3 + 2).max(middle_needed));
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(top),
            Constraint::Length(middle),
            Constraint::Length(rest - middle),
        ])
        .areas(area)
    }

    fn split(area: Rect, left: u16) -> [Rect; 2] {
        Layout::horizontal([Constraint::Percentage(left), Constraint::Fill(1)]).areas(area)
    }
}

impl Widget for &DashboardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 6 || area.width < 20 {
            Paragraph::new("dashboard: the window is too small").render(area, buf);
            return;
        }
        let [title, top, middle, bottom] = self.bands(area);
        self.draw_title(title, buf);
        let [progress, labels] = DashboardView::split(top, 58);
        self.draw_progress(progress, buf);
        self.draw_labels(labels, buf);
        let [rates, agreement] = DashboardView::split(middle, 58);
        self.draw_throughput(rates, buf);
        self.draw_agreement(agreement, buf);
        self.draw_attention(bottom, buf);
    }
}

/// `s` cut to `width` columns, with `…` when cut (owned: callers cut temporaries).
fn fit(s: &str, width: usize) -> String {
    crate::text::ellipsize(s, width).into_owned()
}

/// A row split into a name column, the widget, and a text column on the right.
fn row_parts(row: Rect, name: u16, text: u16) -> [Rect; 3] {
    Layout::horizontal([
        Constraint::Length(name + 1),
        Constraint::Fill(1),
        Constraint::Length(text),
    ])
    .areas(row)
}

fn rows(inner: Rect) -> impl Iterator<Item = Rect> {
    (0..inner.height).map(move |i| Rect::new(inner.x, inner.y + i, inner.width, 1))
}

impl DashboardView<'_> {
    fn draw_title(&self, area: Rect, buf: &mut Buffer) {
        let people = self.figures.progress.len();
        let articles = self.figures.articles;
        let mut line = vec![
            Span::styled(" Dashboard", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                " · {} · {}",
                count(people, "annotator", "annotators"),
                count(articles, "article", "articles")
            )),
        ];
        if !self.figures.doc_labels.is_empty() {
            let counts: Vec<String> = self
                .figures
                .doc_labels
                .iter()
                .map(|(l, n)| format!("{} {n}", sanitize(l)))
                .collect();
            line.push(Span::raw(format!(" · documents: {}", counts.join(", "))));
        }
        if let Some(notice) = self.notice {
            line.push(Span::raw("  "));
            let style = self.theme().warn().add_modifier(Modifier::REVERSED);
            line.push(Span::styled(format!(" {} ", sanitize(notice)), style));
        }
        Paragraph::new(Line::from(line)).render(area, buf);
    }

    fn name_width(&self, inner: Rect) -> u16 {
        let longest = self.figures.annotators().iter().map(|n| n.width()).max();
        (longest.unwrap_or(4) as u16)
            .clamp(4, 12)
            .min(inner.width / 3)
    }

    fn draw_progress(&self, area: Rect, buf: &mut Buffer) {
        let block = self
            .theme()
            .pane(false, " Progress ✓done ~doing -skip !flag ·todo ".into());
        let inner = block.inner(area);
        block.render(area, buf);
        let name = self.name_width(inner);
        let counts_of = |p: &crate::dashboard::Progress| -> String {
            MARKS
                .iter()
                .map(|(status, mark)| format!(" {mark}{}", p.get(*status)))
                .collect()
        };
        // one width for every row's counts, so the gauges are one length and compare
        let widest = self.figures.progress.values();
        let widest = widest.map(|p| counts_of(p).width()).max().unwrap_or(0);
        for ((who, p), row) in self.figures.progress.iter().zip(rows(inner)) {
            let counts = counts_of(p);
            let [left, gauge, right] = row_parts(row, name, widest as u16);
            Paragraph::new(fit(who, name as usize)).render(left, buf);
            let ratio = if p.total() == 0 {
                0.0
            } else {
                p.done as f64 / p.total() as f64
            };
            LineGauge::default()
                .ratio(ratio)
                .label(format!("{:>3.0}%", ratio * 100.0))
                .filled_symbol("█")
                .unfilled_symbol("░")
                .filled_style(self.fg(Color::Green))
                .unfilled_style(self.theme().dim())
                .render(gauge, buf);
            Paragraph::new(counts).render(right, buf);
        }
    }

    fn draw_labels(&self, area: Rect, buf: &mut Buffer) {
        let title = match self.me {
            Some(_) => " Spans per label: team | yours ".to_string(),
            None => " Spans per label: team ".to_string(),
        };
        let rows = usize::from(area.height.saturating_sub(2));
        let (team, hidden) = fitting(&self.figures.per_label.team, rows);
        let mut block = self.theme().pane(false, title);
        if hidden > 0 {
            // N is a count of labels: say so, and why they were the ones left out
            let labels = if hidden == 1 { "label" } else { "labels" };
            block = block.title_bottom(format!(" +{hidden} more {labels} (fewer spans) "));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        let team = &team;
        let Some(me) = self.me else {
            BarChart::horizontal(self.label_bars(team, true))
                .bar_gap(0)
                .render(inner, buf);
            return;
        };
        // the same labels in the same order, so the two charts read side by side
        let empty = Vec::new();
        let mine = self.figures.per_label.annotators.get(me).unwrap_or(&empty);
        let counts: Vec<LabelCount> = team
            .iter()
            .map(|c| LabelCount {
                label: c.label.clone(),
                spans: mine
                    .iter()
                    .find(|m| m.label == c.label)
                    .map_or(0, |m| m.spans),
            })
            .collect();
        // one scale for both: yours reads as your share of the team's
        let most = team
            .iter()
            .map(|c| c.spans as u64)
            .max()
            .unwrap_or(0)
            .max(1);
        let [left, right] = DashboardView::split(inner, 55);
        BarChart::horizontal(self.label_bars(team, true))
            .bar_gap(0)
            .max(most)
            .render(left, buf);
        BarChart::horizontal(self.label_bars(&counts, false))
            .bar_gap(0)
            .max(most)
            .render(right, buf);
    }

    /// One bar per label in its colour, tagged as in the text (or, on the right-hand
    /// chart, by its value alone). The count is part of the label, right-aligned to the
    /// widest, so a space parts it from the bar whatever its digits.
    fn label_bars(&self, counts: &[LabelCount], tagged: bool) -> Vec<Bar<'static>> {
        let set_tags = self.labels.tags();
        let tags: Vec<(String, Option<usize>)> = counts
            .iter()
            .map(|count| {
                // the set's tag and colour; a label found only in the files: its first letters
                let at = self.labels.names().position(|n| n == count.label);
                let tag = at.map_or_else(
                    || count.label.chars().take(3).collect(),
                    |j| set_tags[j].clone(),
                );
                (sanitize(&tag).into_owned(), at)
            })
            .collect();
        let tag_width = tags.iter().map(|(t, _)| t.width()).max().unwrap_or(0);
        let digits = counts
            .iter()
            .map(|c| c.spans.to_string().len())
            .max()
            .unwrap_or(0);
        counts
            .iter()
            .zip(tags)
            .enumerate()
            .map(|(i, (count, (tag, at)))| {
                let color = at.map_or("", |j| self.labels.color(j));
                let head = if tagged {
                    let pad = " ".repeat(tag_width.saturating_sub(tag.width()));
                    format!("{tag}{pad} ")
                } else {
                    "│".to_string()
                };
                let value = format!("{:>digits$}", count.spans);
                Bar::new(count.spans as u64)
                    .text_value(String::new())
                    .style(self.fg(label_color(color, at.unwrap_or(i))))
                    .label(Line::from(vec![
                        Span::raw(head),
                        Span::styled(value, Style::new().add_modifier(Modifier::BOLD)),
                    ]))
            })
            .collect()
    }

    fn draw_throughput(&self, area: Rect, buf: &mut Buffer) {
        let inner_width = area.width.saturating_sub(2);
        let name = self.name_width(area);
        let text_width = 22u16;
        let hours = inner_width
            .saturating_sub(name + 1 + text_width)
            .min(crate::dashboard::HOURS as u16);
        let title = format!(" Spans per hour, last {hours} h (UTC) ");
        let block = self.theme().pane(false, title);
        let inner = block.inner(area);
        block.render(area, buf);
        // each annotator's sparkline grows with the room there is
        let count = self.figures.throughput.len().max(1) as u16;
        let tall = (inner.height / count).clamp(1, 3);
        let slots = (0..inner.height / tall)
            .map(|i| Rect::new(inner.x, inner.y + i * tall, inner.width, tall));
        for ((who, t), row) in self.figures.throughput.iter().zip(slots) {
            let [left, spark, right] = row_parts(row, name, text_width);
            Paragraph::new(fit(who, name as usize)).render(left, buf);
            let tail: Vec<u64> = t.per_hour[t.per_hour.len().saturating_sub(hours as usize)..]
                .iter()
                .map(|n| *n as u64)
                .collect();
            Sparkline::default()
                .data(&tail)
                .style(self.fg(Color::Cyan))
                .render(spark, buf);
            let today = t.per_day.last().map_or(0, |d| d.spans);
            let pace = match t.median_seconds_per_span {
                Some(s) => format!("{s:.0} s/span"),
                None => "- s/span".to_string(),
            };
            let mut lines = vec![Line::from(format!(" {today:>3} today {pace:>9}"))];
            if let Some(spent) = self.figures.time.get(who) {
                let active = crate::dashboard::clock(spent.active_seconds);
                lines.push(Line::from(format!(" {active:>10} active")));
            }
            Paragraph::new(lines).render(right, buf);
        }
    }

    fn draw_agreement(&self, area: Rect, buf: &mut Buffer) {
        let alpha = match self.figures.alpha {
            Some(alpha) => format!(" α {alpha:.2}"),
            None => String::new(),
        };
        let title = format!(" Agreement{alpha}: span F1 κ (articles) ");
        let title = fit(&title, area.width.saturating_sub(2) as usize);
        let block = self.theme().pane(false, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if self.figures.agreement.is_empty() {
            let none = match self.figures.progress.len() {
                0 => "nobody has annotated yet",
                1 => "one annotator so far",
                _ => "no article annotated by two yet",
            };
            Paragraph::new(Span::styled(none, self.theme().dim())).render(inner, buf);
            return;
        }
        let pair_width = (inner.width / 2).min(17);
        for (pair, row) in self.figures.agreement.iter().zip(rows(inner)) {
            let names = fit(&format!("{}/{}", pair.a, pair.b), pair_width as usize);
            let kappa = pair.kappa.map_or("-".into(), |k| format!("{k:.2}"));
            let text = format!(" κ{kappa} ({})", pair.articles);
            // the gauge keeps a third of the row; the text is cut with … before that
            let room = inner.width.saturating_sub(pair_width + 1) as usize * 2 / 3;
            let text = fit(&text, room);
            let [left, gauge, right] = row_parts(row, pair_width, text.width() as u16);
            Paragraph::new(names).render(left, buf);
            let Some(f1) = pair.span_f1 else {
                // no gauge: "n/a (reason)" over the gauge and the count, "n/a" if too narrow
                let room = gauge.union(right);
                let full = pair.span_f1_shown(2);
                let na = if full.width() <= room.width as usize {
                    full
                } else {
                    "n/a".to_string()
                };
                Paragraph::new(Span::styled(na, self.theme().dim())).render(room, buf);
                continue;
            };
            LineGauge::default()
                .ratio(f1.clamp(0.0, 1.0))
                .label(format!("{f1:.2}"))
                .filled_symbol("█")
                .unfilled_symbol("░")
                .filled_style(self.fg(Color::Yellow))
                .unfilled_style(self.theme().dim())
                .render(gauge, buf);
            Paragraph::new(text).render(right, buf);
        }
    }

    fn draw_attention(&self, area: Rect, buf: &mut Buffer) {
        let whose = if self.me.is_some() {
            "yours"
        } else {
            "the team's"
        };
        let findings = self
            .findings_key
            .map(|key| format!("· {key} findings "))
            .unwrap_or_default();
        let title = format!(" Needs attention: flagged, then most pending ({whose}) {findings}");
        let block = self.theme().pane(self.selected.is_some(), title);
        let inner = block.inner(area);
        if self.figures.attention.is_empty() {
            block.render(area, buf);
            let none = "nothing pending or flagged";
            Paragraph::new(Span::styled(none, self.theme().dim())).render(inner, buf);
            return;
        }
        let width = inner.width.saturating_sub(2) as usize;
        let items: Vec<ListItem> = self
            .figures
            .attention
            .iter()
            .map(|row| ListItem::new(attention_line(row, width)))
            .collect();
        let list = List::new(items)
            .block(block)
            .highlight_symbol("> ")
            .highlight_style(self.theme().selection());
        let mut state = ListState::default().with_selected(self.selected);
        StatefulWidget::render(list, area, buf, &mut state);
    }
}

/// `! kk2  Title…  flagged by dana, 3 pending`: the mark, id, title and why it is here.
fn attention_line(row: &Attention, width: usize) -> Line<'static> {
    let mark = if row.flagged_by.is_empty() {
        "  "
    } else {
        "! "
    };
    let mut why = Vec::new();
    if !row.flagged_by.is_empty() {
        why.push(format!("flagged by {}", row.flagged_by.join(", ")));
    }
    if row.pending > 0 {
        why.push(format!("{} pending", row.pending));
    }
    for (who, days) in &row.untouched {
        why.push(format!("{} untouched {days} d", sanitize(who)));
    }
    let why = why.join(", ");
    let id = fit(&sanitize(&row.article), 16);
    let room = width.saturating_sub(mark.len() + id.width() + why.width() + 4);
    let title = fit(&sanitize(&row.title), room);
    let pad = room.saturating_sub(title.width());
    Line::from(format!("{mark}{id}  {title}{}  {why}", " ".repeat(pad)))
}

/// The dashboard as text for the shell, as wide as the terminal, or `$COLUMNS` or 80
/// columns when piped (60 to 120 columns); colours only on a terminal and without NO_COLOR.
pub fn chart(figures: &Dashboard, labels: &LabelSet) -> String {
    use std::io::IsTerminal;
    let terminal = std::io::stdout().is_terminal();
    let size = crossterm::terminal::size().ok().filter(|_| terminal);
    let width = chart_width(
        size.map(|(w, _)| w),
        std::env::var("COLUMNS").ok().as_deref(),
    );
    let colors = if terminal {
        Colors::from_env()
    } else {
        Colors::None
    };
    render_text(figures, labels, width, colors, terminal)
}

/// The chart's width: the terminal's, else `$COLUMNS`, else 80 (a pipe's reader is most
/// often a terminal of the usual size), kept to 60..=120 columns.
fn chart_width(terminal: Option<u16>, columns: Option<&str>) -> u16 {
    terminal
        .or_else(|| columns.and_then(|c| c.trim().parse().ok()))
        .unwrap_or(80)
        .clamp(60, 120)
}

/// Draws the dashboard into a buffer `width` wide and as tall as it needs.
pub fn render_text(
    figures: &Dashboard,
    labels: &LabelSet,
    width: u16,
    colors: Colors,
    ansi: bool,
) -> String {
    let view = DashboardView {
        figures,
        labels,
        me: None,
        colors,
        selected: None,
        notice: None,
        findings_key: None,
    };
    let area = Rect::new(0, 0, width, view.preferred_height());
    let mut buf = Buffer::empty(area);
    (&view).render(area, &mut buf);
    buffer_text(&buf, ansi)
}

/// A buffer as lines of text; with `ansi`, styles as SGR escapes (16 colours).
pub fn buffer_text(buf: &Buffer, ansi: bool) -> String {
    let mut out = String::new();
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut current = Style::new();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1; // the second column of a wide character
                continue;
            }
            let style = cell.style();
            if ansi && style != current {
                line.push_str(&sgr(style));
                current = style;
            }
            line.push_str(cell.symbol());
            skip = cell.symbol().width().saturating_sub(1);
        }
        if ansi && current != Style::new() {
            line.push_str("\x1b[0m");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The SGR escape that sets `style` from scratch.
fn sgr(style: Style) -> String {
    let mut codes = vec!["0".to_string()];
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if m.contains(flag) {
            codes.push(code.into());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, 30)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, 40)) {
        codes.push(bg);
    }
    format!("\x1b[{}m", codes.join(";"))
}

fn color_code(color: Color, base: u8) -> Option<String> {
    let n = match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 60,
        Color::LightRed => 61,
        Color::LightGreen => 62,
        Color::LightYellow => 63,
        Color::LightBlue => 64,
        Color::LightMagenta => 65,
        Color::LightCyan => 66,
        Color::White => 67,
        _ => return None,
    };
    Some((base + n).to_string())
}

/// The labels the panel has rows for: all of them, or, when there are more labels than
/// rows, those with the most spans (the label set's order kept); and how many are left out.
fn fitting(team: &[LabelCount], rows: usize) -> (Vec<LabelCount>, usize) {
    if team.len() <= rows {
        return (team.to_vec(), 0);
    }
    let mut order: Vec<usize> = (0..team.len()).collect();
    order.sort_by(|&a, &b| team[b].spans.cmp(&team[a].spans).then(a.cmp(&b)));
    let mut kept: Vec<usize> = order.into_iter().take(rows).collect();
    kept.sort_unstable();
    let shown = kept.into_iter().map(|i| team[i].clone()).collect();
    (shown, team.len() - rows)
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
