//! Each figure against values worked out by hand (the working is in the comments).

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use super::units::{Categories, categories};
use super::*;
use crate::annotation::{Op, Origin, Span};
use crate::corpus::{Article, SourceRef};

fn m(start: usize, end: usize, label: &str) -> Mark {
    Mark::new(start, end, label)
}

fn article<'a>(id: &str, text: &'a str, files: Vec<Option<Vec<Mark>>>) -> SheetArticle<'a> {
    let files = files
        .into_iter()
        .map(|f| {
            f.map(|mut marks| {
                marks.sort();
                marks
            })
        })
        .collect();
    SheetArticle {
        id: id.into(),
        text,
        files,
    }
}

fn sheet<'a>(names: &[&str], articles: Vec<SheetArticle<'a>>) -> Sheet<'a> {
    Sheet {
        annotators: names.iter().map(|s| s.to_string()).collect(),
        articles,
    }
}

fn close(x: Option<f64>, y: f64) -> bool {
    x.is_some_and(|x| (x - y).abs() < 1e-12)
}

#[test]
fn span_f1_counts_exact_matches_overall_and_per_label() {
    // a: P 0..3, L 5..8; b: P 0..3, L 5..9 -> one match of 2+2 spans: 2·1/4
    let text = "abcdefghij";
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            text,
            vec![
                Some(vec![m(0, 3, "P"), m(5, 8, "L")]),
                Some(vec![m(0, 3, "P"), m(5, 9, "L")]),
            ],
        )],
    );
    let pair = &Report::compute(&s).pairs[0];
    assert_eq!((pair.spans_a, pair.spans_b, pair.matched), (2, 2, 1));
    assert!(close(pair.span_f1, 0.5));
    assert!(close(pair.per_label["P"].span_f1, 1.0));
    assert_eq!(pair.per_label["L"].matched, 0);
    assert!(close(pair.per_label["L"].span_f1, 0.0));
    assert_eq!(span_f1(0, 0, 0), None, "both empty is nothing to agree on");
}

#[test]
fn kappa_over_characters_skips_whitespace() {
    // text "ab cd ef": units are 0,1,3,4,6,7 (2 and 5 are spaces)
    // a: P P L L O O   b: P P L L L L   agreed 4 of 6
    // a: P2 L2 O2, b: P2 L4 -> Σ = 2·2 + 2·4 = 12; kappa = (4·6 − 12)/(36 − 12) = 0.5
    // (counting the space at 5, which b covers, would give 14/35 = 0.4)
    let text = "ab cd ef";
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            text,
            vec![
                Some(vec![m(0, 2, "P"), m(3, 5, "L")]),
                Some(vec![m(0, 2, "P"), m(3, 8, "L")]),
            ],
        )],
    );
    assert!(close(Report::compute(&s).pairs[0].kappa, 0.5));
}

#[test]
fn kappa_by_hand_with_three_categories() {
    // units 0..4 and 6,7: a P P P P O O, b P P P O L L; agreed 3 of 6
    // a: P4 O2, b: P3 O1 L2 -> Σ = 12 + 2 = 14; kappa = (18 − 14)/(36 − 14) = 2/11
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "abcdefghij",
            vec![
                Some(vec![m(0, 4, "P")]),
                Some(vec![m(0, 3, "P"), m(6, 8, "L")]),
            ],
        )],
    );
    assert!(close(Report::compute(&s).pairs[0].kappa, 2.0 / 11.0));
}

