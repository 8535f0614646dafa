//! The one vocabulary of the TUI (it lives outside `tui` so `keymap` can name actions
//! without importing the TUI): keymaps name these actions, help describes them.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator};

/// Variants that are never named in a keymap carry `#[strum(disabled)]`, which keeps them
/// out of `Action::iter()` (and so out of help and the keymap completeness test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter)]
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
    #[strum(disabled)]
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
    ForwardWord,
    BackwardWord,
    // tagging
    Select,
    Label(u8),
    PickLabel,
    DeleteSpan,
    NextSpan,
    PrevSpan,
    Undo,
    Redo,
    Note,
    SetMark,
    // the edges of the span under the cursor, one word at a time
    SpanEndLater,
    SpanEndEarlier,
    SpanStartEarlier,
    SpanStartLater,
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
    DeleteWordBack,
    DeleteToStart,
    // curation (`tanba curate`)
    NextView,
    SortDisagreements,
    // assignment (`tanba assign`) and the team's guidelines
    ToggleAssigned,
    Guidelines,
    // suggestions and the jump to a word
    ToggleSuggestions,
    JumpForward,
    JumpBack,
    JumpRepeat,
    JumpRepeatBack,
    // the team
    Dashboard,
    Reload,
    // the model
    SortDoubt,
    // consistency across the corpus (lint)
    Findings,
    FixFinding,
    FixSameText,
    // relations between spans
    Relate,
    Unrelate,
    // what the whole article is about
    DocLabel,
    // links to the knowledge base (kb.tsv)
    Link,
    Unlink,
    // produced by the event loop, never named in a keymap
    #[serde(skip)]
    #[strum(disabled)]
    Insert(char),
    #[serde(skip)]
    #[strum(disabled)]
    LabelKey(char),
    #[serde(skip)]
    #[strum(disabled)]
    Click {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    #[strum(disabled)]
    Drag {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    #[strum(disabled)]
    ScrollUp {
        col: u16,
        row: u16,
    },
    #[serde(skip)]
    #[strum(disabled)]
    ScrollDown {
        col: u16,
        row: u16,
    },
}

impl Action {
    /// Every action a keymap can name, in the order help lists them: the derived variant
    /// list (event-loop variants are `#[strum(disabled)]`), with `Label` as labels 1-9.
    pub fn bindable() -> impl Iterator<Item = Action> {
        Action::iter().flat_map(|action| match action {
            Action::Label(_) => (1..=9).map(Action::Label).collect::<Vec<_>>(),
            other => vec![other],
        })
    }

    /// The name a keymap file uses, e.g. `word_next` or `label(4)`.
    pub fn name(&self) -> String {
        match self {
            Action::Label(n) => format!("label({n})"),
            other => ron::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
        }
    }

    /// One line for help.
    pub fn describe(&self) -> &'static str {
        use Action::*;
        match self {
            Quit => "save and quit",
            Help => "show or hide this help",
            Search => "search titles and text (words, label:, status:, by:, LABEL:)",
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
            Back => "clear selection, then search highlights, else go to list",
            ForwardWord => "past the end of the word (emacs)",
            BackwardWord => "start of the word (emacs)",
            Select => "start or stop a selection",
            Label(_) => "apply label N to the selection, word or span",
            PickLabel => "pick any label from a list (type to filter), then apply it",
            DeleteSpan => "delete the span under the cursor",
            NextSpan => "next span",
            PrevSpan => "previous span",
            Undo => "undo (in any article)",
            Redo => "redo",
            Note => "edit the note of the span under the cursor",
            SetMark => "set the mark: select up to the cursor, its character excluded",
            Accept => "accept the pending span under the cursor",
            Reject => "reject the pending span under the cursor",
            NextPending => "next search match, else next pending span",
            PrevPending => "previous search match, else previous pending span",
            AcceptAll => "accept every pending span in the article",
            DoneNext => "mark done, open the next article not done",
            Skip => "mark skipped, open the next article",
            Flag => "flag the article (again: unflag)",
            Confirm => "confirm",
            Cancel => "cancel",
            DeleteBack => "delete the character before the cursor",
            DeleteForward => "delete the character at the cursor",
            DeleteWordBack => "delete the word before the cursor",
            DeleteToStart => "delete everything before the cursor",
            Insert(_)
            | LabelKey(_)
            | Click { .. }
            | Drag { .. }
            | ScrollUp { .. }
            | ScrollDown { .. } => "",
            other => other.describe_project(),
        }
    }

    /// One line for help: the actions about the project and the team, and the span's edges.
    fn describe_project(&self) -> &'static str {
        use Action::*;
        match self {
            NextView => "curate: show the next annotator's own spans, then yours again",
            SortDisagreements => "curate: order the list by disagreements (again: as read)",
            ToggleAssigned => "list every article, or only those assigned to you",
            Guidelines => "show the team's guidelines (guidelines.md in the workspace)",
            ToggleSuggestions => "turn suggestions on or off (this session)",
            JumpForward => "then a character: next word starting with it",
            JumpBack => "then a character: previous word starting with it",
            JumpRepeat => "repeat the last word jump",
            JumpRepeatBack => "repeat the last word jump the other way",
            Dashboard => "the team's dashboard: progress, labels, throughput, agreement",
            Reload => "read the team's files again (after a sync)",
            SortDoubt => {
                "order the list by the model's doubt, most doubtful first (again: as read)"
            }
            Findings => "consistency findings: label conflicts, missed names, span edges",
            FixFinding => "fix the finding: suggest the missed name, or trim the span's edges",
            FixSameText => "fix every finding of this kind over the same text",
            Relate => {
                "relation: from the span under the cursor; again on the other span, then its key"
            }
            DocLabel => "then a document label's key or number: what the article is about",
            Unrelate => "remove a relation of the span under the cursor (its number if several)",
            Link => "link the span under the cursor to a kb.tsv entry (a picker; can add one)",
            SpanEndLater => "end the span under the cursor one word further (accepts it)",
            SpanEndEarlier => "end the span under the cursor one word earlier (accepts it)",
            SpanStartEarlier => "start the span under the cursor one word earlier (accepts it)",
            SpanStartLater => "start the span under the cursor one word later (accepts it)",
            Unlink => "remove the link of the span under the cursor",
            // the editing and moving actions are described by `describe`
            _ => "",
        }
    }
}
