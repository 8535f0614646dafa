//! CoNLL-2002 IOB2: `token TAG` per line, a blank line after each sentence, and
//! `-DOCSTART- O` plus a blank line before each item (unless turned off).
//!
//! Tokens: the article's original CoNLL tokens when it has them (so import then export
//! gives the file back), otherwise those of `tokens::pieces` (UAX #29 words, cut at span
//! edges), found in one pass over the text by `segmented`.
//! A token is only ever cut where a span starts or ends inside it, so no span is lost.
//! Sentences: the original ones; otherwise a sentence ends at a line break, and after a
//! token of final punctuation (`.` `!` `?` `…`, with any closing quotes or brackets after
//! it) unless the next word starts in lower case (as UAX #29 sentence rules do). A
//! sentence never ends inside a span. Nested and overlapping spans are flattened
//! (`Nested`) and every span dropped is counted.
//!
//! An article read from CoNLL keeps what its reader noted in meta: the columns between
//! token and tag (`conll_columns`, e.g. CoNLL-2003 POS and chunk tags; `-DOCSTART-` then
//! gets `-X-` in each) and a tab separator (`conll_separator`), so the file comes back.
//! An article's document labels go in a `# DOC: A, B` line at its start (read back).

use std::io;

use super::select::label_fits_flat;
use super::tokens::{is_separator, span_bytes};
use super::{FlatOptions, Item, Skip, Tally, flatten};
use crate::annotation::Span;
use crate::corpus::Token;
use segmented::write_segmented;

mod segmented;

pub const DOCSTART: &str = "-DOCSTART-";

/// The columns between token and tag of every original token, by sentence.
type Columns = [serde_json::Value];

/// The document labels as a comment the readers take back (`# DOC: A, B`); none: nothing.
fn write_doc_labels(out: &mut Vec<u8>, labels: &[String]) {
    if labels.is_empty() {
        return;
    }
    let labels: Vec<String> = labels.iter().map(|l| l.replace([',', '\n'], " ")).collect();
    out.extend_from_slice(format!("# DOC: {}\n", labels.join(", ")).as_bytes());
}

/// Appends the item's lines to `out`.
pub fn write(
    out: &mut Vec<u8>,
    item: &Item,
    options: FlatOptions,
    tally: &mut Tally,
) -> io::Result<()> {
    let meta = &item.article.meta;
    let sep = match meta
        .get("conll_separator")
        .as_ref()
        .and_then(|v| v.as_str())
    {
        Some("\t") => "\t",
        _ => " ",
    };
    // original columns go with original tokens only
    let columns = item.article.tokens.as_ref().and(meta.get("conll_columns"));
    let columns = match &columns {
        Some(serde_json::Value::Array(c)) => Some(c.as_slice()),
        _ => None,
    };
    if options.docstart {
        let middle = columns
            .and_then(|c| c.first()?.get(0)?.as_array().map(Vec::len))
            .unwrap_or(0);
        out.extend_from_slice(DOCSTART.as_bytes());
        for _ in 0..middle {
            out.extend_from_slice(sep.as_bytes());
            out.extend_from_slice(b"-X-");
        }
        out.extend_from_slice(sep.as_bytes());
        out.extend_from_slice(b"O\n\n");
    }
    write_doc_labels(out, &item.doc.doc_labels);
    let text = item.article.text.as_str();
    // spans are matched to tokens by byte; their text is cut from the article, since a
    // pending document's spans carry none
    let bytes = span_bytes(text, &item.spans);
    let mut eligible = Vec::with_capacity(item.spans.len());
    let mut eligible_bytes = Vec::with_capacity(item.spans.len());
    for (span, &(start, end)) in item.spans.iter().zip(&bytes) {
        if !label_fits_flat(&span.label) {
            tally.skip(Skip::LabelWithSpace);
        } else if text[start..end].chars().all(is_separator) {
            tally.skip(Skip::OnlyWhitespace);
        } else {
            eligible.push(*span);
            eligible_bytes.push((start, end));
        }
    }
    let kept = flatten(&eligible, options.nested, tally);
    let mut out = Emitter::new(out, sep, kept.len());
    match &item.article.tokens {
        Some(sentences) => write_original(&mut out, sentences, columns, &kept, tally),
        None => {
            // the usual case: nothing nested or overlapping, every eligible span kept
            let kept_bytes = match kept.len() == eligible.len() {
                true => eligible_bytes,
                false => span_bytes(text, &kept),
            };
            write_segmented(&mut out, text, &kept, &kept_bytes);
        }
    }
    out.finish();
    tally.items += 1;
    for (span, tagged) in kept.iter().zip(&out.tagged) {
        if *tagged {
            tally.wrote(span);
        } else {
            tally.skip(Skip::NoToken);
        }
    }
    Ok(())
}

