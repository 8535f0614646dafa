//! Articles and the readers that load them from the formats annotators have.

mod brat;
mod common;
mod conll;
mod conllu;
mod doccano_relations;
#[cfg(feature = "generate")]
pub mod generate;
pub mod jsonl;
mod load;
mod meta;
mod span_list;

pub(crate) use common::{NormalisedText, quote};
pub(crate) use doccano_relations::cats;
#[cfg(feature = "generate")]
pub use generate::{
    Vocabulary, generate, generate_articles, generate_articles_with, generate_with,
};
pub(crate) use load::release_freed_memory;
pub use load::{
    FirstRead, LoadOptions, Part, Reader, TANBA_BRAT, imported_labels, load, load_with, read_parts,
    reread, source_files,
};
pub use meta::{Meta, raw_object};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// How much of each article a reading takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// All of it: pre-annotations, relations, document labels and meta.
    #[default]
    Full,
    /// The id, title and text alone, as the search index needs them: JSON lines skip
    /// the rest (checked as JSON, so the same lines load), and with it the problems only
    /// the rest could have. Other formats are read whole.
    Text,
}

/// One article to annotate. `text` is normalised (no BOM, LF line ends); every offset
/// anywhere refers to it in code points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub text: String,
    pub source: SourceRef,
    #[serde(default)]
    pub meta: Meta,
    /// Original sentences and tokens, kept when read from CoNLL so export reproduces them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Vec<Token>>>,
    /// Pre-annotations found in the input; they enter review as pending imported spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imported: Vec<ImportedSpan>,
    /// Relations between pre-annotations (brat `R` lines); pending spans get them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<ImportedRelation>,
    /// Document labels found in the input (spaCy `cats` of 0.5 or more), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_labels: Vec<String>,
    /// Links of pre-annotations to the knowledge base (brat `N` lines, a `kb` field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ImportedLink>,
}

impl Article {
    /// An article read from plain text: its title is the first non-empty line.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>, source: SourceRef) -> Self {
        let text = text.into();
        Article::bare(id.into(), common::default_title(&text), text, source)
    }

    /// An article with no pre-annotations, meta or tokens.
    pub fn bare(id: String, title: String, text: String, source: SourceRef) -> Self {
        Article {
            id,
            title,
            text,
            source,
            meta: Default::default(),
            tokens: None,
            imported: Vec::new(),
            relations: Vec::new(),
            doc_labels: Vec::new(),
            links: Vec::new(),
        }
    }
}

/// Where an article came from: the file and the 1-based line it starts on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: PathBuf,
    pub line: usize,
    /// Where the line starts in the file, in bytes, when the reader knew it (JSON lines):
    /// the search index's catalog keeps it, so the file need not be read again for it.
    /// Worked out from the file and line, so no part of what a source is.
    #[serde(skip)]
    pub offset: Option<u64>,
}

impl SourceRef {
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Self {
        SourceRef {
            file: file.into(),
            line,
            offset: None,
        }
    }
}

impl PartialEq for SourceRef {
    fn eq(&self, other: &SourceRef) -> bool {
        (&self.file, self.line) == (&other.file, other.line)
    }
}

impl Eq for SourceRef {}

/// A CoNLL token: its text, its `[start, end)` in the rebuilt article text, its tag as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub tag: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedSpan {
    pub start: usize,
    pub end: usize,
    /// Kept inline up to 24 bytes (every usual label): a million spans, no allocation each.
    pub label: compact_str::CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A pre-annotation's knowledge-base id; the span named by (start, end, label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedLink {
    pub span: (usize, usize, String),
    pub kb: String,
}

/// A relation between two pre-annotations, each named by (start, end, label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedRelation {
    pub label: String,
    pub from: (usize, usize, String),
    pub to: (usize, usize, String),
}

/// Something wrong with an input file; the rest of the corpus still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

impl Corpus {
    pub fn get(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }
}
