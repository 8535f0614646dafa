//! An annotation file (`annotations/<who>/<id>.ron`) changed on two machines (the same
//! annotator at the office and at home) is merged by meaning when a sync pulls, rather
//! than stopping on git's conflict. Every rule that keeps, drops, replaces or merges a span
//! is here, once, and each one that acts is said in the summary `sync` prints:
//!
//! - a span is one span on both sides when (start, end, label) agree;
//! - a span added on either side is kept;
//! - a span removed (or relabelled) on one side and unchanged on the other goes;
//! - a span changed on one side only (state, link, note, flag) takes that side's change;
//! - a note changed differently on both sides keeps both, this machine's first, joined by
//!   ` | ` (when one holds the other, the longer alone; removed on one side and changed
//!   on the other, the changed one);
//! - the status changed on one side is that side's; changed differently on both, the less
//!   finished one wins (flagged, in progress, todo, skipped, done), so the merged spans are
//!   never marked done unless both sides had finished;
//! - the audit log is both sides' entries in time order, each once;
//! - relations and document labels: added on either side kept, removed on one side and
//!   there on the other removed;
//! - a span's `created` is the earlier of the two sides', `updated` the later.
//!
//! Clashes, reported with what each side has (the file is not touched):
//! - one span relabelled differently on the two sides;
//! - one span changed on one side and removed or relabelled on the other;
//! - one field of a span (state, link, flag, origin, author) changed differently on both;
//! - a relation added on one side to a span the other removed;
//! - the article's text differs between the sides (the offsets do not agree);
//! - in a flat project, an accepted span from one side overlapping an accepted span from
//!   the other (`flat_clashes`): a flat project holds one span over a place, so the merge
//!   does not choose between them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::merged::Merged;
use crate::annotation::{DocAnnotations, DocStatus, LogEntry, Relation, Span, SpanKey, SpanScheme};
use crate::store::{doc_to_ron, parse_doc};

/// A span's identity in a document, owned.
type Key = (usize, usize, String);

fn key(span: &Span) -> Key {
    (span.start, span.end, span.label.clone())
}

fn index(spans: &[Span]) -> BTreeMap<Key, &Span> {
    spans.iter().map(|s| (key(s), s)).collect()
}

/// The three-way merge of one annotation file; see the module's comment.
pub fn merge_doc(
    base: Option<&str>,
    here: &str,
    remote: &str,
    scheme: SpanScheme,
) -> Result<Merged, Vec<String>> {
    let parse = |side: &str, text: &str| {
        let mut doc = parse_doc(Path::new("annotation file"), text)
            .map_err(|e| vec![format!("{side}: {e}")])?;
        doc.normalize();
        Ok::<_, Vec<String>>(doc)
    };
    let base = match base {
        Some(text) => Some(parse("the common version", text)?),
        None => None,
    };
    let (mine, theirs) = (parse("here", here)?, parse("on the remote", remote)?);
    if mine.text_hash != theirs.text_hash || mine.article != theirs.article {
        return Err(vec![format!(
            "the article's text differs between the two sides (here {}, on the remote {}), \
             so their offsets do not agree",
            mine.text_hash, theirs.text_hash
        )]);
    }
    let base = base.filter(|b| b.text_hash == mine.text_hash);
    let mut merge = DocMerge::default();
    let spans = merge.spans(
        base.as_ref().map(|b| &b.spans[..]),
        &mine.spans,
        &theirs.spans,
    );
    let relations = merge.relations(base.as_ref(), &mine, &theirs, &spans);
    let doc_labels = merge_sets(
        base.as_ref().map(|b| &b.doc_labels[..]),
        &mine.doc_labels,
        &theirs.doc_labels,
        |l| l.clone(),
    );
    if doc_labels.changed {
        merge
            .said
            .push("document labels added or removed on both sides".into());
    }
    let status = merge.status(base.as_ref().map(|b| b.status), mine.status, theirs.status);
    let log = merge.log(&mine.log, &theirs.log);
    if !merge.clashes.is_empty() {
        return Err(merge.clashes);
    }
    let mut merged = DocAnnotations {
        status,
        spans,
        relations,
        doc_labels: doc_labels.items,
        log,
        ..mine.clone()
    };
    merged.normalize();
    if scheme == SpanScheme::Flat {
        let clashes = flat_clashes(&merged, &mine, &theirs);
        if !clashes.is_empty() {
            return Err(clashes);
        }
    }
    let text = if merged == mine {
        here.to_string()
    } else if merged == theirs {
        remote.to_string()
    } else {
        doc_to_ron(&merged)
    };
    Ok(Merged {
        text,
        said: merge.said(),
    })
}

