use super::*;
use crate::annotation::LabelSet;
use crate::annotation::{DocStatus, Op, Origin, Span, SpanState};
use crate::corpus::{ImportedSpan, SourceRef};
use crate::store::FileError;
use proptest::prelude::*;

fn article(id: &str, text: &str) -> Article {
    Article::from_text(id, text, SourceRef::new("corpus/x.txt", 1))
}

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(&dir.path().join("ws"), &[]).unwrap();
    (dir, ws)
}

#[test]
fn a_new_workspace_has_the_default_labels_and_reopens() {
    let (_dir, ws) = workspace();
    assert_eq!(ws.settings.labels, LabelSet::default());
    let again = Workspace::open(&ws.root).unwrap();
    assert_eq!(again.settings, ws.settings);
}

#[test]
fn pre_annotations_enter_as_pending_imported_spans() {
    let (_dir, ws) = workspace();
    let mut a = article("a", "«Атырау облысы» 9\u{a0}000");
    a.imported = vec![
        ImportedSpan {
            start: 1,
            end: 7,
            label: "LOCATION".into(),
            note: None,
        },
        ImportedSpan {
            start: 16,
            end: 21,
            label: "STATISTIC".into(),
            note: Some("n".into()),
        },
    ];
    let loaded = ws.load_doc("me", &a).unwrap();
    assert!(!loaded.from_disk);
    let spans = &loaded.doc.spans;
    assert_eq!(spans.len(), 2);
    assert!(
        spans
            .iter()
            .all(|s| s.origin == Origin::Imported && s.state == SpanState::Pending)
    );
    assert_eq!(spans[0].text, "Атырау");
    assert_eq!(spans[1].text, "9\u{a0}000");
    assert_eq!(spans[1].note.as_deref(), Some("n"));
}

#[test]
fn a_corrupt_file_is_an_error_with_line_and_is_left_untouched() {
    let (_dir, ws) = workspace();
    let a = article("a", "Атырау");
    let mut doc = fresh_doc(&a, "me");
    doc.apply(
        &Op::Add(Span::cut(&a.text, 0, 6, "LOCATION", Origin::Manual, "me").unwrap()),
        "me",
    );
    ws.save_doc("me", &doc).unwrap();
    let path = ws.doc_path("me", "a");
    let good = std::fs::read_to_string(&path).unwrap();
    let mut cut = good.len() / 2;
    while !good.is_char_boundary(cut) {
        cut -= 1;
    }
    let truncated = &good[..cut];
    std::fs::write(&path, truncated).unwrap();
    let err = ws.load_doc("me", &a).unwrap_err();
    match &err {
        StoreError::File(FileError::Parse { path: p, line, .. }) => {
            assert_eq!(p, &path);
            // the parser stops where the truncated file does
            assert_eq!(*line, truncated.lines().count());
        }
        other => panic!("expected a parse error, got {other}"),
    }
    assert!(err.to_string().starts_with(&path.display().to_string()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), truncated);
}

#[test]
fn only_the_owner_writes_a_document() {
    let (_dir, ws) = workspace();
    let doc = DocAnnotations::new("a", "dana", "x");
    assert!(matches!(
        ws.save_doc("aigerim", &doc),
        Err(StoreError::NotYours { .. })
    ));
    assert!(!ws.doc_path("dana", "a").exists());
}

#[test]
fn hostile_ids_land_inside_the_annotator_folder() {
    let (_dir, ws) = workspace();
    let folder = ws.annotator_dir("me");
    for id in ["../../x", "/tmp/x", "a/../../b", "", "CON", "..", "."] {
        let a = article(id, "text");
        let doc = fresh_doc(&a, "me");
        ws.save_doc("me", &doc).unwrap();
        let path = ws.doc_path("me", id);
        assert_eq!(path.parent().unwrap(), folder, "{id:?}");
        assert!(path.exists());
        assert_eq!(ws.load_doc("me", &a).unwrap().doc.article, id);
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 7);
}

#[test]
fn load_all_finds_every_annotators_files_by_escaped_id_and_nothing_else() {
    let (_dir, ws) = workspace();
    let ids = ["news/1", "../../x", "Атырау 2021", "plain"];
    let articles: Vec<Article> = ids.iter().map(|id| article(id, "мәтін")).collect();
    for (who, saved) in [("aigerim", &ids[..3]), ("dana", &ids[1..2])] {
        for a in articles.iter().filter(|a| saved.contains(&a.id.as_str())) {
            ws.save_doc(who, &fresh_doc(a, who)).unwrap();
        }
    }
    // a file for an article the corpus lacks, and a stray file, are not documents of it
    ws.save_doc("dana", &fresh_doc(&article("gone", "x"), "dana"))
        .unwrap();
    std::fs::write(ws.annotator_dir("dana").join("notes.txt"), "x").unwrap();
    let corpus = Corpus {
        articles,
        problems: Vec::new(),
    };
    let (docs, errors) = ws.load_all(&corpus);
    assert!(errors.is_empty(), "{errors:?}");
    let found: Vec<(&str, &str)> = docs
        .keys()
        .map(|k| (k.annotator.as_str(), k.article.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("aigerim", "../../x"),
            ("aigerim", "news/1"),
            ("aigerim", "Атырау 2021"),
            ("dana", "../../x"),
        ]
    );
}

