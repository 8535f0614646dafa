//! The App: the desk (the editing model every view shares, `crate::desk`) and what is
//! about the screen — the views, the focus, the layers, the size, the message; `update`
//! routes each `Action` to the view that has the keys. Nothing here draws or touches the
//! terminal.

use std::collections::HashMap;
use std::sync::Arc;

use super::component::{Command, Component, Context, Flow, Shared};
use super::layers::Layers;
use super::screen::Focus;
use super::views::findings::FindingsView;
pub use super::views::help::HelpView;
pub use super::views::label_picker::LabelPicker;
pub use super::views::list::ArticleList;
pub use super::views::prompt::{Prompt, PromptKind};
pub use super::views::text::Reader;
use super::wrap::ArticleText;
use crate::action::Action;
use crate::annotation::LabelSet;
use crate::corpus::Corpus;
use crate::desk::{Desk, DocStore, Filter, Outcome};
pub use crate::desk::{DocSlot, Message};
use crate::keymap::{Key, Keymap, Mode};
use ratatui::layout::Rect;

/// What `/` leaves, restored by `Esc` in the query line (finder.rs).
#[derive(Debug, Clone)]
pub(crate) struct Before {
    pub(crate) filter: Option<Filter>,
    pub(crate) current: usize,
    pub(crate) reader: Option<Reader>,
    pub(crate) remembered: HashMap<usize, usize>,
    pub(crate) focus: Focus,
    pub(crate) list_top: usize,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
}

/// The desk, then what is about the screen: the views, focus, layers, size, message.
pub struct App {
    pub desk: Desk,
    pub keymap: Keymap,
    pub message: Option<Message>,
    pub size: Rect,
    /// The article the list points at; the open one when there is one.
    pub current: usize,
    /// The pane that has the keys when no layer is open.
    pub focus: Focus,
    // the views (tui/views/)
    pub list: ArticleList,
    /// The open article's text view.
    pub reader: Option<Reader>,
    /// Views over the panes (help, the input line, a picker, the dashboard), the top one
    /// first to take each key (layers.rs).
    pub layers: Layers,
    /// What `/` left, restored by esc in the query line (finder.rs).
    pub(crate) search_before: Option<Before>,
    pub(crate) effect: Option<Effect>,
    /// The last word jump (`m` + character), for `;` and `,`.
    pub(crate) last_jump: Option<(char, bool)>,
    /// Where the cursor was in each article left.
    pub(crate) remembered: HashMap<usize, usize>,
}