/// In a flat project, the clashes of a merge (`merged`, of `mine` and `theirs`): each pair
/// of overlapping accepted spans it holds that neither side held alone. Overlaps a side
/// already had are not the merge's doing (`validate` reports them).
fn flat_clashes(
    merged: &DocAnnotations,
    mine: &DocAnnotations,
    theirs: &DocAnnotations,
) -> Vec<String> {
    let accepted = |doc: &DocAnnotations| -> BTreeSet<Key> {
        let spans = doc.spans.iter();
        spans
            .filter(|s| s.state == crate::annotation::SpanState::Accepted)
            .map(key)
            .collect()
    };
    let (mine, theirs) = (accepted(mine), accepted(theirs));
    let side = |span: &Span| {
        if mine.contains(&key(span)) {
            "here"
        } else {
            "on the remote"
        }
    };
    crate::annotation::scheme::overlapping_accepted(merged)
        .into_iter()
        .filter(|(a, b)| {
            let (a, b) = (key(a), key(b));
            !(mine.contains(&a) && mine.contains(&b) || theirs.contains(&a) && theirs.contains(&b))
        })
        .map(|(a, b)| {
            format!(
                "span {} ({}) overlaps span {} ({}), and the project is flat (one span over a \
                 place): keep one of them in tanba and sync again",
                shown(a),
                side(a),
                shown(b),
                side(b)
            )
        })
        .collect()
}

/// How many spans each rule touched on one side.
#[derive(Debug, Default)]
struct Counts {
    added: usize,
    removed: usize,
    relabelled: usize,
    changed: usize,
}

#[derive(Debug, Default)]
struct DocMerge {
    here: Counts,
    remote: Counts,
    notes_joined: usize,
    said: Vec<String>,
    clashes: Vec<String>,
}

/// A span as the messages name it: `0..6 "Атырау" LOCATION`.
fn shown(span: &Span) -> String {
    format!(
        "{}..{} \"{}\" {}",
        span.start,
        span.end,
        crate::text::sanitize(&span.text),
        span.label
    )
}

/// Labels a side has at `span`'s place that the common version lacks there.
fn new_labels(
    side: &BTreeMap<Key, &Span>,
    base: &BTreeMap<Key, &Span>,
    span: &Span,
) -> Vec<String> {
    let from = (span.start, span.end, String::new());
    side.range(from..)
        .take_while(|(k, _)| (k.0, k.1) == (span.start, span.end))
        .filter(|(k, _)| !base.contains_key(*k))
        .map(|(k, _)| k.2.clone())
        .collect()
}

