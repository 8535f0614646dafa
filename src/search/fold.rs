//! Folding shared by the index and the query, so both sides meet in the same form.
//!
//! Two forms per word:
//! - the *fold*: full Unicode lowercase, Kazakh letters replaced by their Russian-keyboard
//!   stand-ins (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и), ё→е, combining marks and
//!   invisible format characters dropped. Cyrillic queries are matched in this form.
//! - the *skeleton*: the fold transliterated to a lossy Latin key, where the Kazakh Latin
//!   alphabets (2018 acute and 2021 versions) and Russian-style romanisation meet
//!   ("Atyrau", "Атырау" → `atirau`; "Dosmukhambetov", "Dosmuhambetov", "Досмұхамбетов" →
//!   `dosmukambetov`). Latin queries are matched in this form.
//!
//! Both forms are idempotent: folding a fold (or a skeleton) gives it back.

#[cfg(target_arch = "x86_64")]
mod blocks;
mod forms;

pub use forms::skeleton_and_masks;

/// One word's forms and the character masks that let a search skip it cheaply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub fold: Box<str>,
    pub skeleton: Box<str>,
    pub fold_mask: u64,
    pub skeleton_mask: u64,
}

impl Folded {
    /// The forms of `s` (a word, or a whole span text: spaces are kept).
    pub fn new(s: &str) -> Folded {
        let mut fold = String::with_capacity(s.len());
        fold_into(s, &mut fold);
        Folded::from_fold(fold)
    }

    /// The forms of a string that is already a fold.
    pub fn from_fold(fold: String) -> Folded {
        let mut skeleton = String::with_capacity(fold.len() + 4);
        skeleton_into(&fold, &mut skeleton, None);
        Folded {
            fold_mask: char_mask(&fold),
            skeleton_mask: char_mask(&skeleton),
            fold: fold.into_boxed_str(),
            skeleton: skeleton.into_boxed_str(),
        }
    }
}

/// The fold of `s` (see the module docs).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// The skeleton of `s`: its fold, transliterated.
pub fn skeleton(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    skeleton_into(&fold(s), &mut out, None);
    out
}

/// Appends the fold of `s` to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
}

/// The fold of `s` with, for each char of the fold, the index of the char of `s` it came from.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        fold_char(c, &mut |f| {
            out.push(f);
            map.push(i);
        });
    }
    (out, map)
}

/// The skeleton of a fold, with the index of the fold char each skeleton char came from.
pub fn skeleton_with_map(fold: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(fold.len() + 4);
    let mut map = Vec::with_capacity(fold.len() + 4);
    skeleton_into(fold, &mut out, Some(&mut map));
    (out, map)
}

/// Characters that belong inside a word but carry nothing to match: combining marks
/// (stress marks, decomposed accents) and invisible format characters (soft hyphen, ZWJ).
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
        | '\u{0483}'..='\u{0489}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}'
        | '\u{00ad}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{feff}')
}

/// Whether `c` is part of a word for the tokenizer.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        // Cyrillic letters and combining marks: the common case, spared the Unicode tables.
        '\u{0400}'..='\u{0481}' | '\u{0483}'..='\u{052f}' => true,
        // no-break space, guillemets, dashes, quotes, ellipsis: common in news, and slow
        // to look up in the Unicode tables
        '\u{a0}' | '«' | '»' | '\u{2010}'..='\u{2027}' => false,
        c => c.is_alphanumeric() || is_ignorable(c),
    }
}

/// Whether a word may start at `c`: a letter or digit, not a stray mark.
#[inline]
fn is_word_start(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        '\u{0400}'..='\u{0481}' | '\u{048a}'..='\u{052f}' => true,
        '\u{a0}' | '«' | '»' | '\u{2010}'..='\u{2027}' => false,
        c => c.is_alphanumeric(),
    }
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052f}')
}

/// The fold of one char when it is a common one: `Some(Some(f))`, `Some(None)` when it
/// folds to nothing, `None` when it needs the full Unicode lowercase (`fold_char`).
#[inline]
fn fold_common(c: char) -> Option<Option<char>> {
    Some(match c {
        'a'..='z' | '0'..='9' | 'а'..='я' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        // Russian capitals А..Я sit exactly 0x20 below their small letters.
        'А'..='Я' => char::from_u32(c as u32 + 0x20),
        'ё' | 'Ё' => Some('е'),
        'ә' | 'Ә' => Some('а'),
        'ғ' | 'Ғ' => Some('г'),
        'қ' | 'Қ' => Some('к'),
        'ң' | 'Ң' => Some('н'),
        'ө' | 'Ө' => Some('о'),
        'ұ' | 'Ұ' | 'ү' | 'Ү' => Some('у'),
        'һ' | 'Һ' => Some('х'),
        'і' | 'І' => Some('и'),
        c if c.is_ascii() => Some(c),
        c if is_ignorable(c) => None,
        _ => return None,
    })
}

#[inline]
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    match fold_common(c) {
        Some(Some(f)) => push(f),
        Some(None) => {}
        None => {
            for l in c.to_lowercase() {
                match fold_common(l) {
                    Some(Some(f)) => push(f),
                    Some(None) => {}
                    None => push(l),
                }
            }
        }
    }
}

