//! Fixes for findings, as edits (`Op`s) of one document: the command line applies them
//! to files, the annotator through the desk, so both say and undo them the same way.

use super::{Finding, Kind, Remedy};
use crate::annotation::{DocAnnotations, Op, Origin, Span, SpanScheme, SpanState, now};
use crate::suggest::{Candidate, admit};

/// What `--fix` did, one line per change, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixes {
    pub suggested: usize,
    pub trimmed: usize,
    pub lines: Vec<String>,
}

/// The `unlabeled` findings of `doc` as pending suggestions (origin suggested, signed
/// `tanba`, the finding's note), through the rules every suggestion passes (`admit`).
pub fn suggestion_ops(
    text: &str,
    doc: &DocAnnotations,
    findings: &[&Finding],
    scheme: SpanScheme,
) -> Vec<Op> {
    let candidates = findings
        .iter()
        .filter(|f| f.kind == Kind::Unlabeled && f.article == doc.article)
        .filter_map(|f| match &f.remedy {
            Some(Remedy::Suggest { label, note }) => Some(Candidate {
                start: f.start,
                end: f.end,
                label: label.clone(),
                note: Some(note.clone()),
            }),
            _ => None,
        })
        .collect();
    admit(
        text,
        doc,
        candidates,
        &Origin::Suggested,
        &doc.annotator,
        scheme,
    )
    .into_iter()
    .map(Op::Add)
    .collect()
}

/// The accepted span of a `boundary` finding trimmed to its remedy's range, unless the
/// span is gone or a span of that range and label is already there.
pub fn boundary_op(text: &str, doc: &DocAnnotations, finding: &Finding) -> Option<Op> {
    let Some(Remedy::Trim { start, end }) = finding.remedy else {
        return None;
    };
    let old = doc.spans.iter().find(|s| {
        s.state == SpanState::Accepted
            && (s.start, s.end) == (finding.start, finding.end)
            && s.label == finding.label
    })?;
    let taken = |s: &Span| (s.start, s.end, &s.label) == (start, end, &old.label);
    if doc.spans.iter().any(taken) {
        return None;
    }
    let covered = crate::text::slice_chars(text, start, end)?;
    let new = Span {
        start,
        end,
        text: covered.to_string(),
        updated: now(),
        ..old.clone()
    };
    Some(Op::Replace {
        old: old.clone(),
        new,
    })
}

impl Fixes {
    /// Counts and says one applied op of `doc`.
    pub fn said(&mut self, doc: &DocAnnotations, op: &Op) {
        let line = match op {
            Op::Add(s) => {
                self.suggested += 1;
                format!("suggested {} {}..{} {:?}", s.label, s.start, s.end, s.text)
            }
            Op::Replace { old, new } => {
                self.trimmed += 1;
                format!(
                    "trimmed {} {}..{} {:?} to {}..{} {:?}",
                    old.label, old.start, old.end, old.text, new.start, new.end, new.text
                )
            }
            _ => return,
        };
        self.lines
            .push(format!("{} {}: {line}", doc.annotator, doc.article));
    }
}
