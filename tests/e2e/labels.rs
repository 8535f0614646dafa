//! The real binary in a pseudo-terminal on a 25-label CoNLL file named `.txt`: the files
//! it writes (tanba.ron, annotation files) get the mode the umask gives; the label picker
//! applies a label no digit reaches.

use crate::common::conll25::conll25;
use crate::common::{Home, Tui, s};
use std::path::{Path, PathBuf};

/// The dataset in a corpus folder, and the workspace path beside it.
fn dataset(home: &Home) -> (PathBuf, PathBuf) {
    let (corpus, ws) = crate::common::corpus(home, &[("IOB2_test.txt", &conll25())]);
    (corpus.join("IOB2_test.txt"), ws)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn tanba_ron_and_annotation_files_get_the_mode_the_umask_gives() {
    for (umask, want) in [("022", 0o644), ("002", 0o664)] {
        let home = Home::new();
        let (file, ws) = dataset(&home);
        let args = ["--workspace", s(&ws), "--annotator", "tester", s(&file)];
        let mut tui = Tui::spawn_with_umask(&home, umask, &args);
        tui.wait_for("added 25 labels from the data");
        tui.settle(); // the first frame can come before the keyboard is read
        tui.send("\r");
        tui.wait_for("╭ Articles");
        // the data's own labels only, sorted: the digit 1 is ADAGE's
        tui.send("1");
        tui.wait_for("[Сөйлем]ADA");
        tui.send("q");
        assert!(tui.wait_exit().success());
        let doc = ws.join("annotations/tester/IOB2_test.ron");
        let text = std::fs::read_to_string(&doc).unwrap();
        assert!(
            text.contains("label: \"ADAGE\", text: \"Сөйлем\""),
            "{text}"
        );
        assert_eq!(mode(&doc), want, "annotation file under umask {umask}");
        assert_eq!(
            mode(&ws.join("tanba.ron")),
            want,
            "tanba.ron under umask {umask}"
        );
    }
}

#[test]
fn the_picker_applies_a_label_beyond_the_ninth_and_it_is_saved() {
    let home = Home::new();
    let (file, ws) = dataset(&home);
    let args = ["--workspace", s(&ws), "--annotator", "tester", s(&file)];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("added 25 labels from the data");
    tui.settle(); // the first frame can come before the keyboard is read
    tui.send("\r");
    tui.wait_for("╭ Articles");
    tui.send("t");
    tui.wait_for("Label (25 of 25)");
    tui.send("percent");
    tui.wait_for("› percent▏");
    tui.wait_for("▸  PERCENTAGE PERC");
    tui.send("\r");
    tui.wait_for("[Сөйлем]PERC ");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let text = std::fs::read_to_string(ws.join("annotations/tester/IOB2_test.ron")).unwrap();
    assert!(
        text.contains("label: \"PERCENTAGE\", text: \"Сөйлем\""),
        "{text}"
    );
    let settings = tanba::store::read_settings(&ws.join("tanba.ron")).unwrap();
    let position = settings.labels.position("PERCENTAGE").unwrap();
    assert!(position >= 9, "PERCENTAGE is label {}", position + 1);
}

#[test]
fn a_label_key_the_text_mode_uses_stops_the_start_naming_file_line_and_column() {
    let home = Home::new();
    let (file, ws) = dataset(&home);
    std::fs::create_dir_all(&ws).unwrap();
    let settings = "(\n    name: \"x\",\n    labels: [\n        (name: \"PERSON\"),\n        \
                    (name: \"PERCENTAGE\", key: 'x'),\n    ],\n)\n";
    std::fs::write(ws.join("tanba.ron"), settings).unwrap();
    let args = ["--workspace", s(&ws), "--annotator", "tester", s(&file)];
    let mut tui = Tui::spawn(&home, &args);
    let screen = tui.wait_for("delete_span");
    assert!(!tui.wait_exit().success());
    assert!(
        screen.contains("tanba.ron:5:30: key 'x' of PERCENTAGE is `delete_span`"),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("tanba.ron")).unwrap(),
        settings
    );
}
