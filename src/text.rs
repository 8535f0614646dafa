//! Unicode helpers shared by every layer: code-point offsets, normalisation, hashing,
//! and making hostile characters visible.

use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// `1 span`, `2 spans`: a count with its noun, for every summary tanba prints.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The candidate nearest `word`, case aside, when a typo could explain the difference
/// (two edits at most, and fewer than the word has letters): every "did you mean …?".
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = 2.min(word.chars().count().saturating_sub(1));
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), c))
        .filter(|(edits, _)| *edits <= limit)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, c)| c)
}

/// `name` with its `%XX` escapes undone (as tanba escapes article ids in file names); a
/// name that does not decode to UTF-8 stays as it is.
pub fn percent_decoded(name: &str) -> String {
    if !name.contains('%') {
        return name.to_string();
    }
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| name.to_string())
}

/// Byte offset of code point `cp` in `s` (`cp == count` gives `s.len()`).
pub fn char_to_byte(s: &str, cp: usize) -> Option<usize> {
    if cp == 0 {
        return Some(0);
    }
    match s.char_indices().nth(cp) {
        Some((b, _)) => Some(b),
        None if s.chars().count() == cp => Some(s.len()),
        None => None,
    }
}

/// `s[start..end]` counted in code points, as Python slices; `None` if out of range.
pub fn slice_chars(s: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let a = char_to_byte(s, start)?;
    let b = a + char_to_byte(&s[a..], end - start)?;
    Some(&s[a..b])
}

/// Byte offsets of every 64th code point, so that code point -> byte is cheap on long texts.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    checkpoints: Vec<usize>,
    chars: usize,
}

const STRIDE: usize = 64;

impl CharIndex {
    pub fn new(s: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(s.len() / STRIDE + 1);
        let mut chars = 0;
        for (b, _) in s.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(b);
            }
            chars += 1;
        }
        CharIndex { checkpoints, chars }
    }

    pub fn char_count(&self) -> usize {
        self.chars
    }

    pub fn byte(&self, s: &str, cp: usize) -> Option<usize> {
        if cp > self.chars {
            return None;
        }
        if cp == self.chars {
            return Some(s.len());
        }
        let base = self.checkpoints[cp / STRIDE];
        let rest = cp % STRIDE;
        s[base..].char_indices().nth(rest).map(|(b, _)| base + b)
    }

    /// Code point offset of byte offset `b` (which must be a char boundary).
    pub fn char_at_byte(&self, s: &str, b: usize) -> usize {
        let block = self
            .checkpoints
            .partition_point(|&c| c <= b)
            .saturating_sub(1);
        let base = self.checkpoints.get(block).copied().unwrap_or(0);
        block * STRIDE + s[base..b.min(s.len())].chars().count()
    }

    pub fn slice<'a>(&self, s: &'a str, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        Some(&s[self.byte(s, start)?..self.byte(s, end)?])
    }
}

/// Text after reading: BOM dropped, CRLF (and lone CR) read as LF, with a map from
/// code-point offsets counted on the raw text to offsets in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// Raw code-point positions of the characters that were dropped, ascending.
    dropped: Vec<usize>,
}

impl Normalized {
    /// Maps an offset counted on the raw text onto the normalised text.
    pub fn map_offset(&self, raw: usize) -> usize {
        raw - self.dropped.partition_point(|&d| d < raw)
    }

    pub fn changed(&self) -> bool {
        !self.dropped.is_empty()
    }
}

pub fn normalize(raw: &str) -> Normalized {
    if !raw.contains(['\r', '\u{feff}']) {
        return Normalized {
            text: raw.to_string(),
            dropped: Vec::new(),
        };
    }
    let mut text = String::with_capacity(raw.len());
    let mut dropped = Vec::new();
    let mut chars = raw.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\u{feff}' if i == 0 => dropped.push(i),
            '\r' if matches!(chars.peek(), Some((_, '\n'))) => dropped.push(i),
            '\r' => text.push('\n'),
            _ => text.push(c),
        }
    }
    Normalized { text, dropped }
}

