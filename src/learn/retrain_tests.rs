use std::sync::Arc;

use super::*;
use crate::annotation::{DocAnnotations, Op, Origin, Span, SpanState};
use crate::corpus::Corpus;
use crate::learn::sample;

/// A job over `n` taught articles (their spans accepted) and `m` fresh ones.
fn job(n: usize, m: usize) -> Job {
    let corpus = Arc::new(Corpus {
        articles: sample::corpus(n, m),
        problems: Vec::new(),
    });
    let articles = (0..n)
        .map(|i| {
            let a = &corpus.articles[i];
            let mut doc = DocAnnotations::new(&a.id, "tester", &a.text);
            for s in &a.imported {
                let span = Span::cut(&a.text, s.start, s.end, &s.label, Origin::Manual, "tester");
                doc.apply(&Op::Add(span.unwrap()), "tester");
            }
            (i, doc.spans)
        })
        .collect();
    Job {
        corpus,
        articles,
        save_to: None,
        options: Options::default(),
        stop: Default::default(),
    }
}

#[test]
fn it_learns_names_it_was_never_shown_scores_a_tenth_and_measures_doubt() {
    let job = job(12, 2);
    let learned = run(&job).unwrap();
    assert_eq!(learned.spans, 72);
    // 36 sentences: every tenth held out, and the pattern is learnable
    assert_eq!(learned.f1, Some(1.0));
    let doubts = doubts(&learned.model, &job.corpus);
    assert_eq!(doubts.len(), 14);
    // names never seen are less sure than names learned
    assert!(doubts[12] > doubts[0], "{doubts:?}");
    let fresh = &job.corpus.articles[12];
    let found: Vec<(usize, usize, String)> = crate::learn::read(&learned.model, fresh)
        .spans
        .into_iter()
        .map(|f| (f.start, f.end, f.label))
        .collect();
    let (_, gold) = sample::text(0, false);
    let gold: Vec<(usize, usize, String)> = gold
        .into_iter()
        .map(|(a, b, l)| (a, b, l.to_string()))
        .collect();
    assert_eq!(found, gold);
}

#[test]
fn the_same_work_gives_the_same_model_and_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = job(6, 1);
    first.save_to = Some(dir.path().join("model/tanba.model"));
    let a = run(&first).unwrap();
    assert!(a.unsaved.is_none());
    let saved = Model::load(&dir.path().join("model/tanba.model")).unwrap();
    assert_eq!(saved.to_bytes(), a.model.to_bytes());
    let b = run(&job(6, 1)).unwrap();
    assert_eq!(a.model.to_bytes(), b.model.to_bytes());
    let corpus = &first.corpus;
    assert_eq!(doubts(&a.model, corpus), doubts(&b.model, corpus));
}

#[test]
fn a_model_that_cannot_be_written_says_why_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model"), "a file where the folder goes").unwrap();
    let mut job = job(3, 0);
    job.save_to = Some(dir.path().join("model/tanba.model"));
    let learned = run(&job).unwrap();
    assert!(learned.unsaved.is_some());
    assert_eq!(learned.model.labels(), ["LOCATION", "PERSON"]);
}

#[test]
fn nested_spans_are_learned_outermost_and_few_sentences_hold_nothing_out() {
    let mut job = job(1, 0);
    let (start, end) = (job.articles[0].1[0].start, job.articles[0].1[1].end);
    let text = &job.corpus.articles[0].text;
    let outer = Span::cut(text, start, end, "AGENCY", Origin::Manual, "tester").unwrap();
    assert_eq!(outer.state, SpanState::Accepted);
    job.articles[0].1.push(outer);
    let learned = run(&job).unwrap();
    // the AGENCY span holds the first place and person: 4 of the 6 spans are learned
    assert_eq!(learned.spans, 5);
    assert_eq!(learned.f1, None);
}

#[test]
fn a_job_told_to_stop_gives_up_without_a_model_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut job = job(6, 1);
    job.save_to = Some(dir.path().join("model/tanba.model"));
    job.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(run(&job).is_none());
    assert!(!dir.path().join("model/tanba.model").exists());
}

#[test]
fn work_in_the_background_pool_gives_what_it_gives_in_the_caller() {
    let job = job(6, 1);
    let here = run(&job).unwrap();
    let there = in_background(|| run(&job)).unwrap();
    assert_eq!(here.model.to_bytes(), there.model.to_bytes());
    assert_eq!(in_background(rayon::current_num_threads), 1);
}
