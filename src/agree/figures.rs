//! Span F1 and Cohen's kappa per pair, Krippendorff's alpha over everyone, and the
//! disagreements per article, exactly as the README defines them. A figure with nothing
//! to measure is `None` ("n/a", `null` in JSON) with its reason, never 1.0.

use serde::Serialize;
use std::collections::BTreeMap;

use super::merge::tally;
use super::units::{Categories, OUTSIDE, categories, countable};
use super::{Mark, Sheet, SheetArticle};

/// Why a figure could not be computed: printed after "n/a", written as this text in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
pub enum NotApplicable {
    #[serde(rename = "no shared articles")]
    #[strum(serialize = "no shared articles")]
    NoSharedArticles,
    #[serde(rename = "nothing accepted")]
    #[strum(serialize = "nothing accepted")]
    NothingAccepted,
    /// Accepted spans there are, but they cover only whitespace: no character to compare.
    #[serde(rename = "spans cover only spaces")]
    #[strum(serialize = "spans cover only spaces")]
    OnlySpaces,
}

impl std::fmt::Display for NotApplicable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.into())
    }
}

/// A figure as the tables print it: `0.400` (`decimals` places), or `n/a (why)`.
pub fn shown(value: Option<f64>, why: Option<NotApplicable>, decimals: usize) -> String {
    match (value, why) {
        (Some(v), _) => format!("{v:.decimals$}"),
        (None, Some(why)) => format!("n/a ({why})"),
        (None, None) => "n/a".to_string(),
    }
}

/// Span counts and F1 of one pair for one label.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelFigures {
    pub spans_a: usize,
    pub spans_b: usize,
    pub matched: usize,
    /// Always a number: a label is listed only where one of the two has a span of it.
    pub span_f1: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFigures {
    pub a: String,
    pub b: String,
    /// Articles both have a file for.
    pub articles: usize,
    pub spans_a: usize,
    pub spans_b: usize,
    pub matched: usize,
    /// `None` when neither has an accepted span on the shared articles, or none are shared.
    pub span_f1: Option<f64>,
    /// `None` when no character is covered by either side's spans.
    pub kappa: Option<f64>,
    /// Why `span_f1` or `kappa` is `None`; `None` when both are numbers.
    pub not_applicable: Option<NotApplicable>,
    pub per_label: BTreeMap<String, LabelFigures>,
}

impl PairFigures {
    pub fn span_f1_shown(&self, decimals: usize) -> String {
        shown(self.span_f1, self.not_applicable, decimals)
    }

    pub fn kappa_shown(&self, decimals: usize) -> String {
        shown(self.kappa, self.not_applicable, decimals)
    }
}

/// How many distinct spans of an article not every annotator with a file has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub id: String,
    pub count: usize,
}

/// Every figure for a sheet; serialises to the `tanba agree --json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub annotators: Vec<String>,
    /// Articles two or more annotators have a file for.
    pub articles: usize,
    pub pairs: Vec<PairFigures>,
    /// `None` when no annotator's accepted span covers a character of a shared article.
    pub alpha: Option<f64>,
    /// Why `alpha` is `None`.
    pub alpha_not_applicable: Option<NotApplicable>,
    /// Every shared article, most disagreements first (then by id).
    pub disagreements: Vec<Disagreement>,
}

/// `2·matched / (a + b)`; `None` when both are empty: there is nothing to agree on.
pub fn span_f1(matched: usize, a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * matched as f64 / (a + b) as f64)
}

/// Running totals of one pair over its common articles.
#[derive(Debug, Default)]
struct PairTally {
    articles: usize,
    per_label: BTreeMap<String, [usize; 3]>,
    kappa: KappaTally,
}

/// Units, units agreed on, and each annotator's count per category.
#[derive(Debug, Default)]
struct KappaTally {
    units: u64,
    agreed: u64,
    a: Vec<u64>,
    b: Vec<u64>,
}

