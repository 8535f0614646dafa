//! UAX #29 word boundaries, fast for the common case. A line made only of ASCII, common
//! news punctuation, no-break spaces and Cyrillic (Kazakh, Russian) is segmented here with the rules those
//! characters can meet; any other line goes to `unicode-segmentation`. Both give the same
//! segments (a property test holds them to it); this path only skips the table lookups
//! that make up half the time of a CoNLL export. [`count_words`] counts words the same
//! way, falling back to the library only for the stretch between two spaces that holds a
//! character outside those scripts.

use unicode_segmentation::UnicodeSegmentation;

mod blocks;

/// The UAX #29 word-break classes of the characters the fast path knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    ExtendNumLet,
    Space,
    Other,
}

/// The class of `c`, or `None` when only the full tables know it.
const fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c {
        'A'..='Z' | 'a'..='z' => Letter,
        '0'..='9' => Numeric,
        ' ' => Space,
        ':' => MidLetter,
        ',' | ';' => MidNum,
        '.' => MidNumLet,
        '\'' => SingleQuote,
        '_' => ExtendNumLet,
        // '"' is Double_Quote, which only Hebrew letters treat specially
        '!' | '"' | '#'..='&' | '('..='+' | '-' | '/' | '<'..='@' | '['..='^' | '`' | '{'..='~' => {
            Other
        }
        '«' | '»' | '–' | '—' | '…' | '“' | '”' | '„' | '№' | '\u{a0}' => Other,
        // the narrow no-break space joins like `_` (so "9\u{202f}000" is one segment)
        '\u{202f}' => ExtendNumLet,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{52f}' => Letter,
        _ => return None,
    })
}

/// [`class`] of every ASCII character, looked up instead of matched in the word count.
const ASCII_CLASSES: [Option<Class>; 128] = {
    let mut table = [None; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = class(i as u8 as char);
        i += 1;
    }
    table
};

/// [`class`], with the characters of most news text (ASCII, Cyrillic letters) first.
#[inline]
fn class_fast(c: char) -> Option<Class> {
    match c as u32 {
        u @ 0..=0x7f => ASCII_CLASSES[u as usize],
        0x430..=0x44f | 0x410..=0x42f | 0x400..=0x481 | 0x48a..=0x52f => Some(Class::Letter),
        _ => class(c),
    }
}

fn mid_letter(c: Class) -> bool {
    matches!(c, Class::MidLetter | Class::MidNumLet | Class::SingleQuote)
}

fn mid_num(c: Class) -> bool {
    matches!(c, Class::MidNum | Class::MidNumLet | Class::SingleQuote)
}

/// Whether UAX #29 keeps `before` and `after` in one segment, given the classes around
/// them (rules WB3d to WB13b, for the classes above).
fn joins(prev: Option<Class>, before: Class, after: Class, next: Option<Class>) -> bool {
    use Class::*;
    match (before, after) {
        (Space, Space) | (Letter, Letter) | (Numeric, Numeric) => true,
        (Letter, Numeric) | (Numeric, Letter) => true,
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
        (ExtendNumLet, Letter | Numeric) => true,
        (Letter, m) if mid_letter(m) => next == Some(Letter),
        (m, Letter) if mid_letter(m) && prev == Some(Letter) => true,
        (Numeric, m) if mid_num(m) => next == Some(Numeric),
        (m, Numeric) if mid_num(m) => prev == Some(Numeric),
        _ => false,
    }
}

/// Calls `f(byte_offset, segment)` for every UAX #29 word segment of `text`, in order.
pub fn for_each_segment(text: &str, mut f: impl FnMut(usize, &str)) {
    let mut runs: Vec<Run> = Vec::new();
    let mut line_start = 0;
    // WB3 to WB3b: a line feed (or CR LF) is always a segment of its own, so lines are
    // independent
    for line in text.split_inclusive('\n') {
        let body = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .unwrap_or(line);
        segment_line(body, line_start, &mut runs, &mut f);
        if body.len() < line.len() {
            f(line_start + body.len(), &line[body.len()..]);
        }
        line_start += line.len();
    }
}

