//! `tanba search` run as a binary on a small corpus written here.

use crate::common::stderr;
use std::path::Path;
use std::process::Output;
use tanba::annotation::{DocAnnotations, DocStatus, Origin, Span};
use tanba::corpus;
use tanba::store::Workspace;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let write = |name: &str, text: &str| std::fs::write(corpus.join(name), text).unwrap();
        write(
            "atyrau.txt",
            "АТЫРАУ облысы\nОблыс әкімі Махамбет Досмұхамбетовтің төрағалығымен сыбайлас \
             жемқорлықпен күрес бағытындағы комиссияның отырысы өтті.\n",
        );
        write("weather.txt", "Ауа райы\nЕртең Атырауда жаңбыр жауады.\n");
        write("sport.txt", "Спорт\nФутбол командасы жеңіске жетті.\n");
        write(
            "evil.txt",
            "Hostile \u{1b}[31mtitle\u{9b}\nЖемқорлық \u{1b}]0;pwned\u{7} \u{202e}txet\n",
        );
        Env { dir }
    }

    fn corpus(&self) -> std::path::PathBuf {
        self.dir.path().join("corpus")
    }

    fn tanba(&self, args: &[&str]) -> Output {
        crate::common::run(self.dir.path(), args)
    }

    fn search(&self, query: &str, extra: &[&str]) -> Output {
        let corpus = self.corpus();
        let mut args = vec!["search", corpus.to_str().unwrap(), query];
        args.extend_from_slice(extra);
        self.tanba(&args)
    }

    /// The ids of the hits, in rank order, read from `--json`.
    fn ids(&self, query: &str, extra: &[&str]) -> Vec<String> {
        let mut args = vec!["--json"];
        args.extend_from_slice(extra);
        let out = self.search(query, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["id"].as_str().unwrap().to_string()
            })
            .collect()
    }
}

#[test]
fn finds_kazakh_words_however_they_are_typed() {
    let env = Env::new();
    assert_eq!(env.ids("атырау", &[]), ["atyrau", "weather"]);
    assert_eq!(env.ids("Atyrau", &[]), ["atyrau", "weather"]);
    assert_eq!(env.ids("досмухамбетов", &[]), ["atyrau"]);
    assert_eq!(env.ids("Dosmukhambetov", &[]), ["atyrau"]);
    assert_eq!(env.ids("жемкорлык", &[]), ["atyrau", "evil"]);
    assert_eq!(env.ids("атырау жаңбыр", &[]), ["weather"]);
    assert!(env.ids("qwxzvb", &[]).is_empty());
    assert_eq!(env.ids("", &[]), ["atyrau", "evil", "sport", "weather"]);
    assert_eq!(env.ids("", &["--limit", "2"]), ["atyrau", "evil"]);
}

#[test]
fn table_shows_rank_score_id_title_and_snippet() {
    let env = Env::new();
    let out = env.search("Dosmukhambetov", &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("rank  score  id"), "{text}");
    assert!(lines[1].trim_start().starts_with("1 "), "{text}");
    assert!(lines[1].contains("atyrau") && lines[1].contains("АТЫРАУ облысы"));
    assert!(lines[1].contains("Досмұхамбетовтің"));
    assert_eq!(lines[2], "1 of 1 matching articles");
    let none = env.search("qwxzvb", &[]);
    assert!(none.status.success());
    assert_eq!(
        String::from_utf8(none.stdout).unwrap(),
        "no articles match\n"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let env = Env::new();
    for extra in [&[][..], &["--json"][..]] {
        let out = env.search("жемкорлык", extra);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("evil"), "{text}");
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!text.contains(bad), "{bad:?} in {text:?}");
        }
    }
    let json = String::from_utf8(env.search("жемкорлык", &["--json"]).stdout).unwrap();
    let evil: serde_json::Value = serde_json::from_str(json.lines().nth(1).unwrap()).unwrap();
    assert_eq!(evil["title"], "Hostile \u{1b}[31mtitle\u{9b}");
}

