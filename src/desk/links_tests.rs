use std::sync::Arc;

use super::super::MemoryStore;
use super::*;
use crate::annotation::LabelSet;
use crate::corpus::{Article, Corpus, SourceRef};

const TEXT: &str = "Досмұхамбетов келді. Досмұхамбетовтің сөзі.";

fn desk() -> (Desk, MemoryStore) {
    let store = MemoryStore::new("dana");
    let article = Article::from_text("a", TEXT, SourceRef::new("a.txt", 1));
    let corpus = Arc::new(Corpus {
        articles: vec![article],
        problems: Vec::new(),
    });
    let mut desk = Desk::new(corpus, LabelSet::default(), "dana", Box::new(store.clone()));
    desk.kb.kb = Kb::parse("Q1\tМахамбет Досмұхамбетов\t\tәкім").0;
    desk.load(0);
    desk.label(0, 0..13, "PERSON");
    desk.label(0, 21..37, "PERSON");
    (desk, store)
}

fn span(desk: &Desk, at: usize) -> Span {
    desk.spans_at(0, at)[0].clone()
}

fn said(o: &Outcome) -> &str {
    o.message.as_ref().map_or("", |m| m.text.as_str())
}

#[test]
fn a_link_is_saved_suggested_for_the_inflected_mention_and_undone_in_one_step() {
    let (mut desk, store) = desk();
    let first = span(&desk, 0);
    let o = desk.link(0, &first, "Q1");
    assert_eq!(
        said(&o),
        "linked «Досмұхамбетов» to Q1 Махамбет Досмұхамбетов (1 more mention suggested)"
    );
    let saved = store.docs.borrow()["a"].clone();
    assert_eq!(saved.spans[0].kb.as_deref(), Some("Q1"));
    assert!(!saved.spans[0].kb_suggested);
    assert!(saved.spans[1].kb_suggested);
    assert_eq!(desk.tag_text(0, &span(&desk, 0)), "PER@");
    assert_eq!(desk.tag_text(0, &span(&desk, 21)), "PER@?");
    assert_eq!(
        desk.link_line(&span(&desk, 21)).unwrap(),
        "@?Q1 Махамбет Досмұхамбетов"
    );
    desk.undo(Some(0));
    assert!(
        desk.slot(0)
            .unwrap()
            .doc
            .spans
            .iter()
            .all(|s| s.kb.is_none())
    );
}

#[test]
fn a_suggested_link_is_accepted_or_rejected_with_the_review_keys() {
    let (mut desk, _) = desk();
    let first = span(&desk, 0);
    desk.link(0, &first, "Q1");
    assert_eq!(said(&desk.accept(0, 22)), "link to Q1 accepted");
    assert!(!span(&desk, 22).kb_suggested);
    desk.undo(Some(0));
    assert_eq!(said(&desk.reject(0, 22)), "link to Q1 rejected");
    let rejected = span(&desk, 22);
    assert_eq!((rejected.kb, rejected.state), (None, SpanState::Accepted));
}

#[test]
fn unlinking_and_new_entries() {
    let (mut desk, store) = desk();
    let id = desk.add_kb_entry("Жаңа адам", "").unwrap();
    assert_eq!(id, "dana-1");
    assert!(desk.add_kb_entry("  ", "").is_err());
    let first = span(&desk, 0);
    desk.link(0, &first, &id);
    let linked = span(&desk, 0);
    assert_eq!(
        said(&desk.unlink(0, &linked)),
        "unlinked «Досмұхамбетов» from dana-1"
    );
    assert_eq!(store.docs.borrow()["a"].spans[0].kb, None);
    assert!(!desk.unlink(0, &span(&desk, 0)).done);
    assert_eq!(desk.kb_title("Q7"), "Q7 (not in kb.tsv)");
}

#[test]
fn a_link_moves_with_its_span_when_the_article_text_drifts() {
    let old = "Қанат Сүлейменов айтты.";
    let mut doc = crate::annotation::DocAnnotations::new("a", "dana", old);
    let mut span = Span::cut(
        old,
        0,
        16,
        "PERSON",
        crate::annotation::Origin::Manual,
        "dana",
    )
    .unwrap();
    span.kb = Some("Q1".into());
    doc.spans.push(span);
    let new = "Департамент басшысы Қанат Сүлейменов айтты.";
    let report = crate::store::reanchor(&mut doc, new);
    assert_eq!(report.moved, 1);
    assert_eq!(
        (doc.spans[0].start, doc.spans[0].kb.as_deref()),
        (20, Some("Q1"))
    );
}
