//! Consistency across the corpus: one annotator's accepted spans checked against each
//! other and against their texts (`tanba lint`, the annotator's findings view). No
//! terminal here. Pending and rejected spans never make a finding of their own.

mod boundary;
mod corpus_wide;
mod fix;
mod workspace;

pub use boundary::{edge_trim, inside_word};
pub use fix::{Fixes, boundary_op, suggestion_ops};
pub use workspace::{Report, Scope, lint_docs, lint_workspace};

use serde::Serialize;
use std::collections::BTreeMap;

use crate::annotation::{DocAnnotations, LabelSet, Span, SpanState, unknown_label};
use crate::text::CharIndex;

/// What a finding is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Kind {
    /// The same folded text accepted with two or more labels.
    LabelConflict,
    /// An occurrence of a text accepted elsewhere that no accepted span covers.
    Unlabeled,
    /// A span edge on whitespace, outer punctuation or inside a word.
    Boundary,
    /// Two spans over one range, or two overlapping spans of one label.
    Duplicate,
    /// A label the workspace's label set does not have.
    UnknownLabel,
}

impl Kind {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// How a finding can be fixed, when it can (never written by `--json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// A pending suggestion of `label` over the finding's range, with this note.
    Suggest { label: String, note: String },
    /// The span trimmed to `[start, end)`.
    Trim { start: usize, end: usize },
}

/// One place worth a look: `[start, end)` in code points of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub article: String,
    pub annotator: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: String,
    pub detail: String,
    /// The article's place in the corpus, for corpus order.
    #[serde(skip)]
    pub order: usize,
    #[serde(skip)]
    pub remedy: Option<Remedy>,
    /// The folded text the finding is about (for `unlabeled`, the name tagged elsewhere):
    /// "every finding of this text" groups by it.
    #[serde(skip)]
    pub about: String,
}

/// One of the annotator's documents with its article text.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The article's place in the corpus.
    pub order: usize,
    pub text: &'a str,
    pub doc: &'a DocAnnotations,
    /// Whether missed occurrences (`unlabeled`) are looked for in this article.
    pub search: bool,
}

/// Which kinds to look for (all when empty).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kinds: Vec<Kind>,
}

impl Options {
    pub fn wants(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// Every finding in one annotator's documents, in corpus order.
pub fn lint(docs: &[Doc], labels: &LabelSet, options: &Options) -> Vec<Finding> {
    use rayon::prelude::*;
    let mut findings: Vec<Finding> = docs
        .par_iter()
        .flat_map_iter(|d| per_doc(d, labels, options))
        .collect();
    if options.wants(Kind::LabelConflict) || options.wants(Kind::Unlabeled) {
        findings.extend(corpus_wide::findings(docs, options));
    }
    sort(&mut findings);
    findings
}

/// Corpus order: article, annotator, place, kind.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.order, &a.annotator, a.start, a.end, a.kind, &a.label).cmp(&(
            b.order,
            &b.annotator,
            b.start,
            b.end,
            b.kind,
            &b.label,
        ))
    });
}

/// How many findings of each kind, every kind named (zero included).
pub fn counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    use strum::VariantArray;
    let mut counts: BTreeMap<&'static str, usize> =
        Kind::VARIANTS.iter().map(|k| (k.name(), 0)).collect();
    for f in findings {
        *counts.entry(f.kind.name()).or_default() += 1;
    }
    counts
}

/// The findings of one document alone: unknown labels, duplicates, boundaries.
fn per_doc(d: &Doc, labels: &LabelSet, options: &Options) -> Vec<Finding> {
    let accepted: Vec<&Span> = accepted(d.doc).collect();
    let mut out = Vec::new();
    if accepted.is_empty() {
        return out;
    }
    if options.wants(Kind::UnknownLabel) {
        for s in accepted.iter().filter(|s| labels.get(&s.label).is_none()) {
            let detail = unknown_label(&s.label, labels.names());
            out.push(finding(d, Kind::UnknownLabel, s, detail));
        }
    }
    if options.wants(Kind::Duplicate) {
        duplicates(d, &accepted, &mut out);
    }
    if options.wants(Kind::Boundary) {
        let index = CharIndex::new(d.text);
        for s in &accepted {
            if let Some(f) = boundary::check(d, &index, s) {
                out.push(f);
            }
        }
    }
    out
}

/// Pairs of accepted spans over one range, or overlapping with one label: the later
/// span of each pair is the finding.
fn duplicates(d: &Doc, spans: &[&Span], out: &mut Vec<Finding>) {
    for (i, a) in spans.iter().enumerate() {
        for b in spans[i + 1..].iter().take_while(|b| b.start < a.end) {
            let detail = if (a.start, a.end) == (b.start, b.end) && a.label != b.label {
                format!("same range as {}", a.label)
            } else if a.label == b.label {
                format!("overlaps {} {}..{} {:?}", a.label, a.start, a.end, a.text)
            } else {
                continue;
            };
            out.push(finding(d, Kind::Duplicate, b, detail));
        }
    }
}

fn accepted(doc: &DocAnnotations) -> impl Iterator<Item = &Span> {
    doc.spans.iter().filter(|s| s.state == SpanState::Accepted)
}

fn finding(d: &Doc, kind: Kind, s: &Span, detail: String) -> Finding {
    Finding {
        kind,
        article: d.doc.article.clone(),
        annotator: d.doc.annotator.clone(),
        start: s.start,
        end: s.end,
        text: s.text.clone(),
        label: s.label.clone(),
        detail,
        order: d.order,
        remedy: None,
        about: crate::suggest::FoldedWords::new(&s.text).whole_key(),
    }
}

#[cfg(test)]
#[path = "lint_tests.rs"]
mod tests;
