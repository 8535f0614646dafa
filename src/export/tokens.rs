//! The tokenizer of the token-based formats (spacy, conll) for articles that have no
//! original tokens: UAX #29 word boundaries, whitespace runs kept apart, and a cut at
//! every span boundary so that every span starts and ends on a token edge.

mod scan;

pub use scan::for_each_piece;
pub(crate) use scan::{BLOCK, Kind, block_masks, body_end, kind_at, word_end, word_end_from};

/// Characters that separate tokens: Unicode White_Space, plus the information separators
/// U+001C..U+001F that Python's `str.split()` and `splitlines()` also break on, so a
/// token we write is never split again by a reader.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// A token or a whitespace run: `[start, end)` in code points, and the same in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub space: bool,
}

impl Piece {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Splits `text` into pieces: a new one starts at every UAX #29 word boundary between
/// non-whitespace characters, wherever whitespace begins or ends, and at every byte
/// offset in `cuts` (sorted ascending). Adjacent whitespace stays one run unless cut.
pub fn pieces(text: &str, cuts: &[usize]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut next_cut = 0;
    let mut cp = 0;
    // (byte start, code point start, is whitespace) of the piece being built
    let mut open: Option<(usize, usize, bool)> = None;
    let close = |open: &mut Option<(usize, usize, bool)>, out: &mut Vec<Piece>, byte, cp| {
        if let Some((b, s, sp)) = open.take() {
            out.push(Piece {
                start: s,
                end: cp,
                byte_start: b,
                byte_end: byte,
                space: sp,
            });
        }
    };
    crate::wordbreak::for_each_segment(text, |seg_byte, segment| {
        let seg_end = seg_byte + segment.len();
        while next_cut < cuts.len() && cuts[next_cut] < seg_byte {
            next_cut += 1;
        }
        let cut_inside = cuts[next_cut..]
            .iter()
            .take_while(|&&x| x < seg_end)
            .any(|&x| x > seg_byte);
        if segment == " " && open.is_none() {
            // the usual space between two words: a whitespace run of its own
            open = Some((seg_byte, cp, true));
            cp += 1;
            return;
        }
        let (chars, may_hold_separator) = scan(segment);
        let holds_separator = may_hold_separator && segment.chars().any(is_separator);
        if !cut_inside && !holds_separator {
            // the usual case, a word: one piece, and a word always starts a new one
            close(&mut open, &mut out, seg_byte, cp);
            out.push(Piece {
                start: cp,
                end: cp + chars,
                byte_start: seg_byte,
                byte_end: seg_end,
                space: false,
            });
            cp += chars;
            return;
        }
        for (i, c) in segment.char_indices() {
            let byte = seg_byte + i;
            let space = is_separator(c);
            while next_cut < cuts.len() && cuts[next_cut] < byte {
                next_cut += 1;
            }
            let at_cut = cuts.get(next_cut) == Some(&byte);
            let starts_new = match open {
                None => true,
                Some((_, _, was_space)) => was_space != space || at_cut || (i == 0 && !space),
            };
            if starts_new {
                close(&mut open, &mut out, byte, cp);
                open = Some((byte, cp, space));
            }
            cp += 1;
        }
    });
    close(&mut open, &mut out, text.len(), cp);
    out
}

/// The sorted, unique code points of every span start and end: where pieces must cut.
pub fn cuts(spans: &[&crate::annotation::Span]) -> Vec<usize> {
    edges(spans.iter().map(|s| (s.start, s.end)))
}

/// Each span's `[start, end)` in bytes (the text's end for an offset past it).
pub fn span_bytes(text: &str, spans: &[&crate::annotation::Span]) -> Vec<(usize, usize)> {
    let mut cursor = crate::text::Cursor::new(text);
    let mut byte = |cp: usize| cursor.byte(cp).unwrap_or(text.len());
    spans.iter().map(|s| (byte(s.start), byte(s.end))).collect()
}

/// Every start and end of `ranges`, sorted, once each.
pub fn edges(ranges: impl IntoIterator<Item = (usize, usize)>) -> Vec<usize> {
    let mut edges: Vec<usize> = ranges.into_iter().flat_map(|(a, b)| [a, b]).collect();
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// The code points of `s`, and whether it may hold a separator: most words have none of
/// the bytes that start one. One branch-free pass over the bytes.
fn scan(s: &str) -> (usize, bool) {
    let (mut chars, mut separator) = (0, false);
    for &b in s.as_bytes() {
        chars += usize::from((b as i8) >= -0x40);
        separator |= matches!(b, 0x09..=0x0d | 0x1c..=0x20 | 0xc2 | 0xe1 | 0xe2 | 0xe3);
    }
    (chars, separator)
}

/// Line breaks (UAX #29 paragraph separators) in a whitespace run.
#[inline]
pub fn has_line_break(space: &str) -> bool {
    // most runs are one space: look for the bytes that start a break before the chars
    space.bytes().any(|b| matches!(b, b'\n' | 0xc2 | 0xe2))
        && space.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}'])
}

/// A token of sentence-final punctuation only (`.`, `!`, `?`, `…`, `...`).
#[inline]
pub fn is_terminal(token: &str) -> bool {
    match token.as_bytes() {
        [b] => matches!(b, b'.' | b'!' | b'?'),
        // the first bytes of the characters below: most tokens are words, decided here
        [b, ..] if !matches!(b, b'.' | b'!' | b'?' | 0xd8 | 0xe0 | 0xe2 | 0xe3 | 0xef) => false,
        _ => token.chars().all(is_terminal_char),
    }
}

fn is_terminal_char(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '؟' | '।'
    )
}

