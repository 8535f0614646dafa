//! The search as the desk holds it: where queries go (`SearchService`), the generation
//! of the last one, and the list as its answer narrowed it (`Filter`). What the screen
//! does with answers (opening hits, highlights) is the TUI's (`tui/finder.rs`).

use crate::annotation::DocAnnotations;
use crate::search::{Hit, SearchResults, Searcher, Snippet};

/// Where queries go. `Searcher` answers on its worker thread; tests answer at once.
pub trait SearchService {
    /// Queues the query line `query`; its answer arrives later as an event carrying
    /// `generation`.
    fn search(&self, generation: u64, query: &str);
    /// Tells the filters about an edited document.
    fn update_doc(&self, doc: &DocAnnotations);
}

impl SearchService for Searcher {
    fn search(&self, generation: u64, query: &str) {
        Searcher::search(self, generation, query);
    }

    fn update_doc(&self, doc: &DocAnnotations) {
        Searcher::update_doc(self, doc.clone());
    }
}

/// The list narrowed by a search: the query, the matching articles best first, and the
/// answer they came from (details filled in as hits come into view).
#[derive(Debug, Clone)]
pub struct Filter {
    pub query: String,
    pub matches: Vec<usize>,
    pub results: SearchResults,
}

#[derive(Default)]
pub struct SearchState {
    pub(crate) service: Option<Box<dyn SearchService>>,
    /// The generation of the last query sent: answers to older ones are stale.
    pub generation: u64,
    /// The text of that query.
    pub sent: String,
    /// The full index is not built yet: answers search titles only.
    pub indexing: bool,
    /// Why the last query does not parse, shown in the query line instead of the count.
    pub error: Option<String>,
    /// Enter came before the answer to the last query: open its best hit when it comes.
    pub waiting_to_open: bool,
}

impl super::Desk {
    /// Sends queries to `service` from now on; the index is being built until it says
    /// `Indexed`.
    pub fn attach_search(&mut self, service: Box<dyn SearchService>) {
        self.search.service = Some(service);
        self.search.indexing = true;
    }

    /// The hit shown at `position` of the list, when a search narrows it.
    pub fn hit_at(&self, position: usize) -> Option<&Hit> {
        self.filter.as_ref()?.results.hits.get(position)
    }

    /// The snippet drawn under `current` in the list: when the search matched some of
    /// its words in the body only.
    pub fn snippet_of(&self, current: usize) -> Option<&Snippet> {
        let f = self.filter.as_ref()?;
        let at = f.matches.iter().position(|&i| i == current)?;
        let hit = &f.results.hits[at];
        if hit.title_words >= f.results.terms {
            return None;
        }
        hit.detail.as_ref()?.snippet.as_ref()
    }
}
