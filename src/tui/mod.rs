//! The annotation TUI: `Action` (the vocabulary), `App` (state and `update`), `draw`
//! (a pure function of the state), and the event loop that ties them to a terminal.

pub mod app;
pub mod docs;
pub mod draw;
mod edit;
pub mod finder;
mod layout;
mod motion;
mod prompt;
pub mod run;
pub mod screen;
pub mod spans;
pub mod terminal;
pub mod textnav;
pub mod wrap;

pub use crate::action::Action;
pub use app::{App, Effect};
pub use docs::{DocStore, MemoryStore, WorkspaceStore};
pub use draw::{Colors, draw};
pub use finder::SearchService;
#[cfg(test)]
mod tests;
