//! The project's scheme and the edit rules that follow from it: whether spans may nest
//! or overlap, and one label per place. Every rule that replaces, rejects or leaves a
//! span because of another lives here, as a plan of `Op`s the caller commits as one
//! undoable change; the editor and the commands say what the plan did.

use serde::{Deserialize, Serialize};

use super::doc::DocAnnotations;
use super::history::Op;
use super::span::{Span, SpanState, Timestamp};

/// Whether a project's spans may nest or overlap (`spans: flat` in `tanba.ron`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SpanScheme {
    /// One span at most over any character, as CoNLL and `doc.ents` hold them.
    Flat,
    /// Spans may nest and overlap (brat, span groups).
    #[default]
    Nested,
}

impl SpanScheme {
    pub fn is_flat(self) -> bool {
        self == SpanScheme::Flat
    }

    /// Its name as `tanba.ron` and `--spans` spell it.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

fn overlap(a: &Span, start: usize, end: usize) -> bool {
    a.start < end && start < a.end
}

fn same_place(a: &Span, b: &Span) -> bool {
    (a.start, a.end) == (b.start, b.end)
}

/// Whether `other` competes with `span` for its place: the same range with another label
/// always; in a flat project any overlap.
pub fn competes(span: &Span, other: &Span, scheme: SpanScheme) -> bool {
    if span.key() == other.key() {
        return false;
    }
    same_place(span, other) || (scheme.is_flat() && overlap(other, span.start, span.end))
}

/// `span` restated by `who` now, with another state.
fn restated(span: &Span, state: SpanState, who: &str, when: Timestamp) -> Span {
    let mut new = span.clone();
    new.state = state;
    new.who = who.to_string();
    new.updated = when;
    new
}

/// What a plan did besides its main edit, for the message.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Effects {
    /// Pending rivals rejected (the same place; in a flat project, overlapping).
    pub rivals_rejected: usize,
    /// Accepted spans a flat project's new span replaced.
    pub replaced: usize,
}

impl Effects {
    /// `, rejected 1 rival; replaced 2 spans` or empty.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if self.rivals_rejected > 0 {
            let s = if self.rivals_rejected == 1 { "" } else { "s" };
            out += &format!("; rejected {} rival{s}", self.rivals_rejected);
        }
        if self.replaced > 0 {
            let s = if self.replaced == 1 { "" } else { "s" };
            out += &format!("; replaced {} span{s} under it", self.replaced);
        }
        out
    }
}

/// The ops that make room for `span` (about to be added or accepted) in `doc`: pending
/// rivals are rejected, and in a flat project accepted spans it overlaps are removed.
pub fn make_room(
    doc: &DocAnnotations,
    span: &Span,
    scheme: SpanScheme,
    who: &str,
    when: Timestamp,
) -> (Vec<Op>, Effects) {
    let mut ops = Vec::new();
    let mut effects = Effects::default();
    for other in doc.spans.iter().filter(|o| competes(span, o, scheme)) {
        match other.state {
            SpanState::Pending => {
                let new = restated(other, SpanState::Rejected, who, when);
                ops.push(Op::Replace {
                    old: other.clone(),
                    new,
                });
                effects.rivals_rejected += 1;
            }
            SpanState::Accepted if scheme.is_flat() || same_place(span, other) => {
                ops.push(Op::Remove(other.clone()));
                effects.replaced += 1;
            }
            _ => {}
        }
    }
    (ops, effects)
}

/// Accepting the pending `span`, with room made for it (one undo step).
pub fn accept(
    doc: &DocAnnotations,
    span: &Span,
    scheme: SpanScheme,
    who: &str,
    when: Timestamp,
) -> (Vec<Op>, Effects) {
    let (mut ops, effects) = make_room(doc, span, scheme, who, when);
    ops.push(Op::Replace {
        old: span.clone(),
        new: restated(span, SpanState::Accepted, who, when),
    });
    (ops, effects)
}

/// What accepting every pending span may do: those that compete with nothing accepted
/// (and, among pending rivals, the one of highest standing, then the first) are
/// accepted; the rest are left pending for a person to choose.
pub fn accept_all(
    doc: &DocAnnotations,
    scheme: SpanScheme,
    who: &str,
    when: Timestamp,
) -> (Vec<Op>, usize) {
    let mut taken: Vec<&Span> = doc
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .collect();
    let mut pending: Vec<&Span> = doc.pending().collect();
    pending.sort_by(|a, b| {
        (a.standing(), a.start, a.end, &a.label).cmp(&(b.standing(), b.start, b.end, &b.label))
    });
    let mut ops = Vec::new();
    let mut left = 0;
    for span in pending {
        if taken.iter().any(|t| competes(span, t, scheme)) {
            left += 1;
            continue;
        }
        ops.push(Op::Replace {
            old: span.clone(),
            new: restated(span, SpanState::Accepted, who, when),
        });
        taken.push(span);
    }
    (ops, left)
}

/// Whether a suggestion over `[start, end)` may be made beside `live` (the spans not
/// rejected, and the suggestions taken in this round): in a flat project never
/// overlapping any of them; a nested project leaves it to the suggester's own rules.
pub fn admits(
    live: impl IntoIterator<Item = (usize, usize)>,
    start: usize,
    end: usize,
    scheme: SpanScheme,
) -> bool {
    !scheme.is_flat() || live.into_iter().all(|(a, b)| b <= start || end <= a)
}

/// Pairs of accepted spans that overlap: what a flat project does not allow
/// (for `validate` and `verify`), in order.
pub fn overlapping_accepted(doc: &DocAnnotations) -> Vec<(&Span, &Span)> {
    let accepted: Vec<&Span> = doc
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .collect();
    let mut out = Vec::new();
    for (i, a) in accepted.iter().enumerate() {
        // sorted by start: only the spans starting before `a` ends can overlap it
        for b in accepted[i + 1..].iter().take_while(|b| b.start < a.end) {
            out.push((*a, *b));
        }
    }
    out
}

#[cfg(test)]
#[path = "scheme_tests.rs"]
mod tests;
