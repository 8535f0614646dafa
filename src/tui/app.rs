//! The application state and `update`, which turns one `Action` into a new state.
//! Nothing here draws or touches the terminal.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::action::Action;
use super::screen::{Focus, text_inner};
use super::search::{Filter, SearchState};
use super::spans::SpanIndex;
use super::store::DocStore;
use super::wrap::{ArticleText, LayoutCache};
use crate::annotation::{DocAnnotations, DocStatus, History, LabelSet, Span, SpanState};
use crate::corpus::{Article, Corpus};
use crate::keymap::{Key, Keymap, Mode};
use crate::store::SaveState;
use crate::text::sanitize;
use ratatui::layout::Rect;

/// One annotator's document for one article, as the session holds it.
#[derive(Debug, Clone)]
pub struct DocSlot {
    pub doc: DocAnnotations,
    /// Changes whenever the spans change, so layouts made before are not reused.
    pub version: u64,
    pub index: SpanIndex,
    /// Why the article cannot be edited (its file does not parse); never saved then.
    pub read_only: Option<String>,
}

/// The open article: where the cursor is and what part of it is on screen.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: usize,
    pub text: ArticleText,
    /// Code point of the grapheme under the cursor.
    pub cursor: usize,
    /// The other end of the selection, when one is being made.
    pub anchor: Option<usize>,
    /// The first row on screen: (block, row in block).
    pub top: (usize, usize),
    /// The column `j`/`k` try to keep.
    pub want_x: Option<u16>,
    /// The search's matches in the text, in order (highlighted; `n`/`N` jump to them).
    pub matches: Vec<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The search query line (what to go back to is in `SearchState`).
    Search,
    /// Editing the note of the span with this key.
    Note {
        start: usize,
        end: usize,
        label: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Cursor in the input, in chars.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help { mode: Mode, scroll: u16 },
    Prompt(Prompt),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
}

pub struct App {
    pub corpus: Arc<Corpus>,
    pub labels: LabelSet,
    pub annotator: String,
    pub keymap: Keymap,
    pub(crate) store: Box<dyn DocStore>,
    pub docs: Vec<Option<DocSlot>>,
    pub current: usize,
    pub reader: Option<Reader>,
    pub focus: Focus,
    pub overlay: Overlay,
    pub filter: Option<Filter>,
    pub search: SearchState,
    pub history: History,
    pub message: Option<Message>,
    pub save_state: SaveState,
    pub size: Rect,
    /// First list row on screen.
    pub list_top: usize,
    pub(crate) effect: Option<Effect>,
    pub(crate) layout: LayoutCache,
    tags: HashMap<String, String>,
    /// Where the cursor was in each article left.
    pub(crate) remembered: HashMap<usize, usize>,
    ids: HashMap<String, usize>,
    next_version: u64,
}

