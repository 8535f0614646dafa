use super::*;
use crate::annotation::relation::{RelationLabel, RelationSet, RelationSetError, SpanKey};
use crate::annotation::{DocAnnotations, Origin, now};

const TEXT: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.";

fn span(start: usize, end: usize, label: &str) -> Span {
    Span::cut(TEXT, start, end, label, Origin::Manual, "ann").unwrap()
}

fn relation(label: &str, from: &Span, to: &Span) -> Relation {
    Relation {
        label: label.into(),
        from: SpanKey::of(from),
        to: SpanKey::of(to),
        who: "ann".into(),
        created: now(),
    }
}

fn doc() -> (DocAnnotations, Span, Span) {
    let mut doc = DocAnnotations::new("a", "ann", TEXT);
    let (p, a) = (span(0, 16, "PERSON"), span(17, 33, "AGENCY"));
    assert!(doc.apply(&Op::Add(p.clone()), "ann"));
    assert!(doc.apply(&Op::Add(a.clone()), "ann"));
    (doc, p, a)
}

#[test]
fn a_relation_needs_both_ends_and_is_added_once() {
    let (mut doc, p, a) = doc();
    let other = span(34, 43, "DATE");
    assert!(!doc.apply(&Op::AddRelation(relation("HEADS", &p, &other)), "ann"));
    assert!(doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann"));
    assert!(!doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann"));
    assert_eq!(doc.relations.len(), 1);
    assert_eq!(
        doc.log.last().unwrap().what,
        "relate HEADS PERSON 0..16 -> AGENCY 17..33"
    );
    assert!(doc.apply(&Op::RemoveRelation(relation("HEADS", &p, &a)), "ann"));
    assert!(doc.relations.is_empty());
}

#[test]
fn cascade_removes_relations_before_their_span_and_only_once() {
    let (mut doc, p, a) = doc();
    doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann");
    doc.apply(&Op::AddRelation(relation("SAME", &a, &p)), "ann");
    let (ops, n) = cascade(&doc, vec![Op::Remove(a.clone()), Op::Remove(p.clone())]);
    assert_eq!(n, 2);
    assert!(matches!(ops[0], Op::RemoveRelation(_)));
    assert!(matches!(ops[1], Op::RemoveRelation(_)));
    assert_eq!(ops.len(), 4);
    for op in &ops {
        assert!(doc.apply(op, "ann"), "{op:?}");
    }
    for op in ops.iter().rev() {
        assert!(doc.apply(&op.inverse(), "ann"), "{op:?}");
    }
    assert_eq!(doc.relations.len(), 2);
}

#[test]
fn rejecting_an_end_cascades_too_and_other_edits_do_not() {
    let (mut doc, p, a) = doc();
    doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann");
    let mut rejected = a.clone();
    rejected.state = SpanState::Rejected;
    let (_, n) = cascade(
        &doc,
        vec![Op::Replace {
            old: a.clone(),
            new: rejected,
        }],
    );
    assert_eq!(n, 1);
    let mut noted = a.clone();
    noted.note = Some("x".into());
    let (ops, n) = cascade(&doc, vec![Op::Replace { old: a, new: noted }]);
    assert_eq!((ops.len(), n), (1, 0));
}

#[test]
fn the_label_set_checks_names_and_keys_and_admits_by_span_labels() {
    let heads = RelationLabel {
        key: Some('h'),
        from: vec!["PERSON".into()],
        to: vec!["AGENCY".into()],
        ..RelationLabel::named("HEADS")
    };
    assert!(heads.admits("PERSON", "AGENCY"));
    assert!(!heads.admits("AGENCY", "PERSON"));
    let undirected = RelationLabel {
        directed: false,
        ..heads.clone()
    };
    assert!(undirected.admits("AGENCY", "PERSON"));
    let twice = RelationSet {
        labels: vec![
            heads.clone(),
            RelationLabel {
                key: Some('h'),
                ..RelationLabel::named("X")
            },
        ],
    };
    assert!(matches!(
        twice.check(),
        Err((1, RelationSetError::DuplicateKey { .. }))
    ));
    let bad = RelationSet {
        labels: vec![RelationLabel::named("two words")],
    };
    assert!(matches!(
        bad.check(),
        Err((0, RelationSetError::BadName(_)))
    ));
}

#[test]
fn a_file_without_relations_loads_and_one_with_them_round_trips() {
    let (mut doc, p, a) = doc();
    let old = ron::to_string(&doc).unwrap();
    assert!(
        !old.contains("relations"),
        "no field written when there are none"
    );
    let back: DocAnnotations = ron::from_str(&old).unwrap();
    assert!(back.relations.is_empty());
    doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann");
    let text = ron::to_string(&doc).unwrap();
    let back: DocAnnotations = ron::from_str(&text).unwrap();
    assert_eq!(back, doc);
    let op = Op::AddRelation(doc.relations[0].clone());
    let op_back: Op = ron::from_str(&ron::to_string(&op).unwrap()).unwrap();
    assert_eq!(op_back, op);
}

#[test]
fn problems_name_an_unknown_label_a_disallowed_pair_and_a_missing_end() {
    let (mut doc, p, a) = doc();
    doc.apply(&Op::AddRelation(relation("HEADS", &p, &a)), "ann");
    doc.apply(&Op::AddRelation(relation("OWNS", &p, &a)), "ann");
    doc.apply(&Op::AddRelation(relation("HEADS", &a, &p)), "ann");
    doc.relations
        .push(relation("SAME", &p, &span(34, 43, "DATE")));
    let set = RelationSet {
        labels: vec![
            RelationLabel {
                from: vec!["PERSON".into()],
                to: vec!["AGENCY".into()],
                ..RelationLabel::named("HEADS")
            },
            RelationLabel::named("SAME"),
        ],
    };
    let found: Vec<(usize, String)> = problems(&doc, &set);
    let whats: Vec<&str> = found.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(
        whats,
        [
            "relation HEADS goes from AGENCY to PERSON, which tanba.ron does not allow",
            "relation \"OWNS\" is not in the workspace's relation set",
            "relation SAME names span DATE 34..43, which the file does not hold",
        ]
    );
}
