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
        let parsed = Query::parse(text, &self.labels)
            .and_then(|query| self.facts.check_annotators(&query).map(|()| query));
        match parsed {
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
            facts: Facts::loading(),
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
            facts: Facts::loading(),
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
    /// Takes the full index (and the loaded facts, with the edits made meanwhile laid over).
    fn install(&mut self, built: Built) {
        let Built {
            index,
            elapsed,
            facts,
            note,
        } = built;
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
    }

    fn run(
        mut self,
        rx: Receiver<Msg>,
        builder_tx: Sender<Msg>,
        load_facts: Option<LoadFacts>,
        store: Option<IndexStore>,
    ) {
        start_build(self.search.articles.clone(), load_facts, store, builder_tx);
        let mut indexed = false;
        let mut stand_in = false;
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
                    Msg::Index(built) => {
                        indexed = true;
                        self.install(built);
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
            if !indexed && !stand_in {
                // asked before the index is ready: titles, indexed now (and only then, so
                // an index read back in a moment costs no stand-in)
                let articles = (*self.search.articles).as_ref();
                self.search.index = Arc::new(Index::build_titles(articles));
                stand_in = true;
            }
            let event = self.search.answer(generation, &text);
            match &event {
                SearchEvent::Results(results) => {
                    partial = results.partial.then_some((generation, text));
                }
                // answered again with the documents read
                SearchEvent::Invalid {
                    error: QueryError::AnnotatorsLoading,
                    ..
                } => partial = Some((generation, text)),
                _ => {}
            }
            if generation >= self.latest.load(Ordering::SeqCst) {
                (self.notify)(event);
            }
        }
    }
}

/// Builds (or reads) the index on a thread of its own, which sends it on `tx`; with no
/// thread to spare, here and now.
fn start_build(
    articles: SharedArticles,
    load_facts: Option<LoadFacts>,
    store: Option<IndexStore>,
    tx: Sender<Msg>,
) {
    // shared so that, with no thread to spare, the index is built here instead
    let load = Arc::new(Mutex::new(load_facts));
    let spawned = {
        let (articles, load, tx) = (articles.clone(), load.clone(), tx.clone());
        thread::Builder::new()
            .name("tanba-index".into())
            .spawn(move || build_index(articles, take(&load), store, &tx))
    };
    if spawned.is_err() {
        // the store went with the failed thread: build without it
        build_index(articles, take(&load), None, &tx);
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
        let articles = (*articles).as_ref();
        // side by side: the facts take one core, while the index build takes what is left
        let (facts, (index, note)) = rayon::join(
            || load_facts.map(|load| Box::new(load())),
            || match store {
                Some(store) => store.load_or_build(articles, &store.stamp()),
                None => (Index::build(articles), None),
            },
        );
        // reading and building leave freed pages in every thread's malloc arena
        crate::corpus::release_freed_memory();
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
#[path = "searcher_tests.rs"]
mod tests;
