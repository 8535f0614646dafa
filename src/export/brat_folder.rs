//! The folder a brat export goes to. tanba lists the files it wrote in `.tanba-brat`
//! there; the next export into that folder removes those of them it does not write again,
//! so no article of an earlier export lingers, and never touches a file it did not write.
//! A folder with files of someone else's is refused unless asked (`--force`): then those
//! files are left as they are and only tanba's own are written.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::store::{StoreError, atomic_write};

/// The list of files an export wrote, relative to its folder, one per line.
/// The corpus reader takes the names in such a folder for escaped article ids.
pub const MANIFEST: &str = crate::corpus::TANBA_BRAT;

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error(
        "{} is not empty and holds no earlier tanba brat export ({} files there); \
         give an empty or new folder, or --force to write into it (files of the same \
         name are replaced, the others left as they are)",
        dir.display(), files
    )]
    NotOurs { dir: PathBuf, files: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A brat folder being written: what the earlier export there wrote.
#[derive(Debug)]
pub struct BratFolder {
    dir: PathBuf,
    earlier: BTreeSet<PathBuf>,
}

/// What finishing the folder did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Finished {
    /// Files of an earlier export that this one did not write, removed.
    pub removed: usize,
}

impl BratFolder {
    /// Opens `dir` for an export: new, empty, or an earlier export's; anything else only
    /// with `force`.
    pub fn open(dir: &Path, force: bool) -> Result<BratFolder, FolderError> {
        let earlier = read_manifest(dir)?;
        let others = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != MANIFEST)
            .filter(|e| !earlier.contains(Path::new(&e.file_name())))
            .count();
        if others > 0 && earlier.is_empty() && !force {
            return Err(FolderError::NotOurs {
                dir: dir.to_path_buf(),
                files: others,
            });
        }
        Ok(BratFolder {
            dir: dir.to_path_buf(),
            earlier,
        })
    }

    /// Records that `files` (relative to the folder) are about to be written, with the
    /// earlier export's: a crash while writing leaves a list that still names them all.
    pub fn begin(&self, files: &BTreeSet<PathBuf>) -> Result<(), StoreError> {
        let all: BTreeSet<&PathBuf> = self.earlier.iter().chain(files).collect();
        write_manifest(&self.dir, all)
    }

    /// Once `files` are written: the earlier export's files not among them are removed,
    /// and the list names these only.
    pub fn finish(self, files: &BTreeSet<PathBuf>) -> Result<Finished, StoreError> {
        let mut finished = Finished::default();
        for old in self.earlier.difference(files) {
            let path = self.dir.join(old);
            match std::fs::remove_file(&path) {
                Ok(()) => finished.removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io(&path, e)),
            }
            if let Some(parent) = path.parent().filter(|p| *p != self.dir) {
                let _ = std::fs::remove_dir(parent); // only when it is empty
            }
        }
        write_manifest(&self.dir, files.iter().collect())?;
        Ok(finished)
    }
}

/// The files an earlier export listed; entries that would lead out of the folder (a
/// hand-edited list) are ignored, so nothing outside it is ever removed.
fn read_manifest(dir: &Path) -> Result<BTreeSet<PathBuf>, StoreError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    Ok(text
        .lines()
        .map(PathBuf::from)
        .filter(|p| !p.as_os_str().is_empty())
        .filter(|p| p.components().all(|c| matches!(c, Component::Normal(_))))
        .collect())
}

fn write_manifest(dir: &Path, files: BTreeSet<&PathBuf>) -> Result<(), StoreError> {
    let mut text = String::new();
    for file in files {
        text.push_str(&file.to_string_lossy());
        text.push('\n');
    }
    atomic_write(&dir.join(MANIFEST), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    fn write(dir: &Path, names: &[&str]) {
        for name in names {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = walk(dir)
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            match e.path().is_dir() {
                true => out.extend(walk(&e.path())),
                false => out.push(e.path()),
            }
        }
        out
    }

    /// One export: open, begin, write the files, finish.
    fn export(dir: &Path, names: &[&str], force: bool) -> Result<Finished, FolderError> {
        let folder = BratFolder::open(dir, force)?;
        folder.begin(&set(names))?;
        write(dir, names);
        Ok(folder.finish(&set(names))?)
    }

    #[test]
    fn a_second_export_removes_what_the_first_wrote_and_no_longer_does() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        let first = ["a.txt", "a.ann", "dana/b.txt", "annotation.conf"];
        assert_eq!(export(&out, &first, false).unwrap().removed, 0);
        let second = ["a.txt", "a.ann", "annotation.conf"];
        assert_eq!(export(&out, &second, false).unwrap().removed, 1);
        assert_eq!(
            listing(&out),
            [MANIFEST, "a.ann", "a.txt", "annotation.conf"],
            "dana's emptied folder is gone too"
        );
    }

    #[test]
    fn someone_elses_folder_is_refused_and_with_force_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &["notes.md"]);
        let refused = export(dir.path(), &["a.txt"], false).unwrap_err();
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(listing(dir.path()), ["notes.md"]);
        export(dir.path(), &["a.txt", "b.txt"], true).unwrap();
        // a later export (no --force needed) removes b.txt, never notes.md
        export(dir.path(), &["a.txt"], false).unwrap();
        assert_eq!(listing(dir.path()), [MANIFEST, "a.txt", "notes.md"]);
    }

    #[test]
    fn a_list_that_points_outside_the_folder_removes_nothing_there() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        write(dir.path(), &["keep.txt"]);
        std::fs::create_dir_all(&out).unwrap();
        let outside = dir.path().join("keep.txt");
        let list = format!("../keep.txt\n{}\n", outside.display());
        std::fs::write(out.join(MANIFEST), list).unwrap();
        export(&out, &["a.txt"], false).unwrap();
        assert!(outside.exists());
    }
}