/// Writes token lines and sentence breaks, and remembers which spans got a `B-` tag.
struct Emitter<'w> {
    w: &'w mut Vec<u8>,
    sep: &'static str,
    /// The end of a line without a span: `{sep}O\n`.
    outside: [u8; 3],
    in_sentence: bool,
    last_span: Option<usize>,
    tagged: Vec<bool>,
}

impl<'w> Emitter<'w> {
    fn new(w: &'w mut Vec<u8>, sep: &'static str, spans: usize) -> Self {
        Emitter {
            w,
            sep,
            outside: [sep.as_bytes()[0], b'O', b'\n'],
            in_sentence: false,
            last_span: None,
            tagged: vec![false; spans],
        }
    }

    /// `span`: the index and label of the kept span the token lies in, if any.
    /// `new_sentence` is ignored when the token continues a span. `middle`: the columns
    /// between token and tag, if the input had any.
    #[inline(always)]
    fn token(
        &mut self,
        text: &str,
        middle: Option<&serde_json::Value>,
        span: Option<(usize, &str)>,
        new_sentence: bool,
    ) {
        let continues = span.is_some_and(|(i, _)| self.last_span == Some(i));
        if new_sentence && self.in_sentence && !continues {
            self.w.push(b'\n');
        }
        self.in_sentence = true;
        self.w.extend_from_slice(text.as_bytes());
        for column in middle.and_then(|m| m.as_array()).into_iter().flatten() {
            self.w.extend_from_slice(self.sep.as_bytes());
            self.w
                .extend_from_slice(column.as_str().unwrap_or("_").as_bytes());
        }
        match span {
            None => self.w.extend_from_slice(&self.outside),
            Some((i, label)) => {
                self.w.extend_from_slice(self.sep.as_bytes());
                self.w
                    .extend_from_slice(if continues { b"I-" } else { b"B-" });
                self.w.extend_from_slice(label.as_bytes());
                self.w.push(b'\n');
                self.tagged[i] = true;
            }
        }
        self.last_span = span.map(|(i, _)| i);
    }

    fn finish(&mut self) {
        if self.in_sentence {
            self.w.push(b'\n');
        }
    }
}

fn write_original(
    out: &mut Emitter,
    sentences: &[Vec<Token>],
    columns: Option<&Columns>,
    kept: &[&Span],
    tally: &mut Tally,
) {
    let mut span_at = 0;
    for (s, sentence) in sentences.iter().enumerate() {
        for (i, token) in sentence.iter().enumerate() {
            let middle = columns.and_then(|c| c.get(s)?.get(i));
            let parts = split_at_spans(token, kept);
            if parts.len() > 1 {
                tally.tokens_split += 1;
            }
            for (j, (start, text)) in parts.into_iter().enumerate() {
                while span_at < kept.len() && kept[span_at].end <= start {
                    span_at += 1;
                }
                let span = (span_at < kept.len() && kept[span_at].start <= start)
                    .then(|| (span_at, kept[span_at].label.as_str()));
                out.token(text, middle, span, i == 0 && j == 0);
            }
        }
    }
}

