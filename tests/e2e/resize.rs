//! The resize keys in the real binary: `}` `{` `(` `)` are shifted characters, so this
//! checks the terminal's keys reach them: a STATISTIC tagged on `9` grows over `000
//! респондентпен`, shrinks back, takes in the word before and lets it go; the saved file
//! holds the last range and its log names each range.

use crate::common::{Home, Tui, corpus, ron_files, s};
use tanba::store::parse_doc;

const TEXT: &str = "Сарапшылар 9 000 респондентпен сауалнама жүргізді.\n";

#[test]
fn the_edges_of_a_span_move_a_word_at_a_time_with_keys_only() {
    let home = Home::new();
    let (dir, ws) = corpus(&home, &[("kk.txt", TEXT)]);
    let args = [s(&dir), "--workspace", s(&ws), "--annotator", "tester"];
    let mut tui = Tui::spawn(&home, &args);
    tui.wait_for("Articles");
    tui.send("\r");
    tui.send("wv3");
    tui.wait_for("[9]STA");
    tui.send("}}");
    tui.wait_for("«9 000 респондентпен» (+1 word)");
    tui.send("{");
    tui.wait_for("«9 000» (-1 word)");
    tui.send("(");
    tui.wait_for("[Сарапшылар 9 000]STA");
    tui.send(")");
    tui.wait_for("«9 000» (-1 word)");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let files = ron_files(&ws.join("annotations/tester"));
    assert_eq!(files.len(), 1, "{files:?}");
    let doc = parse_doc(&files[0], &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(doc.spans.len(), 1);
    assert_eq!((doc.spans[0].start, doc.spans[0].end), (11, 16));
    assert_eq!(doc.spans[0].text, "9 000");
    let ranges = doc
        .log
        .iter()
        .filter(|e| e.what.contains(" range "))
        .count();
    assert_eq!(ranges, 5, "{:#?}", doc.log);
}
