//! The one vocabulary of the TUI: keymaps name these actions, help describes them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // everywhere
    Quit,
    Help,
    Search,
    SwitchPane,
    Suspend,
    /// Unbinds a key in a user keymap.
    #[serde(rename = "none")]
    Unbind,
    // moving
    Up,
    Down,
    Left,
    Right,
    WordNext,
    WordPrev,
    WordEnd,
    LineStart,
    LineEnd,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextArticle,
    PrevArticle,
    Open,
    Back,
    // tagging
    Select,
    Label(u8),
    DeleteSpan,
    NextSpan,
    PrevSpan,
    Undo,
    Redo,
    Note,
    // review
    Accept,
    Reject,
    NextPending,
    PrevPending,
    AcceptAll,
    DoneNext,
    Skip,
    Flag,
    // input line
    Confirm,
    Cancel,
    DeleteBack,
    DeleteForward,
    // produced by the event loop, never named in a keymap
    #[serde(skip)]
    Insert(char),
    #[serde(skip)]
    LabelKey(char),
    #[serde(skip)]
    Click {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    Drag {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    ScrollUp {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    ScrollDown {
        col: u16,
        row: u16,
    },
}

impl Action {
    /// Every action a keymap can name, in the order help lists them.
    pub fn all() -> Vec<Action> {
        use Action::*;
        let mut all = vec![
            Quit,
            Help,
            Search,
            SwitchPane,
            Suspend,
            Up,
            Down,
            Left,
            Right,
            WordNext,
            WordPrev,
            WordEnd,
            LineStart,
            LineEnd,
            Top,
            Bottom,
            PageUp,
            PageDown,
            NextArticle,
            PrevArticle,
            Open,
            Back,
            Select,
        ];
        all.extend((1..=9).map(Label));
        all.extend([
            DeleteSpan,
            NextSpan,
            PrevSpan,
            Undo,
            Redo,
            Note,
            Accept,
            Reject,
            NextPending,
            PrevPending,
            AcceptAll,
            DoneNext,
            Skip,
            Flag,
            Confirm,
            Cancel,
            DeleteBack,
            DeleteForward,
        ]);
        all
    }

    /// The name a keymap file uses, e.g. `word_next` or `label(4)`.
    pub fn name(&self) -> String {
        match self {
            Action::Label(n) => format!("label({n})"),
            other => ron::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
        }
    }

    /// What the action does in `mode`, for help.
    pub fn describe_in(&self, mode: crate::keymap::Mode) -> &'static str {
        use crate::keymap::Mode;
        match (mode, self) {
            (Mode::List, Action::Up) => "previous article",
            (Mode::List, Action::Down) => "next article",
            (Mode::List, Action::Back) => "clear the search filter",
            (Mode::List, Action::Top) => "first article",
            (Mode::List, Action::Bottom) => "last article",
            (Mode::Text, Action::Up) => "line up (on screen)",
            (Mode::Text, Action::Down) => "line down (on screen)",
            (Mode::Help, Action::Cancel) => "close help",
            (Mode::Help, Action::Up) => "scroll up",
            (Mode::Help, Action::Down) => "scroll down",
            (Mode::Prompt, Action::Up) => "previous match (search)",
            (Mode::Prompt, Action::Down) => "next match (search)",
            (Mode::Prompt, Action::Confirm) => "search: open the match; note: save it",
            (Mode::Prompt, Action::Cancel) => "cancel (search: back to where you were)",
            _ => self.describe(),
        }
    }

    /// One line for help.
    pub fn describe(&self) -> &'static str {
        use Action::*;
        match self {
            Quit => "save and quit",
            Help => "show or hide this help",
            Search => "filter articles by title",
            SwitchPane => "switch between the list and the text",
            Suspend => "suspend (resume with fg)",
            Unbind => "nothing (unbinds the key)",
            Up => "up",
            Down => "down",
            Left => "previous character",
            Right => "next character",
            WordNext => "next word start",
            WordPrev => "previous word start",
            WordEnd => "word end",
            LineStart => "line start",
            LineEnd => "line end",
            Top => "top",
            Bottom => "bottom",
            PageUp => "page up",
            PageDown => "page down",
            NextArticle => "next article",
            PrevArticle => "previous article",
            Open => "open the article",
            Back => "clear the selection, else back to the list",
            Select => "start or stop a selection",
            Label(_) => "apply label N to the selection, word or span",
            DeleteSpan => "delete the span under the cursor",
            NextSpan => "next span",
            PrevSpan => "previous span",
            Undo => "undo (in any article)",
            Redo => "redo",
            Note => "edit the note of the span under the cursor",
            Accept => "accept the pending span under the cursor",
            Reject => "reject the pending span under the cursor",
            NextPending => "next pending span",
            PrevPending => "previous pending span",
            AcceptAll => "accept every pending span in the article",
            DoneNext => "mark done, open the next article not done",
            Skip => "mark skipped, open the next article",
            Flag => "flag the article (again: unflag)",
            Confirm => "confirm",
            Cancel => "cancel",
            DeleteBack => "delete the character before the cursor",
            DeleteForward => "delete the character at the cursor",
            Insert(_)
            | LabelKey(_)
            | Click { .. }
            | Drag { .. }
            | ScrollUp { .. }
            | ScrollDown { .. } => "",
        }
    }
}
