//! Searching off the input thread, for the TUI. A worker answers queries; the full index is
//! built on another thread meanwhile, and until it is ready queries search titles only.
//! Queries carry a generation number: a query superseded before it ran is skipped, and a
//! result is never delivered once a newer query was submitted.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::engine::{SearchOptions, SearchResults, search};
use super::facts::Facts;
use super::index::Index;
use super::persist::IndexStore;
use super::query::{Query, QueryError};
use crate::annotation::{DocAnnotations, LabelSet};
use crate::corpus::{Article, Corpus};

/// The articles, shared with the threads that search them (a `Vec<Article>` or a `Corpus`).
pub type SharedArticles = Arc<dyn AsRef<[Article]> + Send + Sync>;

impl AsRef<[Article]> for Corpus {
    fn as_ref(&self) -> &[Article] {
        &self.articles
    }
}

/// What the worker reports, through the `notify` callback given to `Searcher::start`.
#[derive(Debug)]
pub enum SearchEvent {
    /// The full index (and the facts, when they were loading) is ready: queries search
    /// bodies too. A query last answered from titles only is answered again (same
    /// generation, `partial` false).
    Indexed {
        articles: usize,
        words: usize,
        elapsed: Duration,
        /// Set when a saved index could not be used and was rebuilt: why (for the status line).
        note: Option<String>,
    },
    Results(SearchResults),
    /// The query line does not parse: show the error in it.
    Invalid {
        generation: u64,
        error: QueryError,
    },
}

/// Everything answering a query needs, on the calling thread: the worker of `Searcher`
/// runs one, and tests use one to get the very same answers synchronously.
pub struct LocalSearch {
    pub articles: SharedArticles,
    pub index: Arc<Index>,
    pub facts: Facts,
    pub labels: LabelSet,
    pub options: SearchOptions,
}

impl LocalSearch {
    /// Builds the full index now.
    pub fn new<A: AsRef<[Article]> + Send + Sync + 'static>(
        articles: Arc<A>,
        labels: LabelSet,
        facts: Facts,
        options: SearchOptions,
    ) -> LocalSearch {
        let index = Arc::new(Index::build((*articles).as_ref()));
        LocalSearch {
            articles,
            index,
            facts,
            labels,
            options,
        }
    }

    /// Parses and runs the query line `text`; the answer carries `generation`.
    pub fn answer(&self, generation: u64, text: &str) -> SearchEvent {
        match Query::parse(text, &self.labels) {
            Ok(query) => {
                let articles = (*self.articles).as_ref();
                let mut results = search(&self.index, articles, &self.facts, &query, self.options);
                results.generation = generation;
                SearchEvent::Results(results)
            }
            Err(error) => SearchEvent::Invalid { generation, error },
        }
    }
}

type LoadFacts = Box<dyn FnOnce() -> Facts + Send>;

/// The full index, as the index thread hands it over.
struct Built {
    index: Arc<Index>,
    elapsed: Duration,
    facts: Option<Box<Facts>>,
    note: Option<String>,
}

enum Msg {
    Query { generation: u64, text: String },
    Doc(Box<DocAnnotations>),
    Facts(Box<Facts>),
    Labels(LabelSet),
    Index(Built),
    Stop,
}

/// The handle the TUI keeps. Dropping it stops the worker.
pub struct Searcher {
    tx: Sender<Msg>,
    latest: Arc<AtomicU64>,
    worker: Option<JoinHandle<()>>,
}

/// What the worker starts from: facts now, or a way to load them; where the index is kept.
struct Start {
    facts: Facts,
    load_facts: Option<LoadFacts>,
    store: Option<IndexStore>,
}

struct Worker<F> {
    search: LocalSearch,
    latest: Arc<AtomicU64>,
    notify: F,
    /// Documents edited before loaded facts arrived, laid over them when they do.
    early_docs: Vec<DocAnnotations>,
}

