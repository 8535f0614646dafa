//! Fuzzy keyword search across articles that understands Kazakh, Russian keyboards and
//! Latin spellings. fuzzy-matcher lives only in `matcher.rs`.
//!
//! `Index::build` once per corpus, `Query::parse` a query line, `search` it with the
//! annotation `Facts` the filters need. The TUI uses `Searcher`, which does all of it on
//! worker threads and drops stale results.

mod engine;
mod facts;
pub mod fold;
mod index;
mod matcher;
mod query;
mod searcher;

pub use engine::{Detail, Hit, SearchOptions, SearchResults, Snippet, detail, search};
pub use facts::Facts;
pub use index::Index;
pub use matcher::Pattern;
pub use query::{Filter, Query, QueryError};
pub use searcher::{SearchEvent, Searcher};