/// Calls `f` with the fold of each word of `s` (the words of `words`) and the word's
/// `[start, end)` in code points, in one pass.
pub fn for_each_folded_word(s: &str, buf: &mut String, mut f: impl FnMut(&str, usize, usize)) {
    let mut bytes = std::mem::take(buf).into_bytes();
    bytes.clear();
    fold_words_into(s, &mut bytes, |word, start, end| {
        // the fold of a str is UTF-8: every char it pushes is whole
        f(std::str::from_utf8(word).unwrap_or_default(), start, end);
        word.clear();
    });
    bytes.clear();
    *buf = String::from_utf8(bytes).unwrap_or_default();
}

/// Appends the fold of each word of `s` to `buf`, and pushes where it ends in `buf` to
/// `ends`: the index build folds a whole text before it reads any word back (a word
/// read right after its bytes were stored one or two at a time waits for the stores).
/// On x86-64, a block of 64, 32 or 16 bytes at a time where they allow (`blocks`), else
/// char by char.
pub fn fold_words_appending(s: &str, buf: &mut Vec<u8>, ends: &mut Vec<u32>) {
    #[cfg(target_arch = "x86_64")]
    let widest = blocks::Width::widest();
    #[cfg(not(target_arch = "x86_64"))]
    let widest = ();
    fold_words_appending_in(widest, s, buf, ends);
}

/// `fold_words_appending` with blocks of `width` at most.
fn fold_words_appending_in(
    #[cfg(target_arch = "x86_64")] width: blocks::Width,
    #[cfg(not(target_arch = "x86_64"))] _width: (),
    s: &str,
    buf: &mut Vec<u8>,
    ends: &mut Vec<u32>,
) {
    let table = fold_table();
    let n = s.len();
    let mut at = Cursor {
        i: 0,
        w: buf.len(),
        in_word: false,
    };
    // room for the fold of every char left (no longer than the char, but for `SLOW`
    // ones, which make room) and `ROOM` more: folds are stored 2 bytes at a time, the
    // runs of a block 32, and the word bytes of a widest block 64
    buf.resize(at.w + n + ROOM, 0);
    // bytes to fold char by char before blocks are tried again: twice as many each time
    // a block would not do, so a text of other chars (accented Latin, CJK) is not slowed
    // by a block tried every 16 bytes
    #[cfg(target_arch = "x86_64")]
    let mut stretch = 16;
    #[cfg(not(target_arch = "x86_64"))]
    let stretch = n;
    while at.i < n {
        // at least one char: a block reads the byte before it
        fold_chars_until(s, (at.i + stretch).min(n), &mut at, buf, ends, table);
        #[cfg(target_arch = "x86_64")]
        {
            let from = at.i;
            blocks::fold_blocks(width, s.as_bytes(), &mut at, buf, ends);
            stretch = if at.i == from {
                (stretch * 2).min(1024)
            } else {
                16
            };
        }
    }
    if at.in_word {
        ends.push(at.w as u32);
    }
    buf.truncate(at.w);
}

/// Bytes of room kept past the fold's end in `fold_words_appending`.
const ROOM: usize = 64;

/// Where `fold_words_appending` is: at byte `i` of the text, byte `w` of the folds, and
/// whether inside a word.
#[derive(Clone, Copy)]
struct Cursor {
    i: usize,
    w: usize,
    in_word: bool,
}

/// Folds the chars of `s` from `at` until byte `stop` (or the end of a char past it).
#[inline(always)]
fn fold_chars_until(
    s: &str,
    stop: usize,
    at: &mut Cursor,
    buf: &mut Vec<u8>,
    ends: &mut Vec<u32>,
    table: &[u32],
) {
    let n = s.len();
    let Cursor {
        mut i,
        mut w,
        mut in_word,
    } = *at;
    // a local slice, not the Vec: a byte stored through it cannot alias its length
    let mut out = &mut buf[..];
    while i < stop {
        let (entry, len, c) = char_at(s, i, table);
        if entry & if in_word { WORD } else { START } == 0 {
            if in_word {
                ends.push(w as u32);
                in_word = false;
            }
            i += len;
            continue;
        }
        in_word = true;
        if entry & SLOW == 0 {
            out[w..w + 2].copy_from_slice(&(entry as u16).to_le_bytes());
            w += (entry >> LEN_SHIFT & 3) as usize;
        } else {
            w = push_slow_fold(buf, w, c, n - i - len);
            out = &mut buf[..];
        }
        i += len;
    }
    *at = Cursor { i, w, in_word };
}

/// Stores the fold of `c` (a `SLOW` char) at `w` in `buf`, keeping room for `left` more
/// bytes of text and `ROOM` more: where the fold ends.
#[cold]
fn push_slow_fold(buf: &mut Vec<u8>, w: usize, c: u32, left: usize) -> usize {
    let mut fold = Vec::new();
    push_fold(&mut fold, SLOW, c);
    let end = w + fold.len();
    if buf.len() < end + left + ROOM {
        buf.resize(end + left + ROOM, 0);
    }
    buf[w..end].copy_from_slice(&fold);
    end
}

