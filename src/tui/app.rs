//! The App: what the views share (corpus, documents, undo history, saver state, search,
//! messages) and the views themselves; `update` routes each `Action` to the one that has
//! the keys. Nothing here draws or touches the terminal.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use super::component::{Component, Flow};
use super::docs::DocStore;
use super::finder::{Filter, SearchState};
use super::screen::{Focus, text_inner};
use super::spans::SpanIndex;
pub use super::views::help::HelpView;
pub use super::views::label_picker::LabelPicker;
pub use super::views::list::ArticleList;
pub use super::views::prompt::{Prompt, PromptKind};
pub use super::views::text::Reader;
use super::visible::Visible;
use super::wrap::ArticleText;
use crate::action::Action;
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

/// What is drawn over the panes and takes every key while it is there.
pub enum Overlay {
    None,
    Help(HelpView),
    Prompt(Prompt),
    /// Any other view (a picker, a dashboard): a file implementing `Component`, opened
    /// with `App::open_view`.
    View(Box<dyn Component>),
}

impl Overlay {
    pub fn component(&self) -> Option<&dyn Component> {
        match self {
            Overlay::None => None,
            Overlay::Help(help) => Some(help),
            Overlay::Prompt(prompt) => Some(prompt),
            Overlay::View(view) => Some(view.as_ref()),
        }
    }

    fn component_mut(&mut self) -> Option<&mut dyn Component> {
        match self {
            Overlay::None => None,
            Overlay::Help(help) => Some(help),
            Overlay::Prompt(prompt) => Some(prompt),
            Overlay::View(view) => Some(view.as_mut()),
        }
    }
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

/// What the views share, then the views themselves.
pub struct App {
    pub corpus: Arc<Corpus>,
    pub labels: LabelSet,
    pub annotator: String,
    pub keymap: Keymap,
    pub(crate) store: Box<dyn DocStore>,
    /// Each article's document once read (edits go through edit.rs, one undoable change each).
    pub docs: Vec<Option<DocSlot>>,
    pub history: History,
    pub save_state: SaveState,
    pub message: Option<Message>,
    pub size: Rect,
    /// The article the list points at; the open one when there is one.
    pub current: usize,
    /// The pane that has the keys when no overlay is open.
    pub focus: Focus,
    /// The list as a search narrowed it, and the search's own state (finder.rs).
    pub filter: Option<Filter>,
    pub search: SearchState,
    // the views (tui/views/)
    pub list: ArticleList,
    /// The open article's text view.
    pub reader: Option<Reader>,
    pub overlay: Overlay,
    /// Set by `tanba curate` (curation.rs).
    pub curation: Option<super::curation::CurationState>,
    /// Every annotator's files and the dashboard's figures (team.rs).
    pub team: super::team::TeamState,
    pub(crate) effect: Option<Effect>,
    /// Labels applied in this session, most recent first (the picker lists them first).
    pub recent_labels: Vec<String>,
    /// Suggestions on or off, the gazetteer (suggestions.rs).
    pub suggest: super::suggestions::SuggestState,
    /// The last word jump (`m` + character), for `;` and `,`.
    pub(crate) last_jump: Option<(char, bool)>,
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
            team: Default::default(),
            filter: None,
            search: SearchState::default(),
            history: History::default(),
            message: None,
            save_state: SaveState::Saved,
            size: Rect::new(0, 0, 80, 24),
            list: ArticleList::default(),
            curation: None,
            effect: None,
            recent_labels: Vec::new(),
            suggest: Default::default(),
            last_jump: None,
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
        match (self.overlay.component(), self.focus) {
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
        if matches!(self.overlay, Overlay::None) {
            self.update_global(action);
        } else {
            self.update_overlay(action);
        }
        // Enter, Tab, a search confirmed, the dashboard: the article is opened for work
        self.suggest_on_entry();
        self.settle();
    }

    /// Keys that mean the same in the list and the text; the rest go to the focused pane.
    fn update_global(&mut self, action: Action) {
        use Action::*;
        match action {
            Quit => self.quit(),
            Suspend => self.effect = Some(Effect::Suspend),
            Help => self.overlay = Overlay::Help(HelpView::new(self.mode())),
            Search => self.start_search(),
            SwitchPane => self.switch_pane(),
            Click { col, row } => self.click(col, row, false),
            Drag { col, row } => self.click(col, row, true),
            ScrollUp { col, row } => self.wheel(col, row, false),
            ScrollDown { col, row } => self.wheel(col, row, true),
            Undo => self.undo(),
            PickLabel => self.open_view(LabelPicker::new(self)),
            Redo => self.redo(),
            NextView => self.next_view(),
            SortDisagreements => self.sort_by_disagreements(),
            Dashboard => self.open_dashboard(),
            Reload => self.reload(),
            _ if self.focus == Focus::List => self.update_list(action),
            _ => self.update_text(action),
        }
    }

    /// The overlay takes the action, out of the App meanwhile so it can change both; it
    /// goes back unless it closed itself or opened another.
    fn update_overlay(&mut self, action: Action) {
        let mut overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        let flow = overlay
            .component_mut()
            .map_or(Flow::Close, |view| view.update(action, self));
        if flow != Flow::Close && matches!(self.overlay, Overlay::None) {
            self.overlay = overlay;
        }
    }

    /// Shows `view` over the panes until it closes itself: how a new view is opened.
    pub fn open_view(&mut self, view: impl Component + 'static) {
        self.overlay = Overlay::View(Box::new(view));
    }

