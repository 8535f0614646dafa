//! The article list: status mark, title, span count; the current article highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Theme;
use crate::annotation::DocStatus;
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::screen::{Focus, inner};

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

pub fn draw_list(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let focused = app.focus == Focus::List;
    let visible = app.visible();
    let title = match &app.filter {
        Some(f) => format!(
            " /{} {}/{} ",
            sanitize(&f.query),
            f.matches.len(),
            app.corpus.articles.len()
        ),
        None => format!(" Articles {} ", app.corpus.articles.len()),
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(theme.border(focused))
        .title(title)
        .render(area, buf);
    let area = inner(area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    if visible.is_empty() {
        let why = if app.corpus.articles.is_empty() {
            "(no articles)"
        } else {
            "(nothing matches)"
        };
        Paragraph::new(why).style(theme.dim()).render(area, buf);
        return;
    }
    for (row, &i) in visible
        .iter()
        .skip(app.list_top)
        .take(area.height as usize)
        .enumerate()
    {
        let y = area.y + row as u16;
        let slot = app.slot(i);
        let status = slot.map(|s| s.doc.status);
        let count = slot
            .map(|s| s.doc.live_spans().count().to_string())
            .unwrap_or_default();
        let mark = if slot.is_some_and(|s| s.read_only.is_some()) {
            "×"
        } else {
            status_mark(status)
        };
        buf.set_stringn(area.x, y, mark, 1, mark_style(theme, status));
        let count_w = count.width() as u16;
        let title_w = area.width.saturating_sub(3 + count_w) as usize;
        let title = ellipsis(&sanitize(&app.article(i).title), title_w);
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
        buf.set_stringn(area.x + 2, y, &title, title_w, row_style);
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
}

/// `s` cut to `width` columns, ending in `…` when cut.
pub fn ellipsis(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}
