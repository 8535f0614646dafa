//! A day's work over SSH, in a pseudo-terminal: suspend and resume with and without a
//! shell's job control, keys that arrive in one read, the mouse mode, and a panic on a
//! background thread. The harness is tests/common (waits tunable with
//! TANBA_E2E_TIMEOUT_MS).

use crate::common::{Home, Tui, corpus, ron_files, s};
use std::path::Path;
use std::time::Duration;
use tanba::store::parse_doc;

const ARTICLE: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";
const TANBA: &str = env!("CARGO_BIN_EXE_tanba");

/// Runs tanba under `sh -m`, a shell with job control, as an annotator's login shell is,
/// through a launcher script (`sh -c`), as teams often start it: each time the job
/// stops, the shell prints `tanba-stopped` and waits for a line, then `fg`.
const JOB_SHELL: &str = "\"$0\" \"$@\"; s=$?; while [ $s -gt 128 ]; do echo tanba-stopped; \
                         read _; fg; s=$?; done; exit $s";

fn open(home: &Home, corpus: &Path, ws: &Path) -> Tui {
    Tui::spawn(
        home,
        &[s(corpus), "--workspace", s(ws), "--annotator", "tester"],
    )
}

fn open_env(home: &Home, corpus: &Path, ws: &Path, env: &[(&str, &str)]) -> Tui {
    let args = [s(corpus), "--workspace", s(ws), "--annotator", "tester"];
    Tui::spawn_program(home, TANBA, &args, env, (80, 24))
}

/// The pid of the tanba that holds `ws`'s lock (under a shell, the child is not tanba).
fn tanba_pid(ws: &Path) -> libc::pid_t {
    let lock = std::fs::read_to_string(ws.join("annotations/tester/.lock")).unwrap();
    let holder: tanba::store::LockInfo = ron::from_str(&lock).unwrap();
    holder.pid as libc::pid_t
}

fn saved_spans(ws: &Path) -> Vec<(usize, usize, String)> {
    ron_files(&ws.join("annotations/tester"))
        .iter()
        .flat_map(|p| {
            parse_doc(p, &std::fs::read_to_string(p).unwrap())
                .unwrap()
                .spans
        })
        .map(|s| (s.start, s.end, s.label))
        .collect()
}

#[track_caller]
fn wait_stopped(tui: &Tui, times: usize) {
    let screen = tui.wait_until("the shell to get the terminal back", |screen| {
        screen.matches("tanba-stopped").count() == times
    });
    assert!(
        !tui.taken_over(),
        "stopped with the terminal still raw:\n{screen}"
    );
}

/// Ctrl-Z, and SIGTSTP from outside, hand the terminal back to the shell; `fg` (SIGCONT)
/// three seconds later, longer than a cursor position request waits, redraws at once
/// without a key pressed, and the app answers keys.
#[test]
fn suspend_and_fg_redraw_without_a_key_and_the_app_answers() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let args = [
        "-mc",
        JOB_SHELL,
        "sh",
        "-c",
        "\"$0\" \"$@\"; exit $?",
        TANBA,
        s(&corpus),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let mut tui = Tui::spawn_program(&home, "sh", &args, &[], (80, 24));
    tui.wait_for("Атырау облысы");
    // first from outside, then with the key
    for (round, stop) in [(1, None), (2, Some("\x1a"))] {
        match stop {
            None => {
                // SAFETY: kill has no memory preconditions; the pid is our own grandchild.
                unsafe { libc::kill(tanba_pid(&ws), libc::SIGTSTP) };
            }
            Some(key) => tui.send(key),
        }
        wait_stopped(&tui, round);
        std::thread::sleep(Duration::from_secs(3));
        tui.send("\n"); // to the shell: `fg`
        tui.wait_until("tanba drawn again", |screen| {
            screen.contains("Атырау облысы") && !screen.contains("tanba-stopped")
        });
        assert!(tui.taken_over());
    }
    tui.send("\r4");
    tui.wait_for("[Атырау]LOC");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(saved_spans(&ws), [(0, 6, "LOCATION".to_string())]);
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        !raw.contains("\x1b[6n"),
        "the terminal was asked for the cursor position"
    );
}

