//! A gold-tagged CoNLL corpus stays the gold after a model runs over it: a flat project
//! admits none of the model's spans that overlap it; a nested one keeps them pending, and
//! where they claim the places of the imported tags, the export keeps the imported ones.

use tanba::annotation::{DocAnnotations, Origin};
use tanba::store::parse_doc;

use crate::common::{Home, corpus, run as tanba, s};

const GOLD: &str = "\
Атырау B-LOCATION
облысының I-LOCATION
әкімі O
Махамбет B-PERSON
Досмұхамбетов I-PERSON
сөйледі O
. O

Ақтөбе B-LOCATION
облысында O
2020 B-DATE
жылы I-DATE
жиын O
өтті O
. O

";

/// Every answer claims places the gold already holds: the first word with another label
/// (inside the gold LOCATION, or its very range), a range crossing the gold's edge, and a
/// range wider than a gold span.
const MODEL: &str = r#"while IFS= read -r line; do
  id=${line#*\"id\":\"}; id=${id%%\"*}
  echo "{\"id\":\"$id\",\"label\":[[0,6,\"PERSON\"],[7,22,\"PERSON\"],[0,16,\"DATE\"]]}"
done
"#;

#[test]
fn a_model_over_the_gold_leaves_the_conll_file_as_it_was() {
    for (spans, added) in [("flat", 0), ("nested", 3)] {
        model_over_the_gold(spans, added);
    }
}

fn model_over_the_gold(spans: &str, added: usize) {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("gold.conll", GOLD)]);
    let init = ["init", s(&corpus), "--workspace", s(&ws), "--spans", spans];
    let out = tanba(home.path(), &init);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = home.path().join("model.sh");
    std::fs::write(&script, MODEL).unwrap();
    let cmd = format!("sh {}", s(&script));
    let ws_args = ["--workspace", s(&ws)];
    let suggest = [
        &["suggest", s(&corpus)][..],
        &ws_args,
        &["--cmd", &cmd, "--name", "spacy"],
    ]
    .concat();
    let out = tanba(home.path(), &suggest);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&format!("{added} suggestions added")),
        "{said}"
    );
    // the model's spans are there, pending beside the imported gold (a flat project
    // wrote no file: nothing was admitted)
    let folder = ws.join("annotations/tester");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    let model: usize = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|file| {
            let doc: DocAnnotations =
                parse_doc(file, &std::fs::read_to_string(file).unwrap()).unwrap();
            let spacy = Origin::Model("spacy".into());
            doc.spans.iter().filter(|s| s.origin == spacy).count()
        })
        .sum();
    assert_eq!(model, added, "{files:?}");

    let export = [
        &["export", s(&corpus)][..],
        &ws_args,
        &["-f", "conll", "--include-pending", "--no-docstart"],
    ]
    .concat();
    let out = tanba(home.path(), &export);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), GOLD);
    // the summary says what gave way and why
    if added > 0 {
        assert!(
            err.contains("spans left out: 3 giving way to a span of higher standing"),
            "{err}"
        );
    }
}
