//! The keys it takes to annotate the seed article from scratch once the model has
//! learned from a few dozen articles, next to the 146 of annotating it by hand.
//!
//!     cargo run --release --example learn_seed_keys -- ../shared/data/kaznerd/IOB2_valid.txt [SENTENCES...]
//!
//! The articles learned from: KazNERD's first SENTENCES sentences (default 400, 800 and
//! 2,000: 20, 40 and 100 articles of 20 sentences), its labels mapped onto the workspace's
//! five (PERSON; ORGANISATION as AGENCY; GPE and LOCATION as LOCATION; DATE; CARDINAL,
//! PERCENTAGE, QUANTITY and MONEY as STATISTIC; the rest left out). The gold: the seed's
//! accepted spans in `sample-data/annotations/sample/`. The count, with the model's spans
//! pending as the annotator shows them (reviewing one moves the cursor to the next):
//! `n` to the first, then one key per model span (`a` when its range and label are the
//! gold's, `r` otherwise), `146 / 24` keys (the hand count per entity) for each gold span
//! the model did not give exactly, and `d` to finish.
//!
//! KazNERD: Yeshpanov, Khassanov, Varol, "KazNERD: Kazakh Named Entity Recognition
//! Dataset", LREC 2022, pages 417-426; CC BY 4.0.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tanba::annotation::SpanState;
use tanba::corpus::{self, Article, LoadOptions, Reader, SourceRef};
use tanba::learn::{self, Example, Labelled, Options, sentences};

const SEED: &str = "sample-data/atyrau-anticorruption-commission.kk.txt";
const GOLD: &str = "sample-data/annotations/sample/atyrau-anticorruption-commission.kk.ron";
/// The hand count: 146 keys for the seed's 24 entities.
const BY_HAND: f64 = 146.0 / 24.0;

fn workspace_label(kaznerd: &str) -> Option<&'static str> {
    Some(match kaznerd {
        "PERSON" => "PERSON",
        "ORGANISATION" => "AGENCY",
        "GPE" | "LOCATION" => "LOCATION",
        "DATE" => "DATE",
        "CARDINAL" | "PERCENTAGE" | "QUANTITY" | "MONEY" => "STATISTIC",
        _ => return None,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: learn_seed_keys KAZNERD_IOB2 [SENTENCES...]");
        std::process::exit(2);
    };
    let sizes: Vec<usize> = match args[1..].iter().map(|a| a.parse()).collect() {
        Ok(v) if !Vec::is_empty(&v) => v,
        _ => vec![400, 800, 2000],
    };
    let load = LoadOptions {
        from: Some(Reader::Conll),
        sentences_per_article: Some(1),
    };
    let corpus = corpus::load_with(&[PathBuf::from(path)], load);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(SEED)).expect("the seed");
    let seed = Article::from_text("seed", text, SourceRef::new(SEED, 1));
    let gold_text = std::fs::read_to_string(root.join(GOLD)).expect("the seed's spans");
    let doc = tanba::store::parse_doc(&root.join(GOLD), &gold_text).expect("a document");
    let gold: BTreeSet<(usize, usize, String)> = doc
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect();
    println!(
        "seed: {} gold spans; by hand about {:.0} keys ({BY_HAND:.2} per entity)",
        gold.len(),
        gold.len() as f64 * BY_HAND
    );
    println!("sentences  proposed  right  wrong  missed  keys  keys/entity");
    for n in sizes {
        let model = train(&corpus.articles[..n.min(corpus.articles.len())]);
        let found: BTreeSet<(usize, usize, String)> = learn::read(&model, &seed)
            .spans
            .into_iter()
            .map(|f| (f.start, f.end, f.label))
            .collect();
        let right = found.intersection(&gold).count();
        let wrong = found.len() - right;
        let missed = gold.len() - right;
        let keys = 1.0 + found.len() as f64 + missed as f64 * BY_HAND + 1.0;
        println!(
            "{n:>9}  {:>8}  {right:>5}  {wrong:>5}  {missed:>6}  {keys:>4.0}  {:>11.2}",
            found.len(),
            keys / gold.len() as f64
        );
    }
}

fn train(articles: &[Article]) -> learn::Model {
    let labels: Vec<String> = ["AGENCY", "DATE", "LOCATION", "PERSON", "STATISTIC"]
        .map(String::from)
        .to_vec();
    let mut clashes = 0;
    let examples: Vec<Example> = articles
        .iter()
        .flat_map(|a| {
            let spans: Vec<Labelled> = a
                .imported
                .iter()
                .filter_map(|s| {
                    let label = workspace_label(&s.label)?;
                    Some(Labelled {
                        start: s.start,
                        end: s.end,
                        label: labels.iter().position(|l| l == label)?,
                    })
                })
                .collect();
            sentences::examples(a, &spans, &mut clashes)
        })
        .collect();
    learn::train(labels, &examples, &Options::default(), &mut |_| {})
}
