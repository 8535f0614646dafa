//! The word jump (vim's `f`/`F`/`;`/`,` by word): `m` then a character moves the cursor to
//! the next word starting with it, `M` to the previous one; `;` repeats, `,` repeats the
//! other way. Characters compare folded as search folds them (`а` finds «Әдиева», `к`
//! finds «Қанат»). The view only waits for the character, on the footer's line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::action::Action;
use crate::keymap::Mode;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

/// Waiting for the character to jump to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JumpPrompt {
    pub forward: bool,
}

impl JumpPrompt {
    pub fn new(forward: bool) -> JumpPrompt {
        JumpPrompt { forward }
    }
}

impl Component for JumpPrompt {
    /// The input line's keys: every plain character is typed, esc cancels.
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        if let Action::Insert(c) = action {
            ctx.push(Command::Jump(c, self.forward));
        }
        Flow::Close
    }

    fn draw(&self, _shared: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if area.height < 2 {
            return;
        }
        let line = Rect {
            y: area.bottom() - 2,
            height: 1,
            ..area
        };
        Clear.render(line, buf);
        let way = if self.forward { "next" } else { "previous" };
        Paragraph::new(format!(
            "jump to the {way} word starting with… (esc cancels)"
        ))
        .style(theme.dim())
        .render(line, buf);
    }
}
