//! The edit rules. Every edit is one `Change` (undoable, across articles), applied to an
//! article's document and handed to the store to be saved at once; each rule takes what
//! to do (an article, a range or a position, a label) and says what happened.

use std::ops::Range;

use super::{Desk, Kept, Outcome};
use crate::annotation::{Change, DocStatus, Effects, Op, Origin, Span, SpanState, now, scheme};
use crate::store::SaveState;
use crate::text::{CharIndex, sanitize};

/// ` (357 imported, 44 suggested)`: whose the spans `ops` accept are, when not all one
/// origin's, so a count never hides tanba's or a model's spans among a person's.
fn origins_of(ops: &[Op]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for op in ops {
        if let Op::Replace { new, .. } = op {
            let name = new.origin.name().into_owned();
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    if counts.len() < 2 {
        return String::new();
    }
    let parts: Vec<String> = counts.iter().map(|(n, c)| format!("{c} {n}")).collect();
    format!(" ({})", parts.join(", "))
}

/// Which way a change from the history is applied: its ops come inverted and reversed
/// when undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replay {
    Undo,
    Redo,
}

impl Replay {
    fn verb(self) -> &'static str {
        match self {
            Replay::Undo => "undid",
            Replay::Redo => "redid",
        }
    }
}

/// The code point index of `article`'s `text`, from `cache` when it holds that article's
/// (the last edited one), else made and kept there.
pub(super) fn char_index<'a>(
    cache: &'a mut Option<(usize, CharIndex)>,
    article: usize,
    text: &str,
) -> &'a CharIndex {
    let index = match cache.take() {
        Some((at, index)) if at == article => index,
        _ => CharIndex::new(text),
    };
    &cache.insert((article, index)).1
}

impl Desk {
    /// The spans of `article` over exactly `[start, end)`, every state.
    pub(super) fn spans_with_range(&self, article: usize, start: usize, end: usize) -> Vec<Span> {
        let Some(slot) = self.shown_slot(article) else {
            return Vec::new();
        };
        let spans = &slot.doc.spans;
        let from = spans.partition_point(|s| (s.start, s.end) < (start, end));
        spans[from..]
            .iter()
            .take_while(|s| s.start == start && s.end == end)
            .cloned()
            .collect()
    }

    /// `old` as this annotator changes it now.
    pub(super) fn changed(&self, old: &Span) -> Span {
        let mut new = old.clone();
        new.who = self.annotator.clone();
        new.updated = now();
        new
    }

    /// Tags `[a, b)` of `article` with `label`: a pending or rejected span of that label
    /// there is accepted, another live span there is relabelled, else a new span.
    pub fn label(&mut self, article: usize, range: Range<usize>, label: &str) -> Outcome {
        let (a, b) = (range.start, range.end);
        let same = self.spans_with_range(article, a, b);
        if let Some(existing) = same.iter().find(|s| s.label == label) {
            if existing.state == SpanState::Accepted {
                return Outcome::say(format!("already {label}"));
            }
            let old = existing.clone();
            self.accept_span(article, &old, &format!("{label} «{}»", sanitize(&old.text)))
        } else if let Some(other) = same.iter().find(|s| s.state != SpanState::Rejected) {
            self.relabel(article, &other.clone(), label)
        } else {
            let Some(span) = self.new_span(article, a, b, label) else {
                return Outcome::fail("that range is outside the text");
            };
            let what = format!("{label} «{}»", sanitize(&span.text));
            let (mut ops, effects) = self.room_for(article, &span, &[]);
            ops.push(Op::Add(span));
            self.commit(article, ops, &(what + &effects.describe()))
        }
    }

