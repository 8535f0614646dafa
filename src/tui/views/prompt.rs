//! The input line at the bottom: `/` search over the list and `c` notes on spans, with
//! the usual line editing. What the line is for decides what enter and esc do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::Widget;

use crate::action::Action;
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The search query line (what to go back to is in `SearchState`).
    Search,
    /// Editing the note of the span with this key.
    Note {
        start: usize,
        end: usize,
        label: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Cursor in the input, in chars.
    pub at: usize,
}

impl Prompt {
    /// A line holding `input`, the cursor at its end.
    pub fn new(kind: PromptKind, input: String) -> Prompt {
        let at = input.chars().count();
        Prompt { kind, input, at }
    }

    /// Line editing; false if `action` is not an edit.
    fn edit(&mut self, action: Action) -> bool {
        use Action::*;
        let len = self.input.chars().count();
        let byte = |s: &str, at: usize| s.char_indices().nth(at).map_or(s.len(), |(b, _)| b);
        match action {
            Insert(c) if !c.is_control() => {
                self.input.insert(byte(&self.input, self.at), c);
                self.at += 1;
            }
            DeleteBack if self.at > 0 => {
                self.input.remove(byte(&self.input, self.at - 1));
                self.at -= 1;
            }
            DeleteForward if self.at < len => {
                self.input.remove(byte(&self.input, self.at));
            }
            DeleteWordBack => {
                let chars: Vec<char> = self.input.chars().collect();
                let mut from = self.at;
                while from > 0 && chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                while from > 0 && !chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                let range = byte(&self.input, from)..byte(&self.input, self.at);
                self.input.replace_range(range, "");
                self.at = from;
            }
            DeleteToStart => {
                self.input.replace_range(..byte(&self.input, self.at), "");
                self.at = 0;
            }
            Left => self.at = self.at.saturating_sub(1),
            Right => self.at = (self.at + 1).min(len),
            LineStart => self.at = 0,
            LineEnd => self.at = len,
            _ => return false,
        }
        true
    }

    /// Enter: a search opens its answer (or waits for it); a note is saved.
    /// The search line stays until the App closes it on the answer.
    fn confirm(&self, ctx: &mut Context) -> Flow {
        match &self.kind {
            PromptKind::Search => {
                ctx.push(Command::ConfirmSearch(self.input.clone()));
                Flow::Stay
            }
            PromptKind::Note { start, end, label } => {
                ctx.push(Command::Note {
                    start: *start,
                    end: *end,
                    label: label.clone(),
                    text: self.input.clone(),
                });
                Flow::Close
            }
        }
    }

    /// The line as drawn: what it is for, the input with its cursor, the search's state.
    pub fn line<'a>(&self, app: &Shared<'a>, theme: &Theme) -> Line<'a> {
        let head = match &self.kind {
            PromptKind::Search => "/".to_string(),
            PromptKind::Note { label, .. } => format!("note on {label}: "),
        };
        let chars: Vec<char> = self.input.chars().collect();
        let before: String = chars[..self.at].iter().collect();
        let under: String = chars.get(self.at).map_or(" ".into(), |c| c.to_string());
        let after: String = chars
            .get(self.at + 1..)
            .map_or(String::new(), |c| c.iter().collect());
        let mut line = vec![
            Text::styled(head, theme.label(ratatui::style::Color::Cyan)),
            Text::raw(sanitize(&before).into_owned()),
            Text::styled(
                sanitize(&under).into_owned(),
                Style::new().add_modifier(Modifier::REVERSED),
            ),
            Text::raw(sanitize(&after).into_owned()),
        ];
        if self.kind == PromptKind::Search {
            line.extend(search_state(app, &self.input, theme));
        }
        Line::from(line)
    }
}

impl Component for Prompt {
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        use Action::*;
        let before = self.input.clone();
        match action {
            _ if self.edit(action) => {}
            Up | Down if self.kind == PromptKind::Search => ctx.push(Command::StepHit(action)),
            Confirm => return self.confirm(ctx),
            Cancel => {
                if self.kind == PromptKind::Search {
                    ctx.push(Command::CancelSearch);
                }
                return Flow::Close;
            }
            Quit => ctx.push(Command::Quit),
            _ => {}
        }
        if self.kind == PromptKind::Search && self.input != before {
            ctx.push(Command::QueryEdited(self.input.clone()));
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.line(app, theme).render(area, buf);
    }
}

/// After the query: its error, else how many articles match (in titles only for one
/// letter), and whether the index is still being built.
fn search_state(app: &Shared, input: &str, theme: &Theme) -> Vec<Text<'static>> {
    if let Some(error) = &app.desk.search.error {
        return vec![Text::styled(
            format!("  {}", sanitize(error)),
            theme.error(),
        )];
    }
    let mut parts = Vec::new();
    if let Some(f) = app
        .desk
        .filter
        .as_ref()
        .filter(|_| !input.trim().is_empty())
    {
        let n = f.matches.len();
        parts.push(Text::styled(
            format!("  {n} match{}", if n == 1 { "" } else { "es" }),
            if n == 0 { theme.error() } else { theme.dim() },
        ));
        if f.results.one_letter {
            parts.push(Text::styled("  in titles (type more)", theme.dim()));
        }
    }
    if app.desk.search.waiting_to_open {
        parts.push(Text::styled("  searching…", theme.dim()));
    }
    if app.desk.search.indexing || app.desk.filter.as_ref().is_some_and(|f| f.results.partial) {
        parts.push(Text::styled("  indexing…", theme.warn()));
    }
    parts
}
