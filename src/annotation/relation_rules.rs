//! The rules over a document's relations that need the document: which relations go with
//! a span that goes (`cascade`), and what is wrong with a file's relations (`problems`).

use super::DocAnnotations;
use super::history::Op;
use super::relation::{Relation, RelationSet};
use super::span::{Span, SpanState};

/// The spans an op takes out of the live document: a removed span, a span rejected.
fn ends_taken(op: &Op) -> Option<&Span> {
    match op {
        Op::Remove(span) => Some(span),
        Op::Replace { old, new }
            if new.state == SpanState::Rejected && old.state != SpanState::Rejected =>
        {
            Some(old)
        }
        _ => None,
    }
}

/// The rule for relations when spans go: every relation of a span that `ops` remove or
/// reject is removed just before it, in the same change (so one undo brings both back).
/// Returns the ops with those removals and how many relations go.
pub fn cascade(doc: &DocAnnotations, ops: Vec<Op>) -> (Vec<Op>, usize) {
    if doc.relations.is_empty() {
        return (ops, 0);
    }
    let mut out = Vec::with_capacity(ops.len());
    let mut taken: Vec<&Relation> = Vec::new();
    for op in ops {
        if let Some(span) = ends_taken(&op) {
            for r in doc.relations.iter().filter(|r| r.touches(span)) {
                if !taken.iter().any(|t| t.key() == r.key()) {
                    taken.push(r);
                    out.push(Op::RemoveRelation(r.clone()));
                }
            }
        }
        out.push(op);
    }
    (out, taken.len())
}

/// What is wrong with each relation of `doc` (its index and the problem): a label not in
/// `set` or not allowed between its ends' labels, an end that is not a span of the
/// document. Such relations are kept and shown
/// by `tanba validate`, never dropped.
pub fn problems(doc: &DocAnnotations, set: &RelationSet) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, r) in doc.relations.iter().enumerate() {
        match set.get(&r.label) {
            None => out.push((
                i,
                format!(
                    "relation {:?} is not in the workspace's relation set",
                    r.label
                ),
            )),
            // an end relabelled since, or a hand edit
            Some(kind) if !kind.admits(&r.from.label, &r.to.label) => out.push((
                i,
                format!(
                    "relation {} goes from {} to {}, which tanba.ron does not allow",
                    r.label, r.from.label, r.to.label
                ),
            )),
            Some(_) => {}
        }
        for end in [&r.from, &r.to] {
            if !doc.spans.iter().any(|s| end.is(s)) {
                out.push((
                    i,
                    format!(
                        "relation {} names span {} {}..{}, which the file does not hold",
                        r.label, end.label, end.start, end.end
                    ),
                ));
            }
        }
    }
    out
}

/// Each document label of `doc` that `set` lacks, with the file's line for it (the line
/// of `doc_labels:` in the text tanba writes).
pub fn unknown_doc_labels(
    doc: &DocAnnotations,
    set: &super::DocLabels,
    text: &str,
) -> Vec<(usize, String)> {
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("doc_labels:"))
        .map_or(1, |n| n + 1);
    doc.doc_labels
        .iter()
        .filter(|l| set.get(l).is_none())
        .map(|l| {
            (
                line,
                format!("document label {l:?} is not in the workspace's doc_labels"),
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "relation_rules_tests.rs"]
mod tests;
