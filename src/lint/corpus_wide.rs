//! The kinds that compare one annotator's documents with each other: `label_conflict`
//! (one folded text, several labels) and `unlabeled` (a text tagged elsewhere, missed
//! here). Texts meet as suggestions meet them: folded words, the last one inflected.

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use std::collections::BTreeMap;

use super::{Doc, Finding, Kind, Options, Remedy, accepted, finding};
use crate::annotation::{Span, SpanState};
use crate::suggest::{FoldedWords, Gazetteer};
use crate::text::CharIndex;

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
    // a name is tagged thousands of times: each text is folded once
    let texts: HashSet<&str> = docs
        .iter()
        .flat_map(|d| accepted(d.doc).map(|s| s.text.as_str()))
        .collect();
    let folded: HashMap<&str, String> = texts
        .into_par_iter()
        .map(|t| (t, FoldedWords::new(t).whole_key()))
        .collect();
    let keyed: Vec<(&str, &Doc, &Span)> = docs
        .iter()
        .flat_map(|d| accepted(d.doc).map(move |s| (d, s)))
        .filter_map(|(d, s)| {
            let key = folded.get(s.text.as_str())?.as_str();
            (!key.is_empty()).then_some((key, d, s))
        })
        .collect();
    let mut uses: HashMap<&str, Uses> = HashMap::default();
    for (key, d, s) in &keyed {
        let u = uses.entry(key).or_default();
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
    keyed: &[(&str, &Doc, &Span)],
    uses: &HashMap<&str, Uses>,
) -> Vec<Finding> {
    // one entry per text, with its most used label (the gazetteer's own choice)
    let mut gazetteer = Gazetteer::default();
    for (key, _, s) in keyed {
        if let Some(u) = uses.get(key).filter(|u| std::ptr::eq(u.spans[0].1, *s)) {
            gazetteer.add(&s.text, ranked(&u.counts)[0].0);
        }
    }
    if gazetteer.is_empty() {
        return Vec::new();
    }
    let notes: Vec<Note> = (0..gazetteer.len())
        .map(|i| {
            let entry = gazetteer.entry(i);
            let key = FoldedWords::new(&entry.text).whole_key();
            let used = uses.get(key.as_str());
            let tally = used.map(Uses::tally).unwrap_or_default();
            let name = entry.text.clone();
            let same = format!("tagged {tally} elsewhere");
            let inflected = format!("tagged {tally} elsewhere (as {name:?})");
            Note {
                label: entry.label.clone(),
                remedies: [&same, &inflected].map(|d| format!("lint: {d}")),
                details: [same, inflected],
                name,
                capital: used.is_some_and(|u| u.spans.iter().all(|(_, s)| capital(&s.text))),
                key,
            }
        })
        .collect();
    docs.par_iter()
        .filter(|d| d.search)
        .flat_map_iter(|d| missed(d, &gazetteer, &notes))
        .collect()
}

/// What the findings of one gazetteer entry say (made once: an entry may be missed in
/// thousands of articles).
struct Note {
    label: String,
    /// `tagged LOCATION ×7, AGENCY ×2 elsewhere`, then with `(as "Name")` for a form
    /// that is not the name's own.
    details: [String; 2],
    /// The suggestion's note for each detail: `lint: ` and the detail.
    remedies: [String; 2],
    /// The name as first tagged, and folded.
    name: String,
    key: String,
    /// Every accepted span of the name begins with a capital letter.
    capital: bool,
}

/// Whether the first letter or digit of `text` is a capital.
fn capital(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_uppercase)
}

/// The missed occurrences in one document. A name always tagged with a capital is not
/// missed where it begins in lower case: that is a common word sharing its letters
/// (Азамат / азаматтық, Болашақ / болашақта).
fn missed(d: &Doc, gazetteer: &Gazetteer, notes: &[Note]) -> Vec<Finding> {
    let mut found = gazetteer.find(&FoldedWords::new(d.text));
    if found.is_empty() {
        return Vec::new();
    }
    // by place, the longest first; one entry per range (the first found)
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    found.dedup_by_key(|f| (f.start, f.end));
    let taken = Taken::new(d.doc);
    let index = CharIndex::new(d.text);
    let mut out: Vec<Finding> = Vec::new();
    // the furthest end of the occurrences before: one ending before it lies inside
    // another, which stands for it
    let mut reach = 0;
    for f in &found {
        let inside = f.end <= reach;
        reach = reach.max(f.end);
        let note = &notes[f.entry];
        if inside || taken.covers(f.start, f.end, &note.label) {
            continue;
        }
        let text = index.slice(d.text, f.start, f.end).unwrap_or_default();
        let lower = text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_lowercase);
        if note.capital && lower {
            continue;
        }
        // the name as tagged is its own form; folding tells the others apart
        let own = text == note.name || FoldedWords::new(text).whole_key() == note.key;
        let which = usize::from(!own);
        out.push(Finding {
            kind: Kind::Unlabeled,
            article: d.doc.article.clone(),
            annotator: d.doc.annotator.clone(),
            start: f.start,
            end: f.end,
            text: text.to_string(),
            label: note.label.clone(),
            order: d.order,
            remedy: Some(Remedy::Suggest {
                label: note.label.clone(),
                note: note.remedies[which].clone(),
            }),
            detail: note.details[which].clone(),
            about: note.key.clone(),
        });
    }
    out
}

/// A document's accepted ranges (sorted, with the furthest end so far) and rejected spans.
struct Taken<'a> {
    accepted: Vec<(usize, usize)>,
    rejected: Vec<&'a Span>,
}

impl<'a> Taken<'a> {
    fn new(doc: &'a crate::annotation::DocAnnotations) -> Taken<'a> {
        let mut accepted: Vec<(usize, usize)> = accepted(doc).map(|s| (s.start, s.end)).collect();
        accepted.sort_unstable();
        let mut furthest = 0;
        for range in &mut accepted {
            furthest = furthest.max(range.1);
            range.1 = furthest;
        }
        let rejected = doc
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Rejected)
            .collect();
        Taken { accepted, rejected }
    }

    /// Whether an accepted span overlaps `[start, end)`, or a rejected one of `label` is there.
    fn covers(&self, start: usize, end: usize, label: &str) -> bool {
        let before = self.accepted.partition_point(|&(s, _)| s < end);
        (before > 0 && self.accepted[before - 1].1 > start)
            || self
                .rejected
                .iter()
                .any(|s| (s.start, s.end) == (start, end) && s.label == label)
    }
}
