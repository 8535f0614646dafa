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

    /// A search match in the text: reversed and underlined in any terminal, laid over the
    /// entity's own style so both show.
    pub fn search_match(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    /// Matched characters of a title or a snippet in the list, on a row drawn in `row`:
    /// yellow, or without colour reversed against the row (so they show on the selected
    /// one too).
    pub fn title_match(&self, row: Style) -> Style {
        let style = row.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.colored() {
            style.fg(Color::Yellow)
        } else if row.add_modifier.contains(Modifier::REVERSED) {
            style.remove_modifier(Modifier::REVERSED)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
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

    /// A pane's frame: thick when focused, so focus shows without colour too.
    pub fn pane(&self, focused: bool, title: String) -> ratatui::widgets::Block<'static> {
        use ratatui::widgets::{Block, BorderType, Borders};
        Block::new()
            .borders(Borders::ALL)
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(self.border(focused))
            .title(title)
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
