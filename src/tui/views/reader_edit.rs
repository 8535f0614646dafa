//! The text view's keys that change the document: each resolves what it means on screen
//! (the label of the key, the selection or the word under the cursor, the span there)
//! and calls the desk's rule (`crate::desk`); the App shows the outcome.

use super::doc_labels::DocLabelPrompt;
use super::jump::JumpPrompt;
use super::prompt::{Prompt, PromptKind};
use super::text::Reader;
use crate::action::Action;
use crate::annotation::DocStatus;
use crate::desk::Resize;
use crate::search::fold::{fold, words};
use crate::text::sanitize;
use crate::tui::component::{Command, Context};

impl Reader {
    /// The edit keys, on this article at the cursor.
    pub(crate) fn edit(&mut self, action: Action, ctx: &mut Context) {
        use Action::*;
        let (article, cursor) = (self.article, self.cursor);
        let outcome = match action {
            Label(n) => match ctx.desk.numbered_label(n) {
                Ok(name) => return self.apply_label(&name, ctx),
                Err(e) => return ctx.fail(e),
            },
            LabelKey(c) => match ctx.desk.labels.by_key(c).map(|l| l.name.clone()) {
                Some(name) => return self.apply_label(&name, ctx),
                None => return,
            },
            DeleteSpan => ctx.desk.delete(article, cursor),
            SpanEndLater => ctx.desk.resize(article, cursor, Resize::EndLater),
            SpanEndEarlier => ctx.desk.resize(article, cursor, Resize::EndEarlier),
            SpanStartEarlier => ctx.desk.resize(article, cursor, Resize::StartEarlier),
            SpanStartLater => ctx.desk.resize(article, cursor, Resize::StartLater),
            Accept => ctx.desk.accept(article, cursor),
            Reject => ctx.desk.reject(article, cursor),
            AcceptAll => ctx.desk.accept_all(article),
            NextSpan | PrevSpan | NextPending | PrevPending => return self.jump(action, ctx),
            DoneNext => return self.set_status_and_go(DocStatus::Done, ctx),
            Skip => return self.set_status_and_go(DocStatus::Skipped, ctx),
            Flag => ctx.desk.toggle_flag(article),
            Note => return self.start_note(ctx),
            Relate => return self.start_relation(ctx),
            Unrelate => return self.start_unrelate(ctx),
            DocLabel if ctx.desk.doc_labels.is_empty() => {
                return ctx.fail("no document labels yet: add doc_labels to tanba.ron");
            }
            DocLabel => return ctx.push(Command::Layer(Box::new(DocLabelPrompt))),
            Link => return self.start_link(ctx),
            Unlink => return self.unlink(ctx),
            ToggleSuggestions => ctx.desk.toggle_suggestions(Some(article)),
            JumpForward => return ctx.push(Command::Layer(Box::new(JumpPrompt::new(true)))),
            JumpBack => return ctx.push(Command::Layer(Box::new(JumpPrompt::new(false)))),
            JumpRepeat => return ctx.push(Command::RepeatJump(true)),
            JumpRepeatBack => return ctx.push(Command::RepeatJump(false)),
            NextArticle => return ctx.push(Command::Step(1)),
            PrevArticle => return ctx.push(Command::Step(-1)),
            _ => return,
        };
        ctx.heard(outcome);
    }

    /// Applies `label` to the selection, else relabels the span under the cursor, else
    /// tags the word there: what a label's key (or the picker) does.
    pub fn apply_label(&mut self, label: &str, ctx: &mut Context) {
        ctx.desk.recent_labels.retain(|l| l != label);
        ctx.desk.recent_labels.insert(0, label.to_string());
        let (article, cursor) = (self.article, self.cursor);
        let shared = ctx.shared();
        let nav = self.nav(&shared);
        if let Some((a, b)) = self.selection(&nav) {
            if a == b {
                return ctx.fail("the region is empty: move the cursor away from the mark");
            }
            let Some((a, b)) = nav.trim(a, b) else {
                return ctx.fail("the selection holds only spaces");
            };
            let outcome = ctx.desk.label(article, a..b, label);
            self.anchor = None;
            return ctx.heard(outcome);
        }
        let word = nav.word_at(cursor);
        let under = ctx
            .desk
            .spans_at(article, cursor)
            .first()
            .map(|s| (*s).clone());
        let outcome = match (under, word) {
            (Some(span), _) => ctx.desk.relabel(article, &span, label),
            (None, Some((a, b))) => ctx.desk.label(article, a..b, label),
            (None, None) => return ctx.fail("no word here: select with v first"),
        };
        ctx.heard(outcome);
    }

