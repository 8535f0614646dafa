//! Spans, labels and one annotator's annotations of one article, with undo.

mod doc;
mod history;
mod label;
pub mod scheme;
mod span;
mod status;

pub use doc::{DocAnnotations, LogEntry};
pub use history::{Change, History, Op, described_span};
pub use label::{Label, LabelSet, LabelSetError};
pub use scheme::{Effects, SpanScheme};
pub use span::{Origin, Span, SpanState, TANBA, Timestamp, is_person, now};
pub use status::DocStatus;
