//! Each reader on Kazakh text with NBSP, «», CRLF, BOM, emoji and combining marks: text is
//! normalised and every pre-annotation still covers the characters it covered in the input.

use std::path::{Path, PathBuf};
use tanba::corpus::{Article, Corpus, Detail, FirstRead, LoadOptions, load, read_parts};
use tanba::text::slice_chars;

/// A raw text with every hazard: BOM, CRLF, NBSP, «», emoji, a combining acute accent.
const RAW: &str = "\u{feff}«Атырау таңы» 😀 хабарлайды\r\nАлтынбе\u{301}к Сәрсенбаев\r\n\
                   Ұлттық банк: 9\u{a0}000 адам, 2,1% — ға\r\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn load_dir(dir: &Path) -> Corpus {
    load(&[dir.to_path_buf()])
}

/// Code-point `[start, end)` of `needle` in `text`, as Python's `text.index` counts.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn covered(article: &Article) -> Vec<(&str, &str)> {
    article
        .imported
        .iter()
        .map(|s| {
            let text = slice_chars(&article.text, s.start, s.end).expect("span inside the text");
            (text, s.label.as_str())
        })
        .collect()
}

fn expected_text() -> String {
    RAW.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

#[test]
fn plain_text_drops_bom_and_crlf_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news/atyrau.txt", RAW);
    write(dir.path(), "notes.md", "# Тақырып\n\nМәтін");
    let corpus = load_dir(dir.path());
    assert_eq!(corpus.problems, vec![]);
    let a = corpus.get("news/atyrau").unwrap();
    assert_eq!(a.text, expected_text());
    assert_eq!(a.title, "«Атырау таңы» 😀 хабарлайды");
    assert_eq!(corpus.get("notes").unwrap().title, "# Тақырып");
}

