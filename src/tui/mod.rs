//! The annotation TUI: the screen over the desk (`crate::desk`, the editing model with no
//! terminal), built as components (`docs/ARCHITECTURE.md` in the repository).
//!
//! - `crate::action::Action` is the only vocabulary: keymaps name actions, help lists them.
//! - A component (`component::Component`) owns its state and has `mode()` (the keymap
//!   section its keys are read in), `update(action, &mut Context) -> Flow` and
//!   `draw(&Shared, area, buf, theme)`, a pure function of borrowed state. A view never
//!   gets the `App`: `Context` holds the desk, the focus and the screen's facts, and a
//!   queue of `Command`s for what only the App does (open an article, open a layer,
//!   quit), run in order once the view is back in place. The views (`views/`):
//!   `list::ArticleList`, `text::Reader` (the open article; its edit keys in
//!   `reader_edit.rs` resolve the label, the selection or the word and call the desk),
//!   `prompt::Prompt` (search and note line), `help::HelpView`, `label_picker`, `jump`,
//!   `dashboard`.
//! - `App` (app.rs) holds the desk and what is about the screen: the list, the reader,
//!   the layer stack (layers.rs), focus, size, message, keymap. `App::update` gives the
//!   action to the top layer; one that returns `Flow::Pass` gives it to the layer below,
//!   and below the last the global keys and then the focused pane take it.
//!   `Flow::Close` takes a layer off. What the desk did (`desk::Outcome`) is shown by
//!   `App::heard`: the message, the cursor's move, the search told of changed documents.
//! - After every update `App::settle` scrolls the views to what is current; the event
//!   loop (run.rs) then draws (draw/) and never mutates.
//!
//! Adding a view (a picker, a findings view):
//! 1. one new file `views/NAME.rs`: a struct holding the view's state with
//!    `impl Component` (mode, update, draw), and `pub mod NAME;` in `views/mod.rs`;
//! 2. the `Action` that opens it, at the end of `crate::action::Action`, bound in
//!    keymaps/*.ron (a keymap test fails until it is); for keys of its own, a new
//!    `keymap::Mode` variant whose section in keymaps/*.ron is then read by its name
//!    (help asks for its title; `INSTA_UPDATE=always` rewrites the README keys table);
//! 3. one line registering it where that action is handled (`App::update_global`):
//!    `OpenThing => self.open_view(Thing::new(&self.desk))`. It is drawn over the panes
//!    and takes the keys it does not pass until its `update` returns `Flow::Close`.
//!
//! An edit rule goes on the desk (`crate::desk`), never in a view.

pub mod app;
pub mod checking;
pub mod component;
pub mod dashboard;
pub mod draw;
pub mod finder;
pub mod layers;
pub mod learning;
mod mouse;
mod queue;
mod resume;
pub mod run;
pub mod screen;
pub mod team;
pub mod terminal;
pub use crate::textnav;
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