impl App {
    pub fn new(
        corpus: Arc<Corpus>,
        labels: LabelSet,
        annotator: &str,
        keymap: Keymap,
        store: Box<dyn DocStore>,
    ) -> App {
        let mut app = App {
            desk: Desk::new(corpus, labels, annotator, store),
            keymap,
            current: 0,
            reader: None,
            focus: Focus::List,
            layers: Layers::default(),
            search_before: None,
            message: None,
            size: Rect::new(0, 0, 80, 24),
            list: ArticleList::default(),
            effect: None,
            last_jump: None,
            remembered: HashMap::new(),
        };
        if !app.desk.corpus.articles.is_empty() {
            app.open_article(0);
        }
        app
    }

    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effect.take()
    }

    /// Which keymap mode keys are read in now.
    pub fn mode(&self) -> Mode {
        match (self.layers.top(), self.focus) {
            (Some(view), _) => view.mode(),
            (None, Focus::List) => self.list.mode(),
            (None, Focus::Text) => Mode::Text,
        }
    }

    /// The action a key press means now: the keymap's, else a typed character in the
    /// input line, else a label's own key in the text.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let mode = self.mode();
        if let Some(action) = self.keymap.lookup(mode, key) {
            return Some(action);
        }
        match (mode, key.code) {
            (Mode::Prompt, KeyCode::Char(c))
                if !key
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Insert(c))
            }
            (Mode::Text, KeyCode::Char(c))
                if key.mods.is_empty() && self.desk.labels.by_key(c).is_some() =>
            {
                Some(Action::LabelKey(c))
            }
            _ => None,
        }
    }

    pub fn handle_key(&mut self, key: Key) {
        if let Some(action) = self.action_for(key) {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        use Action::*;
        if !matches!(
            action,
            Insert(_) | DeleteBack | DeleteForward | DeleteWordBack | DeleteToStart
        ) {
            self.message = None;
        }
        self.update_layers(action);
        // Enter, Tab, a search confirmed, the dashboard: the article is opened for work
        self.suggest_on_entry();
        self.settle();
    }

    /// Keys that mean the same in the list and the text; the rest go to the focused pane.
    fn update_global(&mut self, action: Action) {
        use Action::*;
        match action {
            Quit => self.effect = Some(Effect::Quit),
            Suspend => self.effect = Some(Effect::Suspend),
            Help => self.layers.push(Box::new(HelpView::new(self.mode()))),
            Search => self.start_search(),
            SwitchPane => self.switch_pane(),
            Click { col, row } => self.click(col, row, false),
            Drag { col, row } => self.click(col, row, true),
            ScrollUp { col, row } => self.wheel(col, row, false),
            ScrollDown { col, row } => self.wheel(col, row, true),
            Undo | Redo | NextView | SortDisagreements | ToggleAssigned | SortDoubt | Reload => {
                self.desk_global(action)
            }
            PickLabel => self.open_view(LabelPicker::new(&self.desk)),
            Dashboard => self.open_dashboard(),
            Guidelines => self.open_guidelines(),
            Findings => {
                let view = FindingsView::new(&mut self.desk);
                self.open_view(view);
            }
            _ if self.focus == Focus::List => self.update_list(action),
            _ => self.update_text(action),
        }
    }

    /// The layers take the action from the top: one that passes it gives it to the one
    /// below, and below the last the panes take it. A layer is out of the stack while it
    /// works, and goes back unless it closed.
    fn update_layers(&mut self, action: Action) {
        let mut at = self.layers.len();
        while at > 0 {
            at -= 1;
            let mut layer = self.layers.take(at);
            let (flow, queue) = self.with_context(|ctx| layer.update(action, ctx));
            if flow != Flow::Close {
                self.layers.put_back(at, layer);
            }
            self.run(queue);
            if flow != Flow::Pass {
                return;
            }
        }
        self.update_global(action);
    }

    /// Runs `f` with a `Context` over the desk and the screen's facts; returns what it
    /// gave and the commands it queued, for the caller to run once its view is back.
    pub(crate) fn with_context<T>(
        &mut self,
        f: impl FnOnce(&mut Context) -> T,
    ) -> (T, Vec<Command>) {
        let mut queue = Vec::new();
        let mut ctx = Context {
            desk: &mut self.desk,
            keymap: &self.keymap,
            size: self.size,
            focus: &mut self.focus,
            current: self.current,
            queue: &mut queue,
        };
        let out = f(&mut ctx);
        (out, queue)
    }

    /// What the views read: the desk and the screen's facts.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            desk: &self.desk,
            keymap: &self.keymap,
            size: self.size,
            focus: self.focus,
            current: self.current,
            message: self.message.as_ref(),
        }
    }

    /// Shows `view` over the panes until it closes itself: how a new view is opened.
    pub fn open_view(&mut self, view: impl Component + 'static) {
        self.layers.push(Box::new(view));
    }

    /// The list takes `action` (the search line lends it up and down, the wheel too).
    pub(crate) fn update_list(&mut self, action: Action) {
        let mut list = std::mem::take(&mut self.list);
        let (_, queue) = self.with_context(|ctx| list.update(action, ctx));
        self.list = list;
        self.run(queue);
    }

    /// The open article's view takes `action` (motions and edits).
    fn update_text(&mut self, action: Action) {
        if self.reader.is_some() {
            self.with_reader(|reader, ctx| reader.update(action, ctx));
            return;
        }
        match action {
            Action::Back => self.focus = Focus::List,
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            _ => {}
        }
    }

    /// Runs `f` on the open article's view, taken out of the App for the call; the
    /// commands it queued run once it is back. None without one.
    pub(crate) fn with_reader<T>(
        &mut self,
        f: impl FnOnce(&mut Reader, &mut Context) -> T,
    ) -> Option<T> {
        let mut reader = self.reader.take()?;
        let (out, queue) = self.with_context(|ctx| f(&mut reader, ctx));
        self.reader = Some(reader);
        self.run(queue);
        Some(out)
    }

    /// Puts the cursor of the open article on the grapheme at `cp`.
    pub(crate) fn move_to(&mut self, cp: usize) {
        self.with_reader(|reader, ctx| reader.move_to(cp, &ctx.shared()));
    }

    pub fn current_slot(&self) -> Option<&DocSlot> {
        self.reader
            .as_ref()
            .and_then(|r| self.desk.shown_slot(r.article))
    }

    /// Opens `article` in the text pane (focus stays where it is): the desk reads its
    /// document, the reader shows it.
    pub fn open_article(&mut self, article: usize) {
        if article >= self.desk.corpus.articles.len() {
            return;
        }
        if self.reader.as_ref().is_some_and(|r| r.article == article) {
            self.current = article;
            return;
        }
        self.show_article(article);
    }

    /// The article shown gets the gazetteer's suggestions once it is opened for work: the
    /// text pane has the keys and nothing is over it. The list's preview (and a search
    /// still being typed) only shows it: browsing writes nothing.
    pub(crate) fn suggest_on_entry(&mut self) {
        let Some(article) = self.reader.as_ref().map(|r| r.article) else {
            return;
        };
        if self.focus == Focus::Text && self.layers.top().is_none() {
            let outcome = self.desk.enter(article);
            self.heard(outcome);
        }
    }

    /// Puts `article` (read already) in the text pane, its cursor where it was left.
    fn show_article(&mut self, article: usize) {
        if let Some(r) = &self.reader {
            self.remembered.insert(r.article, r.cursor);
            // the article left has its journal folded into its file
            self.desk
                .store
                .leave(&self.desk.corpus.articles[r.article].id);
        }
        self.desk.load(article);
        let text = ArticleText::new(&self.desk.corpus.articles[article].text);
        let matches = self.matches_in(article);
        // where the cursor was left, else at the search's first match
        let cursor = self
            .remembered
            .get(&article)
            .copied()
            .or(matches.first().map(|m| m.start))
            .unwrap_or(0)
            .min(text.len());
        self.current = article;
        self.reader = Some(Reader::new(article, text, cursor, matches));
        if let Some(err) = self.desk.slot(article).and_then(|s| s.read_only.clone()) {
            self.fail(format!("read-only: {err}"));
        }
        self.suggest_on_entry();
    }

    /// Shows what the desk did: the articles it changed go to the search, an article it
    /// opened to the text pane, then the cursor's move and the message.
    pub(crate) fn heard(&mut self, outcome: Outcome) {
        if let Some(article) = outcome.open {
            self.show_article(article);
        }
        let changed = self.desk.take_changed();
        if !changed.is_empty() {
            self.findings_after_edit();
        }
        for article in changed {
            self.doc_changed(article);
        }
        if outcome.suggested > 0 {
            // n/N now go through the suggestions, not the search's matches
            if let Some(r) = self.reader.as_mut() {
                r.matches.clear();
            }
        }
        if let Some(cursor) = outcome.cursor {
            self.move_to(cursor);
        }
        if let Some(message) = outcome.message {
            self.message = Some(message);
        }
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Outcome::say(text).message;
    }

    pub fn fail(&mut self, text: impl Into<String>) {
        self.message = Outcome::fail(text).message;
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.settle();
    }

    /// After every change: the list follows the current article, hits on screen get
    /// their details, the text follows the cursor and its rows on screen are laid out.
    pub(crate) fn settle(&mut self) {
        let height = self.shared().list_height().max(1);
        // the current hit's snippet takes a row, so its details come before scrolling
        self.fill_details(0);
        self.scroll_list(height);
        self.fill_details(height);
        if let Some(mut reader) = self.reader.take() {
            reader.scroll_to_cursor(&self.shared());
            reader.warm_view(&self.shared());
            self.reader = Some(reader);
        }
    }

    fn scroll_list(&mut self, height: usize) {
        let shown = super::screen::areas(self.size, self.focus).is_some_and(|a| a.list.is_some());
        if !shown {
            // one pane, the text: the list keeps its place for when Tab brings it back
            return;
        }
        let mut list = std::mem::take(&mut self.list);
        list.follow(&self.shared(), height);
        self.list = list;
    }
}
