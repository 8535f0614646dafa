//! The built-in tagger: features, training, decoding and evaluation. No terminal here.
//!
//! An averaged structured perceptron over BIO tags, decoded by Viterbi over valid BIO
//! transitions only. Each token's confidence is its tag's probability under a softmax
//! over every valid tagging of the sentence (forward-backward on the perceptron's
//! scores); a span's confidence is its least confident token; an article's doubt is one
//! minus the mean confidence of its tokens' tags.

pub mod bio;
mod decode;
pub mod eval;
pub mod features;
pub mod model;
pub mod retrain;
#[cfg(any(test, feature = "testing"))]
pub mod sample;
pub mod sentences;
pub mod train;

pub use model::{Model, ModelError, Tagging};
pub use sentences::Labelled;
pub use train::{Options, train, train_until};

use crate::corpus::Article;

/// The model file in a workspace, where `tanba suggest --model` and the annotator look.
pub const MODEL_FILE: &str = "model/tanba.model";

/// One sentence to learn from: its words and their tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub words: Vec<String>,
    pub tags: Vec<bio::Tag>,
}

/// A span the model proposes: `[start, end)` in code points, its label and confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub confidence: f32,
}

/// What the model makes of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub spans: Vec<Found>,
    /// One minus the mean confidence of the article's token tags; 0 for no words.
    pub doubt: f32,
}

/// Tags every sentence of `article`.
pub fn read(model: &Model, article: &Article) -> Reading {
    let mut spans = Vec::new();
    let (mut sum, mut tokens) = (0.0f64, 0usize);
    for sentence in sentences::split(article, &[]) {
        let tagging = model.tag(&sentence.words);
        sum += tagging
            .confidence
            .iter()
            .map(|&c| f64::from(c))
            .sum::<f64>();
        tokens += tagging.confidence.len();
        for (s, confidence) in tagging.spans() {
            spans.push(Found {
                start: sentence.ranges[s.start].0,
                end: sentence.ranges[s.end - 1].1,
                label: model.labels()[s.label].clone(),
                confidence,
            });
        }
    }
    let doubt = if tokens == 0 {
        0.0
    } else {
        (1.0 - sum / tokens as f64).max(0.0) as f32
    };
    Reading { spans, doubt }
}

/// Scores `model` on gold spans: each article with its gold `(start, end, label)` in
/// code points.
pub fn evaluate<'a>(
    model: &Model,
    gold: impl IntoIterator<Item = (&'a Article, Vec<(usize, usize, &'a str)>)>,
) -> eval::Scores {
    let mut scores = eval::Scores::default();
    for (article, spans) in gold {
        let found = read(model, article).spans;
        let predicted = found.iter().map(|f| (f.start, f.end, f.label.as_str()));
        scores.add(spans, predicted);
    }
    scores
}

#[cfg(test)]
mod tests;
