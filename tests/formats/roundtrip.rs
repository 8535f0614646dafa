//! Round trips through the readers and the exporters: what comes in goes out unchanged.
//! Nobody has annotated these corpora, so `--include-pending` exports the imported spans.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tanba::corpus::{self, Corpus};
use tanba::export::{self, FlatOptions, Format, Selection, Tally, brat};

fn pending() -> Selection {
    Selection {
        include_pending: true,
        ..Selection::default()
    }
}

fn load(path: &Path) -> Corpus {
    let corpus = corpus::load(&[path.to_path_buf()]);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    corpus
}

fn export(corpus: &Corpus, format: Format, options: FlatOptions) -> String {
    let docs = BTreeMap::new();
    let plan = export::plan(corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let mut out = Vec::new();
    export::write_items(
        &mut out,
        format,
        &items,
        options,
        &mut Tally::default(),
        &mut || {},
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn spans(corpus: &Corpus) -> Vec<(String, String, usize, usize, String)> {
    corpus
        .articles
        .iter()
        .flat_map(|a| {
            a.imported.iter().map(|s| {
                let text: String = a.text.chars().skip(s.start).take(s.end - s.start).collect();
                (a.id.clone(), s.label.to_string(), s.start, s.end, text)
            })
        })
        .collect()
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

const IOB2: &str = "\
-DOCSTART- O

Атырау B-LOCATION
облысының I-LOCATION
әкімі O
Махамбет B-PERSON
Досмұхамбетов I-PERSON
, O
Айдос B-PERSON
Мамыт I-PERSON
Альфия B-PERSON
іс-қимыл O
( O
ҚР B-AGENCY
) O
9 B-STATISTIC
000 I-STATISTIC
респондент O
. O

Jean-Pierre B-PERSON
said O
« O
2,1% B-STATISTIC
» O
— O
😀 O
! O

-DOCSTART- O

Екінші O
мақала O
2020 B-DATE
жылы I-DATE
. O

";

#[test]
fn conll_iob2_in_gives_the_same_file_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "news.conll", IOB2);
    let corpus = load(&path);
    assert_eq!(corpus.articles.len(), 2);
    assert_eq!(export(&corpus, Format::Conll, FlatOptions::default()), IOB2);
}

#[test]
fn conll_iob2_round_trips_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "news.conll", IOB2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args([
            "export",
            path.to_str().unwrap(),
            "-f",
            "conll",
            "--include-pending",
        ])
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), IOB2);
}

#[test]
fn a_file_without_docstart_round_trips_with_no_docstart() {
    let body = IOB2.split("-DOCSTART- O\n\n").nth(1).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let corpus = load(&write(dir.path(), "one.conll", body));
    let options = FlatOptions {
        docstart: false,
        ..FlatOptions::default()
    };
    assert_eq!(export(&corpus, Format::Conll, options), body);
}

#[test]
fn conll_2003_columns_and_tabs_come_back() {
    let input = "-DOCSTART-\t-X-\t-X-\tO\n\nEU\tNNP\tB-NP\tB-ORG\nrejects\tVBZ\tB-VP\tO\n\
                 German\tJJ\tB-NP\tB-MISC\ncall\tNN\tI-NP\tO\n.\t.\tO\tO\n\n";
    let dir = tempfile::tempdir().unwrap();
    let corpus = load(&write(dir.path(), "eng.conll", input));
    assert_eq!(
        export(&corpus, Format::Conll, FlatOptions::default()),
        input
    );
}

#[test]
fn iob1_comes_back_as_the_same_entities_in_iob2() {
    let iob1 = "\
Махамбет I-PERSON
Досмұхамбетов I-PERSON
Айдос B-PERSON
Мамыт I-PERSON
және O
Атырау I-LOCATION
облысы I-LOCATION
. O
";
    let iob2 = "\
-DOCSTART- O

Махамбет B-PERSON
Досмұхамбетов I-PERSON
Айдос B-PERSON
Мамыт I-PERSON
және O
Атырау B-LOCATION
облысы I-LOCATION
. O

";
    let dir = tempfile::tempdir().unwrap();
    let before = load(&write(dir.path(), "old.iob", iob1));
    let out = export(&before, Format::Conll, FlatOptions::default());
    assert_eq!(out, iob2);
    let after = load(&write(dir.path(), "new.conll", &out));
    let strip_id = |v: Vec<(String, String, usize, usize, String)>| {
        v.into_iter()
            .map(|(_, l, s, e, t)| (l, s, e, t))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip_id(spans(&after)), strip_id(spans(&before)));
    assert_eq!(spans(&before).len(), 3);
}

