//! Resizing spans on the desk alone: by words, never empty, one undo step, a pending span
//! accepted by the person with its origin kept, relations, notes and the scheme's rule.

use proptest::prelude::*;

use super::super::tests::{article, desk_of, said, spans};
use super::*;
use crate::annotation::{Origin, RelationLabel, RelationSet, SpanScheme};
use crate::text::CharIndex;

const TEXT: &str = "Сауалнамаға 9 000 респондентпен ҚР Ақпарат министрлігі қатысты.";

/// A desk over `TEXT` with a pending span of the model over `[a, b)`.
fn with_model_span(a: usize, b: usize, label: &str) -> Desk {
    let mut desk = desk_of(vec![article("a", TEXT)]).0;
    let span = Span::cut(TEXT, a, b, label, Origin::Model("tanba".into()), "tanba").unwrap();
    assert!(desk.commit(0, vec![Op::Add(span)], "suggested").done);
    desk
}

fn only(desk: &Desk) -> Span {
    desk.slot(0).unwrap().doc.spans[0].clone()
}

#[test]
fn a_pending_model_span_resized_is_accepted_by_the_person_its_origin_kept() {
    let mut desk = with_model_span(12, 17, "STATISTIC");
    let outcome = desk.resize(0, 12, Resize::EndLater);
    assert!(outcome.done, "{outcome:?}");
    assert_eq!(
        said(&outcome),
        "accepted STATISTIC «9 000 респондентпен» (+1 word)"
    );
    assert_eq!(outcome.cursor, None, "the cursor is still on the span");
    let span = only(&desk);
    assert_eq!((span.start, span.end), (12, 31));
    assert_eq!(span.text, "9 000 респондентпен");
    assert_eq!(span.state, SpanState::Accepted);
    assert_eq!(span.origin, Origin::Model("tanba".into()));
    assert_eq!(span.who, "tester");
    let log = &desk.slot(0).unwrap().doc.log;
    assert_eq!(
        log[0].who, "model:tanba",
        "the model's span came as the model's"
    );
    let last = log
        .iter()
        .rev()
        .find(|e| e.what.starts_with("change"))
        .unwrap();
    assert_eq!(last.who, "tester");
    assert_eq!(
        last.what,
        "change STATISTIC 12..17 \"9 000\" range 12..31 \"9 000 респондентпен\" state accepted"
    );
}

#[test]
fn each_edge_moves_one_word_either_way_and_undo_restores_exactly() {
    let mut desk = with_model_span(35, 54, "AGENCY");
    let before = desk.slot(0).unwrap().doc.spans.clone();
    let steps = [
        (Resize::StartEarlier, (32, 54), "(+1 word)"),
        (Resize::StartLater, (35, 54), "(-1 word)"),
        (Resize::EndEarlier, (35, 42), "(-1 word)"),
        (Resize::EndLater, (35, 54), "(+1 word)"),
    ];
    for (how, range, sign) in steps {
        let outcome = desk.resize(0, 36, how);
        assert!(said(&outcome).ends_with(sign), "{how:?}: {outcome:?}");
        let span = only(&desk);
        assert_eq!((span.start, span.end), range, "{how:?}");
    }
    for _ in steps {
        desk.undo(Some(0));
    }
    assert_eq!(desk.slot(0).unwrap().doc.spans, before);
    assert_eq!(spans(&desk, 0), [(35, 54, "AGENCY".into(), true)]);
}

#[test]
fn a_span_never_shrinks_to_nothing_nor_grows_past_the_text() {
    let mut desk = with_model_span(0, 11, "LOCATION");
    for how in [Resize::EndEarlier, Resize::StartLater] {
        let outcome = desk.resize(0, 3, how);
        assert!(!outcome.done);
        assert_eq!(
            said(&outcome),
            "the span is one word: it cannot shrink (x deletes it)"
        );
    }
    let outcome = desk.resize(0, 3, Resize::StartEarlier);
    assert_eq!(said(&outcome), "no word before the span on its line");
    assert_eq!(
        said(&desk.resize(0, 11, Resize::EndLater)),
        "no span under the cursor"
    );
    assert_eq!(spans(&desk, 0), [(0, 11, "LOCATION".into(), true)]);
}

#[test]
fn the_cursor_follows_an_edge_that_leaves_it_behind() {
    let mut desk = with_model_span(32, 54, "AGENCY");
    let outcome = desk.resize(0, 33, Resize::StartLater);
    assert_eq!(outcome.cursor, Some(35));
    let outcome = desk.resize(0, 50, Resize::EndEarlier);
    assert_eq!(outcome.cursor, Some(41));
}

