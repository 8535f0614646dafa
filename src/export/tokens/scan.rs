//! [`for_each_piece`]: the pieces of a line made only of the characters
//! `crate::wordbreak` knows (ASCII, Cyrillic, common news punctuation, no-break spaces),
//! found in one pass over its bytes with the UAX #29 rules those characters meet; any
//! other line goes to the general path, [`pieces`]. The property tests in `tokens` hold
//! the two to the same pieces. The CoNLL writer (`export::conll::segmented`) scans with
//! the same [`kind_at`], [`word_end`] and, 64 bytes at a time, [`block_masks`].

use super::{Piece, pieces};
use crate::text::Cursor;

/// Calls `f` with every piece of `text`, as [`pieces`] gives them, but with `cuts` in code
/// points (sorted ascending).
pub fn for_each_piece(text: &str, cuts: &[usize], f: impl FnMut(Piece)) {
    let bytes = text.as_bytes();
    let mut out = Builder::new(cuts, f);
    let mut start = 0;
    while start < bytes.len() {
        let end = match out.simple_line(text, start) {
            Some(end) => end,
            None => {
                let end = body_end(bytes, start);
                out.general_line(&text[start..end], start);
                end
            }
        };
        out.line_done();
        // the line break: "\n" or "\r\n", whitespace like any other
        let next = bytes[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |n| end + n + 1);
        for at in end..next {
            out.space(at);
        }
        start = next;
    }
    out.close(bytes.len());
    out.line_done();
}

/// What the scan needs to know of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A letter, digit or `_`: these always join each other (WB5, WB8 to WB13b).
    Word,
    /// `:` (MidLetter), joining two letters.
    MidLetter,
    /// `,` `;` (MidNum), joining two digits.
    MidNum,
    /// `.` `'` (MidNumLet, Single_Quote), joining two letters or two digits.
    MidBoth,
    /// A separator (space, no-break spaces): never part of a token.
    Space,
    /// Any other character of the fast set: a segment of its own.
    Other,
    /// `\n`, or `\r` before it: the line ends.
    LineBreak,
    /// Only the full tables know it: the line takes the general path.
    Unknown,
}

/// The [`Kind`] and length of the character at byte `i` (a char boundary) of `bytes`.
#[inline(always)]
pub(crate) fn kind_at(bytes: &[u8], i: usize) -> (Kind, usize) {
    let second = || bytes.get(i + 1).copied().unwrap_or(0);
    match bytes[i] {
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => (Kind::Word, 1),
        b' ' => (Kind::Space, 1),
        b'\n' => (Kind::LineBreak, 1),
        b'\r' if second() == b'\n' => (Kind::LineBreak, 1),
        b':' => (Kind::MidLetter, 1),
        b',' | b';' => (Kind::MidNum, 1),
        b'.' | b'\'' => (Kind::MidBoth, 1),
        0x21..=0x7e => (Kind::Other, 1),
        // U+0400..U+043F, U+0440..U+047F, U+04C0..U+04FF: all letters
        0xd0 | 0xd1 | 0xd3 => (Kind::Word, 2),
        // U+0480..U+04BF but for U+0482..U+0489 (a sign and combining marks)
        0xd2 if !(0x82..=0x89).contains(&second()) => (Kind::Word, 2),
        // U+0500..U+052F
        0xd4 if second() < 0xb0 => (Kind::Word, 2),
        0xc2 => match second() {
            0xa0 => (Kind::Space, 2),
            0xab | 0xbb => (Kind::Other, 2), // « »
            _ => (Kind::Unknown, 2),
        },
        0xe2 => (
            three_byte(second(), bytes.get(i + 2).copied().unwrap_or(0)),
            3,
        ),
        _ => (Kind::Unknown, 1),
    }
}

/// The kind of a character U+2000..U+2FFF from its last two bytes.
fn three_byte(second: u8, third: u8) -> Kind {
    match (second, third) {
        // – — “ ” „ …
        (0x80, 0x93 | 0x94 | 0x9c | 0x9d | 0x9e | 0xa6) => Kind::Other,
        (0x80, 0xaf) => Kind::Space, // narrow no-break space
        (0x84, 0x96) => Kind::Other, // №
        _ => Kind::Unknown,
    }
}

