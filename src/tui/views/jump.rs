//! The word jump (vim's `f`/`F`/`;`/`,` by word): `m` then a character moves the cursor to
//! the next word starting with it, `M` to the previous one; `;` repeats, `,` repeats the
//! other way. Characters compare folded as search folds them (`а` finds «Әдиева», `к`
//! finds «Қанат»). The view only waits for the character, on the footer's line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::action::Action;
use crate::keymap::Mode;
use crate::search::fold::{fold, words};
use crate::tui::app::App;
use crate::tui::component::{Component, Flow};
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

    fn update(&mut self, action: Action, app: &mut App) -> Flow {
        if let Action::Insert(c) = action {
            app.last_jump = Some((c, self.forward));
            app.jump_to_word(c, self.forward);
        }
        Flow::Close
    }

    fn draw(&self, _app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
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

impl App {
    /// Moves the cursor to the next (previous) word whose first letter folds like `c`.
    pub(crate) fn jump_to_word(&mut self, c: char, forward: bool) {
        let Some((article, cursor)) = self.reader.as_ref().map(|r| (r.article, r.cursor)) else {
            return;
        };
        let text = &self.desk.corpus.articles[article].text;
        let wanted = fold(c.encode_utf8(&mut [0u8; 4]));
        if wanted.is_empty() {
            return;
        }
        let starts_so = |w: &str| {
            let first = w.chars().next().map(String::from).unwrap_or_default();
            fold(&first) == wanted
        };
        let mut candidates = words(text).filter(|w| starts_so(w.text)).map(|w| w.start);
        let found = if forward {
            candidates.find(|&s| s > cursor)
        } else {
            candidates.take_while(|&s| s < cursor).last()
        };
        match found {
            Some(start) => self.move_to(start),
            None => {
                let way = if forward { "after" } else { "before" };
                self.say(format!("no word starting with {c:?} {way} the cursor"));
            }
        }
    }

    /// `;` (same way) and `,` (the other way): the last jump again.
    pub(crate) fn repeat_jump(&mut self, same_way: bool) {
        match self.last_jump {
            Some((c, forward)) => self.jump_to_word(c, forward == same_way),
            None => self.say("no word jump yet: m then a character"),
        }
    }
}