/// Letters and digits next to each other always join (WB5, WB8 to WB10), so a line is
/// read as runs of them and single other characters; a boundary can only fall between
/// two runs, decided by the classes at their edges.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: Class,
    last: Class,
    at: usize,
}

fn is_alnum(class: Class) -> bool {
    matches!(class, Class::Letter | Class::Numeric)
}

fn segment_line(line: &str, base: usize, runs: &mut Vec<Run>, f: &mut impl FnMut(usize, &str)) {
    runs.clear();
    let bytes = line.as_bytes();
    let mut b = 0;
    while let Some(&lead) = bytes.get(b) {
        // ASCII and the Cyrillic leads whose every character is a letter: from the byte
        let (class, len) = match lead {
            0x00..=0x7f => (ASCII_CLASSES[usize::from(lead)], 1),
            0xd0 | 0xd1 | 0xd3 => (Some(Class::Letter), 2),
            _ => {
                let c = line[b..].chars().next().unwrap_or('\0');
                (class_fast(c), c.len_utf8())
            }
        };
        let Some(k) = class else {
            for (b, segment) in line.split_word_bound_indices() {
                f(base + b, segment);
            }
            return;
        };
        match runs.last_mut() {
            Some(run) if is_alnum(k) && is_alnum(run.last) => run.last = k,
            _ => runs.push(Run {
                first: k,
                last: k,
                at: b,
            }),
        }
        b += len;
    }
    let mut start = 0;
    for i in 1..runs.len() {
        // `prev` and `next` only matter beside a single middle character (never a run)
        let prev = i.checked_sub(2).map(|j| runs[j].last);
        let next = runs.get(i + 1).map(|r| r.first);
        if !joins(prev, runs[i - 1].last, runs[i].first, next) {
            f(base + start, &line[start..runs[i].at]);
            start = runs[i].at;
        }
    }
    if !line.is_empty() {
        f(base + start, &line[start..]);
    }
}

/// How many UAX #29 word segments of `text` hold a letter or digit: the same count as
/// `unicode_words().count()`, at scan speed over the scripts [`class`] knows.
///
/// The text falls into stretches that segment alone: a line break always ends one, and
/// no rule joins a space to a known character after it. Letters and digits next to each
/// other always join, so a stretch of known characters with one run of them (`«облысы»,`)
/// is one word, and with none, none; only a stretch with more runs (`2,5%`, `don't`) or
/// an unknown character is segmented, by [`count_stretch`]. Plain text is counted 64
/// bytes at a time (`blocks`), the rest by [`count_plain`].
pub fn count_words(text: &str) -> usize {
    blocks::count_words(text)
}

/// [`count_words`] a character at a time.
fn count_plain(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut start, mut i) = (0, 0, 0);
    let (mut after_space, mut in_run, mut runs, mut unknown) = (false, false, 0, false);
    let mut close = |stretch: &str, runs: usize, unknown: bool| {
        words += if runs <= 1 && !unknown {
            runs
        } else {
            count_stretch(stretch)
        };
    };
    while i < bytes.len() {
        let (len, kind) = byte_kind(text, i);
        let line_break = kind == Kind::LineBreak;
        if line_break || (after_space && !matches!(kind, Kind::Space | Kind::Unknown)) {
            close(&text[start..i], runs, unknown);
            (runs, unknown) = (0, false);
            start = if line_break { i + 1 } else { i };
        }
        runs += usize::from(kind == Kind::Alnum && !in_run);
        in_run = kind == Kind::Alnum;
        unknown |= kind == Kind::Unknown;
        after_space = kind == Kind::Space;
        i += len;
        if in_run {
            // the rest of a word changes nothing; byte by byte, so no step waits on the last
            let rest = &bytes[i..];
            i += rest
                .iter()
                .position(|&b| !WORD_BYTES[usize::from(b)])
                .unwrap_or(rest.len());
        }
    }
    close(&text[start..], runs, unknown);
    words
}

