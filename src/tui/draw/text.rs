//! The article pane: only the rows on screen are looked at, whatever the article's size.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget};

use super::style::{Theme, label_color};
use crate::annotation::{Span, SpanState};
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::motion::row_down;
use crate::tui::screen::{Focus, inner};
use crate::tui::wrap::{PieceKind, display_grapheme};

pub fn draw_text(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let focused = app.focus == Focus::Text;
    let title = app
        .reader
        .as_ref()
        .map(|r| sanitize(&app.article(r.article).title).into_owned())
        .unwrap_or_default();
    theme.pane(focused, format!(" {title} ")).render(area, buf);
    let area = inner(area);
    let Some(reader) = app.reader.as_ref() else {
        Paragraph::new("(no article)")
            .style(theme.dim())
            .render(area, buf);
        return;
    };
    if reader.text.is_empty() {
        Paragraph::new("(empty article)")
            .style(theme.dim())
            .render(area, buf);
        return;
    }
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = &app.article(reader.article).text;
    let slot = app.slot(reader.article);
    let spans: &[Span] = slot.map_or(&[], |s| &s.doc.spans);
    let selection = reader.anchor.map(|a| {
        let (lo, hi) = (a.min(reader.cursor), a.max(reader.cursor));
        (lo, hi)
    });
    let mut get = |b| app.wrapped_at(b, area.width);
    // the top row as laid out at this width (a resize may have left fewer rows)
    let top_block = reader.top.0.min(reader.text.blocks() - 1);
    let top_rows = get(top_block).rows.len();
    let mut pos = Some((top_block, reader.top.1.min(top_rows - 1)));
    for y in area.top()..area.bottom() {
        let Some((b, r)) = pos else { break };
        let wrapped = get(b);
        let pieces = wrapped.row_pieces(r);
        let row_end = wrapped.rows.get(r + 1).map_or(wrapped.end, |n| n.start);
        let row_start = wrapped.rows[r].start;
        // the spans that colour this row, found by binary search
        let covering: Vec<(usize, &Span)> = slot
            .map(|s| {
                s.index
                    .candidates(spans, row_start, row_end.max(row_start + 1))
                    .map(|i| (i, &spans[i]))
                    .filter(|(_, sp)| {
                        sp.state != SpanState::Rejected
                            && sp.end > row_start
                            && sp.start < row_end.max(row_start + 1)
                    })
                    .collect()
            })
            .unwrap_or_default();
        for p in pieces {
            let (symbol, style, is_cursor): (Cow<str>, Style, bool) = match p.kind {
                PieceKind::Text {
                    cp, byte, bytes, ..
                } => {
                    let g = &text[byte..byte + bytes as usize];
                    let innermost = covering
                        .iter()
                        .filter(|(_, s)| s.contains(cp))
                        .min_by_key(|(_, s)| s.len())
                        .map(|(_, s)| *s);
                    let mut style = innermost
                        .map_or(Style::new(), |s| theme.span_text(color_of(app, s), s.state));
                    let matched = in_match(&reader.matches, cp);
                    if matched {
                        style = style.patch(theme.search_match());
                    }
                    let selected = selection.is_some_and(|(lo, hi)| lo <= cp && cp <= hi);
                    if selected {
                        style = style.patch(theme.selection());
                    }
                    if cp == reader.cursor {
                        // on a reversed cell (selection, match) the cursor is the one not reversed
                        let (add, remove) =
                            theme.cursor(selected || matched, app.focus == Focus::Text);
                        style = style.add_modifier(add).remove_modifier(remove);
                    }
                    (display_grapheme(g), style, cp == reader.cursor)
                }
                PieceKind::Open { span } | PieceKind::Close { span } | PieceKind::Tag { span } => {
                    let Some(s) = spans.get(span as usize) else {
                        continue;
                    };
                    let style = theme.span_mark(color_of(app, s), s.state);
                    let symbol = match p.kind {
                        PieceKind::Open { .. } => Cow::Borrowed("["),
                        PieceKind::Close { .. } => Cow::Borrowed("]"),
                        _ => Cow::Owned(app.tag_text(s)),
                    };
                    (symbol, style, false)
                }
            };
            let how = if matches!(p.kind, PieceKind::Tag { .. }) {
                Put::Split
            } else if is_cursor {
                Put::Cursor
            } else {
                Put::Whole
            };
            put(buf, area, (p.x, y), p.width, &symbol, style, how);
        }
        pos = row_down(&mut get, reader.text.blocks(), (b, r));
    }
}

/// Whether `cp` is inside one of `matches` (sorted, not overlapping).
fn in_match(matches: &[std::ops::Range<usize>], cp: usize) -> bool {
    let i = matches.partition_point(|m| m.end <= cp);
    matches.get(i).is_some_and(|m| m.start <= cp)
}

fn color_of(app: &App, span: &Span) -> ratatui::style::Color {
    let i = app
        .label_index(&span.label)
        .unwrap_or(app.labels.labels.len());
    let name = app.labels.labels.get(i).map_or("", |l| l.color.as_str());
    label_color(name, i)
}

/// Writes one piece at column `x` of row `y`, clipped to `area`. A piece that hangs past
/// the edge (a space, the cursor on a newline) is drawn in the last column; a tag is
/// written cell by cell.
#[derive(PartialEq)]
enum Put {
    Whole,
    Split,
    Cursor,
}

fn put(
    buf: &mut Buffer,
    area: Rect,
    (x, y): (u16, u16),
    width: u16,
    symbol: &str,
    style: Style,
    how: Put,
) {
    if how == Put::Split {
        let mut cx = x;
        for ch in symbol.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) as u16;
            if w == 0 || cx + w > area.width {
                break;
            }
            set(buf, area.x + cx, y, &ch.to_string(), w, style);
            cx += w;
        }
        return;
    }
    if x + width <= area.width {
        set(buf, area.x + x, y, symbol, width, style);
    } else if how == Put::Cursor {
        // the cursor on a hanging space or newline still shows, in the last column
        let last = area.x + area.width - 1;
        if let Some(cell) = buf.cell_mut((last, y)) {
            cell.set_style(style);
        }
    }
}

fn set(buf: &mut Buffer, x: u16, y: u16, symbol: &str, width: u16, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(symbol).set_style(style);
    }
    for dx in 1..width {
        if let Some(cell) = buf.cell_mut((x + dx, y)) {
            cell.reset();
        }
    }
}
