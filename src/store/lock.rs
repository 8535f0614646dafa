use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

    /// Asks the session holding the lock (same host, same user) to save and exit with
    /// SIGHUP, as a dropped SSH link would, then takes the lock once it is free.
    pub fn take_over(
        path: &Path,
        annotator: &str,
        wait: Duration,
    ) -> Result<SessionLock, StoreError> {
        let (pid, host) = match Self::acquire(path, annotator) {
            Err(StoreError::Locked { pid, host, .. }) => (pid, host),
            other => return other,
        };
        let refuse = |message: String| StoreError::TakeOver {
            annotator: annotator.to_string(),
            message,
        };
        let here = gethostname::gethostname().to_string_lossy().into_owned();
        if host != here {
            return Err(refuse(format!(
                "the session runs on host {host}, not on {here}; log in there and quit it"
            )));
        }
        if pid == 0 || pid == std::process::id() {
            return Err(refuse("the lock file does not name another process".into()));
        }
        signal_owned(pid).map_err(refuse)?;
        let deadline = Instant::now() + wait;
        loop {
            std::thread::sleep(Duration::from_millis(50));
            match Self::acquire(path, annotator) {
                Err(StoreError::Locked { .. }) if Instant::now() < deadline => continue,
                Err(StoreError::Locked { .. }) if stopped(pid) => {
                    // a stopped process hears no signal but SIGKILL until it runs again
                    return Err(refuse(format!(
                        "session pid {pid} is stopped (suspended with Ctrl-Z in another \
                         shell?) and cannot save and exit until it runs: bring it back with \
                         `fg` in that shell and quit it, or end it with `kill -9 {pid}` (the \
                         edits it saved stay) and start again"
                    )));
                }
                Err(StoreError::Locked { .. }) => {
                    return Err(refuse(format!(
                        "session pid {pid} did not exit within {} s; if it is frozen, \
                         end it with `kill {pid}` (or `kill -9 {pid}`) and start again",
                        wait.as_secs()
                    )));
                }
                other => return other,
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Releases the lock now (dropping does the same).
    pub fn release(self) {}
}

/// Whether `pid` is stopped (`T` in /proc/PID/stat: Ctrl-Z, SIGSTOP); false where that
/// cannot be read.
fn stopped(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // the state follows the command name, which is in parentheses and may hold any byte
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_some_and(|state| state == "T")
}

/// Sends SIGHUP to `pid` if it is one of the user's own processes.
#[cfg(unix)]
fn signal_owned(pid: u32) -> Result<(), String> {
    let Ok(target) = libc::pid_t::try_from(pid) else {
        return Err(format!("pid {pid} is not a process id"));
    };
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        // root may signal anyone: the session must still be this user's own
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        if let Ok(meta) = std::fs::metadata(format!("/proc/{pid}"))
            && meta.uid() != me
        {
            return Err(format!("session pid {pid} belongs to another user"));
        }
    }
    // SAFETY: kill has no memory preconditions; the target was checked above.
    if unsafe { libc::kill(target, libc::SIGHUP) } == 0 {
        return Ok(());
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::ESRCH) => Ok(()), // gone already: the lock is about to be free
        Some(libc::EPERM) => Err(format!("session pid {pid} belongs to another user")),
        _ => Err(format!(
            "could not signal pid {pid}: {}",
            std::io::Error::last_os_error()
        )),
    }
}

#[cfg(not(unix))]
fn signal_owned(pid: u32) -> Result<(), String> {
    Err(format!(
        "take-over needs a Unix system; quit session pid {pid} yourself"
    ))
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

    #[test]
    fn take_over_refuses_a_session_on_another_host_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annotations/aigerim/.lock");
        let held = SessionLock::acquire(&path, "aigerim").unwrap();
        let elsewhere = LockInfo {
            pid: 4242,
            host: "far-away-host".into(),
            since: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(&path, ron::to_string(&elsewhere).unwrap()).unwrap();
        let err = SessionLock::take_over(&path, "aigerim", Duration::from_millis(100)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("far-away-host") && msg.contains("log in there"),
            "{msg}"
        );
        let still: LockInfo = ron::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(still, elsewhere);
        drop(held);
        SessionLock::take_over(&path, "aigerim", Duration::from_millis(100)).unwrap();
    }

    #[test]
    fn the_refusal_mentions_take_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let _held = SessionLock::acquire(&path, "aigerim").unwrap();
        let msg = SessionLock::acquire(&path, "aigerim")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("--take-over"), "{msg}");
    }
}