impl DocMerge {
    fn spans(&mut self, base: Option<&[Span]>, here: &[Span], remote: &[Span]) -> Vec<Span> {
        let (b, h, r) = (index(base.unwrap_or(&[])), index(here), index(remote));
        let keys: BTreeSet<&Key> = b.keys().chain(h.keys()).chain(r.keys()).collect();
        let mut out = Vec::new();
        for k in keys {
            match (b.get(k), h.get(k), r.get(k)) {
                (old, Some(x), Some(y)) => out.extend(self.both(old.copied(), x, y)),
                (None, Some(x), None) => {
                    self.count_added(true, &h, &b, x);
                    out.push((*x).clone());
                }
                (None, None, Some(y)) => {
                    self.count_added(false, &r, &b, y);
                    out.push((*y).clone());
                }
                (Some(old), Some(x), None) => {
                    let gone = self.gone(old, x, &r, &b, false);
                    if !gone {
                        out.push((*x).clone());
                    }
                }
                (Some(old), None, Some(y)) => {
                    let gone = self.gone(old, y, &h, &b, true);
                    if !gone {
                        out.push((*y).clone());
                    }
                }
                (Some(old), None, None) => {
                    let (ours, theirs) = (new_labels(&h, &b, old), new_labels(&r, &b, old));
                    if !ours.is_empty() && !theirs.is_empty() && ours != theirs {
                        self.clashes.push(format!(
                            "span {}: relabelled here to {}, on the remote to {}",
                            shown(old),
                            ours.join(", "),
                            theirs.join(", ")
                        ));
                    }
                }
                (None, None, None) => {}
            }
        }
        out
    }

    /// A span added on one side: counted as a relabel's other half when that side also
    /// removed a span at the same place.
    fn count_added(
        &mut self,
        here: bool,
        side: &BTreeMap<Key, &Span>,
        base: &BTreeMap<Key, &Span>,
        span: &Span,
    ) {
        let relabel = base
            .keys()
            .any(|k| (k.0, k.1) == (span.start, span.end) && !side.contains_key(k));
        if !relabel {
            let counts = if here {
                &mut self.here
            } else {
                &mut self.remote
            };
            counts.added += 1;
        }
    }

    /// A span one side (`kept`) still has and the other (`other`, here when `removed_here`)
    /// removed or relabelled: it goes when the keeping side left it as it was.
    fn gone(
        &mut self,
        old: &Span,
        kept: &Span,
        other: &BTreeMap<Key, &Span>,
        base: &BTreeMap<Key, &Span>,
        removed_here: bool,
    ) -> bool {
        let relabelled_to = new_labels(other, base, old);
        let what = match relabelled_to.as_slice() {
            [] => "removed".to_string(),
            labels => format!("relabelled to {}", labels.join(", ")),
        };
        if same(old, kept) {
            let counts = if removed_here {
                &mut self.here
            } else {
                &mut self.remote
            };
            if relabelled_to.is_empty() {
                counts.removed += 1;
            } else {
                counts.relabelled += 1;
            }
            return true;
        }
        let (here, remote) = if removed_here {
            (what, format!("changed ({})", changes(old, kept)))
        } else {
            (format!("changed ({})", changes(old, kept)), what)
        };
        self.clashes.push(format!(
            "span {}: {here} here, {remote} on the remote",
            shown(old)
        ));
        false
    }

    /// One span on both sides: equal, or merged field by field.
    fn both(&mut self, base: Option<&Span>, x: &Span, y: &Span) -> Option<Span> {
        let mut span = x.clone();
        span.created = x.created.min(y.created);
        span.updated = x.updated.max(y.updated);
        if same(x, y) {
            return Some(span);
        }
        let changed = |side: &Span| base.is_none_or(|b| !same(b, side));
        if changed(x) && !changed(y) {
            self.here.changed += 1;
        } else if changed(y) && !changed(x) {
            self.remote.changed += 1;
        }
        let mut clashes = Vec::new();
        let mut pick = |what: &str, get: &dyn Fn(&Span) -> String| {
            let (h, r) = (get(x), get(y));
            let b = base.map(get);
            if h == r || b.as_ref() == Some(&r) {
                Some(false)
            } else if b.as_ref() == Some(&h) {
                Some(true)
            } else {
                clashes.push(format!("{what} here {h}, on the remote {r}"));
                None
            }
        };
        if pick("state", &|s| <&str>::from(s.state).to_string()) == Some(true) {
            span.state = y.state;
        }
        if pick("origin", &|s| s.origin.to_string()) == Some(true) {
            span.origin = y.origin.clone();
        }
        if pick("author", &|s| s.who.clone()) == Some(true) {
            span.who = y.who.clone();
        }
        if pick("link", &link) == Some(true) {
            (span.kb, span.kb_suggested) = (y.kb.clone(), y.kb_suggested);
        }
        if pick("flag", &|s| s.flagged.to_string()) == Some(true) {
            span.flagged = y.flagged;
        }
        span.note = self.note(base.map(|b| &b.note), &x.note, &y.note);
        if !clashes.is_empty() {
            self.clashes
                .push(format!("span {}: {}", shown(x), clashes.join("; ")));
            return None;
        }
        Some(span)
    }