/// Folds each word of `s` onto the end of `buf`, then calls `f` with `buf` and the word's
/// `[start, end)` in code points. Chars of one or two UTF-8 bytes (ASCII, Latin,
/// Cyrillic: nearly all of a corpus) are classed and folded by one table lookup. Two
/// loops, one between words and one inside a word, so no char asks which one it is in.
fn fold_words_into(s: &str, buf: &mut Vec<u8>, mut f: impl FnMut(&mut Vec<u8>, usize, usize)) {
    let table = fold_table();
    let n = s.len();
    // the folds of one- and two-byte chars are no longer than the chars
    buf.reserve(n);
    let (mut i, mut at) = (0, 0);
    while i < n {
        let (mut entry, mut len, mut c) = char_at(s, i, table);
        if entry & START == 0 {
            i += len;
            at += 1;
            continue;
        }
        let begin = at;
        loop {
            push_fold(buf, entry, c);
            i += len;
            at += 1;
            if i >= n {
                break;
            }
            (entry, len, c) = char_at(s, i, table);
            if entry & WORD == 0 {
                break;
            }
        }
        f(buf, begin, at);
        // the char that ended the word is no word char, so no word start either
        if i < n {
            i += len;
            at += 1;
        }
    }
}

/// The char at byte `i` of `s`: its `fold_table` entry (a char of three or four bytes
/// gets its classes and `SLOW`), its length in bytes, and its code point.
#[inline(always)]
fn char_at(s: &str, i: usize, table: &[u32]) -> (u32, usize, u32) {
    let bytes = s.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return (table[usize::from(b)], 1, u32::from(b));
    }
    if b < 0xe0 {
        // a valid str has the continuation byte
        let c = (u32::from(b) & 0x1f) << 6 | (u32::from(bytes[i + 1]) & 0x3f);
        return (table[c as usize], 2, c);
    }
    let c = s[i..].chars().next().unwrap_or_default();
    let word = if is_word_char(c) { WORD } else { 0 };
    let start = if is_word_start(c) { START } else { 0 };
    (word | start | SLOW, c.len_utf8(), u32::from(c))
}

/// Appends the fold a `fold_table` entry gives (or `fold_char`'s, for a `SLOW` one).
#[inline(always)]
fn push_fold(buf: &mut Vec<u8>, entry: u32, c: u32) {
    if entry & SLOW == 0 {
        // two bytes stored, then the count kept: no copy of a variable length
        buf.extend_from_slice(&(entry as u16).to_le_bytes());
        buf.truncate(buf.len() - 2 + (entry >> LEN_SHIFT & 3) as usize);
    } else {
        let c = char::from_u32(c).unwrap_or_default();
        fold_char(c, &mut |l| push_char(buf, l));
    }
}

fn push_char(buf: &mut Vec<u8>, c: char) {
    buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Bits of a `fold_table` entry besides the fold's UTF-8 bytes (the low 16 bits) and
/// their count (2 bits from `LEN_SHIFT`; 0: the char folds to nothing).
const LEN_SHIFT: u32 = 16;
const WORD: u32 = 1 << 24;
const START: u32 = 1 << 25;
/// The char folds to more than one char, or to one of three bytes or more: ask `fold_char`.
const SLOW: u32 = 1 << 27;
/// Chars the table covers: those of one or two UTF-8 bytes.
const TABLE_CHARS: u32 = 0x800;

/// For each char of one or two UTF-8 bytes, its fold and whether it is a word char
/// and a word start, worked out once by the char-by-char functions.
fn fold_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Box<[u32]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_CHARS)
            .map(|c| {
                let c = char::from_u32(c).unwrap_or_default();
                let mut folds = Vec::new();
                fold_char(c, &mut |f| folds.push(f));
                let fold = match folds[..] {
                    [] => 0,
                    [f] if f.len_utf8() <= 2 => {
                        let mut utf8 = [0u8; 4];
                        f.encode_utf8(&mut utf8);
                        let low = u32::from(utf8[0]) | u32::from(utf8[1]) << 8;
                        low | (f.len_utf8() as u32) << LEN_SHIFT
                    }
                    _ => SLOW,
                };
                let word = if is_word_char(c) { WORD } else { 0 };
                fold | word | if is_word_start(c) { START } else { 0 }
            })
            .collect()
    })
}

/// `for_each_folded_word` char by char, without the table: what it must agree with.
#[cfg(test)]
fn for_each_folded_word_slowly(s: &str, mut f: impl FnMut(&str, usize, usize)) {
    let mut buf = String::new();
    let mut start = None;
    let mut at = 0;
    for c in s.chars() {
        if start.is_some() && is_word_char(c) || start.is_none() && is_word_start(c) {
            start.get_or_insert(at);
            fold_char(c, &mut |l| buf.push(l));
        } else if let Some(begin) = start.take() {
            f(&buf, begin, at);
            buf.clear();
        }
        at += 1;
    }
    if let Some(begin) = start {
        f(&buf, begin, at);
    }
}

/// The skeleton of a fold.
pub fn skeleton_of_fold(fold: &str, out: &mut String) {
    out.clear();
    if !skeleton_in_ascii(fold, out) {
        out.clear();
        skeleton_into(fold, out, None);
    }
}