/// A stable fingerprint of an article text, stored with its annotations to detect drift.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The glyph to show instead of a character that must never reach a terminal raw:
/// controls become their Control Pictures (`␛`), bidi overrides `⇄`, invisible
/// format characters `◌`, C1 controls `�`. `None` means the character is safe as is.
/// Newline is layout, not content, and is left to the caller.
pub fn visible_char(c: char) -> Option<char> {
    match c {
        '\n' => None,
        '\t' => Some(' '),
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        '\u{80}'..='\u{9f}' => Some('�'),
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('⇄'),
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}' => Some('◌'),
        '\u{2028}' | '\u{2029}' => Some('⏎'),
        '\u{fff9}'..='\u{fffb}' => Some('◌'),
        _ => None,
    }
}

/// `s` with every hostile character replaced by its visible glyph (newlines too, as `⏎`).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\n' || visible_char(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '⏎',
                c => visible_char(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// Count of words (UAX #29 word segments with at least one alphanumeric character), by a
/// character-class scan over Latin, Cyrillic and news punctuation (`stats` reads the
/// whole corpus with it).
pub fn word_count(s: &str) -> usize {
    crate::wordbreak::count_words(s)
}

/// `s` in at most `width` display columns: whole, or cut with `…`, after the last whole
/// word that fits when that keeps at least half the room, else mid-word.
pub fn ellipsize(s: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    let w = |c: char| c.width().unwrap_or(0);
    if s.chars().map(w).sum::<usize>() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    // the longest prefix that leaves a column for the ellipsis
    let (mut end, mut used) = (0, 0);
    for (i, c) in s.char_indices() {
        if used + w(c) > width - 1 {
            break;
        }
        used += w(c);
        end = i + c.len_utf8();
    }
    let cut = &s[..end];
    let at_word = if s[end..].starts_with(char::is_whitespace) {
        Some(cut)
    } else {
        cut.rfind(char::is_whitespace).map(|i| &cut[..i])
    };
    let kept = match at_word.map(str::trim_end) {
        Some(words) if !words.is_empty() && 2 * words.chars().map(w).sum::<usize>() >= width => {
            words
        }
        _ => cut,
    };
    Cow::Owned(format!("{kept}…"))
}

/// Code point offsets to byte offsets by walking from the previous answer: spans come
/// sorted, so one pass over the text answers them all, with nothing to allocate.
#[derive(Debug, Clone)]
pub struct Cursor<'t> {
    text: &'t str,
    byte: usize,
    cp: usize,
}

impl<'t> Cursor<'t> {
    pub fn new(text: &'t str) -> Self {
        Cursor {
            text,
            byte: 0,
            cp: 0,
        }
    }

    /// The byte offset of code point `cp`; the text's length for its end, `None` past it.
    pub fn byte(&mut self, cp: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if self.cp < cp {
            self.skip_words_before(cp);
            // a byte at a time, first past the rest of a character the skip ended in
            loop {
                match bytes.get(self.byte) {
                    None => return (self.cp == cp).then_some(self.byte),
                    Some(&b) if (b as i8) < -0x40 => self.byte += 1, // a continuation byte
                    Some(_) if self.cp == cp => break,
                    Some(_) => {
                        self.cp += 1;
                        self.byte += 1;
                    }
                }
            }
        }
        while self.cp > cp {
            self.byte -= 1;
            while (bytes[self.byte] as i8) < -0x40 {
                self.byte -= 1; // a continuation byte
            }
            self.cp -= 1;
        }
        Some(self.byte)
    }

    /// Moves on 32, then 8 bytes at a time while code point `cp` starts after them; may
    /// stop inside a character. `self.cp` counts the characters started before `self.byte`.
    fn skip_words_before(&mut self, cp: usize) {
        self.skip_blocks::<32>(cp);
        self.skip_blocks::<8>(cp);
    }

    fn skip_blocks<const N: usize>(&mut self, cp: usize) {
        let bytes = self.text.as_bytes();
        while let Some(block) = bytes.get(self.byte..self.byte + N) {
            let block: &[u8; N] = block.try_into().unwrap_or(&[0; N]);
            // characters start at every byte but continuation bytes (0b10xxxxxx)
            let starts = block.iter().filter(|&&b| (b as i8) >= -0x40).count();
            if self.cp + starts > cp {
                return;
            }
            self.byte += N;
            self.cp += starts;
        }
    }