/// Bytes of the letters and digits [`class`] surely knows: ASCII ones, the Cyrillic
/// leads whose every character is a letter, and continuation bytes, which inside a word
/// only ever follow one of those leads (any other lead ends the word first).
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | 0x80..=0xbf | 0xd0 | 0xd1 | 0xd3);
        b += 1;
    }
    table
};

/// What [`count_words`] needs to know of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Space,
    LineBreak,
    /// A letter or digit that [`class`] knows.
    Alnum,
    /// Any other character [`class`] knows.
    Known,
    Unknown,
}

/// The length and [`Kind`] of the character at byte `i` (a char boundary) of `text`,
/// read from its bytes for ASCII and the Cyrillic letters.
#[inline]
fn byte_kind(text: &str, i: usize) -> (usize, Kind) {
    let bytes = text.as_bytes();
    let next = || bytes.get(i + 1).copied().unwrap_or(0);
    match bytes[i] {
        b' ' => (1, Kind::Space),
        b'\n' | b'\r' => (1, Kind::LineBreak),
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (1, Kind::Alnum),
        // U+0400..U+043F, U+0440..U+047F, U+04C0..U+04FF: all letters
        0xd0 | 0xd1 | 0xd3 => (2, Kind::Alnum),
        // U+0480..U+04BF but for U+0482..U+0489 (a sign and combining marks)
        0xd2 if !(0x82..=0x89).contains(&next()) => (2, Kind::Alnum),
        // U+0500..U+052F
        0xd4 if next() < 0xb0 => (2, Kind::Alnum),
        _ => {
            let c = text[i..].chars().next().unwrap_or(' ');
            let kind = match class_fast(c) {
                Some(Class::Letter | Class::Numeric) => Kind::Alnum,
                Some(Class::Space) => Kind::Space,
                Some(_) => Kind::Known,
                None => Kind::Unknown,
            };
            (c.len_utf8(), kind)
        }
    }
}

/// The words of a stretch (no line break in it), fed to a [`Counter`] one class at a time.
fn count_stretch(stretch: &str) -> usize {
    let mut counter = Counter::default();
    for c in stretch.chars() {
        match class_fast(c) {
            Some(k) => counter.push(k),
            None => counter.unknown = true,
        }
    }
    counter.finish(stretch)
}

/// Word segments of a stretch of text fed one class at a time, deciding each boundary
/// once the class after it is known.
#[derive(Default)]
struct Counter {
    /// The last three classes, most recent last.
    window: [Option<Class>; 3],
    words: usize,
    alnum: bool,
    /// A character only the full tables know: the stretch is counted by the library.
    unknown: bool,
}

impl Counter {
    fn push(&mut self, next: Class) {
        let [prev, before, after] = self.window;
        self.decide(prev, before, after, Some(next));
        self.window = [before, after, Some(next)];
    }

    /// Settles the boundary before `after` and adds `after` to its segment.
    fn decide(
        &mut self,
        prev: Option<Class>,
        before: Option<Class>,
        after: Option<Class>,
        next: Option<Class>,
    ) {
        let Some(after) = after else { return };
        if let Some(before) = before
            && !joins(prev, before, after, next)
        {
            self.words += usize::from(self.alnum);
            self.alnum = false;
        }
        self.alnum |= matches!(after, Class::Letter | Class::Numeric);
    }

    /// The words of `stretch` (the text fed since the last call), and a fresh start.
    fn finish(&mut self, stretch: &str) -> usize {
        let [p, b, a] = self.window;
        self.decide(p, b, a, None);
        let words = if self.unknown {
            stretch.unicode_words().count()
        } else {
            self.words + usize::from(self.alnum)
        };
        *self = Counter::default();
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for_each_segment(text, |b, s| out.push((b, s.to_string())));
        out
    }

    fn library(text: &str) -> Vec<(usize, String)> {
        text.split_word_bound_indices()
            .map(|(b, s)| (b, s.to_string()))
            .collect()
    }

