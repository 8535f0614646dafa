//! Export back: tanba's work out as Label Studio tasks, WebAnno TSV and a spaCy DocBin,
//! and `tanba import` of each gives every annotator the same spans, and the same
//! agreement, as before.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tanba::annotation::SpanState;
use tanba::store::parse_doc;

use crate::common::{ok, ron_files, run as tanba, s};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

/// The corpus copied into the home, and a workspace with three annotators' work
/// (Label Studio and doccano imports: an emoji, two-line text, a model's pending span
/// stacked on an accepted one).
fn team(home: &Path) -> (PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for name in ["kk-1.txt", "kk-2.txt"] {
        std::fs::copy(data("corpus").join(name), corpus.join(name)).unwrap();
    }
    let ws = home.join("team");
    let (ls, doccano) = (data("label-studio.json"), data("doccano"));
    let args = ["import", "--corpus", s(&corpus), "--workspace", s(&ws)];
    let rest = [s(&ls), s(&doccano), "--annotator", "user-5=dana"];
    tanba(home, &[&args[..], &rest[..]].concat());
    (corpus, ws)
}

type Keys = BTreeMap<String, Vec<(usize, usize, String, SpanState)>>;

/// Every annotator's spans per article, as `annotator/article` -> (start, end, label,
/// state); pending spans only if `pending`.
fn spans(ws: &Path, pending: bool) -> Keys {
    let mut out = Keys::new();
    for file in ron_files(&ws.join("annotations")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = parse_doc(&file, &text).unwrap();
        let keys = doc
            .spans
            .iter()
            .filter(|s| pending || s.state == SpanState::Accepted)
            .map(|s| (s.start, s.end, s.label.clone(), s.state))
            .collect();
        out.insert(format!("{}/{}", doc.annotator, doc.article), keys);
    }
    out
}

fn agree(home: &Path, corpus: &Path, ws: &Path) -> serde_json::Value {
    let out = tanba(home, &["agree", s(corpus), "--workspace", s(ws), "--json"]);
    serde_json::from_str(&ok(&out)).unwrap()
}

/// Exports the team's work as `format` to `out`, imports it into a new workspace.
fn round_trip(home: &Path, corpus: &Path, ws: &Path, format: &str, out: &Path) -> PathBuf {
    let mut args = vec!["export", s(corpus), "--workspace", s(ws), "-f", format];
    args.extend(["-o", s(out)]);
    if format == "label-studio" {
        args.push("--include-pending");
    }
    let said = tanba(home, &args);
    assert!(said.status.success(), "{said:?}");
    let back = home.join(format!("back-{format}"));
    let import = [
        "import",
        "--corpus",
        s(corpus),
        "--workspace",
        s(&back),
        s(out),
    ];
    ok(&tanba(home, &import));
    back
}

#[test]
fn label_studio_webanno_and_docbin_round_trips_give_the_same_spans_and_agreement() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let before = spans(&ws, false);
    assert_eq!(before.len(), 6, "{before:?}");
    let agreed = agree(home.path(), &corpus, &ws);
    assert!(
        agreed["pairs"].as_array().is_some_and(|p| p.len() == 3),
        "{agreed}"
    );
    for (format, out) in [
        ("label-studio", "team.json"),
        ("webanno-tsv", "tsv"),
        ("spacy-binary", "team.spacy"),
    ] {
        let back = round_trip(home.path(), &corpus, &ws, format, &home.path().join(out));
        assert_eq!(spans(&back, false), before, "{format}");
        assert_eq!(agree(home.path(), &corpus, &back), agreed, "{format}");
    }
}

#[test]
fn label_studio_predictions_come_back_pending_for_each_annotator_of_the_task() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = home.path().join("team.json");
    let back = round_trip(home.path(), &corpus, &ws, "label-studio", &out);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let task = &json[0];
    assert_eq!(task["data"]["id"], "kk-1");
    assert_eq!(task["predictions"][0]["model_version"], "ner-v2");
    let emails: Vec<&str> = task["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["completed_by"]["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        [
            "admin@tanba.local",
            "aigerim@tanba.local",
            "dana@tanba.local"
        ]
    );
    // dana's pending LOC is hers again, beside her accepted GPE
    assert_eq!(
        spans(&back, true)["dana/kk-1"],
        spans(&ws, true)["dana/kk-1"]
    );
}

#[test]
fn webanno_needs_a_folder_and_writes_inceptions_layout() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let args = [
        "export",
        s(&corpus),
        "--workspace",
        s(&ws),
        "-f",
        "webanno-tsv",
    ];
    let out = tanba(home.path(), &args);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("give a folder with -o DIR"));
    let dir = home.path().join("tsv");
    round_trip(home.path(), &corpus, &ws, "webanno-tsv", &dir);
    let tsv = std::fs::read_to_string(dir.join("annotation/kk-1/dana.tsv")).unwrap();
    assert!(tsv.starts_with("#FORMAT=WebAnno TSV 3.3\n"), "{tsv}");
    // the emoji counts two UTF-16 units; GPE alone on its token has no id
    assert!(tsv.contains("1-2\t3-8\tҚасым\t*[1]\tPER[1]\t\n"), "{tsv}");
    assert!(tsv.contains("\tАстанада\t*\tGPE\t\n"), "{tsv}");
}

