//! A pseudo-terminal harness for end-to-end tests of the real binary: spawn `tanba`,
//! type, read the screen (vt100) and every raw byte it wrote, signal it.
//! Waits are ceilings, tunable with TANBA_E2E_TIMEOUT_MS (default 20000), never sleeps
//! that a test depends on.

#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod conll25;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn timeout() -> Duration {
    let ms = std::env::var("TANBA_E2E_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    Duration::from_millis(ms)
}

/// Temporary XDG folders so a test never sees the user's config or data.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }
}

pub struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Set when the reader has seen the end of the output (every process left the pty).
    drained: Arc<AtomicBool>,
    /// Set to make the reader close the terminal's master side (`hang_up`).
    close: Arc<AtomicBool>,
    /// Set to make the reader stop reading, as a frozen link does (`freeze`).
    frozen: Arc<AtomicBool>,
    /// The master side, open while the reader runs.
    master: std::os::fd::RawFd,
}

impl Tui {
    /// Runs tanba with `args` in a 80x24 pseudo-terminal, from the crate's folder.
    pub fn spawn(home: &Home, args: &[&str]) -> Tui {
        Self::spawn_sized(home, args, 80, 24)
    }

    pub fn spawn_sized(home: &Home, args: &[&str], cols: u16, rows: u16) -> Tui {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tanba"));
        cmd.args(args);
        Self::spawn_command(home, cmd, cols, rows)
    }

    /// Runs `program` (tanba, or `sh` around it) with `args` and extra `env` in a
    /// pseudo-terminal of `size` (columns, rows).
    pub fn spawn_program(
        home: &Home,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        (cols, rows): (u16, u16),
    ) -> Tui {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        Self::spawn_command(home, cmd, cols, rows)
    }

    /// Runs tanba at 80x24 under `umask` (octal, e.g. "002"), through `sh`.
    pub fn spawn_with_umask(home: &Home, umask: &str, args: &[&str]) -> Tui {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(format!("umask {umask}; exec \"$0\" \"$@\""));
        cmd.arg(env!("CARGO_BIN_EXE_tanba"));
        cmd.args(args);
        Self::spawn_command(home, cmd, 80, 24)
    }

    fn spawn_command(home: &Home, mut cmd: CommandBuilder, cols: u16, rows: u16) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("XDG_DATA_HOME", home.data());
        cmd.env("XDG_CONFIG_HOME", home.config());
        cmd.env("HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("tanba starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        // a plain copy of the master: portable-pty's own writer types "\n^D" when dropped
        let fd = pty.master.as_raw_fd().expect("a master fd");
        // SAFETY: the master is open for as long as this borrow is used (one dup).
        let writer = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
        let writer: Box<dyn Write + Send> = Box::new(std::fs::File::from(
            writer.try_clone_to_owned().expect("a writer"),
        ));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, log) = (Arc::clone(&screen), Arc::clone(&raw));
        let drained = Arc::new(AtomicBool::new(false));
        let close = Arc::new(AtomicBool::new(false));
        let frozen = Arc::new(AtomicBool::new(false));
        let (done, closing) = (Arc::clone(&drained), Arc::clone(&close));
        let freezing = Arc::clone(&frozen);
        std::thread::spawn(move || {
            let master = pty.master; // keep the terminal open while reading
            let mut buf = [0u8; 8192];
            while readable(fd, &closing, &freezing) {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        feed.lock().unwrap().process(&buf[..n]);
                        log.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
            drop((reader, master)); // the last copies of the master: the terminal hangs up
            done.store(true, Ordering::Release);
        });
        Tui {
            screen,
            raw,
            writer,
            child,
            drained,
            close,
            frozen,
            master: fd,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Whether the terminal shows the alternate screen with the cursor hidden: taken over.
    pub fn taken_over(&self) -> bool {
        let parser = self.screen.lock().unwrap();
        parser.screen().alternate_screen() && parser.screen().hide_cursor()
    }

    /// Every byte the program has written to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn written(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    #[track_caller]
    pub fn wait_for(&self, what: &str) -> String {
        self.wait_until(what, |screen| screen.contains(what))
    }

    #[track_caller]
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let screen = self.contents();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the program has written nothing for a while: its last frame is out.
    pub fn settle(&self) -> usize {
        let mut before = self.written();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.written();
            if now == before {
                return now;
            }
            before = now;
        }
    }

    pub fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn pid(&self) -> libc::pid_t {
        self.child.process_id().expect("a pid") as libc::pid_t
    }

    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill has no memory preconditions; the pid is our own child's.
        unsafe {
            libc::kill(self.pid(), signal);
        }
    }

