//! spaCy's DocBin (`.spacy`), the binary training file `spacy train` reads: zlib over
//! msgpack, `{"version", "attrs": [ORTH, ENT_IOB, ENT_TYPE, SENT_START], "tokens": one
//! uint64 row per token, "spaces", "lengths", "strings", "cats", "flags", "span_groups",
//! "user_data"}`. One doc per item. Strings are stored by spaCy's id for them: a symbol's
//! own id (`docbin_symbols`), else their hash.
//!
//! Tokens are those of the spaCy JSONL export (an article read from CoNLL keeps its own,
//! cut only where a span edge lies inside one), with the text between them made tokens
//! of whitespace, so the doc's text is the article's exactly. `doc.ents` holds the spans
//! flattened (the outermost kept); the span group `sc` (spancat's key) holds them all.
//! Each entity's and span's `kb_id` is its reviewed link (a suggested one is left out,
//! as the other exports do). Each doc's `user_data` carries the article `id`, the `annotator` and the `status`, so
//! `tanba import` puts the spans back where they came from. Pending spans exported with
//! `--include-pending` come back accepted: a DocBin has no state for a span.

use std::collections::BTreeSet;
use std::io::{self, Write};

use rmpv::Value;

use super::docbin_symbols::string_id;
use super::spacy::{original_tokens, tokenize};
use super::{Item, Nested, Tally, flatten};

/// spaCy's attribute ids (`spacy/attrs.pxd`), ORTH first as DocBin keeps it.
pub const ORTH: u64 = 65;
pub const ENT_IOB: u64 = 77;
pub const ENT_TYPE: u64 = 78;
pub const SENT_START: u64 = 80;
/// `ENT_KB_ID`: spaCy's own symbol id for it (after the part-of-speech and dependency
/// symbols, as `spacy/symbols.pxd` appends it).
pub const ENT_KB_ID: u64 = 452;
const ATTRS: [u64; 5] = [ORTH, ENT_IOB, ENT_TYPE, SENT_START, ENT_KB_ID];
/// `ENT_IOB` values: 1 inside, 2 outside, 3 begins.
const IOB_IN: u64 = 1;
const IOB_OUT: u64 = 2;
const IOB_BEGIN: u64 = 3;
/// The span group every span goes to: spaCy's spancat reads `sc` by default.
pub const SPAN_GROUP: &str = "sc";

/// A token of the doc: its text, where it starts in code points, whether a space follows.
struct DocToken<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    ws: bool,
    sent_start: bool,
}

/// What the DocBin holds, column by column, as the docs are added.
#[derive(Default)]
struct Bin {
    tokens: Vec<u8>,
    spaces: Vec<u8>,
    lengths: Vec<u8>,
    strings: BTreeSet<String>,
    cats: Vec<Value>,
    flags: Vec<Value>,
    span_groups: Vec<Value>,
    user_data: Vec<Value>,
}

pub fn write<W: Write>(w: &mut W, items: &[Item], tally: &mut Tally) -> io::Result<()> {
    let mut bin = Bin::default();
    bin.strings.insert(String::new());
    for item in items {
        bin.add(item, tally)?;
    }
    let msg = bin.into_value();
    let mut packed = Vec::new();
    rmpv::encode::write_value(&mut packed, &msg).map_err(io::Error::other)?;
    let mut z = flate2::write::ZlibEncoder::new(w, flate2::Compression::default());
    z.write_all(&packed)?;
    z.finish()?;
    Ok(())
}

fn text(s: &str) -> Value {
    Value::String(s.into())
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (text(k), v)).collect())
}

fn packed(value: &Value) -> io::Result<Value> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).map_err(io::Error::other)?;
    Ok(Value::Binary(out))
}