/// The end of the line body that holds byte `i`.
pub(crate) fn body_end(bytes: &[u8], i: usize) -> usize {
    let Some(n) = bytes[i..].iter().position(|&b| b == b'\n') else {
        return bytes.len();
    };
    let end = i + n;
    if end > i && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Bytes that continue a word once it has begun: 1 for ASCII letters, digits and `_`, the
/// Cyrillic leads whose every character is a letter, and continuation bytes (inside a
/// word they only ever follow one of those leads: any other lead ends the word first);
/// 2 for the lead 0xd2, whose characters are letters but for eight; 0 for the rest.
const WORD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | 0x80..=0xbf | 0xd0 | 0xd1 | 0xd3 => 1,
            0xd2 => 2,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The end of the UAX #29 segment that begins with the word character at `start`, before
/// any separator or line break.
#[inline(always)]
pub(crate) fn word_end(bytes: &[u8], start: usize) -> usize {
    word_end_from(bytes, word_bytes_end(bytes, start))
}

/// [`word_end`] of a word whose bytes by [`WORD_BYTES`] run up to `i`.
#[inline(always)]
pub(crate) fn word_end_from(bytes: &[u8], mut i: usize) -> usize {
    let end = bytes.len();
    loop {
        // most words end at a space: decided without the jump table of `kind_at`
        match bytes.get(i) {
            None => return end,
            Some(b' ') => return i,
            Some(_) => {}
        }
        match kind_at(bytes, i) {
            (Kind::Word, len) => i += len, // the letters behind 0xd4
            (mid @ (Kind::MidLetter | Kind::MidNum | Kind::MidBoth), 1) => {
                if !mid_joins(bytes, i, end, mid) {
                    return i;
                }
                i += 1;
            }
            _ => return i,
        }
        i = word_bytes_end(bytes, i);
    }
}

/// The first byte at or after `i` (a char boundary) that does not continue a word by
/// [`WORD_BYTES`]: 32 bytes at a time while they last, then one by one.
#[inline(always)]
fn word_bytes_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(window) = bytes.get(i..i + 33) {
        let run = word_bytes_run(window.try_into().expect("a 33-byte window"));
        i += run;
        if run < 32 {
            return i;
        }
    }
    while i < bytes.len() {
        match WORD_BYTES[usize::from(bytes[i])] {
            1 => i += 1,
            // 0xd2: the Kazakh letters ғ қ ң ү ұ һ, but for U+0482..U+0489
            2 if !(0x82..=0x89).contains(&bytes.get(i + 1).copied().unwrap_or(0)) => i += 2,
            _ => break,
        }
    }
    i
}

/// How many of the first 32 bytes of `window` continue a word, by [`WORD_BYTES`] (the
/// 33rd is the one after a last 0xd2).
#[inline(always)]
fn word_bytes_run(window: &[u8; 33]) -> usize {
    let mut stops = [0u8; 32];
    for (k, stop) in stops.iter_mut().enumerate() {
        *stop = u8::from(!continues_word(window[k], window[k + 1])).wrapping_neg();
    }
    let (low, high) = stops.split_at(16);
    let half = |h: &[u8]| u128::from_le_bytes(h.try_into().expect("16 bytes"));
    match (half(low), half(high)) {
        (0, high) => 16 + high.trailing_zeros() as usize / 8, // 32 when none stops
        (low, _) => low.trailing_zeros() as usize / 8,
    }
}

/// Whether byte `b`, followed by `next`, continues a word by [`WORD_BYTES`]. Written as
/// comparisons joined by `|` and `&`, not a table or `||`, so that the compiler checks 16
/// bytes at once.
#[inline(always)]
fn continues_word(b: u8, next: u8) -> bool {
    let continuation = b & 0xc0 == 0x80;
    let lead =
        (b == 0xd0) | (b == 0xd1) | (b == 0xd3) | (b == 0xd2) & (next.wrapping_sub(0x82) >= 8);
    let ascii = ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'_');
    continuation | lead | ascii
}

/// Bytes the block scan classifies at once.
pub(crate) const BLOCK: usize = 64;

/// For the first [`BLOCK`] bytes of `window` (the last byte is the one after them), bit
/// `k` set when byte `k` continues a word by [`WORD_BYTES`], and when it is a space.
#[inline(always)]
pub(crate) fn block_masks(window: &[u8; BLOCK + 1]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    return sse2::block_masks(window);
    #[cfg(not(target_arch = "x86_64"))]
    return block_masks_portable(window);
}