impl KappaTally {
    fn add(&mut self, x: u32, y: u32) {
        self.units += 1;
        self.agreed += u64::from(x == y);
        bump(&mut self.a, x);
        bump(&mut self.b, y);
    }

    /// `(p_o − p_e) / (1 − p_e)` in whole numbers scaled by units²; `None` with no units;
    /// 1.0 when `p_e` is 1 (both used one same category throughout: they agree).
    fn kappa(&self) -> Option<f64> {
        if self.units == 0 {
            return None;
        }
        let n = u128::from(self.units);
        let expected: u128 = self
            .a
            .iter()
            .zip(&self.b)
            .map(|(&x, &y)| u128::from(x) * u128::from(y))
            .sum();
        if n * n == expected {
            return Some(1.0);
        }
        let observed = u128::from(self.agreed) * n;
        Some((observed as f64 - expected as f64) / ((n * n - expected) as f64))
    }
}

/// Per unit: Σ(m² − Σ n_c²) grouped by m, and each category's count over all units.
#[derive(Debug, Default)]
struct AlphaTally {
    disagreeing: BTreeMap<usize, u128>,
    totals: Vec<u64>,
}

impl AlphaTally {
    fn add(&mut self, values: &mut [u32]) {
        let m = values.len();
        values.sort_unstable();
        let mut squares: u128 = 0;
        for run in values.chunk_by(|x, y| x == y) {
            squares += (run.len() * run.len()) as u128;
            for _ in run {
                bump(&mut self.totals, run[0]);
            }
        }
        *self.disagreeing.entry(m).or_default() += (m * m) as u128 - squares;
    }

    /// `1 − (n−1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k`; `None` with no units; 1.0 when every
    /// value is one category (nothing to disagree about).
    fn alpha(&self) -> Option<f64> {
        let n: u128 = self.totals.iter().map(|&c| u128::from(c)).sum();
        if n == 0 {
            return None;
        }
        let same: u128 = self.totals.iter().map(|&c| u128::from(c).pow(2)).sum();
        let expected = n * n - same;
        if expected == 0 {
            return Some(1.0);
        }
        let observed: f64 = self
            .disagreeing
            .iter()
            .map(|(&m, &d)| d as f64 / (m - 1) as f64)
            .sum();
        Some(1.0 - (n - 1) as f64 * observed / expected as f64)
    }
}

fn bump(counts: &mut Vec<u64>, id: u32) {
    let i = id as usize;
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    counts[i] += 1;
}

impl Report {
    pub fn compute(sheet: &Sheet) -> Report {
        let people = sheet.annotators.len();
        let pairs: Vec<(usize, usize)> = (0..people)
            .flat_map(|i| (i + 1..people).map(move |j| (i, j)))
            .collect();
        let mut tallies: Vec<PairTally> = pairs.iter().map(|_| PairTally::default()).collect();
        let mut alpha = AlphaTally::default();
        let mut ids = Categories::default();
        let mut disagreements = Vec::new();
        for article in sheet.shared() {
            let len = article.text.chars().count();
            let cats: Vec<Option<Vec<u32>>> = article
                .files
                .iter()
                .map(|f| f.as_ref().map(|marks| categories(len, marks, &mut ids)))
                .collect();
            let units = countable(article.text);
            for (&(i, j), pair) in pairs.iter().zip(&mut tallies) {
                let (Some(a), Some(b)) = (&article.files[i], &article.files[j]) else {
                    continue;
                };
                pair.articles += 1;
                count_spans(&mut pair.per_label, a, b);
                let (ca, cb) = (cats[i].as_ref().unwrap(), cats[j].as_ref().unwrap());
                for p in (0..len).filter(|&p| units[p]) {
                    if ca[p] != OUTSIDE || cb[p] != OUTSIDE {
                        pair.kappa.add(ca[p], cb[p]);
                    }
                }
            }
            add_alpha_units(&mut alpha, &cats, &units);
            disagreements.push(Disagreement {
                id: article.id.clone(),
                count: disagreement_count(article),
            });
        }
        disagreements.sort_by(|x, y| y.count.cmp(&x.count).then(x.id.cmp(&y.id)));
        let alpha = alpha.alpha();
        let pairs: Vec<PairFigures> = pairs
            .iter()
            .zip(tallies)
            .map(|(&(i, j), t)| pair_figures(&sheet.annotators[i], &sheet.annotators[j], t))
            .collect();
        let nothing = pairs.iter().all(|p| p.spans_a + p.spans_b == 0);
        Report {
            annotators: sheet.annotators.clone(),
            articles: disagreements.len(),
            pairs,
            alpha,
            alpha_not_applicable: alpha
                .is_none()
                .then(|| why_not(disagreements.len(), !nothing)),
            disagreements,
        }
    }
}

