//! Moving through article text: by grapheme cluster, word and line, and the word edges a
//! span can be moved to (no terminal: the text view and the desk both use it). Positions are code
//! points; a position is always the start of a grapheme cluster.

use unicode_segmentation::GraphemeCursor;

use crate::text::CharIndex;

/// An article text with its code point index.
pub struct Nav<'a> {
    pub text: &'a str,
    pub index: &'a CharIndex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Word,
    Punct,
    Space,
    Newline,
}

fn class_of(c: char) -> Class {
    match c {
        '\n' => Class::Newline,
        c if c.is_whitespace() => Class::Space,
        c if c.is_alphanumeric() || c == '_' => Class::Word,
        // a combining mark with no base still belongs to the word around it
        c if unicode_width::UnicodeWidthChar::width(c) == Some(0) && !c.is_control() => Class::Word,
        _ => Class::Punct,
    }
}

impl<'a> Nav<'a> {
    pub fn new(text: &'a str, index: &'a CharIndex) -> Self {
        Nav { text, index }
    }

    pub fn len(&self) -> usize {
        self.index.char_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn byte(&self, cp: usize) -> usize {
        self.index
            .byte(self.text, cp.min(self.len()))
            .unwrap_or(self.text.len())
    }

    fn cp(&self, byte: usize) -> usize {
        self.index.char_at_byte(self.text, byte)
    }

    /// Start of the grapheme after the one at `cp` (the text length at the end).
    pub fn next(&self, cp: usize) -> usize {
        if cp >= self.len() {
            return self.len();
        }
        let b = self.byte(cp);
        let mut cursor = GraphemeCursor::new(b, self.text.len(), true);
        match cursor.next_boundary(self.text, 0) {
            Ok(Some(n)) => self.cp(n),
            _ => self.len(),
        }
    }

    /// Start of the grapheme before `cp` (0 at the start).
    pub fn prev(&self, cp: usize) -> usize {
        if cp == 0 {
            return 0;
        }
        let b = self.byte(cp.min(self.len()));
        let mut cursor = GraphemeCursor::new(b, self.text.len(), true);
        match cursor.prev_boundary(self.text, 0) {
            Ok(Some(p)) => self.cp(p),
            _ => 0,
        }
    }

    /// The start of the grapheme that contains `cp`.
    pub fn snap(&self, cp: usize) -> usize {
        if cp >= self.len() {
            return self.last();
        }
        let b = self.byte(cp);
        let mut cursor = GraphemeCursor::new(b, self.text.len(), true);
        if cursor.is_boundary(self.text, 0).unwrap_or(true) {
            cp
        } else {
            self.prev(cp)
        }
    }

    /// The last place the cursor can be: the start of the last grapheme.
    pub fn last(&self) -> usize {
        self.prev(self.len())
    }

    pub fn class(&self, cp: usize) -> Class {
        let b = self.byte(cp);
        match self.text[b..]
            .chars()
            .next()
            .map_or(Class::Newline, class_of)
        {
            Class::Punct if self.is_number_separator(cp) => Class::Word,
            class => class,
        }
    }

    /// Where the run of one class containing `cp` starts and ends (digits joined by `.`
    /// or `,` count as one word, so `2,1` is one).
    pub fn run(&self, cp: usize) -> (usize, usize) {
        let class = self.class(cp);
        let mut start = cp;
        while start > 0 {
            let p = self.prev(start);
            if !self.same_run(class, p) {
                break;
            }
            start = p;
        }
        let mut end = self.next(cp);
        while end < self.len() && self.same_run(class, end) {
            end = self.next(end);
        }
        (start, end)
    }

    fn same_run(&self, class: Class, cp: usize) -> bool {
        class != Class::Newline && self.class(cp) == class
    }

    fn is_number_separator(&self, cp: usize) -> bool {
        let b = self.byte(cp);
        let here = self.text[b..].chars().next();
        if !matches!(here, Some('.' | ',')) || cp == 0 {
            return false;
        }
        let before = self.text[..b].chars().next_back();
        let after = self.text[b + 1..].chars().next();
        before.is_some_and(|c| c.is_numeric()) && after.is_some_and(|c| c.is_numeric())
    }

    /// vim `w`: the start of the next word or punctuation run.
    pub fn word_next(&self, cp: usize) -> usize {
        if self.is_empty() {
            return 0;
        }
        let mut pos = match self.class(cp) {
            Class::Space | Class::Newline => cp,
            _ => self.run(cp).1,
        };
        while pos < self.len() && matches!(self.class(pos), Class::Space | Class::Newline) {
            pos = self.next(pos);
        }
        pos.min(self.last())
    }

    /// vim `e`: the last grapheme of this or the next word.
    pub fn word_end(&self, cp: usize) -> usize {
        let mut pos = self.next(cp);
        while pos < self.len() && matches!(self.class(pos), Class::Space | Class::Newline) {
            pos = self.next(pos);
        }
        if pos >= self.len() {
            return self.last();
        }
        self.prev(self.run(pos).1)
    }

    /// vim `b`: the start of this or the previous word.
    pub fn word_prev(&self, cp: usize) -> usize {
        let mut pos = self.prev(cp);
        while pos > 0 && matches!(self.class(pos), Class::Space | Class::Newline) {
            pos = self.prev(pos);
        }
        if matches!(self.class(pos), Class::Space | Class::Newline) {
            return pos;
        }
        self.run(pos).0
    }

    /// emacs `M-f`: just past the end of this or the next word (punctuation and spaces
    /// are skipped), so a region from a word's start to here is that word.
    pub fn forward_word(&self, cp: usize) -> usize {
        let mut pos = cp;
        while pos < self.len() && self.class(pos) != Class::Word {
            pos = self.next(pos);
        }
        if pos >= self.len() {
            return self.len();
        }
        self.run(pos).1
    }

    /// emacs `M-b`: the start of this or the previous word (punctuation and spaces are
    /// skipped).
    pub fn backward_word(&self, cp: usize) -> usize {
        let mut pos = cp.min(self.len());
        while pos > 0 {
            let p = self.prev(pos);
            if self.class(p) == Class::Word {
                return self.run(p).0;
            }
            pos = p;
        }
        0
    }

    /// The word under `cp`, else the next word on the same line: what one digit tags.
    pub fn word_at(&self, cp: usize) -> Option<(usize, usize)> {
        let mut pos = cp;
        while pos < self.len() {
            match self.class(pos) {
                Class::Word => return Some(self.run(pos)),
                Class::Newline => return None,
                _ => pos = self.next(pos),
            }
        }
        None
    }

    pub fn line_start(&self, cp: usize) -> usize {
        let b = self.byte(cp);
        match self.text[..b].rfind('\n') {
            Some(nl) => self.cp(nl + 1),
            None => 0,
        }
    }

    /// The last grapheme before the line's newline (the line start on an empty line).
    pub fn line_end(&self, cp: usize) -> usize {
        let b = self.byte(cp);
        let end = match self.text[b..].find('\n') {
            Some(nl) => self.cp(b + nl),
            None => self.len(),
        };
        let start = self.line_start(cp);
        if end <= start { start } else { self.prev(end) }
    }

    /// `[start, end)` with whitespace trimmed from both ends (None if nothing is left).
    pub fn trim(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let mut a = start;
        while a < end && matches!(self.class(a), Class::Space | Class::Newline) {
            a = self.next(a);
        }
        let mut b = end;
        while b > a {
            let p = self.prev(b);
            if !matches!(self.class(p), Class::Space | Class::Newline) {
                break;
            }
            b = p;
        }
        (a < b).then_some((a, b))
    }
}

/// The places a span's edges move to, one word at a time (`}` `{` `(` `)` in the text
/// view): an end falls after a word or a punctuation mark not glued to a word after it,
/// a start on a word or a punctuation mark not glued to a word before it. So
/// `ақпараттық-насихаттық` is one step (its hyphen goes with the word it leads to), a
/// quote or bracket beside a space is a step of its own, a word is never split, and a
/// span never grows across a line break.
impl Nav<'_> {
    fn is_space(&self, cp: usize) -> bool {
        matches!(self.class(cp), Class::Space | Class::Newline)
    }