/// `skeleton_with_scratch` without the map, in bytes, for a fold whose every char is
/// spelled in ASCII (nearly every word: the index build takes a million skeletons);
/// false, with `out` unfinished, for any other.
fn skeleton_in_ascii(fold: &str, out: &mut String) -> bool {
    thread_local! {
        static LATIN: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LATIN.with_borrow_mut(|latin| {
        if !spell_in_ascii(fold, latin) {
            return false;
        }
        // the contextual rules for c and h, as `skeleton_with_scratch` has them, repeated
        // in bytes: shared through one function of chars, skeletons took 37% longer
        // (`cargo bench --bench words`); `the_ascii_skeleton_is_the_skeleton` keeps them equal
        // (`last` is kept as written: read back from `out`, each byte waited on the last)
        let mut last: Option<u8> = None;
        for (k, &c) in latin.iter().enumerate() {
            let spelled = match c {
                b'c' => match latin.get(k + 1) {
                    Some(b'h') => b'c',
                    Some(b'k') => continue,
                    Some(b'e' | b'i') => {
                        out.push('t');
                        b's'
                    }
                    _ => b'k',
                },
                b'h' => match last {
                    Some(b's' | b'z' | b'c') => b'h',
                    Some(b'k' | b'g' | b't') => continue,
                    Some(b'p') => {
                        out.pop();
                        b'f'
                    }
                    _ => b'k',
                },
                c => c,
            };
            out.push(char::from(spelled));
            last = Some(spelled);
        }
        true
    })
}

/// The first pass of `skeleton_in_ascii`: each char of `fold` spelled in ASCII into
/// `latin`, or false for a char that has no such spelling. The Russian letters and the
/// plain Latin ones are taken from their bytes (decoded as chars, skeletons took 20% longer).
fn spell_in_ascii(fold: &str, latin: &mut Vec<u8>) -> bool {
    let bytes = fold.as_bytes();
    // room for each letter's four bytes written whole: no char is spelled in more than
    // twice its bytes (щ, x), so `written` stays at most twice `at`
    latin.clear();
    latin.resize(bytes.len() * 2 + 4, 0);
    let mut written = 0;
    // whether an е here is "ie": at the start, after a vowel, after a char not a letter
    let mut ie_context = true;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if let Some(k) = russian_letter(bytes, at) {
            let (spelled, len) = match k {
                IE if ie_context => IE_SPELLED,
                k => RUSSIAN_SPELLED[k],
            };
            latin[written..written + 4].copy_from_slice(&spelled);
            written += len;
            ie_context = RUSSIAN_VOWELS[k];
            at += 2;
            continue;
        }
        if matches!(byte, b'a'..=b'i' | b'k'..=b'p' | b'r'..=b'v' | b'z' | b'0'..=b'9') {
            latin[written] = byte;
            written += 1;
            ie_context = false;
            at += 1;
            continue;
        }
        let Some(c) = fold[at..].chars().next() else {
            break;
        };
        let spelled = match cyrillic_to_latin(c, ie_context).or_else(|| latin_base(c)) {
            Some(spelled) => spelled.as_bytes(),
            None if c.is_ascii() => &bytes[at..at + 1],
            None => return false,
        };
        // (kept whole should a spelling ever be longer than twice its char)
        let end = written + spelled.len();
        if latin.len() < end + 4 {
            latin.resize(end + 4, 0);
        }
        latin[written..end].copy_from_slice(spelled);
        written = end;
        ie_context = !is_word_start(c) || is_cyrillic_vowel(c);
        at += c.len_utf8();
    }
    latin.truncate(written);
    true
}

/// A bit per character class: if a pattern has a bit its target lacks, it cannot match.
pub fn char_mask(s: &str) -> u64 {
    // a byte at a time from tables, without a branch: whether the next char is ASCII, а–я
    // or another (a Kazakh letter) is unpredictable, and each guess missed cost a char
    let bytes = s.as_bytes();
    let mut mask = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        let pair = PAIR_BITS[usize::from(byte & 1) << 6 | usize::from(next & 0x3f)];
        let d0_or_d1 = if byte & 0xfe == 0xd0 { u64::MAX } else { 0 };
        mask |= BYTE_BITS[usize::from(byte)] | (pair & d0_or_d1);
    }
    mask
}

/// What a byte alone gives `char_mask`: an ASCII char's bit, none for a continuation byte,
/// the bit of any other char for the first byte of one (D0 and D1 are in `PAIR_BITS`).
const BYTE_BITS: [u64; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b {
            0..0x80 => char_bit(b as u8 as char),
            0x80..0xc0 | 0xd0 | 0xd1 => 0,
            _ => 1 << 63,
        };
        b += 1;
    }
    table
};

/// The bit of the char a D0 or D1 byte starts, by the lead's low bit and the low six bits
/// of the byte after it: а to я, or any other char's bit.
const PAIR_BITS: [u64; 128] = {
    let mut table = [1 << 63; 128];
    let mut i = 0;
    while i < 128 {
        let (lead, next) = (0xd0 + i / 64, 0x80 + i % 64);
        let code = ((lead & 0x1f) << 6) | (next & 0x3f);
        if let Some(c) = char::from_u32(code as u32) {
            table[i] = char_bit(c);
        }
        i += 1;
    }
    table
};

/// Which of а to я (0 to 31) the two bytes at `at` are, if they are one of them: а to п
/// are D0 B0 to D0 BF in UTF-8, р to я D1 80 to D1 8F. Read without a branch on which
/// lead it is: in a word the two come in no order the processor can foresee.
#[inline(always)]
fn russian_letter(bytes: &[u8], at: usize) -> Option<usize> {
    let (Some(&lead), Some(&next)) = (bytes.get(at), bytes.get(at + 1)) else {
        return None;
    };
    // а to п are 0 to 15 past D0 B0, р to я 0xd0 to 0xdf past it
    let past = u16::from_be_bytes([lead, next]).wrapping_sub(0xd0b0);
    let high = past.wrapping_sub(0xd0);
    let letter = if high < 16 { high + 16 } else { past };
    ((past < 16) | (high < 16)).then_some(usize::from(letter))
}

/// Bits of `char_mask` that stand for Cyrillic letters.
const CYRILLIC_BITS: u64 = ((1u64 << 27) - 1) << 36;
/// The bit of a compact mask that says the word has a Cyrillic letter.
pub const COMPACT_CYRILLIC: u32 = 1 << 31;

