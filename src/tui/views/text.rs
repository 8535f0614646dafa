//! The text view: the open article with its spans, the cursor and the selection. A
//! component: it owns the cursor, the scroll and the laid-out rows, and handles motions;
//! the keys that change the document (labels, review, status) are in `reader_edit.rs`.

use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::annotation::{Span, SpanState};
use crate::desk::{DocSlot, SpanIndex};
use crate::keymap::Mode;
use crate::text::sanitize;
use crate::tui::component::{Component, Context, Flow, Shared};
use crate::tui::draw::{Theme, label_color};
use crate::tui::screen::{Focus, areas, inner};
use crate::tui::textnav::Nav;
use crate::tui::wrap::{
    ArticleText, LayoutCache, PieceKind, SpanView, Wrapped, display_grapheme, wrap_block,
};

/// A visual row: (block, row within the block).
pub type RowPos = (usize, usize);

/// Rows kept between the cursor and the top or bottom edge when scrolling.
const SCROLL_OFF: usize = 2;

/// The open article: where the cursor is and what part of it is on screen.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: usize,
    pub text: ArticleText,
    /// Code point of the grapheme under the cursor.
    pub cursor: usize,
    /// The other end of the selection, when one is being made.
    pub anchor: Option<usize>,
    /// The selection is an emacs region: from the mark up to the cursor, the cursor's
    /// character excluded (else it runs through the cursor's character, as in vim).
    pub region: bool,
    /// The first row on screen: (block, row in block).
    pub top: (usize, usize),
    /// The column `j`/`k` try to keep.
    pub want_x: Option<u16>,
    /// The search's matches in the text, in order (highlighted; `n`/`N` jump to them).
    pub matches: Vec<Range<usize>>,
    /// Blocks laid out at the pane's width, kept while the spans do not change.
    pub(crate) layout: LayoutCache,
}

