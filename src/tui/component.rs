//! The one trait every view implements. `App` keeps each component as a field (or in the
//! overlay slot) and hands it the actions while it has the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::draw::Theme;
use crate::action::Action;
use crate::keymap::Mode;

/// What a component did with an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Handled (or ignored); the component stays where it is.
    Stay,
    /// Not this component's: the App's document commands take it (helix's `Ignored`,
    /// which hands the event to the layer below).
    Pass,
    /// An overlay is done: the App takes it off the screen.
    Close,
}

pub trait Component {
    /// The keymap section keys are looked up in while this component has them.
    fn mode(&self) -> Mode;

    /// Handles one action. `app` is the shared state (corpus, documents, undo history,
    /// search, messages) with this component taken out of it for the call, so both can
    /// be changed; App settles the screen afterwards.
    fn update(&mut self, action: Action, app: &mut App) -> Flow;

    /// Draws into `area` from this component's state and the shared state; never changes
    /// either (render is a pure function of borrowed state).
    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer, theme: &Theme);
}
