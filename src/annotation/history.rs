use serde::{Deserialize, Serialize};

use super::relation::Relation;
use super::span::Span;
use super::status::DocStatus;

/// An invertible edit of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Add(Span),
    Remove(Span),
    Replace {
        old: Span,
        new: Span,
    },
    Status {
        old: DocStatus,
        new: DocStatus,
    },
    /// A relation between two spans of the document (both must be there).
    AddRelation(Relation),
    RemoveRelation(Relation),
    /// The article's document labels, sorted.
    DocLabels {
        old: Vec<String>,
        new: Vec<String>,
    },
}

impl Op {
    pub fn inverse(&self) -> Op {
        match self {
            Op::Add(s) => Op::Remove(s.clone()),
            Op::Remove(s) => Op::Add(s.clone()),
            Op::Replace { old, new } => Op::Replace {
                old: new.clone(),
                new: old.clone(),
            },
            Op::Status { old, new } => Op::Status {
                old: *new,
                new: *old,
            },
            Op::AddRelation(r) => Op::RemoveRelation(r.clone()),
            Op::RemoveRelation(r) => Op::AddRelation(r.clone()),
            Op::DocLabels { old, new } => Op::DocLabels {
                old: new.clone(),
                new: old.clone(),
            },
        }
    }

    /// Whom the audit log credits with this op, applied in `who`'s session: a span of
    /// tanba's or a model's comes into being as theirs; every other op (an accept, a
    /// reject, a relabel, a removal, a status) is the person's.
    pub fn author<'a>(&'a self, who: &'a str) -> std::borrow::Cow<'a, str> {
        match self {
            Op::Add(span) => span.origin.author().map_or(who.into(), Into::into),
            _ => who.into(),
        }
    }

    /// One line for the audit log.
    pub fn describe(&self) -> String {
        let span = |s: &Span| format!("{} {}..{} {:?}", s.label, s.start, s.end, s.text);
        let end = |k: &super::relation::SpanKey| format!("{} {}..{}", k.label, k.start, k.end);
        let relation = |r: &Relation| format!("{} {} -> {}", r.label, end(&r.from), end(&r.to));
        match self {
            Op::Add(s) => format!("add {}", span(s)),
            Op::Remove(s) => format!("remove {}", span(s)),
            Op::Replace { old, new } => {
                let mut what = format!("change {}", span(old));
                if (old.start, old.end) != (new.start, new.end) {
                    what += &format!(" range {}..{} {:?}", new.start, new.end, new.text);
                }
                if old.label != new.label {
                    what += &format!(" label {}", new.label);
                }
                if old.state != new.state {
                    what += &format!(" state {:?}", new.state).to_lowercase();
                }
                if old.note != new.note {
                    what += &format!(" note {:?}", new.note.as_deref().unwrap_or(""));
                }
                what
            }
            Op::Status { old, new } => format!("status {old} -> {new}"),
            Op::AddRelation(r) => format!("relate {}", relation(r)),
            Op::RemoveRelation(r) => format!("unrelate {}", relation(r)),
            Op::DocLabels { new, .. } => format!("document labels [{}]", new.join(", ")),
        }
    }
}

/// The label and range of `LABEL START..END "text"`, the span as `Op::describe` writes it
/// after its verb; the label is what comes before the first ` START..END ` (a label may
/// hold spaces).
pub fn described_span(rest: &str) -> Option<(&str, usize, usize)> {
    rest.match_indices(' ').find_map(|(i, _)| {
        let range = rest[i + 1..].split(' ').next()?;
        let (start, end) = range.split_once("..")?;
        Some((&rest[..i], start.parse().ok()?, end.parse().ok()?))
    })
}

/// Edits made together (one key press) to one article; undone and redone as a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub article: String,
    pub ops: Vec<Op>,
}

impl Change {
    pub fn inverse(&self) -> Change {
        Change {
            article: self.article.clone(),
            ops: self.ops.iter().rev().map(Op::inverse).collect(),
        }
    }
}

/// Undo and redo stacks that span every article of a session. Changes recorded between
/// `begin_step` and `end_step` (one fix over many articles) are one step: `undo_step` and
/// `redo_step` take them together.
#[derive(Debug, Default, Clone)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// For each change on `undo` (on `redo`): whether it goes with the one below it.
    undo_joined: Vec<bool>,
    redo_joined: Vec<bool>,
    /// Inside a step: how many changes it has recorded so far.
    step: Option<usize>,
}

impl History {
    /// Records a change that was just applied; a new edit forgets what could be redone.
    pub fn record(&mut self, change: Change) {
        if !change.ops.is_empty() {
            let joined = self.step.is_some_and(|n| n > 0);
            if let Some(n) = self.step.as_mut() {
                *n += 1;
            }
            self.undo.push(change);
            self.undo_joined.push(joined);
            self.redo.clear();
            self.redo_joined.clear();
        }
    }

