//! The one trait every view implements, and what a view gets: a `Context` over the desk
//! and the screen's facts (helix's `Context`), never the `App`. What only the App can do
//! (open an article, open a layer, quit) a view asks for with a `Command`, done after
//! its update returns (gitui's queue of internal events).

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::draw::Theme;
use super::screen::{Focus, areas, text_inner};
use crate::action::Action;
use crate::desk::{Desk, Outcome};
use crate::keymap::{Keymap, Mode};

/// What a component did with an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Handled (or ignored); the component stays where it is.
    Stay,
    /// Not this layer's: the layer below takes it (helix's `EventResult::Ignored`).
    Pass,
    /// A layer is done: the App takes it off the screen.
    Close,
}

/// What a view asks of the App, done in order after the view's update returns.
pub enum Command {
    /// Open this article in the text pane.
    Open(usize),
    /// Give the keys to the text pane, if an article is open.
    FocusText,
    /// Put this view on top of the layers.
    Layer(Box<dyn Component>),
    /// Show what the desk did (its message, the cursor's move, the search hears of it).
    Heard(Outcome),
    /// Apply this label where the text pane's cursor or selection is.
    Label(String),
    /// Jump to the next (previous) word starting with this character.
    Jump(char, bool),
    /// The last word jump again, the same way or the other way.
    RepeatJump(bool),
    /// The previous (next) article of the list, opened in the text.
    Step(isize),
    /// The search's query line: edited, stepped through hits, confirmed, cancelled.
    QueryEdited(String),
    StepHit(Action),
    ConfirmSearch(String),
    CancelSearch,
    /// Esc in the list: every article again.
    ClearSearch,
    /// Save this note on the open article's span `[start, end)` labelled `label`.
    Note {
        start: usize,
        end: usize,
        label: String,
        text: String,
    },
    /// A relation from this span to the one under the text pane's cursor.
    RelateTo(crate::annotation::Span),
    Quit,
    Suspend,
}

/// What every view reads: the desk and the screen's facts. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    pub desk: &'a Desk,
    pub keymap: &'a Keymap,
    pub size: Rect,
    pub focus: Focus,
    /// The article the list points at; the open one when there is one.
    pub current: usize,
    /// What the status line says (a view over the whole screen may say it instead).
    pub message: Option<&'a crate::desk::Message>,
}

impl Shared<'_> {
    /// The width the open article is wrapped to.
    pub fn text_width(&self) -> u16 {
        text_inner(self.size).width.max(1)
    }

    pub fn text_height(&self) -> u16 {
        text_inner(self.size).height.max(1)
    }

    pub fn list_height(&self) -> usize {
        areas(self.size, self.focus)
            .and_then(|a| a.list)
            .map_or(1, |r| r.height.saturating_sub(2) as usize)
    }
}

/// What a view gets in `update`: the desk to change, the focus, and the queue of
/// commands for the App.
pub struct Context<'a> {
    pub desk: &'a mut Desk,
    pub keymap: &'a Keymap,
    pub size: Rect,
    pub focus: &'a mut Focus,
    pub current: usize,
    pub queue: &'a mut Vec<Command>,
}

impl Context<'_> {
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            desk: self.desk,
            keymap: self.keymap,
            size: self.size,
            focus: *self.focus,
            current: self.current,
            message: None,
        }
    }

    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Shows `outcome` (in order with the other commands).
    pub fn heard(&mut self, outcome: Outcome) {
        self.push(Command::Heard(outcome));
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.heard(Outcome::say(text));
    }

    pub fn fail(&mut self, text: impl Into<String>) {
        self.heard(Outcome::fail(text));
    }
}

pub trait Component: Any {
    /// The keymap section keys are looked up in while this component has them.
    fn mode(&self) -> Mode;

    /// Handles one action with the desk and the screen's facts in `ctx`; the App does
    /// the queued commands and settles the screen afterwards.
    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow;

    /// Draws into `area` from this component's state and the shared state; never changes
    /// either (render is a pure function of borrowed state).
    fn draw(&self, shared: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme);
}