    /// The ops that make room for `span` in `article` (the scheme's one rule, in
    /// `annotation::scheme::make_room`), leaving out the spans in `except` (being replaced).
    pub(super) fn room_for(
        &self,
        article: usize,
        span: &Span,
        except: &[&Span],
    ) -> (Vec<Op>, Effects) {
        let Some(slot) = self.shown_slot(article) else {
            return (Vec::new(), Effects::default());
        };
        let (ops, _) = scheme::make_room(&slot.doc, span, self.scheme, &self.annotator, now());
        let mut effects = Effects::default();
        let kept: Vec<Op> = ops
            .into_iter()
            .filter(|op| {
                let old = match op {
                    Op::Remove(old) | Op::Replace { old, .. } => old,
                    _ => return true,
                };
                if except.iter().any(|e| e.key() == old.key()) {
                    return false;
                }
                match op {
                    Op::Remove(_) => effects.replaced += 1,
                    _ => effects.rivals_rejected += 1,
                }
                true
            })
            .collect();
        (kept, effects)
    }

    /// Accepts the pending (or rejected) `span` as this annotator, rejecting its rivals
    /// (one undo step); in curation the cursor goes on to the next disagreement.
    fn accept_span(&mut self, article: usize, span: &Span, what: &str) -> Outcome {
        let mut new = self.changed(span);
        new.state = SpanState::Accepted;
        let (mut ops, effects) = self.room_for(article, &new, &[span]);
        ops.push(Op::Replace {
            old: span.clone(),
            new,
        });
        let mut outcome = self.commit(article, ops, &(what.to_string() + &effects.describe()));
        if outcome.done {
            outcome.cursor = self.after_review(article, span).or(outcome.cursor);
        }
        outcome
    }

    /// A manual span over `[a, b)`, its text cut with the article's code point index
    /// (never by scanning a long article from the start).
    fn new_span(&mut self, article: usize, a: usize, b: usize, label: &str) -> Option<Span> {
        let text = &self.corpus.articles[article].text;
        let index = char_index(&mut self.chars, article, text);
        let text = index.slice(text, a, b)?;
        if a >= b {
            return None;
        }
        let when = now();
        Some(Span {
            start: a,
            end: b,
            label: label.to_string(),
            text: text.to_string(),
            origin: Origin::Manual,
            state: SpanState::Accepted,
            who: self.annotator.clone(),
            created: when,
            updated: when,
            note: None,
            flagged: false,
            kb: None,
            kb_suggested: false,
        })
    }

    /// Gives `span` the label `label` (accepting it); the same label on a pending span
    /// accepts it; a pending candidate given its rival's label chooses the rival (and is
    /// rejected); a rejected twin with the new label is revived in its place.
    pub fn relabel(&mut self, article: usize, span: &Span, label: &str) -> Outcome {
        if span.label == label {
            if span.state != SpanState::Pending {
                return Outcome::say(format!("already {label}"));
            }
            return self.accept_span(article, span, &format!("accepted {label}"));
        }
        let mut new = self.changed(span);
        new.label = label.to_string();
        new.state = SpanState::Accepted;
        let twin = self
            .spans_with_range(article, span.start, span.end)
            .into_iter()
            .find(|s| s.label == label);
        // a candidate relabelled as its rival: the rival is chosen, the candidate rejected
        if let Some(twin) = twin.as_ref().filter(|_| span.state == SpanState::Pending) {
            let what = format!("{label} «{}»", sanitize(&twin.text));
            return self.accept_span(article, twin, &what);
        }
        let (mut ops, effects) = match &twin {
            Some(twin) => self.room_for(article, &new, &[span, twin]),
            None => self.room_for(article, &new, &[span]),
        };
        match twin {
            Some(twin) => {
                let mut revived = self.changed(&twin);
                revived.state = SpanState::Accepted;
                ops.push(Op::Remove(span.clone()));
                ops.push(Op::Replace {
                    old: twin,
                    new: revived,
                });
            }
            None => ops.push(Op::Replace {
                old: span.clone(),
                new,
            }),
        }
        let what = format!("{} -> {label}{}", span.label, effects.describe());
        let mut outcome = self.commit(article, ops, &what);
        if outcome.done && span.state == SpanState::Pending {
            outcome.cursor = self.after_review(article, span).or(outcome.cursor);
        }
        outcome
    }

