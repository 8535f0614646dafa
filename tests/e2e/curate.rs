//! The real binary in a pseudo-terminal: two annotators disagree on the seed article,
//! `tanba curate` shows their candidates marked with whose they are, the curator settles
//! each with the review keys (accepting or labelling a candidate rejects its rival over
//! the same range, and the cursor goes on to the next disagreement), and `tanba export
//! --annotator curator` gives the gold set, one label per place.

use crate::common::{Home, Tui, s};
use std::path::Path;

use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::corpus;
use tanba::store::Workspace;

const SEED: &str = "atyrau-anticorruption-commission.kk";

/// Code point offsets of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .expect("the needle is in the seed article");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn save(ws: &Workspace, who: &str, text: &str, spans: &[((usize, usize), &str)]) {
    let mut doc = DocAnnotations::new(SEED, who, text);
    for &((start, end), label) in spans {
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc.status = DocStatus::Done;
    ws.save_doc(who, &doc).unwrap();
}

/// aigerim: Атырау LOCATION, the akim PERSON, 9 000 and 1 347 STATISTIC; dana: «Атырау
/// облысы» LOCATION, the same PERSON, 9 000 and 1 347 DATE.
fn two_annotators(ws_dir: &Path) -> String {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let corpus = corpus::load(std::slice::from_ref(&sample));
    let seed = corpus.get(SEED).expect("sample-data has the seed article");
    let text = seed.text.clone();
    let ws = Workspace::open_or_create(ws_dir, &[sample]).unwrap();
    let person = find(&text, "Махамбет Досмұхамбетовтің");
    let number = find(&text, "9 000");
    let requests = find(&text, "1 347");
    save(
        &ws,
        "aigerim",
        &text,
        &[
            (find(&text, "Атырау"), "LOCATION"),
            (person, "PERSON"),
            (number, "STATISTIC"),
            (requests, "STATISTIC"),
        ],
    );
    save(
        &ws,
        "dana",
        &text,
        &[
            (find(&text, "Атырау облысы"), "LOCATION"),
            (person, "PERSON"),
            (number, "DATE"),
            (requests, "DATE"),
        ],
    );
    text
}

#[test]
fn curate_shows_candidates_the_curator_settles_them_and_exports_the_gold_set() {
    let home = Home::new();
    let ws = home.path().join("ws");
    let text = two_annotators(&ws);
    let mut tui = Tui::spawn(
        &home,
        &[
            "curate",
            "sample-data",
            "--workspace",
            s(&ws),
            "--annotators",
            "aigerim,dana",
        ],
    );
    // the list holds the one article both have, with its 6 disputed spans (two LOCATIONs,
    // twice STATISTIC against DATE)
    let screen = tui.wait_for("Articles");
    assert!(screen.contains("≠6"), "{screen}");
    tui.send("\r");
    // candidates are pending and marked with whose they are; the footer names them
    // one whole frame: the marks in the text and the names in the footer
    let screen = tui.wait_until("the marks and their names", |s| {
        s.contains("LOC?¹") && s.contains("² dana")
    });
    assert!(screen.contains("LOC?²"), "{screen}");
    assert!(
        screen.contains("¹ aigerim") && screen.contains("² dana"),
        "{screen}"
    );
    // the view of one annotator's own spans, then back to the curator's
    tui.send("o");
    tui.wait_for("aigerim's spans");
    tui.send("o");
    tui.wait_for("dana's spans");
    tui.send("o");
    tui.wait_until("the curator's view", |s| s.contains("LOC?¹"));
    // Атырау: accept aigerim's (innermost first); the cursor stays for dana's wider one,
    // which overlaps it but is no rival in a nested project: r rejects it
    tui.send("na");
    tui.wait_until("Атырау accepted", |s| !s.contains("LOC?¹"));
    tui.send("r");
    tui.wait_until("the wider span rejected", |s| !s.contains("LOC?²"));
    // the cursor went on to 9 000: the digit of STATISTIC settles it, and its rival DATE
    // over the same range is rejected in the same step
    tui.send("3");
    tui.wait_until("STATISTIC chosen, DATE rejected", |s| {
        s.contains("]STA¹") && s.contains("rejected 1 rival")
    });
    // on to 1 347: `a` accepts the candidate under the cursor and rejects its rival
    tui.send("a");
    tui.wait_until("nothing pending", |s| {
        !s.contains("DAT?") && !s.contains("STA?")
    });
    tui.send("q");
    assert!(tui.wait_exit().success());

    let out = crate::common::run(
        home.path(),
        &[
            "export",
            "sample-data",
            "--workspace",
            s(&ws),
            "--annotator",
            "curator",
            "-f",
            "jsonl",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .find(|l: &serde_json::Value| l["id"] == SEED)
        .expect("the seed article is exported");
    let at = |(start, end): (usize, usize), label: &str| serde_json::json!([start, end, label]);
    let labels = line["label"].as_array().expect("a label list");
    assert_eq!(
        labels[..3],
        [
            at(find(&text, "Атырау"), "LOCATION"),
            at(find(&text, "Махамбет Досмұхамбетовтің"), "PERSON"),
            at(find(&text, "9 000"), "STATISTIC"),
        ]
    );
    // one label at 1 347, whichever `a` took
    let (start, end) = find(&text, "1 347");
    assert_eq!(labels.len(), 4, "{labels:?}");
    assert_eq!(
        (labels[3][0].as_u64(), labels[3][1].as_u64()),
        (Some(start as u64), Some(end as u64))
    );
    // the curation's index holds only the article it settles: kept in memory, never saved
    // where a words-only `tanba search` of the whole corpus would read it
    let index = ws.join("index");
    let saved = std::fs::read_dir(&index).map_or(0, |d| d.count());
    assert_eq!(saved, 0, "curate saved an index in {}", index.display());
    let search = ["search", "sample-data", "--workspace", s(&ws), "атырау"];
    let found = crate::common::ok(&crate::common::run(home.path(), &search));
    assert!(found.contains("ner-sample#1"), "{found}");
}