#[test]
fn changed_text_is_reanchored_on_load() {
    let (_dir, ws) = workspace();
    let old = article("a", "Қанат Сүлейменов айтты.");
    let mut doc = fresh_doc(&old, "me");
    doc.apply(
        &Op::Add(Span::cut(&old.text, 0, 16, "PERSON", Origin::Manual, "me").unwrap()),
        "me",
    );
    ws.save_doc("me", &doc).unwrap();
    let new = article("a", "Басшы Қанат Сүлейменов айтты.");
    let loaded = ws.load_doc("me", &new).unwrap();
    assert_eq!(loaded.reanchored.moved, 1);
    assert_eq!(
        (loaded.doc.spans[0].start, loaded.doc.spans[0].end),
        (6, 22)
    );
}

#[test]
fn a_shipped_template_seeds_a_new_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let template = Workspace::open_or_create(&corpus, &[]).unwrap();
    let mut labels = LabelSet::default();
    labels.labels.truncate(2);
    let settings = Settings {
        labels: labels.clone(),
        ..Settings::new("shipped", vec![])
    };
    let text = ron::ser::to_string_pretty(&settings, Default::default()).unwrap();
    std::fs::write(template.settings_path(), text).unwrap();
    let a = article("a", "Атырау");
    let mut doc = fresh_doc(&a, "sample");
    doc.status = DocStatus::Done;
    template.save_doc("sample", &doc).unwrap();

    let ws =
        Workspace::open_or_create(&dir.path().join("ws"), std::slice::from_ref(&corpus)).unwrap();
    assert_eq!(ws.settings.name, "shipped");
    assert_eq!(ws.settings.labels, labels);
    assert_eq!(
        ws.settings.sources,
        vec![std::fs::canonicalize(&corpus).unwrap()]
    );
    assert_eq!(ws.annotators(), ["sample"]);
    assert_eq!(
        ws.load_doc("sample", &a).unwrap().doc.status,
        DocStatus::Done
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_texts_and_spans_survive_a_save_load_round_trip(
        text in "[a-zа-яәғқңөұүһі😀\u{301} \u{a0}«»\n\t\"\\\\]{1,80}",
        ranges in proptest::collection::vec((0usize..80, 1usize..10), 0..8),
        note in proptest::option::of("\\PC{0,20}"),
        id in "\\PC{0,30}",
    ) {
        let (_dir, ws) = workspace();
        let a = article(&id, &text);
        let len = text.chars().count();
        let mut doc = fresh_doc(&a, "me");
        for (start, width) in ranges {
            let start = start % len;
            let end = (start + width).min(len);
            if let Some(mut span) = Span::cut(&text, start, end, "PERSON", Origin::Manual, "me") {
                span.note = note.clone();
                doc.apply(&Op::Add(span), "me");
            }
        }
        ws.save_doc("me", &doc).unwrap();
        let back = ws.load_doc("me", &a).unwrap();
        prop_assert!(back.from_disk);
        prop_assert_eq!(back.reanchored, Reanchored::default());
        prop_assert_eq!(back.doc, doc);
    }
}

#[test]
fn a_reversed_or_empty_span_makes_the_file_invalid_at_its_line() {
    let (_dir, ws) = workspace();
    let a = article("a", "Атырау облысы");
    let mut doc = fresh_doc(&a, "me");
    doc.spans = vec![
        Span::cut(&a.text, 0, 6, "LOCATION", Origin::Manual, "me").unwrap(),
        Span::cut(&a.text, 7, 13, "LOCATION", Origin::Manual, "me").unwrap(),
    ];
    let good = doc_to_ron(&doc);
    for (from, to, message) in [
        (
            "start: 7, end: 13",
            "start: 13, end: 7",
            "span 13..7 ends before it starts",
        ),
        (
            "start: 7, end: 13",
            "start: 7, end: 7",
            "span 7..7 is empty",
        ),
    ] {
        let text = good.replacen(from, to, 1);
        assert_ne!(text, good);
        let path = ws.doc_path("me", "a");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        let line = 1 + text.lines().position(|l| l.contains(to)).unwrap();
        match ws.load_doc("me", &a) {
            Err(StoreError::File(FileError::Parse {
                line: at,
                column,
                message: m,
                ..
            })) => {
                assert_eq!((at, m.as_str()), (line, message));
                assert!(column > 1);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "left untouched"
        );
    }
}
