use super::*;
use crate::annotation::{Op, Span};
use crate::search::fold::is_word_char;
use proptest::prelude::*;
use std::path::Path;

const SEED: &str = include_str!("../../sample-data/atyrau-anticorruption-commission.kk.txt");

fn accepted(text: &str, start: usize, end: usize, label: &str) -> Span {
    Span::cut(text, start, end, label, Origin::Manual, "me").unwrap()
}

fn find_all(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let n = needle.chars().count();
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .map(|s| (s, s + n))
        .collect()
}

fn ranges(spans: &[Span]) -> Vec<(usize, usize)> {
    spans.iter().map(|s| (s.start, s.end)).collect()
}

#[test]
fn the_first_atyrau_suggests_the_other_five() {
    let all = find_all(SEED, "Атырау");
    assert_eq!(all.len(), 6);
    let mut doc = DocAnnotations::new("seed", "me", SEED);
    let first = accepted(SEED, all[0].0, all[0].1, "LOCATION");
    doc.apply(&Op::Add(first.clone()), "me");
    let found = in_article(SEED, &doc, &first, "me", SpanScheme::Nested);
    assert_eq!(ranges(&found), all[1..]);
    for s in &found {
        assert_eq!((s.label.as_str(), s.text.as_str()), ("LOCATION", "Атырау"));
        assert_eq!(
            (&s.origin, s.state),
            (&Origin::Suggested, SpanState::Pending)
        );
    }
}

#[test]
fn inflected_forms_are_suggested_as_whole_words() {
    let text =
        "Атырау қаласы. Атырауда жиын өтті. Атыраудың әкімі. Атыраулықтар2 емес, Атыр да емес.";
    let mut doc = DocAnnotations::new("a", "me", text);
    let first = accepted(text, 0, 6, "LOCATION");
    doc.apply(&Op::Add(first.clone()), "me");
    let texts: Vec<String> = in_article(text, &doc, &first, "me", SpanScheme::Nested)
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(texts, ["Атырауда", "Атыраудың"]);
}

#[test]
fn a_long_agency_name_matches_with_its_last_word_inflected() {
    let name = "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі";
    let text = format!("{name} хабарлады. ҚР {name}нің басшысы.");
    let mut doc = DocAnnotations::new("a", "me", &text);
    let first = accepted(&text, 0, name.chars().count(), "AGENCY");
    doc.apply(&Op::Add(first.clone()), "me");
    let found = in_article(&text, &doc, &first, "me", SpanScheme::Nested);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].text, format!("{name}нің"));
}

#[test]
fn spans_of_the_same_label_are_left_alone_others_are_not() {
    let text = "Атырау облысы. Атырау облысы. Атырау.";
    let mut doc = DocAnnotations::new("a", "me", text);
    let first = accepted(text, 0, 6, "LOCATION");
    doc.apply(&Op::Add(first.clone()), "me");
    doc.apply(&Op::Add(accepted(text, 15, 28, "LOCATION")), "me");
    doc.apply(&Op::Add(accepted(text, 30, 36, "PERSON")), "me");
    assert_eq!(
        ranges(&in_article(text, &doc, &first, "me", SpanScheme::Nested)),
        [(30, 36)]
    );
}

#[test]
fn a_rejected_text_is_not_suggested_again_in_that_article() {
    let text = "Атырау, Атырау, Атырау.";
    let mut doc = DocAnnotations::new("a", "me", text);
    let first = accepted(text, 0, 6, "LOCATION");
    doc.apply(&Op::Add(first.clone()), "me");
    let mut no = Span::cut(text, 8, 14, "LOCATION", Origin::Suggested, "me").unwrap();
    no.state = SpanState::Rejected;
    doc.apply(&Op::Add(no), "me");
    assert_eq!(in_article(text, &doc, &first, "me", SpanScheme::Nested), []);
    // another label is another question
    let person = accepted(text, 0, 6, "PERSON");
    doc.apply(&Op::Add(person.clone()), "me");
    assert_eq!(
        in_article(text, &doc, &person, "me", SpanScheme::Nested).len(),
        2
    );
}

#[test]
fn the_gazetteer_takes_the_most_frequent_label_and_notes_the_others() {
    let mut b = GazetteerBuilder::default();
    for label in ["LOCATION", "AGENCY", "LOCATION"] {
        b.add("Атырау", label);
    }
    b.add("атырау облысы", "AGENCY");
    b.add("  ", "AGENCY");
    let g = b.build();
    assert_eq!(g.len(), 2);
    let text = "АТЫРАУДА және Атырау облысының әкімдігі";
    let doc = DocAnnotations::new("a", "me", text);
    let found = from_gazetteer(&g, text, &doc, "me", SpanScheme::Nested);
    let got: Vec<_> = found
        .iter()
        .map(|s| (s.text.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("АТЫРАУДА", "LOCATION"),
            ("Атырау", "LOCATION"),
            ("Атырау облысының", "AGENCY")
        ]
    );
    assert_eq!(
        found[0].note.as_deref(),
        Some("gazetteer: LOCATION ×2, also AGENCY ×1")
    );
    assert_eq!(found[2].note, None);
}