impl Component for Reader {
    fn mode(&self) -> Mode {
        Mode::Text
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        use Action::*;
        let app = &ctx.shared();
        match action {
            Left | Right | WordNext | WordPrev | WordEnd | ForwardWord | BackwardWord
            | LineStart | LineEnd | Top | Bottom => self.horizontal(action, app),
            Up => self.vertical(-1, app),
            Down => self.vertical(1, app),
            PageUp => self.vertical(-(app.text_height() as isize - 2).max(1), app),
            PageDown => self.vertical((app.text_height() as isize - 2).max(1), app),
            Select | SetMark => {
                self.anchor = match self.anchor {
                    Some(_) => None,
                    None => Some(self.cursor),
                };
                self.region = action == SetMark;
            }
            Back if self.anchor.is_some() => self.anchor = None,
            Back if !self.matches.is_empty() => {
                self.matches.clear();
                ctx.say("search highlights cleared");
            }
            Back => *ctx.focus = Focus::List,
            // after a search, n/N go through its matches in the article
            NextPending if self.jump_match(true, ctx) => {}
            PrevPending if self.jump_match(false, ctx) => {}
            Open | Search | Help | Quit | Suspend | SwitchPane | Unbind => {}
            _ => self.edit(action, ctx),
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = sanitize(&app.desk.article(self.article).title).into_owned();
        theme
            .pane(app.focus == Focus::Text, format!(" {title} "))
            .render(area, buf);
        let area = inner(area);
        if self.text.is_empty() {
            Paragraph::new("(empty article)")
                .style(theme.dim())
                .render(area, buf);
            return;
        }
        if area.width == 0 || area.height == 0 {
            return;
        }
        let mut get = |b| self.wrapped_at(b, area.width, app);
        // the top row as laid out at this width (a resize may have left fewer rows)
        let top_block = self.top.0.min(self.text.blocks() - 1);
        let top_rows = get(top_block).rows.len();
        let mut pos = Some((top_block, self.top.1.min(top_rows - 1)));
        for y in area.top()..area.bottom() {
            let Some((b, r)) = pos else { break };
            self.draw_row(app, &get(b), r, (area, y), buf, theme);
            pos = row_down(&mut get, self.text.blocks(), (b, r));
        }
    }
}

/// The text pane when no article is open.
pub fn draw_empty(app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
    theme
        .pane(app.focus == Focus::Text, "  ".to_string())
        .render(area, buf);
    Paragraph::new("(no article)")
        .style(theme.dim())
        .render(inner(area), buf);
}

impl Reader {
    /// Row `r` of the laid-out block `wrapped`, at line `y` of `area`.
    fn draw_row(
        &self,
        app: &Shared,
        wrapped: &Wrapped,
        r: usize,
        (area, y): (Rect, u16),
        buf: &mut Buffer,
        theme: &Theme,
    ) {
        let text = &app.desk.article(self.article).text;
        let slot = app.desk.shown_slot(self.article);
        let spans: &[Span] = slot.map_or(&[], |s| &s.doc.spans);
        let row_end = wrapped.rows.get(r + 1).map_or(wrapped.end, |n| n.start);
        let covering = covering(slot, wrapped.rows[r].start, row_end);
        for p in wrapped.row_pieces(r) {
            let (symbol, style, is_cursor): (Cow<str>, Style, bool) = match p.kind {
                PieceKind::Text {
                    cp, byte, bytes, ..
                } => {
                    let g = &text[byte..byte + bytes as usize];
                    let style = self.text_style(app, &covering, cp, theme);
                    (display_grapheme(g), style, cp == self.cursor)
                }
                PieceKind::Open { span } | PieceKind::Close { span } | PieceKind::Tag { span } => {
                    let Some(s) = spans.get(span as usize) else {
                        continue;
                    };
                    let style = theme.span_mark(color_of(app, s), s.state);
                    let symbol = match p.kind {
                        PieceKind::Open { .. } => Cow::Borrowed("["),
                        PieceKind::Close { .. } => Cow::Borrowed("]"),
                        _ => Cow::Owned(app.desk.tag_text(app.current, s)),
                    };
                    (symbol, style, false)
                }
            };
            let how = if matches!(p.kind, PieceKind::Tag { .. }) {
                Put::Split
            } else if is_cursor {
                Put::Cursor
            } else {
                Put::Whole
            };
            put(buf, area, (p.x, y), p.width, &symbol, style, how);
        }
    }

    /// The style of the character at `cp`: its innermost span, a search match, the
    /// selection and the cursor, laid over each other.
    fn text_style(
        &self,
        app: &Shared,
        covering: &[(usize, &Span)],
        cp: usize,
        theme: &Theme,
    ) -> Style {
        let innermost = covering
            .iter()
            .filter(|(_, s)| s.contains(cp))
            .min_by_key(|(_, s)| s.len())
            .map(|(_, s)| *s);
        let mut style =
            innermost.map_or(Style::new(), |s| theme.span_text(color_of(app, s), s.state));
        let matched = in_match(&self.matches, cp);
        if matched {
            style = style.patch(theme.search_match());
        }
        let selection = self.selection(&self.nav(app));
        let selected = selection.is_some_and(|(lo, hi)| lo <= cp && cp < hi);
        if selected {
            style = style.patch(theme.selection());
        }
        if cp == self.cursor {
            // on a reversed cell (selection, match) the cursor is the one not reversed
            let (add, remove) = theme.cursor(selected || matched, app.focus == Focus::Text);
            style = style.add_modifier(add).remove_modifier(remove);
        }
        style
    }
}

/// The live spans that colour a row `[start, end)`, found by binary search.
fn covering(slot: Option<&DocSlot>, start: usize, end: usize) -> Vec<(usize, &Span)> {
    let Some(s) = slot else {
        return Vec::new();
    };
    let spans = &s.doc.spans;
    let end = end.max(start + 1);
    s.index
        .candidates(spans, start, end)
        .map(|i| (i, &spans[i]))
        .filter(|(_, sp)| sp.state != SpanState::Rejected && sp.end > start && sp.start < end)
        .collect()
}

/// The row after `pos`, across blocks.
pub fn row_down(
    get: &mut dyn FnMut(usize) -> Rc<Wrapped>,
    blocks: usize,
    pos: RowPos,
) -> Option<RowPos> {
    let w = get(pos.0);
    if pos.1 + 1 < w.rows.len() {
        Some((pos.0, pos.1 + 1))
    } else if pos.0 + 1 < blocks {
        Some((pos.0 + 1, 0))
    } else {
        None
    }
}

/// The row before `pos`, across blocks.
pub fn row_up(get: &mut dyn FnMut(usize) -> Rc<Wrapped>, pos: RowPos) -> Option<RowPos> {
    if pos.1 > 0 {
        Some((pos.0, pos.1 - 1))
    } else if pos.0 > 0 {
        let w = get(pos.0 - 1);
        Some((pos.0 - 1, w.rows.len().saturating_sub(1)))
    } else {
        None
    }
}

/// Moving the cursor and the view. `app` is the shared state, read only.
impl Reader {
    pub fn new(
        article: usize,
        text: ArticleText,
        cursor: usize,
        matches: Vec<Range<usize>>,
    ) -> Reader {
        Reader {
            article,
            text,
            cursor,
            anchor: None,
            region: false,
            top: (0, 0),
            want_x: None,
            matches,
            layout: LayoutCache::default(),
        }
    }