    #[test]
    fn agrees_on_news_text() {
        for text in [
            "«Атырау облысы» 9 000 адам, 2,1% — ға; 3.14 e.g. don't ҚР-ның 1-ші",
            "a_b __ x1 1x 1.2.3 a.b. 'quoted' \"dq\" a:b a::b ..\n\nline two…",
            "Мұхтар Әуезов № 5, 12:30; «Ақ жол» 1 347 өтініш",
            "emoji 😀 and é combining\nback to simple",
            "",
            "\n",
        ] {
            assert_eq!(ours(text), library(text), "{text:?}");
        }
    }

    const ALPHABET: &[&str] = &[
        "a", "Z", "ж", "Ә", "ң", "ё", "1", "0", " ", "  ", ":", ",", ";", ".", "'", "\"", "_", "-",
        "%", "«", "»", "—", "–", "…", "“", "”", "„", "№", "\n", "!", "?", "(", ")", "/", "@", "#",
        "҂", "\u{483}", "\u{a0}", "\u{202f}", "😀", "\t", "\r", "’", "·", "\u{301}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_fast_path_gives_the_segments_of_unicode_segmentation(
            parts in prop::collection::vec(prop::sample::select(ALPHABET), 0..30)
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(ours(&text), library(&text));
        }

        #[test]
        fn the_byte_scan_counts_the_words_of_unicode_segmentation(
            parts in prop::collection::vec(prop::sample::select(COUNT_ALPHABET), 0..40)
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(count_words(&text), text.unicode_words().count());
        }
    }

    /// Words, spaces and the punctuation the block scan knows.
    const PLAIN: &[&str] = &[
        "облысы",
        "Атырау",
        "қ",
        "ңұ",
        "Ғ",
        "a",
        "Don",
        "1",
        "2",
        "000",
        "x9",
        " ",
        " ",
        " ",
        " ",
        "\n",
        ", ",
        ". ",
        "«",
        "»",
        "—",
        "–",
        "…",
        "№",
        "“",
        "”",
        "„",
        "\u{a0}",
        "-",
        "%",
        "(",
        ")",
        "\"",
        "!",
        "?",
        "\r\n",
        "/",
        "@",
    ];

    /// Characters that send a stretch to the slow path, or look like those that do.
    const ODD: &[&str] = &[
        ".", ",", "'", ":", ";", "_", "\u{202f}", "\u{301}", "😀", "\u{482}", "\u{489}", "\u{48a}",
        "Ԯ", "\u{530}", "é", "\t", "\r", "\u{2011}", "\u{200d}", "\u{ad}", "’", "\u{2014}",
        "\u{2116}", "\u{2117}", "\u{a1}", "\u{7f}", "\u{1}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn the_block_scan_counts_the_words_of_unicode_segmentation_on_long_text(
            parts in prop::collection::vec(
                prop_oneof![30 => prop::sample::select(PLAIN), 1 => prop::sample::select(ODD)],
                0..400,
            )
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(count_words(&text), text.unicode_words().count());
            prop_assert_eq!(count_words(&text), count_plain(&text));
            prop_assert_eq!(blocks::count_words_narrow(&text), count_plain(&text));
        }
    }

    /// [`ALPHABET`] and the edges of the Cyrillic ranges the byte scan reads as letters.
    const COUNT_ALPHABET: &[&str] = &[
        "a", "ж", "1", " ", "  ", "\n", "\r\n", ".", ",", "'", "_", "«", "\u{a0}", "\u{202f}",
        "😀", "\t", "\u{301}", "\u{400}", "\u{43f}", "\u{440}", "\u{47f}", "\u{480}", "\u{481}",
        "\u{482}", "\u{483}", "\u{489}", "\u{48a}", "\u{4bf}", "\u{4c0}", "\u{4ff}", "\u{500}",
        "\u{52f}", "\u{530}", "\u{53f}", "Ә", "ң", "0", "x", "é", "ω", "-", "—",
    ];

    #[test]
    fn counts_words_of_news_text() {
        for text in [
            "«Атырау облысы» 9 000 адам, 2,1% — ға; 3.14 don't ҚР-ның 1-ші",
            "  leading and trailing  \n\r\nnext line ",
            "a \u{301}b \u{482}x Ԯ\u{530}",
            "",
        ] {
            assert_eq!(count_words(text), text.unicode_words().count(), "{text:?}");
        }
    }
}
