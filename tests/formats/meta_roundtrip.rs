//! The fields of a JSONL line tanba has no use for are kept as the article's meta and
//! written back unchanged by the JSONL export; a doccano classification list is the
//! article's document labels, written back as `cats`.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;

use tanba::corpus::{self, Corpus};
use tanba::export::{self, FlatOptions, Format, Selection, Tally};

fn load_line(dir: &Path, line: &str) -> Corpus {
    let path = dir.join("in.jsonl");
    std::fs::write(&path, format!("{line}\n")).unwrap();
    corpus::load(&[path])
}

/// The JSONL export of every article, pending pre-annotations included, one value a line.
fn export_jsonl(corpus: &Corpus) -> Vec<Value> {
    let selection = Selection {
        include_pending: true,
        ..Selection::default()
    };
    let docs = BTreeMap::new();
    let plan = export::plan(corpus, &docs, &selection);
    let items = plan.items(&selection, &mut Tally::default());
    let mut out = Vec::new();
    let options = FlatOptions::default();
    let mut tally = Tally::default();
    export::write_items(
        &mut out,
        Format::Jsonl,
        &items,
        options,
        &mut tally,
        &mut || {},
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extra_fields_of_every_kind_come_back_unchanged() {
    let line = r#"{"id": "kk-1", "date": "2019-07-26", "url": "https:\/\/news.kz\/1",
        "nested": {"b": [1, -2, 3.5, true, null], "a": {"\u0416": "\"жол\"\n"}},
        "count": 18446744073709551615, "lang": "kk", "lang": "ru", "ke\u0301y": "é",
        "text": "Қанат Сүлейменов Атырауда", "label": ["economy"],
        "entities": [{"start": 0, "end": 16, "label": "PERSON", "source": "model"}]}"#
        .replace('\n', " ");
    let dir = tempfile::tempdir().unwrap();
    let corpus = load_line(dir.path(), &line);
    assert_eq!(corpus.problems, vec![]);
    let article = &corpus.articles[0];
    let expected = json!({
        "date": "2019-07-26",
        "url": "https://news.kz/1",
        "nested": {"b": [1, -2, 3.5, true, null], "a": {"Ж": "\"жол\"\n"}},
        "count": 18446744073709551615u64,
        "lang": "ru",
        "ke\u{301}y": "é",
    });
    let Value::Object(expected) = expected else {
        unreachable!()
    };
    let expected: BTreeMap<String, Value> = expected.into_iter().collect();
    assert_eq!(
        article.meta.to_map(),
        expected,
        "the last of a repeated key wins"
    );
    assert_eq!(article.imported.len(), 1);
    assert_eq!(
        article.doc_labels,
        ["economy"],
        "a classification is no meta"
    );
    let exported = export_jsonl(&corpus);
    assert_eq!(exported[0]["cats"], json!({"economy": 1.0}));
    let Value::Object(meta) = exported[0]["meta"].clone() else {
        panic!("no meta in {:?}", exported[0])
    };
    let mut theirs: Map<String, Value> = meta;
    for ours in ["annotator", "status", "title"] {
        assert!(theirs.remove(ours).is_some(), "{ours} describes the export");
    }
    assert_eq!(theirs.into_iter().collect::<BTreeMap<_, _>>(), expected);
    // and read back, the export keeps them again, still flat, with the same labels
    let again = load_line(dir.path(), &serde_json::to_string(&exported[0]).unwrap());
    assert_eq!(export_jsonl(&again), exported);
}

fn field_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,10}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-zж]{0,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys the reader takes for itself, and `meta`, which the export merges.
fn is_ours(key: &str) -> bool {
    let taken = [
        "id", "text", "title", "label", "entities", "ents", "spans", "meta", "cats",
    ];
    taken.contains(&key) || ["annotator", "status"].contains(&key)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_extra_fields_are_the_meta_and_the_export_meta(
        fields in prop::collection::btree_map("\\PC{1,8}", field_value(), 0..5)
    ) {
        let fields: BTreeMap<String, Value> =
            fields.into_iter().filter(|(k, _)| !is_ours(k)).collect();
        let mut line: Map<String, Value> = fields.clone().into_iter().collect();
        line.insert("text".into(), json!("Бір екі"));
        let dir = tempfile::tempdir().unwrap();
        let corpus = load_line(dir.path(), &Value::Object(line).to_string());
        prop_assert_eq!(&corpus.problems, &vec![]);
        prop_assert_eq!(corpus.articles[0].meta.to_map(), fields.clone());
        let exported = export_jsonl(&corpus);
        let Value::Object(mut meta) = exported[0]["meta"].clone() else {
            panic!("no meta")
        };
        for ours in ["annotator", "status", "title"] {
            meta.remove(ours);
        }
        prop_assert_eq!(meta.into_iter().collect::<BTreeMap<_, _>>(), fields);
    }
}