    /// The note of a span both sides have: the changed side's, or both joined.
    fn note(
        &mut self,
        base: Option<&Option<String>>,
        here: &Option<String>,
        remote: &Option<String>,
    ) -> Option<String> {
        if here == remote || base == Some(remote) {
            return here.clone();
        }
        if base == Some(here) {
            return remote.clone();
        }
        let (Some(h), Some(r)) = (here, remote) else {
            // one side has no note (it removed or never had one): the other's is kept
            self.notes_joined += 1;
            return here.clone().or_else(|| remote.clone());
        };
        self.notes_joined += 1;
        Some(if h.contains(r.as_str()) {
            h.clone()
        } else if r.contains(h.as_str()) {
            r.clone()
        } else {
            format!("{h} | {r}")
        })
    }

    fn relations(
        &mut self,
        base: Option<&DocAnnotations>,
        mine: &DocAnnotations,
        theirs: &DocAnnotations,
        spans: &[Span],
    ) -> Vec<Relation> {
        let key = |r: &Relation| (r.label.clone(), r.from.clone(), r.to.clone());
        let merged = merge_sets(
            base.map(|b| &b.relations[..]),
            &mine.relations,
            &theirs.relations,
            key,
        );
        if merged.changed {
            self.said
                .push("relations added or removed on both sides".into());
        }
        let there: BTreeSet<SpanKey> = spans.iter().map(SpanKey::of).collect();
        for r in &merged.items {
            for end in [&r.from, &r.to] {
                if !there.contains(end) {
                    self.clashes.push(format!(
                        "relation {} {}..{} -> {}..{}: its span {}..{} {} is on one side only",
                        r.label,
                        r.from.start,
                        r.from.end,
                        r.to.start,
                        r.to.end,
                        end.start,
                        end.end,
                        end.label
                    ));
                }
            }
        }
        merged.items
    }

    fn status(&mut self, base: Option<DocStatus>, here: DocStatus, remote: DocStatus) -> DocStatus {
        if here == remote || base == Some(remote) {
            return here;
        }
        if base == Some(here) {
            self.said.push(format!("status {remote} from the remote"));
            return remote;
        }
        let kept = if finished(remote) < finished(here) {
            remote
        } else {
            here
        };
        self.said.push(format!(
            "status here {here}, on the remote {remote}: {kept} kept (the less finished)"
        ));
        kept
    }