#[test]
fn the_longest_span_gives_a_character_its_category() {
    let mut ids = Categories::default();
    let (p, l) = (ids.id("P"), ids.id("L"));
    // nested: the outer PERSON wins over the inner LOCATION everywhere
    let nested = categories(10, &[m(0, 4, "L"), m(0, 10, "P")], &mut ids);
    assert_eq!(nested, vec![p; 10]);
    // equal lengths overlapping at 2,3: the earlier start wins
    let tie = categories(6, &[m(2, 6, "P"), m(0, 4, "L")], &mut ids);
    assert_eq!(tie, [l, l, l, l, p, p]);
    // same range: the smaller label name wins, whatever the order given
    let (a, b) = (ids.id("AGENCY"), ids.id("BANK"));
    let same = categories(4, &[m(0, 3, "BANK"), m(0, 3, "AGENCY")], &mut ids);
    assert_eq!(same, [a, a, a, 0]);
    let same = categories(4, &[m(0, 3, "AGENCY"), m(0, 3, "BANK")], &mut ids);
    assert_eq!(same, [a, a, a, 0]);
    assert_ne!(a, b);
}

#[test]
fn nested_spans_count_as_spans_but_not_as_characters() {
    // a has PERSON 0..10 with LOCATION 0..4 inside; b only the PERSON
    // spans: 2 and 1, one match -> 2/3; characters: all PERSON on both sides -> 1.0
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "abcdefghij",
            vec![
                Some(vec![m(0, 10, "P"), m(0, 4, "L")]),
                Some(vec![m(0, 10, "P")]),
            ],
        )],
    );
    let report = Report::compute(&s);
    assert!(close(report.pairs[0].span_f1, 2.0 / 3.0));
    assert!(close(report.pairs[0].kappa, 1.0));
    assert!(close(report.alpha, 1.0));
    assert_eq!(report.disagreements[0].count, 1);
}

#[test]
fn ties_decide_a_characters_category_in_kappa() {
    // a: LOC 0..4 and PER 2..6, equal lengths: the earlier start gives 2,3 to LOC
    // a: L L L L P P, b: L L L L O O; agreed 4 of 6; a L4 P2, b L4 O2 -> Σ = 16
    // kappa = (24 − 16)/(36 − 16) = 0.4 (PER winning the tie would give 4/28)
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "abcdef",
            vec![
                Some(vec![m(0, 4, "LOC"), m(2, 6, "PER")]),
                Some(vec![m(0, 4, "LOC")]),
            ],
        )],
    );
    assert!(close(Report::compute(&s).pairs[0].kappa, 0.4));
    // same range, two labels: the smaller name (AGENCY) is a's category, as b's is
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "abc",
            vec![
                Some(vec![m(0, 3, "BANK"), m(0, 3, "AGENCY")]),
                Some(vec![m(0, 3, "AGENCY")]),
            ],
        )],
    );
    let report = Report::compute(&s);
    assert!(close(report.pairs[0].kappa, 1.0) && close(report.alpha, 1.0));
    assert!(
        close(report.pairs[0].span_f1, 2.0 / 3.0),
        "BANK is still a span of its own"
    );
}

/// Three annotators, c without a file for the first article.
fn three_with_a_missing_file() -> Sheet<'static> {
    sheet(
        &["a", "b", "c"],
        vec![
            article(
                "one",
                "abcd",
                vec![Some(vec![m(0, 4, "P")]), Some(vec![m(0, 2, "P")]), None],
            ),
            article(
                "two",
                "xy",
                vec![
                    Some(vec![m(0, 2, "P")]),
                    Some(vec![m(0, 2, "L")]),
                    Some(vec![m(0, 2, "P")]),
                ],
            ),
            // only a has a file: not compared at all
            article("three", "zzz", vec![Some(vec![m(0, 3, "P")]), None, None]),
        ],
    )
}

#[test]
fn alpha_counts_a_missing_file_as_missing() {
    // one: units (P,P) (P,P) (P,O) (P,O), m = 2 -> disagreeing pairs 0+0+2+2 = 4, /(m−1)
    // two: units (P,L,P) twice, m = 3 -> 9 − 5 = 4 each, 8 in all, /(m−1) = 4
    // values: P 6+4 = 10, O 2, L 2, n = 14 -> Σ n_c·n_k (c≠k) = 196 − 108 = 88
    // alpha = 1 − 13·8/88 = −2/11
    let report = Report::compute(&three_with_a_missing_file());
    assert!(close(report.alpha, -2.0 / 11.0), "{:?}", report.alpha);
    assert_eq!(report.articles, 2);
}