/// Every annotator's links (start, end, label, kb) and document labels per article.
type Links = BTreeMap<String, (Vec<(usize, usize, String, String)>, Vec<String>)>;

fn links(ws: &Path) -> Links {
    let mut out = Links::new();
    for file in ron_files(&ws.join("annotations")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = parse_doc(&file, &text).unwrap();
        let linked = doc.spans.iter().filter_map(|s| {
            let kb = s.kb.clone().filter(|_| !s.kb_suggested)?;
            Some((s.start, s.end, s.label.clone(), kb))
        });
        let key = format!("{}/{}", doc.annotator, doc.article);
        out.insert(key, (linked.collect(), doc.doc_labels.clone()));
    }
    out
}

/// Every annotator's relations per article: (label, from, to) as (start, end, label).
fn relations(ws: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for file in ron_files(&ws.join("annotations")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = parse_doc(&file, &text).unwrap();
        let key = format!("{}/{}", doc.annotator, doc.article);
        let rs = doc.relations.iter().map(|r| format!("{:?}", r.key()));
        out.insert(key, rs.collect());
    }
    out
}

/// Links every accepted span of each file to `Q<start>` (the last one only suggested,
/// which no export carries), labels the article `politics` and relates its second
/// accepted span to its first (`near`).
fn link_all(ws: &Path) {
    for file in ron_files(&ws.join("annotations")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut doc = parse_doc(&file, &text).unwrap();
        let n = doc.spans.len();
        for (i, span) in doc.spans.iter_mut().enumerate() {
            if span.state == SpanState::Accepted {
                span.kb = Some(format!("Q{}", span.start));
                span.kb_suggested = i + 1 == n && n > 1;
            }
        }
        doc.doc_labels = vec!["politics".into()];
        let accepted: Vec<&tanba::annotation::Span> = doc
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Accepted)
            .collect();
        if let [a, b, ..] = accepted[..] {
            doc.relations.push(tanba::annotation::Relation {
                label: "near".into(),
                from: tanba::annotation::SpanKey::of(b),
                to: tanba::annotation::SpanKey::of(a),
                who: doc.annotator.clone(),
                created: tanba::annotation::now(),
            });
        }
        std::fs::write(&file, tanba::store::doc_to_ron(&doc)).unwrap();
    }
}

#[test]
fn docbin_carries_reviewed_links_and_document_labels_back() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    link_all(&ws);
    let before = links(&ws);
    assert!(before.values().any(|(l, _)| !l.is_empty()), "{before:?}");
    let out = home.path().join("team.spacy");
    let back = round_trip(home.path(), &corpus, &ws, "spacy-binary", &out);
    assert_eq!(links(&back), before);
    assert_eq!(spans(&back, false), spans(&ws, false));
}

#[test]
fn webanno_carries_reviewed_links_and_relations_back() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    link_all(&ws);
    // WebAnno TSV has no place for document labels
    let no_labels = |l: Links| -> Vec<_> { l.into_iter().map(|(k, (l, _))| (k, l)).collect() };
    let before = no_labels(links(&ws));
    let dir = home.path().join("tsv");
    let back = round_trip(home.path(), &corpus, &ws, "webanno-tsv", &dir);
    let related = relations(&ws);
    assert_eq!(no_labels(links(&back)), before);
    assert_eq!(relations(&back), related);
    assert_eq!(spans(&back, false), spans(&ws, false));
    let tsv = std::fs::read_to_string(dir.join("annotation/kk-1/dana.tsv")).unwrap();
    assert!(tsv.contains("\tQ"), "{tsv}");
}

#[test]
fn label_studio_carries_relations_links_and_document_labels_back() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    link_all(&ws);
    let (before, related) = (links(&ws), relations(&ws));
    assert!(related.values().any(|r| !r.is_empty()), "{related:?}");
    let out = home.path().join("team.json");
    let back = round_trip(home.path(), &corpus, &ws, "label-studio", &out);
    assert_eq!(links(&back), before);
    assert_eq!(relations(&back), related);
    assert_eq!(spans(&back, true), spans(&ws, true));
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains(r#""type":"relation""#), "{json}");
    assert!(json.contains(r#""meta":{"text":["kb:Q"#), "{json}");
    assert!(
        json.contains(r#""value":{"choices":["politics"]}"#),
        "{json}"
    );
    // the new workspace has no relation labels: each relation is named, and kept
    let again = home.path().join("again");
    let import = [
        "import",
        "--corpus",
        s(&corpus),
        "--workspace",
        s(&again),
        s(&out),
    ];
    let said = tanba(home.path(), &import);
    let err = String::from_utf8_lossy(&said.stderr);
    assert!(err.contains(": task 1: relation"), "{err}");
    assert!(
        err.contains("not among tanba.ron's relations (kept"),
        "{err}"
    );
}