/// The token, cut where a span starts or ends strictly inside it: (start, text) parts.
fn split_at_spans<'t>(token: &'t Token, kept: &[&Span]) -> Vec<(usize, &'t str)> {
    let inside = |p: usize| token.start < p && p < token.end;
    let first = kept.partition_point(|s| s.end <= token.start);
    let mut cuts: Vec<usize> = kept[first..]
        .iter()
        .take_while(|s| s.start < token.end)
        .flat_map(|s| [s.start, s.end])
        .filter(|&p| inside(p))
        .collect();
    if cuts.is_empty() || token.text.chars().count() != token.end - token.start {
        return vec![(token.start, token.text.as_str())];
    }
    cuts.sort_unstable();
    cuts.dedup();
    let offsets: Vec<usize> = token.text.char_indices().map(|(b, _)| b).collect();
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut from = token.start;
    for cut in cuts.into_iter().chain([token.end]) {
        let a = offsets[from - token.start];
        let b = offsets
            .get(cut - token.start)
            .copied()
            .unwrap_or(token.text.len());
        parts.push((from, &token.text[a..b]));
        from = cut;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::Nested;
    use crate::export::testing::{article, doc_with, item, span};

    fn conll(
        a: &crate::corpus::Article,
        spans: Vec<Span>,
        options: FlatOptions,
    ) -> (String, Tally) {
        let doc = doc_with(a, "aigerim", DocStatus::Done, spans);
        let mut out = Vec::new();
        let mut tally = Tally::default();
        write(&mut out, &item(a, &doc), options, &mut tally).unwrap();
        (String::from_utf8(out).unwrap(), tally)
    }

    #[test]
    fn iob2_with_sentences_docstart_and_thousands_inside_the_span() {
        let text = "Сарапшылар 9 000 адаммен сөйлесті. Қанат Сүлейменов айтты.\nБөлісу:";
        let a = article("a", text);
        let stat = span(text, 11, 16, "STATISTIC", SpanState::Accepted);
        let person = span(text, 35, 51, "PERSON", SpanState::Accepted);
        let (out, tally) = conll(&a, vec![stat, person], FlatOptions::default());
        assert_eq!(
            out,
            "-DOCSTART- O\n\nСарапшылар O\n9 B-STATISTIC\n000 I-STATISTIC\nадаммен O\n\
             сөйлесті O\n. O\n\nҚанат B-PERSON\nСүлейменов I-PERSON\nайтты O\n. O\n\n\
             Бөлісу O\n: O\n\n"
        );
        assert_eq!(tally.spans(), 2);
    }

    #[test]
    fn sentences_end_after_final_punctuation_and_closing_quotes_unless_lower_case_follows() {
        let text = "«Ол келді.» Сосын 2020 ж. қаңтарда кетті! Бітті";
        let a = article("a", text);
        let options = FlatOptions {
            docstart: false,
            ..FlatOptions::default()
        };
        let (out, _) = conll(&a, vec![], options);
        let sentences: Vec<String> = out
            .trim_end()
            .split("\n\n")
            .map(|s| {
                s.lines()
                    .map(|l| l.trim_end_matches(" O"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            sentences,
            ["« Ол келді . »", "Сосын 2020 ж . қаңтарда кетті !", "Бітті"]
        );
    }

    #[test]
    fn a_no_break_space_in_a_number_stays_inside_and_never_in_a_token() {
        let text = "9\u{a0}000 респондент";
        let a = article("a", text);
        let stat = span(text, 0, 5, "STATISTIC", SpanState::Accepted);
        let options = FlatOptions {
            docstart: false,
            ..FlatOptions::default()
        };
        let (out, _) = conll(&a, vec![stat], options);
        assert_eq!(out, "9 B-STATISTIC\n000 I-STATISTIC\nреспондент O\n\n");
    }

    #[test]
    fn spans_cut_words_and_a_sentence_never_ends_inside_a_span() {
        let text = "Ол Досмұхамбетовтің. Бірақ ол";
        let a = article("a", text);
        // a span that ends mid-word and one that crosses the sentence break
        let person = span(text, 3, 16, "PERSON", SpanState::Accepted);
        let odd = span(text, 16, 26, "DATE", SpanState::Accepted);
        let options = FlatOptions {
            docstart: false,
            nested: Nested::Outermost,
        };
        let (out, _) = conll(&a, vec![person, odd], options);
        assert_eq!(
            out,
            "Ол O\nДосмұхамбетов B-PERSON\nтің B-DATE\n. I-DATE\nБірақ I-DATE\nол O\n\n"
        );
    }

    #[test]
    fn nested_whitespace_and_spaced_labels_are_counted() {
        let text = "Атырау облысы әкімдігі";
        let a = article("a", text);
        let spans = vec![
            span(text, 0, 22, "AGENCY", SpanState::Accepted),
            span(text, 0, 13, "LOCATION", SpanState::Accepted),
            span(text, 6, 7, "DATE", SpanState::Accepted),
            span(text, 14, 22, "MY LABEL", SpanState::Accepted),
        ];
        let options = FlatOptions {
            docstart: false,
            nested: Nested::Innermost,
        };
        let (out, tally) = conll(&a, spans, options);
        assert_eq!(out, "Атырау B-LOCATION\nоблысы I-LOCATION\nәкімдігі O\n\n");
        assert_eq!(tally.skipped[&Skip::Nested], 1);
        assert_eq!(tally.skipped[&Skip::OnlyWhitespace], 1);
        assert_eq!(tally.skipped[&Skip::LabelWithSpace], 1);
    }

    #[test]
    fn original_tokens_are_kept_and_cut_only_at_span_edges() {
        let text = "Іс-қимыл агенттігі ,\nАтырауда";
        let mut a = article("a", text);
        let tok = |text: &str, start: usize| Token {
            text: text.into(),
            start,
            end: start + text.chars().count(),
            tag: "O".into(),
        };
        a.tokens = Some(vec![
            vec![tok("Іс-қимыл", 0), tok("агенттігі", 9), tok(",", 19)],
            vec![tok("Атырауда", 21)],
        ]);
        let agency = span(text, 0, 18, "AGENCY", SpanState::Accepted);
        let place = span(text, 21, 27, "LOCATION", SpanState::Accepted);
        let (out, tally) = conll(&a, vec![agency, place], FlatOptions::default());
        assert_eq!(
            out,
            "-DOCSTART- O\n\nІс-қимыл B-AGENCY\nагенттігі I-AGENCY\n, O\n\n\
             Атырау B-LOCATION\nда O\n\n"
        );
        assert_eq!(tally.tokens_split, 1);
    }

    #[test]
    fn columns_and_tab_separator_of_a_conll_2003_input_come_back() {
        let text = "EU rejects";
        let mut a = article("a", text);
        let tok = |text: &str, start: usize| Token {
            text: text.into(),
            start,
            end: start + text.chars().count(),
            tag: "O".into(),
        };
        a.tokens = Some(vec![vec![tok("EU", 0), tok("rejects", 3)]]);
        a.meta.insert(
            "conll_columns".into(),
            serde_json::json!([[["NNP", "B-NP"], ["VBZ", "B-VP"]]]),
        );
        a.meta
            .insert("conll_separator".into(), serde_json::json!("\t"));
        let org = span(text, 0, 2, "ORG", SpanState::Accepted);
        let (out, _) = conll(&a, vec![org], FlatOptions::default());
        assert_eq!(
            out,
            "-DOCSTART-\t-X-\t-X-\tO\n\nEU\tNNP\tB-NP\tB-ORG\nrejects\tVBZ\tB-VP\tO\n\n"
        );
    }

    /// The lines of `write_segmented` as they were built before the byte scan: from the
    /// general path's pieces, spans matched by byte.
    fn reference(text: &str, kept: &[&Span]) -> String {
        use crate::export::tokens::{edges, is_closing, is_terminal, pieces, span_bytes};
        let bytes = span_bytes(text, kept);
        let cuts = edges(bytes.iter().copied());
        let mut w = Vec::new();
        let mut out = Emitter::new(&mut w, " ", kept.len());
        let (mut span_at, mut line_break, mut after_terminal) = (0, false, false);
        for piece in pieces(text, &cuts) {
            let token = piece.text(text);
            if piece.space {
                line_break |= token.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}']);
                continue;
            }
            let lower = token.chars().next().is_some_and(char::is_lowercase);
            let new_sentence = line_break || (after_terminal && !is_closing(token) && !lower);
            line_break = false;
            after_terminal = is_terminal(token) || (after_terminal && is_closing(token));
            while span_at < bytes.len() && bytes[span_at].1 <= piece.byte_start {
                span_at += 1;
            }
            let span = (span_at < bytes.len() && bytes[span_at].0 <= piece.byte_start)
                .then(|| (span_at, kept[span_at].label.as_str()));
            out.token(token, None, span, new_sentence);
        }
        out.finish();
        String::from_utf8(w).unwrap()
    }

    const ALPHABET: &[&str] = &[
        "Атырау",
        "облысы",
        "ә",
        "Қ",
        "ж",
        "Ab",
        "x",
        "9",
        "000",
        " ",
        " ",
        "\n",
        "\r\n",
        ".",
        ",",
        "!",
        "?",
        "…",
        "«",
        "»",
        "\"",
        "'",
        "(",
        ")",
        "—",
        "-",
        ":",
        "\u{a0}",
        "é",
        "’",
        "😀",
        "\t",
        "\u{2028}",
        "\u{85}",
        "_",
        "т.б",
        "2,1",
        "a:b",
        "ғ\u{483}",
        "\u{482}",
        "Ԯ",
        "\u{202f}",
        "№",
        "\r",
        "құқығының",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        #[test]
        fn the_byte_scan_writes_the_lines_of_the_general_path(
            parts in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..80),
            edges in proptest::collection::vec(0usize..160, 0..12),
        ) {
            let text: String = parts.concat();
            let len = text.chars().count();
            let mut edges: Vec<usize> = edges.into_iter().filter(|&e| e <= len).collect();
            edges.sort_unstable();
            edges.dedup();
            let spans: Vec<Span> = edges
                .chunks_exact(2)
                .map(|p| span(&text, p[0], p[1], "LOC", SpanState::Accepted))
                .collect();
            let kept: Vec<&Span> = spans.iter().collect();
            let mut w = Vec::new();
            let mut out = Emitter::new(&mut w, " ", kept.len());
            write_segmented(&mut out, &text, &kept, &span_bytes(&text, &kept));
            out.finish();
            proptest::prop_assert_eq!(String::from_utf8(w).unwrap(), reference(&text, &kept));
        }
    }
}
