//! The keys it takes to annotate the seed article from scratch once the model has
//! learned from a few dozen articles, next to the 146 of annotating it by hand.
//!
//!     cargo run --release --example learn_seed_keys -- ../shared/data/kaznerd/IOB2_valid.txt [SENTENCES...]
//!
//! The articles learned from: KazNERD's first SENTENCES sentences (default 400, 800,
//! 2,000 and all: 20, 40 and 100 articles of 20 sentences), its labels mapped onto the
//! workspace's five (PERSON; ORGANISATION as AGENCY; GPE and LOCATION as LOCATION; DATE;
//! CARDINAL, PERCENTAGE, QUANTITY and MONEY as STATISTIC; the rest left out). The gold:
//! the seed's accepted spans in `sample-data/annotations/sample/`. The model's spans are
//! pending as the annotator shows them; `n` goes to the first. Two counts:
//!
//! - **without resizing** (the count before `}` `{` `(` `)`): one key per model span
//!   (`a` when its range and label are the gold's, `r` otherwise), `146 / 24` keys (the
//!   hand count per entity) for each gold span the model did not give exactly, and `d`.
//! - **with resizing**, the cheapest honest path per model span: exact, `a` (the cursor
//!   goes on to the next pending span); the right range with another label, its label's
//!   digit (which accepts it relabelled and goes on); overlapping a gold span whose edges
//!   the word moves reach (`textnav::Nav`'s span edges, as the keys move them), one key
//!   per word moved, the digit too when the label differs, and `n` to the next pending
//!   span (a resize accepts the span and leaves the cursor on it), when that is cheaper
//!   than `r` and the hand count; otherwise `r`. Each gold span is fixed from one model
//!   span at most (the pairs that save most first); the rest are counted by hand. The
//!   seed's workspace is nested, so a span grown over another leaves it pending (`r`).
//!
//! `SEED_KEYS_DEBUG=1` prints each model span mended and its keys.
//!
//! KazNERD: Yeshpanov, Khassanov, Varol, "KazNERD: Kazakh Named Entity Recognition
//! Dataset", LREC 2022, pages 417-426; CC BY 4.0.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tanba::annotation::SpanState;
use tanba::corpus::{self, Article, LoadOptions, Reader, SourceRef};
use tanba::learn::{self, Example, Labelled, Options, sentences};
use tanba::text::CharIndex;
use tanba::textnav::Nav;

type Range = (usize, usize, String);

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
        _ => vec![400, 800, 2000, usize::MAX],
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
    println!(
        "sentences  proposed  right  wrong  missed  keys  keys/entity  |  resized  relabelled  missed  keys  keys/entity"
    );
    let index = CharIndex::new(&seed.text);
    let nav = Nav::new(&seed.text, &index);
    for &n in &sizes {
        let model = train(&corpus.articles[..n.min(corpus.articles.len())]);
        let found: BTreeSet<Range> = learn::read(&model, &seed)
            .spans
            .into_iter()
            .map(|f| (f.start, f.end, f.label))
            .collect();
        let right = found.intersection(&gold).count();
        let wrong = found.len() - right;
        let missed = gold.len() - right;
        let keys = 1.0 + found.len() as f64 + missed as f64 * BY_HAND + 1.0;
        let with = with_resizing(&nav, &found, &gold);
        let shown = n.min(corpus.articles.len());
        println!(
            "{shown:>9}  {:>8}  {right:>5}  {wrong:>5}  {missed:>6}  {keys:>4.0}  {:>11.2}  |  {:>7}  {:>10}  {:>6}  {:>4.0}  {:>11.2}",
            found.len(),
            keys / gold.len() as f64,
            with.resized,
            with.relabelled,
            with.missed,
            with.keys,
            with.keys / gold.len() as f64
        );
    }
    held_out(path, &corpus.articles, &sizes);
}

/// Sentences of KazNERD's split learned from at most: the tenth after them is held out.
const LEARNED_AT_MOST: usize = 10_050;
/// Sentences per held-out article.
const ARTICLE_SENTENCES: usize = 20;