#[test]
fn pairs_compare_only_the_articles_both_have() {
    let report = Report::compute(&three_with_a_missing_file());
    let pair = |a: &str, b: &str| report.pairs.iter().find(|p| p.a == a && p.b == b).unwrap();
    // a–b on both articles: no span matches; characters a P×6, b P2 O2 L2, agreed 2
    // kappa = (2·6 − 12)/(36 − 12) = 0
    let ab = pair("a", "b");
    assert_eq!(
        (ab.articles, ab.spans_a, ab.spans_b, ab.matched),
        (2, 2, 2, 0)
    );
    assert!(close(ab.kappa, 0.0));
    // a–c only on "two", where they agree
    let ac = pair("a", "c");
    assert_eq!((ac.articles, ac.matched), (1, 1));
    assert!(close(ac.span_f1, 1.0) && close(ac.kappa, 1.0));
    // b–c: L against P on two characters, nothing in common: (0 − 0)/(4 − 0)
    assert!(close(pair("b", "c").kappa, 0.0));
}

#[test]
fn disagreements_are_spans_not_everyone_with_a_file_has() {
    let report = Report::compute(&three_with_a_missing_file());
    let counts: Vec<(&str, usize)> = report
        .disagreements
        .iter()
        .map(|d| (d.id.as_str(), d.count))
        .collect();
    // one: P 0..4 (a) and P 0..2 (b); two: P 0..2 (a, c, not b) and L 0..2 (b)
    assert_eq!(counts, [("one", 2), ("two", 2)]);
}

#[test]
fn empty_files_are_nothing_to_agree_on_and_one_empty_side_not_at_all() {
    // two annotators who share an article but accepted nothing: n/a, never 1.0
    let both_empty = sheet(
        &["a", "b"],
        vec![article("x", "ab", vec![Some(vec![]), Some(vec![])])],
    );
    let report = Report::compute(&both_empty);
    let pair = &report.pairs[0];
    assert_eq!((pair.articles, pair.spans_a, pair.spans_b), (1, 0, 0));
    assert_eq!((pair.span_f1, pair.kappa), (None, None));
    assert_eq!(pair.not_applicable, Some(NotApplicable::NothingAccepted));
    assert_eq!(pair.span_f1_shown(3), "n/a (nothing accepted)");
    assert_eq!(report.alpha, None);
    assert_eq!(
        report.alpha_not_applicable,
        Some(NotApplicable::NothingAccepted)
    );
    assert!(pair.per_label.is_empty());
    assert_eq!(report.disagreements[0].count, 0);

    // a: P 0..2, b nothing: units (P,O) twice
    // kappa: agreed 0, Σ = 0 -> 0/(4 − 0) = 0
    // alpha: disagreeing 2 per unit -> 4; P 2, O 2, n = 4: 16 − 8 = 8 -> 1 − 3·4/8 = −0.5
    let one_empty = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "ab",
            vec![Some(vec![m(0, 2, "P")]), Some(vec![])],
        )],
    );
    let report = Report::compute(&one_empty);
    assert!(close(report.pairs[0].span_f1, 0.0));
    assert!(close(report.pairs[0].kappa, 0.0));
    assert!(close(report.alpha, -0.5));
}

#[test]
fn no_shared_article_leaves_nothing_to_compare() {
    let s = sheet(
        &["a", "b"],
        vec![article("x", "ab", vec![Some(vec![m(0, 1, "P")]), None])],
    );
    let report = Report::compute(&s);
    assert_eq!(report.articles, 0);
    let pair = &report.pairs[0];
    assert_eq!(pair.articles, 0);
    assert_eq!((pair.span_f1, pair.kappa), (None, None));
    assert_eq!(pair.not_applicable, Some(NotApplicable::NoSharedArticles));
    assert_eq!(pair.kappa_shown(3), "n/a (no shared articles)");
    assert_eq!(
        report.alpha_not_applicable,
        Some(NotApplicable::NoSharedArticles)
    );
    assert!(report.disagreements.is_empty());
}

