//! The annotation TUI: `Action` (the vocabulary), `App` (state and `update`), `draw`
//! (a pure function of the state), and the event loop that ties them to a terminal.

pub mod action;
pub mod app;
pub mod dashboard;
pub mod draw;
mod edit;
mod layout;
mod motion;
mod prompt;
pub mod run;
pub mod screen;
pub mod search;
pub mod spans;
pub mod store;
pub mod terminal;
pub mod textnav;
pub mod wrap;

pub use action::Action;
pub use app::{App, Effect};
pub use draw::{Colors, draw};
pub use search::SearchService;
pub use store::{DocStore, MemoryStore, WorkspaceStore};
#[cfg(test)]
mod tests;
