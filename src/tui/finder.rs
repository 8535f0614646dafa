//! The search in the TUI: `/` sends the query line to a `SearchService` on every edit,
//! tagged with a generation; answers come back as events (`App::search_event`), stale
//! ones are dropped, and the list shows the ranked hits. Opening a hit highlights the
//! query's matches in the text, and `n`/`N` jump between them.

use std::collections::HashMap;
use std::ops::Range;

use super::app::{App, Overlay, Prompt, PromptKind, Reader};
use super::screen::Focus;
use crate::annotation::DocAnnotations;
use crate::search::{Hit, Query, SearchEvent, SearchResults, Searcher, Snippet};

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

/// What `/` leaves, restored by `Esc` in the query line.
#[derive(Debug, Clone)]
pub(crate) struct Before {
    filter: Option<Filter>,
    current: usize,
    reader: Option<Reader>,
    remembered: HashMap<usize, usize>,
    focus: Focus,
    list_top: usize,
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
    pub(crate) before: Option<Before>,
}

impl App {
    /// Sends queries to `service` from now on; the index is being built until it says
    /// `Indexed`.
    pub fn attach_search(&mut self, service: Box<dyn SearchService>) {
        self.search.service = Some(service);
        self.search.indexing = true;
    }

    pub(crate) fn start_search(&mut self) {
        let input = self
            .filter
            .as_ref()
            .map(|f| f.query.clone())
            .unwrap_or_default();
        self.search.before = Some(Before {
            filter: self.filter.clone(),
            current: self.current,
            reader: self.reader.clone(),
            remembered: self.remembered.clone(),
            focus: self.focus,
            list_top: self.list.top,
        });
        self.overlay = Overlay::Prompt(Prompt::new(PromptKind::Search, input));
        self.focus = Focus::List;
        if self.search.service.is_none() {
            self.fail("search is not available");
        }
    }

    /// The query line changed: ask for its answer (an empty line lists every article).
    pub(crate) fn query_edited(&mut self, input: String) {
        self.search.generation += 1;
        self.search.waiting_to_open = false;
        if input.trim().is_empty() {
            self.search.sent.clear();
            self.search.error = None;
            self.filter = None;
            self.refresh_matches();
            return;
        }
        if let Some(service) = &self.search.service {
            service.search(self.search.generation, &input);
        }
        self.search.sent = input;
    }

    /// An event from the search service.
    pub fn search_event(&mut self, event: SearchEvent) {
        match event {
            SearchEvent::Indexed { note, .. } => {
                self.search.indexing = false;
                // a rebuilt index is worth a word, not over what the status line says already
                if let Some(note) = note.filter(|_| self.message.is_none()) {
                    self.say(note);
                }
            }
            SearchEvent::Results(results) if results.generation >= self.search.generation => {
                self.show_results(results)
            }
            SearchEvent::Invalid { generation, error } if generation >= self.search.generation => {
                self.search.error = Some(error.to_string());
                self.search.waiting_to_open = false;
            }
            SearchEvent::Results(_) | SearchEvent::Invalid { .. } => {} // stale
        }
        self.settle();
    }

    fn show_results(&mut self, results: SearchResults) {
        let query = self.search.sent.clone();
        // the same query answered again (the index is ready, or a document changed)
        let again = self.filter.as_ref().is_some_and(|f| f.query == query);
        self.search.error = None;
        let matches = results.hits.iter().map(|h| h.index).collect();
        self.filter = Some(Filter {
            query,
            matches,
            results,
        });
        let typing = matches!(
            &self.overlay,
            Overlay::Prompt(Prompt {
                kind: PromptKind::Search,
                ..
            })
        );
        let cleared = self.reader.as_ref().is_some_and(|r| r.matches.is_empty());
        if self.search.waiting_to_open {
            self.search.waiting_to_open = false;
            self.open_results();
        } else if typing && !again {
            self.open_best_hit();
        } else if typing || !cleared {
            // highlights cleared with esc stay cleared when the same query is answered again
            self.refresh_matches();
        }
    }

    /// Opens the best hit at its first match, in the text pane, keeping the focus.
    fn open_best_hit(&mut self) {
        if let Some(&first) = self.filter.as_ref().and_then(|f| f.matches.first()) {
            self.open_article(first);
            self.refresh_matches();
            self.go_to_first_match();
        }
    }

    /// Enter in the query line; false while the line stays open.
    pub(crate) fn confirm_search(&mut self, input: &str) -> bool {
        if self.search.error.is_some() {
            return false; // the error stays in the query line until the query is fixed
        }
        if input.trim().is_empty() || self.search.service.is_none() {
            self.overlay = Overlay::None;
            self.search.before = None;
            return true;
        }
        if self.filter.as_ref().is_none_or(|f| f.query != input) {
            // the answer is on its way; typed keys still go to the query line until then
            self.search.waiting_to_open = true;
            return false;
        }
        self.open_results();
        true
    }

    /// Up and down in the query line: the previous (next) hit, opened at its first match.
    pub(crate) fn step_hit(&mut self, action: crate::action::Action) {
        self.update_list(action);
        self.refresh_matches();
        self.go_to_first_match();
    }

