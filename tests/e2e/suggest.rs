//! The real binary in a pseudo-terminal, counting keystrokes: with the cursor on the seed
//! article's first «Атырау», all six are tagged LOCATION in at most 7 keys (the tag, `n`
//! to the first suggestion, then `a` once for each of the five).

use crate::common::{Home, Tui, ron_files};
use tanba::annotation::SpanState;
use tanba::store::parse_doc;

/// Sends keys one string at a time, counting each character as one keystroke.
struct Counted<'a> {
    tui: &'a mut Tui,
    keys: usize,
}

impl Counted<'_> {
    fn press(&mut self, keys: &str) {
        self.keys += keys.chars().count();
        self.tui.send(keys);
    }
}

#[test]
fn the_seeds_six_atyrau_are_tagged_in_at_most_seven_keys() {
    let home = Home::new();
    let mut tui = Tui::spawn(&home, &["sample-data", "--annotator", "tester"]);
    // get the cursor onto the first «Атырау» (not counted: the issue counts from there)
    tui.wait_for("Articles");
    tui.send("/Досмұхамбетовтің төрағалығымен");
    tui.wait_for("1 match");
    tui.send("\rg");
    tui.settle();
    let mut keys = Counted {
        tui: &mut tui,
        keys: 0,
    };
    keys.press("4");
    keys.tui.wait_for("5 more suggested");
    keys.press("n");
    keys.press("aaaaa");
    let screen = keys.tui.wait_until("no pending suggestions left", |s| {
        !s.contains("pending") && s.contains("accepted")
    });
    assert!(keys.keys <= 7, "{} keys", keys.keys);
    assert!(screen.contains("[Атырау]LOC"), "{screen}");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let doc = ron_files(&home.data().join("tanba/workspaces"))
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "tester"))
        .map(|p| parse_doc(&p, &std::fs::read_to_string(&p).unwrap()).unwrap())
        .find(|d| d.article.starts_with("atyrau-anticorruption-commission"))
        .expect("the seed's document");
    let atyrau: Vec<_> = doc.spans.iter().filter(|s| s.text == "Атырау").collect();
    assert_eq!(atyrau.len(), 6, "{:?}", doc.spans);
    assert!(
        atyrau
            .iter()
            .all(|s| s.label == "LOCATION" && s.state == SpanState::Accepted)
    );
}
