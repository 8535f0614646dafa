//! The team's view as figures: progress per annotator, spans per label, throughput from
//! the audit logs, agreement per pair, and the articles that want attention. No
//! terminal here: `tanba stats --json` prints these, the dashboard draws them.

mod agreement;
mod assigned;
mod spent;
mod throughput;

pub use crate::agree::PairFigures;
pub use agreement::{figures as agreement_figures, pairs};
pub use spent::{TimeSpent, active_seconds, clock, time_spent};
pub use throughput::{
    BREAK, DAYS, DayCount, HOURS, Throughput, is_persons_act, is_span_event, of_times, throughput,
};

use serde::Serialize;
use std::collections::BTreeMap;

use crate::annotation::{DocAnnotations, DocStatus, LabelSet, SpanState, Timestamp};
use crate::corpus::Article;
use crate::store::DocKey;

/// How many articles the attention list keeps.
pub const ATTENTION: usize = 10;

/// Articles per status for one annotator; articles without a file are todo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub in_progress: usize,
    pub skipped: usize,
    pub flagged: usize,
    pub todo: usize,
}

impl Progress {
    pub fn add(&mut self, status: DocStatus) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: DocStatus) -> &mut usize {
        match status {
            DocStatus::Done => &mut self.done,
            DocStatus::InProgress => &mut self.in_progress,
            DocStatus::Skipped => &mut self.skipped,
            DocStatus::Flagged => &mut self.flagged,
            DocStatus::Todo => &mut self.todo,
        }
    }

    pub fn get(&self, status: DocStatus) -> usize {
        let mut copy = *self;
        *copy.slot(status)
    }

    pub fn total(&self) -> usize {
        self.done + self.in_progress + self.skipped + self.flagged + self.todo
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelCount {
    pub label: String,
    pub spans: usize,
}

/// Spans that count (accepted or pending), per label, in the label set's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PerLabel {
    pub team: Vec<LabelCount>,
    pub annotators: BTreeMap<String, Vec<LabelCount>>,
}

/// An article with pending spans to review, or flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attention {
    /// Its position in the corpus, to open it.
    pub index: usize,
    pub article: String,
    pub title: String,
    pub pending: usize,
    /// Who flagged it (the article, or a span the text no longer holds).
    pub flagged_by: Vec<String>,
    /// Annotators it is assigned to who have not touched it, with for how many days.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untouched: Vec<(String, i64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dashboard {
    /// The corpus's articles, whether anyone has worked on them or not.
    #[serde(skip)] // `tanba stats --json` says it beside the figures, flattened
    pub articles: usize,
    pub progress: BTreeMap<String, Progress>,
    pub per_label: PerLabel,
    pub throughput: BTreeMap<String, Throughput>,
    /// Active time per annotator, from the audit logs.
    pub time: BTreeMap<String, TimeSpent>,
    /// Every pair of annotators, as `tanba agree` gives them.
    pub agreement: Vec<PairFigures>,
    /// Krippendorff's alpha over every annotator, as `tanba agree` gives it.
    pub alpha: Option<f64>,
    /// For `me` when given (their pending spans), else for the whole team.
    pub attention: Vec<Attention>,
    /// Files (one annotator's article) per document label, over the team.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub doc_labels: BTreeMap<String, usize>,
}

/// What the figures are computed from.
pub struct Input<'a> {
    pub articles: &'a [Article],
    pub labels: &'a LabelSet,
    /// Every annotator's documents in key order; borrowed, so a session's own documents
    /// in memory and the team's from disk are given together without copies.
    pub docs: &'a [(&'a DocKey, &'a DocAnnotations)],
    /// The annotator looking, for the attention list; none for the team.
    pub me: Option<&'a str>,
    pub now: Timestamp,
}