#[test]
fn spans_over_spaces_only_leave_kappa_without_characters() {
    // both accepted the same span over the space at 1: F1 1.0, kappa has no unit
    let s = sheet(
        &["a", "b"],
        vec![article(
            "x",
            "a b",
            vec![Some(vec![m(1, 2, "P")]), Some(vec![m(1, 2, "P")])],
        )],
    );
    let pair = &Report::compute(&s).pairs[0];
    assert_eq!((pair.span_f1, pair.kappa), (Some(1.0), None));
    assert_eq!(pair.not_applicable, Some(NotApplicable::OnlySpaces));
    assert_eq!(pair.span_f1_shown(3), "1.000");
    assert_eq!(pair.kappa_shown(2), "n/a (spans cover only spaces)");
}

#[test]
fn figures_are_null_in_json_with_the_reason_beside_them() {
    let s = sheet(
        &["a", "b"],
        vec![article("x", "ab", vec![Some(vec![]), Some(vec![])])],
    );
    let json = serde_json::to_value(Report::compute(&s)).unwrap();
    let pair = &json["pairs"][0];
    assert_eq!(pair["span_f1"], serde_json::Value::Null);
    assert_eq!(pair["kappa"], serde_json::Value::Null);
    assert_eq!(pair["not_applicable"], "nothing accepted");
    assert_eq!(json["alpha"], serde_json::Value::Null);
    assert_eq!(json["alpha_not_applicable"], "nothing accepted");
}

fn doc_with(text: &str, who: &str, spans: &[(usize, usize, &str, SpanState)]) -> DocAnnotations {
    let mut doc = DocAnnotations::new("x", who, text);
    for &(start, end, label, state) in spans {
        let mut span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        span.state = state;
        doc.apply(&Op::Add(span), who);
    }
    doc
}

#[test]
fn the_sheet_keeps_accepted_spans_of_chosen_statuses_and_labels() {
    let text = "Atyrau akim Dosmukhambetov";
    let corpus = Corpus {
        articles: vec![Article::from_text("x", text, SourceRef::new("x.txt", 1))],
        problems: vec![],
    };
    use SpanState::*;
    let mut a = doc_with(
        text,
        "a",
        &[(0, 6, "LOCATION", Accepted), (12, 26, "PERSON", Pending)],
    );
    a.status = DocStatus::Done;
    let b = doc_with(
        text,
        "b",
        &[(0, 6, "LOCATION", Rejected), (12, 26, "PERSON", Accepted)],
    );
    let key = |who: &str| DocKey {
        annotator: who.into(),
        article: "x".into(),
    };
    let docs = BTreeMap::from([(key("a"), a), (key("b"), b)]);
    let names = ["a".to_string(), "b".to_string()];
    let all = Sheet::new(&corpus, &docs, &names, &Filter::default());
    assert_eq!(all.articles[0].files[0], Some(vec![m(0, 6, "LOCATION")]));
    assert_eq!(all.articles[0].files[1], Some(vec![m(12, 26, "PERSON")]));
    let filter = Filter {
        statuses: Some(vec![DocStatus::Done]),
        labels: Some(BTreeSet::from(["PERSON".to_string()])),
    };
    let done = Sheet::new(&corpus, &docs, &names, &filter);
    assert_eq!(done.articles[0].files, [Some(vec![]), None]);
    assert_eq!(done.shared().count(), 0);
}