    pub(crate) fn quit(&mut self) {
        self.effect = Some(Effect::Quit);
    }

    /// The list takes `action` (the search line lends it up and down, the wheel too).
    pub(crate) fn update_list(&mut self, action: Action) {
        let mut list = std::mem::take(&mut self.list);
        list.update(action, self);
        self.list = list;
    }

    /// The text view takes `action`; what it passes on changes the document (edit.rs).
    fn update_text(&mut self, action: Action) {
        match self.with_reader(|reader, app| reader.update(action, app)) {
            Some(Flow::Stay | Flow::Close) => {}
            None if action == Action::Back => self.focus = Focus::List,
            Some(Flow::Pass) | None => match action {
                Action::NextArticle => self.step_article(1),
                Action::PrevArticle => self.step_article(-1),
                _ => self.update_edit(action),
            },
        }
    }

    /// Runs `f` on the open article's view, taken out of the App for the call (a view
    /// that opened another article meanwhile is dropped for it). None without one.
    pub(crate) fn with_reader<T>(
        &mut self,
        f: impl FnOnce(&mut Reader, &mut App) -> T,
    ) -> Option<T> {
        let mut reader = self.reader.take()?;
        let out = f(&mut reader, self);
        if self.reader.is_none() {
            self.reader = Some(reader);
        }
        Some(out)
    }

    /// Puts the cursor of the open article on the grapheme at `cp`.
    pub(crate) fn move_to(&mut self, cp: usize) {
        self.with_reader(|reader, app| reader.move_to(cp, app));
    }

    pub(crate) fn nav(&self) -> Option<super::textnav::Nav<'_>> {
        Some(self.reader.as_ref()?.nav(self))
    }

    /// `J`/`K`: the next (previous) article of the list, opened in the text.
    fn step_article(&mut self, by: isize) {
        let visible = self.visible();
        let Some(at) = visible.position(self.current) else {
            if let Some(first) = visible.first() {
                self.open_article(first);
            }
            return;
        };
        let to = at as isize + by;
        if to < 0 || to as usize >= visible.len() {
            self.say(if by > 0 {
                "this is the last article"
            } else {
                "this is the first article"
            });
            return;
        }
        if let Some(article) = visible.get(to as usize) {
            self.open_article(article);
        }
    }

    fn switch_pane(&mut self) {
        self.focus = match self.focus {
            Focus::List if self.reader.is_some() => Focus::Text,
            _ => Focus::List,
        };
    }

    /// The articles the list shows, in order: borrowed (no copy per key press), except
    /// when a curation orders them by disagreements.
    pub fn visible(&self) -> Visible<'_> {
        let visible = match &self.filter {
            Some(f) => Visible::Hits(Cow::Borrowed(&f.matches)),
            None => Visible::All(self.corpus.articles.len()),
        };
        if self.curation.as_ref().is_some_and(|c| c.by_disagreements) {
            let mut ordered: Vec<usize> = visible.iter().collect();
            self.curation_order(&mut ordered);
            return Visible::Hits(Cow::Owned(ordered));
        }
        visible
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
        self.reader
            .as_ref()
            .and_then(|r| self.shown_slot(r.article))
    }

    /// A document read in the background for the list; ignored if the article was
    /// loaded meanwhile.
    pub fn preloaded(&mut self, article: usize, result: Result<DocAnnotations, String>) {
        if article < self.docs.len() && self.docs[article].is_none() {
            self.docs[article] = Some(self.make_slot(article, result));
        }
    }

    pub(crate) fn make_slot(
        &mut self,
        article: usize,
        result: Result<DocAnnotations, String>,
    ) -> DocSlot {
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
        self.reader = Some(Reader::new(article, text, cursor, matches));
        if let Some(err) = self.slot(article).and_then(|s| s.read_only.clone()) {
            self.fail(format!("read-only: {err}"));
        }
        self.suggest_on_entry();
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

    /// The short tag drawn after a span: its label's tag, then when pending where it came
    /// from (`?` imported, `~` suggested by tanba, `*` by a model), then whose it is when
    /// curating.
    pub fn tag_text(&self, span: &Span) -> String {
        let base = self.label_tag(&span.label);
        let pending = match (&span.state, &span.origin) {
            (SpanState::Pending, crate::annotation::Origin::Suggested) => "~",
            (SpanState::Pending, crate::annotation::Origin::Model(_)) => "*",
            (SpanState::Pending, _) => "?",
            _ => "",
        };
        format!("{base}{pending}{}", self.curation_marks(span))
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

    /// After every change: the list follows the current article, hits on screen get
    /// their details, the text follows the cursor and its rows on screen are laid out.
    pub(crate) fn settle(&mut self) {
        let height = self.list_height().max(1);
        // the current hit's snippet takes a row, so its details come before scrolling
        self.fill_details(0);
        self.scroll_list(height);
        self.fill_details(height);
        self.with_reader(|reader, app| {
            reader.scroll_to_cursor(app);
            reader.warm_view(app);
        });
    }

    fn scroll_list(&mut self, height: usize) {
        let shown = super::screen::areas(self.size, self.focus).is_some_and(|a| a.list.is_some());
        if !shown {
            // one pane, the text: the list keeps its place for when Tab brings it back
            return;
        }
        let mut list = std::mem::take(&mut self.list);
        list.follow(self, height);
        self.list = list;
    }

    pub fn status_of(&self, article: usize) -> Option<DocStatus> {
        self.slot(article).map(|s| s.doc.status)
    }
}