/// Adds one article's spans of a pair to the per-label counts [a, b, matched].
fn count_spans(per_label: &mut BTreeMap<String, [usize; 3]>, a: &[Mark], b: &[Mark]) {
    let mut entry = |label: &str, slot: usize| {
        if let Some(counts) = per_label.get_mut(label) {
            counts[slot] += 1;
        } else {
            let mut counts = [0; 3];
            counts[slot] = 1;
            per_label.insert(label.to_string(), counts);
        }
    };
    for mark in a {
        entry(&mark.label, 0);
        if b.binary_search(mark).is_ok() {
            entry(&mark.label, 2);
        }
    }
    for mark in b {
        entry(&mark.label, 1);
    }
}

/// The alpha units of one article: code points someone with a file covers.
fn add_alpha_units(alpha: &mut AlphaTally, cats: &[Option<Vec<u32>>], units: &[bool]) {
    let present: Vec<&Vec<u32>> = cats.iter().flatten().collect();
    let mut values = Vec::with_capacity(present.len());
    for p in (0..units.len()).filter(|&p| units[p]) {
        values.clear();
        values.extend(present.iter().map(|c| c[p]));
        if values.iter().any(|&v| v != OUTSIDE) {
            alpha.add(&mut values);
        }
    }
}

/// Distinct spans of the article that not every annotator with a file has.
pub(super) fn disagreement_count(article: &SheetArticle) -> usize {
    let files = article.file_count();
    tally(article).iter().filter(|t| t.by.len() < files).count()
}

fn pair_figures(a: &str, b: &str, tally: PairTally) -> PairFigures {
    let per_label: BTreeMap<String, LabelFigures> = tally
        .per_label
        .into_iter()
        .map(|(label, [x, y, m])| {
            let figures = LabelFigures {
                spans_a: x,
                spans_b: y,
                matched: m,
                span_f1: span_f1(m, x, y),
            };
            (label, figures)
        })
        .collect();
    let sum = |f: fn(&LabelFigures) -> usize| per_label.values().map(f).sum::<usize>();
    let (spans_a, spans_b, matched) = (sum(|l| l.spans_a), sum(|l| l.spans_b), sum(|l| l.matched));
    let (span_f1, kappa) = (span_f1(matched, spans_a, spans_b), tally.kappa.kappa());
    let missing = span_f1.is_none() || kappa.is_none();
    PairFigures {
        a: a.to_string(),
        b: b.to_string(),
        articles: tally.articles,
        spans_a,
        spans_b,
        matched,
        span_f1,
        kappa,
        not_applicable: missing.then(|| why_not(tally.articles, spans_a + spans_b > 0)),
        per_label,
    }
}

/// Why a figure over `articles` shared articles has nothing to measure.
fn why_not(articles: usize, any_span: bool) -> NotApplicable {
    match (articles, any_span) {
        (0, _) => NotApplicable::NoSharedArticles,
        (_, false) => NotApplicable::NothingAccepted,
        (_, true) => NotApplicable::OnlySpaces,
    }
}
