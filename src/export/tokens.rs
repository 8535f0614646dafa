//! The tokenizer of the token-based formats (spacy, conll) for articles that have no
//! original tokens: UAX #29 word boundaries, whitespace runs kept apart, and a cut at
//! every span boundary so that every span starts and ends on a token edge.

use unicode_segmentation::UnicodeSegmentation;

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
    let mut cuts = cuts.iter().copied().peekable();
    let mut cp = 0;
    // (byte start, code point start, is whitespace) of the piece being built
    let mut open: Option<(usize, usize, bool)> = None;
    for (seg_byte, segment) in text.split_word_bound_indices() {
        for (i, c) in segment.char_indices() {
            let byte = seg_byte + i;
            let space = is_separator(c);
            while cuts.next_if(|&x| x < byte).is_some() {}
            let at_cut = cuts.peek() == Some(&byte);
            let starts_new = match open {
                None => true,
                Some((_, _, was_space)) => was_space != space || at_cut || (i == 0 && !space),
            };
            if starts_new {
                if let Some((b, s, sp)) = open {
                    out.push(Piece {
                        start: s,
                        end: cp,
                        byte_start: b,
                        byte_end: byte,
                        space: sp,
                    });
                }
                open = Some((byte, cp, space));
            }
            cp += 1;
        }
    }
    if let Some((b, s, sp)) = open {
        out.push(Piece {
            start: s,
            end: cp,
            byte_start: b,
            byte_end: text.len(),
            space: sp,
        });
    }
    out
}

/// Byte offsets where a UAX #29 sentence begins (excluding 0), ascending.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    text.split_sentence_bound_indices()
        .map(|(b, _)| b)
        .filter(|&b| b > 0)
        .collect()
}

/// Each span's `[start, end)` in bytes.
pub fn span_bytes(text: &str, spans: &[&crate::annotation::Span]) -> Vec<(usize, usize)> {
    let index = crate::text::CharIndex::new(text);
    spans
        .iter()
        .map(|s| {
            let a = index.byte(text, s.start).unwrap_or(text.len());
            let b = index.byte(text, s.end).unwrap_or(text.len());
            (a, b)
        })
        .collect()
}

/// The sorted, unique byte offsets of every span start and end: where `pieces` must cut.
pub fn cuts(bytes: &[(usize, usize)]) -> Vec<usize> {
    let mut cuts: Vec<usize> = bytes.iter().flat_map(|&(a, b)| [a, b]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn sentences_start_after_terminal_punctuation_and_newlines() {
        let text = "Бір сөйлем. Екінші!\nҮшінші";
        let starts: Vec<&str> = sentence_starts(text).iter().map(|&b| &text[b..]).collect();
        assert_eq!(starts, ["Екінші!\nҮшінші", "Үшінші"]);
    }
}
