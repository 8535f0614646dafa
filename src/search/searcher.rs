//! Searching off the input thread, for the TUI. A worker answers queries; the full index is
//! built on another thread meanwhile, and until it is ready queries search titles only.
//! Queries carry a generation number: a query superseded before it ran is skipped, and a
//! result is never delivered once a newer query was submitted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::engine::{SearchOptions, SearchResults, search};
use super::facts::Facts;
use super::index::Index;
use super::query::{Query, QueryError};
use crate::annotation::{DocAnnotations, LabelSet};
use crate::corpus::Article;

/// What the worker reports, through the `notify` callback given to `Searcher::start`.
#[derive(Debug)]
pub enum SearchEvent {
    /// The full index is ready: queries search bodies too. A query last answered from
    /// titles only is answered again (same generation, `partial` false).
    Indexed {
        articles: usize,
        words: usize,
        elapsed: Duration,
    },
    Results(SearchResults),
    /// The query line does not parse: show the error in it.
    Invalid {
        generation: u64,
        error: QueryError,
    },
}

enum Msg {
    Query { generation: u64, text: String },
    Doc(Box<DocAnnotations>),
    Facts(Box<Facts>),
    Labels(LabelSet),
    Index(Arc<Index>, Duration),
    Stop,
}

/// The handle the TUI keeps. Dropping it stops the worker.
pub struct Searcher {
    tx: Sender<Msg>,
    latest: Arc<AtomicU64>,
    worker: Option<JoinHandle<()>>,
}

struct Worker<F> {
    articles: Arc<Vec<Article>>,
    index: Arc<Index>,
    facts: Facts,
    labels: LabelSet,
    options: SearchOptions,
    latest: Arc<AtomicU64>,
    notify: F,
}

