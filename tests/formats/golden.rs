//! Golden files: every export format on the seed article, (1) with the sample annotator's
//! shipped annotations (`seed.*`) and (2) with a fixed set by two annotators that has
//! nested, pending and rejected spans (`two-annotators.*`). Timestamps are fixed, so
//! output is stable. `UPDATE_GOLDEN=1 cargo test --test formats golden` rewrites them; review the
//! diff before committing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tanba::annotation::{DocAnnotations, DocStatus, LogEntry, Origin, Span, SpanState, Timestamp};
use tanba::corpus::{self, Corpus};
use tanba::export::{self, FlatOptions, Format, Selection, Tally, brat};
use tanba::store::{DocKey, parse_doc};

const SEED: &str = "sample-data/atyrau-anticorruption-commission.kk.txt";
const SAMPLE: &str = "sample-data/annotations/sample/atyrau-anticorruption-commission.kk.ron";

fn at(minute: u8) -> Timestamp {
    time::macros::datetime!(2024-05-06 09:00:00 UTC)
        .replace_minute(minute)
        .unwrap()
}

fn span(
    text: &str,
    start: usize,
    end: usize,
    label: &str,
    origin: Origin,
    state: SpanState,
    minute: u8,
) -> Span {
    let imported = origin == Origin::Imported;
    let mut s = Span::cut(text, start, end, label, origin, "aigerim").expect("seed span in range");
    s.state = state;
    if imported {
        s.who = "import".into();
    }
    s.created = at(minute);
    s.updated = at(minute);
    s
}

fn doc(corpus: &Corpus, who: &str, status: DocStatus, spans: Vec<Span>) -> DocAnnotations {
    let article = &corpus.articles[0];
    let mut doc = DocAnnotations::new(&article.id, who, &article.text);
    doc.status = status;
    for s in &spans {
        doc.log.push(LogEntry {
            when: s.updated,
            who: who.into(),
            what: format!("add {} {}..{} {:?}", s.label, s.start, s.end, s.text),
        });
    }
    doc.spans = spans;
    doc.normalize();
    doc
}

fn seed_corpus() -> Corpus {
    let corpus = corpus::load(&[PathBuf::from(SEED)]);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    corpus
}

/// The seed article with the sample annotator's shipped file.
fn sample() -> (Corpus, BTreeMap<DocKey, DocAnnotations>) {
    let corpus = seed_corpus();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let doc = parse_doc(Path::new(SAMPLE), &text).unwrap();
    let key = DocKey {
        annotator: doc.annotator.clone(),
        article: doc.article.clone(),
    };
    assert_eq!(doc.article, corpus.articles[0].id);
    (corpus, BTreeMap::from([(key, doc)]))
}

/// The seed article and two annotators' work on it. Offsets checked with Python slicing.
fn two_annotators() -> (Corpus, BTreeMap<DocKey, DocAnnotations>) {
    let corpus = seed_corpus();
    let t = corpus.articles[0].text.clone();
    use Origin::{Imported, Manual};
    use SpanState::{Accepted, Pending, Rejected};
    let mut person = span(&t, 21, 43, "PERSON", Imported, Accepted, 1);
    person.note = Some("аты-жөні, жалғаусыз".into());
    let mut region = span(&t, 1658, 1676, "LOCATION", Manual, Accepted, 20);
    region.note = Some("облыс \"Атырау\" ғана".into());
    let aigerim = vec![
        span(&t, 1, 14, "LOCATION", Manual, Accepted, 2),
        person,
        span(&t, 160, 174, "AGENCY", Manual, Accepted, 3),
        span(&t, 175, 216, "AGENCY", Manual, Accepted, 4),
        span(&t, 240, 272, "AGENCY", Manual, Accepted, 5),
        span(&t, 307, 317, "DATE", Imported, Pending, 6),
        span(&t, 587, 592, "STATISTIC", Manual, Accepted, 7),
        span(&t, 664, 669, "STATISTIC", Manual, Accepted, 8),
        span(&t, 821, 832, "DATE", Manual, Accepted, 9),
        span(&t, 847, 851, "STATISTIC", Manual, Accepted, 10),
        span(&t, 876, 965, "AGENCY", Manual, Accepted, 11),
        span(&t, 928, 941, "LOCATION", Manual, Accepted, 12),
        span(&t, 974, 990, "PERSON", Manual, Accepted, 13),
        span(&t, 1096, 1110, "PERSON", Manual, Accepted, 14),
        span(&t, 1157, 1166, "STATISTIC", Imported, Rejected, 15),
        span(&t, 1209, 1243, "AGENCY", Manual, Accepted, 16),
        span(&t, 1254, 1267, "PERSON", Manual, Accepted, 17),
        span(&t, 1428, 1430, "STATISTIC", Manual, Accepted, 18),
        region,
        span(&t, 1796, 1818, "PERSON", Manual, Accepted, 21),
    ];
    let dana = vec![
        span(&t, 1, 7, "LOCATION", Manual, Accepted, 30),
        span(&t, 587, 592, "STATISTIC", Manual, Accepted, 31),
        span(&t, 974, 990, "PERSON", Manual, Accepted, 32),
    ];
    let mut docs = BTreeMap::new();
    let id = corpus.articles[0].id.clone();
    let key = |who: &str| DocKey {
        annotator: who.into(),
        article: id.clone(),
    };
    docs.insert(
        key("aigerim"),
        doc(&corpus, "aigerim", DocStatus::Done, aigerim),
    );
    docs.insert(
        key("dana"),
        doc(&corpus, "dana", DocStatus::InProgress, dana),
    );
    (corpus, docs)
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn check(name: &str, actual: &[u8]) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden file:\n--- expected\n{}\n--- actual\n{}",
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual)
    );
}

