//! `tanba merge --update`: brings into a curator's document what the annotators changed
//! since the last merge. One rule, here only: a span the merge wrote and nobody touched
//! since (origin merged, by `merge`) takes the state a merge would give it now —
//! accepted when enough annotators have it, pending when it lost that agreement or
//! nobody has it any more; a span the merge would add now is added unless the curator
//! removed it; every span the curator decided by hand (any other author) stays as it is.
//! Each change is a line of the document's log, saying why.

use std::collections::{BTreeMap, HashSet};

use crate::annotation::{DocAnnotations, LogEntry, Origin, Span, SpanState, described_span, now};

/// A curator's document brought up to date, and what changed.
#[derive(Debug, Clone)]
pub struct Updated {
    pub doc: DocAnnotations,
    /// One line per change, as logged.
    pub changes: Vec<String>,
    /// Spans the curator decided whose state the merge would now give otherwise.
    pub kept: usize,
}

type Key = (usize, usize, String);

fn key(s: &Span) -> Key {
    (s.start, s.end, s.label.clone())
}

/// Written by the merge and never touched by a person since.
fn merge_owned(s: &Span) -> bool {
    s.origin == Origin::Merged && s.who == "merge"
}

/// `current` (the curator's document) brought to `fresh` (what `merge_doc` gives now).
pub fn update_doc(current: &DocAnnotations, fresh: &DocAnnotations) -> Updated {
    let fresh_spans: BTreeMap<Key, &Span> = fresh.spans.iter().map(|s| (key(s), s)).collect();
    let removed: HashSet<Key> = current
        .log
        .iter()
        .filter(|e| e.who == current.annotator)
        .filter_map(|e| described_span(e.what.strip_prefix("remove ")?))
        .map(|(label, start, end)| (start, end, label.to_string()))
        .collect();
    let mut doc = current.clone();
    let mut changes = Vec::new();
    let mut kept = 0;
    let when = now();
    for span in &mut doc.spans {
        let now_merged = fresh_spans.get(&key(span));
        if !merge_owned(span) {
            kept += usize::from(now_merged.is_some_and(|f| f.state != span.state));
            continue;
        }
        let (state, note) = match now_merged {
            Some(f) => (f.state, f.note.clone()),
            None => (
                SpanState::Pending,
                Some("no annotator has it now".to_string()),
            ),
        };
        if span.state != state {
            let why = note.as_deref().unwrap_or("");
            changes.push(format!(
                "merge --update: {} {}..{} {:?} {} -> {} ({why})",
                span.label,
                span.start,
                span.end,
                span.text,
                state_name(span.state),
                state_name(state)
            ));
            span.state = state;
            span.updated = when;
        }
        span.note = note;
    }
    let present: HashSet<Key> = doc.spans.iter().map(key).collect();
    for (k, span) in fresh_spans {
        if present.contains(&k) || removed.contains(&k) {
            continue;
        }
        changes.push(format!(
            "merge --update: add {} {}..{} {:?} {} ({})",
            span.label,
            span.start,
            span.end,
            span.text,
            state_name(span.state),
            span.note.as_deref().unwrap_or("")
        ));
        doc.spans.push(span.clone());
    }
    doc.normalize();
    doc.log.extend(changes.iter().map(|what| LogEntry {
        when,
        who: current.annotator.clone(),
        what: what.clone(),
    }));
    Updated { doc, changes, kept }
}

fn state_name(state: SpanState) -> String {
    format!("{state:?}").to_lowercase()
}
