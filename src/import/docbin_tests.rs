use super::*;
use std::io::Write as _;

#[test]
fn strings_hash_as_spacy_hashes_them() {
    // spaCy's documentation: nlp.vocab.strings["coffee"] == 3197928453018144401
    assert_eq!(hash("coffee"), 3197928453018144401);
}

/// A DocBin as spaCy writes one, of docs given as (token, space after, IOB, label).
pub fn docbin(docs: &[&[(&str, bool, u64, &str)]], attrs: &[u64]) -> Vec<u8> {
    let mut tokens = Vec::new();
    let mut spaces = Vec::new();
    let mut lengths = Vec::new();
    let mut strings = std::collections::BTreeSet::new();
    for doc in docs {
        lengths.extend((doc.len() as i32).to_le_bytes());
        for &(token, space, iob, label) in *doc {
            for &attr in attrs {
                let value = match attr {
                    ORTH => hash(token),
                    ENT_IOB => iob,
                    ENT_TYPE if label.is_empty() => 0,
                    ENT_TYPE => hash(label),
                    _ => 0,
                };
                tokens.extend(value.to_le_bytes());
            }
            spaces.push(u8::from(space));
            strings.insert(token);
            strings.extend((!label.is_empty()).then_some(label));
        }
    }
    let s = |k: &str| Value::from(k);
    let msg = Value::Map(vec![
        (s("version"), Value::from(3)),
        (
            s("attrs"),
            Value::Array(attrs.iter().map(|&a| Value::from(a)).collect()),
        ),
        (s("tokens"), Value::Binary(tokens)),
        (s("spaces"), Value::Binary(spaces)),
        (s("lengths"), Value::Binary(lengths)),
        (
            s("strings"),
            Value::Array(strings.into_iter().map(Value::from).collect()),
        ),
        (
            s("span_groups"),
            Value::Array(vec![Value::Binary(vec![0x80]); docs.len()]),
        ),
    ]);
    let mut packed = Vec::new();
    rmpv::encode::write_value(&mut packed, &msg).unwrap();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&packed).unwrap();
    z.finish().unwrap()
}

const ATTRS: [u64; 3] = [ORTH, ENT_IOB, ENT_TYPE];

#[test]
fn ents_come_back_over_the_rebuilt_text() {
    let doc1: &[(&str, bool, u64, &str)] = &[
        ("😀", true, 2, ""),
        ("Қасым-Жомарт", true, 3, "PER"),
        ("Тоқаев", true, 1, "PER"),
        ("Астанада", false, 3, "LOC"),
        (".", false, 2, ""),
    ];
    let doc2: &[(&str, bool, u64, &str)] =
        &[("Бота", true, 3, "PER"), ("Алматыда", false, 3, "LOC")];
    let bytes = docbin(&[doc1, doc2], &ATTRS);
    let read = read(Path::new("train.spacy"), &bytes);
    assert_eq!(read.problems, vec![]);
    let first = &read.found[0];
    assert_eq!(first.text, "😀 Қасым-Жомарт Тоқаев Астанада.");
    let spans: Vec<_> = first
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    assert_eq!(spans, [(2, 21, "PER"), (22, 30, "LOC")]);
    let second: Vec<_> = read.found[1]
        .spans
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(
        (read.found[1].text.as_str(), second),
        ("Бота Алматыда", vec![(0, 4), (5, 13)])
    );
    assert_eq!(read.found[1].record, Some(2));
}

#[test]
fn a_damaged_docbin_is_a_problem_not_a_panic() {
    let bytes = docbin(&[&[("Бота", false, 3, "PER")]], &ATTRS);
    let cut = read(Path::new("t.spacy"), &bytes[..bytes.len() / 2]);
    assert!(
        cut.problems[0].message.contains("cut short"),
        "{:?}",
        cut.problems
    );
    let junk = read(Path::new("t.spacy"), b"not zlib");
    assert!(
        junk.problems[0]
            .to_string()
            .starts_with("t.spacy: not a spaCy DocBin")
    );
    let no_orth = read(
        Path::new("t.spacy"),
        &docbin(&[&[("a", false, 0, "")]], &[ENT_IOB]),
    );
    assert!(no_orth.problems[0].message.contains("no ORTH"));
}

#[test]
fn a_docbin_written_by_spacy_38_gives_its_entities_and_span_groups_symbols_included() {
    // spaCy 3.8: `DocBin(docs=[...]).to_disk(...)` over spacy.blank("xx") docs; PERSON,
    // GPE, CARDINAL and the token "number" are spaCy symbols, stored by their ids
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/spacy-3.8.spacy");
    let read = read(&file, &std::fs::read(&file).unwrap());
    assert_eq!(read.problems, vec![]);
    type Doc<'a> = (&'a str, Vec<(usize, usize, &'a str)>);
    let docs: Vec<Doc> = read
        .found
        .iter()
        .map(|f| {
            let spans = f.spans.iter().map(|s| (s.start, s.end, s.label.as_str()));
            (f.text.as_str(), spans.collect())
        })
        .collect();
    assert_eq!(
        docs,
        [
            (
                "Тоқаев met number one at Astana 😀",
                vec![
                    (0, 6, "PERSON"),
                    (0, 31, "EVENT_X"),
                    (11, 21, "CARDINAL"),
                    (25, 31, "GPE")
                ]
            ),
            (
                "Бота Сүлейменова Алматыда тұрады.",
                vec![(0, 16, "PER"), (17, 25, "LOC")]
            ),
        ]
    );
}

#[test]
fn cats_above_one_half_are_the_documents_labels() {
    let strings = HashMap::new();
    let cats = Value::Map(vec![
        (Value::from("sport"), Value::F64(0.2)),
        (Value::from("politics"), Value::F64(1.0)),
        (Value::from("economy"), Value::F32(0.75)),
        (Value::from("half"), Value::F64(0.5)),
    ]);
    let doc = Doc {
        file: Path::new("a.spacy"),
        index: 1,
        strings: &strings,
        groups: None,
        user: None,
        cats: Some(&cats),
    };
    assert_eq!(doc.doc_labels(), ["economy", "politics"]);
    assert_eq!(doc.link(0), Ok(None));
    assert!(doc.link(1 << 40).unwrap_err().contains("kb_id hash"));
}