    /// Deletes the innermost live span over `at`.
    pub fn delete(&mut self, article: usize, at: usize) -> Outcome {
        match self.spans_at(article, at).first().map(|s| (*s).clone()) {
            Some(span) => {
                let what = format!("deleted {} «{}»", span.label, sanitize(&span.text));
                self.commit(article, vec![Op::Remove(span)], &what)
            }
            None => Outcome::fail("no span under the cursor"),
        }
    }

    /// Accepts the pending span over `at`; after a suggestion the cursor goes on to the
    /// next pending span.
    pub fn accept(&mut self, article: usize, at: usize) -> Outcome {
        self.review(article, at, SpanState::Accepted)
    }

    /// Rejects the pending span over `at` (kept, so it is not suggested again).
    pub fn reject(&mut self, article: usize, at: usize) -> Outcome {
        self.review(article, at, SpanState::Rejected)
    }

    fn review(&mut self, article: usize, at: usize, state: SpanState) -> Outcome {
        let under = self.spans_at(article, at);
        let Some(span) = under
            .iter()
            .find(|s| s.state == SpanState::Pending)
            .map(|s| (*s).clone())
        else {
            let empty = under.is_empty();
            // no pending span: a suggested link there is reviewed instead (links.rs)
            if let Some(o) = self.review_link(article, at, state == SpanState::Accepted) {
                return o;
            }
            return Outcome::fail(if empty {
                "no span under the cursor"
            } else {
                "nothing pending here"
            });
        };
        if state == SpanState::Accepted {
            return self.accept_span(article, &span, &format!("accepted {}", span.label));
        }
        let mut new = self.changed(&span);
        new.state = state;
        let ops = vec![Op::Replace {
            old: span.clone(),
            new,
        }];
        let mut outcome = self.commit(article, ops, &format!("rejected {}", span.label));
        if outcome.done {
            outcome.cursor = self.after_review(article, &span).or(outcome.cursor);
        }
        outcome
    }

    /// Accepts every pending span of `article` in one change.
    pub fn accept_all(&mut self, article: usize) -> Outcome {
        let Some(slot) = self.shown_slot(article) else {
            return Outcome::quiet();
        };
        if slot.doc.pending().next().is_none() {
            return Outcome::say("nothing pending in this article");
        }
        let (ops, left) = scheme::accept_all(&slot.doc, self.scheme, &self.annotator, now());
        let n = ops.len();
        let left_note = match left {
            0 => String::new(),
            1 => "; left 1 pending span that competes with an accepted one (a or r)".to_string(),
            n => format!("; left {n} pending spans that compete with accepted ones (a or r)"),
        };
        if n == 0 {
            return Outcome::say(format!("accepted no pending span{left_note}"));
        }
        let s = if n == 1 { "" } else { "s" };
        let kinds = origins_of(&ops);
        let what = format!("accepted {n} pending span{s}{kinds}{left_note}");
        self.commit(article, ops, &what)
    }

    /// Sets `article`'s status; done (and silent) when it has it already.
    pub fn set_status(&mut self, article: usize, status: DocStatus) -> Outcome {
        let Some(old) = self.shown_slot(article).map(|s| s.doc.status) else {
            return Outcome::default();
        };
        if old == status {
            return Outcome::quiet();
        }
        self.commit(
            article,
            vec![Op::Status { old, new: status }],
            status.as_str(),
        )
    }

    /// Flags `article`, or unflags it: back to the status it had (in progress if the log
    /// does not say).
    pub fn toggle_flag(&mut self, article: usize) -> Outcome {
        let Some(doc) = self.shown_slot(article).map(|s| &s.doc) else {
            return Outcome::quiet();
        };
        let old = doc.status;
        if old != DocStatus::Flagged {
            let new = DocStatus::Flagged;
            return self.commit(article, vec![Op::Status { old, new }], "flagged");
        }
        let new = doc.status_before_flag().unwrap_or(DocStatus::InProgress);
        let what = format!("unflagged: {new} again");
        self.commit(article, vec![Op::Status { old, new }], &what)
    }

