//! The views, one file each: a struct with its own state implementing `Component`.

pub mod dashboard;
pub mod doc_labels;
pub mod findings;
pub mod guidelines;
pub mod help;
pub mod hint;
pub mod jump;
pub mod kb_picker;
pub mod label_picker;
pub mod list;
pub mod prompt;
mod reader_edit;
pub mod relation;
pub mod text;