    /// The selection as `[start, end)` code points, if one is being made.
    pub fn selection(&self, nav: &Nav) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        let (lo, hi) = (anchor.min(self.cursor), anchor.max(self.cursor));
        Some(if self.region {
            (lo, hi)
        } else {
            (lo, nav.next(hi))
        })
    }

    pub fn nav<'a>(&'a self, app: &Shared<'a>) -> Nav<'a> {
        Nav::new(
            &app.desk.corpus.articles[self.article].text,
            &self.text.index,
        )
    }

    fn horizontal(&mut self, action: Action, app: &Shared) {
        use Action::*;
        let nav = self.nav(app);
        if nav.is_empty() {
            return;
        }
        let cursor = self.cursor;
        let to = match action {
            Left => nav.prev(cursor),
            Right => nav.next(cursor).min(nav.last()),
            WordNext => nav.word_next(cursor),
            WordPrev => nav.word_prev(cursor),
            WordEnd => nav.word_end(cursor),
            ForwardWord => nav.forward_word(cursor),
            BackwardWord => nav.backward_word(cursor),
            LineStart => nav.line_start(cursor),
            LineEnd => nav.line_end(cursor),
            Top => 0,
            _ => nav.last(),
        };
        self.move_to(to, app);
    }

    /// Puts the cursor on the grapheme at `cp`; the column `j`/`k` keep is forgotten.
    pub fn move_to(&mut self, cp: usize, app: &Shared) {
        self.cursor = self.nav(app).snap(cp);
        self.want_x = None;
    }

    fn row_of_cursor(&mut self, app: &Shared) -> Option<(RowPos, u16)> {
        if self.text.is_empty() {
            return None;
        }
        let (cursor, block) = (self.cursor, self.text.block_of(self.cursor));
        let w = self.wrapped(block, app);
        Some(((block, w.row_of(cursor)), w.x_of(cursor)))
    }

    /// Moves `n` visual rows down (up when negative), keeping the column.
    pub fn vertical(&mut self, n: isize, app: &Shared) {
        let Some((mut pos, x)) = self.row_of_cursor(app) else {
            return;
        };
        let x = self.want_x.unwrap_or(x);
        let blocks = self.text.blocks();
        for _ in 0..n.unsigned_abs() {
            let mut get = |b| self.wrapped(b, app);
            let next = if n > 0 {
                row_down(&mut get, blocks, pos)
            } else {
                row_up(&mut get, pos)
            };
            match next {
                Some(p) => pos = p,
                None => break,
            }
        }
        self.cursor = self.wrapped(pos.0, app).cp_at(pos.1, x);
        self.want_x = Some(x);
    }