    /// The text from code point `start` to `end`, if both lie in it.
    pub fn slice(&mut self, start: usize, end: usize) -> Option<&'t str> {
        if start > end {
            return None;
        }
        let a = self.byte(start)?;
        let b = self.byte(end)?;
        self.text.get(a..b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn percent_escapes_are_undone_and_bad_ones_kept() {
        assert_eq!(percent_decoded("IOB2_valid%231"), "IOB2_valid#1");
        assert_eq!(percent_decoded("%D0%90%D1%82"), "Ат");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("a%zz"), "a%zz");
        // a lone byte that is not UTF-8 leaves the name as it was
        assert_eq!(percent_decoded("x%ff"), "x%ff");
    }

    #[test]
    fn ellipsize_cuts_at_a_word_with_an_ellipsis() {
        let msg = "read-only: annotations/me/kk.ron:7:3: span 6..0 ends before it starts";
        assert_eq!(ellipsize(msg, 200), msg);
        assert_eq!(
            ellipsize(msg, 50),
            "read-only: annotations/me/kk.ron:7:3: span 6..0…"
        );
        assert_eq!(ellipsize("Атырау облысы әкімі", 16), "Атырау облысы…");
        // no word boundary in the first half: cut inside the word
        assert_eq!(
            ellipsize("Досмұхамбетовтің төрағалығымен", 10),
            "Досмұхамб…"
        );
        assert_eq!(ellipsize("日本語のニュース", 7), "日本語…");
        assert_eq!(ellipsize("abc", 0), "");
    }

    #[test]
    fn slices_by_code_points_like_python() {
        let s = "«Атырау облысы» 😀 é";
        assert_eq!(slice_chars(s, 1, 7), Some("Атырау"));
        assert_eq!(slice_chars(s, 16, 17), Some("😀"));
        assert_eq!(slice_chars(s, 0, 100), None);
        assert_eq!(slice_chars(s, 3, 2), None);
        assert_eq!(slice_chars(s, 19, 19), Some(""));
        assert_eq!(slice_chars(s, 20, 20), None);
    }

    #[test]
    fn normalisation_drops_bom_and_cr_and_maps_offsets() {
        let raw = "\u{feff}Бір\r\nЕкі\rҮш";
        let n = normalize(raw);
        assert_eq!(n.text, "Бір\nЕкі\nҮш");
        // "Екі" is at raw 6..9 (BOM + Бір + CR + LF), normalised 4..7.
        assert_eq!(n.map_offset(6), 4);
        assert_eq!(n.map_offset(9), 7);
        assert_eq!(
            slice_chars(&n.text, n.map_offset(6), n.map_offset(9)),
            Some("Екі")
        );
        assert_eq!(n.map_offset(1), 0);
    }

    #[test]
    fn hostile_characters_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb\u{202e}c\u{9b}"), "a␛[2Jb⇄c�");
        assert_eq!(sanitize("Атырау"), "Атырау");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
    }

