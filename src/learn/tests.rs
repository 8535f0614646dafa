//! The tagger end to end: learning a tiny corpus, determinism, the saved form.

use super::*;
use crate::corpus::SourceRef;
use std::path::Path;

fn article(id: &str, text: &str) -> Article {
    Article::from_text(id, text, SourceRef::new("a.txt", 1))
}

/// Sentences where a capitalised word before "қаласында" is a place and one before
/// "мырза" a person.
fn corpus() -> Vec<(Article, Vec<Labelled>)> {
    let places = ["Астана", "Алматы", "Атырау", "Шымкент", "Тараз", "Ақтөбе"];
    let people = ["Асқар", "Ерлан", "Дана", "Бауыржан", "Айгерім", "Нұрлан"];
    let mut out = Vec::new();
    for (i, (place, person)) in places.iter().zip(people).enumerate() {
        let text = format!("Кеше {place} қаласында {person} мырза сөйледі.");
        let p0 = 5;
        let p1 = p0 + place.chars().count();
        let q0 = p1 + " қаласында ".chars().count();
        let q1 = q0 + person.chars().count();
        let spans = vec![
            Labelled {
                start: p0,
                end: p1,
                label: 0,
            },
            Labelled {
                start: q0,
                end: q1,
                label: 1,
            },
        ];
        out.push((article(&format!("a{i}"), &text), spans));
    }
    out
}

fn examples() -> Vec<Example> {
    let mut clashes = 0;
    corpus()
        .iter()
        .flat_map(|(a, s)| sentences::examples(a, s, &mut clashes))
        .collect()
}

fn labels() -> Vec<String> {
    vec!["LOCATION".into(), "PERSON".into()]
}

#[test]
fn a_tiny_corpus_is_learned_and_new_names_are_found() {
    let model = train(labels(), &examples(), &Options::default(), &mut |_| {});
    let unseen = article("new", "Кеше Семей қаласында Марат мырза сөйледі.");
    let reading = read(&model, &unseen);
    let spans: Vec<_> = reading
        .spans
        .iter()
        .map(|f| (f.start, f.end, f.label.as_str()))
        .collect();
    assert_eq!(spans, [(5, 10, "LOCATION"), (21, 26, "PERSON")]);
    assert!(
        reading
            .spans
            .iter()
            .all(|f| f.confidence > 0.0 && f.confidence <= 1.0)
    );
    assert!((0.0..1.0).contains(&reading.doubt));
    let gold = vec![(&unseen, vec![(5, 10, "LOCATION"), (21, 27, "PERSON")])];
    let scores = evaluate(&model, gold);
    assert_eq!(scores.micro().f1, 0.5);
}

#[test]
fn the_same_data_gives_the_same_model_bytes() {
    let a = train(labels(), &examples(), &Options::default(), &mut |_| {});
    let b = train(labels(), &examples(), &Options::default(), &mut |_| {});
    assert_eq!(a.to_bytes(), b.to_bytes());
    let back = Model::from_bytes(&a.to_bytes(), Path::new("m")).unwrap();
    assert_eq!(back.to_bytes(), a.to_bytes());
}

#[test]
fn a_file_that_is_no_model_is_refused_by_name() {
    let e = Model::from_bytes(b"hello", Path::new("x.model")).unwrap_err();
    assert!(e.to_string().contains("x.model: not a tanba model"), "{e}");
    let model = train(labels(), &examples(), &Options::default(), &mut |_| {});
    let bytes = model.to_bytes();
    let e = Model::from_bytes(&bytes[..bytes.len() / 2], Path::new("m")).unwrap_err();
    assert!(e.to_string().contains("damaged"), "{e}");
}
