//! The annotation TUI, built as components (the gitui/helix pattern in
//! `shared/design/ARCHITECTURE.md`: "components, each with its own state, update and
//! draw; App routes actions to the focused one").
//!
//! - `crate::action::Action` is the only vocabulary: keymaps name actions, help lists them.
//! - A component (`component::Component`) owns its state and has `mode()` (the keymap
//!   section its keys are read in), `update(action, &mut App) -> Flow` and
//!   `draw(&App, area, buf, theme)`, a pure function of borrowed state. The views:
//!   `views::list::ArticleList`, `views::text::Reader` (the open article),
//!   `views::prompt::Prompt` (search and note line), `views::help::HelpView`.
//! - `App` (app.rs) holds what the views share — corpus, documents (`docs`, `DocStore`),
//!   undo history, saver state, search (`finder.rs`), messages — and the views: `list`,
//!   `reader`, and one `overlay` over them. `App::update` gives the action to the overlay
//!   if there is one, else handles the global keys, else gives it to the focused pane.
//!   The view is taken out of the App for the call (compositor style), so its `update`
//!   may change both itself and the shared state. `Flow::Close` ends an overlay;
//!   `Flow::Pass` hands the action to the App's document commands (edit.rs: labels,
//!   review, status), which change what every view shows and are undoable.
//! - After every update `App::settle` scrolls the views to what is current; the event
//!   loop (run.rs) then draws (draw/) and never mutates.
//!
//! Adding a view (label picker, curation, dashboard):
//! 1. one new file `views/NAME.rs`: a struct holding the view's state with
//!    `impl Component` (mode, update, draw), and `pub mod NAME;` in `views/mod.rs`;
//! 2. the `Action` that opens it, at the end of `crate::action::Action`, bound in
//!    keymaps/*.ron (a keymap test fails until it is); for keys of its own, a new
//!    `keymap::Mode` variant whose section in keymaps/*.ron is then read by its name
//!    (help asks for its title; `INSTA_UPDATE=always` rewrites the README keys table);
//! 3. one line registering it where that action is handled (`App::update_global`):
//!    `OpenThing => self.open_view(Thing::new(self))`. It is drawn over the panes and
//!    takes every key until its `update` returns `Flow::Close`.

pub mod app;
pub mod component;
pub mod dashboard;
pub mod draw;
pub mod finder;
pub mod layers;
mod mouse;
mod queue;
mod resume;
pub mod run;
pub mod screen;
pub mod team;
pub mod terminal;
pub mod textnav;
pub mod views;
pub mod wrap;

pub use crate::action::Action;
pub use crate::desk::SearchService;
pub use crate::desk::{DocStore, MemoryStore, WorkspaceStore, curation, spans, visible};
pub use app::{App, Effect};
pub use component::{Component, Flow};
pub use draw::{Colors, draw};
#[cfg(test)]
mod tests;