impl App {
    pub fn new(
        corpus: Arc<Corpus>,
        labels: LabelSet,
        annotator: &str,
        keymap: Keymap,
        store: Box<dyn DocStore>,
    ) -> App {
        let tags = labels
            .names()
            .zip(labels.tags())
            .map(|(n, t)| (n.to_string(), sanitize(&t).into_owned()))
            .collect();
        let ids = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut app = App {
            docs: vec![None; corpus.articles.len()],
            corpus,
            labels,
            annotator: annotator.to_string(),
            keymap,
            store,
            current: 0,
            reader: None,
            focus: Focus::List,
            overlay: Overlay::None,
            filter: None,
            search: SearchState::default(),
            history: History::default(),
            message: None,
            save_state: SaveState::Saved,
            size: Rect::new(0, 0, 80, 24),
            list_top: 0,
            effect: None,
            layout: LayoutCache::default(),
            tags,
            remembered: HashMap::new(),
            ids,
            next_version: 0,
        };
        if !app.corpus.articles.is_empty() {
            app.open_article(0);
        }
        app
    }

    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effect.take()
    }

    /// Which keymap mode keys are read in now.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, self.focus) {
            (Overlay::Help { .. }, _) => Mode::Help,
            (Overlay::Prompt(_), _) => Mode::Prompt,
            (Overlay::None, Focus::List) => Mode::List,
            (Overlay::None, Focus::Text) => Mode::Text,
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
                if key.mods.is_empty() && self.labels.by_key(c).is_some() =>
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
        match &self.overlay {
            Overlay::Prompt(_) => return self.update_prompt(action),
            Overlay::Help { .. } => return self.update_help(action),
            Overlay::None => {}
        }
        match action {
            Quit => self.effect = Some(Effect::Quit),
            Suspend => self.effect = Some(Effect::Suspend),
            Help => {
                self.overlay = Overlay::Help {
                    mode: self.mode(),
                    scroll: 0,
                }
            }
            Search => self.start_search(),
            SwitchPane => self.switch_pane(),
            Click { col, row } => self.click(col, row, false),
            Drag { col, row } => self.click(col, row, true),
            ScrollUp { col, row } => self.wheel(col, row, false),
            ScrollDown { col, row } => self.wheel(col, row, true),
            Undo => self.undo(),
            Redo => self.redo(),
            _ if self.focus == Focus::List => self.update_list(action),
            _ => self.update_text(action),
        }
        self.settle();
    }

    pub(crate) fn update_list(&mut self, action: Action) {
        use Action::*;
        let visible = self.visible();
        let at = visible.iter().position(|&i| i == self.current);
        let last = visible.len().saturating_sub(1);
        let page = self.list_height().saturating_sub(1).max(1);
        let to = match action {
            Down | NextArticle => at.map_or(0, |i| (i + 1).min(last)),
            Up | PrevArticle => at.map_or(0, |i| i.saturating_sub(1)),
            Top => 0,
            Bottom => last,
            PageDown => at.map_or(0, |i| (i + page).min(last)),
            PageUp => at.map_or(0, |i| i.saturating_sub(page)),
            Open => {
                if self.reader.is_some() {
                    self.focus = Focus::Text;
                }
                return;
            }
            Back => return self.clear_search(),
            _ => return,
        };
        if let Some(&i) = visible.get(to) {
            self.open_article(i);
        }
    }

    fn update_help(&mut self, action: Action) {
        use Action::*;
        let Overlay::Help { mode, .. } = self.overlay else {
            return;
        };
        // scrolling stops where the last line is at the bottom of the help box
        let theme = super::draw::Theme {
            colors: super::draw::Colors::None,
        };
        let lines = super::draw::help_lines(self, mode, &theme).len() as u16;
        let most = lines.saturating_sub(self.size.height.saturating_sub(4));
        let Overlay::Help { scroll, .. } = &mut self.overlay else {
            return;
        };
        match action {
            Down => *scroll = scroll.saturating_add(1),
            Up => *scroll = scroll.saturating_sub(1),
            ScrollDown { .. } => *scroll = scroll.saturating_add(3),
            ScrollUp { .. } => *scroll = scroll.saturating_sub(3),
            PageDown => *scroll = scroll.saturating_add(10),
            PageUp => *scroll = scroll.saturating_sub(10),
            Top => *scroll = 0,
            Bottom => *scroll = most,
            Quit => self.effect = Some(Effect::Quit),
            _ => self.overlay = Overlay::None,
        }
        if let Overlay::Help { scroll, .. } = &mut self.overlay {
            *scroll = (*scroll).min(most);
        }
    }

    fn switch_pane(&mut self) {
        self.focus = match self.focus {
            Focus::List if self.reader.is_some() => Focus::Text,
            _ => Focus::List,
        };
    }

    /// The articles the list shows, in order.
    pub fn visible(&self) -> Vec<usize> {
        match &self.filter {
            Some(f) => f.matches.clone(),
            None => (0..self.corpus.articles.len()).collect(),
        }
    }

    pub fn list_height(&self) -> usize {
        super::screen::areas(self.size, self.focus)
            .and_then(|a| a.list)
            .map_or(1, |r| r.height.saturating_sub(2) as usize)
    }

    pub fn article(&self, i: usize) -> &Article {
        &self.corpus.articles[i]
    }

    pub fn slot(&self, i: usize) -> Option<&DocSlot> {
        self.docs.get(i).and_then(Option::as_ref)
    }

    pub fn current_slot(&self) -> Option<&DocSlot> {
        self.reader.as_ref().and_then(|r| self.slot(r.article))
    }

    /// A document read in the background for the list; ignored if the article was
    /// loaded meanwhile.
    pub fn preloaded(&mut self, article: usize, result: Result<DocAnnotations, String>) {
        if article < self.docs.len() && self.docs[article].is_none() {
            self.docs[article] = Some(self.make_slot(article, result));
        }
    }

    fn make_slot(&mut self, article: usize, result: Result<DocAnnotations, String>) -> DocSlot {
        self.next_version += 1;
        let (doc, read_only) = match result {
            Ok(doc) => (doc, None),
            Err(e) => {
                let a = &self.corpus.articles[article];
                (
                    DocAnnotations::new(&a.id, &self.annotator, &a.text),
                    Some(e),
                )
            }
        };
        DocSlot {
            index: SpanIndex::new(&doc.spans),
            doc,
            version: self.next_version,
            read_only,
        }
    }

    fn ensure_loaded(&mut self, article: usize) {
        if self.docs[article].is_none() {
            let result = self.store.load(&self.corpus.articles[article]);
            self.docs[article] = Some(self.make_slot(article, result));
        }
    }

    /// Opens `article` in the text pane (focus stays where it is).
    pub fn open_article(&mut self, article: usize) {
        if article >= self.corpus.articles.len() {
            return;
        }
        if let Some(r) = &self.reader {
            if r.article == article {
                self.current = article;
                return;
            }
            self.remembered.insert(r.article, r.cursor);
        }
        self.ensure_loaded(article);
        let text = ArticleText::new(&self.corpus.articles[article].text);
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
        self.reader = Some(Reader {
            article,
            text,
            cursor,
            anchor: None,
            top: (0, 0),
            want_x: None,
            matches,
        });
        if let Some(err) = self.slot(article).and_then(|s| s.read_only.clone()) {
            self.fail(format!("read-only: {err}"));
        }
    }

    /// Called after a change of spans in `article`: new version, new index; the search
    /// hears of it.
    pub(crate) fn spans_changed(&mut self, article: usize) {
        self.next_version += 1;
        let version = self.next_version;
        if let Some(slot) = self.docs[article].as_mut() {
            slot.version = version;
            slot.index = SpanIndex::new(&slot.doc.spans);
        }
        self.doc_changed(article);
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub fn fail(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.settle();
    }

    pub fn set_save_state(&mut self, state: SaveState) {
        self.save_state = state;
    }

    /// The short tag drawn after a span: its label's tag, `?` when pending.
    pub fn tag_text(&self, span: &Span) -> String {
        let base = self.label_tag(&span.label);
        if span.state == SpanState::Pending {
            format!("{base}?")
        } else {
            base
        }
    }

    /// The short tag of a label: from the label set, else its first three letters.
    pub fn label_tag(&self, label: &str) -> String {
        match self.tags.get(label) {
            Some(t) => t.clone(),
            None => sanitize(&label.chars().take(3).collect::<String>()).into_owned(),
        }
    }

    /// The index of `name` in the label set (for its colour), if it is there.
    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.labels.iter().position(|l| l.name == name)
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The width the open article is wrapped to.
    pub fn text_width(&self) -> u16 {
        text_inner(self.size).width.max(1)
    }

    pub fn text_height(&self) -> u16 {
        text_inner(self.size).height.max(1)
    }

    /// Keeps list and text scrolled so the current article and the cursor are on screen.
    pub(crate) fn settle(&mut self) {
        let h = self.list_height().max(1);
        self.fill_details(0);
        let visible = self.visible();
        if let Some(at) = visible.iter().position(|&i| i == self.current) {
            // the current article's snippet, when it has one, takes the row below it
            let rows = 1 + self.current_snippet().is_some() as usize;
            if at < self.list_top {
                self.list_top = at;
            } else if at + rows > self.list_top + h {
                self.list_top = (at + rows).saturating_sub(h).min(at);
            }
        }
        self.list_top = self.list_top.min(visible.len().saturating_sub(1));
        self.fill_details(h);
        self.scroll_to_cursor();
        self.warm_view();
    }

    pub fn status_of(&self, article: usize) -> Option<DocStatus> {
        self.slot(article).map(|s| s.doc.status)
    }
}
