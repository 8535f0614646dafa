//! Relations by keys: `>` on a span starts one; the motions below this layer move the
//! cursor to the other span; `>` there picks it; then the relation's key (or its number
//! in the list shown) names it. `<` removes a relation of the span under the cursor,
//! asking for its number (the one drawn after both tags) when it has several.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::hint::draw_hint;
use crate::action::Action;
use crate::annotation::{Relation, Span};
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

/// Where a relation made by keys stands.
#[derive(Debug, Clone)]
pub enum RelationPrompt {
    /// From this span; the cursor is looking for the other one.
    Target { from: Span },
    /// Both ends known: waiting for the relation's key or number.
    Name { from: Span, to: Span },
    /// Which of these relations (numbered as drawn) to remove.
    Remove { relations: Vec<(usize, Relation)> },
}

/// The keys that move the cursor: they go on to the text below while a target is sought.
fn is_motion(action: Action) -> bool {
    use Action::*;
    matches!(
        action,
        Up | Down
            | Left
            | Right
            | WordNext
            | WordPrev
            | WordEnd
            | LineStart
            | LineEnd
            | Top
            | Bottom
            | PageUp
            | PageDown
            | ForwardWord
            | BackwardWord
            | NextSpan
            | PrevSpan
            | NextPending
            | PrevPending
            | JumpForward
            | JumpBack
            | JumpRepeat
            | JumpRepeatBack
            | Click { .. }
            | ScrollUp { .. }
            | ScrollDown { .. }
            | Quit
            | Suspend
            | Help
    )
}

impl RelationPrompt {
    fn name(&self, c: char, ctx: &mut Context) {
        let RelationPrompt::Name { from, to } = self else {
            return;
        };
        let choices = ctx.desk.relation_choices(&from.label, &to.label);
        let by_number = c
            .to_digit(10)
            .and_then(|n| choices.get((n as usize).checked_sub(1)?));
        let label = by_number
            .copied()
            .or_else(|| ctx.desk.relation_labels.by_key(c))
            .map(|l| l.name.clone());
        match label {
            Some(label) => {
                let outcome = ctx.desk.relate(ctx.current, from, to, &label);
                ctx.heard(outcome);
            }
            None => ctx.fail(format!("no relation on {c:?}: relation cancelled")),
        }
    }

    fn remove(&self, c: char, ctx: &mut Context) {
        let RelationPrompt::Remove { relations } = self else {
            return;
        };
        let wanted = c.to_digit(10).map(|n| n as usize);
        match relations.iter().find(|(n, _)| Some(*n) == wanted) {
            Some((_, relation)) => {
                let outcome = ctx.desk.unrelate(ctx.current, relation);
                ctx.heard(outcome);
            }
            None => ctx.fail(format!("no relation {c:?} on this span")),
        }
    }

    /// What the line above the footer says.
    fn line(&self, shared: &Shared) -> String {
        match self {
            RelationPrompt::Target { from } => format!(
                "relation from {} «{}»: move to the other span, then > (esc cancels)",
                from.label,
                sanitize(&from.text)
            ),
            RelationPrompt::Name { from, to } => {
                let choices = shared.desk.relation_choices(&from.label, &to.label);
                let listed: Vec<String> = choices
                    .iter()
                    .enumerate()
                    .map(|(i, l)| match l.key {
                        Some(k) => format!("{k}/{} {}", i + 1, l.name),
                        None => format!("{} {}", i + 1, l.name),
                    })
                    .collect();
                format!("name the relation: {} (esc cancels)", listed.join(" · "))
            }
            RelationPrompt::Remove { relations } => {
                let listed: Vec<String> = relations
                    .iter()
                    .map(|(n, r)| format!("{n} {}", r.label))
                    .collect();
                format!("remove relation: {} (esc cancels)", listed.join(" · "))
            }
        }
    }
}

impl Component for RelationPrompt {
    /// While a target is sought the text's keys (motions, `>`); then typed characters.
    fn mode(&self) -> Mode {
        match self {
            RelationPrompt::Target { .. } => Mode::Text,
            _ => Mode::Prompt,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        match (&*self, action) {
            (RelationPrompt::Target { .. }, a) if is_motion(a) => Flow::Pass,
            (RelationPrompt::Target { from }, Action::Relate) => {
                ctx.push(Command::RelateTo(from.clone()));
                Flow::Close
            }
            (RelationPrompt::Target { .. }, Action::Back | Action::Cancel) => {
                ctx.say("relation cancelled");
                Flow::Close
            }
            (RelationPrompt::Target { .. }, _) => Flow::Stay,
            (RelationPrompt::Name { .. }, Action::Insert(c)) => {
                self.name(c, ctx);
                Flow::Close
            }
            (RelationPrompt::Remove { .. }, Action::Insert(c)) => {
                self.remove(c, ctx);
                Flow::Close
            }
            (_, Action::Cancel) => {
                ctx.say("cancelled");
                Flow::Close
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, shared: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        draw_hint(&self.line(shared), area, buf, theme);
    }
}

use super::text::Reader;

impl Reader {
    /// `>`: a relation from the innermost span under the cursor.
    pub(crate) fn start_relation(&mut self, ctx: &mut Context) {
        if ctx.desk.relation_labels.is_empty() {
            return ctx
                .fail("no relations in tanba.ron (relations: [(name: \"HEADS\", key: 'h')])");
        }
        match ctx.desk.spans_at(self.article, self.cursor).first() {
            Some(span) => {
                let from = (*span).clone();
                ctx.push(Command::Layer(Box::new(RelationPrompt::Target { from })));
            }
            None => ctx.fail("no span under the cursor to relate"),
        }
    }

    /// `>` again, on the other span: both ends known, the relation's name is asked.
    pub(crate) fn relate_to(&mut self, from: Span, ctx: &mut Context) {
        let Some(to) = ctx
            .desk
            .spans_at(self.article, self.cursor)
            .first()
            .map(|s| (*s).clone())
        else {
            return ctx.fail("no span under the cursor: relation cancelled");
        };
        if to.key() == from.key() {
            return ctx.fail("that is the same span: relation cancelled");
        }
        if ctx.desk.relation_choices(&from.label, &to.label).is_empty() {
            return ctx.fail(format!(
                "no relation goes from {} to {}: relation cancelled",
                from.label, to.label
            ));
        }
        ctx.push(Command::Layer(Box::new(RelationPrompt::Name { from, to })));
    }

    /// `<`: removes the relation of the span under the cursor, asking which if several.
    pub(crate) fn start_unrelate(&mut self, ctx: &mut Context) {
        let Some(span) = ctx
            .desk
            .spans_at(self.article, self.cursor)
            .first()
            .map(|s| (*s).clone())
        else {
            return ctx.fail("no span under the cursor");
        };
        let mut relations = ctx.desk.relations_of(self.article, &span);
        match relations.len() {
            0 => ctx.fail("this span has no relation"),
            1 => {
                let (_, relation) = relations.remove(0);
                let outcome = ctx.desk.unrelate(self.article, &relation);
                ctx.heard(outcome);
            }
            _ => ctx.push(Command::Layer(Box::new(RelationPrompt::Remove {
                relations,
            }))),
        }
    }
}
