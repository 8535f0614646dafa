//! The project's scheme on the desk: a flat project's tag replaces what it overlaps, an
//! accept rejects its rivals, `A` leaves what competes, suggestions never overlap; each
//! in one undo step and said in the message.

use proptest::prelude::*;

use super::tests::{article, desk_of, said, spans};
use super::*;
use crate::annotation::scheme::overlapping_accepted;
use crate::store::testing::with_imported;

fn flat(desk: (Desk, MemoryStore)) -> Desk {
    let mut desk = desk.0;
    desk.scheme = SpanScheme::Flat;
    desk
}

/// The states of article 0's spans, rejected included, as `(start, end, label, state)`.
fn all(desk: &Desk) -> Vec<(usize, usize, String, SpanState)> {
    let doc = &desk.slot(0).unwrap().doc;
    doc.spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone(), s.state))
        .collect()
}

#[test]
fn in_a_flat_project_a_tag_over_a_span_replaces_it_in_one_undo_step() {
    let mut desk = flat(desk_of(vec![article("a", "Астана қаласы әкімі")]));
    desk.label(0, 0..13, "LOCATION");
    let outcome = desk.label(0, 0..6, "PERSON");
    assert_eq!(said(&outcome), "PERSON «Астана»; replaced 1 span under it");
    assert_eq!(spans(&desk, 0), [(0, 6, "PERSON".into(), false)]);
    desk.undo(Some(0));
    assert_eq!(spans(&desk, 0), [(0, 13, "LOCATION".into(), false)]);
}

#[test]
fn in_a_nested_project_a_tag_inside_a_span_keeps_both() {
    let mut desk = desk_of(vec![article("a", "Астана қаласы әкімі")]).0;
    desk.label(0, 0..13, "LOCATION");
    assert_eq!(said(&desk.label(0, 0..6, "PERSON")), "PERSON «Астана»");
    assert_eq!(
        spans(&desk, 0),
        [
            (0, 6, "PERSON".into(), false),
            (0, 13, "LOCATION".into(), false)
        ]
    );
}

#[test]
fn accepting_a_candidate_rejects_its_rival_and_undo_brings_both_back() {
    let rivals = with_imported(
        article("a", "Еуразия банкі"),
        &[(0, 7, "LOCATION"), (0, 7, "TIME")],
    );
    let mut desk = desk_of(vec![rivals]).0;
    let outcome = desk.accept(0, 3);
    assert_eq!(said(&outcome), "accepted LOCATION; rejected 1 rival");
    use SpanState::{Accepted, Pending, Rejected};
    assert_eq!(
        all(&desk),
        [
            (0, 7, "LOCATION".into(), Accepted),
            (0, 7, "TIME".into(), Rejected)
        ]
    );
    desk.undo(Some(0));
    assert_eq!(
        all(&desk),
        [
            (0, 7, "LOCATION".into(), Pending),
            (0, 7, "TIME".into(), Pending)
        ]
    );
}

#[test]
fn a_label_key_on_a_candidate_settles_its_place_too() {
    let rivals = with_imported(
        article("a", "Еуразия банкі"),
        &[(0, 7, "LOCATION"), (0, 7, "TIME")],
    );
    let mut desk = desk_of(vec![rivals]).0;
    let outcome = desk.label(0, 0..7, "TIME");
    assert_eq!(said(&outcome), "TIME «Еуразия»; rejected 1 rival");
    assert_eq!(spans(&desk, 0), [(0, 7, "TIME".into(), false)]);
}

#[test]
fn relabelling_a_candidate_as_its_rival_chooses_the_rival() {
    let rivals = with_imported(
        article("a", "9 000 адам"),
        &[(0, 5, "DATE"), (0, 5, "STATISTIC")],
    );
    let mut desk = desk_of(vec![rivals]).0;
    let date = desk.spans_at(0, 0)[0].clone();
    assert_eq!(date.label, "DATE");
    let outcome = desk.relabel(0, &date, "STATISTIC");
    assert_eq!(said(&outcome), "STATISTIC «9 000»; rejected 1 rival");
    use SpanState::{Accepted, Rejected};
    assert_eq!(
        all(&desk),
        [
            (0, 5, "DATE".into(), Rejected),
            (0, 5, "STATISTIC".into(), Accepted)
        ]
    );
}

