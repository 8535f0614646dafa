//! The article list: status mark, title, document labels and span count; the current
//! article highlighted.
//! A component: it owns its scroll position and turns moves into opening articles.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::annotation::DocStatus;
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;
use crate::tui::screen::{Focus, inner};

/// The list's own state: the first position on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleList {
    pub top: usize,
}

impl ArticleList {
    /// Scrolls so the current article (and its snippet row) is among the `height` rows
    /// on screen, and no row is left empty below while articles are hidden above.
    pub fn follow(&mut self, app: &Shared, height: usize) {
        let visible = app.desk.visible();
        // the current article's snippet, when it has one, takes the row below it
        let rows = 1 + app.desk.snippet_of(app.current).is_some() as usize;
        if let Some(at) = visible.position(app.current) {
            if at < self.top {
                self.top = at;
            } else if at + rows > self.top + height {
                self.top = (at + rows).saturating_sub(height).min(at);
            }
        }
        let all_rows = visible.len() + rows - 1;
        self.top = self.top.min(all_rows.saturating_sub(height));
    }
}

impl Component for ArticleList {
    fn mode(&self) -> Mode {
        Mode::List
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        use Action::*;
        let visible = ctx.desk.visible();
        let at = visible.position(ctx.current);
        let last = visible.len().saturating_sub(1);
        let page = ctx.shared().list_height().saturating_sub(1).max(1);
        let to = match action {
            Down | NextArticle => at.map_or(0, |i| (i + 1).min(last)),
            Up | PrevArticle => at.map_or(0, |i| i.saturating_sub(1)),
            Top => 0,
            Bottom => last,
            PageDown => at.map_or(0, |i| (i + page).min(last)),
            PageUp => at.map_or(0, |i| i.saturating_sub(page)),
            Open => {
                ctx.push(Command::FocusText);
                return Flow::Stay;
            }
            Back => {
                ctx.push(Command::ClearSearch);
                return Flow::Stay;
            }
            _ => return Flow::Stay,
        };
        if let Some(i) = visible.get(to) {
            ctx.push(Command::Open(i));
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let focused = app.focus == Focus::List;
        theme
            .pane(focused, list_title(app, area.width))
            .render(area, buf);
        let area = inner(area);
        if area.width == 0 || area.height == 0 {
            return;
        }
        let visible = app.desk.visible();
        if visible.is_empty() {
            let why = if app.desk.corpus.articles.is_empty() {
                "(no articles)"
            } else {
                "(nothing matches)"
            };
            Paragraph::new(why).style(theme.dim()).render(area, buf);
            return;
        }
        let mut y = area.y;
        for (position, i) in visible.iter_from(self.top) {
            if y >= area.bottom() {
                break;
            }
            draw_row(app, (position, i), Rect { y, ..area }, buf, theme);
            y += 1;
            if i == app.current
                && y < area.bottom()
                && let Some(snippet) = app.desk.snippet_of(app.current)
            {
                // the body word the search found, under the title it belongs to
                let width = area.width.saturating_sub(3) as usize;
                let shown = fit_around(&snippet.text, snippet.highlight.clone(), width);
                let styles = (theme.dim(), theme.title_match(Style::new()));
                put_marked(buf, (area.x + 3, y), &shown, styles);
                y += 1;
            }
        }
    }
}

/// The pane's title: the article count, or the search and its count; then the order,
/// when the model's doubt gives it.
fn list_title(app: &Shared, width: u16) -> String {
    let title = count_title(app, width);
    if app.desk.learn.by_doubt {
        format!("{}by doubt ", title)
    } else {
        title
    }
}

/// The list's title; the `a` hint is left out where it would be cut (`(a: a`).
fn count_title(app: &Shared, width: u16) -> String {
    let total = app.desk.corpus.articles.len();
    let hinted = |title: String, hint: &str| {
        let with = format!("{title}({hint}) ");
        // the corners take two columns; a cut trailing space costs nothing
        match with.trim_end().width() + 2 <= usize::from(width) {
            true => with,
            false => title,
        }
    };
    match &app.desk.filter {
        Some(f) => format!(
            " /{} {}/{total}{} ",
            sanitize(&f.query),
            f.matches.len(),
            if f.results.partial {
                " indexing…"
            } else {
                ""
            }
        ),
        None => match app.desk.assigned_only() {
            Some(a) => hinted(format!(" Assigned {}/{total} ", a.mine.len()), "a: all"),
            None if app
                .desk
                .assigned
                .as_ref()
                .is_some_and(|a| !a.mine.is_empty()) =>
            {
                hinted(format!(" All articles {total} "), "a: assigned")
            }
            None => format!(" Articles {total} "),
        },
    }
}

/// Article `i`, at `position` in the list, on the first row of `area`.
fn draw_row(
    app: &Shared,
    (position, i): (usize, usize),
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let focused = app.focus == Focus::List;
    let y = area.y;
    let slot = app.desk.slot(i);
    let status = slot.map(|s| s.doc.status);
    let mut count = slot
        .map(|s| s.doc.live_spans().count().to_string())
        .unwrap_or_default();
    if let Some(n) = app.desk.disagreements_of(i) {
        count = format!("≠{n} {count}");
    }
    if let Some(labels) = slot.map(|s| &s.doc.doc_labels).filter(|l| !l.is_empty()) {
        // document labels by their first three letters: `[COR,REG] 3`
        let short: Vec<String> = labels.iter().map(|l| l.chars().take(3).collect()).collect();
        count = format!("[{}] {count}", sanitize(&short.join(",")));
    }
    let mark = if slot.is_some_and(|s| s.read_only.is_some()) {
        "×"
    } else {
        status_mark(status)
    };
    buf.set_stringn(area.x, y, mark, 1, mark_style(theme, status));
    let count_w = count.width() as u16;
    let title_w = area.width.saturating_sub(3 + count_w) as usize;
    let row_style = if i == app.current {
        theme.selected_row(focused)
    } else {
        Style::new()
    };
    let line_area = Rect {
        x: area.x + 1,
        y,
        width: area.width.saturating_sub(1),
        height: 1,
    };
    buf.set_style(line_area, row_style);
    let positions = app
        .desk
        .hit_at(position)
        .and_then(|h| h.detail.as_ref())
        .map_or(&[][..], |d| &d.title_positions[..]);
    let title = marked_cut(&sanitize(&app.desk.article(i).title), positions, title_w);
    let styles = (row_style, theme.title_match(row_style));
    put_marked(buf, (area.x + 2, y), &title, styles);
    if count_w > 0 && area.width > count_w + 3 {
        buf.set_stringn(
            area.right() - count_w,
            y,
            &count,
            count_w as usize,
            row_style.patch(theme.dim()),
        );
    }
}

/// The mark before a title: plain characters, so any font and NO_COLOR show them.
pub fn status_mark(status: Option<DocStatus>) -> &'static str {
    match status {
        None | Some(DocStatus::Todo) => " ",
        Some(DocStatus::InProgress) => "~",
        Some(DocStatus::Done) => "✓",
        Some(DocStatus::Skipped) => "-",
        Some(DocStatus::Flagged) => "!",
    }
}

