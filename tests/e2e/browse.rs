//! Browsing and reading write nothing, in the real binary: with a `gazetteer.tsv` whose
//! names occur all over sample-data, opening an article (its suggestions shown), moving
//! down the whole list and back and quitting leave every annotation file as it was and
//! create none; the article's first accept writes it.

use crate::common::{Home, Tui, ron_files, s};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const GAZETTEER: &str = "Атырау\tLOCATION\nАқтөбе\tLOCATION\nАлматы\tLOCATION\nАстана\tLOCATION\n\
                         Павлодар\tLOCATION\nҚарағанды\tLOCATION\nҚазақстан\tLOCATION\n";

fn ron_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    ron_files(dir)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn opening_and_browsing_sample_data_with_a_gazetteer_writes_nothing_until_an_accept() {
    let home = Home::new();
    let ws = home.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(ws.join("gazetteer.tsv"), GAZETTEER).unwrap();
    let args = [
        "sample-data",
        "--workspace",
        s(&ws),
        "--annotator",
        "tester",
    ];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    let before = ron_bytes(&ws.join("annotations"));
    // the first article opened: the gazetteer is read by now, its names suggested
    tui.send("\r");
    tui.wait_for("from the gazetteer");
    tui.send("\t");
    tui.send(&"j".repeat(40));
    tui.send(&"k".repeat(40));
    tui.send("G");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(ron_bytes(&ws.join("annotations")), before);

    // the next session opens the same article again (resumed in the list): its
    // suggestions are made again, and the first accept writes its file
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("g\r");
    tui.wait_for("from the gazetteer");
    tui.send("n");
    tui.send("a");
    tui.wait_for("accept");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let after = ron_bytes(&ws.join("annotations"));
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed.len(), 1, "only the article edited: {changed:?}");
    assert!(before.keys().all(|p| after.contains_key(p)));
    let mine = ron_files(&ws.join("annotations/tester"));
    assert_eq!(mine.len(), 1, "{mine:?}");
}
