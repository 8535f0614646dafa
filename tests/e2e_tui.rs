//! The real binary in a pseudo-terminal: open the seed article, tag «Атырау» as LOCATION
//! with one key, quit, and find the span in the saved file.
//! Waits are tunable with TANBA_E2E_TIMEOUT_MS (default 20000, a ceiling, not a sleep).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tanba::store::parse_doc;

fn timeout() -> Duration {
    let ms = std::env::var("TANBA_E2E_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    Duration::from_millis(ms)
}

struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Bytes the program has written to the terminal so far.
    written: Arc<std::sync::atomic::AtomicUsize>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Tui {
    fn spawn(args: &[&str], data: &Path, config: &Path) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tanba"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("XDG_DATA_HOME", data);
        cmd.env("XDG_CONFIG_HOME", config);
        cmd.env("HOME", data);
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("tanba starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let feed = Arc::clone(&screen);
        let written = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = Arc::clone(&written);
        std::thread::spawn(move || {
            let _master = pty.master; // keep the terminal open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                count.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            }
        });
        Tui {
            screen,
            written,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    #[track_caller]
    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let screen = self.contents();
            if screen.contains(what) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
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

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("not zero")
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(ron_files(&path));
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    out
}

#[test]
fn tag_the_first_word_of_the_seed_article_with_one_key_and_find_it_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, config) = (tmp.path().join("data"), tmp.path().join("config"));
    let mut tui = Tui::spawn(&["sample-data", "--annotator", "tester"], &data, &config);
    tui.wait_for("Articles");
    // find the seed article by its title, whatever else sample-data holds
    tui.send("/Досмұхамбетовтің төрағалығымен");
    tui.wait_for("1 match");
    tui.send("\r");
    tui.send("4");
    tui.wait_for("[Атырау]LOC");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");

    let mine: Vec<PathBuf> = ron_files(&data.join("tanba/workspaces"))
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "tester"))
        .collect();
    let docs: Vec<_> = mine
        .iter()
        .map(|p| parse_doc(p, &std::fs::read_to_string(p).unwrap()).unwrap())
        .filter(|d| d.article.starts_with("atyrau-anticorruption-commission"))
        .collect();
    assert_eq!(
        docs.len(),
        1,
        "one saved document for the seed article: {mine:?}"
    );
    let span = docs[0]
        .spans
        .iter()
        .find(|s| s.label == "LOCATION")
        .expect("the LOCATION span");
    assert_eq!((span.start, span.end, span.text.as_str()), (1, 7, "Атырау"));
    assert_eq!(docs[0].annotator, "tester");
}

#[test]
fn a_second_session_of_the_same_annotator_is_refused_naming_pid_and_host() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, config) = (tmp.path().join("data"), tmp.path().join("config"));
    let mut first = Tui::spawn(&["sample-data", "--annotator", "tester"], &data, &config);
    first.wait_for("Articles");
    let mut second = Tui::spawn(&["sample-data", "--annotator", "tester"], &data, &config);
    let status = second.wait_exit();
    assert!(!status.success());
    let screen = second.contents();
    assert!(
        screen.contains("already has a session") && screen.contains("pid"),
        "{screen}"
    );
    first.send("q");
    assert!(first.wait_exit().success());
}

/// SIGHUP (the SSH link dropped) and SIGTERM: the edit is saved, the lock released, and
/// not one byte goes to the terminal after the signal.
#[test]
fn hangup_and_terminate_save_release_the_lock_and_write_nothing() {
    for signal in [libc::SIGHUP, libc::SIGTERM] {
        let tmp = tempfile::tempdir().unwrap();
        let (data, config) = (tmp.path().join("data"), tmp.path().join("config"));
        let mut tui = Tui::spawn(&["sample-data", "--annotator", "tester"], &data, &config);
        tui.wait_for("Articles");
        tui.send("/Досмұхамбетовтің төрағалығымен");
        tui.wait_for("1 match");
        tui.send("\r4");
        tui.wait_for("[Атырау]LOC");
        // let the last frame reach us before counting
        let mut before = tui.written.load(std::sync::atomic::Ordering::SeqCst);
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = tui.written.load(std::sync::atomic::Ordering::SeqCst);
            if now == before {
                break;
            }
            before = now;
        }
        let pid = tui.child.process_id().expect("a pid") as libc::pid_t;
        unsafe {
            libc::kill(pid, signal);
        }
        let status = tui.wait_exit();
        assert!(status.success(), "signal {signal}: {status:?}");
        std::thread::sleep(Duration::from_millis(100));
        let after = tui.written.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            after, before,
            "signal {signal}: bytes were written to the terminal after it"
        );
        let files: Vec<PathBuf> = ron_files(&data.join("tanba/workspaces"))
            .into_iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == "tester"))
            .collect();
        let doc = parse_doc(&files[0], &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        assert_eq!(doc.spans.len(), 1, "signal {signal}");
        let lock = files[0].parent().unwrap().join(".lock");
        tanba::store::SessionLock::acquire(&lock, "tester").expect("the lock was released");
    }
}