/// [`block_masks`] byte by byte, for other processors (and to check the SSE2 one).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn block_masks_portable(window: &[u8; BLOCK + 1]) -> (u64, u64) {
    let (mut word, mut space) = (0, 0);
    for k in 0..BLOCK {
        word |= u64::from(continues_word(window[k], window[k + 1])) << k;
        space |= u64::from(window[k] == b' ') << k;
    }
    (word, space)
}

/// [`block_masks`] 16 bytes at a time with SSE2, which every x86-64 processor has: the
/// compiler vectorises `continues_word` but not the gathering of its flags into bits,
/// which `pmovmskb` does for sixteen bytes in one instruction.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::BLOCK;
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };

    #[inline(always)]
    pub(super) fn block_masks(window: &[u8; BLOCK + 1]) -> (u64, u64) {
        let (mut word, mut space) = (0, 0);
        for c in 0..BLOCK / 16 {
            // SAFETY: SSE2 is part of the x86_64 target, and both loads read 16 bytes
            // inside `window` (the second ends at its last byte), unaligned loads allowed
            let (w, s) = unsafe {
                let here = window.as_ptr().add(16 * c);
                sixteen(
                    _mm_loadu_si128(here.cast()),
                    _mm_loadu_si128(here.add(1).cast()),
                )
            };
            word |= u64::from(w) << (16 * c);
            space |= u64::from(s) << (16 * c);
        }
        (word, space)
    }

    /// `continues_word` and `== b' '` of 16 bytes `b`, each followed by its byte of `next`.
    #[inline(always)]
    fn sixteen(b: __m128i, next: __m128i) -> (u16, u16) {
        // SAFETY (of every call below): SSE2 is part of the x86_64 target
        unsafe {
            let splat = |x: u8| _mm_set1_epi8(x as i8);
            let is = |x: u8| _mm_cmpeq_epi8(b, splat(x));
            // x < n, unsigned: min(x, n - 1) == x
            let below = |x: __m128i, n: u8| _mm_cmpeq_epi8(_mm_min_epu8(x, splat(n - 1)), x);
            let continuation = _mm_cmpeq_epi8(_mm_and_si128(b, splat(0xc0)), splat(0x80));
            let sign = _mm_andnot_si128(below(_mm_sub_epi8(next, splat(0x82)), 8), is(0xd2));
            let lead = _mm_or_si128(
                _mm_or_si128(is(0xd0), is(0xd1)),
                _mm_or_si128(is(0xd3), sign),
            );
            let letter = below(_mm_sub_epi8(_mm_or_si128(b, splat(0x20)), splat(b'a')), 26);
            let digit = below(_mm_sub_epi8(b, splat(b'0')), 10);
            let ascii = _mm_or_si128(_mm_or_si128(letter, digit), is(b'_'));
            let word = _mm_or_si128(_mm_or_si128(continuation, lead), ascii);
            (
                _mm_movemask_epi8(word) as u16,
                _mm_movemask_epi8(is(b' ')) as u16,
            )
        }
    }
}

/// Whether the middle character at `i` joins the characters either side (WB6, WB7,
/// WB11, WB12): both letters for `:` `.` `'`, both digits for `,` `;` `.` `'`.
fn mid_joins(bytes: &[u8], i: usize, end: usize, mid: Kind) -> bool {
    if i + 1 >= end {
        return false;
    }
    let before = letter_or_digit(bytes, i - 1);
    let after = match bytes[i + 1] {
        b'0'..=b'9' => Some(false),
        _ => (kind_at(bytes, i + 1).0 == Kind::Word && bytes[i + 1] != b'_').then_some(true),
    };
    match (before, after) {
        (Some(true), Some(true)) => mid != Kind::MidNum,
        (Some(false), Some(false)) => mid != Kind::MidLetter,
        _ => false,
    }
}

/// For the word character that ends at byte `last`: `Some(true)` for a letter,
/// `Some(false)` for a digit, `None` for `_`.
fn letter_or_digit(bytes: &[u8], last: usize) -> Option<bool> {
    match bytes[last] {
        b'0'..=b'9' => Some(false),
        b'_' => None,
        _ => Some(true), // an ASCII letter or the last byte of a Cyrillic one
    }
}

/// Builds pieces for [`for_each_piece`]: whitespace runs grow one character at a time
/// (across lines) until a token or a cut closes them. A line's pieces wait in `line`
/// until it is done: a line found to hold a character the scan does not know is taken
/// back and split again by the general path.
struct Builder<'c, F> {
    cuts: &'c [usize],
    line: Vec<Piece>,
    f: F,
    /// The code point at the byte the scan has reached.
    cp: usize,
    /// The (byte, code point) start of the whitespace run being built.
    open: Option<(usize, usize)>,
}