    /// What `word_count` was before its fast path, and must stay equal to.
    fn reference_word_count(s: &str) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        s.unicode_words().count()
    }

    #[test]
    fn word_count_on_news_text() {
        for (text, words) in [
            (
                "«Атырау облысы» 9 000 адам, 2,1% — ға; 3.14 don't ҚР-ның 1-ші",
                13,
            ),
            ("Мұхтар Әуезов № 5, 12:30;\r\n«Ақ жол» 1 347 өтініш", 10),
            ("emoji 😀 and é combining\nback 日本語 to simple", 10),
            ("", 0),
            (" \n — «» ", 0),
        ] {
            assert_eq!(word_count(text), reference_word_count(text), "{text:?}");
            assert_eq!(word_count(text), words, "{text:?}");
        }
    }

    /// Pieces of news text in every script the fast path knows, and some it does not.
    const WORD_PIECES: &[&str] = &[
        "Атырау",
        "облысы",
        "ҚР",
        "әкімі",
        "ң",
        "ё",
        "Москва",
        "ъ",
        "news",
        "Z",
        "x1",
        "2024",
        "9",
        "0",
        " ",
        "  ",
        "\u{a0}",
        "\u{202f}",
        "\t",
        "\n",
        "\r\n",
        "\r",
        ".",
        ",",
        ":",
        ";",
        "'",
        "\"",
        "«",
        "»",
        "—",
        "–",
        "-",
        "…",
        "“",
        "”",
        "„",
        "№",
        "%",
        "(",
        ")",
        "!",
        "?",
        "_",
        "/",
        "’",
        "·",
        "😀",
        "👍🏽",
        "\u{200d}",
        "🇰🇿",
        "\u{301}",
        "\u{483}",
        "\u{903}",
        "é",
        "日本語",
        "の",
        "ニュース",
        "한국",
        "\u{3000}",
        "\u{2003}",
        "\u{feff}",
        "٣",
        "ا",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn word_count_equals_unicode_segmentation(
            parts in proptest::collection::vec(prop::sample::select(WORD_PIECES), 0..40)
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(word_count(&text), reference_word_count(&text));
        }

        #[test]
        fn word_count_equals_unicode_segmentation_on_any_text(s in "\\PC{0,200}") {
            prop_assert_eq!(word_count(&s), reference_word_count(&s));
        }
    }

    proptest! {
        #[test]
        fn ellipsize_fits_and_keeps_a_prefix(s in "[a-zа-я 日]{0,40}", width in 0usize..30) {
            use unicode_width::UnicodeWidthStr;
            let cut = ellipsize(&s, width);
            prop_assert!(cut.width() <= width);
            let kept = cut.strip_suffix('…').unwrap_or(&cut);
            prop_assert!(s.starts_with(kept));
        }

        #[test]
        fn char_index_agrees_with_slicing(s in "\\PC{0,300}", a in 0usize..320, b in 0usize..320) {
            let idx = CharIndex::new(&s);
            prop_assert_eq!(idx.char_count(), s.chars().count());
            prop_assert_eq!(idx.slice(&s, a, b), slice_chars(&s, a, b));
            if let Some(byte) = idx.byte(&s, a) {
                prop_assert_eq!(idx.char_at_byte(&s, byte), a);
            }
        }

        #[test]
        fn normalised_offsets_cover_the_same_characters(
            parts in proptest::collection::vec(("[а-яәғқңөұүһі a-z]{0,8}", prop::bool::ANY), 1..10),
            bom in prop::bool::ANY,
        ) {
            let mut raw = String::new();
            if bom { raw.push('\u{feff}'); }
            for (p, crlf) in &parts {
                raw.push_str(p);
                raw.push_str(if *crlf { "\r\n" } else { "\n" });
            }
            let n = normalize(&raw);
            // every word of the raw text maps to the same word in the normalised text
            for (cp, c) in raw.chars().enumerate() {
                if c != '\r' && c != '\n' && c != '\u{feff}' {
                    let m = n.map_offset(cp);
                    let expected = c.to_string();
                    prop_assert_eq!(slice_chars(&n.text, m, m + 1), Some(expected.as_str()));
                }
            }
        }
    }

    #[test]
    fn the_cursor_maps_code_points_in_any_order_as_the_char_index_does() {
        let text = "😀 Қанат\u{301} a\nж";
        let index = CharIndex::new(text);
        let mut cursor = Cursor::new(text);
        let chars = text.chars().count();
        for cp in [3, 0, chars, chars + 1, 7, 1, 8, chars, 2, chars + 5, 4] {
            assert_eq!(cursor.byte(cp), index.byte(text, cp), "code point {cp}");
        }
        for (a, b) in [(2, 7), (0, 1), (7, 2), (5, chars), (9, chars + 1)] {
            assert_eq!(cursor.slice(a, b), index.slice(text, a, b), "{a}..{b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_cursor_agrees_with_the_char_index(
            text in "\\PC{0,120}",
            asks in proptest::collection::vec((0usize..125, 0usize..125), 0..12)
        ) {
            let index = CharIndex::new(&text);
            let mut cursor = Cursor::new(&text);
            for (a, b) in asks {
                proptest::prop_assert_eq!(cursor.byte(a), index.byte(&text, a));
                proptest::prop_assert_eq!(cursor.slice(a, b), index.slice(&text, a, b));
            }
        }

        #[test]
        fn the_cursor_agrees_on_news_text_asked_in_order(
            // runs of one-, two- and four-byte characters, as the eight-byte skip meets them
            text in "[a-z .а-яә\n😀]{0,200}",
            mut asks in proptest::collection::vec(0usize..210, 0..20)
        ) {
            asks.sort_unstable();
            let index = CharIndex::new(&text);
            let mut cursor = Cursor::new(&text);
            for a in asks {
                proptest::prop_assert_eq!(cursor.byte(a), index.byte(&text, a));
            }
        }
    }
}
