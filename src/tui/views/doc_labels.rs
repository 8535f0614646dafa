//! `T` then a document label's key (or its number): what the whole article is about.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::hint::draw_hint;
use crate::action::Action;
use crate::keymap::Mode;
use crate::tui::component::{Component, Context, Flow, Shared};
use crate::tui::draw::Theme;

/// Waiting for the key of a document label.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocLabelPrompt;

impl Component for DocLabelPrompt {
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        match action {
            Action::Insert(c) => {
                match ctx.desk.doc_labels.by_key(c).map(|l| l.name.clone()) {
                    Some(name) => {
                        let outcome = ctx.desk.toggle_doc_label(ctx.current, &name);
                        ctx.heard(outcome);
                    }
                    None => ctx.fail(format!("no document label on {c:?}")),
                }
                Flow::Close
            }
            Action::Cancel => Flow::Close,
            _ => Flow::Stay,
        }
    }

    fn draw(&self, shared: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let set = &shared.desk.doc_labels;
        let listed: Vec<String> = set
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| match l.key {
                Some(k) => format!("{k}/{} {}", i + 1, l.name),
                None => format!("{} {}", i + 1, l.name),
            })
            .collect();
        let how = if set.several { "add or remove" } else { "set" };
        let text = format!("article label, {how}: {} (esc cancels)", listed.join(" · "));
        draw_hint(&text, area, buf, theme);
    }
}