fn mark_style(theme: &Theme, status: Option<DocStatus>) -> Style {
    match status {
        Some(DocStatus::Done) => theme.ok(),
        Some(DocStatus::Flagged) => theme.error(),
        Some(DocStatus::InProgress) => theme.warn(),
        _ => theme.dim(),
    }
}

/// Pieces of text, each marked (a search match) or not.
type Marked = Vec<(String, bool)>;

fn put_marked(buf: &mut Buffer, (mut x, y): (u16, u16), pieces: &Marked, styles: (Style, Style)) {
    for (text, marked) in pieces {
        let style = if *marked { styles.1 } else { styles.0 };
        let w = text.width();
        buf.set_stringn(x, y, text, w, style);
        x = x.saturating_add(w as u16);
    }
}

/// The graphemes of `s` with their first code point and width.
fn graphemes(s: &str) -> Vec<(usize, &str, usize)> {
    let mut cp = 0;
    unicode_segmentation::UnicodeSegmentation::graphemes(s, true)
        .map(|g| {
            let at = cp;
            cp += g.chars().count();
            (at, g, g.width())
        })
        .collect()
}

/// Adds a grapheme to `out`, joining it to the last piece when marked alike.
fn push(out: &mut Marked, g: &str, marked: bool) {
    match out.last_mut() {
        Some((text, m)) if *m == marked => text.push_str(g),
        _ => out.push((g.to_string(), marked)),
    }
}

