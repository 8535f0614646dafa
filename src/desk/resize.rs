//! Moving a span's edges one word at a time (`}` `{` `(` `)`): the words are the text's
//! (`textnav::Nav`'s span edges), the room the new range needs is made by the scheme's one
//! rule (`room_for`, as for a new span), and the span keeps its label, origin, note,
//! link and relations. A pending span resized is accepted by the person who resized it
//! (they reviewed and corrected it); its origin stays, so its provenance still shows.

use std::sync::Arc;

use super::{Desk, Outcome};
use crate::annotation::{Op, Span, SpanState};
use crate::text::sanitize;
use crate::textnav::Nav;

/// Which edge moves, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resize {
    /// `}`: the end one word further.
    EndLater,
    /// `{`: the end one word back.
    EndEarlier,
    /// `(`: the start one word earlier.
    StartEarlier,
    /// `)`: the start one word later.
    StartLater,
}

impl Resize {
    pub const ALL: [Resize; 4] = [
        Resize::EndLater,
        Resize::EndEarlier,
        Resize::StartEarlier,
        Resize::StartLater,
    ];

    fn grows(self) -> bool {
        matches!(self, Resize::EndLater | Resize::StartEarlier)
    }

    /// `[start, end)` moved one word, or why it cannot move.
    pub fn apply(
        self,
        nav: &Nav,
        start: usize,
        end: usize,
    ) -> Result<(usize, usize), &'static str> {
        let moved = match self {
            Resize::EndLater => nav.end_after(end).map(|e| (start, e)),
            Resize::EndEarlier => nav.end_before(start, end).map(|e| (start, e)),
            Resize::StartEarlier => nav.start_before(start).map(|s| (s, end)),
            Resize::StartLater => nav.start_after(start, end).map(|s| (s, end)),
        };
        moved.ok_or(match self {
            Resize::EndLater => "no word after the span on its line",
            Resize::StartEarlier => "no word before the span on its line",
            _ => "the span is one word: it cannot shrink (x deletes it)",
        })
    }
}

impl Desk {
    /// `[start, end)` of `article` moved one word by `how`, with the text it covers.
    fn resized_range(
        &mut self,
        article: usize,
        span: &Span,
        how: Resize,
    ) -> Result<(usize, usize, String), &'static str> {
        let corpus = Arc::clone(&self.corpus);
        let text = &corpus.articles[article].text;
        let index = super::edit::char_index(&mut self.chars, article, text);
        let nav = Nav::new(text, index);
        let (a, b) = how.apply(&nav, span.start, span.end)?;
        let covered = index
            .slice(text, a, b)
            .ok_or("the span is outside the text")?;
        Ok((a, b, covered.to_string()))
    }

    /// Moves one edge of the innermost live span over `at` one word (`how`), as one
    /// undoable change; the cursor stays on the span so the key can repeat.
    pub fn resize(&mut self, article: usize, at: usize, how: Resize) -> Outcome {
        let Some(span) = self.spans_at(article, at).first().map(|s| (*s).clone()) else {
            return Outcome::fail("no span under the cursor");
        };
        let (a, b, covered) = match self.resized_range(article, &span, how) {
            Ok(moved) => moved,
            Err(why) => return Outcome::fail(why),
        };
        let mut new = self.changed(&span);
        (new.start, new.end, new.text) = (a, b, covered);
        new.state = SpanState::Accepted;
        let twin = self.spans_with_range(article, a, b);
        let twin = twin.iter().find(|s| s.label == span.label);
        if twin.is_some_and(|t| t.state != SpanState::Rejected) {
            return Outcome::fail(format!(
                "a {} span over «{}» is there already",
                span.label,
                sanitize(&new.text)
            ));
        }
        let (mut ops, effects) = self.room_for(article, &new, &[&span]);
        // a rejected twin gives way: the resized span is the person's word on that range
        ops.extend(twin.map(|t| Op::Remove(t.clone())));
        ops.push(Op::Replace {
            old: span.clone(),
            new: new.clone(),
        });
        let verb = if span.state == SpanState::Pending {
            "accepted "
        } else {
            ""
        };
        let sign = if how.grows() { '+' } else { '-' };
        let what = format!(
            "{verb}{} «{}» ({sign}1 word){}",
            new.label,
            sanitize(&new.text),
            effects.describe()
        );
        let mut outcome = self.commit(article, ops, &what);
        if outcome.done && !(a..b).contains(&at) {
            outcome.cursor = Some(if at < a { a } else { b - 1 });
        }
        outcome
    }
}

#[cfg(test)]
#[path = "resize_tests.rs"]
mod tests;
