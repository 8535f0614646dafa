use super::*;
use crate::annotation::{Origin, SpanState};

fn m(start: usize, end: usize, label: &str) -> Mark {
    Mark::new(start, end, label)
}

const TEXT: &str = "Akim Dosmukhambetov in Atyrau on 5 May";

fn names() -> Vec<String> {
    ["aigerim", "dana", "erlan"].map(String::from).to_vec()
}

/// PERSON: all three; LOCATION: aigerim and erlan; DATE: dana; STATISTIC: erlan.
fn article(erlan: bool) -> SheetArticle<'static> {
    let erlan = erlan.then(|| {
        vec![
            m(5, 19, "PERSON"),
            m(23, 29, "LOCATION"),
            m(33, 34, "STATISTIC"),
        ]
    });
    SheetArticle {
        id: "atyrau".into(),
        text: TEXT,
        files: vec![
            Some(vec![m(5, 19, "PERSON"), m(23, 29, "LOCATION")]),
            Some(vec![m(5, 19, "PERSON"), m(33, 38, "DATE")]),
            erlan,
        ],
    }
}

fn states(doc: &DocAnnotations) -> Vec<(&str, SpanState, &str)> {
    doc.spans
        .iter()
        .map(|s| (s.label.as_str(), s.state, s.note.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn three_annotators_with_min_agree_two() {
    let doc = merge_doc(&article(true), &names(), "curator", MinAgree::AtLeast(2));
    use SpanState::*;
    assert_eq!(
        states(&doc),
        [
            ("PERSON", Accepted, "3 of 3: aigerim, dana, erlan"),
            ("LOCATION", Accepted, "2 of 3: aigerim, erlan"),
            ("STATISTIC", Pending, "1 of 3: erlan"),
            ("DATE", Pending, "1 of 3: dana"),
        ]
    );
    assert!(doc.spans.iter().all(|s| s.origin == Origin::Merged));
    assert_eq!(doc.spans[0].text, "Dosmukhambetov");
    assert_eq!(doc.annotator, "curator");
    assert!(doc.is_sorted());
    assert_eq!(doc.log.len(), 1);
    assert_eq!(
        doc.log[0].what,
        "merged from aigerim (2 spans), dana (2 spans), erlan (3 spans): \
         2 accepted (had by at least 2), 2 pending"
    );
}

#[test]
fn by_default_only_what_everyone_with_a_file_has_is_accepted() {
    let all = merge_doc(&article(true), &names(), "curator", MinAgree::Everyone);
    let accepted: Vec<&str> = all
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(accepted, ["PERSON"]);
    // erlan has no file: both others suffice, and the log says erlan had none
    let two = merge_doc(&article(false), &names(), "curator", MinAgree::Everyone);
    assert_eq!(two.spans[0].state, SpanState::Accepted);
    assert_eq!(two.spans[0].note.as_deref(), Some("2 of 2: aigerim, dana"));
    assert!(two.log[0].what.contains("erlan (no file)"));
}

#[test]
fn a_lone_file_gives_only_pending_spans_unless_one_is_enough() {
    let lone = SheetArticle {
        id: "x".into(),
        text: TEXT,
        files: vec![Some(vec![m(0, 4, "PERSON")]), None, None],
    };
    let doc = merge_doc(&lone, &names(), "curator", MinAgree::Everyone);
    assert_eq!(doc.spans[0].state, SpanState::Pending);
    let doc = merge_doc(&lone, &names(), "curator", MinAgree::AtLeast(1));
    assert_eq!(doc.spans[0].state, SpanState::Accepted);
}

#[test]
fn tally_lists_each_distinct_span_once_with_who_has_it() {
    let tallied = tally(&article(true));
    let person = tallied.iter().find(|t| t.mark.label == "PERSON").unwrap();
    assert_eq!(person.by, [0, 1, 2]);
    assert_eq!(tallied.len(), 4);
}
