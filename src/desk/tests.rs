//! The edit rules on the desk alone: no terminal, no App, no keys.

use std::sync::Arc;

use super::*;
use crate::annotation::{DocStatus, LabelSet, Origin, SpanState};
use crate::corpus::{Article, Corpus, SourceRef};
use crate::store::testing::with_imported;

pub(super) fn article(id: &str, text: &str) -> Article {
    Article::from_text(id, text, SourceRef::new(format!("{id}.txt"), 1))
}

pub(super) fn desk_of(articles: Vec<Article>) -> (Desk, MemoryStore) {
    let store = MemoryStore::new("tester");
    let corpus = Arc::new(Corpus {
        articles,
        problems: Vec::new(),
    });
    let mut desk = Desk::new(
        corpus,
        LabelSet::default(),
        "tester",
        Box::new(store.clone()),
    );
    desk.set_suggestions(false);
    for i in 0..desk.corpus.articles.len() {
        desk.load(i);
    }
    (desk, store)
}

fn desk(text: &str) -> Desk {
    desk_of(vec![article("a", text)]).0
}

/// The live spans of article `i` as `(start, end, label, pending)`.
pub(super) fn spans(desk: &Desk, i: usize) -> Vec<(usize, usize, String, bool)> {
    desk.slot(i)
        .unwrap()
        .doc
        .live_spans()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.clone(),
                s.state == SpanState::Pending,
            )
        })
        .collect()
}

pub(super) fn said(outcome: &Outcome) -> &str {
    outcome.message.as_ref().map_or("", |m| m.text.as_str())
}

#[test]
fn label_adds_a_manual_span_saves_it_and_marks_the_article_in_progress() {
    let (mut desk, store) = desk_of(vec![article("a", "Астана қаласы")]);
    let outcome = desk.label(0, 0..6, "LOCATION");
    assert!(outcome.done);
    assert_eq!(said(&outcome), "LOCATION «Астана»");
    assert_eq!(spans(&desk, 0), [(0, 6, "LOCATION".into(), false)]);
    let span = &desk.slot(0).unwrap().doc.spans[0];
    assert_eq!(
        (span.text.as_str(), &span.origin),
        ("Астана", &Origin::Manual)
    );
    assert_eq!(desk.status_of(0), Some(DocStatus::InProgress));
    assert_eq!(store.saves.borrow().len(), 1);
    assert_eq!(desk.take_changed(), [0]);
    assert_eq!(said(&desk.label(0, 0..6, "LOCATION")), "already LOCATION");
}

#[test]
fn label_over_another_span_relabels_it_and_outside_the_text_fails() {
    let mut desk = desk("Астана қаласы");
    desk.label(0, 0..6, "LOCATION");
    let outcome = desk.label(0, 0..6, "PERSON");
    assert_eq!(said(&outcome), "LOCATION -> PERSON");
    assert_eq!(spans(&desk, 0), [(0, 6, "PERSON".into(), false)]);
    let outside = desk.label(0, 10..40, "PERSON");
    assert_eq!(
        outside.message,
        Some(Message {
            text: "that range is outside the text".into(),
            error: true
        })
    );
    assert!(!outside.done);
}

#[test]
fn relabel_revives_a_rejected_twin_in_one_undoable_change() {
    let mut desk = desk_of(vec![with_imported(
        article("a", "Астана қаласы"),
        &[(0, 6, "PERSON")],
    )])
    .0;
    assert_eq!(said(&desk.reject(0, 2)), "rejected PERSON");
    desk.label(0, 0..6, "LOCATION");
    let location = desk.spans_at(0, 0)[0].clone();
    desk.relabel(0, &location, "PERSON");
    assert_eq!(spans(&desk, 0), [(0, 6, "PERSON".into(), false)]);
    desk.undo(Some(0));
    assert_eq!(spans(&desk, 0), [(0, 6, "LOCATION".into(), false)]);
}

#[test]
fn accept_reject_and_accept_all_review_pending_spans_only() {
    let mut desk = desk_of(vec![with_imported(
        article("a", "Дана Астанада"),
        &[(0, 4, "PERSON"), (5, 13, "LOCATION")],
    )])
    .0;
    assert_eq!(said(&desk.accept(0, 1)), "accepted PERSON");
    let again = desk.accept(0, 1);
    assert_eq!((said(&again), again.done), ("nothing pending here", false));
    assert_eq!(said(&desk.accept(0, 4)), "no span under the cursor");
    assert_eq!(said(&desk.accept_all(0)), "accepted 1 pending span");
    assert_eq!(said(&desk.accept_all(0)), "nothing pending in this article");
    assert!(spans(&desk, 0).iter().all(|s| !s.3));
}

