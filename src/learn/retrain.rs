//! Learning again from the annotator's finished articles, off the input thread: the
//! spans of the done articles, nine tenths to learn and one tenth to score, then the
//! whole to learn the model kept. Every article's doubt (the list's order) is measured
//! apart (`doubts`): on a large corpus it takes longer than learning.
//!
//! Nested spans are learned as `tanba export` writes them by default: the outermost is
//! kept and the spans it encloses or overlaps are left out (`export::flatten`).

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Example, Labelled, Model, Options, bio, eval, sentences, train_until};
use crate::annotation::Span;
use crate::corpus::Corpus;
use crate::export::{Nested, Tally, flatten};

/// What to learn from: the corpus, and the accepted spans of each done article.
pub struct Job {
    pub corpus: Arc<Corpus>,
    /// (article index, its accepted spans)
    pub articles: Vec<(usize, Vec<Span>)>,
    /// Where the model is written (atomically), if anywhere.
    pub save_to: Option<PathBuf>,
    pub options: Options,
    /// Set when the done articles changed under the job (a done undone): it gives up
    /// after the epoch under way.
    pub stop: Arc<AtomicBool>,
}

/// What a retraining gives.
pub struct Learned {
    pub model: Arc<Model>,
    /// The spans learned from.
    pub spans: usize,
    /// Micro F1 on the held-out tenth of the sentences; None when it holds no span.
    pub f1: Option<f64>,
    /// Why the model could not be written, if it could not.
    pub unsaved: Option<String>,
}

/// The sentences of `job` whose index modulo 10 is 9 are held out for scoring.
const HELD_OUT: usize = 10;

/// Learns, scores and saves; None when `job.stop` was set before it finished.
pub fn run(job: &Job) -> Option<Learned> {
    let (labels, examples, spans) = gather(job);
    let (mut learn_on, mut held_out) = (Vec::new(), Vec::new());
    for (i, e) in examples.iter().enumerate() {
        if i % HELD_OUT == HELD_OUT - 1 {
            held_out.push(e);
        } else {
            learn_on.push(e.clone());
        }
    }
    let mut keep_going = |_| !job.stop.load(Ordering::Relaxed);
    let f1 = if held_out.is_empty() {
        None
    } else {
        let first = train_until(labels.clone(), &learn_on, &job.options, &mut keep_going)?;
        score(&first, &held_out)
    };
    let model = Arc::new(train_until(
        labels,
        &examples,
        &job.options,
        &mut keep_going,
    )?);
    let unsaved = job
        .save_to
        .as_ref()
        .and_then(|path| model.save(path).err().map(|e| e.to_string()));
    Some(Learned {
        model,
        spans,
        f1,
        unsaved,
    })
}

/// Runs `work` on one worker thread at a lower priority (nice 10, on Linux), so that a
/// retraining on a two-core server never takes the core the keys are read on.
pub fn in_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    lower_priority();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "tanba-learn-worker".into())
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Lowers the calling thread's scheduling priority (Linux sets it per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread's own id touches no memory of ours.
    unsafe {
        let tid = libc::gettid() as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// Every article's doubt under `model`, by article index (in parallel).
pub fn doubts(model: &Model, corpus: &Corpus) -> Vec<f32> {
    corpus
        .articles
        .par_iter()
        .map(|a| super::read(model, a).doubt)
        .collect()
}

/// The labels (sorted), the examples and the number of spans learned from.
fn gather(job: &Job) -> (Vec<String>, Vec<Example>, usize) {
    let mut tally = Tally::default();
    let flat: Vec<(usize, Vec<&Span>)> = job
        .articles
        .iter()
        .filter(|(i, _)| *i < job.corpus.articles.len())
        .map(|(i, spans)| {
            let mut refs: Vec<&Span> = spans.iter().collect();
            refs.sort_by_key(|s| s.key());
            (*i, flatten(&refs, Nested::Outermost, &mut tally))
        })
        .collect();
    let mut labels: Vec<String> = flat
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| s.label.clone()))
        .collect();
    labels.sort();
    labels.dedup();
    let (mut examples, mut clashes, mut count) = (Vec::new(), 0, 0);
    for (i, spans) in &flat {
        let labelled: Vec<Labelled> = spans
            .iter()
            .map(|s| Labelled {
                start: s.start,
                end: s.end,
                label: labels.binary_search(&s.label).expect("gathered above"),
            })
            .collect();
        count += labelled.len();
        let article = &job.corpus.articles[*i];
        examples.extend(sentences::examples(article, &labelled, &mut clashes));
    }
    (labels, examples, count.saturating_sub(clashes))
}

/// Micro F1 of `model` on `held_out` (exact start, end and label, in tokens).
fn score(model: &Model, held_out: &[&Example]) -> Option<f64> {
    let mut scores = eval::Scores::default();
    let name = |s: &bio::TokenSpan| model.labels()[s.label].as_str();
    for e in held_out {
        let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
        let gold = bio::decode(&e.tags);
        let found = bio::decode(&model.best(&words));
        scores.add(
            gold.iter().map(|s| (s.start, s.end, name(s))),
            found.iter().map(|s| (s.start, s.end, name(s))),
        );
    }
    let micro = scores.micro();
    (micro.support > 0).then_some(micro.f1)
}

#[cfg(test)]
#[path = "retrain_tests.rs"]
mod tests;