#[test]
fn jsonl_offsets_counted_on_raw_text_cover_the_same_characters() {
    let names = [
        "«Атырау таңы»",
        "Алтынбе\u{301}к Сәрсенбаев",
        "Ұлттық банк",
        "9\u{a0}000 адам",
        "2,1%",
    ];
    let labels = ["AGENCY", "PERSON", "AGENCY", "STATISTIC", "STATISTIC"];
    let spans: Vec<(usize, usize, &str)> = names
        .iter()
        .zip(labels)
        .map(|(n, l)| {
            let (s, e) = find(RAW, n);
            (s, e, l)
        })
        .collect();
    let doccano =
        serde_json::json!({"id": "kk-1", "text": RAW, "label": spans, "source": "Дәстүр"});
    let spacy = serde_json::json!({
        "text": RAW,
        "entities": [{"start": spans[1].0, "end": spans[1].1, "label": "PERSON"}, [spans[2].0, spans[2].1, "AGENCY"]],
        "spans": [{"start": spans[3].0, "end": spans[3].1, "label": "STATISTIC", "token_start": 9}],
        "ents": [],
        "label": ["economy"],
    });
    let file = format!("\u{feff}{doccano}\r\n\r\n{spacy}\r\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "batch.jsonl", file);
    let corpus = load_dir(dir.path());
    assert_eq!(corpus.problems, vec![]);
    let first = corpus.get("kk-1").unwrap();
    assert_eq!(first.text, expected_text());
    assert_eq!(first.source.line, 1);
    assert_eq!(first.meta.get("source").unwrap(), "Дәстүр");
    let mut got = covered(first);
    got.sort();
    let mut want: Vec<(&str, &str)> = names.iter().copied().zip(labels).collect();
    want.sort();
    assert_eq!(got, want);
    // no id: the file (without extension) and the line; no title: the first line
    let second = corpus.get("batch:3").unwrap();
    assert_eq!(second.title, "«Атырау таңы» 😀 хабарлайды");
    assert_eq!(
        covered(second),
        vec![
            ("Алтынбе\u{301}к Сәрсенбаев", "PERSON"),
            ("Ұлттық банк", "AGENCY"),
            ("9\u{a0}000 адам", "STATISTIC")
        ]
    );
    assert_eq!(
        second.doc_labels,
        ["economy"],
        "a classification is the document labels"
    );
    assert_eq!(second.meta.get("label"), None, "and not meta");
}

#[test]
fn jsonl_bad_spans_are_problems_but_the_article_loads() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": 7, "text": "Әлия", "label": [[0, 4, "PERSON"], [2, 9, "PERSON"], [3, 3, "DATE"], ["a", 1]]}"#,
        r#"{"text": 5}"#,
        r#"[1, 2]"#,
        r#"{"id": "blank", "text": " \r\n"}"#,
    ];
    write(dir.path(), "x.ndjson", lines.join("\n"));
    let corpus = load_dir(dir.path());
    let a = corpus.get("7").unwrap();
    assert_eq!(covered(a), vec![("Әлия", "PERSON")]);
    let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    let file = dir.path().join("x.ndjson");
    let f = file.display();
    assert_eq!(
        messages,
        vec![
            format!(
                r#"{f}:1: "label": span «[2,9,"PERSON"]»: end 9 is past the end of the text (4 characters)"#
            ),
            format!(r#"{f}:1: "label": span «[3,3,"DATE"]»: start 3 is not before end 3"#),
            format!(
                r#"{f}:1: "label": «["a",1]» is not a span: expected [start, end, "LABEL"] or {{"start": .., "end": .., "label": ..}}"#
            ),
            format!(r#"{f}:2: "text" must be a string, found «5»"#),
            format!(r#"{f}:3: expected a JSON object with a "text" field, found «[1, 2]»"#),
            format!(r#"{f}:4: "text" is empty"#),
        ]
    );
}

const CONLL: &str = "\u{feff}-DOCSTART- -X- O O\r\n\r\n\
    «\tO\r\nАтырау\tB-LOCATION\r\nтаңы\tO\r\n»\tO\r\n😀\tO\r\n\r\n\
    Алтынбе\u{301}к\tB-PERSON\r\nСәрсенбаев\tI-PERSON\r\n9\u{a0}000\tB-STATISTIC\r\nадам\tI-STATISTIC\r\n\r\n\
    -DOCSTART- -X- O O\r\n\r\nҰлттық\tB-AGENCY\r\nбанк\tI-AGENCY\r\nжәне\tO\r\nЖер-Ана\tB-AGENCY\r\n";

#[test]
fn conll_rebuilds_text_from_tokens_and_tags_become_spans() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ner.conll", CONLL);
    let corpus = load_dir(dir.path());
    assert_eq!(corpus.problems, vec![]);
    let first = corpus.get("ner#1").unwrap();
    assert_eq!(
        first.text,
        "« Атырау таңы » 😀\nАлтынбе\u{301}к Сәрсенбаев 9\u{a0}000 адам"
    );
    assert_eq!(first.source.line, 1);
    assert_eq!(
        covered(first),
        vec![
            ("Атырау", "LOCATION"),
            ("Алтынбе\u{301}к Сәрсенбаев", "PERSON"),
            ("9\u{a0}000 адам", "STATISTIC"),
        ]
    );
    let tokens = first.tokens.as_ref().unwrap();
    assert_eq!(tokens.len(), 2);
    for token in tokens.iter().flatten() {
        assert_eq!(
            slice_chars(&first.text, token.start, token.end),
            Some(token.text.as_str())
        );
    }
    assert_eq!(tokens[1][2].tag, "B-STATISTIC");
    assert_eq!(first.meta.get("conll_separator").unwrap(), "\t");
    let second = corpus.get("ner#2").unwrap();
    assert_eq!(second.source.line, 14);
    assert_eq!(
        covered(second),
        vec![("Ұлттық банк", "AGENCY"), ("Жер-Ана", "AGENCY")]
    );
}

#[test]
fn conll_iob1_opens_entities_with_i_and_iob2_reports_i_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    // IOB1: no B- opens an entity; B- only splits two touching PERSONs
    write(
        dir.path(),
        "one.iob",
        "Әлия I-PERSON\nАсқар B-PERSON\nкелді O\nАстана I-LOCATION\n",
    );
    write(
        dir.path(),
        "two.bio",
        "Әлия B-PERSON\nкелді O\nАстана I-LOCATION\nқаласы I-PERSON\n",
    );
    let corpus = load_dir(dir.path());
    let one = corpus.get("one").unwrap();
    assert_eq!(
        covered(one),
        vec![
            ("Әлия", "PERSON"),
            ("Асқар", "PERSON"),
            ("Астана", "LOCATION")
        ]
    );
    let two = corpus.get("two").unwrap();
    assert_eq!(
        covered(two),
        vec![
            ("Әлия", "PERSON"),
            ("Астана", "LOCATION"),
            ("қаласы", "PERSON")
        ]
    );
    let f = dir.path().join("two.bio");
    let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            format!(
                "{}:3: «I-LOCATION» after «O»: in this IOB2 file an entity starts with B-LOCATION (read as B-LOCATION)",
                f.display()
            ),
            format!(
                "{}:4: «I-PERSON» after «I-LOCATION»: in this IOB2 file an entity starts with B-PERSON (read as B-PERSON)",
                f.display()
            ),
        ]
    );
}

