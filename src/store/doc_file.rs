//! One annotation file's text: written with fields spelled out and one span per line,
//! and parsed with a bad span reported at its line.

use std::path::Path;

use super::{FileError, StoreError};
use crate::annotation::DocAnnotations;

/// The RON text of a document: field names spelled out, one span per line.
pub fn doc_to_ron(doc: &DocAnnotations) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ".to_string());
    let mut out = ron::ser::to_string_pretty(doc, config).expect("documents always serialise");
    out.push('\n');
    out
}

/// Parses an annotation file. A span that is empty or ends before it starts (a hand edit,
/// a bad merge) makes the file invalid at that span's line, like a syntax error: nothing
/// downstream has to cope with `start > end`.
pub fn parse_doc(path: &Path, text: &str) -> Result<DocAnnotations, StoreError> {
    let doc: DocAnnotations = ron::from_str(text).map_err(|e| StoreError::parse(path, &e))?;
    if let Some(bad) = doc.spans.iter().find(|s| s.start >= s.end) {
        let (line, column) = span_position(text, bad.start, bad.end).unwrap_or((1, 1));
        let what = if bad.start == bad.end {
            "is empty"
        } else {
            "ends before it starts"
        };
        return Err(FileError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("span {}..{} {what}", bad.start, bad.end),
        }
        .into());
    }
    Ok(doc)
}

/// Line and column (1-based, in characters) of the span written `start: START, end: END`.
fn span_position(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let number_after = |from: usize, key: &str| -> Option<(usize, usize)> {
        let at = from + text[from..].find(key)?;
        let rest = text[at + key.len()..].trim_start().strip_prefix(':')?;
        let rest = rest.trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((at, rest[..digits].parse().ok()?))
    };
    let mut from = 0;
    while let Some((at, value)) = number_after(from, "start") {
        from = at + "start".len();
        if value == start && number_after(from, "end").is_some_and(|(_, v)| v == end) {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            return Some((line, text[line_start..at].chars().count() + 1));
        }
    }
    None
}
