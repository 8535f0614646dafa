//! The SSH link dropping, many times over, in a pseudo-terminal: the terminal's master side
//! closed, SIGHUP and SIGCONT in either order, before or after it, with tanba the session
//! leader (the kernel signals it) or under a shell that outlives the hang-up (only the
//! dead terminal tells it), with and without a save still pending. Every run must end
//! as `q` does: exit 0, the last edit on disk, the resume note at the article and cursor
//! of the moment, the lock released, no panic. `TANBA_DROP_ROUNDS` repeats the whole set.

use crate::common::{Home, Tui, corpus, ron_files, s};
use std::path::Path;
use tanba::store::{Pane, Resume, parse_doc};

const FIRST: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";
/// The article the drop happens in: «облысы» at 7..13, «Ақтөбеде» at 14..22.
const SECOND: &str = "Ақтөбе облысы\nАқтөбеде жаңбыр жауды.";
const TANBA: &str = env!("CARGO_BIN_EXE_tanba");

/// How the link goes away, in order.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The master side closed: the terminal hangs up.
    Close,
    Hup,
    Cont,
}

use Step::{Close, Cont, Hup};

/// (tanba is the session leader, the steps): as leader the kernel sends it SIGHUP then
/// SIGCONT on the close; under a shell that ignores SIGHUP it gets no signal from the
/// kernel at all, so the dead terminal alone (or our signals after it) must end it.
const DROPS: [(bool, &[Step]); 5] = [
    (true, &[Close, Hup, Cont]),
    (true, &[Cont, Close]),
    (false, &[Close]),
    (false, &[Close, Cont, Hup]),
    (false, &[Hup, Cont, Close]),
];

/// One drop: opens the second article, tags «облысы», and moves the cursor to «Ақтөбеде»;
/// `pending` tags that too and drops at once (the saver rests 0.4 s after each write,
/// so this save is still queued), else drops once the tag is on disk. Stderr goes to a
/// file when `stderr_file`, else to the terminal that dies.
/// Returns whether the footer said `saving` when the link dropped.
fn drop_once(leader: bool, steps: &[Step], pending: bool, stderr_file: bool) -> bool {
    let what =
        format!("leader {leader}, {steps:?}, pending save {pending}, stderr file {stderr_file}");
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("a.txt", FIRST), ("b.txt", SECOND)]);
    let err = home.path().join("stderr");
    let redirect = if stderr_file { "2>\"$ERR\"" } else { "" };
    let script = if leader {
        format!("exec \"$0\" \"$@\" {redirect}")
    } else {
        format!("trap '' HUP; \"$0\" \"$@\" {redirect}; s=$?; exit $s")
    };
    let args = [
        "-c",
        &script,
        TANBA,
        s(&corpus),
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let mut env = vec![("ERR", s(&err))];
    if pending {
        env.push(("TANBA_FAILPOINT", "slow-saver"));
    }
    let mut tui = Tui::spawn_program(&home, "sh", &args, &env, (80, 24));
    tui.wait_for("Атырау облысы");
    tui.send("j");
    tui.wait_for("Ақтөбеде");
    tui.send("\rw4");
    tui.wait_for("[облысы]LOC");
    let mut want = vec![(7, 13, "LOCATION".to_string())];
    if !pending {
        wait_saved(&tui, &ws, &want);
    }
    tui.send("w");
    tui.wait_until("the cursor on «Ақтөбеде»", |_| {
        tui.reversed() == "А"
    });
    if pending {
        tui.send("4");
        tui.wait_for("[Ақтөбеде]LOC");
        want.push((14, 22, "LOCATION".to_string()));
    }
    let pid = tanba_pid(&ws);
    let in_flight = tui.contents().contains("saving");
    for step in steps {
        match step {
            Close => tui.hang_up(),
            // SAFETY: kill has no memory preconditions; the pid is tanba's, not reaped yet
            // (its parent, the shell or this test, waits for it below).
            Hup => drop(unsafe { libc::kill(pid, libc::SIGHUP) }),
            Cont => drop(unsafe { libc::kill(pid, libc::SIGCONT) }),
        }
    }
    if !steps.iter().any(|s| matches!(s, Close)) {
        tui.hang_up();
    }
    let status = tui.wait_exit();
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    assert_eq!(
        status.exit_code(),
        0,
        "{what}: {status:?}, stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(stderr.trim().is_empty(), "{what}: said {stderr}");
    let (article, spans) = saved(&ws);
    assert_eq!(spans, want, "{what}: the last edit is on disk");
    let resume: Resume = ron::from_str(
        &std::fs::read_to_string(ws.join("annotations/tester/.resume"))
            .unwrap_or_else(|e| panic!("{what}: no resume note: {e}")),
    )
    .unwrap();
    assert_eq!(
        (resume.article.as_str(), resume.cursor, resume.pane),
        (article.as_str(), 14, Pane::Text),
        "{what}: the resume note"
    );
    tanba::store::SessionLock::acquire(&ws.join("annotations/tester/.lock"), "tester")
        .unwrap_or_else(|e| panic!("{what}: the lock is still held: {e}"));
    in_flight
}

#[track_caller]
fn wait_saved(tui: &Tui, ws: &Path, want: &[(usize, usize, String)]) {
    tui.wait_until("the tag on disk", |_| {
        ron_files(&ws.join("annotations/tester")).len() == 1 && saved(ws).1 == want
    });
}

/// The one saved document's article id and spans (start, end, label).
fn saved(ws: &Path) -> (String, Vec<(usize, usize, String)>) {
    let files = ron_files(&ws.join("annotations/tester"));
    let [file] = &files[..] else {
        return (String::new(), Vec::new());
    };
    let Ok(text) = std::fs::read_to_string(file) else {
        return (String::new(), Vec::new());
    };
    let doc = parse_doc(file, &text).unwrap();
    let spans = doc.spans.into_iter().map(|s| (s.start, s.end, s.label));
    (doc.article, spans.collect())
}

/// The pid of the tanba that holds `ws`'s lock (under a shell, the child is not tanba).
fn tanba_pid(ws: &Path) -> libc::pid_t {
    let lock = std::fs::read_to_string(ws.join("annotations/tester/.lock")).unwrap();
    let holder: tanba::store::LockInfo = ron::from_str(&lock).unwrap();
    holder.pid as libc::pid_t
}

/// Every drop, with and without a pending save; stderr alternates between a file (read
/// for a panic) and the dead terminal (where printing an error used to panic, exit 101).
#[test]
fn a_dropped_link_always_ends_as_q_does() {
    let rounds: usize = std::env::var("TANBA_DROP_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let (mut runs, mut in_flight) = (0, 0);
    for _ in 0..rounds {
        for (i, (leader, steps)) in DROPS.iter().enumerate() {
            for pending in [false, true] {
                let stderr_file = (i + usize::from(pending)).is_multiple_of(2);
                in_flight += usize::from(drop_once(*leader, steps, pending, stderr_file));
                runs += 1;
            }
        }
    }
    eprintln!("{runs} drops ({in_flight} with a save in flight), each ended as q does");
}