    /// The changes recorded from now until `end_step` are undone and redone as one.
    pub fn begin_step(&mut self) {
        self.step = Some(0);
    }

    pub fn end_step(&mut self) {
        self.step = None;
    }

    /// The change to apply to undo the last edit (already inverted).
    pub fn undo(&mut self) -> Option<Change> {
        let change = self.undo.pop()?;
        self.undo_joined.pop();
        let inverse = change.inverse();
        self.redo.push(change);
        self.redo_joined.push(false);
        Some(inverse)
    }

    /// The change to apply to redo the last undone edit.
    pub fn redo(&mut self) -> Option<Change> {
        let change = self.redo.pop()?;
        self.redo_joined.pop();
        self.undo.push(change.clone());
        self.undo_joined.push(false);
        Some(change)
    }

    /// The changes to apply, in order, to undo the last step (already inverted); empty
    /// when there is nothing to undo.
    pub fn undo_step(&mut self) -> Vec<Change> {
        let mut out = Vec::new();
        while let Some(change) = self.undo.pop() {
            let joined = self.undo_joined.pop().unwrap_or(false);
            out.push(change.inverse());
            self.redo_joined.push(out.len() > 1);
            self.redo.push(change);
            if !joined {
                break;
            }
        }
        out
    }

    /// The changes to apply, in order, to redo the last undone step.
    pub fn redo_step(&mut self) -> Vec<Change> {
        let mut out = Vec::new();
        while let Some(change) = self.redo.pop() {
            let joined = self.redo_joined.pop().unwrap_or(false);
            self.undo_joined.push(!out.is_empty());
            self.undo.push(change.clone());
            out.push(change);
            if !joined {
                break;
            }
        }
        out
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocAnnotations, Origin};

    #[test]
    fn undo_and_redo_restore_each_state_across_articles() {
        let text = "Қанат Сүлейменов, 2,1%";
        let mut docs = [
            DocAnnotations::new("a", "ann", text),
            DocAnnotations::new("b", "ann", text),
        ];
        let mut history = History::default();
        let person = Span::cut(text, 0, 16, "PERSON", Origin::Manual, "ann").unwrap();
        let stat = Span::cut(text, 18, 22, "STATISTIC", Origin::Manual, "ann").unwrap();
        for (i, span) in [(0, person.clone()), (1, stat)] {
            let change = Change {
                article: docs[i].article.clone(),
                ops: vec![
                    Op::Add(span),
                    Op::Status {
                        old: DocStatus::Todo,
                        new: DocStatus::InProgress,
                    },
                ],
            };
            for op in &change.ops {
                assert!(docs[i].apply(op, "ann"));
            }
            history.record(change);
        }
        let snapshot = |docs: &[DocAnnotations; 2]| {
            docs.iter()
                .map(|d| (d.spans.clone(), d.status))
                .collect::<Vec<_>>()
        };
        let after = snapshot(&docs);
        while let Some(change) = history.undo() {
            let doc = docs
                .iter_mut()
                .find(|d| d.article == change.article)
                .unwrap();
            for op in &change.ops {
                assert!(doc.apply(op, "ann"));
            }
        }
        assert!(
            docs.iter()
                .all(|d| d.spans.is_empty() && d.status == DocStatus::Todo)
        );
        while let Some(change) = history.redo() {
            let doc = docs
                .iter_mut()
                .find(|d| d.article == change.article)
                .unwrap();
            for op in &change.ops {
                assert!(doc.apply(op, "ann"));
            }
        }
        assert_eq!(snapshot(&docs), after);
        assert!(!history.can_redo());
    }

    #[test]
    fn a_step_over_several_articles_is_undone_and_redone_as_one() {
        let status = |article: &str| Change {
            article: article.to_string(),
            ops: vec![Op::Status {
                old: DocStatus::Todo,
                new: DocStatus::Done,
            }],
        };
        let mut history = History::default();
        history.record(status("before"));
        history.begin_step();
        for article in ["a", "b", "c"] {
            history.record(status(article));
        }
        history.end_step();
        history.record(status("after"));
        let articles = |changes: Vec<Change>| -> Vec<String> {
            changes.into_iter().map(|c| c.article).collect()
        };
        assert_eq!(articles(history.undo_step()), ["after"]);
        assert_eq!(articles(history.undo_step()), ["c", "b", "a"]);
        assert_eq!(articles(history.undo_step()), ["before"]);
        assert!(history.undo_step().is_empty());
        assert_eq!(articles(history.redo_step()), ["before"]);
        assert_eq!(articles(history.redo_step()), ["a", "b", "c"]);
        // undone again after a redo, still one step
        assert_eq!(articles(history.undo_step()), ["c", "b", "a"]);
        assert_eq!(articles(history.redo_step()), ["a", "b", "c"]);
        assert_eq!(articles(history.redo_step()), ["after"]);
        assert!(history.redo_step().is_empty());
    }
}
