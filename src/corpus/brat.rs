//! brat standoff: `doc.txt` with `doc.ann` beside it is one article. `T` lines become
//! pre-annotations (a discontinuous one as one span per fragment, each noting it, unless
//! only a line break parts them: a span brat cut at a line break is one span);
//! `#` AnnotatorNotes become notes; `R` lines become relations between the spans (the
//! first fragment of each end); `N` normalization lines (`N1<TAB>Reference T1 kb:Q1<TAB>
//! Name`) become knowledge-base links (the id after the database's `:`); events,
//! attributes and `*` equivalences are skipped.

use std::collections::BTreeMap;
use std::path::Path;

use super::common::{NormalisedText, decode, quote};
use super::{ImportedLink, ImportedRelation, ImportedSpan, Problem};
use crate::text::slice_chars;

/// A `T` line as read: its fragments (raw offsets), label and line number.
struct TextBound {
    line_no: usize,
    label: String,
    fragments: Vec<(usize, usize)>,
}

/// The relations and the knowledge-base links of an `.ann`.
pub type Joins = (Vec<ImportedRelation>, Vec<ImportedLink>);

/// Reads the `.ann` beside `raw` (the `.txt` text as read, before normalisation) into
/// spans and relations on the normalised text. Problems name the `.ann` file and line.
pub fn annotations(
    ann: &Path,
    raw: &NormalisedText,
    raw_text: &str,
) -> (Vec<ImportedSpan>, Joins, Vec<Problem>) {
    let mut problems = Vec::new();
    let source = match std::fs::read(ann) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => {
            return (Vec::new(), Default::default(), problems);
        }
        Ok(bytes) => match decode(ann, bytes) {
            Ok(text) => NormalisedText::new(text).into_text(),
            Err(p) => return (Vec::new(), Default::default(), vec![p]),
        },
        Err(e) => {
            return (
                Vec::new(),
                Default::default(),
                vec![Problem::new(ann, None, e.to_string())],
            );
        }
    };
    let (bounds, notes) = read_lines(ann, &source, raw_text, &mut problems);
    let mut spans = place_spans(ann, raw, &bounds, &notes, &mut problems);
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    let relations = read_relations(ann, &source, raw, &bounds, &mut problems);
    let links = read_links(ann, &source, raw, &bounds, &mut problems);
    problems.sort_by_key(|p| p.line);
    (spans, (relations, links), problems)
}

/// The `N` lines (`N1<TAB>Reference T1 kb:Q123<TAB>Name`): the `T` it names (its first
/// fragment) linked to the id after the `:`; one naming no `T` is a problem at its line.
fn read_links(
    ann: &Path,
    source: &str,
    raw: &NormalisedText,
    bounds: &BTreeMap<String, TextBound>,
    problems: &mut Vec<Problem>,
) -> Vec<ImportedLink> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if !line.starts_with('N') {
            continue;
        }
        let problem = |m: String| Problem::new(ann, Some(i + 1), m);
        let body = line.split('\t').nth(1).unwrap_or_default();
        let words: Vec<&str> = body.split_whitespace().collect();
        let [_, target, reference] = words[..] else {
            problems.push(problem(format!(
                "expected «N1<TAB>Reference T1 kb:ID<TAB>Name», found {}",
                quote(line)
            )));
            continue;
        };
        let id = reference.split_once(':').map_or(reference, |(_, id)| id);
        let placed = bounds
            .get(target)
            .and_then(|b| Some((b.fragments.first()?, &b.label)))
            .and_then(|(&(start, end), label)| {
                let (start, end) = raw.place(start, end).ok()?;
                Some((start, end, label.clone()))
            });
        match placed {
            Some(span) if !id.is_empty() => out.push(ImportedLink {
                span,
                kb: id.to_string(),
            }),
            Some(_) => problems.push(problem(format!("{target}: an empty knowledge-base id"))),
            None => problems.push(problem(format!("{target} is not a T line of this file"))),
        }
    }
    out
}

/// The `R` lines (`R1<TAB>HEADS Arg1:T1 Arg2:T2`), each end the first fragment of its
/// `T`; one naming a `T` that is not there is a problem at its line.
fn read_relations(
    ann: &Path,
    source: &str,
    raw: &NormalisedText,
    bounds: &BTreeMap<String, TextBound>,
    problems: &mut Vec<Problem>,
) -> Vec<ImportedRelation> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if !line.starts_with('R') {
            continue;
        }
        let problem = |m: String| Problem::new(ann, Some(i + 1), m);
        let body = line.split('\t').nth(1).unwrap_or_default();
        let words: Vec<&str> = body.split_whitespace().collect();
        let [label, a, b] = words[..] else {
            problems.push(problem(format!(
                "expected «R1<TAB>LABEL Arg1:T1 Arg2:T2», found {}",
                quote(line)
            )));
            continue;
        };
        let end = |arg: &str| -> Result<(usize, usize, String), String> {
            let id = arg.split_once(':').map_or(arg, |(_, id)| id);
            let bound = bounds
                .get(id)
                .ok_or_else(|| format!("{id} is not a T line of this file"))?;
            let &(start, end) = bound.fragments.first().ok_or("no fragment")?;
            let (start, end) = raw.place(start, end)?;
            Ok((start, end, bound.label.clone()))
        };
        match (end(a), end(b)) {
            (Ok(from), Ok(to)) => out.push(ImportedRelation {
                label: label.to_string(),
                from,
                to,
            }),
            (Err(why), _) | (_, Err(why)) => {
                problems.push(problem(format!("relation {label}: {why}")))
            }
        }
    }
    out
}