#[test]
fn delete_removes_the_innermost_span_under_a_position() {
    let mut desk = desk("Астана қаласы әкімі");
    desk.label(0, 0..13, "LOCATION");
    desk.label(0, 0..6, "PERSON");
    assert_eq!(said(&desk.delete(0, 2)), "deleted PERSON «Астана»");
    assert_eq!(spans(&desk, 0), [(0, 13, "LOCATION".into(), false)]);
    assert_eq!(said(&desk.delete(0, 16)), "no span under the cursor");
}

#[test]
fn undo_and_redo_replay_across_articles_and_say_which_to_open() {
    let (mut desk, _) = desk_of(vec![article("a", "Дана"), article("b", "Астана")]);
    desk.label(0, 0..4, "PERSON");
    desk.label(1, 0..6, "LOCATION");
    let undone = desk.undo(Some(1));
    assert_eq!((undone.open, undone.cursor), (None, Some(0)));
    // the edit is named as it was made, with the status change it brought
    assert_eq!(
        said(&undone),
        "undid: add LOCATION 0..6 \"Астана\" (and 1 more)"
    );
    let other = desk.undo(Some(1));
    assert_eq!(other.open, Some(0), "the other article is to be opened");
    assert!(spans(&desk, 0).is_empty());
    desk.redo(Some(0));
    assert_eq!(spans(&desk, 0), [(0, 4, "PERSON".into(), false)]);
    desk.undo(Some(0));
    desk.undo(Some(0));
    assert_eq!(said(&desk.undo(Some(0))), "nothing to undo");
}

#[test]
fn status_flag_and_note_are_edits_too() {
    let mut desk = desk("Дана");
    assert!(desk.set_status(0, DocStatus::Done).done);
    assert_eq!(desk.status_of(0), Some(DocStatus::Done));
    let same = desk.set_status(0, DocStatus::Done);
    assert_eq!((same.done, same.message), (true, None));
    assert_eq!(said(&desk.toggle_flag(0)), "flagged");
    // unflagging returns to the status before the flag, not to in progress
    assert_eq!(said(&desk.toggle_flag(0)), "unflagged: done again");
    assert_eq!(desk.status_of(0), Some(DocStatus::Done));
    desk.set_status(0, DocStatus::Skipped);
    desk.toggle_flag(0);
    desk.toggle_flag(0);
    assert_eq!(desk.status_of(0), Some(DocStatus::Skipped));
    desk.label(0, 0..4, "PERSON");
    assert_eq!(said(&desk.note(0, 0..4, "PERSON", " аты ")), "note saved");
    let note = desk.slot(0).unwrap().doc.spans[0].note.clone();
    assert_eq!(note.as_deref(), Some("аты"));
    assert_eq!(said(&desk.note(0, 0..4, "DATE", "x")), "the span is gone");
}

#[test]
fn a_read_only_document_is_never_changed() {
    let store = MemoryStore::new("tester");
    store
        .broken
        .borrow_mut()
        .insert("a".into(), "line 1: bad".into());
    let corpus = Arc::new(Corpus {
        articles: vec![article("a", "Дана")],
        problems: Vec::new(),
    });
    let mut desk = Desk::new(
        corpus,
        LabelSet::default(),
        "tester",
        Box::new(store.clone()),
    );
    desk.load(0);
    let refused = desk.label(0, 0..4, "PERSON");
    assert_eq!(said(&refused), "read-only, not changed: line 1: bad");
    assert!(!refused.done);
    assert!(store.saves.borrow().is_empty());
}

#[test]
fn accepting_a_span_suggests_its_other_occurrences_in_the_same_change() {
    let mut desk = desk("Дана келді. Дана кетті.");
    desk.set_suggestions(true);
    let outcome = desk.label(0, 0..4, "PERSON");
    assert_eq!(outcome.suggested, 1);
    assert_eq!(
        spans(&desk, 0),
        [
            (0, 4, "PERSON".into(), false),
            (12, 16, "PERSON".into(), true)
        ]
    );
    let undone = desk.undo(Some(0));
    assert!(spans(&desk, 0).is_empty(), "one undo takes both back");
    // the cursor goes back to the span labelled, not to the last suggestion
    assert_eq!(undone.cursor, Some(0));
    assert_eq!(
        said(&undone),
        "undid: add PERSON 0..4 \"Дана\" (and 2 more)"
    );
    let redone = desk.redo(Some(0));
    assert_eq!(redone.cursor, Some(0));
    assert_eq!(
        said(&redone),
        "redid: add PERSON 0..4 \"Дана\" (and 2 more)"
    );
}

#[test]
fn digit_keys_name_labels_by_key_then_by_place() {
    let desk = desk("Дана");
    assert_eq!(desk.numbered_label(1).as_deref(), Ok("PERSON"));
    assert_eq!(
        desk.numbered_label(9),
        Err("no label 9: the label set has 5".to_string())
    );
}
