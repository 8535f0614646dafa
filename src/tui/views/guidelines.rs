//! The team's guidelines (`guidelines.md` at the workspace root) over the panes,
//! scrollable; headings in bold, every character made safe for the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use crate::action::Action;
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

/// The guidelines, scrolled `scroll` lines down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuidelinesView {
    pub scroll: u16,
}

impl Component for GuidelinesView {
    /// The help's keys: scroll, close.
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        // wrapped lines may be more; the paragraph stops at the end of its text anyway
        let lines = ctx
            .desk
            .guidelines
            .as_deref()
            .map_or(0, |g| g.lines().count());
        super::help::scroll_box(&mut self.scroll, lines as u16, action, ctx)
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(1, 76).min(area.width);
        let height = area.height.saturating_sub(2).max(1).min(area.height);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        Clear.render(popup, buf);
        let text = app.desk.guidelines.as_deref().unwrap_or_default();
        let lines: Vec<Line> = text.lines().map(line).collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(
                Block::new()
                    .borders(Borders::ALL)
                    .border_type(BorderType::Thick)
                    .border_style(theme.border(true))
                    .title(super::help::box_title(app, "Guidelines")),
            )
            .render(popup, buf);
    }
}

/// One line of the file: a `#` heading in bold, the rest as written (made safe).
fn line(text: &str) -> Line<'static> {
    let safe = sanitize(text).into_owned();
    match text.trim_start().strip_prefix('#') {
        Some(_) => Line::styled(
            safe.trim_start_matches(['#', ' ']).to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        None => Line::raw(safe),
    }
}
