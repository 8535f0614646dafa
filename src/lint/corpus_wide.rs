//! The kinds that compare one annotator's documents with each other: `label_conflict`
//! (one folded text, several labels) and `unlabeled` (a text tagged elsewhere, missed
//! here). Texts meet as suggestions meet them: folded words, the last one inflected.

use foldhash::HashMap;
use rayon::prelude::*;
use std::collections::BTreeMap;

use super::{Doc, Finding, Kind, Options, Remedy, accepted, finding};
use crate::annotation::{Span, SpanState};
use crate::suggest::{FoldedWords, Gazetteer};

/// The labels one folded text was accepted with, and where.
#[derive(Default)]
struct Uses<'a> {
    counts: BTreeMap<&'a str, usize>,
    spans: Vec<(&'a Doc<'a>, &'a Span)>,
}

impl Uses<'_> {
    /// `LOCATION ×7, AGENCY ×2`: most used first, then by name.
    fn tally(&self) -> String {
        ranked(&self.counts)
            .iter()
            .map(|(l, n)| format!("{l} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn ranked<'a>(counts: &BTreeMap<&'a str, usize>) -> Vec<(&'a str, usize)> {
    let mut ranked: Vec<(&str, usize)> = counts.iter().map(|(l, n)| (*l, *n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
}

pub(super) fn findings(docs: &[Doc], options: &Options) -> Vec<Finding> {
    let keyed: Vec<(String, &Doc, &Span)> = docs
        .par_iter()
        .flat_map_iter(|d| {
            accepted(d.doc).map(move |s| (FoldedWords::new(&s.text).whole_key(), d, s))
        })
        .filter(|(key, _, _)| !key.is_empty())
        .collect();
    let mut uses: HashMap<&str, Uses> = HashMap::default();
    for (key, d, s) in &keyed {
        let u = uses.entry(key.as_str()).or_default();
        *u.counts.entry(s.label.as_str()).or_default() += 1;
        u.spans.push((d, s));
    }
    let mut out = Vec::new();
    if options.wants(Kind::LabelConflict) {
        out.extend(uses.values().flat_map(conflicts));
    }
    if options.wants(Kind::Unlabeled) {
        out.extend(unlabeled(docs, &keyed, &uses));
    }
    out
}

/// One finding per span of a minority label; on a tie at the top, every span.
fn conflicts(u: &Uses) -> Vec<Finding> {
    if u.counts.len() < 2 {
        return Vec::new();
    }
    let ranked = ranked(&u.counts);
    let tie = ranked[0].1 == ranked[1].1;
    let tally = u.tally();
    u.spans
        .iter()
        .filter(|(_, s)| tie || s.label != ranked[0].0)
        .map(|(d, s)| finding(d, Kind::LabelConflict, s, tally.clone()))
        .collect()
}

/// Occurrences in the searched documents of texts accepted anywhere, that no accepted
/// span overlaps and no rejected span of that label and range has turned down.
fn unlabeled(
    docs: &[Doc],
    keyed: &[(String, &Doc, &Span)],
    uses: &HashMap<&str, Uses>,
) -> Vec<Finding> {
    let mut gazetteer = Gazetteer::default();
    for (_, _, s) in keyed {
        gazetteer.add(&s.text, &s.label);
    }
    if gazetteer.is_empty() {
        return Vec::new();
    }
    let notes: Vec<Note> = (0..gazetteer.len())
        .map(|i| {
            let entry = gazetteer.entry(i);
            let key = FoldedWords::new(&entry.text).whole_key();
            let tally = uses.get(key.as_str()).map(Uses::tally).unwrap_or_default();
            (
                entry.label.clone(),
                format!("tagged {tally} elsewhere"),
                key,
            )
        })
        .collect();
    docs.par_iter()
        .filter(|d| d.search)
        .flat_map_iter(|d| missed(d, &gazetteer, &notes))
        .collect()
}

/// An entry's label, the detail of its findings and its folded text.
type Note = (String, String, String);

fn missed(d: &Doc, gazetteer: &Gazetteer, notes: &[Note]) -> Vec<Finding> {
    let found = gazetteer.find(&FoldedWords::new(d.text));
    let free = |start: usize, end: usize, label: &str| {
        !d.doc.spans.iter().any(|s| match s.state {
            SpanState::Accepted => s.start < end && start < s.end,
            SpanState::Rejected => (s.start, s.end) == (start, end) && s.label == label,
            SpanState::Pending => false,
        })
    };
    let mut out: Vec<Finding> = Vec::new();
    for f in &found {
        let (label, detail, key) = &notes[f.entry];
        // the longest occurrence over a place stands for the shorter ones inside it
        let inside = found
            .iter()
            .any(|g| g.start <= f.start && f.end <= g.end && (g.start, g.end) != (f.start, f.end));
        let repeated = out.iter().any(|o| (o.start, o.end) == (f.start, f.end));
        if inside || repeated || !free(f.start, f.end, label) {
            continue;
        }
        let text = crate::text::slice_chars(d.text, f.start, f.end).unwrap_or_default();
        out.push(Finding {
            kind: Kind::Unlabeled,
            article: d.doc.article.clone(),
            annotator: d.doc.annotator.clone(),
            start: f.start,
            end: f.end,
            text: text.to_string(),
            label: label.clone(),
            detail: detail.clone(),
            order: d.order,
            remedy: Some(Remedy::Suggest {
                label: label.clone(),
                note: format!("lint: {detail}"),
            }),
            about: key.clone(),
        });
    }
    out
}