    /// Moves to the next (previous) live span, or pending span, by start.
    fn jump(&mut self, action: Action, ctx: &mut Context) {
        let forward = matches!(action, Action::NextSpan | Action::NextPending);
        let pending_only = matches!(action, Action::NextPending | Action::PrevPending);
        match ctx
            .desk
            .next_span(self.article, self.cursor, forward, pending_only)
        {
            Some(start) => self.move_to(start, &ctx.shared()),
            None => {
                let what = if pending_only { "pending span" } else { "span" };
                let way = if forward { "next" } else { "previous" };
                ctx.say(format!("no {way} {what}"));
            }
        }
    }

    /// Sets the status, then opens the next article of the list not done.
    fn set_status_and_go(&mut self, status: DocStatus, ctx: &mut Context) {
        let outcome = ctx.desk.set_status(self.article, status);
        let done = outcome.done;
        ctx.heard(outcome);
        if !done {
            return;
        }
        // the model learns in the background from what was just finished
        let learning = match status {
            DocStatus::Done => ctx.desk.retrain_if_ready(),
            _ => None,
        };
        // pending spans of a finished article never reach an export: said, not hidden
        let pending = match status {
            DocStatus::Done => ctx
                .desk
                .slot(self.article)
                .map_or(0, |slot| slot.doc.pending().count()),
            _ => 0,
        };
        let status = match pending {
            0 => status.to_string(),
            1 => format!("{status} with 1 pending span left (not exported)"),
            n => format!("{status} with {n} pending spans left (not exported)"),
        };
        let status = match learning {
            Some(learning) => format!("{status} · {learning}"),
            None => status,
        };
        let next = ctx.desk.next_in_queue(ctx.current).unwrap_or_else(|| {
            let visible = ctx.desk.visible();
            let at = visible.position(ctx.current).unwrap_or(0);
            (1..visible.len())
                .filter_map(|k| visible.get((at + k) % visible.len()))
                .find(|&i| ctx.desk.status_of(i) != Some(DocStatus::Done))
        });
        match next {
            Some(i) => {
                let title = sanitize(&ctx.desk.article(i).title).into_owned();
                ctx.push(Command::Open(i));
                ctx.say(format!("{status}; next: {title}"));
            }
            None => ctx.say(format!("{status}; every other article is done")),
        }
    }

    /// `c`: the note of the span under the cursor, in the input line.
    fn start_note(&mut self, ctx: &mut Context) {
        let under = ctx.desk.spans_at(self.article, self.cursor);
        match under.first() {
            Some(span) => {
                let input = span.note.clone().unwrap_or_default();
                let kind = PromptKind::Note {
                    start: span.start,
                    end: span.end,
                    label: span.label.clone(),
                };
                ctx.push(Command::Layer(Box::new(Prompt::new(kind, input))));
            }
            None => ctx.fail("no span under the cursor to note"),
        }
    }

    /// Moves the cursor to the next (previous) word whose first letter folds like `c`.
    pub fn jump_to_word(&mut self, c: char, forward: bool, ctx: &mut Context) {
        let cursor = self.cursor;
        let text = &ctx.desk.corpus.articles[self.article].text;
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
            Some(start) => self.move_to(start, &ctx.shared()),
            None => {
                let way = if forward { "after" } else { "before" };
                ctx.say(format!("no word starting with {c:?} {way} the cursor"));
            }
        }
    }
}
