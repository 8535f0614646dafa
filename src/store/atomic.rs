use std::io::Write;
use std::path::Path;
#[cfg(unix)]
use std::sync::OnceLock;

use super::StoreError;

/// The process umask, read once: before any thread starts when `main` asks first.
#[cfg(unix)]
fn umask() -> u32 {
    static UMASK: OnceLock<u32> = OnceLock::new();
    *UMASK.get_or_init(|| umask_from_proc().unwrap_or_else(umask_set_and_restore))
}

/// Linux says it without changing it, which is safe from any thread.
#[cfg(unix)]
fn umask_from_proc() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let value = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
    u32::from_str_radix(value.trim(), 8).ok()
}

/// Elsewhere umask can only be read by setting it; done once, it is put back at once.
#[cfg(unix)]
#[allow(clippy::useless_conversion)] // mode_t is u16 on some systems
fn umask_set_and_restore() -> u32 {
    // SAFETY: umask only swaps the process's mask; it is restored on the next line
    let old = unsafe { libc::umask(0o077) };
    unsafe { libc::umask(old) };
    u32::from(old)
}

/// The mode `open(path, O_CREAT, 0666)` gives a new file: 0644 under umask 022, 0664
/// under 002. Temp files are 0600, so every file tanba writes is set to this.
#[cfg(unix)]
pub fn new_file_mode() -> u32 {
    0o666 & !umask()
}

/// Reads the umask now; `main` calls this first, while the process has one thread.
pub fn init_new_file_mode() {
    #[cfg(unix)]
    umask();
}

/// Gives a file tanba created the mode a plain new file would have, so teammates (and a
/// reviewer under another account) can read it as the umask allows.
pub fn set_new_file_mode(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(new_file_mode()))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a torn
/// one: a temp file in the same folder, fsync, rename, then fsync of the folder.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace(path, Durable::Yes, |file| {
        file.write_all(bytes).map_err(|e| StoreError::io(path, e))
    })
}

/// Writes `path` as [`atomic_write`] does, through `fill`, which may refuse what it wrote
/// by giving an error: then the temp file is removed and `path` is left as it was.
pub fn atomic_write_with<T, E: From<StoreError>>(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<T, E>,
) -> Result<T, E> {
    replace(path, Durable::Yes, fill)
}

/// Writes a file tanba can always rebuild (the search index) through `fill`, atomically
/// but without syncing it to disk: a crash may leave it damaged, which its reader detects
/// and rebuilds, and syncing a file of hundreds of MB costs seconds on a shared server.
pub fn atomic_write_cache(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    replace(path, Durable::No, |file| {
        write_cache(file, fill).map_err(|e| StoreError::io(path, e))
    })
}

fn write_cache(
    file: &mut std::fs::File,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // small: a write as big as the buffer goes straight to the file, not copied into it
    let mut out = std::io::BufWriter::with_capacity(32 << 10, file);
    fill(&mut out)?;
    out.flush()
}

#[derive(PartialEq)]
enum Durable {
    Yes,
    No,
}

/// Fills a temp file beside `path` and renames it over `path` (syncing both, if durable);
/// an error from `fill` leaves `path` as it was.
/// tempfile's error ends "at path /dir/.tanba-x1y2.tmp": the OS reason alone, said of the
/// file being written (the temp file is ours, not the user's).
fn without_temp_path(e: std::io::Error) -> std::io::Error {
    match e.to_string().split_once(" at path ") {
        Some((reason, _)) => std::io::Error::new(e.kind(), reason.to_string()),
        None => e,
    }
}

fn replace<T, E: From<StoreError>>(
    path: &Path,
    durable: Durable,
    fill: impl FnOnce(&mut std::fs::File) -> Result<T, E>,
) -> Result<T, E> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tanba-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(path, without_temp_path(e)))?;
    let filled = fill(tmp.as_file_mut())?;
    set_new_file_mode(tmp.as_file()).map_err(|e| StoreError::io(tmp.path(), e))?;
    if durable == Durable::Yes {
        tmp.as_file()
            .sync_all()
            .map_err(|e| StoreError::io(tmp.path(), e))?;
    }
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, e.error))?;
    #[cfg(unix)]
    if durable == Durable::Yes
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(filled)
}

/// A file writer that asks the system to start writing each few megabytes to disk as
/// soon as they are written, so the fsync that ends a big export waits only for the last
/// of them rather than for all of it.
pub struct EarlyWriteback<'f> {
    file: &'f mut std::fs::File,
    written: u64,
    started: u64,
}

/// Bytes written between two requests to start writing them to disk.
const WRITEBACK_EVERY: u64 = 16 << 20;

impl<'f> EarlyWriteback<'f> {
    pub fn new(file: &'f mut std::fs::File) -> Self {
        EarlyWriteback {
            file,
            written: 0,
            started: 0,
        }
    }

    fn start_writeback(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = self.file.as_raw_fd();
            let (from, len) = (self.started as i64, (self.written - self.started) as i64);
            // SAFETY: the descriptor is the open file this writer borrows; the call only
            // starts the write-out of its pages and reads no memory of ours. A failure
            // (an old kernel, a filesystem without it) only leaves it all to fsync.
            unsafe {
                libc::sync_file_range(fd, from, len, libc::SYNC_FILE_RANGE_WRITE);
            }
        }
        self.started = self.written;
    }
}

impl Write for EarlyWriteback<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_EVERY {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_file_that_cannot_be_made_is_named_once_without_the_temp_file() {
        // /proc takes no new files, not even as root
        let err = atomic_write(Path::new("/proc/out.jsonl"), b"x").unwrap_err();
        let said = err.to_string();
        assert!(said.starts_with("/proc/out.jsonl: "), "{said}");
        assert!(
            !said.contains(".tanba-") && !said.contains("at path"),
            "{said}"
        );
    }

    #[test]
    fn early_writeback_writes_every_byte_across_its_requests() {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let path = file.path().to_path_buf();
        let mut out = EarlyWriteback::new(file.as_file_mut());
        // uneven writes, past two writeback requests
        let block: Vec<u8> = (0..=250u8).collect();
        let total = 2 * WRITEBACK_EVERY as usize + 12_345;
        let mut expected = Vec::with_capacity(total);
        while expected.len() < total {
            let n = block.len().min(total - expected.len());
            out.write_all(&block[..n]).unwrap();
            expected.extend_from_slice(&block[..n]);
        }
        out.flush().unwrap();
        assert!(
            out.started >= 2 * WRITEBACK_EVERY,
            "a request after each 16 MB"
        );
        assert_eq!(std::fs::read(&path).unwrap(), expected);
    }

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

    #[test]
    fn a_refused_write_leaves_the_old_file_and_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        atomic_write(&path, b"old").unwrap();
        let refused: anyhow::Result<()> = atomic_write_with(&path, |file| {
            file.write_all(b"new, incomplete")?;
            anyhow::bail!("incomplete")
        });
        assert_eq!(refused.unwrap_err().to_string(), "incomplete");
        let kept = atomic_write_with(&path, |file| {
            file.write_all(b"new")
                .map_err(|e| StoreError::io(&path, e))?;
            Ok::<_, StoreError>(3)
        });
        assert_eq!(kept.unwrap(), 3);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.jsonl"]);
    }

    #[test]
    fn a_cache_file_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index/x.idx");
        atomic_write_cache(&path, |w| w.write_all(b"first")).unwrap();
        let failed = atomic_write_cache(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.idx"], "no temp file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_mode_the_umask_gives_a_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        atomic_write(&path, b"one").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
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
