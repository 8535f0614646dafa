//! spaCy / Prodigy JSONL: `{"text", "tokens": [{"text","start","end","id","ws"}],
//! "spans": [{"start","end","label","token_start","token_end"}], "meta": {...}}`, offsets
//! in code points, `token_end` inclusive as Prodigy writes it.
//!
//! An article read from CoNLL keeps its own tokens (cut only where a span starts or ends
//! inside one, counted as CoNLL export counts it), and the break between two sentences
//! is no token: the last token of a sentence gets `ws`. Other articles follow spaCy's
//! rule for whitespace: a single space after a token is that token's `ws`; any other
//! whitespace (a line break too) is a token of its own, so joining every token's text
//! plus `" "` where `ws` gives the article text back exactly. Sentence starts (a CoNLL
//! sentence's first token; the first word of the text and of each line) carry
//! `"is_sent_start": true`; other tokens leave it out (not known). Every span starts and
//! ends on a token edge. Overlapping spans are kept (span groups allow them).

use serde::Serialize;
use std::io::{self, Write};

use super::tokens::{cuts, for_each_piece};
use super::{Item, Meta, Nested, Tally, flatten};
use crate::annotation::Span;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token<'t> {
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
    pub id: usize,
    pub ws: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_sent_start: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanOut<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub token_start: usize,
    pub token_end: usize,
    /// The knowledge-base id the span is linked to, as spaCy's `Span.kb_id_`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Line<'a, 'b> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
    spans: Vec<SpanOut<'a>>,
    /// The article's document labels as spaCy's textcat reads them (each present: 1.0).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    cats: std::collections::BTreeMap<&'a str, f64>,
    meta: Meta<'a, 'b>,
}

/// spaCy tokens of `text`, cut so every span of `spans` starts and ends on a token edge.
pub fn tokenize<'t>(text: &'t str, spans: &[&Span]) -> Vec<Token<'t>> {
    let cuts = cuts(spans);
    let mut starts: Vec<usize> = spans.iter().map(|s| s.start).collect();
    let mut ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    let mut tokens: Vec<Token> = Vec::new();
    for_each_piece(text, &cuts, |piece| {
        let mut piece = piece;
        let after_word = tokens.last().is_some_and(|t| !t.ws && !is_space(t.text));
        let absorbable = piece.space
            && after_word
            && text.as_bytes()[piece.byte_start] == b' '
            && starts.binary_search(&piece.start).is_err()
            && ends.binary_search(&(piece.start + 1)).is_err();
        if absorbable {
            if let Some(last) = tokens.last_mut() {
                last.ws = true;
            }
            piece.start += 1;
            piece.byte_start += 1;
            if piece.start == piece.end {
                return;
            }
        }
        tokens.push(Token {
            text: piece.text(text),
            start: piece.start,
            end: piece.end,
            id: tokens.len(),
            ws: false,
            is_sent_start: false,
        });
    });
    mark_sentence_starts(&mut tokens);
    tokens
}

/// Marks sentence starts: the first word of the text and the first after a line break.
fn mark_sentence_starts(tokens: &mut [Token]) {
    let mut sentence_start = true;
    for token in tokens {
        let space = is_space(token.text);
        token.is_sent_start = sentence_start && !space;
        sentence_start = space && (sentence_start || token.text.contains('\n'));
    }
}

/// The article's own CoNLL tokens, each cut where a span starts or ends inside it; `None`
/// when a span starts or ends between tokens (tanba's tokenizer then cuts there).
pub(crate) fn original_tokens<'t>(
    text: &'t str,
    sentences: &[Vec<crate::corpus::Token>],
    spans: &[&Span],
    tally: &mut Tally,
) -> Option<Vec<Token<'t>>> {
    let cuts = cuts(spans);
    let mut cursor = crate::text::Cursor::new(text);
    let mut out = Vec::new();
    let mut next_cut = 0;
    for sentence in sentences {
        for (t, token) in sentence.iter().enumerate() {
            // a cut before this token that no token reached lies between tokens
            if cuts.get(next_cut).is_some_and(|&c| c < token.start) {
                return None;
            }
            let mut start = token.start;
            let inner = cuts[next_cut..].iter().take_while(|&&c| c < token.end);
            let inner: Vec<usize> = inner.copied().filter(|&c| c > token.start).collect();
            next_cut += cuts[next_cut..]
                .iter()
                .take_while(|&&c| c < token.end)
                .count();
            if cuts.get(next_cut) == Some(&token.end) {
                next_cut += 1;
            }
            tally.tokens_split += usize::from(!inner.is_empty());
            for end in inner.into_iter().chain([token.end]) {
                let (b0, b1) = (cursor.byte(start)?, cursor.byte(end)?);
                let last = end == token.end;
                let after = text[b1..].chars().next();
                out.push(Token {
                    text: &text[b0..b1],
                    start,
                    end,
                    id: out.len(),
                    ws: last && after.is_some_and(super::tokens::is_separator),
                    is_sent_start: t == 0 && start == token.start,
                });
                start = end;
            }
        }
    }
    (next_cut == cuts.len()).then_some(out)
}

fn is_space(s: &str) -> bool {
    s.chars().all(super::tokens::is_separator)
}

/// Each span with the first and last (inclusive) token it covers.
pub fn spans_out<'a>(spans: &[&'a Span], tokens: &[Token]) -> Vec<SpanOut<'a>> {
    spans
        .iter()
        .map(|s| {
            let first = tokens.partition_point(|t| t.start < s.start);
            let last = tokens
                .partition_point(|t| t.start < s.end)
                .saturating_sub(1);
            debug_assert!(tokens.get(first).is_some_and(|t| t.start == s.start));
            debug_assert!(tokens.get(last).is_some_and(|t| t.end == s.end));
            SpanOut {
                start: s.start,
                end: s.end,
                label: &s.label,
                token_start: first,
                token_end: last,
                kb_id: s.link(),
            }
        })
        .collect()
}

