use super::*;
use crate::annotation::{DocStatus, Op, Origin, Span};

/// A document from text with markup: `[text]LABEL` an accepted span (nesting allowed),
/// `]LABEL?` pending, `]LABEL!` rejected. Gives the plain text and the document.
fn marked(id: &str, markup: &str, status: DocStatus) -> (String, DocAnnotations) {
    let (mut text, mut open, mut spans) = (String::new(), Vec::new(), Vec::new());
    let mut chars = markup.chars().peekable();
    let mut at = 0;
    while let Some(c) = chars.next() {
        match c {
            '[' => open.push(at),
            ']' => {
                let mut label = String::new();
                while let Some(&l) = chars
                    .peek()
                    .filter(|l| l.is_ascii_uppercase() || **l == '_')
                {
                    label.push(l);
                    chars.next();
                }
                let state = match chars.peek() {
                    Some('?') => SpanState::Pending,
                    Some('!') => SpanState::Rejected,
                    _ => SpanState::Accepted,
                };
                if state != SpanState::Accepted {
                    chars.next();
                }
                spans.push((open.pop().unwrap(), at, label, state));
            }
            c => {
                text.push(c);
                at += 1;
            }
        }
    }
    let mut doc = DocAnnotations::new(id, "me", &text);
    doc.status = status;
    for (start, end, label, state) in spans {
        let mut span = Span::cut(&text, start, end, &label, Origin::Manual, "me").unwrap();
        span.state = state;
        doc.apply(&Op::Add(span), "me");
    }
    (text, doc)
}

fn run(docs: &[(String, DocAnnotations)], kinds: &[Kind]) -> Vec<Finding> {
    let docs: Vec<Doc> = docs
        .iter()
        .enumerate()
        .map(|(order, (text, doc))| Doc {
            order,
            text,
            doc,
            search: doc.status == DocStatus::Done,
        })
        .collect();
    let options = Options {
        kinds: kinds.to_vec(),
    };
    lint(&docs, &LabelSet::default(), &options)
}

fn said(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}..{} {} {}: {}",
                f.kind.name(),
                f.article,
                f.start,
                f.end,
                f.text,
                f.label,
                f.detail
            )
        })
        .collect()
}

use DocStatus::{Done, InProgress};

#[test]
fn a_minority_label_is_a_conflict_folded_across_case_and_kazakh_letters() {
    let docs = [
        marked("a", "[Атырау]LOCATION мен [АТЫРАУ]LOCATION", Done),
        marked("b", "[атырау]LOCATION", Done),
        // Kazakh letters typed on a Russian keyboard fold to the same text
        marked("c", "[Өскемен]LOCATION, [Оскемен]AGENCY", Done),
        marked("d", "[Атырау]AGENCY", Done),
    ];
    assert_eq!(
        said(&run(&docs, &[Kind::LabelConflict])),
        [
            "label_conflict c 0..7 Өскемен LOCATION: AGENCY ×1, LOCATION ×1",
            "label_conflict c 9..16 Оскемен AGENCY: AGENCY ×1, LOCATION ×1",
            "label_conflict d 0..6 Атырау AGENCY: LOCATION ×3, AGENCY ×1",
        ]
    );
}

#[test]
fn a_location_inside_an_agency_is_no_conflict_and_pending_or_rejected_spans_count_for_nothing() {
    let docs = [
        marked("a", "[[Атырау]LOCATION облысының әкімдігі]AGENCY", Done),
        marked("b", "[Атырау]LOCATION қаласы", Done),
        marked("c", "[Атырау]AGENCY? және [Атырау]PERSON!", Done),
    ];
    let kinds = [Kind::LabelConflict, Kind::Duplicate, Kind::Boundary];
    assert_eq!(said(&run(&docs, &kinds)), Vec::<String>::new());
}

