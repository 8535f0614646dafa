//! Agreement on document labels: per pair of annotators and label, Cohen's κ over the
//! articles both have files for, each article a yes or a no for the label.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::annotation::DocAnnotations;
use crate::store::DocKey;

/// One pair's figures for one document label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocLabelFigures {
    pub a: String,
    pub b: String,
    pub label: String,
    /// Articles both have files for.
    pub articles: usize,
    /// Articles where both said the same (both yes or both no).
    pub agreed: usize,
    /// None when chance agreement is total (both said yes everywhere, or no everywhere).
    pub kappa: Option<f64>,
}

/// Cohen's κ of two yes/no raters from their counts: both yes, a only, b only, neither.
fn kappa(yy: usize, yn: usize, ny: usize, nn: usize) -> Option<f64> {
    let n = (yy + yn + ny + nn) as f64;
    if n == 0.0 {
        return None;
    }
    let observed = (yy + nn) as f64 / n;
    let (a_yes, b_yes) = ((yy + yn) as f64 / n, (yy + ny) as f64 / n);
    let chance = a_yes * b_yes + (1.0 - a_yes) * (1.0 - b_yes);
    (chance < 1.0).then(|| (observed - chance) / (1.0 - chance))
}

/// Figures per pair (in `annotators`' order) and document label used in any file; empty
/// when no file holds one.
pub fn doc_label_agreement(
    docs: &BTreeMap<DocKey, DocAnnotations>,
    annotators: &[String],
) -> Vec<DocLabelFigures> {
    let labels: BTreeSet<&str> = docs
        .values()
        .flat_map(|d| d.doc_labels.iter().map(String::as_str))
        .collect();
    let of = |who: &str| super::relations::by_article(docs, who);
    let mut out = Vec::new();
    for (i, a) in annotators.iter().enumerate() {
        for b in &annotators[i + 1..] {
            let (da, db) = (of(a), of(b));
            let shared: Vec<(&DocAnnotations, &DocAnnotations)> = da
                .iter()
                .filter_map(|(article, x)| db.get(article).map(|y| (*x, *y)))
                .collect();
            for label in &labels {
                let mut counts = [0usize; 4];
                for (x, y) in &shared {
                    let has = |d: &DocAnnotations| d.doc_labels.iter().any(|l| l == label);
                    counts[usize::from(!has(x)) * 2 + usize::from(!has(y))] += 1;
                }
                let [yy, yn, ny, nn] = counts;
                out.push(DocLabelFigures {
                    a: a.clone(),
                    b: b.clone(),
                    label: label.to_string(),
                    articles: shared.len(),
                    agreed: yy + nn,
                    kappa: kappa(yy, yn, ny, nn),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(article: &str, who: &str, labels: &[&str]) -> (DocKey, DocAnnotations) {
        let mut d = DocAnnotations::new(article, who, "мәтін");
        d.doc_labels = labels.iter().map(|l| l.to_string()).collect();
        let key = DocKey {
            annotator: who.into(),
            article: article.into(),
        };
        (key, d)
    }

    #[test]
    fn kappa_per_label_over_shared_articles() {
        let docs: BTreeMap<_, _> = [
            doc("1", "a", &["CORRUPTION"]),
            doc("1", "b", &["CORRUPTION"]),
            doc("2", "a", &[]),
            doc("2", "b", &[]),
            doc("3", "a", &["CORRUPTION"]),
            doc("3", "b", &[]),
            doc("4", "a", &[]),
            doc("4", "b", &[]),
        ]
        .into_iter()
        .collect();
        let figures = doc_label_agreement(&docs, &["a".into(), "b".into()]);
        assert_eq!(figures.len(), 1);
        let f = &figures[0];
        assert_eq!((f.articles, f.agreed), (4, 3));
        // observed 0.75, chance 0.5·0.25 + 0.5·0.75 = 0.5: κ = 0.5
        assert!((f.kappa.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(kappa(2, 0, 0, 0), None, "all yes: κ is not defined");
    }
}