/// A `char_mask` in half the room, for the million words of an index: the halves are
/// laid over each other (if a pattern's mask lacks a bit of a word's, so do the compact
/// ones), and the top bit keeps whether the word has a Cyrillic letter.
pub fn compact_mask(mask: u64) -> u32 {
    let low = mask & 0x7fff_ffff;
    let middle = (mask >> 31) & 0x7fff_ffff;
    let top = mask >> 62;
    let cyrillic = if mask & CYRILLIC_BITS != 0 {
        COMPACT_CYRILLIC
    } else {
        0
    };
    (low | middle | top) as u32 | cyrillic
}

#[inline]
const fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        'а'..='я' => 36 + (c as u32 - 'а' as u32) % 27,
        ' ' => return 0,
        _ => 63,
    };
    1 << bit
}

/// Latin for one letter of a fold (`None` for anything that is not Cyrillic).
/// `ie_context`: the letter starts a word or follows a vowel, where е is pronounced "ye".
const fn cyrillic_to_latin(c: char, ie_context: bool) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' if ie_context => "ie",
        'е' | 'э' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' | 'ї' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// `cyrillic_to_latin` of а to я, in order, by index (е out of its "ie" context), worked
/// out when the program is compiled.
const RUSSIAN_LATIN: [&str; 32] = {
    let mut table = [""; 32];
    let mut i = 0;
    while i < 32 {
        let c = char::from_u32('а' as u32 + i as u32).expect("а to я are chars");
        table[i] = match cyrillic_to_latin(c, false) {
            Some(latin) => latin,
            None => "",
        };
        i += 1;
    }
    table
};

/// Index of е among а to я, and its spelling where it starts a syllable ("ie", as
/// `cyrillic_to_latin` has it in its context), as `RUSSIAN_SPELLED` has the others.
const IE: usize = 5;
const IE_SPELLED: ([u8; 4], usize) = (*b"ie\0\0", 2);

/// `RUSSIAN_LATIN` as four bytes (zeros after the letters) and how many are the letters.
const RUSSIAN_SPELLED: [([u8; 4], usize); 32] = {
    let mut table = [([0; 4], 0); 32];
    let mut i = 0;
    while i < 32 {
        let latin = RUSSIAN_LATIN[i].as_bytes();
        let mut k = 0;
        while k < latin.len() {
            table[i].0[k] = latin[k];
            k += 1;
        }
        table[i].1 = latin.len();
        i += 1;
    }
    table
};

/// `is_cyrillic_vowel` of а to я, in order, by index.
const RUSSIAN_VOWELS: [bool; 32] = {
    let mut table = [false; 32];
    let mut i = 0;
    while i < 32 {
        let c = char::from_u32('а' as u32 + i as u32).expect("а to я are chars");
        table[i] = is_cyrillic_vowel(c);
        i += 1;
    }
    table
};

const fn is_cyrillic_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'ъ' | 'ь'
    )
}

/// Latin letters with diacritics (and a few others) spelled as plain Latin, before the
/// contextual rules run. Covers the Kazakh Latin alphabets of 2018 (á ǵ ı ń ó ú ý)
/// and 2021 (ä ğ ñ ö ş ū ü), and common European letters.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'ä' | 'à' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ǵ' | 'ğ' | 'ģ' => "g",
        'ı' | 'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ń' | 'ñ' | 'ň' | 'ņ' => "n",
        'ó' | 'ö' | 'ò' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ú' | 'ü' | 'ū' | 'ù' | 'û' | 'ů' | 'ű' | 'ý' | 'ŭ' => "u",
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ş' | 'ș' | 'š' | 'ś' => "sh",
        'ç' | 'č' | 'ć' => "ch",
        'ž' | 'ź' | 'ż' => "zh",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'đ' | 'ď' => "d",
        'ł' | 'ľ' => "l",
        'ř' => "r",
        'ť' => "t",
        'j' => "zh",
        'q' => "k",
        'x' => "ks",
        'y' => "i",
        'w' => "v",
        _ => return None,
    })
}