impl Searcher {
    /// Starts the worker and the index build. `notify` runs on the worker thread: keep it
    /// short (send the event to the UI loop and wake it).
    pub fn start<A: AsRef<[Article]> + Send + Sync + 'static>(
        articles: Arc<A>,
        labels: LabelSet,
        facts: Facts,
        options: SearchOptions,
        notify: impl Fn(SearchEvent) + Send + 'static,
    ) -> std::io::Result<Searcher> {
        let start = Start {
            facts,
            load_facts: None,
            store: None,
        };
        Searcher::spawn(articles, labels, start, options, notify)
    }

    /// Like `start`, with facts that are slow to gather (every annotator's files): they are
    /// loaded on the index thread, and until `Indexed` filters see no documents. Documents
    /// given to `update_doc` meanwhile are laid over the loaded facts.
    pub fn start_loading<A: AsRef<[Article]> + Send + Sync + 'static>(
        articles: Arc<A>,
        labels: LabelSet,
        load_facts: impl FnOnce() -> Facts + Send + 'static,
        options: SearchOptions,
        notify: impl Fn(SearchEvent) + Send + 'static,
    ) -> std::io::Result<Searcher> {
        let load: LoadFacts = Box::new(load_facts);
        let start = Start {
            facts: Facts::default(),
            load_facts: Some(load),
            store: None,
        };
        Searcher::spawn(articles, labels, start, options, notify)
    }

    /// Like `start_loading`, with the index read from `store` when it is fresh there, and
    /// built and saved there when not (`Indexed` then carries a note saying why).
    pub fn start_persistent<A: AsRef<[Article]> + Send + Sync + 'static>(
        articles: Arc<A>,
        labels: LabelSet,
        load_facts: impl FnOnce() -> Facts + Send + 'static,
        store: IndexStore,
        options: SearchOptions,
        notify: impl Fn(SearchEvent) + Send + 'static,
    ) -> std::io::Result<Searcher> {
        let start = Start {
            facts: Facts::default(),
            load_facts: Some(Box::new(load_facts)),
            store: Some(store),
        };
        Searcher::spawn(articles, labels, start, options, notify)
    }

    fn spawn<A: AsRef<[Article]> + Send + Sync + 'static>(
        articles: Arc<A>,
        labels: LabelSet,
        start: Start,
        options: SearchOptions,
        notify: impl Fn(SearchEvent) + Send + 'static,
    ) -> std::io::Result<Searcher> {
        let (tx, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let builder_tx = tx.clone();
        let worker = Worker {
            search: LocalSearch {
                articles,
                index: Arc::new(Index::default()),
                facts: start.facts,
                labels,
                options,
            },
            latest: latest.clone(),
            notify,
            early_docs: Vec::new(),
        };
        let worker = thread::Builder::new()
            .name("tanba-search".into())
            .spawn(move || worker.run(rx, builder_tx, start.load_facts, start.store))?;
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
    fn run(
        mut self,
        rx: Receiver<Msg>,
        builder_tx: Sender<Msg>,
        load_facts: Option<LoadFacts>,
        store: Option<IndexStore>,
    ) {
        let articles = self.search.articles.clone();
        self.search.index = Arc::new(Index::build_titles((*articles).as_ref()));
        // shared so that, with no thread to spare, the index is built here instead
        let load = Arc::new(Mutex::new(load_facts));
        let spawned = {
            let (articles, load, tx) = (articles.clone(), load.clone(), builder_tx.clone());
            thread::Builder::new()
                .name("tanba-index".into())
                .spawn(move || build_index(articles, take(&load), store, &tx))
        };
        if spawned.is_err() {
            // the store went with the failed thread: build without it
            build_index(articles, take(&load), None, &builder_tx);
        }
        drop(builder_tx);
        let mut indexed = false;
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
                        self.search.facts.set_doc(&doc);
                        if !indexed {
                            self.early_docs.push(*doc);
                        }
                    }
                    Msg::Facts(facts) => self.search.facts = *facts,
                    Msg::Labels(labels) => self.search.labels = labels,
                    Msg::Index(Built {
                        index,
                        elapsed,
                        facts,
                        note,
                    }) => {
                        indexed = true;
                        if let Some(mut facts) = facts {
                            for doc in self.early_docs.drain(..) {
                                facts.set_doc(&doc);
                            }
                            self.search.facts = *facts;
                        }
                        self.early_docs.clear();
                        (self.notify)(SearchEvent::Indexed {
                            articles: index.articles(),
                            words: index.vocabulary(),
                            elapsed,
                            note,
                        });
                        self.search.index = index;
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
            let event = self.search.answer(generation, &text);
            if let SearchEvent::Results(results) = &event {
                partial = results.partial.then_some((generation, text));
            }
            if generation >= self.latest.load(Ordering::SeqCst) {
                (self.notify)(event);
            }
        }
    }
}