pub fn write<W: Write>(w: &mut W, item: &Item, tally: &mut Tally) -> io::Result<()> {
    let text = item.article.text.as_str();
    let own = item.article.tokens.as_deref();
    let tokens = own
        .and_then(|sentences| original_tokens(text, sentences, &item.spans, tally))
        .unwrap_or_else(|| tokenize(text, &item.spans));
    let line = Line {
        text,
        spans: spans_out(&item.spans, &tokens),
        tokens,
        cats: item
            .doc
            .doc_labels
            .iter()
            .map(|l| (l.as_str(), 1.0))
            .collect(),
        meta: Meta(item),
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")?;
    tally.wrote_record(&item.spans);
    let mut overlaps = Tally::default();
    let flat = flatten(&item.spans, Nested::Outermost, &mut overlaps);
    tally.overlapping_kept += item.spans.len() - flat.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, item, span};

    fn rebuilt(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| format!("{}{}", t.text, if t.ws { " " } else { "" }))
            .collect()
    }

    #[test]
    fn single_spaces_become_ws_other_whitespace_becomes_tokens_lines_start_sentences() {
        let text = "Атырау облысы  9\u{a0}000\nадам.";
        let tokens = tokenize(text, &[]);
        let shown: Vec<(&str, bool)> = tokens.iter().map(|t| (t.text, t.ws)).collect();
        assert_eq!(
            shown,
            [
                ("Атырау", true),
                ("облысы", true),
                (" ", false),
                ("9", false),
                ("\u{a0}", false),
                ("000", false),
                ("\n", false),
                ("адам", false),
                (".", false)
            ]
        );
        let starts: Vec<&str> = tokens
            .iter()
            .filter(|t| t.is_sent_start)
            .map(|t| t.text)
            .collect();
        assert_eq!(starts, ["Атырау", "адам"]);
        assert_eq!(rebuilt(&tokens), text);
    }

    #[test]
    fn a_conll_article_keeps_its_own_tokens_and_sentence_starts() {
        use crate::corpus::Token as Original;
        let text = "бизнес-климатын жақсарту\nОл";
        let mut a = article("a", text);
        let tok = |t: &str, start: usize| Original {
            text: t.into(),
            start,
            end: start + t.chars().count(),
            tag: "O".into(),
        };
        a.tokens = Some(vec![
            vec![tok("бизнес-климатын", 0), tok("жақсарту", 16)],
            vec![tok("Ол", 25)],
        ]);
        // a span cutting inside a token cuts it there, and only there
        let cut = span(text, 0, 6, "X", SpanState::Accepted);
        let doc = doc_with(&a, "aigerim", DocStatus::Done, vec![cut]);
        let mut out = Vec::new();
        let mut tally = Tally::default();
        write(&mut out, &item(&a, &doc), &mut tally).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let tokens = v["tokens"].as_array().unwrap();
        let shown: Vec<(&str, bool, bool)> = tokens
            .iter()
            .map(|t| {
                let start = t.get("is_sent_start").is_some_and(|s| s == true);
                (t["text"].as_str().unwrap(), t["ws"] == true, start)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("бизнес", false, true),
                ("-климатын", true, false),
                ("жақсарту", true, false),
                ("Ол", false, true)
            ]
        );
        assert_eq!(tally.tokens_split, 1);
        assert_eq!(
            (
                v["spans"][0]["token_start"].clone(),
                v["spans"][0]["token_end"].clone()
            ),
            (0.into(), 0.into())
        );
        let whole = doc_with(&a, "aigerim", DocStatus::Done, vec![]);
        let mut out = Vec::new();
        write(&mut out, &item(&a, &whole), &mut Tally::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["tokens"].as_array().unwrap().len(), 3, "no re-splitting");
    }

    #[test]
    fn a_span_ending_on_a_space_gets_the_space_as_a_token() {
        let text = "Атырау облысы бойынша";
        let with_space = span(text, 0, 7, "LOCATION", SpanState::Accepted);
        let tokens = tokenize(text, &[&with_space]);
        let out = spans_out(&[&with_space], &tokens);
        assert_eq!((out[0].token_start, out[0].token_end), (0, 1));
        assert_eq!(tokens[1].text, " ");
        assert_eq!(tokens[out[0].token_end].end, 7);
        assert_eq!(rebuilt(&tokens), text);
    }

    #[test]
    fn writes_prodigy_line_with_inclusive_token_end() {
        let text = "Махамбет Досмұхамбетовтің төрағалығымен";
        let a = article("a", text);
        let person = span(text, 0, 22, "PERSON", SpanState::Accepted);
        let doc = doc_with(&a, "aigerim", DocStatus::Done, vec![person]);
        let mut out = Vec::new();
        write(&mut out, &item(&a, &doc), &mut Tally::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let tokens: Vec<&str> = v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            tokens,
            ["Махамбет", "Досмұхамбетов", "тің", "төрағалығымен"]
        );
        assert_eq!(
            v["spans"][0],
            serde_json::json!({"start": 0, "end": 22, "label": "PERSON",
                "token_start": 0, "token_end": 1})
        );
        assert_eq!(v["tokens"][1]["ws"], false);
        assert_eq!(v["tokens"][2]["ws"], true);
    }
}