#[test]
fn a_todo_file_with_nothing_accepted_is_not_compared() {
    // b opened the article and left it (a model's suggestion unreviewed): no agreement
    // figure comes of it, not 0 and not 1; once b accepts a span, or marks it done, it counts
    let text = "Atyrau akim Dosmukhambetov";
    let corpus = Corpus {
        articles: vec![Article::from_text("x", text, SourceRef::new("x.txt", 1))],
        problems: vec![],
    };
    use SpanState::*;
    let mut a = doc_with(text, "a", &[(0, 6, "LOCATION", Accepted)]);
    a.status = DocStatus::Done;
    let opened = doc_with(text, "b", &[(12, 26, "PERSON", Pending)]);
    assert_eq!(opened.status, DocStatus::Todo);
    let key = |who: &str| DocKey {
        annotator: who.into(),
        article: "x".into(),
    };
    let names = ["a".to_string(), "b".to_string()];
    let compared = |b: DocAnnotations, filter: &Filter| {
        let docs = BTreeMap::from([(key("a"), a.clone()), (key("b"), b)]);
        let sheet = Sheet::new(&corpus, &docs, &names, filter);
        (sheet.shared().count(), Report::compute(&sheet).pairs[0].articles)
    };
    assert_eq!(compared(opened.clone(), &Filter::default()), (0, 0));
    let todo = Filter {
        statuses: Some(vec![DocStatus::Todo, DocStatus::Done]),
        labels: None,
    };
    assert_eq!(compared(opened.clone(), &todo), (1, 1), "asked for by --status");
    let mut done = opened.clone();
    done.status = DocStatus::Done;
    assert_eq!(compared(done, &Filter::default()), (1, 1));
    let accepted = doc_with(text, "b", &[(12, 26, "PERSON", Accepted)]);
    assert_eq!(accepted.status, DocStatus::Todo);
    assert_eq!(compared(accepted, &Filter::default()), (1, 1));
}

fn marks_in(len: usize) -> impl Strategy<Value = Vec<Mark>> {
    let label = prop::sample::select(vec!["PERSON", "AGENCY", "DATE"]);
    prop::collection::vec((0..len, 1..6usize, label), 0..8).prop_map(move |v| {
        let mut marks: Vec<Mark> = v
            .into_iter()
            .map(|(start, width, label)| m(start, (start + width).min(len), label))
            .filter(|mark| mark.start < mark.end)
            .collect();
        marks.sort();
        marks.dedup();
        marks
    })
}

fn text_and_two_sets() -> impl Strategy<Value = (String, Vec<Mark>, Vec<Mark>)> {
    "[a-c ]{1,30}".prop_flat_map(|text| {
        let len = text.chars().count();
        (Just(text), marks_in(len), marks_in(len))
    })
}

proptest! {
    #[test]
    fn an_annotator_agrees_fully_with_a_copy_of_themselves(
        (text, first, second) in text_and_two_sets(),
        missing in any::<bool>(),
    ) {
        // a third annotator, a copy too, without a file for the second article when `missing`
        let s = sheet(&["a", "copy", "again"], vec![
            article("one", &text, vec![Some(first.clone()), Some(first.clone()), Some(first)]),
            article("two", &text, vec![
                Some(second.clone()),
                Some(second.clone()),
                (!missing).then_some(second),
            ]),
        ]);
        let report = Report::compute(&s);
        // fully, or n/a when there is nothing (no span, or spans over spaces only)
        for pair in &report.pairs {
            prop_assert!(pair.span_f1.is_none_or(|f| f == 1.0));
            prop_assert!(pair.kappa.is_none_or(|k| k == 1.0));
            prop_assert_eq!(pair.span_f1.is_none(), pair.spans_a == 0);
            prop_assert_eq!(pair.not_applicable.is_some(), pair.kappa.is_none());
            for label in pair.per_label.values() {
                prop_assert_eq!(label.span_f1, Some(1.0));
            }
        }
        prop_assert!(report.alpha.is_none_or(|a| a == 1.0));
        prop_assert!(report.disagreements.iter().all(|d| d.count == 0));
    }
}
