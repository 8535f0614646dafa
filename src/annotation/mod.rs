//! Spans, labels and one annotator's annotations of one article, with undo.

mod doc;
pub mod doc_label;
mod history;
mod label;
pub mod relation;
pub mod relation_rules;
pub mod scheme;
mod span;
mod status;

pub use doc::{DocAnnotations, LogEntry};
pub use doc_label::{DocLabel, DocLabels};
pub use history::{Change, History, Op, described_span};
pub use label::{Label, LabelSet, LabelSetError, unknown_label};
pub use relation::{Relation, RelationLabel, RelationSet, SpanKey};
pub use scheme::{Effects, SpanScheme};
pub use span::{Origin, Span, SpanState, TANBA, Timestamp, is_person, now};
pub use status::DocStatus;
