//! The search on screen: `/` sends the query line to the desk's `SearchService` on every edit,
//! tagged with a generation; answers come back as events (`App::search_event`), stale
//! ones are dropped, and the list shows the ranked hits. Opening a hit highlights the
//! query's matches in the text, and `n`/`N` jump between them.

use std::ops::Range;

use super::app::{App, Before, Prompt, PromptKind};
use super::screen::Focus;
use crate::desk::{Filter, Kept};
use crate::search::{Query, SearchEvent, SearchResults};

impl App {
    pub(crate) fn start_search(&mut self) {
        let input = self
            .desk
            .filter
            .as_ref()
            .map(|f| f.query.clone())
            .unwrap_or_default();
        self.search_before = Some(Before {
            filter: self.desk.filter.clone(),
            current: self.current,
            reader: self.reader.clone(),
            remembered: self.remembered.clone(),
            focus: self.focus,
            list_top: self.list.top,
        });
        self.open_view(Prompt::new(PromptKind::Search, input));
        self.focus = Focus::List;
        if self.desk.search.service.is_none() {
            self.fail("search is not available");
        }
    }

    /// The query line changed: ask for its answer (an empty line lists every article).
    pub(crate) fn query_edited(&mut self, input: String) {
        self.desk.search.generation += 1;
        self.desk.search.waiting_to_open = false;
        if input.trim().is_empty() {
            self.desk.search.sent.clear();
            self.desk.search.error = None;
            self.desk.filter = None;
            self.refresh_matches();
            return;
        }
        if let Some(service) = &self.desk.search.service {
            service.search(self.desk.search.generation, &input);
        }
        self.desk.search.sent = input;
    }

    /// An event from the search service.
    pub fn search_event(&mut self, event: SearchEvent) {
        match event {
            SearchEvent::Indexed { note, .. } => {
                self.desk.search.indexing = false;
                // a rebuilt index is worth a word, not over what the status line says already
                if let Some(note) = note.filter(|_| self.message.is_none()) {
                    self.say(note);
                }
            }
            SearchEvent::Results(results) if results.generation >= self.desk.search.generation => {
                self.show_results(results)
            }
            SearchEvent::Invalid { generation, error }
                if generation >= self.desk.search.generation =>
            {
                self.desk.search.error = Some(error.to_string());
                self.desk.search.waiting_to_open = false;
            }
            SearchEvent::Results(_) | SearchEvent::Invalid { .. } => {} // stale
        }
        self.settle();
    }

    fn show_results(&mut self, results: SearchResults) {
        let query = self.desk.search.sent.clone();
        // the same query answered again (the index is ready, or a document changed)
        let again = self.desk.filter.as_ref().is_some_and(|f| f.query == query);
        self.desk.search.error = None;
        let matches = results.hits.iter().map(|h| h.index).collect();
        self.desk.filter = Some(Filter {
            query,
            matches,
            results,
        });
        let typing = self
            .layers
            .find::<Prompt>()
            .is_some_and(|p| p.kind == PromptKind::Search);
        let cleared = self.reader.as_ref().is_some_and(|r| r.matches.is_empty());
        if self.desk.search.waiting_to_open {
            self.desk.search.waiting_to_open = false;
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
        if let Some(&first) = self.desk.filter.as_ref().and_then(|f| f.matches.first()) {
            self.open_article(first);
            self.refresh_matches();
            self.go_to_first_match();
        }
    }

    /// Enter in the query line; false while the line stays open.
    pub(crate) fn confirm_search(&mut self, input: &str) -> bool {
        if self.desk.search.error.is_some() {
            return false; // the error stays in the query line until the query is fixed
        }
        if input.trim().is_empty() || self.desk.search.service.is_none() {
            self.close_search_line();
            self.search_before = None;
            return true;
        }
        if self.desk.filter.as_ref().is_none_or(|f| f.query != input) {
            // the answer is on its way; typed keys still go to the query line until then
            self.desk.search.waiting_to_open = true;
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
        self.close_search_line();
        self.search_before = None;
        let Some(f) = &self.desk.filter else { return };
        if f.matches.is_empty() {
            self.desk.filter = None;
            self.desk.search.generation += 1;
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
        self.close_search_line();
        self.desk.search.generation += 1;
        self.desk.search.error = None;
        self.desk.search.waiting_to_open = false;
        if let Some(before) = self.search_before.take() {
            self.desk.search.sent = before
                .filter
                .as_ref()
                .map(|f| f.query.clone())
                .unwrap_or_default();
            self.desk.filter = before.filter;
            self.current = before.current;
            self.reader = before.reader;
            self.remembered = before.remembered;
            self.focus = before.focus;
            self.list.top = before.list_top;
        }
        // a list answered from titles only is asked again: its full answer was dropped
        if let (Some(f), Some(service)) = (&self.desk.filter, &self.desk.search.service)
            && f.results.partial
        {
            service.search(self.desk.search.generation, &f.query);
        }
    }

    /// Esc in the list: every article again, no highlights.
    pub(crate) fn clear_search(&mut self) {
        if self.desk.filter.take().is_some() {
            self.desk.search.generation += 1;
            self.desk.search.sent.clear();
            self.refresh_matches();
            self.say("search cleared");
        }
    }

    /// The matches of the search in `article`, if it is one of the hits.
    pub(crate) fn matches_in(&self, article: usize) -> Vec<Range<usize>> {
        let Some(f) = &self.desk.filter else {
            return Vec::new();
        };
        let Some(hit) = f.results.hits.iter().find(|h| h.index == article) else {
            return Vec::new();
        };
        match &hit.detail {
            Some(detail) => detail.matches.clone(),
            None => f.results.detail(self.desk.article(article)).matches,
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
        let Some(service) = &self.desk.search.service else {
            return;
        };
        // suggestions held in memory are nobody's work yet (`by:` would count a reader)
        if let Some(slot) = self.desk.slot(article).filter(|s| s.kept != Kept::InMemory) {
            service.update_doc(&slot.doc);
        }
        let Some(f) = &self.desk.filter else { return };
        let has_filters =
            Query::parse(&f.query, &self.desk.labels).is_ok_and(|q| !q.filters.is_empty());
        if has_filters && self.layers.find::<Prompt>().is_none() {
            self.desk.search.generation += 1;
            self.desk.search.sent = f.query.clone();
            service.search(self.desk.search.generation, &f.query);
        }
    }

    /// The snippet drawn under the current article in the list.
    pub fn current_snippet(&self) -> Option<&crate::search::Snippet> {
        self.desk.snippet_of(self.current)
    }

    /// Details (title highlights, snippet) of the current hit and of the hits on screen
    /// from `list_top`, made for those past the ones the answer came with.
    pub(crate) fn fill_details(&mut self, rows: usize) {
        let corpus = self.desk.corpus.clone();
        let current = self.current;
        let top = self.list.top;
        let Some(f) = self.desk.filter.as_mut() else {
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
        let at = self.desk.visible().position(self.current);
        match at {
            Some(at) if self.current_snippet().is_some() && self.list.top + row > at => {
                self.list.top + row - 1
            }
            _ => self.list.top + row,
        }
    }
}
