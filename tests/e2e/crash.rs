//! Crash safety, end to end: the real binary in a pseudo-terminal takes edits as fast as
//! they are typed and is killed with SIGKILL, again and again. Each round counts events,
//! not seconds: a random number of edits is typed, then the test waits until all of them
//! are on disk (the file with its journal), types a random number more and kills. After
//! every kill the annotation file and its journal read back whole, the edits on disk are
//! the first ones typed, without gaps, and none of those seen on disk before is lost.
//! Rounds: TANBA_CRASH_ROUNDS (default 50); the README's longer run sets it to 1000.

use crate::common::{Home, Tui, corpus, s, timeout};
use std::path::Path;
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

/// The words tagged on disk, in order (the annotation file read with its journal).
fn on_disk(dir: &Path, n: usize) -> Option<Vec<String>> {
    let files = crate::common::ron_files(dir);
    if files.is_empty() {
        return None;
    }
    assert_eq!(files.len(), 1, "round {n}: {files:?}");
    let body = std::fs::read_to_string(&files[0]).unwrap();
    let doc = read_doc_text(&files[0], &body)
        .unwrap_or_else(|e| panic!("round {n}: a torn or unreadable file: {e}\n{body}"));
    Some(doc.spans.iter().map(|s| s.text.clone()).collect())
}

/// Types "tag, next word" `count` times, at a typist's uneven pace.
fn type_edits(tui: &mut Tui, count: usize, seed: &mut u64) {
    for _ in 0..count {
        tui.send("1w");
        std::thread::sleep(Duration::from_millis(2 + next(seed) % 6));
    }
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
    let dir = ws.join("annotations/tester");
    let (before, after) = (1 + next(seed) as usize % 150, next(seed) as usize % 250);
    type_edits(&mut tui, before, seed);
    // the checkpoint: every edit typed so far reaches the disk, however loaded the machine
    let deadline = Instant::now() + timeout();
    while on_disk(&dir, n).map_or(0, |t| t.len()) < before {
        assert!(
            Instant::now() < deadline,
            "round {n}: {before} edits never reached the disk"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    type_edits(&mut tui, after, seed);
    tui.signal(libc::SIGKILL);
    tui.wait_exit();

    let tagged = on_disk(&dir, n).expect("the file seen before the kill is there");
    eprintln!(
        "round {n}: {before} edits seen on disk, {after} more typed, {} on disk after the kill",
        tagged.len()
    );
    let expected: Vec<String> = (0..tagged.len()).map(|i| format!("қала{i}")).collect();
    assert_eq!(
        tagged, expected,
        "round {n}: edits saved out of order or with gaps"
    );
    assert!(
        tagged.len() >= before,
        "round {n}: {} edits on disk after the kill, but {before} were there before it",
        tagged.len()
    );
}

#[test]
fn sigkill_after_random_edits_loses_nothing_that_reached_the_disk() {
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