#[test]
fn jsonl_in_gives_the_same_spans_out() {
    let input = concat!(
        r#"{"id":"a","text":"😀 Қанат Сүлейменов, 2,1% — Атырау","label":[[2,18,"PERSON"],[20,24,"STATISTIC"],[27,33,"LOCATION"]]}"#,
        "\n",
        r#"{"id":"b","text":"Бірінші жол\r\nАйдос Мамыт e\u0301 9 000","label":[[13,24,"PERSON"],[28,33,"STATISTIC"]],"meta":{"url":"https://x.kz"}}"#,
        "\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let before = load(&write(dir.path(), "in.jsonl", input));
    let out = export(&before, Format::Jsonl, FlatOptions::default());
    let after = load(&write(dir.path(), "out.jsonl", &out));
    assert_eq!(spans(&after), spans(&before));
    let covered: Vec<String> = spans(&after).into_iter().map(|s| s.4).collect();
    assert_eq!(
        covered,
        ["Қанат Сүлейменов", "2,1%", "Атырау", "Айдос Мамыт", "9 000"]
    );
    // the first line had no CRLF, so its offsets are the input's own
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["label"],
        serde_json::json!([
            [2, 18, "PERSON"],
            [20, 24, "STATISTIC"],
            [27, 33, "LOCATION"]
        ])
    );
    // and a second pass changes nothing at all, meta included
    assert_eq!(export(&after, Format::Jsonl, FlatOptions::default()), out);
}

#[test]
fn brat_in_gives_the_same_ann_lines_out() {
    let txt = "Атырау облысы әкімі 😀 Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.\n";
    let ann = "\
T1\tLOCATION 0 6\tАтырау
T2\tLOCATION 0 13\tАтырау облысы
T3\tPERSON 22 44\tМахамбет Досмұхамбетов
T4\tSTATISTIC 54 59\t9 000
#1\tAnnotatorNotes T3\tаты-жөні толық
";
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "doc.txt", txt);
    write(input.path(), "doc.ann", ann);
    let corpus = load(input.path());
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let out = tempfile::tempdir().unwrap();
    brat::write_files(out.path(), &items[0], false, &mut Tally::default()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.path().join("doc.ann")).unwrap(),
        ann
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("doc.txt")).unwrap(),
        txt
    );
}

#[test]
fn a_span_across_a_line_break_comes_back_from_brat_as_one_span() {
    // brat cuts a span at a line break into fragments; reading them back must not give
    // two spans where there was one
    let line = r#"{"id":"doc","text":"Қанат\nСүлейменов 😀 Астанада\nболды.","label":[[0,16,"PERSON"],[19,27,"LOCATION"]]}"#;
    let input = tempfile::tempdir().unwrap();
    let jsonl = write(input.path(), "doc.jsonl", &format!("{line}\n"));
    let corpus = load(&jsonl);
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let out = tempfile::tempdir().unwrap();
    brat::write_files(out.path(), &items[0], false, &mut Tally::default()).unwrap();
    let ann = std::fs::read_to_string(out.path().join("doc.ann")).unwrap();
    assert!(ann.starts_with("T1\tPERSON 0 5;6 16\t"), "{ann}");
    let back = load(out.path());
    assert_eq!(spans(&back), spans(&corpus));
    assert_eq!(back.articles[0].imported[0].note, None);
}

#[test]
fn article_ids_come_back_from_tanbas_brat_folder_unescaped() {
    // a CoNLL cut (`#`) and a folder corpus (`/`) give ids a file name cannot hold
    let lines = [
        r#"{"id":"IOB2_valid#1","text":"Қанат Сүлейменов","label":[[0,16,"PERSON"]]}"#,
        r#"{"id":"news/atyrau","text":"Атырау облысы","label":[[0,6,"LOCATION"]]}"#,
    ];
    let input = tempfile::tempdir().unwrap();
    let jsonl = write(
        input.path(),
        "doc.jsonl",
        &format!("{}\n", lines.join("\n")),
    );
    let corpus = load(&jsonl);
    let docs = BTreeMap::new();
    let plan = export::plan(&corpus, &docs, &pending());
    let items = plan.items(&pending(), &mut Tally::default());
    let out = tempfile::tempdir().unwrap();
    for item in &items {
        brat::write_files(out.path(), item, false, &mut Tally::default()).unwrap();
    }
    assert!(out.path().join("IOB2_valid%231.txt").is_file());
    // a folder another tool wrote keeps its file names as ids
    let ids = |c: &Corpus| c.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&load(out.path())), ["IOB2_valid%231", "news%2Fatyrau"]);
    // tanba's own (its list of the files it wrote beside them) gives the ids back
    write(out.path(), ".tanba-brat", "IOB2_valid%231.txt\n");
    let back = load(out.path());
    assert_eq!(ids(&back), ["IOB2_valid#1", "news/atyrau"]);
    assert_eq!(spans(&back), spans(&corpus));
}
