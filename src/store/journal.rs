//! The journal beside an annotation file (`<id>.ron.journal`): one line per save, so a
//! save costs what the edit changed, not the whole document. The RON file stays the one
//! true, readable document; the journal is replayed onto it when read and folded into it
//! (compacted) when the article is left, when it grows past the file, and on exit.
//!
//! ```text
//! tanba-journal 1 <len of the RON file> <sum of the RON file>
//! <sum of the record> <record in RON, one line>
//! ```
//! A record is a [`Record`]: what changed between two saved states of the document, as
//! whole spans (serde, so fields other helpers add to `Span` or `DocAnnotations` travel
//! without a change here). Sums are the first 8 bytes of SHA-256, in hex.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::annotation::{DocAnnotations, LogEntry, Span};

/// What the journal's first line starts with; the number is the format's version.
const MAGIC: &str = "tanba-journal 1";

/// The journal of the annotation file at `doc_path`.
pub fn journal_path(doc_path: &Path) -> PathBuf {
    let mut name = doc_path.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// Where a journal that no longer fits its file is kept aside.
pub fn stale_path(doc_path: &Path) -> PathBuf {
    let mut name = journal_path(doc_path).into_os_string();
    name.push(".stale");
    PathBuf::from(name)
}

/// A checksum: 16 hex digits of SHA-256.
pub(super) fn sum(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The first line of a journal over a RON file of these bytes.
pub(super) fn header(ron: &[u8]) -> String {
    format!("{MAGIC} {} {}\n", ron.len(), sum(ron))
}

/// One saved state, as the change from the state before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Patch(Patch),
    /// The whole document, when the change is not a patch (the audit log rewritten).
    Whole(Box<DocAnnotations>),
}

/// The spans put (added or changed, whole), the spans removed (by key), the audit log's
/// new lines, and the document without spans and log when anything else changed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Patch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Box<DocAnnotations>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<(usize, usize, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub put: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<LogEntry>,
}

/// The record that takes `old` to `new` (both sorted by span key, as documents are):
/// a patch when the log only grew, else the whole document.
pub fn diff(old: &mut DocAnnotations, new: &mut DocAnnotations) -> Record {
    let grown = new.log.len() >= old.log.len() && new.log[..old.log.len()] == old.log[..];
    if !grown || !new.is_sorted() || !old.is_sorted() {
        return Record::Whole(Box::new(new.clone()));
    }
    let mut patch = Patch {
        log: new.log[old.log.len()..].to_vec(),
        ..Patch::default()
    };
    let old_head = bare(old, DocAnnotations::clone);
    patch.head = bare(new, |new| (*new != old_head).then(|| Box::new(new.clone())));
    let (mut i, mut j) = (0, 0);
    loop {
        match (old.spans.get(i), new.spans.get(j)) {
            (Some(a), Some(b)) if a.key() == b.key() => {
                if a != b {
                    patch.put.push(b.clone());
                }
                (i, j) = (i + 1, j + 1);
            }
            (Some(a), Some(b)) if a.key() > b.key() => {
                patch.put.push(b.clone());
                j += 1;
            }
            (Some(a), _) => {
                patch.removed.push((a.start, a.end, a.label.clone()));
                i += 1;
            }
            (None, Some(b)) => {
                patch.put.push(b.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    Record::Patch(patch)
}

/// Runs `f` on the document without its spans and log (taken out and put back), so the
/// rest, fields added later included, is compared and cloned at the cost of its own size.
fn bare<R>(doc: &mut DocAnnotations, f: impl FnOnce(&DocAnnotations) -> R) -> R {
    let spans = std::mem::take(&mut doc.spans);
    let log = std::mem::take(&mut doc.log);
    let result = f(doc);
    doc.spans = spans;
    doc.log = log;
    result
}

/// Applies a record to the document it was made from.
pub fn apply(doc: &mut DocAnnotations, record: Record) {
    let patch = match record {
        Record::Whole(whole) => {
            *doc = *whole;
            return;
        }
        Record::Patch(patch) => patch,
    };
    if let Some(mut head) = patch.head {
        head.spans = std::mem::take(&mut doc.spans);
        head.log = std::mem::take(&mut doc.log);
        *doc = *head;
    }
    for (start, end, label) in &patch.removed {
        let key = (*start, *end, label.as_str());
        if let Ok(i) = doc.spans.binary_search_by(|s| s.key().cmp(&key)) {
            doc.spans.remove(i);
        }
    }
    for span in patch.put {
        match doc.spans.binary_search_by(|s| s.key().cmp(&span.key())) {
            Ok(i) => doc.spans[i] = span,
            Err(i) => doc.spans.insert(i, span),
        }
    }
    doc.log.extend(patch.log);
}

/// One line of the journal for `record`.
pub fn record_line(record: &Record) -> String {
    let ron = ron::to_string(record).expect("records always serialise");
    format!("{} {ron}\n", sum(ron.as_bytes()))
}

/// What replaying a journal found besides its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalNote {
    /// The last record was cut short (a crash mid-write): dropped.
    Torn { journal: PathBuf, applied: usize },
    /// A record in the middle does not check or parse: it and what follows are left out.
    Damaged {
        journal: PathBuf,
        line: usize,
        applied: usize,
    },
    /// The RON file changed since the journal was begun (a hand edit): not applied.
    Stale { journal: PathBuf },
}

impl std::fmt::Display for JournalNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JournalNote::Torn { journal, applied } => write!(
                f,
                "{}: the last record was cut short (a crash while saving) and is dropped; \
                 {applied} earlier saves replayed",
                journal.display()
            ),
            JournalNote::Damaged {
                journal,
                line,
                applied,
            } => write!(
                f,
                "{}:{line}: record does not check; it and what follows are left out, \
                 {applied} earlier saves replayed",
                journal.display()
            ),
            JournalNote::Stale { journal } => write!(
                f,
                "{}: its annotation file was changed since (a hand edit?); the journal \
                 is not applied, and is kept aside as .journal.stale when the article is \
                 next saved",
                journal.display()
            ),
        }
    }
}