#[test]
fn an_untagged_occurrence_in_a_done_article_is_unlabeled_inflected_forms_included() {
    let docs = [
        marked("a", "[Атырау]LOCATION облысы", Done),
        marked("b", "Атырауда жиын өтті. Атыраудың әкімі келді.", Done),
        // not done: nothing is looked for here
        marked("c", "Атырауда", InProgress),
        // always tagged with a capital: a word in lower case is another word
        marked("d", "атырауда", Done),
    ];
    let found = run(&docs, &[Kind::Unlabeled]);
    assert_eq!(
        said(&found),
        [
            r#"unlabeled b 0..8 Атырауда LOCATION: tagged LOCATION ×1 elsewhere (as "Атырау")"#,
            r#"unlabeled b 20..29 Атыраудың LOCATION: tagged LOCATION ×1 elsewhere (as "Атырау")"#,
        ]
    );
    assert_eq!(
        found[0].remedy,
        Some(Remedy::Suggest {
            label: "LOCATION".into(),
            note: r#"lint: tagged LOCATION ×1 elsewhere (as "Атырау")"#.into()
        })
    );
}

#[test]
fn covered_rejected_or_part_of_a_longer_name_is_not_unlabeled() {
    let docs = [
        marked("a", "[Атырау облысы]LOCATION, [Атырау]LOCATION", Done),
        // inside an accepted AGENCY; rejected here with this label
        marked(
            "b",
            "[Атырау әкімдігі]AGENCY. [Атырау]LOCATION! Атырау облысы",
            Done,
        ),
        // a pending suggestion covers nothing: the place is still unreviewed
        marked("c", "[Атырау]LOCATION?", Done),
    ];
    assert_eq!(
        said(&run(&docs, &[Kind::Unlabeled])),
        [
            "unlabeled b 24..37 Атырау облысы LOCATION: tagged LOCATION ×1 elsewhere",
            "unlabeled c 0..6 Атырау LOCATION: tagged LOCATION ×1 elsewhere",
        ]
    );
}

#[test]
fn edges_on_space_punctuation_or_inside_a_word_are_boundary_findings() {
    let docs = [marked(
        "a",
        "[«Атырау]LOCATION пен [Алматы, ]LOCATION және [Астана.]LOCATION [Атыр]LOCATIONау",
        Done,
    )];
    let found = run(&docs, &[Kind::Boundary]);
    assert_eq!(
        said(&found),
        [
            r#"boundary a 0..7 «Атырау LOCATION: outer punctuation or space: "Атырау" would be the name"#,
            r#"boundary a 12..20 Алматы,  LOCATION: outer punctuation or space: "Алматы" would be the name"#,
            r#"boundary a 26..33 Астана. LOCATION: outer punctuation or space: "Астана" would be the name"#,
            "boundary a 34..38 Атыр LOCATION: ends inside a word",
        ]
    );
    assert_eq!(found[0].remedy, Some(Remedy::Trim { start: 1, end: 7 }));
    assert_eq!(found[3].remedy, None);
}

#[test]
fn a_quote_of_a_title_inside_the_span_and_an_initial_belong_to_the_name() {
    let docs = [marked(
        "a",
        "[«Қазақстан темір жолы» ҰК]AGENCY, [«Егемен Қазақстан»]AGENCY, [Нұрсұлтан Ә.]PERSON",
        Done,
    )];
    assert_eq!(said(&run(&docs, &[Kind::Boundary])), Vec::<String>::new());
    assert_eq!(edge_trim("«Егемен Қазақстан» газеті»"), Some((0, 0)));
    assert_eq!(edge_trim("Егемен Қазақстан»"), Some((0, 1)));
    assert_eq!(edge_trim(" , "), None);
}

#[test]
fn one_range_with_two_labels_or_overlaps_of_one_label_are_duplicates() {
    let docs = [marked(
        "a",
        "[[Атырау]LOCATION]AGENCY [Жайық [өзені]LOCATION]LOCATION [[Ақ]PERSON жол]AGENCY",
        Done,
    )];
    assert_eq!(
        said(&run(&docs, &[Kind::Duplicate])),
        [
            "duplicate a 0..6 Атырау LOCATION: same range as AGENCY",
            r#"duplicate a 13..18 өзені LOCATION: overlaps LOCATION 7..18 "Жайық өзені""#,
        ]
    );
}

