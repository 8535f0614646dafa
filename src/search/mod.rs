//! Fuzzy keyword search across articles that understands Kazakh, Russian keyboards and
//! Latin spellings. fuzzy-matcher lives only in `matcher.rs` (and `skim.rs` gives its score
//! faster for the vocabulary scan).
//!
//! `Index::build` once per corpus, `Query::parse` a query line, `search` it with the
//! annotation `Facts` the filters need. The TUI uses `Searcher`, which does all of it on
//! worker threads and drops stale results (`LocalSearch` answers the same on the caller's
//! thread). `IndexStore` keeps a built index on disk, so later starts read it instead.

mod build;
mod cache;
mod catalog;
mod engine;
mod facts;
pub mod fold;
mod index;
pub mod kb;
mod lookup;
mod matcher;
mod persist;
mod query;
mod recent;
mod searcher;
mod sections;
mod skim;

pub use build::IndexBuilder;
pub use catalog::Catalog;
pub use engine::{Detail, Hit, SearchOptions, SearchResults, Snippet, detail, rank, search};
pub use facts::Facts;
pub use index::Index;
pub use matcher::Pattern;
pub use persist::{IndexStore, Loaded, Stamp, fingerprint};
pub use query::{Filter, Query, QueryError};
pub use searcher::{LocalSearch, SearchEvent, Searcher, SharedArticles};
pub use sections::Stale;
