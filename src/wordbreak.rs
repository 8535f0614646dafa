//! UAX #29 word boundaries, fast for the common case. A line made only of ASCII, common
//! news punctuation, no-break spaces and Cyrillic (Kazakh, Russian) is segmented here with the rules those
//! characters can meet; any other line goes to `unicode-segmentation`. Both give the same
//! segments (a property test holds them to it); this path only skips the table lookups
//! that make up half the time of a CoNLL export. [`count_words`] counts words the same
//! way, falling back to the library only for the stretch between two spaces that holds a
//! character outside those scripts.

use unicode_segmentation::UnicodeSegmentation;

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

/// Whether UAX #29 keeps `classes[i - 1]` and `classes[i]` in one segment.
fn joined(classes: &[Class], i: usize) -> bool {
    let prev = i.checked_sub(2).map(|j| classes[j]);
    joins(
        prev,
        classes[i - 1],
        classes[i],
        classes.get(i + 1).copied(),
    )
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
    let mut classes: Vec<Class> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    let mut line_start = 0;
    // WB3 to WB3b: a line feed (or CR LF) is always a segment of its own, so lines are
    // independent
    for line in text.split_inclusive('\n') {
        let body = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .unwrap_or(line);
        segment_line(body, line_start, &mut classes, &mut offsets, &mut f);
        if body.len() < line.len() {
            f(line_start + body.len(), &line[body.len()..]);
        }
        line_start += line.len();
    }
}

fn segment_line(
    line: &str,
    base: usize,
    classes: &mut Vec<Class>,
    offsets: &mut Vec<usize>,
    f: &mut impl FnMut(usize, &str),
) {
    classes.clear();
    offsets.clear();
    for (b, c) in line.char_indices() {
        match class(c) {
            Some(k) => {
                classes.push(k);
                offsets.push(b);
            }
            None => {
                for (b, segment) in line.split_word_bound_indices() {
                    f(base + b, segment);
                }
                return;
            }
        }
    }
    let mut start = 0;
    for i in 1..classes.len() {
        if !joined(classes, i) {
            f(base + start, &line[start..offsets[i]]);
            start = offsets[i];
        }
    }
    if !line.is_empty() {
        f(base + start, &line[start..]);
    }
}

/// How many UAX #29 word segments of `text` hold a letter or digit: the same count as
/// `unicode_words().count()`, at scan speed over the scripts [`class`] knows.
pub fn count_words(text: &str) -> usize {
    let mut counter = Counter::default();
    let (mut words, mut start, mut after_space) = (0, 0, false);
    for (b, c) in text.char_indices() {
        let k = class_fast(c);
        // always a boundary (WB3a, WB3b, and no rule joins a space to what follows it
        // unless that is a space or an extender), so the two sides segment alone
        let newline = matches!(c, '\n' | '\r');
        if newline || (after_space && k.is_some_and(|k| k != Class::Space)) {
            words += counter.finish(&text[start..b]);
            start = if newline { b + 1 } else { b };
        }
        after_space = k == Some(Class::Space);
        match k {
            _ if newline => {}
            Some(k) => counter.push(k),
            None => counter.unknown = true,
        }
    }
    words + counter.finish(&text[start..])
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
    }
}
