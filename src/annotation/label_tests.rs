use super::*;
use proptest::prelude::*;

fn set_of(names: &[&str]) -> LabelSet {
    LabelSet {
        labels: names.iter().map(|n| Label::named(*n)).collect(),
    }
}

/// The 25 labels of KazNERD, a public Kazakh NER dataset.
const KAZNERD: [&str; 25] = [
    "ADAGE",
    "ART",
    "CARDINAL",
    "CONTACT",
    "DATE",
    "DISEASE",
    "EVENT",
    "FACILITY",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOCATION",
    "MISCELLANEOUS",
    "MONEY",
    "NON_HUMAN",
    "NORP",
    "ORDINAL",
    "ORGANISATION",
    "PERCENTAGE",
    "PERSON",
    "POSITION",
    "PRODUCT",
    "PROJECT",
    "QUANTITY",
    "TIME",
];

#[test]
fn default_set_is_valid_and_digits_reach_labels_in_order() {
    let set = LabelSet::default();
    set.validate().unwrap();
    let names: Vec<_> = set.names().collect();
    assert_eq!(names, ["PERSON", "AGENCY", "STATISTIC", "LOCATION", "DATE"]);
    assert_eq!(set.by_key('4').unwrap().name, "LOCATION");
    assert_eq!(set.nth(3).unwrap().name, "STATISTIC");
    assert!(set.nth(0).is_none());
    assert_eq!(set.tags(), ["PER", "AGE", "STA", "LOC", "DAT"]);
}

#[test]
fn duplicate_keys_tags_and_names_are_rejected() {
    let mut set = LabelSet::default();
    set.labels[1].key = Some('1');
    assert_eq!(
        set.validate(),
        Err(LabelSetError::DuplicateKey {
            key: '1',
            first: "PERSON".into(),
            second: "AGENCY".into()
        })
    );
    let mut set = LabelSet::default();
    set.labels[2].name = "PERSON".into();
    assert_eq!(
        set.validate(),
        Err(LabelSetError::DuplicateName("PERSON".into()))
    );
    let mut set = LabelSet::default();
    set.labels[0].tag = Some("X".into());
    set.labels[3].tag = Some("X".into());
    let err = set.validate().unwrap_err();
    assert_eq!(err.label(), Some("LOCATION"));
    assert!(err.to_string().contains("tag \"X\""), "{err}");
    let mut set = LabelSet::default();
    set.labels[0].key = Some(' ');
    assert_eq!(set.validate(), Err(LabelSetError::BadKey("PERSON".into())));
}

#[test]
fn kaznerd_labels_get_unique_tags_that_tell_percentage_from_person() {
    let set = set_of(&KAZNERD);
    set.validate().unwrap();
    let tags = set.tags();
    let tag = |name: &str| tags[set.position(name).unwrap()].as_str();
    assert_eq!(tag("PERCENTAGE"), "PERC");
    assert_eq!(tag("PERSON"), "PERS");
    assert_eq!(tag("PRODUCT"), "PROD");
    assert_eq!(tag("PROJECT"), "PROJ");
    assert_eq!(tag("ART"), "ART");
    assert_eq!(tag("LOCATION"), "LOC");
    let unique: std::collections::BTreeSet<_> = tags.iter().collect();
    assert_eq!(unique.len(), 25);
}

#[test]
fn own_tags_win_and_defaults_step_around_them() {
    let mut set = set_of(&["PER", "PERSON", "PERIOD"]);
    assert_eq!(set.tags(), ["PER", "PERS", "PERI"]);
    set.labels[1].tag = Some("PERI".into());
    assert_eq!(set.tags(), ["PER", "PERI", "PERIO"]);
    let mut set = set_of(&["AB", "ABC"]);
    set.labels[1].tag = Some("AB".into());
    assert_eq!(set.tags(), ["AB2", "AB"]);
}

#[test]
fn keys_default_to_free_digits_and_colours_cycle() {
    let mut set = set_of(&KAZNERD);
    set.labels[1].key = Some('1');
    set.labels[2].key = Some('p');
    let keys = set.keys();
    assert_eq!(keys[0], None, "digit 1 is ART's own key");
    assert_eq!(keys[1], Some('1'));
    assert_eq!(keys[2], Some('p'));
    assert_eq!(keys[3], Some('4'));
    assert_eq!(keys[9], None, "digits stop at 9");
    assert_eq!(set.by_key('p').unwrap().name, "CARDINAL");
    assert_eq!(set.by_key('1').unwrap().name, "ART");
    assert_eq!(set.color(0), PALETTE[0]);
    assert_eq!(set.color(PALETTE.len() + 1), PALETTE[1]);
    assert_eq!(LabelSet::default().color(4), "blue");
}

#[test]
fn names_are_added_once_and_unknown_ones_listed() {
    let mut set = LabelSet::default();
    assert_eq!(
        set.unknown(["ART", "PERSON", "ADAGE", "ART"]),
        ["ADAGE", "ART"]
    );
    let added = set.add_names(["ART", "PERSON", "ADAGE", "ART"]);
    assert_eq!(added, ["ART", "ADAGE"]);
    assert_eq!(set.labels.len(), 7);
    assert!(set.unknown(["ART"]).is_empty());
}

proptest! {
    #[test]
    fn tags_are_unique_and_prefixes_of_names(
        names in proptest::collection::btree_set("[A-C]{1,5}", 1..30),
        own in proptest::collection::vec(proptest::option::of("[A-C]{1,4}"), 30),
    ) {
        let mut set = set_of(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let mut seen = std::collections::BTreeSet::new();
        for (label, tag) in set.labels.iter_mut().zip(own) {
            if let Some(tag) = tag.filter(|t| seen.insert(t.clone())) {
                label.tag = Some(tag);
            }
        }
        prop_assert!(set.validate().is_ok());
        let tags = set.tags();
        let unique: std::collections::BTreeSet<_> = tags.iter().collect();
        prop_assert_eq!(unique.len(), tags.len());
        for (label, tag) in set.labels.iter().zip(&tags) {
            match &label.tag {
                Some(own) => prop_assert_eq!(own, tag),
                None => prop_assert!(tag.starts_with(label.name.chars().next().unwrap())),
            }
        }
    }
}

#[test]
fn a_new_label_name_is_neither_punctuation_alone_nor_a_path() {
    for bad in [".", "..", "-", "./ws", "data/ws", r"C:\ws", "", "A B"] {
        assert!(LabelSet::check_new_name(bad).is_err(), "{bad:?}");
    }
    for good in ["PERSON", "B-PER", "ORG.GOV", "ЖЕР", "x_1"] {
        assert_eq!(LabelSet::check_new_name(good), Ok(()), "{good:?}");
    }
}

#[test]
fn an_unknown_label_is_said_one_way_with_the_nearest_name() {
    let known = ["PERSON", "AGENCY", "LOCATION"];
    assert_eq!(
        unknown_label("PERSN", known),
        "unknown label `PERSN`; did you mean `PERSON`? (labels: PERSON, AGENCY, LOCATION)"
    );
    assert_eq!(
        unknown_label("location", known),
        "unknown label `location`; did you mean `LOCATION`? (labels: PERSON, AGENCY, LOCATION)"
    );
    assert_eq!(
        unknown_label("GPE", known),
        "unknown label `GPE` (labels: PERSON, AGENCY, LOCATION)"
    );
    assert_eq!(
        unknown_label("X\u{1b}[2J", []),
        "unknown label `X␛[2J` (the label set is empty)"
    );
}