fn take(load: &Mutex<Option<LoadFacts>>) -> Option<LoadFacts> {
    load.lock().map_or(None, |mut l| l.take())
}

fn build_index(
    articles: SharedArticles,
    load_facts: Option<LoadFacts>,
    store: Option<IndexStore>,
    tx: &Sender<Msg>,
) {
    let started = Instant::now();
    let build = || {
        let facts = load_facts.map(|load| Box::new(load()));
        let articles = (*articles).as_ref();
        let (index, note) = match store {
            Some(store) => store.load_or_build(articles, &store.stamp()),
            None => (Index::build(articles), None),
        };
        (facts, index, note)
    };
    // a pool of its own, so that queries (on the global pool) are not queued behind it
    let (facts, index, note) = match rayon::ThreadPoolBuilder::new()
        .thread_name(|n| format!("tanba-index-{n}"))
        .build()
    {
        Ok(pool) => pool.install(build),
        Err(_) => build(),
    };
    let _ = tx.send(Msg::Index(Built {
        index: Arc::new(index),
        elapsed: started.elapsed(),
        facts,
        note,
    }));
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

    #[test]
    fn facts_load_in_the_background_and_keep_edits_made_meanwhile() {
        let articles = corpus();
        let (events_tx, events) = mpsc::channel();
        let (loaded_tx, loaded) = mpsc::channel::<()>();
        let from_disk = articles.clone();
        let searcher = Searcher::start_loading(
            articles.clone(),
            LabelSet::default(),
            move || {
                // held until the test has edited a document
                let _ = loaded.recv();
                let mut done = DocAnnotations::new("a", "aigerim", &from_disk[0].text);
                done.status = DocStatus::Done;
                let mut stale = DocAnnotations::new("b", "me", &from_disk[1].text);
                stale.status = DocStatus::Skipped;
                let docs = [done, stale]
                    .into_iter()
                    .map(|d| {
                        let key = crate::store::DocKey {
                            annotator: d.annotator.clone(),
                            article: d.article.clone(),
                        };
                        (key, d)
                    })
                    .collect();
                Facts::new(&from_disk, &docs)
            },
            SearchOptions::default(),
            move |event| {
                let _ = events_tx.send(event);
            },
        )
        .unwrap();
        // edited in this session before the files were read: the edit wins over the file
        let mut mine = DocAnnotations::new("b", "me", &articles[1].text);
        mine.status = DocStatus::Flagged;
        searcher.update_doc(mine);
        loaded_tx.send(()).unwrap();
        assert!(matches!(
            events.recv().unwrap(),
            SearchEvent::Indexed { .. }
        ));
        let hits = |generation, query: &str| {
            searcher.search(generation, query);
            let hits: Vec<usize> = next_results(&events).hits.iter().map(|h| h.index).collect();
            hits
        };
        assert_eq!(hits(1, "by:aigerim status:done"), [0]);
        assert_eq!(hits(2, "by:me status:flagged"), [1]);
        assert!(hits(3, "by:me status:skipped").is_empty());
    }

    #[test]
    fn a_local_search_answers_what_the_worker_would() {
        let (searcher, events, articles) = started(None);
        let local = LocalSearch::new(
            articles.clone(),
            LabelSet::default(),
            Facts::from_articles(&articles),
            SearchOptions::default(),
        );
        for (generation, query) in [(1, "атырау"), (2, "жемкорлык"), (3, "status:later")]
        {
            searcher.search(generation, query);
            let threaded = format!("{:?}", events.recv().unwrap());
            assert_eq!(threaded, format!("{:?}", local.answer(generation, query)));
        }
    }
}