/// A token of closing quotes and brackets only, which stay with the sentence they end.
#[inline]
pub fn is_closing(token: &str) -> bool {
    match token.as_bytes() {
        [b] => matches!(b, b')' | b']' | b'}' | b'"' | b'\''),
        // the first bytes of the characters below
        [b, ..] if !matches!(b, b')' | b']' | b'}' | b'"' | b'\'' | 0xc2 | 0xe2 | 0xe3) => false,
        _ => token.chars().all(is_closing_char),
    }
}

fn is_closing_char(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '»' | '”' | '’' | '"' | '\'' | '›' | '〉' | '」' | '』'
    )
}

/// Whether the token's first character is lower case, read from its bytes for ASCII and
/// Cyrillic.
#[inline]
pub fn starts_lower(token: &str) -> bool {
    match token.as_bytes() {
        [b, ..] if b.is_ascii() => b.is_ascii_lowercase(),
        _ => token.chars().next().is_some_and(|c| {
            let cyrillic = (c as usize).wrapping_sub(0x400);
            CYRILLIC_LOWER
                .get(cyrillic)
                .copied()
                .unwrap_or_else(|| c.is_lowercase())
        }),
    }
}

/// `char::is_lowercase` of U+0400..U+052F, the letters of Kazakh and Russian.
const CYRILLIC_LOWER: [bool; 0x130] = {
    let mut table = [false; 0x130];
    let mut i = 0;
    while i < table.len() {
        table[i] = match char::from_u32(0x400 + i as u32) {
            Some(c) => c.is_lowercase(),
            None => false,
        };
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Cursor;

    fn words(text: &str, cuts: &[usize]) -> Vec<String> {
        pieces(text, cuts)
            .iter()
            .map(|p| p.text(text).to_string())
            .collect()
    }

    #[test]
    fn splits_words_punctuation_and_keeps_whitespace_runs() {
        let text = "«Атырау облысы» іс-қимыл  2,1% —\nЖиын 9\u{a0}000";
        assert_eq!(
            words(text, &[]),
            [
                "«",
                "Атырау",
                " ",
                "облысы",
                "»",
                " ",
                "іс",
                "-",
                "қимыл",
                "  ",
                "2,1",
                "%",
                " ",
                "—",
                "\n",
                "Жиын",
                " ",
                "9",
                "\u{a0}",
                "000"
            ]
        );
    }

    #[test]
    fn cuts_inside_words_and_whitespace() {
        let text = "Досмұхамбетовтің  төрағалығымен";
        let cut = "Досмұхамбетов".len();
        let space = "Досмұхамбетовтің ".len();
        assert_eq!(
            words(text, &[cut, space]),
            ["Досмұхамбетов", "тің", " ", " ", "төрағалығымен"]
        );
        let p = pieces(text, &[cut]);
        assert_eq!(
            (p[0].start, p[0].end, p[1].start, p[1].end),
            (0, 13, 13, 16)
        );
    }

    #[test]
    fn a_combining_mark_after_a_space_never_glues_a_space_into_a_token() {
        let text = "a \u{301}b";
        let p = pieces(text, &[]);
        assert!(
            p.iter()
                .all(|p| p.space == p.text(text).chars().all(is_separator))
        );
        assert_eq!(words(text, &[]), ["a", " ", "\u{301}", "b"]);
    }

    #[test]
    fn information_separators_split_tokens() {
        assert_eq!(words("a\u{1f}b", &[]), ["a", "\u{1f}", "b"]);
    }

    /// `pieces` of `text` with cuts at code points `cuts`, and `for_each_piece`'s.
    fn both(text: &str, cuts: &[usize]) -> (Vec<Piece>, Vec<Piece>) {
        let mut cursor = Cursor::new(text);
        let bytes: Vec<usize> = cuts.iter().filter_map(|&c| cursor.byte(c)).collect();
        let mut fast = Vec::new();
        for_each_piece(text, cuts, |p| fast.push(p));
        (pieces(text, &bytes), fast)
    }

    #[test]
    fn the_fast_path_gives_the_pieces_of_the_general_path() {
        for (text, cuts) in [
            (
                "«Атырау облысы» іс-қимыл  2,1% —\nЖиын 9\u{a0}000 т.б. don't",
                &[][..],
            ),
            ("Досмұхамбетовтің  төрағалығымен", &[13, 17]),
            (
                "a \u{301}b\r\n  é  x\n\n 9\u{202f}000",
                &[1, 2, 3, 7, 8, 13],
            ),
            ("line one\nрусский é текст\nline three", &[5, 16, 17, 26]),
            ("", &[0]),
        ] {
            let (general, fast) = both(text, cuts);
            assert_eq!(fast, general, "{text:?} {cuts:?}");
        }
    }

    const ALPHABET: &[&str] = &[
        "a", "Z", "ж", "Ә", "ң", "ү", "1", "0", " ", "  ", ":", ",", ";", ".", "'", "\"", "_", "-",
        "%", "«", "»", "—", "–", "…", "“", "”", "„", "№", "\n", "\r\n", "!", "?", "(", ")", "҂",
        "\u{483}", "\u{a0}", "\u{202f}", "😀", "\t", "\r", "’", "é", "\u{301}", "\u{2028}", "Ԯ",
        "\u{530}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn for_each_piece_gives_the_pieces_of_the_general_path(
            parts in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..40),
            raw_cuts in proptest::collection::vec(0usize..60, 0..8),
        ) {
            let text: String = parts.concat();
            let len = text.chars().count();
            let mut cuts: Vec<usize> = raw_cuts.into_iter().filter(|&c| c <= len).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let (general, fast) = both(&text, &cuts);
            proptest::prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn byte_checks_agree_with_the_characters_they_stand_for() {
        for c in (0..0x1_0000)
            .filter_map(char::from_u32)
            .chain(['😀', '\u{1f600}'])
        {
            let s = c.to_string();
            assert_eq!(is_terminal(&s), is_terminal_char(c), "{c:?}");
            assert_eq!(is_closing(&s), is_closing_char(c), "{c:?}");
            assert_eq!(starts_lower(&s), c.is_lowercase(), "{c:?}");
            let two = format!("{c}.");
            assert_eq!(is_terminal(&two), is_terminal_char(c), "{two:?}");
            assert_eq!(is_closing(&format!("{c})")), is_closing_char(c), "{c:?}");
        }
    }

    #[test]
    fn sentence_punctuation_and_line_breaks() {
        assert!(is_terminal(".") && is_terminal("...") && is_terminal("?!"));
        assert!(!is_terminal(",") && !is_terminal("т.б"));
        assert!(is_closing("»") && is_closing("”)") && !is_closing("«"));
        assert!(has_line_break(" \n") && has_line_break("\u{2029}") && !has_line_break("\u{a0} "));
    }
}