    /// Both sides' entries in time order, each once (an entry both have counts once; one a
    /// side has twice stays twice).
    fn log(&mut self, here: &[LogEntry], remote: &[LogEntry]) -> Vec<LogEntry> {
        let id = |e: &'_ LogEntry| (e.when, e.who.clone(), e.what.clone());
        let mut ours: HashMap<_, usize> = HashMap::new();
        for e in here {
            *ours.entry(id(e)).or_default() += 1;
        }
        let mut out = here.to_vec();
        let mut arrived = 0;
        for e in remote {
            match ours.get_mut(&id(e)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    out.push(e.clone());
                    arrived += 1;
                }
            }
        }
        out.sort_by_key(|e| e.when);
        if arrived > 0 {
            self.said.push(format!(
                "{} from the remote",
                crate::text::count(arrived, "audit-log entry", "audit-log entries")
            ));
        }
        out
    }

    /// What the merge did, for the summary: span rules first, then the rest.
    fn said(self) -> Vec<String> {
        let mut lines = Vec::new();
        for (counts, side) in [(&self.here, "here"), (&self.remote, "on the remote")] {
            let mut parts = Vec::new();
            let span = |n: usize| crate::text::count(n, "span", "spans");
            if counts.added > 0 {
                parts.push(format!("{} added", span(counts.added)));
            }
            if counts.relabelled > 0 {
                parts.push(format!("{} relabelled", span(counts.relabelled)));
            }
            if counts.removed > 0 {
                parts.push(format!("{} removed", span(counts.removed)));
            }
            if counts.changed > 0 {
                parts.push(format!("{} changed", span(counts.changed)));
            }
            if !parts.is_empty() {
                lines.push(format!("{} {side}", parts.join(", ")));
            }
        }
        if self.notes_joined > 0 {
            lines.push(format!(
                "the notes of {} changed on both sides: both kept",
                crate::text::count(self.notes_joined, "span", "spans")
            ));
        }
        lines.extend(self.said);
        lines
    }
}

/// Whether two versions of one span say the same, apart from when they were written.
fn same(a: &Span, b: &Span) -> bool {
    let when = |s: &Span| {
        let mut s = s.clone();
        (s.created, s.updated) = (a.created, a.created);
        s
    };
    when(a) == when(b)
}

/// What changed in a span, for a clash message: `state pending -> accepted`.
fn changes(old: &Span, new: &Span) -> String {
    let mut out = Vec::new();
    let mut field = |what: &str, get: &dyn Fn(&Span) -> String| {
        let (a, b) = (get(old), get(new));
        if a != b {
            out.push(format!("{what} {a} -> {b}"));
        }
    };
    field("state", &|s| <&str>::from(s.state).to_string());
    field("note", &|s| {
        format!("{:?}", s.note.as_deref().unwrap_or(""))
    });
    field("link", &link);
    field("flag", &|s| s.flagged.to_string());
    field("origin", &|s| s.origin.to_string());
    field("author", &|s| s.who.clone());
    out.join(", ")
}

fn link(s: &Span) -> String {
    match (&s.kb, s.kb_suggested) {
        (None, _) => "none".into(),
        (Some(id), false) => id.clone(),
        (Some(id), true) => format!("{id} (suggested)"),
    }
}

/// How far along a status is; the lower wins when both sides changed it differently.
fn finished(status: DocStatus) -> u8 {
    match status {
        DocStatus::Flagged => 0,
        DocStatus::InProgress => 1,
        DocStatus::Todo => 2,
        DocStatus::Skipped => 3,
        DocStatus::Done => 4,
    }
}

struct MergedSet<T> {
    items: Vec<T>,
    /// The result differs from this machine's.
    changed: bool,
}

/// Items matched by `key`: added on either side kept, removed on a side (and there on the
/// other) removed; an item both sides have is this machine's.
fn merge_sets<T: Clone, K: Ord>(
    base: Option<&[T]>,
    here: &[T],
    remote: &[T],
    key: impl Fn(&T) -> K,
) -> MergedSet<T> {
    let keys = |items: &[T]| -> BTreeSet<K> { items.iter().map(&key).collect() };
    let (b, h, r) = (keys(base.unwrap_or(&[])), keys(here), keys(remote));
    let mut items: Vec<T> = here
        .iter()
        .filter(|x| {
            let k = key(x);
            r.contains(&k) || !b.contains(&k)
        })
        .cloned()
        .collect();
    items.extend(
        remote
            .iter()
            .filter(|y| {
                let k = key(y);
                !h.contains(&k) && !b.contains(&k)
            })
            .cloned(),
    );
    let changed = items.len() != here.len() || keys(&items) != h;
    MergedSet { items, changed }
}

#[cfg(test)]
#[path = "doc_merge_tests.rs"]
mod tests;