    /// Whether a span may end at `cp`.
    pub fn is_span_end(&self, cp: usize) -> bool {
        if cp == 0 || cp > self.len() || self.is_space(self.prev(cp)) {
            return false;
        }
        cp == self.len() || self.class(cp) != Class::Word
    }

    /// Whether a span may start at `cp`.
    pub fn is_span_start(&self, cp: usize) -> bool {
        if cp >= self.len() || self.is_space(cp) {
            return false;
        }
        cp == 0 || self.class(self.prev(cp)) != Class::Word
    }

    /// The end one word after `end`, on the same line.
    pub fn end_after(&self, end: usize) -> Option<usize> {
        let mut at = end;
        while at < self.len() && self.class(at) != Class::Newline {
            at = self.next(at);
            if self.is_span_end(at) {
                return Some(at);
            }
        }
        None
    }

    /// The end one word before `end`, past `start` (none: the span would be empty).
    pub fn end_before(&self, start: usize, end: usize) -> Option<usize> {
        let mut at = self.prev(end.min(self.len()));
        while at > start {
            if self.is_span_end(at) {
                return Some(at);
            }
            at = self.prev(at);
        }
        None
    }

    /// The start one word before `start`, on the same line.
    pub fn start_before(&self, start: usize) -> Option<usize> {
        let mut at = start.min(self.len());
        while at > 0 {
            at = self.prev(at);
            if self.class(at) == Class::Newline {
                return None;
            }
            if self.is_span_start(at) {
                return Some(at);
            }
        }
        None
    }