/// Writes the skeleton of `fold` into `out` (and, if given, the source index of each char).
fn skeleton_into(fold: &str, out: &mut String, map: Option<&mut Vec<usize>>) {
    // one scratch a thread: the index build takes the skeleton of a million words
    thread_local! {
        static LATIN: std::cell::RefCell<Vec<(char, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LATIN.with_borrow_mut(|latin| {
        latin.clear();
        skeleton_with_scratch(fold, out, map, latin);
    });
}

fn skeleton_with_scratch(
    fold: &str,
    out: &mut String,
    mut map: Option<&mut Vec<usize>>,
    latin: &mut Vec<(char, usize)>,
) {
    // First pass: everything spelled in plain Latin, each char tagged with its source.
    let mut prev: Option<char> = None;
    for (i, c) in fold.chars().enumerate() {
        let ie_context = prev.is_none_or(|p| !is_word_start(p) || is_cyrillic_vowel(p));
        let spelled = cyrillic_to_latin(c, ie_context).or_else(|| latin_base(c));
        match spelled {
            Some(s) => latin.extend(s.chars().map(|l| (l, i))),
            None => latin.push((c, i)),
        }
        prev = Some(c);
    }
    // Second pass: the contextual rules for c and h, written so that the output never
    // contains what they rewrite (hence folding a skeleton gives it back).
    let mut last: Option<char> = None;
    let emit = |c: char, src: usize, out: &mut String, map: &mut Option<&mut Vec<usize>>| {
        out.push(c);
        if let Some(m) = map.as_deref_mut() {
            m.push(src);
        }
    };
    for (k, &(c, src)) in latin.iter().enumerate() {
        let next = latin.get(k + 1).map(|&(n, _)| n);
        match c {
            'c' => match next {
                Some('h') => emit('c', src, out, &mut map),
                Some('k') => continue,
                Some('e' | 'i') => {
                    emit('t', src, out, &mut map);
                    emit('s', src, out, &mut map);
                }
                _ => emit('k', src, out, &mut map),
            },
            'h' => match last {
                // sh, zh, ch: the digraphs of ш, ж, ч.
                Some('s' | 'z' | 'c') => emit('h', src, out, &mut map),
                // kh (х), gh (ғ), th: the h adds nothing.
                Some('k' | 'g' | 't') => continue,
                Some('p') => {
                    out.pop();
                    out.push('f');
                }
                // h alone is х, spelled k like kh (so "Kazakhstan" meets "Қазақстан").
                _ => emit('k', src, out, &mut map),
            },
            c => emit(c, src, out, &mut map),
        }
        last = out.chars().next_back();
    }
}

/// The words of `s` with their `[start, end)` in code points and bytes.
pub fn words(s: &str) -> Words<'_> {
    Words {
        s,
        iter: s.char_indices(),
        cp: 0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
}

pub struct Words<'a> {
    s: &'a str,
    iter: std::str::CharIndices<'a>,
    cp: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = WordSpan<'a>;

    fn next(&mut self) -> Option<WordSpan<'a>> {
        let (byte_start, start) = loop {
            let (b, c) = self.iter.next()?;
            self.cp += 1;
            if is_word_start(c) {
                break (b, self.cp - 1);
            }
        };
        let mut byte_end = self.s.len();
        let mut end = start + 1;
        for (b, c) in self.iter.by_ref() {
            self.cp += 1;
            if !is_word_char(c) {
                byte_end = b;
                break;
            }
            end += 1;
        }
        Some(WordSpan {
            text: &self.s[byte_start..byte_end],
            start,
            end,
            byte_start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_and_kazakh_letters_to_their_russian_keyboard_stand_ins() {
        assert_eq!(fold("АТЫРАУ"), "атырау");
        assert_eq!(fold("Досмұхамбетовтің"), "досмухамбетовтин");
        assert_eq!(fold("ӘҒҚҢӨҰҮҺІ"), "агкноуухи");
        assert_eq!(fold("ЖЕМҚОРЛЫҚПЕН"), fold("жемкорлыкпен"));
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("ÁǴIŃ"), "áǵiń");
    }

    #[test]
    fn fold_drops_marks_and_invisible_characters() {
        assert_eq!(fold("заме\u{301}тка"), "заметка");
        assert_eq!(fold("жем\u{ad}қор\u{200d}лық"), "жемкорлык");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn the_fast_word_tests_agree_with_unicode() {
        for c in ('\0'..='\u{0600}').chain(['\u{a0}', '\u{ad}', '\u{200d}', '😀', '日']) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_ignorable(c),
                "{c:?}"
            );
            assert_eq!(is_word_start(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn latin_spellings_meet_cyrillic_in_the_skeleton() {
        let same = [
            ("Атырау", "Atyrau"),
            ("Досмұхамбетов", "Dosmukhambetov"),
            ("Досмұхамбетов", "Dosmuhambetov"),
            ("Қазақстан", "Qazaqstan"),
            ("Қазақстан", "Kazakhstan"),
            ("Жемқорлық", "Jemqorlyq"),
            ("Жемқорлық", "Zhemkorlyk"),
            ("Шымкент", "Shymkent"),
            ("Шымкент", "Şymkent"),
            ("Цой", "Tsoi"),
            ("Чингиз", "Chingiz"),
            ("Щучинск", "Shchuchinsk"),
            ("Өскемен", "Óskemen"),
            ("Өскемен", "Öskemen"),
            ("Үкімет", "Úkimet"),
            ("Ұлттық", "Ulttyq"),
            ("Ұлттық", "Ūlttyq"),
            ("Ақтөбе", "Aqtóbe"),
            ("Ақтөбе", "Aktobe"),
            ("Назарбаев", "Nazarbaiev"),
            ("Юрий", "Yuriy"),
            ("Ярослав", "Yaroslav"),
            ("Ерлан", "Yerlan"),
            ("Ғабит", "Ǵabit"),
            ("Ғабит", "Ghabit"),
            ("Ғабит", "Ğabit"),
            ("Теңіз", "Teńiz"),
            ("Теңіз", "Teñiz"),
            ("Әлия", "Álııa"),
            ("Әлия", "Äliya"),
            ("Центр", "Centr"),
            ("Филипп", "Philipp"),
            ("Ахмет", "Akhmet"),
            ("Ахмет", "Ahmet"),
        ];
        for (cyrillic, latin) in same {
            assert_eq!(skeleton(cyrillic), skeleton(latin), "{cyrillic} vs {latin}");
        }
    }

    #[test]
    fn ambiguous_digraphs_keep_their_letters_apart() {
        // с+х is not ш, ц+х is not ч, к+х is х, and a lone h is х.
        assert_eq!(skeleton("Асхат"), "askat");
        assert_eq!(skeleton("Askhat"), "askat");
        assert_ne!(skeleton("Асхат"), skeleton("Ашат"));
        assert_eq!(skeleton("Ашат"), "ashat");
        assert_ne!(skeleton("цх"), skeleton("ч"));
        assert_eq!(skeleton("shch"), skeleton("щ"));
        assert_eq!(skeleton("Zhanna"), skeleton("Жанна"));
        assert_ne!(skeleton("зх"), skeleton("ж"));
        assert_eq!(skeleton("Dzhambul"), skeleton("Джамбул"));
        assert_eq!(skeleton("Clinton"), skeleton("Клинтон"));
    }

    #[test]
    fn maps_point_back_to_source_characters() {
        let (f, map) = fold_with_map("Ж\u{301}ол");
        assert_eq!(f, "жол");
        assert_eq!(map, [0, 2, 3]);
        let (s, map) = skeleton_with_map("жох");
        assert_eq!(s, "zhok");
        assert_eq!(map, [0, 0, 1, 2]);
        let (s, map) = skeleton_with_map("philipp");
        assert_eq!(s, "filipp");
        assert_eq!(map, [0, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn words_carry_code_point_and_byte_offsets() {
        let text = "«Атырау облысы» 😀 жай-күйі, 2020";
        let found: Vec<_> = words(text).map(|w| (w.text, w.start, w.end)).collect();
        assert_eq!(
            found,
            [
                ("Атырау", 1, 7),
                ("облысы", 8, 14),
                ("жай", 18, 21),
                ("күйі", 22, 26),
                ("2020", 28, 32)
            ]
        );
        for w in words(text) {
            assert_eq!(&text[w.byte_start..w.byte_start + w.text.len()], w.text);
            assert_eq!(crate::text::slice_chars(text, w.start, w.end), Some(w.text));
        }
    }

    #[test]
    fn masks_never_reject_a_true_subsequence() {
        let word = Folded::new("Досмұхамбетовтің");
        let pattern = Folded::new("досмухамбетов");
        assert_eq!(pattern.fold_mask & !word.fold_mask, 0);
        assert_ne!(Folded::new("zzz").fold_mask & !word.fold_mask, 0);
        let compact = |f: &Folded| compact_mask(f.fold_mask);
        assert_eq!(compact(&pattern) & !compact(&word), 0);
        assert_ne!(compact(&Folded::new("zzz")) & !compact(&word), 0);
        assert_ne!(compact(&word) & COMPACT_CYRILLIC, 0);
        assert_eq!(compact(&Folded::new("Atyrau")) & COMPACT_CYRILLIC, 0);
    }

    #[test]
    fn the_ascii_skeletons_shortcuts_spell_as_the_rules_do() {
        for (k, c) in ('а'..='я').enumerate() {
            assert_eq!(Some(RUSSIAN_LATIN[k]), cyrillic_to_latin(c, false), "{c}");
        }
        // the letters and digits the ASCII path copies as they are
        for c in ('a'..='z')
            .chain('0'..='9')
            .filter(|c| !"jqwxy".contains(*c))
        {
            assert_eq!(cyrillic_to_latin(c, true), None, "{c}");
            assert_eq!(latin_base(c), None, "{c}");
        }
    }

    /// The folds `fold_words_appending` gives for `s`, appended after bytes it must keep.
    fn appended(s: &str) -> Vec<String> {
        #[cfg(not(target_arch = "x86_64"))]
        let words = appended_in(s, ());
        // each width alike: 64, 32 and 16 bytes at most, as on processors with AVX-512,
        // with AVX2 alone and with neither (a width the processor lacks falls back)
        #[cfg(target_arch = "x86_64")]
        let words = {
            use blocks::Width::{Narrow, Wide, Widest};
            let words = appended_in(s, Widest);
            for width in [Wide, Narrow] {
                assert_eq!(appended_in(s, width), words, "{width:?} in {s:?}");
            }
            words
        };
        words
    }

    fn appended_in(
        s: &str,
        #[cfg(target_arch = "x86_64")] width: blocks::Width,
        #[cfg(not(target_arch = "x86_64"))] width: (),
    ) -> Vec<String> {
        let (mut folds, mut ends) = (b"kept".to_vec(), Vec::new());
        fold_words_appending_in(width, s, &mut folds, &mut ends);
        assert_eq!(&folds[..4], b"kept");
        assert_eq!(ends.last().map_or(4, |&e| e as usize), folds.len());
        let mut from = 4;
        let words = ends.iter().map(|&end| {
            let word = String::from_utf8(folds[from..end as usize].to_vec()).unwrap();
            from = end as usize;
            word
        });
        words.collect()
    }

    fn slow_folds(s: &str) -> Vec<String> {
        let mut words = Vec::new();
        for_each_folded_word_slowly(s, |w, _, _| words.push(w.to_string()));
        words
    }

    #[test]
    fn long_runs_the_blocks_leave_and_take_fold_as_char_by_char() {
        // blocks given up for longer and longer stretches, then taken again
        let latin = "Qazaqstan Respublikasy ükimetiniñ şeşimi, äkimdik ".repeat(60);
        let cyrillic = "Атырау облысы әкімдігінің шешімі — «Ақжайық» ".repeat(60);
        for s in [
            format!("{latin}{cyrillic}{latin}"),
            format!("{cyrillic}{latin}{cyrillic}x"),
        ] {
            assert_eq!(appended(&s), slow_folds(&s));
        }
    }

    #[test]
    fn every_char_of_one_or_two_bytes_folds_in_a_block_as_char_by_char() {
        // each char at each place in a block, among letters the blocks fold and a space
        for c in (0..0x800).chain(0x2010..0x2030).filter_map(char::from_u32) {
            for at in 0..80 {
                // `c` at byte `at`: every place in a block of 16, 32 or 64 bytes (the
                // first block starts at byte 16)
                let before = format!("{}{}", "Ая".repeat(at / 4), "w".repeat(at % 4));
                let s = format!("{before}{c}б Ә{}x", "қ1".repeat(20));
                assert_eq!(appended(&s), slow_folds(&s), "{c:?} in {s:?}");
            }
        }
    }

    proptest! {
        /// The mask read from bytes is the mask of the chars.
        #[test]
        fn the_mask_from_bytes_is_the_mask_of_the_chars(
            word in "[a-zA-Z0-9 а-яА-ЯёәғқңөұүһіѐҀ-ӿα-ω一-丁\\PC]{0,16}"
        ) {
            let of_chars = word.chars().fold(0, |m, c| m | char_bit(c));
            prop_assert_eq!(char_mask(&word), of_chars);
        }
    }

    proptest! {
        /// The ASCII path of the skeleton gives what the general one gives, or declines.
        #[test]
        fn the_ascii_skeleton_is_the_skeleton(
            word in "[a-zа-яёәғқңөұүһіčšžçşğüöıáéñ0-9 α-ω一-丁chkpstz]{0,16}"
        ) {
            let mut general = String::new();
            skeleton_into(&word, &mut general, None);
            let mut fast = String::new();
            if skeleton_in_ascii(&word, &mut fast) {
                prop_assert_eq!(&fast, &general);
            } else {
                prop_assert!(!word.is_ascii());
            }
            let mut public = String::new();
            skeleton_of_fold(&word, &mut public);
            prop_assert_eq!(public, general);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn folding_is_idempotent(s in "\\PC{0,24}") {
            let once = fold(&s);
            prop_assert_eq!(&fold(&once), &once);
            let skel = skeleton(&s);
            prop_assert_eq!(&skeleton(&skel), &skel);
        }

        #[test]
        fn folding_mixed_kazakh_latin_is_idempotent(
            s in "[a-zA-Zа-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІёЁáǵıńóúýşçäğñöüū \u{301}]{0,24}"
        ) {
            let skel = skeleton(&s);
            prop_assert_eq!(&skeleton(&skel), &skel);
            prop_assert_eq!(&fold(&fold(&s)), &fold(&s));
        }

        #[test]
        fn folding_words_in_one_pass_agrees_with_words_then_fold(s in "\\PC{0,40}") {
            let mut one_pass = Vec::new();
            for_each_folded_word(&s, &mut String::new(), |w, a, b| one_pass.push((w.to_string(), a, b)));
            let two_pass: Vec<_> = words(&s).map(|w| (fold(w.text), w.start, w.end)).collect();
            prop_assert_eq!(one_pass, two_pass);
        }

        #[test]
        fn folding_words_by_table_agrees_with_char_by_char(
            s in "(\\PC|[a-zA-Z0-9 .,«»\u{a0}\u{2013}а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ\u{301}\u{483}\u{ad}ÀİẞŉΣσ]){0,60}"
        ) {
            let mut table = Vec::new();
            for_each_folded_word(&s, &mut String::new(), |w, a, b| table.push((w.to_string(), a, b)));
            let mut slowly = Vec::new();
            for_each_folded_word_slowly(&s, |w, a, b| slowly.push((w.to_string(), a, b)));
            prop_assert_eq!(&table, &slowly);
            // the build's variant: every word's fold after the one before, in one buffer
            prop_assert_eq!(appended(&s), slowly.into_iter().map(|(w, _, _)| w).collect::<Vec<_>>());
        }

        #[test]
        fn folding_words_in_blocks_agrees_with_char_by_char(
            s in "([a-zA-Z0-9 .,\n«»\u{a0}а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{0,80}[\u{400}-\u{4ff}\u{301}\u{ad}—é]?){0,8}"
        ) {
            // long runs of the chars the blocks fold, and now and then one they leave:
            // runs of up to 80 chars, so many fill a block of 64 bytes
            prop_assert_eq!(appended(&s), slow_folds(&s));
        }

        #[test]
        fn maps_have_one_source_per_output_char(s in "\\PC{0,24}") {
            let (f, map) = fold_with_map(&s);
            prop_assert_eq!(f.chars().count(), map.len());
            prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(map.iter().all(|&i| i < s.chars().count()));
            let (k, kmap) = skeleton_with_map(&f);
            prop_assert_eq!(k.chars().count(), kmap.len());
            prop_assert!(kmap.iter().all(|&i| i < f.chars().count()));
        }

        /// What the full masks rule out, the compact ones never let through.
        #[test]
        fn compact_masks_keep_every_match(a in "[a-zа-яәқ0-9]{0,6}", b in "[a-zа-яәқ0-9 ]{0,12}") {
            let (ma, mb) = (char_mask(&fold(&a)), char_mask(&fold(&b)));
            if ma & !mb == 0 {
                prop_assert_eq!(compact_mask(ma) & !compact_mask(mb), 0);
            }
            let cyrillic = fold(&b).chars().any(|c| ('а'..='я').contains(&c));
            prop_assert_eq!(compact_mask(mb) & COMPACT_CYRILLIC != 0, cyrillic);
        }
    }
}
