//! The shipped sample corpus and its workspace template are consistent: every annotation
//! file parses, matches its article's text, and `tanba stats` counts what the files hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tanba::annotation::{DocAnnotations, SpanState};
use tanba::corpus::{Corpus, load};
use tanba::store::{Workspace, escape_id, parse_doc};
use tanba::text::{slice_chars, text_hash};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn corpus() -> Corpus {
    let corpus = load(&[sample()]);
    assert_eq!(corpus.problems, vec![]);
    corpus
}

/// Every annotation file shipped, as `(annotator folder, file name, parsed document)`.
fn shipped_docs() -> Vec<(String, String, DocAnnotations)> {
    let mut docs = Vec::new();
    for folder in std::fs::read_dir(sample().join("annotations")).unwrap() {
        let folder = folder.unwrap().path();
        for file in std::fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = parse_doc(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
            docs.push((name(&folder), name(&path), doc));
        }
    }
    docs.sort_by(|a, b| a.1.cmp(&b.1));
    docs
}

#[test]
fn every_sample_annotation_fits_its_article() {
    let corpus = corpus();
    let docs = shipped_docs();
    assert!(
        docs.len() >= 4,
        "annotations on the seed article and a few others"
    );
    for (folder, file, doc) in &docs {
        assert_eq!(folder, &doc.annotator);
        assert_eq!(file, &format!("{}.ron", escape_id(&doc.article)));
        let article = corpus
            .get(&doc.article)
            .unwrap_or_else(|| panic!("{file}: no article"));
        assert_eq!(doc.text_hash, text_hash(&article.text), "{file}");
        assert!(doc.is_sorted(), "{file}");
        for span in &doc.spans {
            let cut = slice_chars(&article.text, span.start, span.end);
            assert_eq!(
                cut,
                Some(span.text.as_str()),
                "{file}: {}..{}",
                span.start,
                span.end
            );
        }
    }
    let seed = docs
        .iter()
        .find(|d| d.2.article == "atyrau-anticorruption-commission.kk");
    let seed = &seed.expect("the seed article is annotated").2;
    assert!(
        seed.spans
            .iter()
            .any(|s| s.text == "Махамбет Досмұхамбетовтің")
    );
    assert!(
        seed.spans
            .iter()
            .any(|s| s.state == SpanState::Rejected && s.note.is_some())
    );
}

#[test]
fn the_samples_cover_every_format_and_language_with_labels_from_the_set() {
    let corpus = corpus();
    let workspace = Workspace::open(&sample()).unwrap();
    assert_eq!(workspace.settings.name, "sample-data");
    let mut per_language: BTreeMap<&str, usize> = BTreeMap::new();
    for article in &corpus.articles {
        let ext = article.source.file.extension().unwrap().to_str().unwrap();
        if ext == "txt" {
            let lang = article.id.rsplit('.').next().unwrap();
            *per_language.entry(lang).or_default() += 1;
        }
        for span in &article.imported {
            assert!(
                workspace.settings.labels.get(&span.label).is_some(),
                "{}",
                span.label
            );
        }
    }
    assert!(
        per_language.values().sum::<usize>() >= 10,
        "{per_language:?}"
    );
    for lang in ["kk", "ru", "en"] {
        assert!(
            per_language.get(lang).copied().unwrap_or(0) >= 2,
            "{per_language:?}"
        );
    }
    let from = |ext: &str| {
        corpus
            .articles
            .iter()
            .filter(|a| a.source.file.extension().is_some_and(|e| e == ext))
            .collect::<Vec<_>>()
    };
    assert!(from("jsonl").iter().all(|a| !a.imported.is_empty()));
    let conll = from("conll");
    assert!(conll.len() >= 2 && conll.iter().all(|a| a.tokens.is_some()));
}

#[test]
fn stats_counts_what_the_sample_files_hold() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(["stats", "--json"])
        .arg(sample())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = shipped_docs();
    let live = |d: &DocAnnotations| {
        d.spans
            .iter()
            .filter(|s| s.state != SpanState::Rejected)
            .count()
    };
    let sample = &stats["annotators"]["sample"];
    assert_eq!(
        sample["spans"],
        docs.iter().map(|d| live(&d.2)).sum::<usize>()
    );
    let done = docs
        .iter()
        .filter(|d| d.2.status.as_str() == "done")
        .count();
    assert_eq!(sample["status"]["done"], done);
    assert_eq!(stats["articles"], corpus().articles.len());
}
