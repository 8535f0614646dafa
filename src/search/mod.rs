//! Fuzzy keyword search across articles that understands Kazakh, Russian keyboards and
//! Latin spellings. fuzzy-matcher lives only in `matcher.rs`.

pub mod fold;
mod matcher;

pub use matcher::Pattern;