    /// Scrolls the text so the cursor's row is on screen, `SCROLL_OFF` rows from the edges.
    pub fn scroll_to_cursor(&mut self, app: &Shared) {
        let Some((cur, _)) = self.row_of_cursor(app) else {
            return;
        };
        let h = app.text_height() as usize;
        let off = SCROLL_OFF.min(h.saturating_sub(1) / 2);
        let top = self.top_pos(app);
        let blocks = self.text.blocks();
        // how many rows below the top the cursor is, if it is within a screen of it
        let mut distance = None;
        if cur >= top {
            let mut pos = top;
            for d in 0..h {
                if pos == cur {
                    distance = Some(d);
                    break;
                }
                match row_down(&mut |b| self.wrapped(b, app), blocks, pos) {
                    Some(p) => pos = p,
                    None => break,
                }
            }
        }
        self.top = if cur < top {
            self.rows_above(cur, off, app)
        } else {
            match distance {
                Some(d) if d < off => self.rows_above(cur, off, app),
                Some(d) if d + off < h => return,
                _ => self.rows_above(cur, h - 1 - off, app),
            }
        };
    }

    fn rows_above(&mut self, mut pos: RowPos, n: usize, app: &Shared) -> RowPos {
        for _ in 0..n {
            match row_up(&mut |b| self.wrapped(b, app), pos) {
                Some(p) => pos = p,
                None => break,
            }
        }
        pos
    }

    /// The code point shown at screen cell (col, row) of the text pane, if any.
    pub fn text_at(&mut self, col: u16, row: u16, app: &Shared) -> Option<usize> {
        let area = inner(areas(app.size, app.focus)?.text?);
        if !area.contains((col, row).into()) || self.text.is_empty() {
            return None;
        }
        let blocks = self.text.blocks();
        let mut pos = self.top_pos(app);
        for _ in 0..(row - area.y) {
            pos = row_down(&mut |b| self.wrapped(b, app), blocks, pos)?;
        }
        Some(self.wrapped(pos.0, app).cp_at(pos.1, col - area.x))
    }

    /// `n`/`N` with the search's matches in the article: the next (previous) one,
    /// wrapping around. False when there are none to jump between.
    fn jump_match(&mut self, forward: bool, ctx: &mut Context) -> bool {
        let (matches, cursor) = (&self.matches, self.cursor);
        if matches.is_empty() {
            return false;
        }
        let (to, wrapped) = if forward {
            let next = matches.partition_point(|m| m.start <= cursor);
            match matches.get(next) {
                Some(m) => (m.start, false),
                None => (matches[0].start, true),
            }
        } else {
            let before = matches.partition_point(|m| m.start < cursor);
            match before.checked_sub(1) {
                Some(i) => (matches[i].start, false),
                None => (matches[matches.len() - 1].start, true),
            }
        };
        let n = matches.partition_point(|m| m.start < to) + 1;
        let total = matches.len();
        self.move_to(to, &ctx.shared());
        let wrapped = match (wrapped, forward) {
            (false, _) => "",
            (true, true) => " (from the top)",
            (true, false) => " (from the bottom)",
        };
        ctx.say(format!("match {n}/{total}{wrapped}"));
        true
    }
}

/// The article laid out at the text pane's width: blocks wrapped on demand and kept in
/// the layout cache, so drawing finds every row on screen already made.
impl Reader {
    fn layout_key(&self, width: u16, app: &Shared) -> (usize, u16, u64) {
        let version = app.desk.shown_slot(self.article).map_or(0, |s| s.version);
        (self.article, width, version)
    }

