//! Nothing lost, nothing let in: the real binary in a pseudo-terminal against stale
//! locks, a second annotator, hostile article text and ids, broken files and a disk that
//! refuses writes.

use crate::common::{Home, Tui, corpus, ron_files, s};
use std::path::Path;
use tanba::store::parse_doc;

const ARTICLE: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

fn open(home: &Home, corpus: &Path, ws: &Path, who: &str) -> Tui {
    Tui::spawn(home, &[s(corpus), "--workspace", s(ws), "--annotator", who])
}

#[test]
fn a_lock_left_by_a_killed_session_is_taken_over() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let first = open(&home, &corpus, &ws, "tester");
    first.wait_for("Атырау облысы");
    first.signal(libc::SIGKILL);
    let mut first = first;
    first.wait_exit();
    let mut second = open(&home, &corpus, &ws, "tester");
    second.wait_for("Атырау облысы");
    let lock = std::fs::read_to_string(ws.join("annotations/tester/.lock")).unwrap();
    let holder: tanba::store::LockInfo = ron::from_str(&lock).unwrap();
    assert_eq!(holder.pid, second.pid() as u32, "{lock}");
    second.send("q");
    assert!(second.wait_exit().success());
}

#[test]
fn two_annotators_on_one_workspace_never_touch_each_others_files() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut aigerim = open(&home, &corpus, &ws, "aigerim");
    let mut dana = open(&home, &corpus, &ws, "dana");
    aigerim.wait_for("Атырау облысы");
    dana.wait_for("Атырау облысы");
    aigerim.send("\r4"); // Атырау as LOCATION
    aigerim.wait_for("[Атырау]LOC");
    dana.send("\rww1"); // әкімі as PERSON
    dana.wait_for("[әкімі]PER");
    aigerim.send("q");
    dana.send("q");
    assert!(aigerim.wait_exit().success() && dana.wait_exit().success());

    let files = ron_files(&ws.join("annotations"));
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(&ws).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        ["annotations/aigerim/kk.ron", "annotations/dana/kk.ron"]
    );
    for (file, who, label) in [
        (&files[0], "aigerim", "LOCATION"),
        (&files[1], "dana", "PERSON"),
    ] {
        let doc = parse_doc(file, &std::fs::read_to_string(file).unwrap()).unwrap();
        assert_eq!(doc.annotator, who);
        assert_eq!(doc.spans.len(), 1);
        assert_eq!(
            (doc.spans[0].label.as_str(), doc.spans[0].who.as_str()),
            (label, who)
        );
    }
}

/// Article text from the web may carry escape sequences: they are shown as symbols and
/// not one of them reaches the terminal.
#[test]
fn hostile_text_is_shown_inert_and_never_sent_to_the_terminal() {
    let hostile = [
        "\u{1b}]0;PWNED-TITLE\u{7}",       // OSC 0: set the window title
        "\u{1b}]52;c;UFdORUQ=\u{7}",       // OSC 52: write the clipboard
        "\u{1b}[31;1;4mREDALERT",          // CSI: colours
        "\u{1b}[2J\u{1b}[H",               // CSI: clear the screen, cursor home
        "\u{9b}6n",                        // C1 CSI: ask for the cursor position
        "\u{9d}0;C1TITLE\u{9c}",           // C1 OSC ... ST
        "\u{7}\u{8}\u{1}",                 // BEL, BS, SOH
        "abc\u{202e}fed",                  // right-to-left override
        "zero\u{200b}width\u{2060}joiner", // invisible characters
    ];
    let title = "Hostile \u{1b}]0;TITLE-IN-LIST\u{7} article";
    let text = format!("{title}\n{}\nend of article", hostile.join(" | "));
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("evil.txt", &text)]);
    let mut tui = open(&home, &corpus, &ws, "tester");
    tui.wait_for("end of article");
    tui.send("\r");
    let screen = tui.wait_for("␛]0;PWNED-TITLE␇");
    tui.settle();
    for visible in [
        "␛]52;c;UFdORUQ=␇",
        "␛[31;1;4mREDALERT",
        "abc⇄fed",
        "zero◌width◌joiner",
    ] {
        assert!(screen.contains(visible), "{visible:?} not shown:\n{screen}");
    }
    tui.send("q");
    tui.wait_exit();
    let raw = tui.raw();
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    for needle in [
        &b"\x1b]0;PWNED"[..],
        b"\x1b]52;",
        b"\x1b]0;TITLE-IN-LIST",
        b"\x1b[31;1;4m",
        "\u{9b}".as_bytes(),
        "\u{9d}".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{200b}".as_bytes(),
        b"\x07",
        b"\x01",
    ] {
        assert!(
            !contains(needle),
            "{:?} reached the terminal",
            String::from_utf8_lossy(needle)
        );
    }
}

