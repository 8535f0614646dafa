//! Colours and text attributes. Only the 16 basic colours; with NO_COLOR none at all,
//! and every distinction is still made by attributes and text.

use ratatui::style::{Color, Modifier, Style};

use crate::annotation::SpanState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    /// The 16 basic ANSI colours.
    Basic,
    /// NO_COLOR: attributes only.
    None,
}

impl Colors {
    /// NO_COLOR set to anything but the empty string turns colour off (no-color.org).
    pub fn from_env() -> Colors {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Colors::None,
            _ => Colors::Basic,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colors: Colors,
}

/// A label's colour by its name in `tanba.ron`; unknown names get one by position.
pub fn label_color(name: &str, position: usize) -> Color {
    match name
        .to_ascii_lowercase()
        .replace(['_', '-', ' '], "")
        .as_str()
    {
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" | "purple" => Color::Magenta,
        "cyan" => Color::Cyan,
        "white" | "gray" | "grey" => Color::Gray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        _ => [
            Color::Yellow,
            Color::Cyan,
            Color::Magenta,
            Color::Green,
            Color::Blue,
            Color::Red,
        ][position % 6],
    }
}

/// Dark text reads on light backgrounds, light text on dark ones.
fn text_on(bg: Color) -> Color {
    match bg {
        Color::Blue | Color::Red | Color::Magenta => Color::White,
        _ => Color::Black,
    }
}

impl Theme {
    fn colored(&self) -> bool {
        self.colors == Colors::Basic
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.colored() {
            style.fg(color)
        } else {
            style
        }
    }

    /// Text inside a span: accepted ones filled with the label colour (underlined and
    /// bold without colour), pending ones in the label colour, italic (dim without colour).
    pub fn span_text(&self, color: Color, state: SpanState) -> Style {
        match (state, self.colored()) {
            (SpanState::Pending, true) => Style::new()
                .fg(color)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            (SpanState::Pending, false) => {
                Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM)
            }
            (_, true) => Style::new().bg(color).fg(text_on(color)),
            (_, false) => Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        }
    }

    /// Brackets and tag of a span.
    pub fn span_mark(&self, color: Color, state: SpanState) -> Style {
        let style = match state {
            SpanState::Pending => Style::new().add_modifier(Modifier::DIM),
            _ => Style::new().add_modifier(Modifier::BOLD),
        };
        self.fg(style, color)
    }

    pub fn selection(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The cursor: reversed, or underlined where the selection is already reversed.
    pub fn cursor(&self, in_selection: bool, focused: bool) -> (Modifier, Modifier) {
        match (in_selection, focused) {
            (false, true) => (Modifier::REVERSED, Modifier::empty()),
            (true, true) => (Modifier::UNDERLINED | Modifier::BOLD, Modifier::REVERSED),
            (_, false) => (Modifier::UNDERLINED, Modifier::empty()),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.colored()) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn dim(&self) -> Style {
        if self.colored() {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn ok(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn warn(&self) -> Style {
        self.fg(Style::new(), Color::Yellow)
    }

    pub fn label(&self, color: Color) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), color)
    }

    pub fn selected_row(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn status_bar(&self) -> Style {
        if self.colored() {
            Style::new().bg(Color::Black).fg(Color::Gray)
        } else {
            Style::new()
        }
    }
}
