//! Honest figures: agreement over nothing is n/a (`null` in JSON) with its reason, in
//! `tanba agree`, `tanba stats` and its chart; a model's suggestions are the model's in
//! the audit log, and throughput counts only what a person did.

use crate::common::{Home, corpus, ok as text, run as tanba, s, stderr};
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::{Workspace, parse_doc};

const A: &str = "Атырау облысы әкімі сөйледі.";
const B: &str = "Ақтөбе қаласында жиын өтті.";

/// A model that tags the first word of every article it is sent.
const MODEL: &str = r#"while IFS= read -r line; do
  id=${line#*\"id\":\"}; id=${id%%\"*}
  echo "{\"id\":\"$id\",\"label\":[[0,6,\"LOCATION\"]]}"
done
"#;

/// Two annotators who only ran a model (`tanba suggest --cmd`) over both articles.
fn only_models(home: &Home) -> (std::path::PathBuf, std::path::PathBuf) {
    let (corpus, ws) = corpus(home, &[("a.txt", A), ("b.txt", B)]);
    Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    let script = home.path().join("model.sh");
    std::fs::write(&script, MODEL).unwrap();
    let cmd = format!("sh {}", s(&script));
    for who in ["bota", "erlan"] {
        let args = [
            "suggest",
            s(&corpus),
            "--workspace",
            s(&ws),
            "--cmd",
            &cmd,
            "--name",
            "spacy",
            "--annotator",
            who,
        ];
        text(&tanba(home.path(), &args));
    }
    (corpus, ws)
}

#[test]
fn annotators_who_only_ran_a_model_have_no_agreement_and_no_throughput() {
    let home = Home::new();
    let (corpus, ws) = only_models(&home);
    // the model's spans are the model's in the file and its log
    let path = ws.join("annotations/bota/a.ron");
    let doc = parse_doc(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc.spans[0].who, "model:spacy");
    assert_eq!(doc.log[0].who, "model:spacy");
    assert!(doc.log[0].what.starts_with("add LOCATION 0..6"));

    let base = ["stats", s(&corpus), "--workspace", s(&ws)];
    let out = text(&tanba(home.path(), &base));
    assert!(
        // files still todo with only a model's pending spans are nobody's work yet
        out.contains("agreement  bota vs erlan: 0 articles, n/a (no shared articles)"),
        "{out}"
    );
    assert!(!out.contains("1.000"), "{out}");

    let json: serde_json::Value = serde_json::from_str(&text(&tanba(
        home.path(),
        &[&base[..], &["--json"]].concat(),
    )))
    .unwrap();
    let pair = &json["agreement"][0];
    assert_eq!(pair["span_f1"], serde_json::Value::Null);
    assert_eq!(pair["kappa"], serde_json::Value::Null);
    assert_eq!(pair["not_applicable"], "no shared articles");
    // was: 145 spans "today" for someone who only ran `tanba suggest`
    assert_eq!(json["throughput"], serde_json::json!({}));

    let chart = text(&tanba(home.path(), &[&base[..], &["--chart"]].concat()));
    let agreement = chart.lines().find(|l| l.contains("bota/erlan")).unwrap();
    assert!(agreement.contains("n/a"), "{chart}");
    assert!(!chart.contains("1.00"), "{chart}");

    // nothing to compare: said, exit 2, never a figure
    let agree = ["agree", s(&corpus), "--workspace", s(&ws), "--json"];
    let out = tanba(home.path(), &agree);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a file still todo with nothing accepted is left out"));
    assert!(out.stdout.is_empty());
    // asked to compare todo files too, the figures are n/a, never 1.000
    let todo = [&agree[..], &["--status", "todo"]].concat();
    let json: serde_json::Value = serde_json::from_str(&text(&tanba(home.path(), &todo))).unwrap();
    assert_eq!(json["pairs"][0]["span_f1"], serde_json::Value::Null);
    assert_eq!(json["alpha"], serde_json::Value::Null);
    assert_eq!(json["alpha_not_applicable"], "nothing accepted");
}

fn save(ws: &Workspace, who: &str, id: &str, text: &str, spans: &[(usize, usize, &str)]) {
    let mut doc = DocAnnotations::new(id, who, text);
    for &(start, end, label) in spans {
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    doc.status = DocStatus::Done;
    ws.save_doc(who, &doc).unwrap();
}

#[test]
fn a_pair_sharing_no_article_is_n_a_in_agree_and_stats() {
    let home = Home::new();
    let (corpus, ws_dir) = corpus(&home, &[("a.txt", A), ("b.txt", B)]);
    let ws = Workspace::open_or_create(&ws_dir, std::slice::from_ref(&corpus)).unwrap();
    save(&ws, "aigerim", "a", A, &[(0, 6, "LOCATION")]);
    save(&ws, "dana", "a", A, &[(0, 6, "LOCATION")]);
    save(&ws, "erlan", "b", B, &[(0, 6, "LOCATION")]);
    let agree = ["agree", s(&corpus), "--workspace", s(&ws_dir)];
    let out = text(&tanba(home.path(), &agree));
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_string()
    };
    let same = row("aigerim vs dana");
    let cells: Vec<&str> = same.split_whitespace().collect();
    assert_eq!(cells[cells.len() - 2..], ["1.000", "1.000"], "{out}");
    let erlan = row("aigerim vs erlan");
    assert!(
        erlan.ends_with("n/a (no shared articles)  n/a (no shared articles)"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&text(&tanba(
        home.path(),
        &[&agree[..], &["--json"]].concat(),
    )))
    .unwrap();
    let pair = &json["pairs"][1];
    assert_eq!(
        (pair["a"].as_str(), pair["b"].as_str()),
        (Some("aigerim"), Some("erlan"))
    );
    assert_eq!(pair["articles"], 0);
    assert_eq!(pair["span_f1"], serde_json::Value::Null);
    assert_eq!(pair["kappa"], serde_json::Value::Null);
    assert_eq!(pair["not_applicable"], "no shared articles");
    assert_eq!(json["pairs"][0]["not_applicable"], serde_json::Value::Null);

    let stats = ["stats", s(&corpus), "--workspace", s(&ws_dir)];
    let out = text(&tanba(home.path(), &stats));
    assert!(
        out.contains("agreement  dana vs erlan: 0 articles, n/a (no shared articles)"),
        "{out}"
    );
}
