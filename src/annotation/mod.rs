//! Spans, labels and one annotator's annotations of one article, with undo.

mod doc;
mod history;
mod label;
pub mod relation;
pub mod relation_rules;
pub mod scheme;
mod span;
mod status;

pub use doc::{DocAnnotations, LogEntry};
pub use history::{Change, History, Op};
pub use label::{Label, LabelSet, LabelSetError};
pub use relation::{Relation, RelationLabel, RelationSet, SpanKey};
pub use scheme::{Effects, SpanScheme};
pub use span::{Origin, Span, SpanState, TANBA, Timestamp, is_person, now};
pub use status::DocStatus;