impl<'c, F: FnMut(Piece)> Builder<'c, F> {
    fn new(cuts: &'c [usize], f: F) -> Self {
        Builder {
            cuts,
            line: Vec::with_capacity(64),
            f,
            cp: 0,
            open: None,
        }
    }

    /// Gives the line's pieces to `f`: they stay.
    fn line_done(&mut self) {
        self.line.drain(..).for_each(&mut self.f);
    }

    /// Drops the cuts before code point `cp`: the scan has passed them.
    #[inline]
    fn pass_cuts_before(&mut self, cp: usize) {
        while let [first, rest @ ..] = self.cuts
            && *first < cp
        {
            self.cuts = rest;
        }
    }

    /// Whether a cut falls at code point `cp` (never called with a smaller one later).
    #[inline]
    fn cut_at(&mut self, cp: usize) -> bool {
        self.pass_cuts_before(cp);
        self.cuts.first() == Some(&cp)
    }

    /// Ends the whitespace run, if any, at byte `byte` (the current position).
    #[inline]
    fn close(&mut self, byte: usize) {
        if let Some((byte_start, start)) = self.open.take() {
            self.line.push(Piece {
                start,
                end: self.cp,
                byte_start,
                byte_end: byte,
                space: true,
            });
        }
    }

    /// A whitespace character at `byte` (the current position).
    #[inline]
    fn space(&mut self, byte: usize) {
        if self.open.is_none() || self.cut_at(self.cp) {
            self.close(byte);
            self.open = Some((byte, self.cp));
        }
        self.cp += 1;
    }

    /// The token of one segment, `text[start..end]` (the current position is `start`),
    /// cut wherever a cut falls strictly inside it.
    #[inline]
    fn token(&mut self, text: &str, start: usize, end: usize) {
        self.close(start);
        let chars = text[start..end].chars().count();
        let first = self.cp;
        let (mut byte, mut cp) = (start, first);
        self.pass_cuts_before(cp + 1);
        let last = cp + chars;
        // a cut inside a token is rare: the token's cursor is made only for one
        let mut cursor = None;
        while let Some(&cut) = self.cuts.first().filter(|&&c| c < last) {
            let cursor = cursor.get_or_insert_with(|| Cursor::new(&text[start..end]));
            let at = start + cursor.byte(cut - first).unwrap_or(end - start);
            self.line.push(Piece {
                start: cp,
                end: cut,
                byte_start: byte,
                byte_end: at,
                space: false,
            });
            (byte, cp) = (at, cut);
            self.cuts = &self.cuts[1..];
        }
        self.cp = last;
        self.line.push(Piece {
            start: cp,
            end: last,
            byte_start: byte,
            byte_end: end,
            space: false,
        });
    }

    /// Splits the line body that begins at `start` into `line` and gives its end, if every
    /// character in it is one the scan knows; if not, `None`, and the builder as it was.
    fn simple_line(&mut self, text: &str, start: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let (cuts, cp, open, done) = (self.cuts, self.cp, self.open, self.line.len());
        let mut i = start;
        while i < bytes.len() {
            let (kind, len) = kind_at(bytes, i);
            match kind {
                Kind::Space => self.space(i),
                Kind::Word => {
                    let end = word_end(bytes, i);
                    self.token(text, i, end);
                    i = end;
                    continue;
                }
                Kind::LineBreak => return Some(i),
                Kind::Unknown => {
                    (self.cuts, self.cp, self.open) = (cuts, cp, open);
                    self.line.truncate(done);
                    return None;
                }
                _ => self.token(text, i, i + len),
            }
            i += len;
        }
        Some(i)
    }