#[test]
fn nothing_is_suggested_in_a_document_marked_done() {
    let mut b = GazetteerBuilder::default();
    b.add("Атырау", "LOCATION");
    let g = b.build();
    let mut doc = DocAnnotations::new("a", "me", "Атырау");
    doc.status = DocStatus::Done;
    assert_eq!(
        from_gazetteer(&g, "Атырау", &doc, "me", SpanScheme::Nested),
        []
    );
}

#[test]
fn tsv_lines_that_are_not_entries_are_reported_with_their_number() {
    let mut b = GazetteerBuilder::default();
    let tsv = "# team list\nАтырау\tLOCATION\n\nno tab here\n«»\tAGENCY\nАқтөбе\t\nМахамбет Досмұхамбетов\tPERSON\r\n";
    let problems = read_tsv(Path::new("gazetteer.tsv"), tsv, &mut b);
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(shown[0].starts_with("gazetteer.tsv:4: "), "{shown:?}");
    assert!(shown[1].starts_with("gazetteer.tsv:5: "), "{shown:?}");
    assert!(shown[2].starts_with("gazetteer.tsv:6: "), "{shown:?}");
    let g = b.build();
    assert_eq!(g.len(), 2);
    let words = FoldedWords::new("Махамбет Досмұхамбетовтің төрағалығымен");
    let found = g.find(&words);
    assert_eq!(found.len(), 1);
    assert_eq!(g.entry(found[0].entry).label, "PERSON");
}

#[test]
fn model_candidates_are_checked_like_any_other() {
    let text = "Атырау облысы";
    let mut doc = DocAnnotations::new("a", "me", text);
    doc.apply(&Op::Add(accepted(text, 0, 6, "LOCATION")), "me");
    let c = |start, end, label: &str| Candidate {
        start,
        end,
        label: label.into(),
        note: None,
    };
    let origin = Origin::Model("spacy".into());
    let spans = admit(
        text,
        &doc,
        vec![
            c(0, 13, "LOCATION"),
            c(0, 13, "AGENCY"),
            c(7, 99, "X"),
            c(3, 3, "X"),
        ],
        &origin,
        "me",
        SpanScheme::Nested,
    );
    assert_eq!(spans.len(), 1);
    assert_eq!(
        (spans[0].label.as_str(), &spans[0].origin),
        ("AGENCY", &origin)
    );
}

#[test]
fn origins_are_written_by_name() {
    let ron = |o: &Origin| ron::to_string(o).unwrap();
    assert_eq!(ron(&Origin::Suggested), "suggested");
    assert_eq!(ron(&Origin::Model("spacy".into())), "model(\"spacy\")");
    let back: Origin = ron::from_str("model(\"spacy\")").unwrap();
    assert_eq!(back.to_string(), "model:spacy");
}

/// Texts of Kazakh words with endings, separators and punctuation.
fn text_strategy() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Атырау",
        "атырауда",
        "Атыраудың",
        "облысы",
        "жемқорлық",
        "ҚР",
        "Ақ",
        "Ақтөбе",
        "2020",
    ]);
    let sep = prop::sample::select(vec![" ", "  ", ", ", "\n", "-", "«", "» ", "."]);
    prop::collection::vec((word, sep), 1..30)
        .prop_map(|parts| parts.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn suggestions_are_whole_words_in_the_text_never_over_a_same_label_span(
        text in text_strategy(),
        phrase_at in 0usize..30,
        phrase_len in 1usize..3,
        taken in prop::collection::vec((0usize..200, 1usize..12), 0..4),
    ) {
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<_> = crate::search::fold::words(&text).collect();
        let first = phrase_at % words.len();
        let last = (first + phrase_len - 1).min(words.len() - 1);
        let mut doc = DocAnnotations::new("a", "me", &text);
        for (s, len) in taken {
            let s = s % chars.len();
            if let Some(span) = Span::cut(&text, s, (s + len).min(chars.len()), "LOCATION", Origin::Manual, "me") {
                doc.apply(&Op::Add(span), "me");
            }
        }
        let seed = accepted(&text, words[first].start, words[last].end, "LOCATION");
        let found = in_article(&text, &doc, &seed, "me", SpanScheme::Nested);
        for s in &found {
            prop_assert!(s.start < s.end && s.end <= chars.len());
            prop_assert!(s.start == 0 || !is_word_char(chars[s.start - 1]));
            prop_assert!(s.end == chars.len() || !is_word_char(chars[s.end]));
            prop_assert!(is_word_char(chars[s.start]) && is_word_char(chars[s.end - 1]));
            let same: String = chars[s.start..s.end].iter().collect();
            prop_assert_eq!(&s.text, &same);
            prop_assert!(!doc.live_spans().any(|d| d.label == s.label && d.start < s.end && s.start < d.end));
        }
        for pair in found.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start);
        }
        // applying them all leaves nothing more to suggest
        for s in &found {
            doc.apply(&Op::Add(s.clone()), "me");
        }
        prop_assert_eq!(in_article(&text, &doc, &seed, "me", SpanScheme::Nested), vec![]);
    }

    #[test]
    fn the_gazetteer_finds_what_in_article_matching_finds(
        text in text_strategy(),
        phrase_at in 0usize..30,
        phrase_len in 1usize..3,
    ) {
        let words: Vec<_> = crate::search::fold::words(&text).collect();
        let first = phrase_at % words.len();
        let last = (first + phrase_len - 1).min(words.len() - 1);
        let seed = accepted(&text, words[first].start, words[last].end, "LOCATION");
        // as in the annotator, the accepted seed is in the document when both look
        let mut doc = DocAnnotations::new("a", "me", &text);
        doc.apply(&Op::Add(seed.clone()), "me");
        let mut b = GazetteerBuilder::default();
        b.add(&seed.text, "LOCATION");
        // the gazetteer also finds the seed's own place, which in-article leaves out
        let mut by_gazetteer = ranges(&from_gazetteer(&b.build(), &text, &doc, "me", SpanScheme::Nested));
        by_gazetteer.retain(|&r| r != (seed.start, seed.end));
        prop_assert_eq!(by_gazetteer, ranges(&in_article(&text, &doc, &seed, "me", SpanScheme::Nested)));
    }
}

