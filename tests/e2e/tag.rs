//! The real binary in a pseudo-terminal: open the seed article, tag «Атырау» as LOCATION
//! with one key, quit, and find the span in the saved file; one session per annotator;
//! SIGHUP and SIGTERM. The harness is tests/common (waits tunable with TANBA_E2E_TIMEOUT_MS).

use crate::common::{Home, Tui, ron_files};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tanba::store::parse_doc;

fn sample(home: &Home) -> Tui {
    Tui::spawn(home, &["sample-data", "--annotator", "tester"])
}

/// Finds the seed article by its title (whatever else sample-data holds), opens it at the
/// first match, goes to the top where «Атырау» is, and tags it LOCATION with one key.
fn tag_atyrau(tui: &mut Tui) {
    tui.wait_for("Articles");
    tui.send("/Досмұхамбетовтің төрағалығымен");
    tui.wait_for("1 match");
    tui.send("\rg4");
    tui.wait_for("[Атырау]LOC");
}

#[test]
fn tag_the_first_word_of_the_seed_article_with_one_key_and_find_it_saved() {
    let home = Home::new();
    let data = home.data();
    let mut tui = sample(&home);
    tag_atyrau(&mut tui);
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
    let home = Home::new();
    let mut first = sample(&home);
    first.wait_for("Articles");
    let mut second = sample(&home);
    let status = second.wait_exit();
    assert!(!status.success());
    let screen = second.contents();
    assert!(
        screen.contains("already has a session") && screen.contains("pid"),
        "{screen}"
    );
    assert!(screen.contains("tanba: error: annotator"), "{screen}");
    first.send("q");
    assert!(first.wait_exit().success());
}

/// SIGHUP (`--take-over`, or the link dropped) and SIGTERM: the edit is saved, the lock
/// released; a terminal still there (a `kill` from another window, a take-over from
/// another login) gets only what gives it back: the shell's screen, the cursor, no mouse
/// reports. (A terminal that is gone gets nothing: tests/e2e/drop.rs.)
#[test]
fn hangup_and_terminate_save_release_the_lock_and_give_a_live_terminal_back() {
    for signal in [libc::SIGHUP, libc::SIGTERM] {
        let home = Home::new();
        let data = home.data();
        let mut tui = sample(&home);
        tag_atyrau(&mut tui);
        let before = tui.settle(); // the last frame is out
        tui.signal(signal);
        let sent = Instant::now();
        let status = tui.wait_exit();
        eprintln!("signal {signal}: exited {:?} after it", sent.elapsed());
        assert!(status.success(), "signal {signal}: {status:?}");
        std::thread::sleep(Duration::from_millis(100));
        let after = String::from_utf8_lossy(&tui.raw()[before..]).into_owned();
        assert!(
            !tui.taken_over(),
            "signal {signal} gives the terminal back: {after:?}"
        );
        for given_back in ["\x1b[?1049l", "\x1b[?25h", "\x1b[?1002l"] {
            assert!(after.contains(given_back), "{given_back:?} in {after:?}");
        }
        assert!(
            !after.contains("Articles"),
            "no frame after signal {signal}: {after:?}"
        );
        let files: Vec<PathBuf> = ron_files(&data.join("tanba/workspaces"))
            .into_iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == "tester"))
            .collect();
        let doc = parse_doc(&files[0], &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        // the tag, and its suggestions (the other «Атырау», pending)
        let accepted = doc
            .spans
            .iter()
            .filter(|s| s.origin.name() == "manual")
            .count();
        assert_eq!(accepted, 1, "signal {signal}");
        let lock = files[0].parent().unwrap().join(".lock");
        tanba::store::SessionLock::acquire(&lock, "tester").expect("the lock was released");
    }
}

/// The link drops while a note is being typed: the note is kept, as enter would keep it,
/// not lost with the line it was typed in.
#[test]
fn a_note_being_typed_when_the_link_drops_is_kept() {
    for signal in [libc::SIGHUP, libc::SIGTERM] {
        let home = Home::new();
        let data = home.data();
        let mut tui = sample(&home);
        tag_atyrau(&mut tui);
        tui.send("lc"); // onto «Атырау», past the quote
        tui.wait_for("note on LOCATION");
        tui.send("облыс орталығы");
        tui.wait_for("облыс орталығы");
        tui.signal(signal);
        assert!(tui.wait_exit().success(), "signal {signal}");
        let files: Vec<PathBuf> = ron_files(&data.join("tanba/workspaces"))
            .into_iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == "tester"))
            .collect();
        let doc = parse_doc(&files[0], &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        let span = doc.spans.iter().find(|s| s.label == "LOCATION").unwrap();
        assert_eq!(
            span.note.as_deref(),
            Some("облыс орталығы"),
            "signal {signal}"
        );
    }
}