/// Run as the SSH command itself, tanba has no shell to stop into: Ctrl-Z says so and the
/// session goes on.
#[test]
fn ctrl_z_without_job_control_keeps_the_session_and_says_why() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("\x1a");
    tui.wait_for("no job control");
    assert!(tui.taken_over());
    tui.send("\r4");
    tui.wait_for("[Атырау]LOC");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// A laggy link delivers Esc and the next key in one read, which crossterm reads as
/// Alt-j: unbound, it must act as Esc (drop the selection) then j (down a line).
#[test]
fn esc_and_a_key_in_one_read_are_two_keys() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("\r");
    tui.send("vl");
    tui.settle();
    tui.send("\x1bj");
    tui.send("4");
    tui.wait_for("[Комиссия]LOC");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(saved_spans(&ws), [(43, 51, "LOCATION".to_string())]);
}

/// Clicks, drags and the wheel need only button-event tracking (1002) in SGR form
/// (1006); any-motion tracking (1003) would send every mouse move over the link.
#[test]
fn mouse_reporting_is_buttons_and_drags_only() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    for wanted in ["\x1b[?1002h", "\x1b[?1006h", "\x1b[?1006l", "\x1b[?1002l"] {
        assert!(raw.contains(wanted), "{wanted:?} missing from {raw:?}");
    }
    assert!(
        !raw.contains("?1003h"),
        "any-motion tracking turned on: {raw:?}"
    );
    assert!(!raw.contains("?1000h"), "{raw:?}");
}

/// A panic on the saver thread (after it wrote the edit) or the preloader ends the app:
/// terminal restored, the edits on disk, exit status 101.
#[test]
fn a_panic_in_the_saver_ends_the_app_with_the_terminal_restored_and_edits_saved() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open_env(&home, &corpus, &ws, &[("TANBA_FAILPOINT", "saver-panic")]);
    tui.wait_for("Атырау облысы");
    tui.send("\r4");
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", tui.contents());
    tui.wait_for("failpoint saver-panic");
    assert!(!tui.taken_over(), "{}", tui.contents());
    assert_eq!(saved_spans(&ws), [(0, 6, "LOCATION".to_string())]);
}

#[test]
fn a_panic_in_the_preloader_ends_the_app_with_the_terminal_restored() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open_env(&home, &corpus, &ws, &[("TANBA_FAILPOINT", "preload-panic")]);
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", tui.contents());
    tui.wait_for("failpoint preload-panic");
    assert!(!tui.taken_over(), "{}", tui.contents());
}

/// A hand-edited file with a span that ends before it starts opens read-only, naming the
/// file and line, like any other bad file; the file is left as it was.
#[test]
fn a_reversed_span_opens_the_article_read_only_with_file_and_line() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("\r4");
    tui.wait_for("[Атырау]LOC");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let file = ws.join("annotations/tester/kk.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    let bad = good.replacen("start: 0, end: 6", "start: 6, end: 0", 1);
    assert_ne!(bad, good);
    std::fs::write(&file, &bad).unwrap();
    let line = 1 + bad.lines().position(|l| l.contains("start: 6")).unwrap();

    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("\r");
    tui.wait_for("read-only");
    tui.wait_for(&format!("kk.ron:{line}"));
    tui.send("j4");
    tui.wait_for("not changed");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), bad);
}

/// A new session opens where the last one stopped: the article, the cursor and the pane,
/// and says so once in the footer.
#[test]
fn a_new_session_resumes_at_the_article_cursor_and_pane_where_the_last_stopped() {
    let home = Home::new();
    let second = "Ақтөбе облысы\nАқтөбеде жаңбыр жауды.";
    let (corpus, ws) = corpus(&home, &[("a.txt", ARTICLE), ("b.txt", second)]);
    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("Атырау облысы");
    tui.send("j");
    tui.wait_for("Ақтөбеде");
    tui.send("\rw");
    tui.settle();
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(ws.join("annotations/tester/.resume").is_file());

    let mut tui = open(&home, &corpus, &ws);
    tui.wait_for("resumed where you stopped: 2/2");
    tui.send("4"); // the text pane has the keys, the cursor is on облысы
    tui.wait_for("[облысы]LOC");
    let screen = tui.contents();
    assert!(!screen.contains("resumed"), "said once:\n{screen}");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(saved_spans(&ws), [(7, 13, "LOCATION".to_string())]);
}
