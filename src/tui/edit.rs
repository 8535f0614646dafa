//! Tagging and review: every edit is one `Change` (undoable, across articles), applied to
//! the open article's document and handed to the store to be saved at once.

use super::app::{App, Overlay, Prompt, PromptKind};
use crate::action::Action;
use crate::annotation::{Change, DocStatus, Op, Origin, Span, SpanState, now};
use crate::store::SaveState;

impl App {
    pub(crate) fn update_edit(&mut self, action: Action) {
        use Action::*;
        match action {
            Label(n) => {
                let key = char::from_digit(n as u32, 10);
                let label = key
                    .and_then(|k| self.labels.by_key(k))
                    .or_else(|| self.labels.nth(n as usize));
                match label.map(|l| l.name.clone()) {
                    Some(name) => self.apply_label(&name),
                    None => self.fail(format!(
                        "no label {n}: the label set has {}",
                        self.labels.labels.len()
                    )),
                }
            }
            LabelKey(c) => {
                if let Some(name) = self.labels.by_key(c).map(|l| l.name.clone()) {
                    self.apply_label(&name);
                }
            }
            DeleteSpan => self.delete_span(),
            Accept => self.review(SpanState::Accepted),
            Reject => self.review(SpanState::Rejected),
            AcceptAll => self.accept_all(),
            NextSpan => self.jump(true, false),
            PrevSpan => self.jump(false, false),
            NextPending => self.jump(true, true),
            PrevPending => self.jump(false, true),
            DoneNext => self.set_status_and_go(DocStatus::Done),
            Skip => self.set_status_and_go(DocStatus::Skipped),
            Flag => self.toggle_flag(),
            Note => self.start_note(),
            ToggleSuggestions => self.toggle_suggestions(),
            JumpForward => self.open_view(super::views::jump::JumpPrompt::new(true)),
            JumpBack => self.open_view(super::views::jump::JumpPrompt::new(false)),
            JumpRepeat => self.repeat_jump(true),
            JumpRepeatBack => self.repeat_jump(false),
            _ => {}
        }
    }

