//! The open article laid out at the text pane's width: blocks wrapped on demand and kept
//! in the layout cache, so drawing finds every row on screen already made.

use std::rc::Rc;

use super::app::App;
use super::spans::SpanIndex;
use super::wrap::{SpanView, Wrapped, wrap_block};
use crate::annotation::Span;
use unicode_width::UnicodeWidthStr;

impl App {
    fn layout_key(&self, width: u16) -> (usize, u16, u64) {
        let article = self.reader.as_ref().map_or(usize::MAX, |r| r.article);
        let version = self.slot(article).map_or(0, |s| s.version);
        (article, width, version)
    }

    fn wrap_now(&self, block: usize, width: u16) -> Wrapped {
        let reader = self
            .reader
            .as_ref()
            .expect("a layout needs an open article");
        let text = &self.corpus.articles[reader.article].text;
        let empty = SpanIndex::default();
        let (spans, index): (&[Span], &SpanIndex) = match self.slot(reader.article) {
            Some(s) => (&s.doc.spans, &s.index),
            None => (&[], &empty),
        };
        let tag_width = |s: &Span| self.tag_text(s).width() as u16;
        let view = SpanView {
            spans,
            index,
            tag_width: &tag_width,
        };
        wrap_block(text, &reader.text, block, width, &view)
    }

    /// Block `block` of the open article at the current width, remembered for next time.
    pub(crate) fn wrapped(&mut self, block: usize) -> Rc<Wrapped> {
        let key = self.layout_key(self.text_width());
        self.layout.prepare(key);
        if let Some(w) = self.layout.get(key, block) {
            return w;
        }
        let w = Rc::new(self.wrap_now(block, key.1));
        self.layout.insert(block, Rc::clone(&w));
        w
    }

    /// Block `block` at `width` for drawing: from the cache when it fits, else made anew.
    pub fn wrapped_at(&self, block: usize, width: u16) -> Rc<Wrapped> {
        let key = self.layout_key(width);
        self.layout
            .get(key, block)
            .unwrap_or_else(|| Rc::new(self.wrap_now(block, width)))
    }

    /// The first row on screen, valid for the current layout (a resize or an edit may
    /// have left fewer rows in its block than when it was set).
    pub(crate) fn top_pos(&mut self) -> (usize, usize) {
        let Some(r) = self.reader.as_ref() else {
            return (0, 0);
        };
        let block = r.top.0.min(r.text.blocks().saturating_sub(1));
        let row = r.top.1;
        let rows = self.wrapped(block).rows.len();
        (block, row.min(rows.saturating_sub(1)))
    }

    /// Lays out every row on screen now, so drawing finds them all in the cache.
    pub(crate) fn warm_view(&mut self) {
        let Some(r) = self.reader.as_ref() else {
            return;
        };
        if r.text.is_empty() {
            return;
        }
        let blocks = r.text.blocks();
        let mut pos = self.top_pos();
        for _ in 1..self.text_height() {
            match super::motion::row_down(&mut |b| self.wrapped(b), blocks, pos) {
                Some(p) => pos = p,
                None => break,
            }
        }
    }
}
