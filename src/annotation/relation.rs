//! Relations between two spans of one article, and the relation labels a project allows.
//!
//! A relation names its ends by span identity (start, end, label: `Span::key`), so it
//! stays put when other spans are edited; when an end is relabelled or re-anchored the
//! relation follows it (`DocAnnotations::apply`, `store::reanchor`). The one rule that
//! drops relations: a span removed or rejected takes its relations with it, in the same
//! undoable change (`relation_rules::cascade`), and the desk says how many went.

use serde::{Deserialize, Serialize};

use super::span::{Span, Timestamp};

/// Which span a relation end is: its identity within the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SpanKey {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl SpanKey {
    pub fn of(span: &Span) -> SpanKey {
        SpanKey {
            start: span.start,
            end: span.end,
            label: span.label.clone(),
        }
    }

    pub fn is(&self, span: &Span) -> bool {
        (self.start, self.end, self.label.as_str()) == span.key()
    }
}

/// A relation `label` from one span to another (for an undirected label, `from` is the
/// one that comes first in the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub label: String,
    pub from: SpanKey,
    pub to: SpanKey,
    pub who: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: Timestamp,
}

impl Relation {
    /// Identity within a document: one relation of a label between two spans.
    pub fn key(&self) -> (&str, &SpanKey, &SpanKey) {
        (self.label.as_str(), &self.from, &self.to)
    }

    pub fn touches(&self, span: &Span) -> bool {
        self.from.is(span) || self.to.is(span)
    }

    /// The other end, seen from `span` (None if the relation does not touch it).
    pub fn other(&self, span: &Span) -> Option<&SpanKey> {
        if self.from.is(span) {
            Some(&self.to)
        } else if self.to.is(span) {
            Some(&self.from)
        } else {
            None
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A relation label of `tanba.ron`: `(name: "HEADS", key: 'h', from: ["PERSON"], to:
/// ["AGENCY"])`; empty `from`/`to` allow any span label; `directed: false` for a
/// symmetric relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationLabel {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub directed: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl RelationLabel {
    pub fn named(name: impl Into<String>) -> RelationLabel {
        RelationLabel {
            name: name.into(),
            key: None,
            from: Vec::new(),
            to: Vec::new(),
            directed: true,
            description: String::new(),
        }
    }

    /// Whether a relation of this label may go from a `from`-labelled span to a
    /// `to`-labelled one (either way round when undirected).
    pub fn admits(&self, from: &str, to: &str) -> bool {
        let fits = |allowed: &[String], label: &str| {
            allowed.is_empty() || allowed.iter().any(|l| l == label)
        };
        let forward = fits(&self.from, from) && fits(&self.to, to);
        forward || (!self.directed && fits(&self.from, to) && fits(&self.to, from))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelationSetError {
    #[error("relation {0:?} is defined twice")]
    DuplicateName(String),
    #[error("relation key {key:?} is given to both {first} and {second}")]
    DuplicateKey {
        key: char,
        first: String,
        second: String,
    },
    #[error(
        "relation name {0:?} must be non-empty and contain no whitespace or control characters"
    )]
    BadName(String),
}

/// The relation labels of a project, in the order `tanba.ron` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationSet {
    pub labels: Vec<RelationLabel>,
}

impl RelationSet {
    pub fn get(&self, name: &str) -> Option<&RelationLabel> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn by_key(&self, key: char) -> Option<&RelationLabel> {
        self.labels.iter().find(|l| l.key == Some(key))
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The first problem, with the index of the label it is in.
    pub fn check(&self) -> Result<(), (usize, RelationSetError)> {
        for (i, label) in self.labels.iter().enumerate() {
            let plain = !label.name.is_empty()
                && !label
                    .name
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control());
            if !plain {
                return Err((i, RelationSetError::BadName(label.name.clone())));
            }
            for earlier in &self.labels[..i] {
                if earlier.name == label.name {
                    return Err((i, RelationSetError::DuplicateName(label.name.clone())));
                }
                if let (Some(a), Some(b)) = (earlier.key, label.key)
                    && a == b
                {
                    return Err((
                        i,
                        RelationSetError::DuplicateKey {
                            key: a,
                            first: earlier.name.clone(),
                            second: label.name.clone(),
                        },
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The key of `span` after `op` changed it from `old` to `new`, for relations to follow.
pub(crate) fn follow(relations: &mut [Relation], old: &Span, new: &Span) {
    if old.key() == new.key() {
        return;
    }
    for r in relations.iter_mut() {
        for end in [&mut r.from, &mut r.to] {
            if end.is(old) {
                *end = SpanKey::of(new);
            }
        }
    }
}

/// The 1-based line of relation `index` in an annotation file's text as tanba writes it
/// (one relation per line after `relations:`), for problems reported as file:line.
pub fn line_in_file(text: &str, index: usize) -> Option<usize> {
    let mut lines = text.lines().enumerate();
    lines.find(|(_, l)| l.trim_start().starts_with("relations:"))?;
    let mut entries = lines.filter(|(_, l)| l.trim_start().starts_with('('));
    entries.nth(index).map(|(n, _)| n + 1)
}
