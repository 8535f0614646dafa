//! The knowledge-base picker (`@` on a span): the entries of `kb.tsv` in a list over the
//! text, filtered as you type by a fuzzy match on names and aliases (folded as search
//! folds: Kazakh letters typed on a Russian keyboard or in Latin), each with its id and
//! description. Enter links the span to the chosen entry; the last row, `+ new entry`,
//! adds the typed name to `kb.tsv` with a fresh id (`<annotator>-N`) and links to it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};

use super::label_picker::{PickerFrame, edit_at_end, move_selection};
use super::text::Reader;
use crate::action::Action;
use crate::annotation::Span;
use crate::desk::Desk;
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbPicker {
    /// The span being linked.
    pub span: Span,
    pub query: String,
    /// Indices into the knowledge base of the entries that match, best first.
    pub shown: Vec<usize>,
    /// Position in `shown` of the chosen entry; `shown.len()` is the new-entry row.
    pub selected: usize,
}

impl KbPicker {
    /// A picker for `span`: every entry, the one it is linked to (if any) chosen.
    pub fn new(desk: &Desk, span: Span) -> KbPicker {
        let mut picker = KbPicker {
            query: String::new(),
            shown: desk.kb.kb.rank(""),
            selected: 0,
            span,
        };
        if let Some(id) = &picker.span.kb {
            let at = desk.kb.kb.entries.iter().position(|e| &e.id == id);
            picker.selected = at
                .and_then(|i| picker.shown.iter().position(|&s| s == i))
                .unwrap_or(0);
        }
        picker
    }

    fn refilter(&mut self, desk: &Desk) {
        self.shown = desk.kb.kb.rank(&self.query);
        self.selected = 0;
    }

    /// Rows the list has: the entries, and the new-entry row once a name is typed.
    fn rows_count(&self) -> usize {
        self.shown.len() + usize::from(!self.query.trim().is_empty())
    }

    /// Query editing at its end; false if `action` is not an edit.
    fn edit(&mut self, action: Action) -> bool {
        edit_at_end(&mut self.query, action)
    }

    /// Enter: link to the chosen entry, or add the typed name as a new one and link.
    fn confirm(&self, ctx: &mut Context) {
        let id = match self.shown.get(self.selected) {
            Some(&i) => ctx.desk.kb.kb.entries[i].id.clone(),
            None if self.query.trim().is_empty() => {
                return ctx.fail("kb.tsv has no entry: type a name to add one");
            }
            None => match ctx.desk.add_kb_entry(&self.query, "") {
                Ok(id) => id,
                Err(e) => return ctx.fail(format!("kb.tsv: {e}")),
            },
        };
        let outcome = ctx.desk.link(ctx.current, &self.span, &id);
        ctx.heard(outcome);
    }
}

impl Component for KbPicker {
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        use Action::*;
        if self.edit(action) {
            self.refilter(ctx.desk);
            return Flow::Stay;
        }
        let last = self.rows_count().saturating_sub(1);
        if move_selection(&mut self.selected, action, last) {
            return Flow::Stay;
        }
        match action {
            Confirm => {
                self.confirm(ctx);
                return Flow::Close;
            }
            Cancel | Back => return Flow::Close,
            Quit => {
                ctx.push(Command::Quit);
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let text: String = self.span.text.chars().take(24).collect();
        let title = format!(
            " Link «{}» ({} of {}) ↑↓ enter esc ",
            sanitize(&text),
            self.shown.len(),
            app.desk.kb.kb.entries.len()
        );
        let frame = PickerFrame {
            max_width: 70,
            choices: self.rows_count(),
            selected: self.selected,
            title,
            query: &self.query,
            empty: "(kb.tsv has no entry: type a name to add one)",
        };
        frame.draw(area, buf, theme, |top, count| {
            self.rows(app.desk, theme, top, count)
        });
    }
}

impl KbPicker {
    /// One line per row from `top`: a marker on the chosen one, the id, the name, its
    /// aliases and description dimmed; then the new-entry row.
    fn rows(&self, desk: &Desk, theme: &Theme, top: usize, count: usize) -> Vec<Line<'static>> {
        let entries = &desk.kb.kb.entries;
        let id_width = self
            .shown
            .iter()
            .map(|&i| entries[i].id.chars().count())
            .max()
            .unwrap_or(0)
            .min(12);
        let style = |chosen: bool| match chosen {
            true => Style::new().add_modifier(Modifier::REVERSED),
            false => Style::new(),
        };
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (position, &i) in self.shown.iter().enumerate().skip(top).take(count) {
            let e = &entries[i];
            let row = style(position == self.selected);
            let mut extra = e.aliases.join(", ");
            if !e.description.is_empty() {
                extra = match extra.is_empty() {
                    true => e.description.clone(),
                    false => format!("{extra} — {}", e.description),
                };
            }
            lines.push(Line::from(vec![
                Text::styled(
                    if position == self.selected {
                        "▸"
                    } else {
                        " "
                    },
                    row,
                ),
                Text::styled(format!("{:id_width$} ", sanitize(&e.id)), row),
                Text::styled(
                    sanitize(&e.name).into_owned(),
                    row.add_modifier(Modifier::BOLD),
                ),
                Text::styled(format!("  {}", sanitize(&extra)), theme.dim().patch(row)),
            ]));
        }
        let new_row = self.shown.len();
        if self.rows_count() > new_row && new_row >= top && new_row < top + count {
            let row = style(self.selected == new_row);
            lines.push(Line::from(vec![
                Text::styled(if self.selected == new_row { "▸" } else { " " }, row),
                Text::styled(
                    format!(
                        "+ new entry «{}» ({})",
                        sanitize(self.query.trim()),
                        desk.kb.kb.next_id(&desk.annotator)
                    ),
                    row,
                ),
            ]));
        }
        lines
    }
}

impl Reader {
    /// `@`: the knowledge-base picker for the innermost span under the cursor.
    pub(crate) fn start_link(&mut self, ctx: &mut Context) {
        match ctx.desk.spans_at(self.article, self.cursor).first() {
            Some(span) => {
                let picker = KbPicker::new(ctx.desk, (*span).clone());
                ctx.push(Command::Layer(Box::new(picker)));
            }
            None => ctx.fail("no span under the cursor to link"),
        }
    }

    /// `!`: takes the link off the innermost linked span under the cursor.
    pub(crate) fn unlink(&mut self, ctx: &mut Context) {
        let spans = ctx.desk.spans_at(self.article, self.cursor);
        match spans.iter().find(|s| s.kb.is_some()).map(|s| (*s).clone()) {
            Some(span) => {
                let outcome = ctx.desk.unlink(self.article, &span);
                ctx.heard(outcome);
            }
            None => ctx.fail("no linked span under the cursor"),
        }
    }
}