    fn wrap_now(&self, block: usize, width: u16, app: &Shared) -> Wrapped {
        let text = &app.desk.corpus.articles[self.article].text;
        let empty = SpanIndex::default();
        let (spans, index): (&[Span], &SpanIndex) = match app.desk.shown_slot(self.article) {
            Some(s) => (&s.doc.spans, &s.index),
            None => (&[], &empty),
        };
        let tag_width = |s: &Span| app.desk.tag_text(app.current, s).width() as u16;
        let view = SpanView {
            spans,
            index,
            tag_width: &tag_width,
        };
        wrap_block(text, &self.text, block, width, &view)
    }

    /// Block `block` at the current width, remembered for next time.
    pub fn wrapped(&mut self, block: usize, app: &Shared) -> Rc<Wrapped> {
        let key = self.layout_key(app.text_width(), app);
        self.layout.prepare(key);
        if let Some(w) = self.layout.get(key, block) {
            return w;
        }
        let w = Rc::new(self.wrap_now(block, key.1, app));
        self.layout.insert(block, Rc::clone(&w));
        w
    }

    /// Block `block` at `width` for drawing: from the cache when it fits, else made anew.
    pub fn wrapped_at(&self, block: usize, width: u16, app: &Shared) -> Rc<Wrapped> {
        let key = self.layout_key(width, app);
        self.layout
            .get(key, block)
            .unwrap_or_else(|| Rc::new(self.wrap_now(block, width, app)))
    }

    /// The first row on screen, valid for the current layout (a resize or an edit may
    /// have left fewer rows in its block than when it was set).
    fn top_pos(&mut self, app: &Shared) -> RowPos {
        let block = self.top.0.min(self.text.blocks().saturating_sub(1));
        let rows = self.wrapped(block, app).rows.len();
        (block, self.top.1.min(rows.saturating_sub(1)))
    }

    /// Lays out every row on screen now, so drawing finds them all in the cache.
    pub fn warm_view(&mut self, app: &Shared) {
        if self.text.is_empty() {
            return;
        }
        let blocks = self.text.blocks();
        let mut pos = self.top_pos(app);
        for _ in 1..app.text_height() {
            match row_down(&mut |b| self.wrapped(b, app), blocks, pos) {
                Some(p) => pos = p,
                None => break,
            }
        }
    }
}
/// Whether `cp` is inside one of `matches` (sorted, not overlapping).
fn in_match(matches: &[std::ops::Range<usize>], cp: usize) -> bool {
    let i = matches.partition_point(|m| m.end <= cp);
    matches.get(i).is_some_and(|m| m.start <= cp)
}

fn color_of(app: &Shared, span: &Span) -> ratatui::style::Color {
    let i = app
        .desk
        .label_index(&span.label)
        .unwrap_or(app.desk.labels.labels.len());
    label_color(app.desk.labels.color(i), i)
}

/// Writes one piece at column `x` of row `y`, clipped to `area`. A piece that hangs past
/// the edge (a space, the cursor on a newline) is drawn in the last column; a tag is
/// written cell by cell.
#[derive(PartialEq)]
enum Put {
    Whole,
    Split,
    Cursor,
}

fn put(
    buf: &mut Buffer,
    area: Rect,
    (x, y): (u16, u16),
    width: u16,
    symbol: &str,
    style: Style,
    how: Put,
) {
    if how == Put::Split {
        let mut cx = x;
        for ch in symbol.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) as u16;
            if w == 0 || cx + w > area.width {
                break;
            }
            set(buf, area.x + cx, y, &ch.to_string(), w, style);
            cx += w;
        }
        return;
    }
    if x + width <= area.width {
        set(buf, area.x + x, y, symbol, width, style);
    } else if how == Put::Cursor {
        // the cursor on a hanging space or newline still shows, in the last column
        let last = area.x + area.width - 1;
        if let Some(cell) = buf.cell_mut((last, y)) {
            cell.set_style(style);
        }
    }
}

fn set(buf: &mut Buffer, x: u16, y: u16, symbol: &str, width: u16, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(symbol).set_style(style);
    }
    for dx in 1..width {
        if let Some(cell) = buf.cell_mut((x + dx, y)) {
            cell.reset();
        }
    }
}
