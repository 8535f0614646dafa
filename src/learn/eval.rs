//! Scoring a tagger against gold spans as seqeval does by default: a predicted span
//! counts when its start, end and label are all exactly right.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

/// Precision, recall, F1 and the number of gold spans.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

impl Counts {
    pub fn figures(&self) -> Figures {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.gold),
        );
        Figures {
            precision: p,
            recall: r,
            f1: if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            },
            support: self.gold,
        }
    }
}

/// Counts per label over a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    pub per_label: BTreeMap<String, Counts>,
}

impl Scores {
    /// Adds one unit (a sentence or an article): its gold and predicted
    /// `(start, end, label)` spans, in any unit of offset.
    pub fn add<'l>(
        &mut self,
        gold: impl IntoIterator<Item = (usize, usize, &'l str)>,
        predicted: impl IntoIterator<Item = (usize, usize, &'l str)>,
    ) {
        let gold: BTreeSet<_> = gold.into_iter().collect();
        let predicted: BTreeSet<_> = predicted.into_iter().collect();
        for s in &gold {
            self.entry(s.2).gold += 1;
        }
        for s in &predicted {
            let c = self.entry(s.2);
            c.predicted += 1;
            c.correct += usize::from(gold.contains(s));
        }
    }

    fn entry(&mut self, label: &str) -> &mut Counts {
        if !self.per_label.contains_key(label) {
            self.per_label.insert(label.to_string(), Counts::default());
        }
        self.per_label.get_mut(label).expect("just inserted")
    }

    /// Micro-averaged: every span counts once, whatever its label.
    pub fn micro(&self) -> Figures {
        let mut all = Counts::default();
        for c in self.per_label.values() {
            all.correct += c.correct;
            all.predicted += c.predicted;
            all.gold += c.gold;
        }
        all.figures()
    }

    /// `{"precision", "recall", "f1", "per_label": {LABEL: {precision, recall, f1, support}}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let micro = self.micro();
        let per_label: BTreeMap<&str, Figures> = self
            .per_label
            .iter()
            .map(|(l, c)| (l.as_str(), c.figures()))
            .collect();
        serde_json::json!({
            "precision": micro.precision,
            "recall": micro.recall,
            "f1": micro.f1,
            "per_label": per_label,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_count_and_near_misses_do_not() {
        let mut s = Scores::default();
        s.add(
            [(0, 2, "PER"), (5, 6, "LOC"), (8, 9, "LOC")],
            [(0, 2, "PER"), (5, 7, "LOC"), (8, 9, "ORG")],
        );
        let micro = s.micro();
        assert_eq!((micro.precision, micro.recall), (1.0 / 3.0, 1.0 / 3.0));
        assert_eq!(s.per_label["PER"].figures().f1, 1.0);
        assert_eq!(s.per_label["LOC"].figures().f1, 0.0);
        assert_eq!(s.per_label["ORG"].figures().support, 0);
        let json = s.to_json();
        assert_eq!(json["per_label"]["LOC"]["support"], 2);
    }
}
