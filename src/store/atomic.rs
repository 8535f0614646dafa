use std::io::Write;
use std::path::Path;

use super::StoreError;

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a torn
/// one: a temp file in the same folder, fsync, rename, then fsync of the folder.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tanba-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| StoreError::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| StoreError::io(tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, e.error))?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.ron");
        atomic_write(&path, b"one").unwrap();
        atomic_write(&path, "екі".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "екі");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ron"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_folder_gives_an_error_and_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("me");
        let path = folder.join("a.ron");
        atomic_write(&path, b"old").unwrap();
        let guard = crate::store::testing::Unwritable::new(&folder);
        let result = atomic_write(&path, b"new");
        let read_back = std::fs::read_to_string(&path);
        drop(guard);
        assert!(result.is_err());
        if folder.is_dir() {
            assert_eq!(read_back.unwrap(), "old");
        }
    }
}
