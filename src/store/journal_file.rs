//! The journal on disk: replaying it when a document is read, appending to it when one
//! is saved, and folding it into the RON file (compaction).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::doc_file::{doc_to_ron, parse_doc};
use super::journal::{
    JournalNote, Record, apply, diff, header, journal_path, read_journal, record_line, remember,
    stale_path,
};
use super::{StoreError, atomic_write};
use crate::annotation::DocAnnotations;

/// A journal never grows past the larger of this and its RON file before it is folded in,
/// so replaying stays cheap and the bytes written per edit stay within twice a record's.
const JOURNAL_FLOOR: u64 = 256 << 10;

/// Replays the journal beside `path` (if any) onto `doc`, parsed from `ron`. What did not
/// replay cleanly is returned, and remembered for the command line to say once.
pub fn replay_beside(
    path: &Path,
    ron: &[u8],
    doc: &mut DocAnnotations,
) -> Result<Option<JournalNote>, StoreError> {
    let journal = journal_path(path);
    let bytes = match std::fs::read(&journal) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(&journal, e)),
    };
    let replay = read_journal(&journal, &bytes, ron);
    if !replay.records.is_empty() && !doc.is_sorted() {
        doc.normalize(); // records are keyed by span; a hand-sorted file is put in order
    }
    for record in replay.records {
        apply(doc, record);
    }
    if let Some(note) = &replay.note {
        remember(note);
    }
    Ok(replay.note)
}

/// Reads an annotation file and its journal: the document as last saved.
pub fn read_doc(path: &Path) -> Result<DocAnnotations, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    read_doc_text(path, &text)
}

/// [`read_doc`] for a file already read as `text`.
pub fn read_doc_text(path: &Path, text: &str) -> Result<DocAnnotations, StoreError> {
    let mut doc = parse_doc(path, text)?;
    replay_beside(path, text.as_bytes(), &mut doc)?;
    Ok(doc)
}

/// Before `path` is rewritten with a document that includes its journal: a journal that
/// fits the file now is removed once the write is done; one that does not (stale) is kept
/// aside as `.journal.stale`, never lost.
fn retire(path: &Path, written: impl FnOnce() -> Result<(), StoreError>) -> Result<(), StoreError> {
    let journal = journal_path(path);
    let stale = match std::fs::read(&journal) {
        Ok(bytes) => {
            let ron = std::fs::read(path).unwrap_or_default();
            matches!(
                read_journal(&journal, &bytes, &ron).note,
                Some(JournalNote::Stale { .. })
            )
        }
        Err(_) => {
            return written();
        }
    };
    if stale {
        std::fs::rename(&journal, stale_path(path)).map_err(|e| StoreError::io(&journal, e))?;
        return written();
    }
    written()?;
    // a crash before this removal leaves a journal that no longer fits: never reapplied
    match std::fs::remove_file(&journal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::io(&journal, e)),
        _ => Ok(()),
    }
}

/// Writes `doc` whole to `path` (atomically) and retires the journal it includes; returns
/// the bytes written.
pub fn write_whole(path: &Path, doc: &DocAnnotations) -> Result<Vec<u8>, StoreError> {
    let ron = doc_to_ron(doc).into_bytes();
    retire(path, || atomic_write(path, &ron))?;
    Ok(ron)
}

/// Folds the journal beside `path` into it, if there is one (what `tanba sync` does before
/// it commits). Returns whether a journal was folded.
pub fn compact_file(path: &Path) -> Result<bool, StoreError> {
    if !journal_path(path).exists() {
        return Ok(false);
    }
    let doc = read_doc(path)?;
    write_whole(path, &doc)?;
    Ok(true)
}

/// Folds every journal in an annotator's folder into its file.
pub fn compact_folder(dir: &Path) -> Result<usize, StoreError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut folded = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(doc) = name.to_str().and_then(|n| n.strip_suffix(".journal")) else {
            continue;
        };
        let path = dir.join(doc);
        if path.is_file() && compact_file(&path)? {
            folded += 1;
        }
    }
    Ok(folded)
}

/// What one save wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub bytes: u64,
    /// Whether the whole file was written (rather than a record appended).
    pub whole: bool,
}

/// A document saved in this session: its state on disk and its journal's length.
struct Saved {
    base: DocAnnotations,
    /// The first line of the journal over the file as last written whole.
    header: String,
    ron_len: u64,
    journal: u64,
}