impl Dashboard {
    pub fn compute(input: &Input) -> Dashboard {
        let throughput = throughput(input.docs.iter().map(|(_, d)| *d), input.now);
        let (agreement, alpha) = agreement::figures(input.articles, input.docs);
        Dashboard {
            articles: input.articles.len(),
            progress: progress(input),
            per_label: per_label(input),
            time: time_spent(input.docs.iter().map(|(_, d)| *d), &throughput),
            throughput,
            agreement,
            alpha,
            attention: attention(input),
            doc_labels: doc_labels(input),
        }
    }

    /// Annotators with any figure, in name order.
    pub fn annotators(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .progress
            .keys()
            .chain(self.throughput.keys())
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

fn doc_labels(input: &Input) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for label in input.docs.iter().flat_map(|(_, d)| &d.doc_labels) {
        *out.entry(label.clone()).or_default() += 1;
    }
    out
}

fn progress(input: &Input) -> BTreeMap<String, Progress> {
    let mut out: BTreeMap<String, Progress> = BTreeMap::new();
    for &(key, doc) in input.docs {
        out.entry(key.annotator.clone())
            .or_default()
            .add(doc.status);
    }
    // articles without a file are todo
    for p in out.values_mut() {
        p.todo += input.articles.len().saturating_sub(p.total());
    }
    out
}

fn per_label(input: &Input) -> PerLabel {
    let mut team: BTreeMap<&str, usize> = BTreeMap::new();
    let mut annotators: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for &(key, doc) in input.docs {
        let mine = annotators.entry(key.annotator.as_str()).or_default();
        for span in doc.live_spans() {
            *team.entry(&span.label).or_default() += 1;
            *mine.entry(&span.label).or_default() += 1;
        }
    }
    let ordered = |counts: &BTreeMap<&str, usize>| -> Vec<LabelCount> {
        let mut names: Vec<&str> = input.labels.names().collect();
        // labels found only in the files come after the label set's own
        names.extend(counts.keys().filter(|l| input.labels.get(l).is_none()));
        names
            .into_iter()
            .map(|label| LabelCount {
                label: label.to_string(),
                spans: counts.get(label).copied().unwrap_or(0),
            })
            .collect()
    };
    PerLabel {
        team: ordered(&team),
        annotators: annotators
            .iter()
            .map(|(who, counts)| (who.to_string(), ordered(counts)))
            .collect(),
    }
}

fn attention(input: &Input) -> Vec<Attention> {
    let mut by_article: BTreeMap<&str, Vec<&DocAnnotations>> = BTreeMap::new();
    for &(key, doc) in input.docs {
        if input.me.is_none_or(|me| me == key.annotator) {
            by_article
                .entry(key.article.as_str())
                .or_default()
                .push(doc);
        }
    }
    let mut rows: Vec<Attention> = input
        .articles
        .iter()
        .enumerate()
        .filter_map(|(index, article)| {
            let docs = by_article.get(article.id.as_str());
            let pending = match docs {
                Some(docs) => docs.iter().map(|d| d.pending().count()).sum(),
                None => article.imported.len(), // pre-annotations nobody has reviewed
            };
            let flagged_by: Vec<String> = docs
                .into_iter()
                .flatten()
                .filter(|d| {
                    d.status == DocStatus::Flagged
                        || d.spans
                            .iter()
                            .any(|s| s.flagged && s.state != SpanState::Rejected)
                })
                .map(|d| d.annotator.clone())
                .collect();
            (pending > 0 || !flagged_by.is_empty()).then(|| Attention {
                index,
                article: article.id.clone(),
                title: article.title.clone(),
                pending,
                flagged_by,
                untouched: Vec::new(),
            })
        })
        .collect();
    // flagged first, then the most pending; ties keep corpus order (the sort is stable)
    rows.sort_by_key(|r| (r.flagged_by.is_empty(), std::cmp::Reverse(r.pending)));
    rows.truncate(ATTENTION);
    rows
}

#[cfg(test)]
pub(crate) mod tests;
