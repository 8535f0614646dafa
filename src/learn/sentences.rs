//! Articles as the tagger sees them: sentences of words with their code-point ranges.
//! Articles read from CoNLL keep their own sentences and tokens; any other text is cut
//! as `tanba export --format conll` cuts it (UAX #29 words, a sentence after a line break
//! or a full stop), and at the edges of the spans given, so every span covers whole words.

use super::Example;
use super::bio::{TokenSpan, encode};
use crate::corpus::Article;
use crate::export::tokens::{edges, is_closing, is_terminal, pieces};

/// A sentence: its words and each word's `[start, end)` in code points of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub words: Vec<&'a str>,
    pub ranges: Vec<(usize, usize)>,
}

/// A span to learn: `[start, end)` in code points and a label index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labelled {
    pub start: usize,
    pub end: usize,
    pub label: usize,
}

/// The sentences of `article`; text without original tokens is also cut at every edge
/// of `spans` (sorted by start, not overlapping), and never between two words of one.
pub fn split<'a>(article: &'a Article, spans: &[Labelled]) -> Vec<Sentence<'a>> {
    if let Some(sentences) = &article.tokens {
        return sentences
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| Sentence {
                words: s.iter().map(|t| t.text.as_str()).collect(),
                ranges: s.iter().map(|t| (t.start, t.end)).collect(),
            })
            .collect();
    }
    let text = article.text.as_str();
    let mut cursor = crate::text::Cursor::new(text);
    let mut byte = |cp: usize| cursor.byte(cp).unwrap_or(text.len());
    let cuts = edges(spans.iter().map(|s| (byte(s.start), byte(s.end))));
    let mut out = Vec::new();
    let mut current = Sentence {
        words: Vec::new(),
        ranges: Vec::new(),
    };
    let (mut line_break, mut after_terminal, mut span_at) = (false, false, 0);
    for piece in pieces(text, &cuts) {
        let token = piece.text(text);
        if piece.space {
            line_break |= token.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}']);
            continue;
        }
        while span_at < spans.len() && spans[span_at].end <= piece.start {
            span_at += 1;
        }
        let in_span = spans.get(span_at).is_some_and(|s| s.start < piece.start);
        let lower = token.chars().next().is_some_and(char::is_lowercase);
        let new_sentence = line_break || (after_terminal && !is_closing(token) && !lower);
        if new_sentence && !in_span && !current.words.is_empty() {
            out.push(std::mem::replace(
                &mut current,
                Sentence {
                    words: Vec::new(),
                    ranges: Vec::new(),
                },
            ));
        }
        line_break = false;
        after_terminal = is_terminal(token) || (after_terminal && is_closing(token));
        current.words.push(token);
        current.ranges.push((piece.start, piece.end));
    }
    if !current.words.is_empty() {
        out.push(current);
    }
    out
}

/// The spans of `spans` within `sentence` as token ranges: each covers the words it
/// overlaps. A span that shares a word with an earlier one is left out and counted in
/// `clashes` (two spans inside one CoNLL token).
pub fn token_spans(sentence: &Sentence, spans: &[Labelled], clashes: &mut usize) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    let (first, last) = match (sentence.ranges.first(), sentence.ranges.last()) {
        (Some(f), Some(l)) => (f.0, l.1),
        _ => return out,
    };
    for s in spans.iter().filter(|s| s.start < last && s.end > first) {
        let start = sentence.ranges.partition_point(|r| r.1 <= s.start);
        let end = sentence.ranges.partition_point(|r| r.0 < s.end);
        if start >= end {
            continue; // only whitespace between two words
        }
        if out.last().is_some_and(|prev| prev.end > start) {
            *clashes += 1;
            continue;
        }
        out.push(TokenSpan {
            start,
            end,
            label: s.label,
        });
    }
    out
}

/// Training examples from one article and its spans (sorted, not overlapping).
pub fn examples(article: &Article, spans: &[Labelled], clashes: &mut usize) -> Vec<Example> {
    split(article, spans)
        .iter()
        .map(|s| Example {
            words: s.words.iter().map(|w| w.to_string()).collect(),
            tags: encode(s.words.len(), &token_spans(s, spans, clashes)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;
    use crate::learn::bio::decode;
    use proptest::prelude::*;

    fn article(text: &str) -> Article {
        Article::from_text("a", text, SourceRef::new("a.txt", 1))
    }

    #[test]
    fn sentences_end_at_full_stops_and_line_breaks_not_inside_a_span() {
        let a = article("Қ. Тоқаев Астанада болды. Ол келді\nЖаңа жол");
        let sentences = split(&a, &[]);
        let words: Vec<_> = sentences.iter().map(|s| s.words.join(" ")).collect();
        assert_eq!(
            words,
            ["Қ .", "Тоқаев Астанада болды .", "Ол келді", "Жаңа жол"]
        );
        let person = [Labelled {
            start: 0,
            end: 9,
            label: 0,
        }];
        let sentences = split(&a, &person);
        assert_eq!(
            sentences[0].words,
            ["Қ", ".", "Тоқаев", "Астанада", "болды", "."]
        );
        let mut clashes = 0;
        let ex = examples(&a, &person, &mut clashes);
        let spans = decode(&ex[0].tags);
        assert_eq!((spans[0].start, spans[0].end), (0, 3));
        assert_eq!(clashes, 0);
    }

    proptest! {
        #[test]
        fn a_span_never_splits_a_word(
            words in proptest::collection::vec("[а-яәқңA-Z]{1,6}[.,]?", 1..12),
            picks in proptest::collection::vec((0usize..60, 1usize..12), 0..4),
        ) {
            let text = words.join(" ");
            let len = text.chars().count();
            let mut spans: Vec<Labelled> = Vec::new();
            for (start, width) in picks {
                let (start, end) = (start % len, (start % len + width).min(len));
                if spans.iter().all(|s| end <= s.start || start >= s.end) {
                    spans.push(Labelled { start, end, label: 0 });
                }
            }
            spans.sort_by_key(|s| s.start);
            let a = article(&text);
            for sentence in split(&a, &spans) {
                for &(ws, we) in &sentence.ranges {
                    for s in &spans {
                        // a word lies wholly inside or wholly outside every span
                        prop_assert!(we <= s.start || ws >= s.end || (ws >= s.start && we <= s.end));
                    }
                }
            }
        }
    }
}
