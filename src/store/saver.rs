use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Journals, StoreError};
use crate::annotation::DocAnnotations;

/// How often a failed write is tried again.
const RETRY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveState {
    #[default]
    Saved,
    Saving {
        pending: usize,
    },
    /// Writing failed; the edits are kept in memory and retried.
    Failed {
        pending: usize,
        message: String,
    },
}

enum Job {
    Save(PathBuf, Box<DocAnnotations>),
    /// The article is no longer shown: fold its journal into its file.
    Leave(PathBuf),
    Stop,
}

#[derive(Default)]
struct Shared {
    state: Mutex<(SaveState, usize)>,
    idle: Condvar,
}

/// Writes documents on a thread of its own, so a key press never waits for the disk.
/// Saves of one file coalesce: only the newest version is written, the first of a session
/// whole and the next ones as journal records (`Journals`), folded into the file when the
/// article is left, when another is saved, and when the saver stops.
pub struct Saver {
    tx: Sender<Job>,
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
}

impl Saver {
    /// `notify` is called (on the saver thread) whenever the save state changes.
    pub fn new(notify: impl Fn(&SaveState) + Send + 'static) -> Saver {
        let (tx, rx) = channel();
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("tanba-saver".into())
            .spawn(move || run(rx, &thread_shared, &notify))
            .expect("spawning the saver thread");
        Saver {
            tx,
            shared,
            handle: Some(handle),
        }
    }

    pub fn save(&self, path: PathBuf, doc: DocAnnotations) {
        {
            let mut guard = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
            guard.1 += 1;
        }
        let _ = self.tx.send(Job::Save(path, Box::new(doc)));
    }

    /// Folds the journal of `path` into its file once what is queued for it is written.
    pub fn leave(&self, path: PathBuf) {
        let _ = self.tx.send(Job::Leave(path));
    }

    pub fn state(&self) -> SaveState {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }

    /// Waits until every queued save is on disk, or `timeout` passes. Returns whether
    /// everything was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut guard = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        while guard.1 > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            guard = self
                .shared
                .idle
                .wait_timeout(guard, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.tx.send(Job::Stop);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn run(rx: Receiver<Job>, shared: &Shared, notify: &dyn Fn(&SaveState)) {
    let mut pending: BTreeMap<PathBuf, Box<DocAnnotations>> = BTreeMap::new();
    let mut journals = Journals::default();
    let mut left: Vec<PathBuf> = Vec::new();
    let mut queued = 0usize; // jobs received and not yet accounted as written
    let mut stopping = false;
    loop {
        let wait = if pending.is_empty() {
            None
        } else {
            Some(RETRY)
        };
        let job = match (stopping, wait) {
            (true, _) => None,
            (false, None) => rx.recv().ok().or(Some(Job::Stop)),
            (false, Some(wait)) => match rx.recv_timeout(wait) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Job::Stop),
            },
        };
        let mut next = job;
        while let Some(job) = next {
            match job {
                Job::Save(path, doc) => {
                    left.retain(|p| *p != path);
                    pending.insert(path, doc);
                    queued += 1;
                }
                Job::Leave(path) => left.push(path),
                Job::Stop => stopping = true,
            }
            next = rx.try_recv().ok();
        }
        let failure = write_all(&mut journals, &mut pending, stopping);
        // a document left is folded once its last save is written (a failed fold waits
        // for the next one: the journal keeps the edits safe meanwhile)
        left.retain(|path| pending.contains_key(path) || journals.close(path).is_err());
        let state = match &failure {
            None => SaveState::Saved,
            Some(e) => SaveState::Failed {
                pending: pending.len(),
                message: e.to_string(),
            },
        };
        {
            let mut guard = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            if pending.is_empty() {
                guard.1 = guard.1.saturating_sub(queued);
                queued = 0;
            }
            guard.0 = state.clone();
            if guard.1 == 0 {
                shared.idle.notify_all();
            }
        }
        notify(&state);
        if stopping && (pending.is_empty() || failure.is_some()) {
            // on the way out, one last try is all we can give a failing disk
            return;
        }
    }
}

/// Writes what is pending, each by a journal record when it can. The documents saved
/// before, not in this round, were left: their journals are folded into their files; on
/// the way out, every journal is.
fn write_all(
    journals: &mut Journals,
    pending: &mut BTreeMap<PathBuf, Box<DocAnnotations>>,
    stopping: bool,
) -> Option<StoreError> {
    let mut failure = None;
    let mut written = Vec::new();
    for (path, doc) in pending.iter_mut() {
        match journals.save(path, doc) {
            Ok(_) => written.push(path.clone()),
            Err(e) => failure = Some(e),
        }
    }
    for path in &written {
        pending.remove(path);
    }
    let editing: Vec<&std::path::Path> = match stopping {
        true => Vec::new(),
        false => written.iter().map(PathBuf::as_path).collect(),
    };
    if stopping || !written.is_empty() {
        // the journal keeps the edits safe; a fold that failed is tried at the next one
        let _ = journals.close_others(&editing);
    }
    failure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::workspace::parse_doc;

    #[test]
    fn saves_coalesce_and_flush_waits_for_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let saver = Saver::new(|_| {});
        let path = dir.path().join("me/a.ron");
        let text = "Атырау облысы";
        let mut doc = DocAnnotations::new("a", "me", text);
        for &status in <crate::annotation::DocStatus as strum::VariantArray>::VARIANTS {
            doc.status = status;
            saver.save(path.clone(), doc.clone());
        }
        assert!(saver.flush(Duration::from_secs(5)));
        assert_eq!(saver.state(), SaveState::Saved);
        let back = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn later_saves_go_to_the_journal_until_the_article_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let saver = Saver::new(|_| {});
        let path = dir.path().join("me/a.ron");
        let journal = crate::store::journal_path(&path);
        let mut doc = DocAnnotations::new("a", "me", "Атырау облысы");
        for &status in <crate::annotation::DocStatus as strum::VariantArray>::VARIANTS {
            doc.status = status;
            saver.save(path.clone(), doc.clone());
            assert!(saver.flush(Duration::from_secs(5)));
        }
        assert!(journal.is_file(), "the saves after the first are appended");
        assert_eq!(crate::store::read_doc(&path).unwrap(), doc);
        saver.leave(path.clone());
        saver.save(dir.path().join("me/b.ron"), doc.clone());
        assert!(saver.flush(Duration::from_secs(5)));
        assert!(!journal.exists(), "folded into the file");
        let back = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, doc);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_keeps_edits_in_memory_and_retries() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("me");
        let guard = crate::store::testing::Unwritable::new(&folder);
        let (tx, rx) = std::sync::mpsc::channel();
        let saver = Saver::new(move |s| {
            let _ = tx.send(s.clone());
        });
        let doc = DocAnnotations::new("a", "me", "x");
        saver.save(folder.join("a.ron"), doc.clone());
        assert!(!saver.flush(Duration::from_millis(300)));
        assert!(matches!(
            rx.recv().unwrap(),
            SaveState::Failed { pending: 1, .. }
        ));
        assert!(matches!(saver.state(), SaveState::Failed { .. }));
        drop(guard);
        assert!(saver.flush(Duration::from_secs(10)));
        assert_eq!(saver.state(), SaveState::Saved);
        let back = parse_doc(
            &folder.join("a.ron"),
            &std::fs::read_to_string(folder.join("a.ron")).unwrap(),
        );
        assert_eq!(back.unwrap(), doc);
    }
}