#[test]
fn brat_ann_beside_txt_gives_spans_fragments_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = find(RAW, "Алтынбе\u{301}к");
    let (_, pe) = find(RAW, "Сәрсенбаев");
    let (b, be) = find(RAW, "Ұлттық банк");
    let (n, ne) = find(RAW, "9\u{a0}000");
    let (a, ae) = find(RAW, "адам");
    let ann = format!(
        "T1\tPERSON {p} {pe}\tАлтынбе\u{301}к Сәрсенбаев\n\
         T2\tAGENCY {b} {be}\tҰлттық банк\n\
         T3\tSTATISTIC {n} {ne};{a} {ae}\t9\u{a0}000 адам\n\
         R1\tWorksFor Arg1:T1 Arg2:T2\n\
         A1\tNegated T2\n\
         #1\tAnnotatorNotes T1\tәкім орынбасары\n\
         #2\tAnnotatorNotes T3\tсанақ\n"
    );
    write(dir.path(), "atyrau.txt", RAW);
    write(dir.path(), "atyrau.ann", ann);
    let corpus = load_dir(dir.path());
    assert_eq!(corpus.problems, vec![]);
    assert_eq!(corpus.articles.len(), 1, "the .ann is not an article");
    let article = corpus.get("atyrau").unwrap();
    assert_eq!(article.text, expected_text());
    assert_eq!(
        covered(article),
        vec![
            ("Алтынбе\u{301}к Сәрсенбаев", "PERSON"),
            ("Ұлттық банк", "AGENCY"),
            ("9\u{a0}000", "STATISTIC"),
            ("адам", "STATISTIC"),
        ]
    );
    let notes: Vec<Option<&str>> = article.imported.iter().map(|s| s.note.as_deref()).collect();
    assert_eq!(
        notes,
        vec![
            Some("әкім орынбасары"),
            None,
            Some("fragment 1 of 2 of T3; санақ"),
            Some("fragment 2 of 2 of T3; санақ"),
        ]
    );
}

#[test]
fn brat_offsets_that_do_not_fit_name_the_ann_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Әлия Асқарқызы\r\n");
    write(
        dir.path(),
        "a.ann",
        "T1\tPERSON 0 4\tӘлия\nT2\tPERSON 5 99\tАсқарқызы\nT3\tPERSON 0 8\tӘлия\nT4 broken\n",
    );
    let corpus = load_dir(dir.path());
    assert_eq!(covered(corpus.get("a").unwrap()), vec![("Әлия", "PERSON")]);
    let f = dir.path().join("a.ann");
    let f = f.display();
    let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            format!("{f}:2: T2: end 99 is past the end of the text (16 characters)"),
            format!("{f}:3: T3: the text at 0 8 is «Әлия Асқ», but the annotation says «Әлия»"),
            format!("{f}:4: expected «T1<TAB>LABEL START END<TAB>text», found «T4 broken»"),
        ]
    );
}