/// `s` cut to `width` columns (ending in `…` when cut), its graphemes marked where they hold
/// a code point of `positions` (sorted).
fn marked_cut(s: &str, positions: &[usize], width: usize) -> Marked {
    let all = graphemes(s);
    let fits = all.iter().map(|g| g.2).sum::<usize>() <= width;
    let mut out = Marked::new();
    let mut w = 0;
    for (at, g, gw) in all {
        if !fits && w + gw + 1 > width {
            push(&mut out, "…", false);
            break;
        }
        let end = at + g.chars().count();
        let from = positions.partition_point(|&p| p < at);
        push(&mut out, g, positions.get(from).is_some_and(|&p| p < end));
        w += gw;
    }
    out
}

/// A window of `s`, `width` columns wide, that shows `highlight` (code points) with about a
/// third of the room before it; `…` where it is cut.
fn fit_around(s: &str, highlight: std::ops::Range<usize>, width: usize) -> Marked {
    let all = graphemes(s);
    let marked = |at: usize| highlight.contains(&at);
    let mut out = Marked::new();
    if all.iter().map(|g| g.2).sum::<usize>() <= width {
        for (at, g, _) in &all {
            push(&mut out, g, marked(*at));
        }
        return out;
    }
    let first = all.partition_point(|g| g.0 < highlight.start);
    let mut start = first;
    let mut before = 0;
    while start > 0 && before + all[start - 1].2 <= width / 3 {
        start -= 1;
        before += all[start].2;
    }
    // begin at a word, not in the middle of one
    let in_word = |n: usize| all[n].1.chars().any(char::is_alphanumeric);
    if start > 0 && in_word(start - 1) {
        while start < first && in_word(start) {
            start += 1;
        }
        while start < first && !in_word(start) {
            start += 1;
        }
    }
    let mut w = 0;
    if start > 0 {
        push(&mut out, "…", false);
        w += 1;
    }
    for (n, (at, g, gw)) in all.iter().enumerate().skip(start) {
        let last = n + 1 == all.len();
        if w + gw + usize::from(!last) > width {
            push(&mut out, "…", false);
            break;
        }
        push(&mut out, g, marked(*at));
        w += gw;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(pieces: &Marked) -> String {
        pieces
            .iter()
            .map(|(t, m)| if *m { format!("[{t}]") } else { t.clone() })
            .collect()
    }

    #[test]
    fn titles_mark_matched_graphemes_and_cut_with_an_ellipsis() {
        assert_eq!(
            show(&marked_cut("Атырау облысы", &[0, 1, 7], 20)),
            "[Ат]ырау [о]блысы"
        );
        assert_eq!(
            show(&marked_cut("Атырау облысы", &[0, 1, 7], 8)),
            "[Ат]ырау …"
        );
        // a combining mark belongs to its letter; wide letters count twice
        assert_eq!(
            show(&marked_cut("е\u{301}кі 中文字", &[1, 5], 7)),
            "[е\u{301}]кі [中]…"
        );
    }

    #[test]
    fn snippets_keep_the_highlight_in_view() {
        let text = "…бағытындағы өңірлік комиссияның алғашқы отырысы өтті…";
        let start = text[..text.find("комиссияның").unwrap()].chars().count();
        let shown = fit_around(text, start..start + 11, 20);
        assert_eq!(show(&shown), "…[комиссияның] алғашқ…");
        let width: usize = shown.iter().map(|(t, _)| t.width()).sum();
        assert!(width <= 20);
        assert_eq!(show(&fit_around("қысқа сөз", 6..9, 20)), "қысқа [сөз]");
    }
}