    /// Sets the note of the span `[start, end)` labelled `label` (empty: no note).
    pub fn note(
        &mut self,
        article: usize,
        range: Range<usize>,
        label: &str,
        note: &str,
    ) -> Outcome {
        let Some(span) = self
            .spans_with_range(article, range.start, range.end)
            .into_iter()
            .find(|s| s.label == label)
        else {
            return Outcome::fail("the span is gone");
        };
        let note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
        if span.note == note {
            return Outcome::quiet();
        }
        let mut new = self.changed(&span);
        new.note = note;
        self.commit(article, vec![Op::Replace { old: span, new }], "note saved")
    }

    /// Applies `ops` to `article` as one undoable change (the first edit of a todo
    /// article also marks it in progress), with the suggestions that follow, and saves
    /// it. Not done if nothing changed.
    pub(crate) fn commit(&mut self, article: usize, ops: Vec<Op>, what: &str) -> Outcome {
        if let Some(refused) = self.refuse_edit_while_showing(article) {
            return refused;
        }
        // a span that goes takes its relations (relations.rs), said in the message
        let (mut ops, what) = self.with_relations(article, ops, what);
        let what = what.as_str();
        let Some(slot) = self.docs.get_mut(article).and_then(Option::as_mut) else {
            return Outcome::default();
        };
        if let Some(err) = &slot.read_only {
            return Outcome::fail(format!("read-only, not changed: {err}"));
        }
        let touches_status = ops.iter().any(|op| matches!(op, Op::Status { .. }));
        if slot.doc.status == DocStatus::Todo && !touches_status {
            ops.push(Op::Status {
                old: DocStatus::Todo,
                new: DocStatus::InProgress,
            });
        }
        for (n, op) in ops.iter().enumerate() {
            if !slot.doc.apply(op, &self.annotator) {
                for done in ops[..n].iter().rev() {
                    slot.doc.apply(&done.inverse(), &self.annotator);
                }
                return Outcome::fail(format!("could not {}", op.describe()));
            }
        }
        self.gazetteer_follows(&ops);
        // suggestions ride in the same change: one undo takes the span and them back
        let suggested = self.suggestions_after(article, &ops);
        let Some(slot) = self.docs[article].as_mut() else {
            return Outcome::default();
        };
        let count = suggested.len();
        for op in suggested {
            if slot.doc.apply(&op, &self.annotator) {
                ops.push(op);
            }
        }
        self.store.save(&slot.doc);
        slot.kept = Kept::Saved;
        let change = Change {
            article: slot.doc.article.clone(),
            ops,
        };
        self.mark_saving();
        self.history.record(change);
        self.spans_changed(article);
        let mut outcome = match count {
            0 => Outcome::say(what),
            n => Outcome::say(format!(
                "{what}; {n} more suggested (a accepts, n goes to the next)"
            )),
        };
        outcome.suggested = count;
        outcome
    }

    /// Until the saver reports back, the footer says the edit is on its way to disk (a
    /// failure stays on screen until a write succeeds).
    fn mark_saving(&mut self) {
        if !matches!(self.save_state, SaveState::Failed { .. }) {
            self.save_state = SaveState::Saving { pending: 1 };
        }
    }

    /// Takes back the last change; `open` is the article the screen shows (another
    /// article is opened first, and said in `Outcome::open`).
    pub fn undo(&mut self, open: Option<usize>) -> Outcome {
        if let Some(refused) = open.and_then(|a| self.refuse_edit_while_showing(a)) {
            return refused;
        }
        match self.history.undo_step() {
            step if step.is_empty() => Outcome::say("nothing to undo"),
            step => self.replay_step(step, Replay::Undo, open),
        }
    }