/// What a journal's bytes hold over a RON file of `ron` bytes.
#[derive(Debug, Default)]
pub struct Replay {
    pub records: Vec<Record>,
    pub note: Option<JournalNote>,
}

/// Reads a journal: the records that check, in order, up to the first that does not.
/// Never panics, whatever the bytes.
pub fn read_journal(journal: &Path, bytes: &[u8], ron: &[u8]) -> Replay {
    let mut replay = Replay::default();
    let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
        // not even a whole first line: a journal cut short as it was begun
        replay.note = (!bytes.is_empty()).then(|| JournalNote::Torn {
            journal: journal.to_path_buf(),
            applied: 0,
        });
        return replay;
    };
    if bytes[..=end] != *header(ron).as_bytes() {
        replay.note = Some(JournalNote::Stale {
            journal: journal.to_path_buf(),
        });
        return replay;
    }
    let mut rest = &bytes[end + 1..];
    let mut line = 1;
    while !rest.is_empty() {
        line += 1;
        let (this, last_line) = match rest.iter().position(|&b| b == b'\n') {
            Some(n) => (&rest[..n], n + 1 == rest.len()),
            None => (rest, true),
        };
        let complete = this.len() < rest.len();
        match parse_record(this).filter(|_| complete) {
            Some(record) => replay.records.push(record),
            None => {
                let (journal, applied) = (journal.to_path_buf(), replay.records.len());
                replay.note = Some(match last_line {
                    true => JournalNote::Torn { journal, applied },
                    false => JournalNote::Damaged {
                        journal,
                        line,
                        applied,
                    },
                });
                return replay;
            }
        }
        rest = &rest[(this.len() + 1).min(rest.len())..];
    }
    replay
}

fn parse_record(line: &[u8]) -> Option<Record> {
    let line = std::str::from_utf8(line).ok()?;
    let (given, ron) = line.split_once(' ')?;
    if sum(ron.as_bytes()) != given {
        return None;
    }
    ron::from_str(ron).ok()
}

/// Notes found while reading journals in this process, each said once (`take_notes`).
static NOTES: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub(super) fn remember(note: &JournalNote) {
    let text = note.to_string();
    let mut notes = NOTES.lock().unwrap_or_else(|e| e.into_inner());
    if !notes.contains(&text) {
        notes.push(text);
    }
}

/// The journal notes found since the last call, each once: the command line prints them
/// as warnings when a command ends.
pub fn take_journal_notes() -> Vec<String> {
    std::mem::take(&mut *NOTES.lock().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
