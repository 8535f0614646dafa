use std::collections::BTreeMap;

use super::*;
use crate::annotation::{Op, Origin, Span};
use crate::corpus::{Article, SourceRef};

const TEXT: &str = "Akim Dosmukhambetov in Atyrau";

fn doc(who: &str, spans: &[(usize, usize, &str)]) -> DocAnnotations {
    let mut doc = DocAnnotations::new("atyrau", who, TEXT);
    for &(start, end, label) in spans {
        let span = Span::cut(TEXT, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc
}

#[test]
fn the_curation_knows_whose_each_disputed_span_is() {
    let corpus = Corpus {
        articles: vec![Article::from_text(
            "atyrau",
            TEXT,
            SourceRef::new("a.txt", 1),
        )],
        problems: vec![],
    };
    let key = |who: &str| DocKey {
        annotator: who.into(),
        article: "atyrau".into(),
    };
    let docs = BTreeMap::from([
        (
            key("aigerim"),
            doc("aigerim", &[(5, 19, "PERSON"), (23, 29, "LOCATION")]),
        ),
        (
            key("dana"),
            doc("dana", &[(5, 19, "PERSON"), (23, 29, "AGENCY")]),
        ),
    ]);
    let names = ["aigerim".to_string(), "dana".to_string()];
    let sheet = Sheet::new(&corpus, &docs, &names, &Filter::default());
    let curation = Curation::new(&sheet, &docs, "curator");
    assert_eq!(curation.disagreements("atyrau"), 2);
    assert_eq!(curation.whose("atyrau", 23, 29, "LOCATION"), [0]);
    assert_eq!(curation.whose("atyrau", 23, 29, "AGENCY"), [1]);
    assert!(
        curation.whose("atyrau", 5, 19, "PERSON").is_empty(),
        "both have it"
    );
    let draft = &curation.get("atyrau").unwrap().draft;
    assert_eq!(draft.annotator, "curator");
    let states: Vec<_> = draft
        .spans
        .iter()
        .map(|s| (s.label.as_str(), s.state))
        .collect();
    use crate::annotation::SpanState::*;
    assert_eq!(
        states,
        [
            ("PERSON", Accepted),
            ("AGENCY", Pending),
            ("LOCATION", Pending)
        ]
    );
    assert_eq!(
        curation.get("atyrau").unwrap().own[1]
            .as_ref()
            .unwrap()
            .annotator,
        "dana"
    );
    assert_eq!(curation.legend(), "¹ aigerim  ² dana");
    assert_eq!(Curation::marks(&[0, 1]), "¹²");
    assert_eq!(superscript(10), "¹⁰");
}