#[test]
fn folders_skip_hidden_files_workspace_templates_and_unknown_extensions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Бір");
    write(dir.path(), ".hidden.txt", "Жасырын");
    write(dir.path(), ".git/x.txt", "Жасырын");
    write(dir.path(), "tanba.ron", "(name: \"x\")");
    write(dir.path(), "annotations/sample/a.ron", "()");
    write(dir.path(), "annotations/sample/b.txt", "not an article");
    write(dir.path(), "sub/annotations/c.txt", "Үш"); // no tanba.ron beside it: an article
    write(dir.path(), "image.png", [0u8, 1, 2]);
    let corpus = load_dir(dir.path());
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a", "sub/annotations/c"]);
    assert_eq!(corpus.problems, vec![]);
    let explicit = load(&[dir.path().join("image.png"), dir.path().join("a.txt")]);
    assert_eq!(explicit.articles.len(), 1);
    assert_eq!(explicit.problems.len(), 1);
    assert!(
        explicit.problems[0]
            .message
            .starts_with("unknown kind of file; tanba reads .txt")
    );
}

#[test]
fn a_duplicate_id_keeps_the_first_and_names_both_places() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"x\", \"text\": \"Бір\"}\n{\"id\": \"x\", \"text\": \"Екі\"}\n",
    );
    write(dir.path(), "x.txt", "Үш");
    let corpus = load_dir(dir.path());
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.get("x").unwrap().text, "Бір");
    let a = dir.path().join("a.jsonl");
    let x = dir.path().join("x.txt");
    let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            format!(
                "{}:2: duplicate article id \"x\": already read from {}:1; this one is skipped",
                a.display(),
                a.display()
            ),
            format!(
                "{}:1: duplicate article id \"x\": already read from {}:1; this one is skipped",
                x.display(),
                a.display()
            ),
        ]
    );
    // read as a stream, part by part, the first of each id kept as it comes
    let (mut first, mut parts) = (FirstRead::default(), 0);
    let (mut articles, mut duplicates) = (Vec::new(), Vec::new());
    read_parts(
        &[dir.path().to_path_buf()],
        LoadOptions::default(),
        Detail::Full,
        &mut |(mut read, problems)| {
            parts += 1;
            assert!(problems.is_empty());
            first.keep_first(&mut read, &mut duplicates);
            articles.extend(read);
        },
    );
    assert_eq!(parts, 2, "the JSON lines file, then the text file");
    assert_eq!(articles, corpus.articles);
    assert_eq!(duplicates, corpus.problems);
}

#[test]
fn seed_article_offsets_are_code_points_as_python_counts_them() {
    let corpus = load(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")]);
    let seed = corpus.get("atyrau-anticorruption-commission.kk").unwrap();
    // computed once with python3: t.index("Махамбет Досмұхамбетовтің") == 21, + len == 46
    let (start, end) = (21, 46);
    assert_eq!(
        slice_chars(&seed.text, start, end),
        Some("Махамбет Досмұхамбетовтің")
    );
    assert_eq!(find(&seed.text, "Махамбет Досмұхамбетовтің"), (start, end));
    // the same place in bytes is much further on: Cyrillic takes two bytes a letter
    assert_eq!(seed.text.find("Махамбет"), Some(39));
    let span = tanba::annotation::Span::cut(
        &seed.text,
        start,
        end,
        "PERSON",
        tanba::annotation::Origin::Manual,
        "test",
    )
    .unwrap();
    assert_eq!(span.text, "Махамбет Досмұхамбетовтің");
}