    /// Makes the last undone change again (as `undo`).
    pub fn redo(&mut self, open: Option<usize>) -> Outcome {
        if let Some(refused) = open.and_then(|a| self.refuse_edit_while_showing(a)) {
            return refused;
        }
        match self.history.redo_step() {
            step if step.is_empty() => Outcome::say("nothing to redo"),
            step => self.replay_step(step, Replay::Redo, open),
        }
    }

    /// Applies a step from the history: one change as `replay`; several (a fix over many
    /// articles) each in turn, the screen staying on the open article if the step touched
    /// it, else opening the first.
    fn replay_step(&mut self, mut step: Vec<Change>, way: Replay, open: Option<usize>) -> Outcome {
        if step.len() == 1 {
            return self.replay(step.remove(0), way, open);
        }
        let mut articles: Vec<&str> = step.iter().map(|c| c.article.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        let verb = way.verb();
        let said = Outcome::say(format!("{verb} one step over {} articles", articles.len()));
        let (mut here, mut first, mut failed) = (None, None, None);
        for change in step {
            let outcome = self.replay(change, way, open);
            if outcome.message.as_ref().is_some_and(|m| m.error) {
                failed = failed.or(outcome.message.clone());
            }
            match outcome.open {
                None => here = here.or(Some(outcome.cursor)),
                Some(_) => first = first.or(Some((outcome.open, outcome.cursor))),
            }
        }
        let (open, cursor) = match (here, first) {
            (Some(cursor), _) => (None, cursor),
            (None, Some(first)) => first,
            (None, None) => (None, None),
        };
        Outcome {
            message: failed.or(said.message),
            open,
            cursor,
            ..Outcome::quiet()
        }
    }

    /// Applies a change from the history, opening its article first if it is another.
    fn replay(&mut self, change: Change, way: Replay, open: Option<usize>) -> Outcome {
        let Some(article) = self.article_index(&change.article) else {
            return Outcome::fail(format!(
                "article {:?} is no longer in the corpus",
                change.article
            ));
        };
        let mut outcome = Outcome::quiet();
        if open != Some(article) {
            self.load(article);
            outcome.open = Some(article);
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return outcome;
        };
        let mut failed = None;
        for op in &change.ops {
            if !slot.doc.apply(op, &self.annotator) {
                failed = Some(op.describe());
            }
        }
        self.store.save(&slot.doc);
        slot.kept = Kept::Saved;
        self.mark_saving();
        self.spans_changed(article);
        self.done_undone(&change.ops);
        self.gazetteer_follows(&change.ops);
        // an undone change's ops come inverted and reversed: the person's own edit (the
        // label, before the suggestions it made) is last; the cursor goes back to it
        let mut ops: Vec<&Op> = change.ops.iter().collect();
        if way == Replay::Undo {
            ops.reverse();
        }
        outcome.cursor = ops.iter().find_map(|op| match op {
            Op::Add(s) | Op::Remove(s) => Some(s.start),
            Op::Replace { new, .. } => Some(new.start),
            Op::Status { .. } | Op::DocLabels { .. } => None,
            Op::AddRelation(r) | Op::RemoveRelation(r) => Some(r.from.start),
        });
        // both name the edit as it was made: "undid: add …", "redid: add …"
        let made = |op: &Op| {
            if way == Replay::Undo {
                op.inverse()
            } else {
                op.clone()
            }
        };
        let mut what = ops
            .first()
            .map(|&op| made(op).describe())
            .unwrap_or_default();
        if ops.len() > 1 {
            what += &format!(" (and {} more)", ops.len() - 1);
        }
        let said = match failed {
            Some(op) => Outcome::fail(format!("{} partly: could not {op}", way.verb())),
            None => Outcome::say(format!("{}: {}", way.verb(), sanitize(&what))),
        };
        Outcome {
            message: said.message,
            ..outcome
        }
    }
}