    /// The start one word after `start`, before `end` (none: the span would be empty).
    pub fn start_after(&self, start: usize, end: usize) -> Option<usize> {
        let mut at = self.next(start);
        while at < end.min(self.len()) {
            if self.is_span_start(at) {
                return Some(at);
            }
            at = self.next(at);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav_check(text: &str, f: impl Fn(&Nav)) {
        let index = CharIndex::new(text);
        f(&Nav::new(text, &index));
    }

    #[test]
    fn graphemes_with_combining_marks_and_emoji_are_one_step() {
        // е + combining acute, a flag, a family emoji joined by ZWJ
        let text = "е\u{301}x🇰🇿y👨\u{200d}👩\u{200d}👧z";
        nav_check(text, |n| {
            assert_eq!(n.next(0), 2);
            assert_eq!(n.next(2), 3);
            assert_eq!(n.next(3), 5);
            assert_eq!(n.next(6), 11);
            assert_eq!(n.prev(11), 6);
            assert_eq!(n.prev(2), 0);
            assert_eq!(n.snap(1), 0);
            assert_eq!(n.snap(8), 6);
            assert_eq!(n.last(), 11);
        });
    }

    #[test]
    fn words_numbers_and_lines() {
        let text = "«Атырау облысы» 2,1% өсті.\nЕкінші жол";
        nav_check(text, |n| {
            assert_eq!(n.word_at(0), Some((1, 7)));
            assert_eq!(n.word_next(0), 1);
            assert_eq!(n.word_next(1), 8);
            assert_eq!(n.word_next(8), 14);
            assert_eq!(n.word_end(1), 6);
            assert_eq!(n.word_at(16), Some((16, 19)));
            assert_eq!(n.word_prev(16), 14);
            assert_eq!(n.line_end(3), 25);
            assert_eq!(n.line_start(30), 27);
            assert_eq!(n.word_at(26), None);
            assert_eq!(n.trim(7, 14), Some((8, 14)));
        });
    }

    #[test]
    fn emacs_words_end_past_the_word_and_start_at_it() {
        let text = "«Атырау облысы» 2,1% өсті.\nЕкінші";
        nav_check(text, |n| {
            assert_eq!(n.forward_word(0), 7, "from «, past Атырау");
            assert_eq!(n.forward_word(1), 7);
            assert_eq!(n.forward_word(3), 7, "from inside: to the end of this word");
            assert_eq!(n.forward_word(7), 14, "from the space: past облысы");
            assert_eq!(n.forward_word(14), 19, "» skipped, 2,1 is one word");
            assert_eq!(n.forward_word(25), 33, "across the line");
            assert_eq!(n.forward_word(33), 33, "at the end it stays");
            assert_eq!(n.backward_word(7), 1);
            assert_eq!(n.backward_word(4), 1, "from inside: to this word's start");
            assert_eq!(n.backward_word(16), 8, "» and the space skipped");
            assert_eq!(n.backward_word(27), 21, "back across the line");
            assert_eq!(n.backward_word(1), 0);
        });
    }

    #[test]
    fn span_edges_move_by_words_keeping_glued_punctuation() {
        let text = "72 ақпараттық-насихаттық жұмыс «Нұр Отан», (ҚР)\nкелесі";
        nav_check(text, |n| {
            // 72 | ақпараттық(3..13) - насихаттық(14..24) | жұмыс(25..30) | «(31) Нұр(32..35)
            assert_eq!(n.end_after(2), Some(13));
            assert_eq!(
                n.end_after(13),
                Some(24),
                "the hyphen goes with the word after"
            );
            assert_eq!(n.end_after(24), Some(30));
            assert_eq!(n.end_before(0, 24), Some(13));
            assert_eq!(n.end_before(0, 13), Some(2));
            assert_eq!(n.end_before(0, 2), None, "never empty");
            assert_eq!(
                n.start_before(14),
                Some(3),
                "the hyphen goes with the word before"
            );
            assert_eq!(n.start_before(3), Some(0));
            assert_eq!(n.start_before(0), None);
            assert_eq!(n.start_after(3, 24), Some(14));
            assert_eq!(n.start_after(14, 24), None, "never empty");
            assert_eq!(n.start_before(32), Some(31), "an opening quote is a step");
            assert_eq!(n.end_after(40), Some(41), "a closing quote is a step");
            assert_eq!(n.end_after(41), Some(42), "then the comma");
            assert_eq!(n.start_after(31, 41), Some(32));
            // (ҚР) at 43..47, then a line break at 47
            assert_eq!(n.end_after(46), Some(47));
            assert_eq!(n.end_after(47), None, "never across a line break");
            assert_eq!(n.start_before(48), None, "nor back across one");
            assert_eq!(n.end_after(5), Some(13), "from inside a word: its end");
            assert_eq!(
                n.end_before(0, 5),
                Some(2),
                "from inside a word: the word before"
            );
        });
    }
}