    fn cursor(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| r.cursor)
    }

    /// Live spans under the cursor, innermost first.
    pub fn spans_under_cursor(&self) -> Vec<&Span> {
        let Some(slot) = self.current_slot() else {
            return Vec::new();
        };
        slot.index
            .live_at(&slot.doc.spans, self.cursor())
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    fn spans_with_range(&self, start: usize, end: usize) -> Vec<Span> {
        let Some(slot) = self.current_slot() else {
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

    fn changed(&self, old: &Span) -> Span {
        let mut new = old.clone();
        new.who = self.annotator.clone();
        new.updated = now();
        new
    }

    /// Digit N: the selection, else the span under the cursor, else the word under it.
    /// Applies `label` to the selection, else relabels the span under the cursor, else
    /// tags the word there: what a label's key (or the picker) does.
    pub(crate) fn apply_label(&mut self, label: &str) {
        let Some(r) = self.reader.as_ref() else {
            return;
        };
        self.recent_labels.retain(|l| l != label);
        self.recent_labels.insert(0, label.to_string());
        let cursor = r.cursor;
        if let Some((a, b)) = self.nav().and_then(|nav| r.selection(&nav)) {
            let Some(nav) = self.nav() else { return };
            if a == b {
                return self.fail("the region is empty: move the cursor away from the mark");
            }
            match nav.trim(a, b) {
                Some((a, b)) => {
                    self.tag_range(a, b, label);
                    if let Some(r) = self.reader.as_mut() {
                        r.anchor = None;
                    }
                }
                None => self.fail("the selection holds only spaces"),
            }
            return;
        }
        if let Some(span) = self.spans_under_cursor().first().map(|s| (*s).clone()) {
            return self.relabel(&span, label);
        }
        match self.nav().and_then(|n| n.word_at(cursor)) {
            Some((a, b)) => self.tag_range(a, b, label),
            None => self.fail("no word here: select with v first"),
        }
    }

    fn tag_range(&mut self, a: usize, b: usize, label: &str) {
        let same = self.spans_with_range(a, b);
        if let Some(existing) = same.iter().find(|s| s.label == label) {
            if existing.state == SpanState::Accepted {
                return self.say(format!("already {label}"));
            }
            let mut new = self.changed(existing);
            new.state = SpanState::Accepted;
            let what = format!("{label} «{}»", existing.text);
            self.commit(
                vec![Op::Replace {
                    old: existing.clone(),
                    new,
                }],
                &what,
            );
        } else if let Some(other) = same.iter().find(|s| s.state != SpanState::Rejected) {
            self.relabel(&other.clone(), label);
        } else {
            let Some(span) = self.new_span(a, b, label) else {
                return self.fail("that range is outside the text");
            };
            let what = format!("{label} «{}»", crate::text::sanitize(&span.text));
            self.commit(vec![Op::Add(span)], &what);
        }
    }

    /// A manual span over `[a, b)`, its text cut with the article's code point index
    /// (never by scanning a long article from the start).
    fn new_span(&self, a: usize, b: usize, label: &str) -> Option<Span> {
        let r = self.reader.as_ref()?;
        let text = r
            .text
            .index
            .slice(&self.corpus.articles[r.article].text, a, b)?;
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
        })
    }

    fn relabel(&mut self, span: &Span, label: &str) {
        if span.label == label {
            if span.state == SpanState::Pending {
                let mut new = self.changed(span);
                new.state = SpanState::Accepted;
                self.commit(
                    vec![Op::Replace {
                        old: span.clone(),
                        new,
                    }],
                    &format!("accepted {label}"),
                );
            } else {
                self.say(format!("already {label}"));
            }
            return;
        }
        let mut new = self.changed(span);
        new.label = label.to_string();
        new.state = SpanState::Accepted;
        let twin = self
            .spans_with_range(span.start, span.end)
            .into_iter()
            .find(|s| s.label == label);
        let ops = match twin {
            // a rejected span with the new label is there: revive it, drop this one
            Some(twin) => {
                let mut revived = self.changed(&twin);
                revived.state = SpanState::Accepted;
                vec![
                    Op::Remove(span.clone()),
                    Op::Replace {
                        old: twin,
                        new: revived,
                    },
                ]
            }
            None => vec![Op::Replace {
                old: span.clone(),
                new,
            }],
        };
        self.commit(ops, &format!("{} -> {label}", span.label));
    }

    fn delete_span(&mut self) {
        match self.spans_under_cursor().first().map(|s| (*s).clone()) {
            Some(span) => {
                let what = format!(
                    "deleted {} «{}»",
                    span.label,
                    crate::text::sanitize(&span.text)
                );
                self.commit(vec![Op::Remove(span)], &what);
            }
            None => self.fail("no span under the cursor"),
        }
    }

    fn review(&mut self, state: SpanState) {
        let under = self.spans_under_cursor();
        let Some(span) = under
            .iter()
            .find(|s| s.state == SpanState::Pending)
            .map(|s| (*s).clone())
        else {
            let msg = if under.is_empty() {
                "no span under the cursor"
            } else {
                "nothing pending here"
            };
            return self.fail(msg);
        };
        let mut new = self.changed(&span);
        new.state = state;
        let verb = if state == SpanState::Accepted {
            "accepted"
        } else {
            "rejected"
        };
        let done = self.commit(
            vec![Op::Replace {
                old: span.clone(),
                new,
            }],
            &format!("{verb} {}", span.label),
        );
        if done {
            self.advance_after_review(&span);
        }
    }

    fn accept_all(&mut self) {
        let Some(slot) = self.current_slot() else {
            return;
        };
        let pending: Vec<Span> = slot.doc.pending().cloned().collect();
        if pending.is_empty() {
            return self.say("nothing pending in this article");
        }
        let ops: Vec<Op> = pending
            .iter()
            .map(|s| {
                let mut new = self.changed(s);
                new.state = SpanState::Accepted;
                Op::Replace {
                    old: s.clone(),
                    new,
                }
            })
            .collect();
        let n = ops.len();
        self.commit(ops, &format!("accepted {n} pending spans"));
    }

    /// Moves to the next (or previous) live span, or pending span, by start.
    fn jump(&mut self, forward: bool, pending_only: bool) {
        let cursor = self.cursor();
        let Some(slot) = self.current_slot() else {
            return;
        };
        let spans = &slot.doc.spans;
        let wanted = |s: &&Span| {
            if pending_only {
                s.state == SpanState::Pending
            } else {
                s.state != SpanState::Rejected
            }
        };
        let found = if forward {
            let from = spans.partition_point(|s| s.start <= cursor);
            spans[from..].iter().find(wanted)
        } else {
            let to = spans.partition_point(|s| s.start < cursor);
            spans[..to].iter().rev().find(wanted)
        };
        match found.map(|s| s.start) {
            Some(start) => self.move_to(start),
            None => {
                let what = if pending_only { "pending span" } else { "span" };
                self.say(format!(
                    "no {} {what}",
                    if forward { "next" } else { "previous" }
                ));
            }
        }
    }

    fn set_status_and_go(&mut self, status: DocStatus) {
        let Some(slot) = self.current_slot() else {
            return;
        };
        let old = slot.doc.status;
        if old != status && !self.commit(vec![Op::Status { old, new: status }], status.as_str()) {
            return;
        }
        let visible = self.visible();
        let at = visible.position(self.current).unwrap_or(0);
        let next = (1..visible.len())
            .filter_map(|k| visible.get((at + k) % visible.len()))
            .find(|&i| self.status_of(i) != Some(DocStatus::Done));
        match next {
            Some(i) => {
                self.open_article(i);
                self.say(format!(
                    "{status}; next: {}",
                    crate::text::sanitize(&self.article(i).title)
                ));
            }
            None => self.say(format!("{status}; every other article is done")),
        }
    }

    fn toggle_flag(&mut self) {
        let Some(slot) = self.current_slot() else {
            return;
        };
        let old = slot.doc.status;
        let new = if old == DocStatus::Flagged {
            DocStatus::InProgress
        } else {
            DocStatus::Flagged
        };
        let what = if new == DocStatus::Flagged {
            "flagged"
        } else {
            "unflagged"
        };
        self.commit(vec![Op::Status { old, new }], what);
    }

    fn start_note(&mut self) {
        match self.spans_under_cursor().first() {
            Some(span) => {
                let input = span.note.clone().unwrap_or_default();
                let kind = PromptKind::Note {
                    start: span.start,
                    end: span.end,
                    label: span.label.clone(),
                };
                self.overlay = Overlay::Prompt(Prompt::new(kind, input));
            }
            None => self.fail("no span under the cursor to note"),
        }
    }

    pub(crate) fn save_note(&mut self, start: usize, end: usize, label: &str, note: &str) {
        let Some(span) = self
            .spans_with_range(start, end)
            .into_iter()
            .find(|s| s.label == label)
        else {
            return self.fail("the span is gone");
        };
        let note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
        if span.note == note {
            return;
        }
        let mut new = self.changed(&span);
        new.note = note;
        self.commit(vec![Op::Replace { old: span, new }], "note saved");
    }

    /// Applies `ops` to the open article as one undoable change (the first edit of a todo
    /// article also marks it in progress) and saves it. False if nothing changed.
    pub(crate) fn commit(&mut self, mut ops: Vec<Op>, what: &str) -> bool {
        let Some(article) = self.reader.as_ref().map(|r| r.article) else {
            return false;
        };
        if self.refuse_edit_while_showing() {
            return false;
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return false;
        };
        if let Some(err) = &slot.read_only {
            let msg = format!("read-only, not changed: {err}");
            self.fail(msg);
            return false;
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
                self.fail(format!("could not {}", op.describe()));
                return false;
            }
        }
        // suggestions ride in the same change: one undo takes the span and them back
        let suggested = self.suggestions_after(article, &ops);
        let Some(slot) = self.docs[article].as_mut() else {
            return false;
        };
        let count = suggested.len();
        for op in suggested {
            if slot.doc.apply(&op, &self.annotator) {
                ops.push(op);
            }
        }
        self.store.save(&slot.doc);
        let change = Change {
            article: slot.doc.article.clone(),
            ops,
        };
        self.mark_saving();
        self.history.record(change);
        self.spans_changed(article);
        if count > 0 {
            // n/N now go through the suggestions, not the search's matches
            if let Some(r) = self.reader.as_mut() {
                r.matches.clear();
            }
        }
        match count {
            0 => self.say(what),
            n => self.say(format!(
                "{what}; {n} more suggested (a accepts, n goes to the next)"
            )),
        }
        true
    }

    /// Until the saver reports back, the footer says the edit is on its way to disk (a
    /// failure stays on screen until a write succeeds).
    fn mark_saving(&mut self) {
        if !matches!(self.save_state, SaveState::Failed { .. }) {
            self.save_state = SaveState::Saving { pending: 1 };
        }
    }

    pub(crate) fn undo(&mut self) {
        if self.refuse_edit_while_showing() {
            return;
        }
        match self.history.undo() {
            Some(change) => self.replay(change, "undid"),
            None => self.say("nothing to undo"),
        }
    }

    pub(crate) fn redo(&mut self) {
        if self.refuse_edit_while_showing() {
            return;
        }
        match self.history.redo() {
            Some(change) => self.replay(change, "redid"),
            None => self.say("nothing to redo"),
        }
    }

    /// Applies a change from the history, opening its article first if it is another.
    fn replay(&mut self, change: Change, verb: &str) {
        let Some(article) = self.article_index(&change.article) else {
            return self.fail(format!(
                "article {:?} is no longer in the corpus",
                change.article
            ));
        };
        if self.reader.as_ref().is_none_or(|r| r.article != article) {
            self.open_article(article);
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return;
        };
        let mut failed = None;
        for op in &change.ops {
            if !slot.doc.apply(op, &self.annotator) {
                failed = Some(op.describe());
            }
        }
        self.store.save(&slot.doc);
        self.mark_saving();
        self.spans_changed(article);
        let first_span = change.ops.iter().find_map(|op| match op {
            Op::Add(s) | Op::Remove(s) => Some(s.start),
            Op::Replace { new, .. } => Some(new.start),
            Op::Status { .. } => None,
        });
        if let Some(start) = first_span {
            self.move_to(start);
        }
        let what = change.ops.first().map(Op::describe).unwrap_or_default();
        match failed {
            Some(op) => self.fail(format!("{verb} partly: could not {op}")),
            None => self.say(format!("{verb}: {}", crate::text::sanitize(&what))),
        }
    }
}