#[test]
fn a_bad_query_is_a_usage_error_with_a_clear_message() {
    let env = Env::new();
    let out = env.search("colour:red", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown filter `colour:`"), "{err}");
    let out = env.search("status:finished", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("todo, progress")
    );
}

fn annotate(ws: &Path, corpus_dir: &Path) {
    let workspace = Workspace::open_or_create(ws, &[corpus_dir.to_path_buf()]).unwrap();
    let corpus = corpus::load(&[corpus_dir.to_path_buf()]);
    let article = corpus.get("atyrau").unwrap();
    let mut doc = DocAnnotations::new(&article.id, "aigerim", &article.text);
    doc.status = DocStatus::Done;
    let start = article.text.chars().position(|c| c == 'М').unwrap();
    let end = start + "Махамбет Досмұхамбетовтің".chars().count();
    doc.spans.push(
        Span::cut(
            &article.text,
            start,
            end,
            "PERSON",
            Origin::Manual,
            "aigerim",
        )
        .unwrap(),
    );
    workspace.save_doc("aigerim", &doc).unwrap();
}

#[test]
fn filters_read_the_workspace() {
    let env = Env::new();
    let ws = env.dir.path().join("ws");
    annotate(&ws, &env.corpus());
    let ws_args = ["--workspace", ws.to_str().unwrap()];
    assert_eq!(env.ids("label:PERSON", &ws_args), ["atyrau"]);
    assert_eq!(env.ids("status:done", &ws_args), ["atyrau"]);
    assert_eq!(
        env.ids("status:todo", &ws_args),
        ["evil", "sport", "weather"]
    );
    assert_eq!(env.ids("by:aigerim", &ws_args), ["atyrau"]);
    assert_eq!(env.ids("PERSON:Dosmukhambetov", &ws_args), ["atyrau"]);
    assert!(env.ids("PERSON:Атырау", &ws_args).is_empty());
    assert_eq!(env.ids("атырау status:todo", &ws_args), ["weather"]);
}

#[test]
fn an_unknown_annotator_is_a_usage_error_naming_the_annotators() {
    let env = Env::new();
    let ws = env.dir.path().join("ws");
    annotate(&ws, &env.corpus());
    let out = env.search("by:nobody", &["--workspace", ws.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no annotator `nobody` (annotators: aigerim)"),
        "{err}"
    );
}

/// The index files the searches left under the temporary data folder.
fn index_files(env: &Env) -> Vec<std::path::PathBuf> {
    walk(&env.dir.path().join("data"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[test]
fn the_index_is_built_once_then_read_and_rebuilt_when_a_source_changes() {
    let env = Env::new();
    let first = env.search("атырау", &["--json"]);
    assert!(stderr(&first).contains("building the search index (no index yet)"));
    assert_eq!(
        index_files(&env).len(),
        1,
        "saved in the workspace's index/"
    );
    let second = env.search("атырау", &["--json"]);
    assert_eq!(stderr(&second), "", "a fresh index is read silently");
    assert_eq!(first.stdout, second.stdout, "and answers the same");
    // a table read from the index shows the same snippet as one built from the corpus
    let table = env.search("Dosmukhambetov", &[]);
    assert!(
        String::from_utf8(table.stdout)
            .unwrap()
            .contains("Досмұхамбетовтің")
    );

    std::fs::write(
        env.corpus().join("weather.txt"),
        "Ауа райы\nЕртең Алматыда қар.\n",
    )
    .unwrap();
    let edited = env.search("атырау", &["--json"]);
    let message = stderr(&edited);
    assert!(
        message.contains("weather.txt changed since it was indexed"),
        "{message}"
    );
    assert_eq!(env.ids("атырау", &[]), ["atyrau"]);
    assert_eq!(env.ids("алматы", &[]), ["weather"]);
}

#[test]
fn a_damaged_index_is_rebuilt_and_the_search_still_answers() {
    let env = Env::new();
    assert_eq!(env.ids("атырау", &[]), ["atyrau", "weather"]);
    let [file] = index_files(&env).try_into().unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&file, &bytes[..bytes.len() - 5]).unwrap();
    let out = env.search("атырау", &["--json"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("the index file is unreadable"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.ids("атырау", &[]), ["atyrau", "weather"]);
    assert_eq!(
        stderr(&env.search("атырау", &[])),
        "",
        "repaired for next time"
    );
}