impl Searcher {
    /// Starts the worker and the index build. `notify` runs on the worker thread: keep it
    /// short (send the event to the UI loop and wake it).
    pub fn start(
        articles: Arc<Vec<Article>>,
        labels: LabelSet,
        facts: Facts,
        options: SearchOptions,
        notify: impl Fn(SearchEvent) + Send + 'static,
    ) -> std::io::Result<Searcher> {
        let (tx, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let builder_tx = tx.clone();
        let worker = Worker {
            articles,
            index: Arc::new(Index::default()),
            facts,
            labels,
            options,
            latest: latest.clone(),
            notify,
        };
        let worker = thread::Builder::new()
            .name("tanba-search".into())
            .spawn(move || worker.run(rx, builder_tx))?;
        Ok(Searcher {
            tx,
            latest,
            worker: Some(worker),
        })
    }

    /// Submits a query. Generations must grow; results of older ones are dropped.
    pub fn search(&self, generation: u64, query: &str) {
        self.latest.fetch_max(generation, Ordering::SeqCst);
        let _ = self.tx.send(Msg::Query {
            generation,
            text: query.to_string(),
        });
    }

    /// The newest generation submitted (results older than this are stale).
    pub fn latest(&self) -> u64 {
        self.latest.load(Ordering::SeqCst)
    }

    /// Tells the filters about an edited document (status, spans).
    pub fn update_doc(&self, doc: DocAnnotations) {
        let _ = self.tx.send(Msg::Doc(Box::new(doc)));
    }

    pub fn set_facts(&self, facts: Facts) {
        let _ = self.tx.send(Msg::Facts(Box::new(facts)));
    }

    pub fn set_labels(&self, labels: LabelSet) {
        let _ = self.tx.send(Msg::Labels(labels));
    }
}

impl Drop for Searcher {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl<F: Fn(SearchEvent)> Worker<F> {
    fn run(mut self, rx: Receiver<Msg>, builder_tx: Sender<Msg>) {
        self.index = Arc::new(Index::build_titles(&self.articles));
        let spawned = {
            let (articles, tx) = (self.articles.clone(), builder_tx.clone());
            thread::Builder::new()
                .name("tanba-index".into())
                .spawn(move || build_index(&articles, &tx))
        };
        if spawned.is_err() {
            build_index(&self.articles, &builder_tx);
        }
        drop(builder_tx);
        let mut pending: Option<(u64, String)> = None;
        // The last query answered from titles only, answered again once the index is ready.
        let mut partial: Option<(u64, String)> = None;
        while let Ok(first) = rx.recv() {
            for msg in std::iter::once(first).chain(rx.try_iter()) {
                match msg {
                    Msg::Query { generation, text } => {
                        if pending.as_ref().is_none_or(|(g, _)| generation >= *g) {
                            pending = Some((generation, text));
                        }
                    }
                    Msg::Doc(doc) => {
                        self.facts.set_doc(&doc);
                    }
                    Msg::Facts(facts) => self.facts = *facts,
                    Msg::Labels(labels) => self.labels = labels,
                    Msg::Index(index, elapsed) => {
                        (self.notify)(SearchEvent::Indexed {
                            articles: index.articles(),
                            words: index.vocabulary(),
                            elapsed,
                        });
                        self.index = index;
                        if pending.is_none() {
                            pending = partial.take();
                        }
                    }
                    Msg::Stop => return,
                }
            }
            let Some((generation, text)) = pending.take() else {
                continue;
            };
            if generation < self.latest.load(Ordering::SeqCst) {
                continue; // superseded: a newer query is already queued
            }
            let event = match Query::parse(&text, &self.labels) {
                Ok(query) => {
                    let mut results = search(
                        &self.index,
                        &self.articles,
                        &self.facts,
                        &query,
                        self.options,
                    );
                    results.generation = generation;
                    partial = results.partial.then_some((generation, text));
                    SearchEvent::Results(results)
                }
                Err(error) => SearchEvent::Invalid { generation, error },
            };
            if generation >= self.latest.load(Ordering::SeqCst) {
                (self.notify)(event);
            }
        }
    }
}

fn build_index(articles: &[Article], tx: &Sender<Msg>) {
    let started = Instant::now();
    let index = Index::build(articles);
    let _ = tx.send(Msg::Index(Arc::new(index), started.elapsed()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::DocStatus;
    use crate::corpus::SourceRef;
    use std::sync::Mutex;

    fn corpus() -> Arc<Vec<Article>> {
        let article = |id: &str, title: &str, text: &str| Article {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            source: SourceRef {
                file: "t.txt".into(),
                line: 1,
            },
            meta: Default::default(),
            tokens: None,
            imported: Vec::new(),
        };
        Arc::new(vec![
            article("a", "АТЫРАУ облысы", "Сыбайлас жемқорлықпен күрес."),
            article("b", "Ауа райы", "Атырауда жаңбыр."),
        ])
    }

    /// A searcher whose events arrive on a channel, started once the full index is ready.
    fn started(
        gate: Option<mpsc::Receiver<()>>,
    ) -> (Searcher, mpsc::Receiver<SearchEvent>, Arc<Vec<Article>>) {
        let articles = corpus();
        let (events_tx, events) = mpsc::channel();
        let gate = Mutex::new(gate);
        let searcher = Searcher::start(
            articles.clone(),
            LabelSet::default(),
            Facts::from_articles(&articles),
            SearchOptions::default(),
            move |event| {
                let first_result = matches!(event, SearchEvent::Results(_));
                let _ = events_tx.send(event);
                // Holds the worker on its first result until the test opens the gate.
                if first_result && let Some(gate) = gate.lock().unwrap().take() {
                    let _ = gate.recv();
                }
            },
        )
        .unwrap();
        match events.recv().unwrap() {
            SearchEvent::Indexed { articles, .. } => assert_eq!(articles, 2),
            other => panic!("expected Indexed first, got {other:?}"),
        }
        (searcher, events, articles)
    }

    fn next_results(events: &mpsc::Receiver<SearchEvent>) -> SearchResults {
        match events.recv().unwrap() {
            SearchEvent::Results(r) => r,
            other => panic!("expected results, got {other:?}"),
        }
    }

    #[test]
    fn queries_typed_while_the_worker_is_busy_collapse_into_the_last() {
        let (open, gate) = mpsc::channel();
        let (searcher, events, _) = started(Some(gate));
        searcher.search(1, "а");
        assert_eq!(next_results(&events).generation, 1);
        // The worker is held inside its first delivery: everything typed now queues up.
        for generation in 2..=50 {
            searcher.search(generation, &"атырау"[..generation as usize % 6 * 2]);
        }
        searcher.search(51, "жемкорлык");
        open.send(()).unwrap();
        let last = next_results(&events);
        assert_eq!(last.generation, 51);
        assert_eq!(last.hits.len(), 1);
        assert!(!last.partial);
        // Nothing in between was delivered: the next event is the next query's.
        searcher.search(52, "атырау");
        assert_eq!(next_results(&events).generation, 52);
    }

    #[test]
    fn a_query_answered_from_titles_only_is_answered_again_once_indexed() {
        let articles = corpus();
        let (events_tx, events) = mpsc::channel();
        let searcher = Searcher::start(
            articles.clone(),
            LabelSet::default(),
            Facts::from_articles(&articles),
            SearchOptions::default(),
            move |event| {
                let _ = events_tx.send(event);
            },
        )
        .unwrap();
        // Typed at once: answered from titles or from the full index, whichever is there.
        searcher.search(1, "атырау");
        let mut indexed = false;
        loop {
            match events.recv().unwrap() {
                SearchEvent::Indexed { .. } => indexed = true,
                SearchEvent::Results(r) if r.partial => {
                    assert!(!indexed, "a partial answer after the index was ready");
                    assert_eq!(r.hits.len(), 1); // the title match only
                }
                SearchEvent::Results(r) => {
                    assert!(indexed);
                    assert_eq!(r.generation, 1);
                    assert_eq!(r.hits.len(), 2); // the body match too
                    break;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn an_older_generation_sent_late_is_never_delivered() {
        let (searcher, events, _) = started(None);
        searcher.search(5, "атырау");
        searcher.search(3, "жаңбыр");
        let results = next_results(&events);
        assert_eq!(results.generation, 5);
        assert_eq!(results.hits.len(), 2);
        searcher.search(6, "жаңбыр");
        assert_eq!(next_results(&events).generation, 6);
        assert_eq!(searcher.latest(), 6);
    }

    #[test]
    fn a_bad_query_reports_its_error() {
        let (searcher, events, _) = started(None);
        searcher.search(1, "status:later");
        match events.recv().unwrap() {
            SearchEvent::Invalid { generation, error } => {
                assert_eq!(generation, 1);
                assert_eq!(error, QueryError::BadStatus("later".into()));
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn edited_documents_reach_the_filters() {
        let (searcher, events, articles) = started(None);
        searcher.search(1, "status:done");
        assert!(next_results(&events).hits.is_empty());
        let mut doc = DocAnnotations::new("b", "aigerim", &articles[1].text);
        doc.status = DocStatus::Done;
        searcher.update_doc(doc);
        searcher.search(2, "status:done");
        let results = next_results(&events);
        assert_eq!(
            results.hits.iter().map(|h| h.index).collect::<Vec<_>>(),
            [1]
        );
    }
}