type Fixture = fn() -> (Corpus, BTreeMap<DocKey, DocAnnotations>);

fn export(fixture: Fixture, format: Format, selection: &Selection) -> (Vec<u8>, Tally) {
    let (corpus, docs) = fixture();
    let plan = export::plan(&corpus, &docs, selection);
    let mut tally = Tally::default();
    let items = plan.items(selection, &mut tally);
    let mut out = Vec::new();
    export::write_items(
        &mut out,
        format,
        &items,
        FlatOptions::default(),
        &mut tally,
        &mut || {},
    )
    .unwrap();
    (out, tally)
}

fn brat_files(fixture: Fixture, selection: &Selection, folder: &str) {
    let (corpus, docs) = fixture();
    let plan = export::plan(&corpus, &docs, selection);
    let items = plan.items(selection, &mut Tally::default());
    let dir = tempfile::tempdir().unwrap();
    brat::write_files(dir.path(), &items[0], false, &mut Tally::default()).unwrap();
    for ext in ["txt", "ann"] {
        let name = format!("atyrau-anticorruption-commission.kk.{ext}");
        let written = std::fs::read(dir.path().join(&name)).unwrap();
        check(&format!("{folder}/{name}"), &written);
    }
    let txt = std::fs::read(golden(&format!(
        "{folder}/atyrau-anticorruption-commission.kk.txt"
    )));
    assert_eq!(
        txt.unwrap(),
        std::fs::read(SEED).unwrap(),
        "the .txt is the article, byte for byte"
    );
}

#[test]
fn sample_annotations_in_every_format() {
    let all = Selection::default();
    for (format, name) in [
        (Format::Jsonl, "seed.jsonl"),
        (Format::Spacy, "seed.spacy.jsonl"),
        (Format::Conll, "seed.conll"),
        (Format::Ron, "seed.ron"),
        (Format::Csv, "seed.csv"),
    ] {
        let (out, tally) = export(sample, format, &all);
        check(name, &out);
        assert_eq!(
            tally.skipped[&export::Skip::Rejected],
            1,
            "{name}: the Share button"
        );
    }
    brat_files(sample, &all, "brat");
}

#[test]
fn jsonl_golden() {
    let (out, tally) = export(two_annotators, Format::Jsonl, &Selection::default());
    check("two-annotators.jsonl", &out);
    assert_eq!(tally.items, 2);
    assert_eq!(
        tally.spans(),
        18 + 3,
        "all but the pending and the rejected span"
    );
}

#[test]
fn spacy_golden() {
    let (out, _) = export(two_annotators, Format::Spacy, &Selection::default());
    check("two-annotators.spacy.jsonl", &out);
}

#[test]
fn conll_golden() {
    let (out, tally) = export(two_annotators, Format::Conll, &Selection::default());
    check("two-annotators.conll", &out);
    // the LOCATION inside the AGENCY cannot be held by a flat format
    assert_eq!(tally.skipped[&export::Skip::Nested], 1);
    let per_label: Vec<(&str, usize)> = tally
        .spans_per_label
        .iter()
        .map(|(l, n)| (l.as_str(), *n))
        .collect();
    assert_eq!(
        per_label,
        [
            ("AGENCY", 5),
            ("DATE", 1),
            ("LOCATION", 3),
            ("PERSON", 6),
            ("STATISTIC", 5)
        ]
    );
}

#[test]
fn ron_golden() {
    let (out, _) = export(two_annotators, Format::Ron, &Selection::default());
    check("two-annotators.ron", &out);
}

#[test]
fn csv_golden() {
    let selection = Selection {
        include_pending: true,
        ..Selection::default()
    };
    let (out, _) = export(two_annotators, Format::Csv, &selection);
    check("two-annotators.csv", &out);
}

#[test]
fn brat_golden() {
    let selection = Selection {
        annotator: Some("aigerim".into()),
        ..Selection::default()
    };
    brat_files(two_annotators, &selection, "brat-two-annotators");
}
