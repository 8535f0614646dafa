//! The workspace on disk: settings, one RON file per article per annotator, atomic
//! writes, the session lock, and re-anchoring spans when an article's text changed.

mod atomic;
mod changes;
mod doc_file;
mod error;
mod ids;
mod journal;
mod journal_file;
mod lock;
mod pending;
mod reanchor;
mod resume;
mod saver;
mod settings;
mod settings_edit;
#[cfg(unix)]
#[doc(hidden)]
/// Test support for integration tests: the `testing` feature (on for `cargo test`).
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod workspace;

pub use atomic::{
    EarlyWriteback, atomic_write, atomic_write_cache, atomic_write_with, init_new_file_mode,
    set_new_file_mode,
};
pub use error::{FileError, StoreError};
pub use ids::escape_id;
pub use journal::{
    JournalNote, Patch, Record, journal_path, read_journal, record_line, take_journal_notes,
};
pub use journal_file::{
    Journals, Written, compact_file, compact_folder, read_doc, read_doc_text, replay_beside,
};
pub use lock::{LockInfo, SessionLock};
pub use pending::{PendingDocs, pending_doc};
pub use reanchor::{Reanchored, reanchor};
pub use resume::{Pane, RESUME_FILE, Resume};
pub use saver::{SaveState, Saver};
pub use settings::{
    Settings, add_labels, label_field_position, label_to_ron, parse_settings, read_settings,
    settings_to_ron,
};
pub use settings_edit::{remove_label, set_label_key};
pub use workspace::{
    ANNOTATIONS_DIR, DocFiles, DocKey, Loaded, SETTINGS_FILE, Seed, Workspace, check_annotator,
    default_workspace_dir, doc_to_ron, fresh_doc, parse_doc, starting_labels,
};
