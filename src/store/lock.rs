use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

/// Who holds a session: written into the lock file so a refused session can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    pub pid: u32,
    pub host: String,
    pub since: String,
}

/// One annotator's exclusive session on a workspace. The OS lock (flock) dies with the
/// process, so a lock left by a killed session is simply taken over.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

impl SessionLock {
    pub fn acquire(path: &Path, annotator: &str) -> Result<SessionLock, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| StoreError::io(path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut held = String::new();
                let _ = file.read_to_string(&mut held);
                let info: Option<LockInfo> = ron::from_str(&held).ok();
                return Err(StoreError::Locked {
                    annotator: annotator.to_string(),
                    pid: info.as_ref().map_or(0, |i| i.pid),
                    host: info.as_ref().map_or("?".into(), |i| i.host.clone()),
                    since: info.map_or("?".into(), |i| i.since),
                });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io(path, e)),
        }
        let info = LockInfo {
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            since: crate::annotation::now()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        };
        let body = ron::to_string(&info).unwrap_or_default();
        file.set_len(0).map_err(|e| StoreError::io(path, e))?;
        file.rewind().map_err(|e| StoreError::io(path, e))?;
        file.write_all(body.as_bytes())
            .map_err(|e| StoreError::io(path, e))?;
        let _ = file.sync_all();
        Ok(SessionLock {
            file,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Releases the lock now (dropping does the same).
    pub fn release(self) {}
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_session_is_refused_with_pid_and_host_then_allowed_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annotations/aigerim/.lock");
        let first = SessionLock::acquire(&path, "aigerim").unwrap();
        let err = SessionLock::acquire(&path, "aigerim").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        assert!(msg.contains(&host), "{msg}");
        first.release();
        SessionLock::acquire(&path, "aigerim").unwrap();
    }
}
