use proptest::prelude::*;

use super::*;
use crate::annotation::{Change, History, Origin, now};

const TEXT: &str = "Атырау облысы бойынша Еуразия банкі 2020 жылы";

fn span(start: usize, end: usize, label: &str, state: SpanState, origin: Origin) -> Span {
    let mut s = Span::cut(TEXT, start, end, label, origin, "bota").expect("a span in TEXT");
    s.state = state;
    s
}

fn doc_of(spans: Vec<Span>) -> DocAnnotations {
    let mut doc = DocAnnotations::new("a", "bota", TEXT);
    doc.spans = spans;
    doc.normalize();
    doc
}

fn apply(doc: &mut DocAnnotations, ops: &[Op]) {
    for op in ops {
        assert!(doc.apply(op, "bota"), "{op:?} did not fit");
    }
}

fn states(doc: &DocAnnotations) -> Vec<(usize, usize, &str, SpanState)> {
    doc.spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str(), s.state))
        .collect()
}

use SpanState::{Accepted, Pending, Rejected};

#[test]
fn accepting_a_candidate_rejects_its_rival_over_the_same_range_in_any_scheme() {
    for scheme in [SpanScheme::Nested, SpanScheme::Flat] {
        let location = span(22, 29, "LOCATION", Pending, Origin::Merged);
        let time = span(22, 29, "TIME", Pending, Origin::Merged);
        let mut doc = doc_of(vec![location.clone(), time]);
        let (ops, effects) = accept(&doc, &location, scheme, "curator", now());
        apply(&mut doc, &ops);
        assert_eq!(
            states(&doc),
            [(22, 29, "LOCATION", Accepted), (22, 29, "TIME", Rejected)]
        );
        assert_eq!(effects.rivals_rejected, 1);
        assert_eq!(effects.describe(), "; rejected 1 rival");
    }
}

#[test]
fn a_flat_project_rejects_overlapping_candidates_and_replaces_overlapping_spans() {
    let region = span(0, 13, "LOCATION", Accepted, Origin::Manual);
    let city = span(0, 6, "LOCATION", Pending, Origin::Suggested);
    let crossing = span(7, 21, "DATE", Pending, Origin::Imported);
    let agency = span(0, 35, "AGENCY", Pending, Origin::Imported);
    let doc = doc_of(vec![region, city, crossing, agency.clone()]);
    let (ops, effects) = accept(&doc, &agency, SpanScheme::Flat, "bota", now());
    let mut flat = doc.clone();
    apply(&mut flat, &ops);
    assert_eq!(
        states(&flat),
        [
            (0, 6, "LOCATION", Rejected),
            (0, 35, "AGENCY", Accepted),
            (7, 21, "DATE", Rejected)
        ]
    );
    assert_eq!((effects.rivals_rejected, effects.replaced), (2, 1));
    // nested: the others stay as they were
    let (ops, effects) = accept(&doc, &agency, SpanScheme::Nested, "bota", now());
    assert_eq!(ops.len(), 1);
    assert_eq!(effects, Effects::default());
}

#[test]
fn accept_all_in_a_flat_project_leaves_what_overlaps_accepted_work() {
    let date = span(36, 45, "DATE", Accepted, Origin::Manual);
    let cardinal = span(36, 40, "CARDINAL", Pending, Origin::Suggested);
    let bank = span(22, 35, "AGENCY", Pending, Origin::Imported);
    let bank_model = span(22, 29, "LOCATION", Pending, Origin::Model("m".into()));
    let city = span(0, 6, "LOCATION", Pending, Origin::Suggested);
    let doc = doc_of(vec![date, cardinal, bank, bank_model, city]);
    let (ops, left) = accept_all(&doc, SpanScheme::Flat, "bota", now());
    let mut flat = doc.clone();
    apply(&mut flat, &ops);
    assert_eq!(
        left, 2,
        "the CARDINAL inside the DATE and the model's rival"
    );
    assert_eq!(
        states(&flat),
        [
            (0, 6, "LOCATION", Accepted),
            (22, 29, "LOCATION", Pending),
            (22, 35, "AGENCY", Accepted),
            (36, 40, "CARDINAL", Pending),
            (36, 45, "DATE", Accepted)
        ]
    );
    // nested: everything but same-place rivals is accepted
    let (ops, left) = accept_all(&doc, SpanScheme::Nested, "bota", now());
    assert_eq!((ops.len(), left), (4, 0));
}

