use super::*;

const HAND_WRITTEN: &str = r#"// our team's labels
(
    name: "news",
    labels: [
        // people first
        (name: "PERSON", key: 'p', color: "yellow", description: "People, by name"),
        (name: "PERCENTAGE", tag: "PCT"), /* a block comment with ] and ) */
        (name: "ORG\"]", key: Some('o')) // a name with a quote and a bracket
    ],
    sources: [],
)
"#;

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("tanba.ron");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn keys_tags_and_colours_are_optional_and_written_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let settings = read_settings(&write(dir.path(), HAND_WRITTEN)).unwrap();
    let labels = &settings.labels.labels;
    assert_eq!(labels[0].key, Some('p'));
    assert_eq!(labels[1].key, None);
    assert_eq!(labels[1].tag.as_deref(), Some("PCT"));
    assert_eq!(labels[2].key, Some('o'));
    assert_eq!(labels[2].name, "ORG\"]");
    let mut new = Settings::new("x", vec![PathBuf::from("/c/a b")]);
    new.labels = settings.labels.clone();
    new.sentences_per_article = Some(50);
    new.from = Some(Reader::Conll);
    let text = settings_to_ron(&new);
    assert!(
        text.contains(r#"(name: "PERSON", key: 'p', color: "yellow","#),
        "{text}"
    );
    assert!(text.contains("from: conll,"), "{text}");
    assert_eq!(read_settings(&write(dir.path(), &text)).unwrap(), new);
}

#[test]
fn adding_labels_keeps_comments_order_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), HAND_WRITTEN);
    let names = ["ADAGE".to_string(), "PERSON".into(), "ART".into()];
    assert_eq!(add_labels(&path, &names).unwrap(), ["ADAGE", "ART"]);
    let text = std::fs::read_to_string(&path).unwrap();
    let expected = HAND_WRITTEN.replace(
        "(name: \"ORG\\\"]\", key: Some('o')) // a name with a quote and a bracket\n",
        "(name: \"ORG\\\"]\", key: Some('o')), // a name with a quote and a bracket\n        \
         (name: \"ADAGE\"),\n        (name: \"ART\"),\n",
    );
    assert_eq!(text, expected);
    let names: Vec<String> = read_settings(&path)
        .unwrap()
        .labels
        .names()
        .map(String::from)
        .collect();
    assert_eq!(names, ["PERSON", "PERCENTAGE", "ORG\"]", "ADAGE", "ART"]);
    assert!(add_labels(&path, &["ART".into()]).unwrap().is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
}

#[test]
fn adding_to_a_file_without_labels_or_on_one_line_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "(name: \"n\", sources: []) // end\n");
    add_labels(&path, &["ART".into()]).unwrap();
    let settings = read_settings(&path).unwrap();
    assert_eq!(settings.labels.labels.len(), 6);
    assert_eq!(settings.labels.labels[5].name, "ART");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("// end\n")
    );

    let path = write(dir.path(), "(name: \"n\", labels: [(name: \"A\")])\n");
    add_labels(&path, &["B".into()]).unwrap();
    let names: Vec<String> = read_settings(&path)
        .unwrap()
        .labels
        .names()
        .map(String::from)
        .collect();
    assert_eq!(names, ["A", "B"]);
}

#[test]
fn a_bad_name_is_refused_and_the_file_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), HAND_WRITTEN);
    let err = add_labels(&path, &["TWO WORDS".into()]).unwrap_err();
    assert!(err.to_string().contains("TWO WORDS"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
}

#[test]
fn label_set_errors_point_at_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = HAND_WRITTEN.replace("tag: \"PCT\"", "key: 'p'");
    let err = read_settings(&write(dir.path(), &text))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tanba.ron:7:30: key 'p' is given to both PERSON and PERCENTAGE"),
        "{err}"
    );
    let text = HAND_WRITTEN.replace("ORG\\\"]", "PERSON");
    let err = read_settings(&write(dir.path(), &text))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tanba.ron:8:10: label \"PERSON\" is defined twice"),
        "{err}"
    );
    let text = HAND_WRITTEN.replace("key: 'p'", "key: 'p', tag: \"PCT\"");
    let err = read_settings(&write(dir.path(), &text))
        .unwrap_err()
        .to_string();
    assert!(err.contains("tanba.ron:7:30: tag \"PCT\""), "{err}");
}