type Notes = BTreeMap<String, Vec<String>>;

/// The `T` lines (by id) and the AnnotatorNotes (by the id they note) of an `.ann`.
fn read_lines(
    ann: &Path,
    source: &str,
    raw_text: &str,
    problems: &mut Vec<Problem>,
) -> (BTreeMap<String, TextBound>, Notes) {
    let mut bounds: BTreeMap<String, TextBound> = BTreeMap::new();
    let mut notes: Notes = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        let line_no = i + 1;
        let problem = |m: String| Problem::new(ann, Some(line_no), m);
        let mut fields = line.splitn(3, '\t');
        let (id, body, covered) = (fields.next().unwrap_or(""), fields.next(), fields.next());
        if id.starts_with('T') && (body.is_none() || id.contains(' ')) {
            problems.push(problem(format!(
                "expected «T1<TAB>LABEL START END<TAB>text», found {}",
                quote(line)
            )));
        } else if id.starts_with('T') {
            match text_bound(body, covered, raw_text) {
                Ok((label, fragments)) => {
                    let bound = TextBound {
                        line_no,
                        label,
                        fragments,
                    };
                    if bounds.insert(id.to_string(), bound).is_some() {
                        problems.push(problem(format!("annotation id {id} is used twice")));
                    }
                }
                Err(why) => problems.push(problem(format!("{id}: {why}"))),
            }
        } else if id.starts_with('#') {
            // "#1<TAB>AnnotatorNotes T1<TAB>the note"
            let target = body.and_then(|b| b.strip_prefix("AnnotatorNotes "));
            if let (Some(target), Some(note)) = (target, covered) {
                let note = note.trim();
                if !note.is_empty() {
                    notes
                        .entry(target.trim().to_string())
                        .or_default()
                        .push(note.to_string());
                }
            }
        }
    }
    (bounds, notes)
}

/// Every fragment of every `T` line placed on the normalised text, with its notes.
fn place_spans(
    ann: &Path,
    raw: &NormalisedText,
    bounds: &BTreeMap<String, TextBound>,
    notes: &Notes,
    problems: &mut Vec<Problem>,
) -> Vec<ImportedSpan> {
    let mut spans = Vec::new();
    for (id, bound) in bounds {
        let note = notes.get(id).map(|n| n.join("; "));
        let count = bound.fragments.len();
        for (n, &(start, end)) in bound.fragments.iter().enumerate() {
            let placed = match raw.place(start, end) {
                Ok(placed) => placed,
                Err(why) => {
                    problems.push(Problem::new(
                        ann,
                        Some(bound.line_no),
                        format!("{id}: {why}"),
                    ));
                    continue;
                }
            };
            let fragment_note =
                (count > 1).then(|| format!("fragment {} of {count} of {id}", n + 1));
            let note = match (fragment_note, &note) {
                (Some(f), Some(n)) => Some(format!("{f}; {n}")),
                (f, n) => f.or_else(|| n.clone()),
            };
            spans.push(ImportedSpan {
                start: placed.0,
                end: placed.1,
                label: bound.label.as_str().into(),
                note,
            });
        }
    }
    spans
}

/// `PERSON 0 5;10 15` and its text column: the label and fragments, checked against the
/// raw text so offsets counted another way (bytes, normalised text) are caught.
fn text_bound(
    body: Option<&str>,
    covered: Option<&str>,
    raw_text: &str,
) -> Result<(String, Vec<(usize, usize)>), String> {
    let body = body.unwrap_or_default();
    let (label, offsets) = body
        .split_once(' ')
        .ok_or_else(|| format!("expected «LABEL START END», found {}", quote(body)))?;
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let numbers: Vec<&str> = fragment.split_whitespace().collect();
        let parsed = match numbers.as_slice() {
            [s, e] => s.parse::<usize>().ok().zip(e.parse::<usize>().ok()),
            _ => None,
        };
        let (start, end) =
            parsed.ok_or_else(|| format!("offsets {} are not «START END»", quote(fragment)))?;
        if start >= end {
            return Err(format!("start {start} is not before end {end}"));
        }
        fragments.push((start, end));
    }
    if let Some(covered) = covered {
        let found: Option<Vec<&str>> = fragments
            .iter()
            .map(|&(s, e)| slice_chars(raw_text, s, e))
            .collect();
        if let Some(found) = found {
            let found = found.join(" ");
            if found != covered {
                return Err(format!(
                    "the text at {offsets} is {}, but the annotation says {}",
                    quote(&found),
                    quote(covered)
                ));
            }
        }
    }
    Ok((label.to_string(), join_across_spaces(fragments, raw_text)))
}

/// Fragments parted only by whitespace with a line break in it are one span: brat (and
/// tanba's brat export) cuts a span at each line break it crosses.
fn join_across_spaces(fragments: Vec<(usize, usize)>, raw_text: &str) -> Vec<(usize, usize)> {
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(fragments.len());
    for (start, end) in fragments {
        if let Some(last) = joined.last_mut()
            && last.1 <= start
            && slice_chars(raw_text, last.1, start)
                .is_some_and(|gap| gap.trim().is_empty() && gap.contains(['\n', '\r']))
        {
            last.1 = end;
            continue;
        }
        joined.push((start, end));
    }
    joined
}