/// The documents one session saves, each with its journal. The first save of a document
/// in a session writes it whole; later saves append a record; a journal past its limit,
/// or changed by someone else (`tanba sync` folding it), is folded in.
#[derive(Default)]
pub struct Journals {
    saved: HashMap<PathBuf, Saved>,
}

impl Journals {
    /// Saves `doc` at `path`, by a record when its state on disk is known.
    pub fn save(&mut self, path: &Path, doc: &mut DocAnnotations) -> Result<Written, StoreError> {
        let Some(saved) = self.saved.get_mut(path) else {
            return self.whole(path, doc);
        };
        let mut record = diff(&mut saved.base, doc);
        apply(&mut saved.base, record.clone());
        if saved.base != *doc {
            // a change the patch cannot say (never expected): the document whole
            record = Record::Whole(Box::new(doc.clone()));
            saved.base = doc.clone();
        }
        let line = record_line(&record);
        if saved.journal + line.len() as u64 > JOURNAL_FLOOR.max(saved.ron_len) {
            return self.whole(path, doc);
        }
        match append(path, saved, &line) {
            Ok(bytes) => Ok(Written {
                bytes,
                whole: false,
            }),
            Err(AppendError::Moved) => self.whole(path, doc),
            Err(AppendError::Failed(e)) => {
                // a half-written record may end the journal: start afresh next time
                self.saved.remove(path);
                Err(e)
            }
        }
    }

    /// Writes `doc` whole and begins keeping its journal.
    fn whole(&mut self, path: &Path, doc: &DocAnnotations) -> Result<Written, StoreError> {
        self.saved.remove(path);
        let ron = write_whole(path, doc)?;
        let saved = Saved {
            base: doc.clone(),
            header: header(&ron),
            ron_len: ron.len() as u64,
            journal: 0,
        };
        self.saved.insert(path.to_path_buf(), saved);
        Ok(Written {
            bytes: ron.len() as u64,
            whole: true,
        })
    }

    /// Folds the journal of `path` into its file and forgets the document.
    pub fn close(&mut self, path: &Path) -> Result<(), StoreError> {
        match self.saved.get(path) {
            Some(saved) if saved.journal > 0 => {
                write_whole(path, &saved.base)?;
            }
            _ => {}
        }
        self.saved.remove(path);
        Ok(())
    }

    /// Closes every document but those in `keep` (the ones being edited); the first error
    /// is returned, the others tried still.
    pub fn close_others(&mut self, keep: &[&Path]) -> Result<(), StoreError> {
        let others: Vec<PathBuf> = self
            .saved
            .keys()
            .filter(|p| !keep.contains(&p.as_path()))
            .cloned()
            .collect();
        let mut first = Ok(());
        for path in others {
            if let Err(e) = self.close(&path)
                && first.is_ok()
            {
                first = Err(e);
            }
        }
        first
    }

    /// Whether any document has a journal not yet folded in.
    pub fn has_journals(&self) -> bool {
        self.saved.values().any(|s| s.journal > 0)
    }
}

enum AppendError {
    /// The journal is not as this session left it (folded by `tanba sync`, removed).
    Moved,
    Failed(StoreError),
}

/// A journal append is not an `atomic_write`: it adds a line to a file that exists, and a
/// torn line is what the reader drops, so the file is opened for append and synced.
fn append(path: &Path, saved: &mut Saved, line: &str) -> Result<u64, AppendError> {
    let journal = journal_path(path);
    let failed = |e| AppendError::Failed(StoreError::io(&journal, e));
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(saved.journal == 0)
        .open(&journal)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AppendError::Moved,
            _ => failed(e),
        })?;
    let len = file.metadata().map_err(failed)?.len();
    if len != saved.journal {
        return Err(AppendError::Moved);
    }
    let mut bytes = Vec::with_capacity(saved.header.len() + line.len());
    if saved.journal == 0 {
        super::set_new_file_mode(&file).map_err(failed)?;
        bytes.extend_from_slice(saved.header.as_bytes());
    }
    bytes.extend_from_slice(line.as_bytes());
    file.write_all(&bytes).map_err(failed)?;
    file.sync_data().map_err(failed)?;
    if saved.journal == 0 {
        sync_folder(path);
    }
    touch_folder(path);
    saved.journal += bytes.len() as u64;
    Ok(bytes.len() as u64)
}

/// An append changes no name in the folder, and teammates' watchers look at folders only
/// (`Workspace::fingerprint`): the folder's time says that something was saved.
fn touch_folder(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.set_modified(std::time::SystemTime::now());
    }
}

/// A new journal's name is on disk only once its folder is synced.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}
