//! Drawing: a pure function of the app state. Nothing here changes the app or does I/O.

mod footer;
mod style;

pub use super::views::help::help_lines;
pub use super::views::list::status_mark;
pub use style::{Colors, Theme, label_color};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Prompt};
use super::component::Component;
use super::screen::areas;
use super::views::text::draw_empty;

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
    let shared = app.shared();
    if let Some(list) = parts.list {
        app.list.draw(&shared, list, buf, &theme);
    }
    if let Some(text) = parts.text {
        match &app.reader {
            Some(reader) => reader.draw(&shared, text, buf, &theme),
            None => draw_empty(&shared, text, buf, &theme),
        }
    }
    footer::draw_footer(app, parts.footer, buf, &theme);
    for layer in app.layers.iter() {
        // the input line is drawn in the footer's first line
        if !(layer as &dyn std::any::Any).is::<Prompt>() {
            layer.draw(&shared, area, buf, &theme);
        }
    }
}
