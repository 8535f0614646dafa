//! The line above the status bar where a layer waiting for one key says what it waits for.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::text::ellipsize;
use crate::tui::draw::Theme;

/// Draws `text` dimmed on the line above the status bar of `area`, cut to fit.
pub fn draw_hint(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let line = Rect {
        y: area.bottom() - 2,
        height: 1,
        ..area
    };
    Clear.render(line, buf);
    Paragraph::new(ellipsize(text, line.width as usize).into_owned())
        .style(theme.dim())
        .render(line, buf);
}