#[test]
fn labels_outside_the_set_are_unknown_and_counts_name_every_kind() {
    let docs = [marked("a", "[Атырау]GPE [Ақтөбе]LOCATION [x]GPE?", Done)];
    let found = run(&docs, &[Kind::UnknownLabel]);
    assert_eq!(
        said(&found),
        [
            "unknown_label a 0..6 Атырау GPE: unknown label `GPE` (labels: PERSON, AGENCY, STATISTIC, LOCATION, DATE)"
        ]
    );
    let counts = counts(&found);
    assert_eq!(counts.len(), 5);
    assert_eq!((counts["unknown_label"], counts["boundary"]), (1, 0));
}

#[test]
fn fixes_become_pending_suggestions_and_trimmed_spans() {
    let docs = [
        marked("a", "[Атырау]LOCATION", Done),
        marked("b", "Атырауда [«Алматы]LOCATION бар", Done),
    ];
    let found = run(&docs, &[]);
    let (text, doc) = &docs[1];
    let mine: Vec<&Finding> = found.iter().filter(|f| f.article == "b").collect();
    let ops = suggestion_ops(text, doc, &mine, crate::annotation::SpanScheme::Nested);
    let [Op::Add(s)] = ops.as_slice() else {
        panic!("one suggestion expected, got {ops:?}")
    };
    assert_eq!((s.start, s.end, s.label.as_str()), (0, 8, "LOCATION"));
    assert_eq!(
        (&s.origin, s.state, s.who.as_str()),
        (&Origin::Suggested, SpanState::Pending, "tanba")
    );
    assert_eq!(
        s.note.as_deref(),
        Some(r#"lint: tagged LOCATION ×1 elsewhere (as "Атырау")"#)
    );
    let boundary = mine.iter().find(|f| f.kind == Kind::Boundary).unwrap();
    let Some(Op::Replace { old, new }) = boundary_op(text, doc, boundary) else {
        panic!("a trim expected")
    };
    assert_eq!((old.start, old.end), (9, 16));
    assert_eq!((new.start, new.end, new.text.as_str()), (10, 16, "Алматы"));
    let mut fixes = Fixes::default();
    fixes.said(doc, &Op::Replace { old, new });
    assert_eq!(
        fixes.lines,
        [r#"me b: trimmed LOCATION 9..16 "«Алматы" to 10..16 "Алматы""#]
    );
}

proptest::proptest! {
    #[test]
    fn a_trimmed_name_needs_no_more_trimming(text in "[ «»\"(),.:Ақ-]{0,12}") {
        if let Some((lead, trail)) = edge_trim(&text) {
            let chars: Vec<char> = text.chars().collect();
            let kept: String = chars[lead..chars.len() - trail].iter().collect();
            proptest::prop_assert_eq!(edge_trim(&kept), Some((0, 0)));
        }
    }
}

#[test]
fn long_names_are_found_whole_and_inflected_beside_others_that_start_alike() {
    let docs = [
        marked(
            "a",
            "[Атырау облысының денсаулық сақтау басқармасы]AGENCY, [Атырау облысының әкімдігі]AGENCY, [Ақ жол]AGENCY",
            Done,
        ),
        marked(
            "b",
            "Атырау облысының денсаулық сақтау басқармасына, Атырау облысының әкімдігінде, Ақ жол",
            Done,
        ),
    ];
    assert_eq!(
        said(&run(&docs, &[Kind::Unlabeled]))
            .iter()
            .map(|s| s.split(':').next().unwrap())
            .collect::<Vec<_>>(),
        [
            "unlabeled b 0..46 Атырау облысының денсаулық сақтау басқармасына AGENCY",
            "unlabeled b 48..76 Атырау облысының әкімдігінде AGENCY",
            "unlabeled b 78..84 Ақ жол AGENCY",
        ]
    );
}