/// Ids come from input files; whatever they say, every write stays in the annotator's folder.
#[test]
fn hostile_ids_never_lead_a_write_outside_the_workspace() {
    let home = Home::new();
    let outside = home.path().join("outside-target");
    let ids = [
        "../../x".to_string(),
        format!("{}/x", outside.display()),
        "a/../../../b".to_string(),
        "CON".to_string(),
    ];
    let jsonl: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                "{}\n",
                serde_json::json!({"id": id, "text": format!("Мақала{i} Атырау")})
            )
        })
        .collect();
    let (corpus, ws) = corpus(&home, &[("hostile.jsonl", &jsonl)]);
    let mut tui = open(&home, &corpus, &ws, "tester");
    tui.wait_for("Мақала0");
    tui.send("\r");
    for i in 0..ids.len() {
        // tag the article's first word, then on to the next article
        tui.send("1");
        tui.wait_for(&format!("[Мақала{i}]PER"));
        tui.send("J");
    }
    tui.send("q");
    assert!(tui.wait_exit().success());

    let everything: Vec<_> = walk(home.path());
    let ron: Vec<_> = everything
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    let inside = ws.join("annotations/tester");
    let docs: Vec<_> = ron
        .iter()
        .filter(|p| p.parent() == Some(inside.as_path()))
        .collect();
    assert_eq!(docs.len(), ids.len(), "{ron:?}");
    let others: Vec<_> = ron
        .iter()
        .filter(|p| p.parent() != Some(inside.as_path()) && **p != &ws.join("tanba.ron"))
        .collect();
    assert!(
        others.is_empty(),
        "files written outside the annotator's folder: {others:?}"
    );
    assert!(!outside.exists() && !home.path().join("x.ron").exists());
    let mut saved: Vec<String> = docs
        .iter()
        .map(|p| {
            parse_doc(p, &std::fs::read_to_string(p).unwrap())
                .unwrap()
                .article
        })
        .collect();
    saved.sort();
    let mut want = ids.to_vec();
    want.sort();
    assert_eq!(saved, want);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A disk that refuses writes: the footer says so, the edit stays in memory and is
/// retried, and once the disk is back it is saved; no file is ever left truncated.
#[test]
fn a_read_only_workspace_keeps_edits_and_saves_them_when_it_can() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
    let mut tui = open(&home, &corpus, &ws, "tester");
    tui.wait_for("Атырау облысы");
    tui.send("\r4");
    tui.wait_for("[Атырау]LOC");
    let folder = ws.join("annotations/tester");
    let file = folder.join("kk.ron");
    tui.wait_until("the first save", |_| file.exists());
    let before = std::fs::read_to_string(&file).unwrap();
    let guard = tanba::store::testing::Unwritable::new(&folder);
    tui.send("ww1");
    let screen = tui.wait_for("SAVE FAILED");
    assert!(
        screen.contains("[әкімі]PER"),
        "the edit stays on screen:\n{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "the old file is whole"
    );
    drop(guard);
    tui.wait_until("the retry to succeed", |s| s.contains("│ saved │"));
    tui.send("q");
    assert!(tui.wait_exit().success());
    let after = std::fs::read_to_string(&file).unwrap();
    let doc = parse_doc(&file, &after).unwrap();
    let texts: Vec<_> = doc.spans.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["Атырау", "әкімі"]);
    assert!(before.len() < after.len());
}

/// A broken annotation file opens read-only: the article shows, the error is named,
/// edits are refused, and the file is never overwritten.
#[test]
fn a_corrupt_annotation_file_is_reported_and_never_overwritten() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("a.txt", ARTICLE), ("b.txt", "Екінші мақала")]);
    let broken =
        "(\n    article: \"a\",\n    annotator: \"tester\",\n    spans: [ (start: 1, end: \n";
    std::fs::create_dir_all(ws.join("annotations/tester")).unwrap();
    let file = ws.join("annotations/tester/a.ron");
    std::fs::write(&file, broken).unwrap();
    let mut tui = open(&home, &corpus, &ws, "tester");
    let screen = tui.wait_for("a.ron:");
    assert!(screen.contains("a.ron:4:"), "the line is named:\n{screen}");
    assert!(screen.contains("read-only"), "{screen}");
    tui.send("\r4");
    tui.send("J1");
    tui.wait_for("[Екінші]PER");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    assert!(
        ws.join("annotations/tester/b.ron").exists(),
        "the rest still works"
    );
}

/// Broken settings, config, keymap or label set: a message with file and line, exit 1,
/// no panic, and the file left as it was.
#[test]
fn broken_settings_config_and_keymaps_exit_1_naming_file_and_line() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "ws/tanba.ron",
            "(\n    name: \"x\",\n    labels: [\n        (name: \"PERSON\", key: '1', colour: \"red\", description: \"\"),\n    ],\n)\n",
            "tanba.ron:4:",
        ),
        (
            "ws/tanba.ron",
            "(\n    name: \"x\",\n    labels: [\n        (name: \"PERSON\", key: '1', color: \"red\", description: \"\"),\n        (name: \"AGENCY\", key: '1', color: \"cyan\", description: \"\"),\n    ],\n)\n",
            "tanba.ron:5:",
        ),
        (
            "config/tanba/config.ron",
            "(\n    annotator: Some(\"tester\"),\n    mouse: Some(flase),\n)\n",
            "config.ron:3:",
        ),
        (
            "config/tanba/keymap.ron",
            "(\n    text: {\n        \"ctrl-q\": no_such_action,\n    },\n)\n",
            "keymap.ron:3:",
        ),
    ];
    for (path, content, expected) in cases {
        let home = Home::new();
        let (corpus, ws) = corpus(&home, &[("kk.txt", ARTICLE)]);
        let file = home.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, content).unwrap();
        let mut tui = open(&home, &corpus, &ws, "tester");
        let status = tui.wait_exit();
        let screen = tui.contents();
        assert_eq!(status.exit_code(), 1, "{path}: {screen}");
        assert!(
            screen.contains(expected),
            "{path}: expected {expected:?} in:\n{screen}"
        );
        assert!(!screen.contains("panicked"), "{screen}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            content,
            "{path} was rewritten"
        );
    }
}
