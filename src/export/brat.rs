//! brat standoff: `<id>.txt` (the article text, exactly as the offsets count it: UTF-8,
//! LF line ends, no BOM) and `<id>.ann` with one `T` line per span and one
//! `AnnotatorNotes` line per note; offsets in code points, as brat (Python) counts them.
//!
//! A span that crosses line breaks is written as brat writes it itself: one fragment per
//! line (`T1\tLABEL 0 5;6 10\tfirst second`), the newlines left out. All `T` lines come
//! first, in span order, then the relations (`R1\tHEADS Arg1:T1 Arg2:T2`), then the notes.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::select::label_fits_flat;
use super::{Item, Skip, Tally, written_relations};
use crate::store::{StoreError, atomic_write, escape_id};

/// `[start, end)` fragments of a span, split at its newlines (which are left out).
pub fn fragments(start: usize, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = start;
    for c in text.chars() {
        match (c == '\n', open) {
            (true, Some(from)) => {
                out.push((from, at));
                open = None;
            }
            (false, None) => open = Some(at),
            _ => {}
        }
        at += 1;
    }
    if let Some(from) = open {
        out.push((from, at));
    }
    out
}

/// A note on one line: brat reads `.ann` line by line and splits fields at tabs.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub fn write_ann<W: Write>(w: &mut W, item: &Item, tally: &mut Tally) -> io::Result<()> {
    let mut notes = Vec::new();
    let mut n = 0;
    // the spans written, in order: span i is T(i+1)
    let mut written = Vec::new();
    for span in &item.spans {
        if !label_fits_flat(&span.label) {
            tally.skip(Skip::LabelWithSpace);
            continue;
        }
        let parts = fragments(span.start, &span.text);
        if parts.is_empty() {
            tally.skip(Skip::OnlyWhitespace);
            continue;
        }
        n += 1;
        let ranges: Vec<String> = parts.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let text: Vec<&str> = span.text.split('\n').filter(|s| !s.is_empty()).collect();
        writeln!(
            w,
            "T{n}\t{} {}\t{}",
            span.label,
            ranges.join(";"),
            text.join(" ")
        )?;
        tally.wrote(span);
        written.push(*span);
        if let Some(note) = span.note.as_deref().filter(|s| !s.is_empty()) {
            notes.push((n, one_line(note)));
        }
    }
    for (i, (r, a, b)) in written_relations(item, &written, tally).iter().enumerate() {
        let (n, a, b) = (i + 1, a + 1, b + 1);
        writeln!(w, "R{n}\t{} Arg1:T{a} Arg2:T{b}", r.label)?;
    }
    let linked = written.iter().enumerate();
    let links = linked.filter_map(|(i, s)| Some((i + 1, s.link()?, s)));
    for (n, (t, kb, span)) in links.enumerate() {
        let name = one_line(&span.text);
        writeln!(
            w,
            "N{}\tReference T{t} kb:{}\t{name}",
            n + 1,
            one_line(kb).replace(' ', "_")
        )?;
    }
    for (i, (t, note)) in notes.iter().enumerate() {
        writeln!(w, "#{}\tAnnotatorNotes T{t}\t{note}", i + 1)?;
    }
    tally.items += 1;
    Ok(())
}

/// Where an item's files go under the output folder, without extension: `<id>`, or
/// `<annotator>/<id>` when the export holds several annotators (ids and names escaped).
pub fn stem(item: &Item, per_annotator: bool) -> PathBuf {
    let file = escape_id(&item.article.id);
    match item.annotator {
        Some(who) if per_annotator => Path::new(&escape_id(who)).join(file),
        _ => PathBuf::from(file),
    }
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(stem.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// brat's label declarations, beside the documents.
pub const CONF: &str = "annotation.conf";

/// Every file an export of `items` writes, relative to its folder.
pub fn file_names(items: &[Item], per_annotator: bool) -> std::collections::BTreeSet<PathBuf> {
    let mut files: std::collections::BTreeSet<PathBuf> = items
        .iter()
        .flat_map(|item| {
            let stem = stem(item, per_annotator);
            [with_suffix(&stem, ".txt"), with_suffix(&stem, ".ann")]
        })
        .collect();
    files.insert(PathBuf::from(CONF));
    files
}

/// Writes the item's `.txt` and `.ann` under `dir`, each atomically.
pub fn write_files(
    dir: &Path,
    item: &Item,
    per_annotator: bool,
    tally: &mut Tally,
) -> Result<(), StoreError> {
    let stem = dir.join(stem(item, per_annotator));
    let mut ann = Vec::new();
    write_ann(&mut ann, item, tally).map_err(|e| StoreError::io(&stem, e))?;
    atomic_write(&with_suffix(&stem, ".txt"), item.article.text.as_bytes())?;
    atomic_write(&with_suffix(&stem, ".ann"), &ann)
}

/// brat's `annotation.conf`, declaring the labels as entity types so brat shows them.
pub fn annotation_conf<'l>(labels: impl IntoIterator<Item = &'l str>) -> String {
    let mut out = String::from("[entities]\n");
    for label in labels {
        out.push_str(label);
        out.push('\n');
    }
    out.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, item, span};

    #[test]
    fn t_lines_fragments_at_newlines_and_notes() {
        let text = "Атырау облысы\nәкімі 😀 Махамбет";
        let a = article("a", text);
        let mut person = span(text, 22, 30, "PERSON", SpanState::Accepted);
        person.note = Some("толық аты\tбар".into());
        let spans = vec![
            span(text, 0, 19, "AGENCY", SpanState::Accepted),
            person,
            span(text, 13, 14, "DATE", SpanState::Accepted),
        ];
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let mut out = Vec::new();
        let mut tally = Tally::default();
        write_ann(&mut out, &item(&a, &doc), &mut tally).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "T1\tAGENCY 0 13;14 19\tАтырау облысы әкімі\n\
             T2\tPERSON 22 30\tМахамбет\n\
             #1\tAnnotatorNotes T2\tтолық аты бар\n"
        );
        assert_eq!(tally.skipped[&Skip::OnlyWhitespace], 1);
    }

    #[test]
    fn files_land_under_escaped_names_and_annotators_when_several() {
        let dir = tempfile::tempdir().unwrap();
        let a = article("../news/1.v2", "Атырау\r");
        let doc = doc_with(&a, "dana", DocStatus::Done, vec![]);
        let it = item(&a, &doc);
        assert_eq!(stem(&it, false), PathBuf::from("%2E.%2Fnews%2F1.v2"));
        write_files(dir.path(), &it, true, &mut Tally::default()).unwrap();
        let txt = dir.path().join("dana/%2E.%2Fnews%2F1.v2.txt");
        assert_eq!(std::fs::read(&txt).unwrap(), "Атырау\r".as_bytes());
        let ann = dir.path().join("dana/%2E.%2Fnews%2F1.v2.ann");
        assert_eq!(std::fs::read(&ann).unwrap(), b"");
    }

    #[test]
    fn annotation_conf_lists_the_labels() {
        assert_eq!(
            annotation_conf(["PERSON", "DATE"]),
            "[entities]\nPERSON\nDATE\n\n[relations]\n\n[events]\n\n[attributes]\n"
        );
    }
}
