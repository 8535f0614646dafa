//! The article text laid out in rows by display width, one block (a paragraph, or a piece
//! of a very long one) at a time, so that only what is on screen is ever wrapped.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

use super::spans::SpanIndex;
use crate::annotation::{Span, SpanState};
use crate::text::{CharIndex, visible_char};

/// A paragraph longer than this is split into blocks at a space, to bound wrapping work.
const BLOCK_CHARS: usize = 2048;
/// A grapheme is drawn with at most this many code points (a wall of combining marks
/// would otherwise cost kilobytes per frame).
const MAX_GRAPHEME_CHARS: usize = 8;

/// An article's text split into blocks: each ends after a newline or, in a very long
/// paragraph, after a space.
#[derive(Debug, Clone)]
pub struct ArticleText {
    pub index: CharIndex,
    /// (code point, byte) where each block starts; the first is (0, 0).
    starts: Vec<(usize, usize)>,
    len: usize,
    bytes: usize,
}

impl ArticleText {
    pub fn new(text: &str) -> ArticleText {
        let index = CharIndex::new(text);
        let mut starts = Vec::with_capacity(text.len() / 512 + 1);
        if !text.is_empty() {
            starts.push((0, 0));
        }
        let mut block_start = 0;
        for (cp, (b, c)) in text.char_indices().enumerate() {
            let next = b + c.len_utf8();
            let split = c == '\n'
                || (cp + 1 - block_start >= BLOCK_CHARS
                    && c.is_whitespace()
                    && next < text.len()
                    && GraphemeCursor::new(next, text.len(), true)
                        .is_boundary(text, 0)
                        .unwrap_or(false));
            if split && next < text.len() {
                starts.push((cp + 1, next));
                block_start = cp + 1;
            }
        }
        ArticleText {
            len: index.char_count(),
            index,
            starts,
            bytes: text.len(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn blocks(&self) -> usize {
        self.starts.len()
    }

    /// The block holding code point `cp` (the last block for the end of the text).
    pub fn block_of(&self, cp: usize) -> usize {
        self.starts
            .partition_point(|&(s, _)| s <= cp)
            .saturating_sub(1)
    }

    /// Code point range and byte range of block `i`.
    pub fn block(&self, i: usize) -> ((usize, usize), (usize, usize)) {
        let (s, sb) = self.starts[i];
        let (e, eb) = self
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or((self.len, self.bytes));
        ((s, e), (sb, eb))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// A grapheme cluster of the text at code point `cp`, `cps` long, `bytes` at `byte`.
    Text {
        cp: usize,
        cps: u32,
        byte: usize,
        bytes: u32,
    },
    /// `[` before span `span` (an index into the document's spans).
    Open { span: u32 },
    /// `]` after it.
    Close { span: u32 },
    /// Its label tag after the `]`.
    Tag { span: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub x: u16,
    pub width: u16,
    pub kind: PieceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index of the row's first piece.
    pub first: usize,
    /// First code point shown on this row.
    pub start: usize,
}

/// One block laid out at one width.
#[derive(Debug, Clone)]
pub struct Wrapped {
    pub start: usize,
    pub end: usize,
    pub pieces: Vec<Piece>,
    pub rows: Vec<Row>,
}

impl Wrapped {
    pub fn row_pieces(&self, row: usize) -> &[Piece] {
        let a = self.rows[row].first;
        let b = self
            .rows
            .get(row + 1)
            .map_or(self.pieces.len(), |r| r.first);
        &self.pieces[a..b]
    }

    /// The row that shows code point `cp`.
    pub fn row_of(&self, cp: usize) -> usize {
        self.rows
            .partition_point(|r| r.start <= cp)
            .saturating_sub(1)
    }

    /// Column of the grapheme at `cp` on its row.
    pub fn x_of(&self, cp: usize) -> u16 {
        let row = self.row_of(cp);
        self.row_pieces(row)
            .iter()
            .find_map(|p| match p.kind {
                PieceKind::Text { cp: c, cps, .. } if c <= cp && cp < c + cps as usize => Some(p.x),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// The grapheme of `row` under column `x`, or the nearest one before it.
    pub fn cp_at(&self, row: usize, x: u16) -> usize {
        let mut best = self.rows[row].start;
        for p in self.row_pieces(row) {
            if let PieceKind::Text { cp, .. } = p.kind {
                if p.x > x {
                    break;
                }
                best = cp;
            }
        }
        best
    }
}

/// What a grapheme looks like on screen: hostile characters made visible, newline as a
/// blank cell, a lone combining mark on a dotted circle, never wider than it can be drawn.
pub fn display_grapheme(g: &str) -> Cow<'_, str> {
    if g == "\n" {
        return Cow::Borrowed(" ");
    }
    let safe =
        g.chars().all(|c| visible_char(c).is_none()) && g.chars().nth(MAX_GRAPHEME_CHARS).is_none();
    let mut shown: Cow<str> = if safe {
        Cow::Borrowed(g)
    } else {
        Cow::Owned(
            g.chars()
                .take(MAX_GRAPHEME_CHARS)
                .map(|c| visible_char(c).unwrap_or(c))
                .collect(),
        )
    };
    if shown.width() == 0 {
        shown = Cow::Owned(format!("◌{shown}"));
    }
    shown
}

fn is_break_space(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
}

/// What a layout needs to know about the spans: the live ones and their tag widths.
pub struct SpanView<'a> {
    pub spans: &'a [Span],
    pub index: &'a SpanIndex,
    /// Display width of the tag drawn after span i.
    pub tag_width: &'a dyn Fn(&Span) -> u16,
}

/// Lays out block `i` of `text` in rows of `width` columns. Breaks go after spaces;
/// a word longer than the row is cut at grapheme boundaries; spaces that overflow hang.
pub fn wrap_block(text: &str, at: &ArticleText, i: usize, width: u16, spans: &SpanView) -> Wrapped {
    let width = width.max(1);
    let ((start, end), (sb, eb)) = at.block(i);
    let events = span_events(spans, start, end);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut ev = events.iter().peekable();
    let mut cp = start;
    let push_events =
        |upto: usize,
         pieces: &mut Vec<Piece>,
         ev: &mut std::iter::Peekable<std::slice::Iter<(usize, u8, PieceKind, u16)>>| {
            while let Some(&&(pos, _, kind, w)) = ev.peek() {
                if pos > upto {
                    break;
                }
                pieces.push(Piece {
                    x: 0,
                    width: w,
                    kind,
                });
                ev.next();
            }
        };
    for (off, g) in text[sb..eb].grapheme_indices(true) {
        push_events(cp, &mut pieces, &mut ev);
        let cps = g.chars().count();
        pieces.push(Piece {
            x: 0,
            width: display_grapheme(g).width().max(1).min(u16::MAX as usize) as u16,
            kind: PieceKind::Text {
                cp,
                cps: cps as u32,
                byte: sb + off,
                bytes: g.len() as u32,
            },
        });
        cp += cps;
    }
    push_events(end, &mut pieces, &mut ev);
    let rows = flow(text, &mut pieces, width, start);
    Wrapped {
        start,
        end,
        pieces,
        rows,
    }
}

/// Opening and closing marks of the live spans that start or end in `[start, end]`, in
/// drawing order: at one position, closes (innermost first) before opens (outermost first).
fn span_events(view: &SpanView, start: usize, end: usize) -> Vec<(usize, u8, PieceKind, u16)> {
    let mut events = Vec::new();
    for i in view.index.candidates(view.spans, start, end) {
        let s = &view.spans[i];
        if s.state == SpanState::Rejected {
            continue;
        }
        let span = i as u32;
        if s.start >= start && s.start < end {
            events.push((s.start, 1, usize::MAX - s.end, PieceKind::Open { span }, 1));
        }
        if s.end > start && s.end <= end {
            let tw = (view.tag_width)(s);
            events.push((s.end, 0, usize::MAX - s.start, PieceKind::Close { span }, 1));
            events.push((s.end, 0, usize::MAX - s.start, PieceKind::Tag { span }, tw));
        }
    }
    // stable: a span's close stays before its tag
    events.sort_by_key(|e| (e.0, e.1, e.2));
    events
        .into_iter()
        .map(|(pos, order, _, kind, w)| (pos, order, kind, w))
        .collect()
}

/// Assigns each piece a column and splits the pieces into rows.
fn flow(text: &str, pieces: &mut [Piece], width: u16, block_start: usize) -> Vec<Row> {
    let mut rows = vec![0usize];
    let mut x: u32 = 0;
    let mut last_break: Option<usize> = None;
    let w = width as u32;
    for i in 0..pieces.len() {
        let row_first = *rows.last().unwrap_or(&0);
        let space = match pieces[i].kind {
            PieceKind::Text { byte, bytes, .. } => {
                is_break_space(&text[byte..byte + bytes as usize])
            }
            _ => false,
        };
        if x + pieces[i].width as u32 > w && !space && i > row_first {
            let cut = last_break.filter(|&b| b > row_first && b <= i).unwrap_or(i);
            rows.push(cut);
            x = 0;
            for p in pieces[cut..i].iter_mut() {
                p.x = x.min(u16::MAX as u32) as u16;
                x += p.width as u32;
            }
            last_break = None;
        }
        pieces[i].x = x.min(u16::MAX as u32) as u16;
        x += pieces[i].width as u32;
        if space {
            last_break = Some(i + 1);
        }
    }
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for (n, &first) in rows.iter().enumerate() {
        let next = rows.get(n + 1).copied().unwrap_or(pieces.len());
        let start = pieces[first..next]
            .iter()
            .chain(pieces[next..].iter())
            .find_map(|p| match p.kind {
                PieceKind::Text { cp, .. } => Some(cp),
                _ => None,
            })
            .unwrap_or(block_start);
        out.push(Row { first, start });
    }
    out
}

/// Wrapped blocks of the open article, valid for one (article, width, spans version).
#[derive(Debug, Default, Clone)]
pub struct LayoutCache {
    key: (usize, u16, u64),
    blocks: HashMap<usize, Rc<Wrapped>>,
}

/// Blocks kept before the cache starts over (long scrolls through huge articles).
const CACHE_BLOCKS: usize = 4096;

impl LayoutCache {
    pub fn key(&self) -> (usize, u16, u64) {
        self.key
    }

    /// Forgets everything unless `key` is what the cache holds.
    pub fn prepare(&mut self, key: (usize, u16, u64)) {
        if self.key != key || self.blocks.len() > CACHE_BLOCKS {
            self.key = key;
            self.blocks.clear();
        }
    }

    pub fn get(&self, key: (usize, u16, u64), block: usize) -> Option<Rc<Wrapped>> {
        if self.key == key {
            self.blocks.get(&block).cloned()
        } else {
            None
        }
    }

    pub fn insert(&mut self, block: usize, wrapped: Rc<Wrapped>) {
        self.blocks.insert(block, wrapped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Origin;

    fn lay(text: &str, width: u16, spans: &[Span]) -> Vec<String> {
        let at = ArticleText::new(text);
        let index = SpanIndex::new(spans);
        let view = SpanView {
            spans,
            index: &index,
            tag_width: &|s| s.label.len() as u16,
        };
        let mut out = Vec::new();
        for b in 0..at.blocks() {
            let w = wrap_block(text, &at, b, width, &view);
            for r in 0..w.rows.len() {
                let mut line = String::new();
                for p in w.row_pieces(r) {
                    while line.width() < p.x as usize {
                        line.push('.');
                    }
                    match p.kind {
                        PieceKind::Text { byte, bytes, .. } => {
                            line.push_str(&display_grapheme(&text[byte..byte + bytes as usize]))
                        }
                        PieceKind::Open { .. } => line.push('['),
                        PieceKind::Close { .. } => line.push(']'),
                        PieceKind::Tag { span } => line.push_str(&spans[span as usize].label),
                    }
                }
                out.push(line.trim_end().to_string());
            }
        }
        out
    }

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(
            lay("Атырау облысы әкімі", 10, &[]),
            ["Атырау", "облысы", "әкімі"]
        );
        // CJK is two columns wide: four of them fill eight columns
        assert_eq!(lay("中文中文中 x", 8, &[]), ["中文中文", "中 x"]);
        assert_eq!(lay("ab\n\ncd", 10, &[]), ["ab", "", "cd"]);
        // escape sequences are shown, not sent
        assert_eq!(lay("a\u{1b}[2Jb", 10, &[]), ["a␛[2Jb"]);
        // a lone combining mark gets a dotted circle so the cursor has a cell
        assert_eq!(lay("\u{301}x", 10, &[]), ["◌\u{301}x"]);
    }

    #[test]
    fn spans_get_brackets_and_tags_that_stay_with_their_word() {
        let text = "Атырау облысы әкімі";
        let cut = |s, e, l| Span::cut(text, s, e, l, Origin::Manual, "me").unwrap();
        let spans = vec![cut(0, 13, "LOC"), cut(7, 13, "X")];
        assert_eq!(lay(text, 40, &spans), ["[Атырау [облысы]X]LOC әкімі"]);
        assert_eq!(lay(text, 13, &spans), ["[Атырау", "[облысы]X]LOC", "әкімі"]);
    }

    #[test]
    fn long_paragraphs_are_split_into_blocks_at_spaces() {
        let text = "сөз ".repeat(2000);
        let at = ArticleText::new(&text);
        assert!(at.blocks() > 2);
        let ((s, e), _) = at.block(1);
        assert_eq!(&text.chars().skip(s - 1).take(1).collect::<String>(), " ");
        assert_eq!(at.block_of(s), 1);
        assert_eq!(at.block_of(e - 1), 1);
    }
}