impl Bin {
    fn add(&mut self, item: &Item, tally: &mut Tally) -> io::Result<()> {
        let tokens = doc_tokens(item, tally);
        let n = tokens.len();
        let token_of = |at: usize, edge: fn(&DocToken) -> usize| {
            tokens
                .partition_point(|t| edge(t) < at)
                .min(n.saturating_sub(1))
        };
        let mut iob = vec![IOB_OUT; n];
        let mut kind = vec![0u64; n];
        let mut kb = vec![0u64; n];
        let mut scratch = Tally::default();
        let ents = flatten(&item.spans, Nested::Outermost, &mut scratch);
        tally.overlapping_kept += item.spans.len() - ents.len();
        for span in &ents {
            let (first, last) = (
                token_of(span.start, |t| t.start),
                token_of(span.end, |t| t.end),
            );
            let link = span.link().map_or(0, string_id);
            for i in first..=last {
                iob[i] = if i == first { IOB_BEGIN } else { IOB_IN };
                kind[i] = string_id(&span.label);
                kb[i] = link;
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            let sent = u64::from(t.sent_start);
            let row = [string_id(t.text), iob[i], kind[i], sent, kb[i]];
            for cell in row {
                self.tokens.extend_from_slice(&cell.to_le_bytes());
            }
            self.spaces.push(u8::from(t.ws));
            self.strings.insert(t.text.to_string());
        }
        self.lengths.extend_from_slice(&(n as i32).to_le_bytes());
        let mut group = Vec::with_capacity(item.spans.len());
        for span in &item.spans {
            self.strings.insert(span.label.clone());
            let link = span.link().map_or(0, string_id);
            if let Some(id) = span.link() {
                self.strings.insert(id.to_string());
            }
            let (first, last) = (
                token_of(span.start, |t| t.start),
                token_of(span.end, |t| t.end),
            );
            let mut bytes = Vec::with_capacity(40);
            for q in [0, link, string_id(&span.label)] {
                bytes.extend_from_slice(&q.to_be_bytes());
            }
            for l in [first, last + 1, span.start, span.end] {
                bytes.extend_from_slice(&(l as i32).to_be_bytes());
            }
            group.push(Value::Binary(bytes));
        }
        let group = map(vec![
            ("name", text(SPAN_GROUP)),
            ("attrs", Value::Map(Vec::new())),
            ("spans", Value::Array(group)),
        ]);
        let groups = Value::Map(vec![(
            packed(&group)?,
            Value::Array(vec![text(SPAN_GROUP)]),
        )]);
        self.span_groups.push(packed(&groups)?);
        self.add_doc_fields(item)?;
        tally.wrote_record(&item.spans);
        Ok(())
    }

    /// The doc's `cats` (its document labels), `flags` and `user_data`.
    fn add_doc_fields(&mut self, item: &Item) -> io::Result<()> {
        let cats = item
            .doc
            .doc_labels
            .iter()
            .map(|l| (text(l), Value::F64(1.0)));
        self.cats.push(Value::Map(cats.collect()));
        self.flags
            .push(map(vec![("has_unknown_spaces", Value::Boolean(false))]));
        let mut user = vec![("id", text(&item.article.id))];
        if let Some(name) = item.annotator {
            user.push(("annotator", text(name)));
        }
        user.push(("status", text(item.doc.status.as_str())));
        self.user_data.push(packed(&map(user))?);
        Ok(())
    }

    fn into_value(self) -> Value {
        let attrs = ATTRS.iter().map(|&a| Value::from(a)).collect();
        let strings = self.strings.iter().map(|s| text(s)).collect();
        map(vec![
            ("version", text("0.1")),
            ("attrs", Value::Array(attrs)),
            ("tokens", Value::Binary(self.tokens)),
            ("spaces", Value::Binary(self.spaces)),
            ("lengths", Value::Binary(self.lengths)),
            ("strings", Value::Array(strings)),
            ("cats", Value::Array(self.cats)),
            ("flags", Value::Array(self.flags)),
            ("span_groups", Value::Array(self.span_groups)),
            ("user_data", Value::Array(self.user_data)),
        ])
    }
}

/// The doc's tokens: the spaCy export's, with every stretch of text between two of them
/// (a line break, a run of spaces) a token of its own but for a single space after a
/// word, which is that word's `ws`: joined, they give the article text back.
fn doc_tokens<'t>(item: &Item<'t>, tally: &mut Tally) -> Vec<DocToken<'t>> {
    let text = item.article.text.as_str();
    let own = item.article.tokens.as_deref();
    let base = own
        .and_then(|sentences| original_tokens(text, sentences, &item.spans, tally))
        .unwrap_or_else(|| tokenize(text, &item.spans));
    let mut out: Vec<DocToken> = Vec::with_capacity(base.len() + 8);
    let (mut byte, mut cp) = (0, 0);
    let gap = |out: &mut Vec<DocToken<'t>>, to_byte: usize, cp: &mut usize, byte: usize| {
        let mut gap = &text[byte..to_byte];
        if gap.starts_with(' ') && out.last().is_some_and(|t| !t.ws) {
            if let Some(last) = out.last_mut() {
                last.ws = true;
            }
            gap = &gap[1..];
            *cp += 1;
        }
        if !gap.is_empty() {
            let len = gap.chars().count();
            out.push(DocToken {
                text: gap,
                start: *cp,
                end: *cp + len,
                ws: false,
                sent_start: false,
            });
            *cp += len;
        }
    };
    for t in base {
        let at = t.text.as_ptr() as usize - text.as_ptr() as usize;
        gap(&mut out, at, &mut cp, byte);
        out.push(DocToken {
            text: t.text,
            start: t.start,
            end: t.end,
            ws: false,
            sent_start: t.is_sent_start,
        });
        (byte, cp) = (at + t.text.len(), t.end);
    }
    gap(&mut out, text.len(), &mut cp, byte);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::SpanState;
    use crate::export::testing::{article, doc_with, item, span};

    #[test]
    fn ent_kb_id_is_spacys_symbol_for_it() {
        assert_eq!(string_id("ENT_KB_ID"), ENT_KB_ID);
    }

    #[test]
    fn the_docs_tokens_give_the_text_back_and_spans_land_on_token_edges() {
        let text = "  Тоқаев  Астанада\nсөйледі 😀 ";
        let a = article("a", text);
        let spans = vec![span(text, 2, 8, "PER", SpanState::Accepted)];
        let doc = doc_with(&a, "aigerim", crate::annotation::DocStatus::Done, spans);
        let it = item(&a, &doc);
        let mut tally = Tally::default();
        let tokens = doc_tokens(&it, &mut tally);
        let rebuilt: String = tokens
            .iter()
            .map(|t| format!("{}{}", t.text, if t.ws { " " } else { "" }))
            .collect();
        assert_eq!(rebuilt, text);
        assert!(tokens.iter().any(|t| t.start == 2 && t.end == 8));
    }

    #[test]
    fn a_conll_article_keeps_its_tokens_and_sentence_starts() {
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
        let spans = vec![span(text, 0, 15, "X", SpanState::Accepted)];
        let doc = doc_with(&a, "aigerim", crate::annotation::DocStatus::Done, spans);
        let it = item(&a, &doc);
        let tokens = doc_tokens(&it, &mut Tally::default());
        let shown: Vec<(&str, bool, bool)> = tokens
            .iter()
            .map(|t| (t.text, t.ws, t.sent_start))
            .collect();
        assert_eq!(
            shown,
            [
                ("бизнес-климатын", true, true),
                ("жақсарту", false, false),
                ("\n", false, false),
                ("Ол", false, true)
            ]
        );
    }
}