#[test]
fn same_range_rivals_are_never_both_accepted_by_accept_all() {
    let location = span(22, 29, "LOCATION", Pending, Origin::Merged);
    let time = span(22, 29, "TIME", Pending, Origin::Merged);
    let doc = doc_of(vec![location, time]);
    let (ops, left) = accept_all(&doc, SpanScheme::Nested, "curator", now());
    assert_eq!((ops.len(), left), (1, 1));
}

#[test]
fn overlaps_are_listed_pairwise_in_order() {
    let doc = doc_of(vec![
        span(0, 13, "LOCATION", Accepted, Origin::Manual),
        span(0, 6, "LOCATION", Accepted, Origin::Manual),
        span(7, 21, "DATE", Accepted, Origin::Manual),
        span(22, 29, "LOCATION", Pending, Origin::Manual),
        span(22, 35, "AGENCY", Accepted, Origin::Manual),
    ]);
    let pairs: Vec<_> = overlapping_accepted(&doc)
        .into_iter()
        .map(|(a, b)| ((a.start, a.end), (b.start, b.end)))
        .collect();
    assert_eq!(pairs, [((0, 6), (0, 13)), ((0, 13), (7, 21))]);
}

#[test]
fn admits_only_what_fits_beside_in_a_flat_project() {
    let live = [(0, 6), (22, 35)];
    assert!(admits(live, 7, 13, SpanScheme::Flat));
    assert!(!admits(live, 5, 13, SpanScheme::Flat));
    assert!(!admits(live, 23, 24, SpanScheme::Flat));
    assert!(admits(live, 23, 24, SpanScheme::Nested));
}

/// One step of an editing session on TEXT.
#[derive(Debug, Clone)]
enum Step {
    Tag(usize, usize, u8),
    Accept(usize),
    AcceptAll,
    Suggest(usize, usize, u8),
    Undo,
}

fn steps() -> impl Strategy<Value = Step> {
    let len = TEXT.chars().count();
    let range = (0..len, 1usize..12).prop_map(move |(s, l)| (s, (s + l).min(len)));
    prop_oneof![
        (range.clone(), 0u8..3).prop_map(|((s, e), l)| Step::Tag(s, e, l)),
        (0usize..16).prop_map(Step::Accept),
        Just(Step::AcceptAll),
        (range, 0u8..3).prop_map(|((s, e), l)| Step::Suggest(s, e, l)),
        Just(Step::Undo),
    ]
}

const LABELS: [&str; 3] = ["LOCATION", "DATE", "AGENCY"];

/// The plan of one step, as the desk and the suggesters make it.
fn plan(doc: &DocAnnotations, step: &Step) -> Vec<Op> {
    let when = now();
    match *step {
        Step::Tag(s, e, l) => {
            let new = span(s, e, LABELS[l as usize], Accepted, Origin::Manual);
            if doc.spans.iter().any(|o| o.key() == new.key()) {
                return Vec::new();
            }
            let (mut ops, _) = make_room(doc, &new, SpanScheme::Flat, "bota", when);
            ops.push(Op::Add(new));
            ops
        }
        Step::Accept(i) => match doc.pending().nth(i) {
            Some(p) => accept(doc, p, SpanScheme::Flat, "bota", when).0,
            None => Vec::new(),
        },
        Step::AcceptAll => accept_all(doc, SpanScheme::Flat, "bota", when).0,
        Step::Suggest(s, e, l) => {
            let live = doc.live_spans().map(|o| (o.start, o.end));
            let new = span(s, e, LABELS[l as usize], Pending, Origin::Suggested);
            let fits = admits(live, s, e, SpanScheme::Flat)
                && !doc.spans.iter().any(|o| o.key() == new.key());
            if fits { vec![Op::Add(new)] } else { Vec::new() }
        }
        Step::Undo => Vec::new(),
    }
}

proptest! {
    #[test]
    fn a_flat_project_never_holds_two_overlapping_accepted_spans(
        script in proptest::collection::vec(steps(), 1..40)
    ) {
        let mut doc = doc_of(Vec::new());
        let mut history = History::default();
        for step in &script {
            if let Step::Undo = step {
                if let Some(change) = history.undo() {
                    for op in &change.ops {
                        prop_assert!(doc.apply(op, "bota"), "undo of {:?} did not fit", op);
                    }
                }
            } else {
                let ops = plan(&doc, step);
                if !ops.is_empty() {
                    for op in &ops {
                        prop_assert!(doc.apply(op, "bota"), "{:?} in {:?} did not fit", op, step);
                    }
                    history.record(Change { article: "a".into(), ops });
                }
            }
            prop_assert!(overlapping_accepted(&doc).is_empty(), "after {:?}: {:?}", step, states(&doc));
        }
    }
}