    /// Closes the query line on the answer: the selected hit (else the best) opens in the
    /// text at its first match.
    fn open_results(&mut self) {
        self.overlay = Overlay::None;
        self.search.before = None;
        let Some(f) = &self.filter else { return };
        if f.matches.is_empty() {
            self.filter = None;
            self.search.generation += 1;
            self.refresh_matches();
            return self.fail("no article matches; filter cleared");
        }
        if !f.matches.contains(&self.current) {
            let first = f.matches[0];
            self.open_article(first);
        }
        self.refresh_matches();
        self.go_to_first_match();
        if self.reader.is_some() {
            self.focus = Focus::Text;
        }
    }

    /// Esc in the query line: the list, the article and the cursor as they were before `/`.
    pub(crate) fn cancel_search(&mut self) {
        self.overlay = Overlay::None;
        self.search.generation += 1;
        self.search.error = None;
        self.search.waiting_to_open = false;
        if let Some(before) = self.search.before.take() {
            self.search.sent = before
                .filter
                .as_ref()
                .map(|f| f.query.clone())
                .unwrap_or_default();
            self.filter = before.filter;
            self.current = before.current;
            self.reader = before.reader;
            self.remembered = before.remembered;
            self.focus = before.focus;
            self.list.top = before.list_top;
        }
        // a list answered from titles only is asked again: its full answer was dropped
        if let (Some(f), Some(service)) = (&self.filter, &self.search.service)
            && f.results.partial
        {
            service.search(self.search.generation, &f.query);
        }
    }

    /// Esc in the list: every article again, no highlights.
    pub(crate) fn clear_search(&mut self) {
        if self.filter.take().is_some() {
            self.search.generation += 1;
            self.search.sent.clear();
            self.refresh_matches();
            self.say("search cleared");
        }
    }

    /// The matches of the search in `article`, if it is one of the hits.
    pub(crate) fn matches_in(&self, article: usize) -> Vec<Range<usize>> {
        let Some(f) = &self.filter else {
            return Vec::new();
        };
        let Some(hit) = f.results.hits.iter().find(|h| h.index == article) else {
            return Vec::new();
        };
        match &hit.detail {
            Some(detail) => detail.matches.clone(),
            None => f.results.detail(self.article(article)).matches,
        }
    }

    /// Highlights the search's matches in the open article (none without a search).
    pub(crate) fn refresh_matches(&mut self) {
        let matches = match &self.reader {
            Some(r) => self.matches_in(r.article),
            None => return,
        };
        if let Some(r) = self.reader.as_mut() {
            r.matches = matches;
        }
    }

    pub(crate) fn go_to_first_match(&mut self) {
        if let Some(start) = self
            .reader
            .as_ref()
            .and_then(|r| r.matches.first().map(|m| m.start))
        {
            self.move_to(start);
        }
    }

    /// After an edit of `article`'s document: the filters hear of it, and a query with
    /// filters is asked again (its answer may have changed).
    pub(crate) fn doc_changed(&mut self, article: usize) {
        let Some(service) = &self.search.service else {
            return;
        };
        if let Some(slot) = self.slot(article) {
            service.update_doc(&slot.doc);
        }
        let Some(f) = &self.filter else { return };
        let has_filters = Query::parse(&f.query, &self.labels).is_ok_and(|q| !q.filters.is_empty());
        if has_filters && !matches!(self.overlay, Overlay::Prompt(_)) {
            self.search.generation += 1;
            self.search.sent = f.query.clone();
            service.search(self.search.generation, &f.query);
        }
    }

    /// The hit shown at `position` of the list, when a search narrows it.
    pub fn hit_at(&self, position: usize) -> Option<&Hit> {
        self.filter.as_ref()?.results.hits.get(position)
    }

    /// The snippet drawn under the current article in the list: when the search matched
    /// some of its words in the body only.
    pub fn current_snippet(&self) -> Option<&Snippet> {
        let f = self.filter.as_ref()?;
        let at = f.matches.iter().position(|&i| i == self.current)?;
        let hit = &f.results.hits[at];
        if hit.title_words >= f.results.terms {
            return None;
        }
        hit.detail.as_ref()?.snippet.as_ref()
    }

    /// Details (title highlights, snippet) of the current hit and of the hits on screen
    /// from `list_top`, made for those past the ones the answer came with.
    pub(crate) fn fill_details(&mut self, rows: usize) {
        let corpus = self.corpus.clone();
        let current = self.current;
        let top = self.list.top;
        let Some(f) = self.filter.as_mut() else {
            return;
        };
        let at = f.matches.iter().position(|&i| i == current);
        let on_screen = top..(top + rows).min(f.matches.len());
        for i in at.into_iter().chain(on_screen) {
            if f.results.hits[i].detail.is_none() {
                let detail = f.results.detail(&corpus.articles[f.results.hits[i].index]);
                f.results.hits[i].detail = Some(Box::new(detail));
            }
        }
    }

    /// Which list position a click on row `row` (from the list's first row) lands on:
    /// the current article's snippet row belongs to it.
    pub fn list_position_at(&self, row: usize) -> usize {
        let at = self.visible().position(self.current);
        match at {
            Some(at) if self.current_snippet().is_some() && self.list.top + row > at => {
                self.list.top + row - 1
            }
            _ => self.list.top + row,
        }
    }
}
