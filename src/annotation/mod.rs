//! Spans, labels and one annotator's annotations of one article, with undo.

mod doc;
mod history;
mod label;
mod span;

pub use doc::{DocAnnotations, DocStatus, LogEntry};
pub use history::{Change, History, Op};
pub mod scheme;
pub use label::{Label, LabelSet, LabelSetError};
pub use scheme::{Effects, SpanScheme};
pub use span::{Origin, Span, SpanState, Timestamp, now};