#[test]
fn in_a_flat_project_accepting_rejects_the_pending_spans_it_overlaps() {
    let nested = with_imported(
        article("a", "Астана қаласы әкімі"),
        &[(0, 6, "PERSON"), (0, 13, "LOCATION")],
    );
    let mut desk = flat(desk_of(vec![nested]));
    assert_eq!(
        said(&desk.accept(0, 8)),
        "accepted LOCATION; rejected 1 rival"
    );
    assert_eq!(spans(&desk, 0), [(0, 13, "LOCATION".into(), false)]);
}

#[test]
fn accept_all_leaves_what_competes_and_says_how_many() {
    let nested = with_imported(
        article("a", "Астана қаласы әкімі Дана"),
        &[(0, 6, "PERSON"), (0, 13, "LOCATION"), (20, 24, "PERSON")],
    );
    let mut desk = flat(desk_of(vec![nested]));
    let outcome = desk.accept_all(0);
    assert_eq!(
        said(&outcome),
        "accepted 2 pending spans; left 1 pending span that competes with an accepted one (a or r)"
    );
    assert_eq!(
        spans(&desk, 0),
        [
            (0, 6, "PERSON".into(), false),
            (0, 13, "LOCATION".into(), true),
            (20, 24, "PERSON".into(), false)
        ]
    );
}

#[test]
fn accept_all_says_whose_spans_it_accepted() {
    let imported = with_imported(
        article("a", "Дана келді. Дана кетті."),
        &[(0, 4, "PERSON"), (5, 10, "EVENT")],
    );
    let mut desk = desk_of(vec![imported]).0;
    desk.set_suggestions(true);
    // accepting the imported PERSON suggests the other «Дана»
    assert_eq!(desk.accept(0, 1).suggested, 1);
    let outcome = desk.accept_all(0);
    assert_eq!(
        said(&outcome),
        "accepted 2 pending spans (1 imported, 1 suggested)"
    );
}

#[test]
fn in_a_flat_project_no_suggestion_overlaps_an_accepted_span() {
    let text = "Дана келді. Дана Ахмет келді.";
    for (scheme, suggested) in [(SpanScheme::Nested, 1), (SpanScheme::Flat, 0)] {
        let mut desk = desk_of(vec![article("a", text)]).0;
        desk.scheme = scheme;
        desk.label(0, 12..22, "LOCATION");
        desk.set_suggestions(true);
        let outcome = desk.label(0, 0..4, "PERSON");
        assert_eq!(outcome.suggested, suggested, "{scheme:?}");
    }
}

/// One step of an annotator's session in the property test.
#[derive(Debug, Clone)]
enum Step {
    Tag(usize, usize, usize),
    Accept(usize),
    AcceptAll,
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..6usize, 1..3usize, 0..3usize).prop_map(|(w, n, l)| Step::Tag(w, n, l)),
        (0..40usize).prop_map(Step::Accept),
        Just(Step::AcceptAll),
        Just(Step::Undo),
        Just(Step::Redo),
    ]
}

/// Word boundaries of `TEXT` (code points), so tags fall on words as a person's do.
const TEXT: &str = "Дана Астана қаласы Дана Ахмет Дана";
const WORDS: [(usize, usize); 6] = [(0, 4), (5, 11), (12, 18), (19, 23), (24, 29), (30, 34)];
const LABELS: [&str; 3] = ["PERSON", "LOCATION", "AGENCY"];

proptest! {
    #[test]
    fn a_flat_project_never_holds_two_overlapping_accepted_spans(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        let imported = with_imported(
            article("a", TEXT),
            &[(0, 4, "PERSON"), (0, 11, "LOCATION"), (5, 18, "LOCATION"), (24, 29, "PERSON")],
        );
        let mut desk = flat(desk_of(vec![imported]));
        desk.set_suggestions(true);
        for step in steps {
            match step {
                Step::Tag(w, n, l) => {
                    let (start, _) = WORDS[w];
                    let (_, end) = WORDS[(w + n - 1).min(WORDS.len() - 1)];
                    desk.label(0, start..end, LABELS[l]);
                }
                Step::Accept(at) => {
                    desk.accept(0, at);
                }
                Step::AcceptAll => {
                    desk.accept_all(0);
                }
                Step::Undo => {
                    desk.undo(Some(0));
                }
                Step::Redo => {
                    desk.redo(Some(0));
                }
            }
            let doc = &desk.slot(0).unwrap().doc;
            let clashes = overlapping_accepted(doc);
            prop_assert!(clashes.is_empty(), "{clashes:?}");
        }
    }
}
