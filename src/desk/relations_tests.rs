//! Relations on the desk alone: adding, the label rules, a span deleted takes its
//! relations in one undo step, relabel keeps them.

use std::sync::Arc;

use super::super::{Desk, MemoryStore, Outcome};
use crate::annotation::{LabelSet, RelationLabel, RelationSet, Span};
use crate::corpus::{Article, Corpus, SourceRef};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.";

fn desk() -> (Desk, MemoryStore) {
    let store = MemoryStore::new("tester");
    let article = Article::from_text("a", TEXT, SourceRef::new("a.txt", 1));
    let corpus = Arc::new(Corpus {
        articles: vec![article],
        problems: Vec::new(),
    });
    let mut desk = Desk::new(
        corpus,
        LabelSet::default(),
        "tester",
        Box::new(store.clone()),
    );
    desk.set_suggestions(false);
    desk.relation_labels = RelationSet {
        labels: vec![
            RelationLabel {
                key: Some('h'),
                from: vec!["PERSON".into()],
                to: vec!["AGENCY".into()],
                ..RelationLabel::named("HEADS")
            },
            RelationLabel {
                key: Some('s'),
                directed: false,
                ..RelationLabel::named("SAME")
            },
        ],
    };
    desk.load(0);
    desk.label(0, 0..16, "PERSON");
    desk.label(0, 17..33, "AGENCY");
    (desk, store)
}

fn span(desk: &Desk, at: usize) -> Span {
    (*desk.spans_at(0, at)[0]).clone()
}

fn said(outcome: &Outcome) -> &str {
    outcome.message.as_ref().map_or("", |m| m.text.as_str())
}

fn relations(desk: &Desk) -> Vec<String> {
    let doc = &desk.slot(0).unwrap().doc;
    doc.relations
        .iter()
        .map(|r| {
            format!(
                "{} {}..{} {}..{}",
                r.label, r.from.start, r.from.end, r.to.start, r.to.end
            )
        })
        .collect()
}

#[test]
fn relate_adds_a_relation_saved_and_marked_after_both_tags() {
    let (mut desk, store) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    let outcome = desk.relate(0, &person, &agency, "HEADS");
    assert!(outcome.done, "{outcome:?}");
    assert_eq!(
        said(&outcome),
        "HEADS «Қанат Сүлейменов» -> «Атырау әкімдігін»"
    );
    assert_eq!(relations(&desk), ["HEADS 0..16 17..33"]);
    assert_eq!(desk.tag_text(0, &person), "PER→1");
    assert_eq!(desk.tag_text(0, &agency), "AGE←1");
    assert_eq!(store.docs.borrow()["a"].relations.len(), 1);
    assert_eq!(
        said(&desk.relate(0, &person, &agency, "HEADS")),
        "already HEADS"
    );
}

#[test]
fn relate_refuses_what_the_relation_set_does_not_allow() {
    let (mut desk, _) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    let wrong_way = desk.relate(0, &agency, &person, "HEADS");
    assert!(!wrong_way.done);
    assert_eq!(said(&wrong_way), "HEADS does not go from AGENCY to PERSON");
    assert!(!desk.relate(0, &person, &person, "SAME").done);
    assert!(!desk.relate(0, &person, &agency, "NOPE").done);
    assert!(relations(&desk).is_empty());
}

#[test]
fn an_undirected_relation_is_written_first_end_first() {
    let (mut desk, _) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    assert!(desk.relate(0, &agency, &person, "SAME").done);
    assert_eq!(relations(&desk), ["SAME 0..16 17..33"]);
    assert_eq!(desk.tag_text(0, &agency), "AGE-1");
    assert_eq!(
        said(&desk.relate(0, &person, &agency, "SAME")),
        "already SAME"
    );
}

#[test]
fn deleting_a_span_takes_its_relations_in_one_undo_step() {
    let (mut desk, store) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    desk.relate(0, &person, &agency, "HEADS");
    desk.relate(0, &person, &agency, "SAME");
    let outcome = desk.delete(0, 20);
    assert_eq!(
        said(&outcome),
        "deleted AGENCY «Атырау әкімдігін» and its 2 relations"
    );
    assert!(relations(&desk).is_empty());
    assert!(store.docs.borrow()["a"].relations.is_empty());
    let undone = desk.undo(Some(0));
    assert!(undone.done, "{undone:?}");
    assert_eq!(
        relations(&desk),
        ["HEADS 0..16 17..33", "SAME 0..16 17..33"]
    );
    desk.redo(Some(0));
    assert!(relations(&desk).is_empty());
    assert_eq!(desk.slot(0).unwrap().doc.spans.len(), 1);
}

#[test]
fn relabelling_an_end_keeps_the_relation_and_undo_restores_it() {
    let (mut desk, _) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    desk.relate(0, &person, &agency, "SAME");
    desk.relabel(0, &agency, "LOCATION");
    assert_eq!(relations(&desk), ["SAME 0..16 17..33"]);
    let to = &desk.slot(0).unwrap().doc.relations[0].to;
    assert_eq!(to.label, "LOCATION");
    desk.undo(Some(0));
    assert_eq!(desk.slot(0).unwrap().doc.relations[0].to.label, "AGENCY");
}

#[test]
fn unrelate_removes_one_relation_and_undo_brings_it_back() {
    let (mut desk, _) = desk();
    let (person, agency) = (span(&desk, 0), span(&desk, 20));
    desk.relate(0, &person, &agency, "HEADS");
    let listed = desk.relations_of(0, &agency);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, 1);
    assert_eq!(
        desk.relation_lines(0, &agency),
        ["←1 HEADS «Қанат Сүлейменов»"]
    );
    assert_eq!(
        desk.relation_lines(0, &person),
        ["→1 HEADS «Атырау әкімдігін»"]
    );
    assert_eq!(
        said(&desk.unrelate(0, &listed[0].1)),
        "removed relation HEADS"
    );
    assert!(relations(&desk).is_empty());
    assert_eq!(desk.tag_text(0, &person), "PER");
    desk.undo(Some(0));
    assert_eq!(relations(&desk), ["HEADS 0..16 17..33"]);
}

#[test]
fn relation_choices_follow_the_span_labels() {
    let (desk, _) = desk();
    let names = |from, to| -> Vec<String> {
        desk.relation_choices(from, to)
            .iter()
            .map(|l| l.name.clone())
            .collect()
    };
    assert_eq!(names("PERSON", "AGENCY"), ["HEADS", "SAME"]);
    assert_eq!(names("AGENCY", "PERSON"), ["SAME"]);
}
