//! Moving the cursor and the view in the open article, and the mouse.

use std::rc::Rc;

use super::app::App;
use super::screen::{Focus, areas, inner};
use super::textnav::Nav;
use super::wrap::Wrapped;
use crate::action::Action;

/// A visual row: (block, row within the block).
pub type RowPos = (usize, usize);

/// Rows kept between the cursor and the top or bottom edge when scrolling.
const SCROLL_OFF: usize = 2;

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

impl App {
    pub(crate) fn nav(&self) -> Option<Nav<'_>> {
        let r = self.reader.as_ref()?;
        Some(Nav::new(
            &self.corpus.articles[r.article].text,
            &r.text.index,
        ))
    }

    pub(crate) fn update_text(&mut self, action: Action) {
        use Action::*;
        match action {
            Left | Right | WordNext | WordPrev | WordEnd | LineStart | LineEnd | Top | Bottom => {
                self.horizontal(action)
            }
            Up => self.vertical(-1),
            Down => self.vertical(1),
            PageUp => self.vertical(-(self.text_height() as isize - 2).max(1)),
            PageDown => self.vertical((self.text_height() as isize - 2).max(1)),
            NextArticle => self.step_article(1),
            PrevArticle => self.step_article(-1),
            Select => {
                if let Some(r) = self.reader.as_mut() {
                    r.anchor = match r.anchor {
                        Some(_) => None,
                        None => Some(r.cursor),
                    };
                }
            }
            Back => match self.reader.as_mut() {
                Some(r) if r.anchor.is_some() => r.anchor = None,
                Some(r) if !r.matches.is_empty() => {
                    r.matches.clear();
                    self.say("search highlights cleared");
                }
                _ => self.focus = Focus::List,
            },
            Open | Search | Help | Quit | Suspend | SwitchPane | Unbind => {}
            _ => self.update_edit(action),
        }
    }

    fn horizontal(&mut self, action: Action) {
        use Action::*;
        let Some(nav) = self.nav() else { return };
        let Some(cursor) = self.reader.as_ref().map(|r| r.cursor) else {
            return;
        };
        if nav.is_empty() {
            return;
        }
        let to = match action {
            Left => nav.prev(cursor),
            Right => nav.next(cursor).min(nav.last()),
            WordNext => nav.word_next(cursor),
            WordPrev => nav.word_prev(cursor),
            WordEnd => nav.word_end(cursor),
            LineStart => nav.line_start(cursor),
            LineEnd => nav.line_end(cursor),
            Top => 0,
            _ => nav.last(),
        };
        self.move_to(to);
    }

    /// Puts the cursor on the grapheme at `cp`; the column `j`/`k` keep is forgotten.
    pub(crate) fn move_to(&mut self, cp: usize) {
        let snapped = self.nav().map_or(0, |n| n.snap(cp));
        if let Some(r) = self.reader.as_mut() {
            r.cursor = snapped;
            r.want_x = None;
        }
    }

    pub(crate) fn row_of_cursor(&mut self) -> Option<(RowPos, u16)> {
        let r = self.reader.as_ref()?;
        if r.text.is_empty() {
            return None;
        }
        let (cursor, block) = (r.cursor, r.text.block_of(r.cursor));
        let w = self.wrapped(block);
        Some(((block, w.row_of(cursor)), w.x_of(cursor)))
    }

    /// Moves `n` visual rows down (up when negative), keeping the column.
    fn vertical(&mut self, n: isize) {
        let Some((mut pos, x)) = self.row_of_cursor() else {
            return;
        };
        let x = self.reader.as_ref().and_then(|r| r.want_x).unwrap_or(x);
        let blocks = self.reader.as_ref().map_or(0, |r| r.text.blocks());
        for _ in 0..n.unsigned_abs() {
            let mut get = |b| self.wrapped(b);
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
        let cp = self.wrapped(pos.0).cp_at(pos.1, x);
        if let Some(r) = self.reader.as_mut() {
            r.cursor = cp;
            r.want_x = Some(x);
        }
    }

    fn step_article(&mut self, by: isize) {
        let visible = self.visible();
        let Some(at) = visible.iter().position(|&i| i == self.current) else {
            if let Some(&first) = visible.first() {
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
        self.open_article(visible[to as usize]);
    }

    /// Scrolls the text so the cursor's row is on screen, `SCROLL_OFF` rows from the edges.
    pub(crate) fn scroll_to_cursor(&mut self) {
        let Some((cur, _)) = self.row_of_cursor() else {
            return;
        };
        let h = self.text_height() as usize;
        let off = SCROLL_OFF.min(h.saturating_sub(1) / 2);
        let top = self.top_pos();
        let blocks = self.reader.as_ref().map_or(0, |r| r.text.blocks());
        // how many rows below the top the cursor is, if it is within a screen of it
        let mut distance = None;
        if cur >= top {
            let mut pos = top;
            for d in 0..h {
                if pos == cur {
                    distance = Some(d);
                    break;
                }
                match row_down(&mut |b| self.wrapped(b), blocks, pos) {
                    Some(p) => pos = p,
                    None => break,
                }
            }
        }
        let new_top = if cur < top {
            self.rows_above(cur, off)
        } else {
            match distance {
                Some(d) if d < off => self.rows_above(cur, off),
                Some(d) if d + off < h => return,
                _ => self.rows_above(cur, h - 1 - off),
            }
        };
        if let Some(r) = self.reader.as_mut() {
            r.top = new_top;
        }
    }

    fn rows_above(&mut self, mut pos: RowPos, n: usize) -> RowPos {
        for _ in 0..n {
            match row_up(&mut |b| self.wrapped(b), pos) {
                Some(p) => pos = p,
                None => break,
            }
        }
        pos
    }

    /// The code point shown at screen cell (col, row) of the text pane, if any.
    pub fn text_at(&mut self, col: u16, row: u16) -> Option<usize> {
        let area = inner(areas(self.size, self.focus)?.text?);
        if !area.contains((col, row).into()) {
            return None;
        }
        let r = self.reader.as_ref()?;
        if r.text.is_empty() {
            return None;
        }
        let blocks = r.text.blocks();
        let mut pos = self.top_pos();
        for _ in 0..(row - area.y) {
            pos = row_down(&mut |b| self.wrapped(b), blocks, pos)?;
        }
        Some(self.wrapped(pos.0).cp_at(pos.1, col - area.x))
    }

    pub(crate) fn click(&mut self, col: u16, row: u16, drag: bool) {
        let Some(a) = areas(self.size, self.focus) else {
            return;
        };
        if let Some(list) = a.list.filter(|l| l.contains((col, row).into()) && !drag) {
            let visible = self.visible();
            let i = self.list_position_at(row.saturating_sub(list.y + 1) as usize);
            if let (true, Some(&article)) = (row > list.y, visible.get(i)) {
                self.open_article(article);
            }
            self.focus = Focus::List;
            return;
        }
        let Some(cp) = self.text_at(col, row) else {
            return;
        };
        self.focus = Focus::Text;
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if drag {
            if r.anchor.is_none() {
                r.anchor = Some(r.cursor);
            }
        } else {
            r.anchor = None;
        }
        r.cursor = cp;
        r.want_x = None;
    }

    pub(crate) fn wheel(&mut self, col: u16, row: u16, down: bool) {
        let Some(a) = areas(self.size, self.focus) else {
            return;
        };
        let step = if down { 3 } else { -3 };
        if a.list.is_some_and(|l| l.contains((col, row).into())) {
            let focus = self.focus;
            self.focus = Focus::List;
            for _ in 0..3 {
                self.update_list(if down { Action::Down } else { Action::Up });
            }
            self.focus = focus;
        } else if a.text.is_some_and(|t| t.contains((col, row).into())) {
            self.vertical(step);
        }
    }
}