#[test]
fn the_gazetteer_carries_names_from_one_article_to_another_and_from_the_tsv() {
    use crate::store::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(dir.path(), &[]).unwrap();
    let first = "Атырау облысы әкімі Махамбет Досмұхамбетов сөйледі.";
    let mut doc = DocAnnotations::new("one", "me", first);
    doc.apply(&Op::Add(accepted(first, 0, 6, "LOCATION")), "me");
    doc.apply(&Op::Add(accepted(first, 20, 42, "PERSON")), "me");
    let mut no = Span::cut(first, 7, 13, "LOCATION", Origin::Suggested, "me").unwrap();
    no.state = SpanState::Rejected;
    doc.apply(&Op::Add(no), "me");
    ws.save_doc("me", &doc).unwrap();
    let mut other = DocAnnotations::new("x", "someone", first);
    other.apply(&Op::Add(accepted(first, 14, 19, "PERSON")), "someone");
    ws.save_doc("someone", &other).unwrap();
    std::fs::write(
        dir.path().join(GAZETTEER_FILE),
        "Адалдық алаңы\tAGENCY\nbroken line\n",
    )
    .unwrap();
    std::fs::write(ws.annotator_dir("me").join("bad.ron"), "(oops").unwrap();

    let (g, problems) = Gazetteer::load(&ws.root, &ws.annotator_dir("me"));
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown.iter().any(|p| p.contains("gazetteer.tsv:2: ")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|p| p.contains("bad.ron")), "{shown:?}");
    // only this annotator's accepted spans and the tsv: no "облысы", no "әкімі"
    assert_eq!(g.len(), 3);

    let second =
        "Атыраудағы жиында Досмұхамбетов емес, Махамбет Досмұхамбетовтің «Адалдық алаңы» әкімі.";
    let found = from_gazetteer(
        &g,
        second,
        &DocAnnotations::new("two", "me", second),
        "me",
        SpanScheme::Nested,
    );
    let got: Vec<_> = found
        .iter()
        .map(|s| (s.text.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Атыраудағы", "LOCATION"),
            ("Махамбет Досмұхамбетовтің", "PERSON"),
            ("Адалдық алаңы", "AGENCY")
        ]
    );
}

#[test]
fn suggestions_are_signed_by_tanba_or_the_model_not_the_annotator() {
    let text = "Атырау облысы, Атырау қаласы";
    let doc = DocAnnotations::new("a", "bota", text);
    let accepted = Span::cut(text, 0, 6, "LOCATION", Origin::Manual, "bota").unwrap();
    let again = super::in_article(text, &doc, &accepted, "bota", SpanScheme::Nested);
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].origin.clone(), again[0].who.as_str()),
        (Origin::Suggested, "tanba")
    );
    let candidate = super::Candidate {
        start: 15,
        end: 21,
        label: "GPE".into(),
        note: None,
    };
    let model = Origin::Model("spacy".into());
    let spans = super::admit(
        text,
        &doc,
        vec![candidate],
        &model,
        "bota",
        SpanScheme::Nested,
    );
    assert_eq!(spans[0].who, "model:spacy");
}
