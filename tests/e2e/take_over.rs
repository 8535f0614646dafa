//! `tanba --take-over`: a session left open (its terminal frozen, say) is asked to save
//! and exit, and the new one runs in its place.

use crate::common::{Home, Tui, corpus, s};
use std::path::Path;

const ARTICLE: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

fn open(home: &Home, corpus: &Path, ws: &Path, extra: &[&str]) -> Tui {
    let mut args = vec![s(corpus), "--workspace", s(ws), "--annotator", "tester"];
    args.extend(extra);
    Tui::spawn(home, &args)
}

/// A session that has opened the article and tagged «Атырау» LOCATION.
fn tagged(home: &Home, corpus: &Path, ws: &Path) -> Tui {
    let mut tui = open(home, corpus, ws, &[]);
    tui.wait_for("Атырау облысы");
    tui.send("\r4"); // Атырау as LOCATION
    tui.wait_for("[Атырау]LOC");
    tui
}

/// The terminal stops reading, and the session draws until its output waits on it: help
/// on and off, a large part of the screen each time, a frame each (keys typed at once
/// would be drawn as one frame).
fn freeze_until_stalled(tui: &mut Tui) {
    tui.freeze();
    for _ in 0..400 {
        tui.send("?");
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let pending = tui.wait_output_stalled();
    eprintln!("{pending} bytes wait in the frozen terminal");
}

#[test]
fn take_over_makes_the_running_session_save_and_exit_and_the_new_one_runs() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut first = tagged(&home, &corpus, &ws);

    let mut refused = open(&home, &corpus, &ws, &[]);
    assert!(!refused.wait_exit().success());
    let screen = refused.contents();
    assert!(screen.contains("--take-over"), "{screen}");

    let mut second = open(&home, &corpus, &ws, &["--take-over"]);
    assert!(
        first.wait_exit().success(),
        "the first session saves and exits"
    );
    second.wait_for("Articles");
    second.send("\r");
    second.wait_for("[Атырау]LOC"); // the first session's edit, read from its file
    let lock = std::fs::read_to_string(ws.join("annotations/tester/.lock")).unwrap();
    let holder: tanba::store::LockInfo = ron::from_str(&lock).unwrap();
    assert_eq!(holder.pid, second.pid() as u32, "{lock}");
    second.send("q");
    assert!(second.wait_exit().success());
}

/// A frozen link: the terminal takes no more output, so the session's next frame waits on
/// it. `--take-over` still ends it as a dropped link does (saved, exit 0), and the new
/// session runs with its edit.
#[test]
fn take_over_ends_a_session_whose_terminal_froze() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut first = tagged(&home, &corpus, &ws);
    freeze_until_stalled(&mut first);

    let mut second = open(&home, &corpus, &ws, &["--take-over"]);
    let status = first.wait_exit_unread();
    first.thaw();
    let status = status.expect("the frozen session exits");
    assert!(status.success(), "{status:?}");
    second.wait_for("Articles");
    second.send("\r");
    second.wait_for("[Атырау]LOC");
    second.send("q");
    assert!(second.wait_exit().success());
}

/// The same frozen terminal, and `kill -INT` (Ctrl-C from another window): the session
/// quits as q does, with its edit saved, instead of waiting for the terminal forever.
#[test]
fn an_interrupt_ends_a_session_whose_terminal_froze() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = tagged(&home, &corpus, &ws);
    freeze_until_stalled(&mut tui);
    tui.signal(libc::SIGINT);
    let status = tui.wait_exit_unread();
    tui.thaw();
    let status = status.expect("the frozen session exits on SIGINT");
    assert!(status.success(), "{status:?}");
    let files = crate::common::ron_files(&ws);
    let saved: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(saved.contains("LOCATION"), "{files:?}: {saved}");
}

#[test]
fn take_over_without_a_running_session_just_opens() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws, &["--take-over"]);
    tui.wait_for("Атырау облысы");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// A session suspended with Ctrl-Z (stopped) cannot hear SIGHUP, nor a plain `kill`:
/// the refusal says it is stopped and what works, not "kill it".
#[test]
fn take_over_of_a_stopped_session_says_it_is_stopped_and_how_to_end_it() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut first = open(&home, &corpus, &ws, &[]);
    first.wait_for("Атырау облысы");
    first.signal(libc::SIGSTOP);
    let mut second = open(&home, &corpus, &ws, &["--take-over"]);
    assert!(!second.wait_exit().success());
    let screen = second.contents().replace('\n', "");
    assert!(screen.contains("tanba: error:"), "{screen}");
    assert!(screen.contains("is stopped"), "{screen}");
    assert!(screen.contains("`fg`"), "{screen}");
    first.signal(libc::SIGCONT);
    assert!(
        first.wait_exit().success(),
        "the SIGHUP it was sent ends it"
    );
}
