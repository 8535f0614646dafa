//! Crash safety, end to end: the real binary in a pseudo-terminal takes edits as fast as
//! they are typed and is killed with SIGKILL at a random moment, again and again. After
//! every kill each annotation file parses, none is torn, and every edit typed more than
//! one second before the kill is on disk.
//! Rounds: TANBA_CRASH_ROUNDS (default 50); the README's longer run sets it to 1000.

use crate::common::{Home, Tui, corpus, s};
use std::time::{Duration, Instant};
use tanba::store::read_doc_text;

const WORDS: usize = 2000;

fn rounds() -> usize {
    std::env::var("TANBA_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

/// A small xorshift, so each round's kill moment differs but runs are repeatable.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn round(n: usize, seed: &mut u64) {
    let home = Home::new();
    let text: Vec<String> = (0..WORDS).map(|i| format!("қала{i}")).collect();
    let (corpus, ws) = corpus(&home, &[("words.txt", &text.join(" "))]);
    let mut tui = Tui::spawn(
        &home,
        &[s(&corpus), "--workspace", s(&ws), "--annotator", "tester"],
    );
    tui.wait_for("қала0 қала1");
    tui.send("\r");
    // type "tag, next word" until a random moment 1.0-2.0 s from now, then kill
    let run_for = Duration::from_millis(1000 + next(seed) % 1000);
    let start = Instant::now();
    let mut typed = Vec::new();
    while start.elapsed() < run_for && typed.len() < WORDS - 1 {
        tui.send("1w");
        typed.push(Instant::now());
        std::thread::sleep(Duration::from_millis(2 + next(seed) % 6));
    }
    tui.signal(libc::SIGKILL);
    let killed = Instant::now();
    tui.wait_exit();
    let old_enough = typed
        .iter()
        .filter(|t| killed.duration_since(**t) > Duration::from_secs(1))
        .count();

    let dir = ws.join("annotations/tester");
    let files = crate::common::ron_files(&dir);
    if old_enough == 0 && files.is_empty() {
        return;
    }
    assert_eq!(files.len(), 1, "round {n}: {files:?}");
    let body = std::fs::read_to_string(&files[0]).unwrap();
    // the file and its journal, as every reader sees them
    let doc = read_doc_text(&files[0], &body)
        .unwrap_or_else(|e| panic!("round {n}: a torn or unreadable file: {e}\n{body}"));
    let tagged: Vec<&str> = doc.spans.iter().map(|s| s.text.as_str()).collect();
    eprintln!(
        "round {n}: typed {} edits, {old_enough} over a second before the kill, {} on disk",
        typed.len(),
        tagged.len()
    );
    let expected: Vec<String> = (0..tagged.len()).map(|i| format!("қала{i}")).collect();
    assert_eq!(
        tagged, expected,
        "round {n}: edits saved out of order or with gaps"
    );
    assert!(
        tagged.len() >= old_enough,
        "round {n}: {} edits on disk, but {old_enough} were typed over a second before the kill",
        tagged.len()
    );
}

#[test]
fn sigkill_at_random_moments_loses_no_edit_older_than_a_second() {
    let rounds = rounds();
    // two rounds at a time: one per core
    let workers: Vec<_> = (0..2u64)
        .map(|w| {
            std::thread::spawn(move || {
                let mut seed = 0x9e37_79b9_7f4a_7c15 ^ (w + 1);
                for n in (w as usize..rounds).step_by(2) {
                    round(n, &mut seed);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("every round passed");
    }
}