/// The same counts on KazNERD's own held-out articles (its last tenth, 20 sentences an
/// article), whose conventions are the ones learned: what a team's own done articles
/// give, which the seed, annotated under other guidelines, cannot show.
fn held_out(path: &str, sentences: &[Article], sizes: &[usize]) {
    let load = LoadOptions {
        from: Some(Reader::Conll),
        sentences_per_article: Some(ARTICLE_SENTENCES),
    };
    let articles = corpus::load_with(&[PathBuf::from(path)], load).articles;
    let held: Vec<&Article> = articles
        .iter()
        .skip(LEARNED_AT_MOST.div_ceil(ARTICLE_SENTENCES))
        .collect();
    let golds: Vec<BTreeSet<Range>> = held
        .iter()
        .map(|a| {
            let mapped = a
                .imported
                .iter()
                .filter_map(|s| Some((s.start, s.end, workspace_label(&s.label)?.to_string())));
            mapped.collect()
        })
        .collect();
    let entities: usize = golds.iter().map(BTreeSet::len).sum();
    println!(
        "\nKazNERD's held-out articles: {} of {ARTICLE_SENTENCES} sentences, {entities} entities \
         (its five labels mapped as above)",
        held.len()
    );
    println!(
        "sentences  right  wrong  missed  keys/entity  |  resized  relabelled  missed  keys/entity"
    );
    for &n in sizes {
        let model = train(&sentences[..n.min(LEARNED_AT_MOST).min(sentences.len())]);
        let (mut right, mut wrong, mut missed, mut keys) = (0, 0, 0, 0.0);
        let mut with = Count {
            keys: 0.0,
            resized: 0,
            relabelled: 0,
            missed: 0,
        };
        for (article, gold) in held.iter().zip(&golds) {
            let found: BTreeSet<Range> = learn::read(&model, article)
                .spans
                .into_iter()
                .map(|f| (f.start, f.end, f.label))
                .collect();
            let hits = found.intersection(gold).count();
            (right, wrong, missed) = (
                right + hits,
                wrong + found.len() - hits,
                missed + gold.len() - hits,
            );
            keys += 2.0 + found.len() as f64 + (gold.len() - hits) as f64 * BY_HAND;
            let index = CharIndex::new(&article.text);
            let counted = with_resizing(&Nav::new(&article.text, &index), &found, gold);
            with.keys += counted.keys;
            with.resized += counted.resized;
            with.relabelled += counted.relabelled;
            with.missed += counted.missed;
        }
        let per = |k: f64| k / entities.max(1) as f64;
        println!(
            "{:>9}  {right:>5}  {wrong:>5}  {missed:>6}  {:>11.2}  |  {:>7}  {:>10}  {:>6}  {:>11.2}",
            n.min(LEARNED_AT_MOST),
            per(keys),
            with.resized,
            with.relabelled,
            with.missed,
            per(with.keys)
        );
    }
}

/// What the count with resizing found.
struct Count {
    keys: f64,
    resized: usize,
    relabelled: usize,
    missed: usize,
}

/// The keys from the first `n` to `d` with the resize keys (see the head of this file).
fn with_resizing(nav: &Nav, found: &BTreeSet<Range>, gold: &BTreeSet<Range>) -> Count {
    let found: Vec<&Range> = found.iter().collect();
    let gold: Vec<&Range> = gold.iter().collect();
    // every (model span, gold span) fix with its keys and what it saves over r + by hand
    let mut fixes: Vec<(f64, usize, usize, f64)> = Vec::new();
    for (m, f) in found.iter().enumerate() {
        for (g, t) in gold.iter().enumerate() {
            let overlap = f.0 < t.1 && t.0 < f.1;
            let Some(steps) = overlap.then(|| edge_steps(nav, f, t)).flatten() else {
                continue;
            };
            let digit = usize::from(f.2 != t.2);
            let next = usize::from(steps > 0 && m + 1 < found.len());
            let keys = (steps + digit + next).max(1) as f64;
            fixes.push((1.0 + BY_HAND - keys, m, g, keys));
        }
    }
    fixes.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut used_m, mut used_g) = (vec![false; found.len()], vec![false; gold.len()]);
    let mut count = Count {
        keys: 2.0, // n to the first, d at the end
        resized: 0,
        relabelled: 0,
        missed: 0,
    };
    for (saves, m, g, keys) in fixes {
        if saves <= 0.0 || used_m[m] || used_g[g] {
            continue;
        }
        (used_m[m], used_g[g]) = (true, true);
        count.keys += keys;
        let (f, t) = (found[m], gold[g]);
        count.resized += usize::from((f.0, f.1) != (t.0, t.1));
        count.relabelled += usize::from(f.2 != t.2);
        if std::env::var_os("SEED_KEYS_DEBUG").is_some() {
            eprintln!("  {f:?} -> {t:?}: {keys} keys");
        }
    }
    // every other model span is rejected, every other gold span tagged by hand
    count.keys += used_m.iter().filter(|u| !**u).count() as f64;
    count.missed = used_g.iter().filter(|u| !**u).count();
    count.keys += count.missed as f64 * BY_HAND;
    count
}

/// The resize keys that move `from`'s edges onto `to`'s, if the word moves reach them
/// (growing first, so a span is never empty on the way).
fn edge_steps(nav: &Nav, from: &Range, to: &Range) -> Option<usize> {
    let walk = |mut at: usize, goal: usize, step: &dyn Fn(usize) -> Option<usize>| {
        let mut n = 0;
        while at != goal {
            let next = step(at)?;
            if (next > goal) != (at > goal) && next != goal {
                return None; // stepped over it: the goal is no edge
            }
            (at, n) = (next, n + 1);
        }
        Some(n)
    };
    let (lo, hi) = (from.0.min(to.0), from.1.max(to.1));
    let start = if to.0 < from.0 {
        walk(from.0, to.0, &|s| nav.start_before(s))?
    } else {
        walk(from.0, to.0, &|s| nav.start_after(s, hi))?
    };
    let end = if to.1 > from.1 {
        walk(from.1, to.1, &|e| nav.end_after(e))?
    } else {
        walk(from.1, to.1, &|e| nav.end_before(lo, e))?
    };
    Some(start + end)
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