    #[track_caller]
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.wait_drained(deadline);
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("tanba did not exit; the screen shows:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Tui {
    /// The link freezes: nothing more is read from the terminal, so once its buffer is
    /// full the program's writes wait (or would block).
    pub fn freeze(&self) {
        self.frozen.store(true, Ordering::Release);
    }

    pub fn thaw(&self) {
        self.frozen.store(false, Ordering::Release);
    }

    /// Waits until the output waiting in the frozen terminal stops growing: the program
    /// can write no more.
    pub fn wait_output_stalled(&self) -> usize {
        let pending = || {
            let mut n: libc::c_int = 0;
            // SAFETY: FIONREAD writes one int; the master is open while the reader runs.
            unsafe { libc::ioctl(self.master, libc::FIONREAD, &mut n) };
            n as usize
        };
        let mut before = pending();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = pending();
            if now == before && now > 0 {
                return now;
            }
            before = now;
        }
    }

    /// Waits for the program to exit without reading its output (the terminal may be
    /// frozen); None past the timeout.
    pub fn wait_exit_unread(&mut self) -> Option<portable_pty::ExitStatus> {
        let deadline = Instant::now() + timeout();
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Closes the terminal's master side, as sshd does when the link drops: the kernel
    /// hangs the terminal up (SIGHUP and SIGCONT to its session leader; reads give EOF).
    pub fn hang_up(&mut self) {
        self.writer = Box::new(std::io::sink());
        self.close.store(true, Ordering::Release);
        let deadline = Instant::now() + timeout();
        while !self.drained.load(Ordering::Acquire) {
            assert!(Instant::now() < deadline, "the reader did not let go");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The text of the cells drawn in reverse video (the text cursor, a selected row).
    pub fn reversed(&self) -> String {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut out = String::new();
        for row in 0..u16::from(rows) {
            for col in 0..u16::from(cols) {
                if let Some(cell) = screen.cell(row, col).filter(|c| c.inverse()) {
                    out.push_str(cell.contents());
                }
            }
        }
        out
    }

    /// Waits (until `deadline`) for the reader to take the last bytes the program wrote
    /// before it exited, so the screen read after an exit is the whole of it.
    fn wait_drained(&self, deadline: Instant) {
        while !self.drained.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Waits until `fd` has bytes to read (or has hung up), not while `frozen`; false once
/// `close` is set.
fn readable(fd: std::os::fd::RawFd, close: &AtomicBool, frozen: &AtomicBool) -> bool {
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    while !close.load(Ordering::Acquire) {
        if frozen.load(Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        // SAFETY: one valid pollfd; a short timeout so `close` is seen.
        let n = unsafe { libc::poll(&mut poll, 1, 20) };
        let interrupted = std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted;
        if n > 0 || (n < 0 && !interrupted) {
            return true; // a read says what it is, bytes or the end
        }
    }
    false
}

/// Every `.ron` file under `dir`, recursively.
pub fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(ron_files(&path));
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A corpus folder holding `files` (name, content), and a workspace path beside it.
pub fn corpus(home: &Home, files: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, content) in files {
        std::fs::write(corpus.join(name), content).unwrap();
    }
    (corpus, home.path().join("ws"))
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal of at least 1x1")
}

/// Runs tanba to the end without a terminal, with temporary XDG folders under `home`.
pub fn run(home: &Path, args: &[&str]) -> std::process::Output {
    run_command(
        home,
        std::process::Command::new(env!("CARGO_BIN_EXE_tanba")).args(args),
    )
}

/// `run` from the folder `cwd`.
pub fn run_in(home: &Path, cwd: &Path, args: &[&str]) -> std::process::Output {
    run_command(
        home,
        std::process::Command::new(env!("CARGO_BIN_EXE_tanba"))
            .args(args)
            .current_dir(cwd),
    )
}

/// `sh -c SCRIPT` with tanba as `$0`, for pipes (`"$0" queue x | head -1`).
pub fn run_sh(home: &Path, script: &str) -> std::process::Output {
    run_command(
        home,
        std::process::Command::new("sh").args(["-c", script, env!("CARGO_BIN_EXE_tanba")]),
    )
}

/// `run` under `umask` (octal, e.g. "002"), through `sh`.
pub fn run_with_umask(home: &Path, umask: &str, args: &[&str]) -> std::process::Output {
    let script = format!("umask {umask}; exec \"$0\" \"$@\"");
    run_command(
        home,
        std::process::Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_tanba")])
            .args(args),
    )
}

fn run_command(home: &Path, command: &mut std::process::Command) -> std::process::Output {
    command
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env("USER", "tester")
        .output()
        .expect("running tanba")
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that a command (tanba, git, sh) succeeded, showing what it said if not, and
/// gives its stdout.
#[track_caller]
pub fn ok(out: &std::process::Output) -> String {
    let stdout = stdout(out);
    assert!(
        out.status.success(),
        "{:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        stderr(out)
    );
    stdout
}