    /// A line body with a character the scan does not know: [`pieces`] splits it, and its
    /// whitespace runs join the one already open unless a cut falls between them.
    fn general_line(&mut self, line: &str, start: usize) {
        let mut cursor = Cursor::new(line);
        let line_cuts: Vec<usize> = (self.cuts.iter())
            .skip_while(|&&c| c <= self.cp)
            .map_while(|&c| cursor.byte(c - self.cp))
            .filter(|&b| b < line.len())
            .collect();
        for piece in pieces(line, &line_cuts) {
            let (byte, cp) = (start + piece.byte_start, self.cp);
            let chars = piece.end - piece.start;
            if piece.space {
                // a run of the general path: one character as far as joining goes
                self.space(byte);
                self.cp += chars - 1;
            } else {
                self.close(byte);
                self.line.push(Piece {
                    start: cp,
                    end: cp + chars,
                    byte_start: byte,
                    byte_end: start + piece.byte_end,
                    space: false,
                });
                self.cp += chars;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_agree_with_the_characters_wordbreak_knows() {
        for c in [
            'a', 'Z', '5', '_', 'ж', 'Ә', 'ң', 'ү', 'һ', 'Ԯ', '\u{4ff}', '\u{481}',
        ] {
            assert_eq!(kind_at(c.to_string().as_bytes(), 0).0, Kind::Word, "{c:?}");
        }
        for c in [
            '\u{482}', '\u{483}', '\u{530}', 'é', '’', '\t', '\r', '😀', '\u{2028}',
        ] {
            assert_eq!(
                kind_at(c.to_string().as_bytes(), 0).0,
                Kind::Unknown,
                "{c:?}"
            );
        }
        for c in [' ', '\u{a0}', '\u{202f}'] {
            assert_eq!(kind_at(c.to_string().as_bytes(), 0).0, Kind::Space, "{c:?}");
        }
    }

    /// Whether byte `b`, followed by `next`, continues a word by [`WORD_BYTES`].
    fn by_table(b: u8, next: u8) -> bool {
        match WORD_BYTES[usize::from(b)] {
            1 => true,
            2 => !(0x82..=0x89).contains(&next),
            _ => false,
        }
    }

    #[test]
    fn block_masks_mark_word_bytes_and_spaces() {
        let text =
            "Атырау облысы, 2,1% ғ\u{483} a_b:c  9\u{a0}000. Ақ ң қ ү ұ һ ә ө і ё «т.б.» end";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() - BLOCK {
            let window: &[u8; BLOCK + 1] = bytes[start..=start + BLOCK].try_into().unwrap();
            let (word, space) = block_masks(window);
            for k in 0..BLOCK {
                let (b, next) = (bytes[start + k], bytes[start + k + 1]);
                let table = by_table(b, next);
                assert_eq!(word >> k & 1 == 1, table, "{start} {k}");
                assert_eq!(space >> k & 1 == 1, b == b' ', "{start} {k}");
            }
        }
    }

    #[test]
    fn the_block_masks_agree_with_the_byte_table_for_every_pair_of_bytes() {
        for b in 0..=255u8 {
            for next in 0..=255u8 {
                // at every position of the block in turn, the rest spaces and letters
                let at = (usize::from(b) * 7 + usize::from(next)) % BLOCK;
                let mut window = [b' '; BLOCK + 1];
                window.iter_mut().step_by(3).for_each(|x| *x = b'a');
                (window[at], window[at + 1]) = (b, next);
                let masks = block_masks(&window);
                assert_eq!(masks, block_masks_portable(&window), "{b:#x} {next:#x}");
                let table = by_table(b, next);
                assert_eq!(masks.0 >> at & 1 == 1, table, "{b:#x} {next:#x}");
                assert_eq!(masks.1 >> at & 1 == 1, b == b' ', "{b:#x} {next:#x}");
            }
        }
    }

    #[test]
    fn the_block_scan_stops_where_the_byte_table_does() {
        for b in 0..=255u8 {
            for next in 0..=255u8 {
                let mut window = [b' '; 33];
                (window[0], window[1]) = (b, next);
                let table = by_table(b, next);
                assert_eq!(word_bytes_run(&window) > 0, table, "{b:#x} {next:#x}");
                window[31] = b;
                window[32] = next;
                let whole = [b'a'; 31].iter().chain(&window[31..]).copied();
                let window: [u8; 33] = whole.collect::<Vec<u8>>().try_into().unwrap();
                assert_eq!(
                    word_bytes_run(&window) == 32,
                    table,
                    "{b:#x} {next:#x} at 31"
                );
            }
        }
    }

    #[test]
    fn words_join_across_middle_characters_of_their_kind() {
        fn end(s: &str) -> &str {
            &s[..word_end(s.as_bytes(), 0)]
        }
        assert_eq!(end("don't go"), "don't");
        assert_eq!(end("2,1% өсті"), "2,1");
        assert_eq!(end("12:30"), "12");
        assert_eq!(end("a:b,c"), "a:b");
        assert_eq!(end("ҚР-ның"), "ҚР");
        assert_eq!(end("a_.b"), "a_");
        assert_eq!(end("т.б."), "т.б");
    }
}
