//! Drawing: a pure function of the app state. Nothing here changes the app or does I/O.

mod footer;
mod help;
mod list;
mod style;
mod text;

pub use help::help_lines;
pub use list::status_mark;
pub use style::{Colors, Theme, label_color};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Overlay};
use super::screen::areas;

/// Draws the whole screen. `colors` comes from the caller (NO_COLOR is read once, at
/// start), so tests can draw both ways.
pub fn draw(app: &App, frame: &mut Frame, colors: Colors) {
    let area = frame.area();
    render(app, area, frame.buffer_mut(), colors);
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, colors: Colors) {
    let theme = Theme { colors };
    let Some(parts) = areas(area, app.focus) else {
        return; // too small to show anything: show nothing rather than garbage
    };
    if let Some(list) = parts.list {
        list::draw_list(app, list, buf, &theme);
    }
    if let Some(text) = parts.text {
        text::draw_text(app, text, buf, &theme);
    }
    footer::draw_footer(app, parts.footer, buf, &theme);
    if let Overlay::Help { mode, scroll } = &app.overlay {
        help::draw_help(app, *mode, *scroll, area, buf, &theme);
    }
}