#[test]
fn notes_links_and_relations_go_with_the_resized_span() {
    let mut desk = desk_of(vec![article("a", TEXT)]).0;
    desk.relation_labels = RelationSet {
        labels: vec![RelationLabel {
            directed: false,
            ..RelationLabel::named("SAME")
        }],
    };
    desk.label(0, 12..17, "STATISTIC");
    desk.label(0, 35..54, "AGENCY");
    desk.note(0, 12..17, "STATISTIC", "asked in May");
    let (a, b) = (only(&desk), desk.slot(0).unwrap().doc.spans[1].clone());
    assert!(desk.relate(0, &a, &b, "SAME").done);
    let a = only(&desk);
    assert!(desk.link(0, &a, "Q1").done);
    assert!(desk.resize(0, 12, Resize::EndLater).done);
    let doc = &desk.slot(0).unwrap().doc;
    let span = &doc.spans[0];
    assert_eq!((span.end, span.note.as_deref()), (31, Some("asked in May")));
    assert_eq!(span.kb.as_deref(), Some("Q1"));
    assert_eq!(
        (doc.relations[0].from.end, doc.relations[0].to.start),
        (31, 35)
    );
}

#[test]
fn in_a_flat_project_a_span_grown_over_another_follows_the_one_rule() {
    let mut desk = with_model_span(35, 54, "AGENCY");
    desk.scheme = SpanScheme::Flat;
    let rival = Span::cut(
        TEXT,
        32,
        34,
        "LOCATION",
        Origin::Model("tanba".into()),
        "tanba",
    );
    assert!(
        desk.commit(0, vec![Op::Add(rival.unwrap())], "suggested")
            .done
    );
    let outcome = desk.resize(0, 40, Resize::StartEarlier);
    assert_eq!(
        said(&outcome),
        "accepted AGENCY «ҚР Ақпарат министрлігі» (+1 word); rejected 1 rival"
    );
    assert_eq!(spans(&desk, 0), [(32, 54, "AGENCY".into(), false)]);
    desk.label(0, 55..62, "DATE");
    let outcome = desk.resize(0, 40, Resize::EndLater);
    assert!(
        said(&outcome).ends_with("; replaced 1 span under it"),
        "{outcome:?}"
    );
    desk.undo(Some(0));
    assert_eq!(spans(&desk, 0).len(), 2);
}

#[test]
fn a_live_span_of_the_same_label_on_the_new_range_is_not_swallowed() {
    let mut desk = with_model_span(12, 17, "STATISTIC");
    desk.label(0, 12..31, "STATISTIC");
    let outcome = desk.resize(0, 14, Resize::EndLater);
    // the innermost span under the cursor is the short one
    assert!(!outcome.done);
    assert_eq!(
        said(&outcome),
        "a STATISTIC span over «9 000 респондентпен» is there already"
    );
}

fn texts() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "ҚР",
        "Ақпарат",
        "9",
        "000",
        "2,1",
        "%",
        "-",
        "«",
        "»",
        "(",
        ")",
        ",",
        ".",
        " ",
        " ",
        "\n",
        "e\u{301}",
        "👨\u{200d}👩",
    ]);
    prop::collection::vec(piece, 1..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn resizing_keeps_spans_whole_words_inside_the_text(
        text in texts(),
        at in 0usize..40,
        moves in prop::collection::vec(0usize..4, 1..8),
    ) {
        let (mut desk, _) = desk_of(vec![article("a", &text)]);
        let text = desk.article(0).text.clone();
        let index = CharIndex::new(&text);
        let nav = Nav::new(&text, &index);
        let Some((a, b)) = nav.word_at(nav.snap(at.min(nav.len()))) else {
            return Ok(());
        };
        prop_assume!(desk.label(0, a..b, "PERSON").done);
        let before = desk.slot(0).unwrap().doc.clone();
        let mut done = 0;
        for m in moves {
            let how = Resize::ALL[m];
            let old = only(&desk);
            let outcome = desk.resize(0, old.start, how);
            let span = only(&desk);
            prop_assert!(span.start < span.end && span.end <= nav.len());
            prop_assert_eq!(Some(span.text.as_str()), index.slice(&text, span.start, span.end));
            if !outcome.done {
                prop_assert_eq!(&span, &old);
                continue;
            }
            done += 1;
            if span.start != old.start {
                prop_assert!(nav.is_span_start(span.start), "{:?} splits a word", span);
            }
            if span.end != old.end {
                prop_assert!(nav.is_span_end(span.end), "{:?} splits a word", span);
            }
        }
        for _ in 0..done {
            desk.undo(Some(0));
        }
        prop_assert_eq!(&desk.slot(0).unwrap().doc.spans, &before.spans);
    }
}
