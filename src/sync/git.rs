//! The user's `git` binary, run in the workspace: their config, SSH keys and credential
//! helpers apply, as they would from the shell.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::SyncError;

#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// `-c key=value` pairs put before every subcommand (an identity fallback).
    config: Vec<String>,
}

impl Git {
    /// Finds `git` on PATH; a missing binary is `SyncError::GitMissing`.
    pub fn find(dir: &Path) -> Result<Git, SyncError> {
        let git = Git {
            dir: dir.to_path_buf(),
            config: Vec::new(),
        };
        match git.command(["--version"]).output() {
            Ok(out) if out.status.success() => Ok(git),
            Ok(out) => Err(SyncError::Git {
                command: "git --version".into(),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(SyncError::GitMissing),
            Err(e) => Err(SyncError::Git {
                command: "git --version".into(),
                message: e.to_string(),
            }),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds `-c key=value` to every later command.
    pub fn set_config(&mut self, key: &str, value: &str) {
        self.config.push(format!("{key}={value}"));
    }

    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&self.dir);
        for pair in &self.config {
            cmd.arg("-c").arg(pair);
        }
        cmd.args(args);
        // messages we show the user stay in their language; only a push's is read (in C)
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs git and gives its output whatever the exit status.
    pub fn output(&self, args: &[&str]) -> Result<Output, SyncError> {
        self.command(args)
            .output()
            .map_err(|e| self.spawn_error(args, e))
    }

    /// Runs git with extra environment variables, giving its output whatever the status.
    pub fn output_env(&self, args: &[&str], env: &[(&str, &str)]) -> Result<Output, SyncError> {
        let mut cmd = self.command(args);
        cmd.envs(env.iter().copied());
        cmd.output().map_err(|e| self.spawn_error(args, e))
    }

    /// Runs git in the C locale, for an answer that is read, not only shown.
    pub fn output_c_locale(&self, args: &[&str]) -> Result<Output, SyncError> {
        self.output_env(args, &[("LC_ALL", "C"), ("LANGUAGE", "")])
    }

    /// Runs git; a failure is an error carrying git's own message.
    pub fn run(&self, args: &[&str]) -> Result<String, SyncError> {
        let out = self.output(args)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(self.failed(args, &out))
        }
    }

    /// Runs git for a yes/no answer (exit status 0 or not).
    pub fn check(&self, args: &[&str]) -> Result<bool, SyncError> {
        Ok(self.output(args)?.status.success())
    }

    pub fn failed(&self, args: &[&str], out: &Output) -> SyncError {
        let mut message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if message.is_empty() {
            message = String::from_utf8_lossy(&out.stdout).trim().to_string();
        }
        SyncError::Git {
            command: format!("git {}", args.join(" ")),
            message,
        }
    }

    fn spawn_error(&self, args: &[&str], e: std::io::Error) -> SyncError {
        if e.kind() == std::io::ErrorKind::NotFound {
            return SyncError::GitMissing;
        }
        SyncError::Git {
            command: format!("git {}", args.join(" ")),
            message: e.to_string(),
        }
    }

    /// Reads many blobs (`HEAD:path`, `:path`) through one `git cat-file --batch`;
    /// a name git does not know gives `None`.
    pub fn read_blobs(&self, names: &[String]) -> Result<Vec<Option<Vec<u8>>>, SyncError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let args = ["cat-file", "--batch"];
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| self.spawn_error(&args, e))?;
        let mut stdin = child.stdin.take().expect("stdin was piped");
        let input: String = names.iter().map(|n| format!("{n}\n")).collect();
        // written from a thread: git answers while we feed it, and both pipes are finite
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let stdout = child.stdout.take().expect("stdout was piped");
        let blobs = read_batch(BufReader::new(stdout), names.len());
        let _ = writer.join();
        let status = child.wait();
        let blobs = blobs.map_err(|e| SyncError::Git {
            command: "git cat-file --batch".into(),
            message: e.to_string(),
        })?;
        if !status.is_ok_and(|s| s.success()) {
            return Err(SyncError::Git {
                command: "git cat-file --batch".into(),
                message: "git stopped before answering".into(),
            });
        }
        Ok(blobs)
    }
}

/// Parses `cat-file --batch` answers: `<oid> <type> <size>\n<bytes>\n` or `<name> missing\n`.
fn read_batch(mut out: impl BufRead, count: usize) -> std::io::Result<Vec<Option<Vec<u8>>>> {
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let mut header = String::new();
        out.read_line(&mut header)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let size = match fields.as_slice() {
            [_, _kind, size] => size.parse::<usize>().ok(),
            _ => None, // "<name> missing" or "ambiguous"
        };
        let Some(size) = size else {
            blobs.push(None);
            continue;
        };
        let mut bytes = vec![0; size + 1]; // the blob, then its newline
        out.read_exact(&mut bytes)?;
        bytes.pop();
        blobs.push(Some(bytes));
    }
    Ok(blobs)
}

/// Splits `-z` output into its NUL-separated fields.
pub fn nul_fields(out: &str) -> impl Iterator<Item = &str> {
    out.split('\0').filter(|f| !f.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_answers_are_split_into_blobs_and_missing_names() {
        let out = b"abc blob 3\nx\ny\nHEAD:nope missing\ndef blob 0\n\n".to_vec();
        let blobs = read_batch(&out[..], 3).unwrap();
        assert_eq!(blobs, [Some(b"x\ny".to_vec()), None, Some(Vec::new())]);
    }
}
