//! The views, one file each: a struct with its own state implementing `Component`.

pub mod dashboard;
pub mod help;
pub mod jump;
pub mod label_picker;
pub mod list;
pub mod prompt;
pub mod text;
