//! The annotations a new workspace copied from its corpus' template
//! (`<corpus>/annotations/`, as `sample-data/` ships them): shared once, like `tanba.ron`,
//! while they are the template's copies byte for byte. Nobody's sync commits them
//! otherwise (they are no one's folder here), so each sync listed them as not shared.

use std::path::Path;

use super::{Git, SyncError, git, is_session_file};
use crate::store::{ANNOTATIONS_DIR, SETTINGS_FILE, read_settings};

/// Files under `annotations/` the repository lacks, outside `annotator`'s folder, that are
/// the same bytes as the file at the same path in one of the workspace's corpus folders.
pub(super) fn template_copies(git: &Git, annotator: &str) -> Result<Vec<String>, SyncError> {
    // a tanba.ron that does not parse is reported by the commands that read it
    let Ok(settings) = read_settings(&git.dir().join(SETTINGS_FILE)) else {
        return Ok(Vec::new());
    };
    let untracked = git.run(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--",
        ANNOTATIONS_DIR,
    ])?;
    let mine = format!("{ANNOTATIONS_DIR}/{annotator}/");
    let same_as_template = |path: &str| {
        let Ok(here) = std::fs::read(git.dir().join(path)) else {
            return false;
        };
        settings
            .sources
            .iter()
            .any(|source| read(&source.join(path)).is_some_and(|there| there == here))
    };
    Ok(git::nul_fields(&untracked)
        .filter(|p| !p.starts_with(&mine) && !is_session_file(p))
        .filter(|p| same_as_template(p))
        .map(str::to_string)
        .collect())
}

/// A template file's bytes; a corpus source that is a file, or is not on this machine,
/// has none.
fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// How the commit's subject names them: `the template's annotations (5 files)`.
pub(super) fn described(copies: &[String]) -> Option<String> {
    match copies.len() {
        0 => None,
        n => Some(format!(
            "the template's annotations ({})",
            crate::text::count(n, "file", "files")
        )),
    }
}
