//! WebAnno TSV 3.3, as INCEpTION imports it: one file per article and annotator, laid
//! out as in an INCEpTION project export, `annotation/<article id>/<annotator>.tsv` (the
//! id escaped as workspace file names are, `%XX`; an article nobody annotated has its
//! pre-annotations in `INITIAL_CAS.tsv`, which is nobody's work). The named-entity layer
//! `NamedEntity|identifier|value` holds the spans: the reviewed link in `identifier`
//! (`*` for none), the label in `value`, `LABEL[n]` on
//! every token of a span over several tokens or sharing a token with another, stacked
//! `A[1]|B[2]`. Offsets are UTF-16 code units, as UIMA counts them.
//!
//! Tokens are the spaCy export's (UAX #29 words, cut at span edges) without whitespace,
//! but for a run of spaces a span starts or ends on. A sentence is a line: its `#Text=`
//! is the line from its first token to its last, escaped as WebAnno escapes it. A span
//! starting or ending on a line break has no token to stand on and is left out (counted).
//! Pending spans exported (`--include-pending`) come back accepted: TSV has no state.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::spacy::{Token, tokenize};
use super::tokens::is_separator;
use super::{Item, Skip, Tally, written_relations};
use crate::annotation::Span;

pub const HEADER: &str = "#FORMAT=WebAnno TSV 3.3\n\
    #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n";
/// The header of a document with relations: a relation layer over named entities.
pub const HEADER_RELATIONS: &str = "#FORMAT=WebAnno TSV 3.3\n\
    #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\
    #T_RL=webanno.custom.Relation|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\n\n";
/// The file of an article's document as imported, before anyone's work.
pub const INITIAL: &str = "INITIAL_CAS";

/// Where the item's file goes inside the export folder.
pub fn file_of(item: &Item) -> PathBuf {
    let user = item.annotator.unwrap_or(INITIAL);
    PathBuf::from("annotation")
        .join(crate::store::escape_id(&item.article.id))
        .join(format!("{user}.tsv"))
}

/// The item as a TSV file.
pub fn render(item: &Item, tally: &mut Tally) -> String {
    let text = item.article.text.as_str();
    let mut spans: Vec<&Span> = Vec::with_capacity(item.spans.len());
    for span in &item.spans {
        let covered = crate::text::slice_chars(text, span.start, span.end).unwrap_or("");
        if covered.chars().all(is_separator) {
            tally.skip(Skip::OnlyWhitespace);
        } else {
            spans.push(span);
        }
    }
    let all = tokenize(text, &spans);
    let starts: Vec<usize> = spans.iter().map(|s| s.start).collect();
    let ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    let keep = |t: &Token| {
        !t.text.chars().all(is_separator)
            || (!t.text.chars().any(char::is_control)
                && (starts.contains(&t.start) || ends.contains(&t.end)))
    };
    let tokens: Vec<&Token> = all.iter().filter(|t| keep(t)).collect();
    // a span is written where its first token starts it and its last ends it
    let written: Vec<(&Span, usize, usize)> = spans
        .iter()
        .filter_map(|s| {
            let first = tokens.partition_point(|t| t.start < s.start);
            let last = tokens.partition_point(|t| t.end <= s.end);
            let ok =
                first < last && tokens[first].start == s.start && tokens[last - 1].end == s.end;
            if !ok {
                tally.skip(Skip::LineBreakEdge);
            }
            ok.then_some((*s, first, last))
        })
        .collect();
    let (cells, ids) = cells(tokens.len(), &written, tally);
    let utf16 = Utf16At::new(text);
    let mut sentences = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // a sentence runs to the next token after a line break
        let mut j = i + 1;
        while j < tokens.len() && !crossed_line(&all, tokens[j - 1], tokens[j]) {
            j += 1;
        }
        sentences.push((i, j));
        i = j;
    }
    let relations = relation_cells(item, &written, &ids, &sentences, tally);
    let mut out = String::from(match relations {
        Some(_) => HEADER_RELATIONS,
        None => HEADER,
    });
    for (sentence, &(i, j)) in sentences.iter().enumerate() {
        let sentence = sentence + 1;
        let line = crate::text::slice_chars(text, tokens[i].start, tokens[j - 1].end).unwrap_or("");
        let _ = writeln!(out, "\n#Text={}", escape_text(line));
        for (k, t) in tokens[i..j].iter().enumerate() {
            let (ident, value) = &cells[i + k];
            let (b, e) = (utf16.at(t.start), utf16.at(t.end));
            let _ = write!(
                out,
                "{sentence}-{}\t{b}-{e}\t{}\t{ident}\t{value}\t",
                k + 1,
                t.text
            );
            if let Some(rel) = &relations {
                let (label, base) = &rel[i + k];
                let _ = write!(out, "{label}\t{base}\t");
            }
            out.push('\n');
        }
    }
    tally.items += 1;
    out
}

/// Whether a line break lies between two kept tokens (in the whitespace dropped).
fn crossed_line(all: &[Token], a: &Token, b: &Token) -> bool {
    let from = all.partition_point(|t| t.start < a.end);
    all[from..]
        .iter()
        .take_while(|t| t.start < b.start)
        .any(|t| t.text.contains('\n'))
}

/// Each token's relation cells (`label`, `BT_` governor) when the item has relations:
/// a relation sits on its target's first token, naming its source's first token
/// (`1-2`), with both entities' ids when either has one (`1-2[3_0]`).
fn relation_cells(
    item: &Item,
    written: &[(&Span, usize, usize)],
    ids: &[Option<usize>],
    sentences: &[(usize, usize)],
    tally: &mut Tally,
) -> Option<Vec<(String, String)>> {
    if item.doc.relations.is_empty() {
        return None;
    }
    let spans: Vec<&Span> = written.iter().map(|w| w.0).collect();
    let address: Vec<String> = sentences
        .iter()
        .enumerate()
        .flat_map(|(s, &(i, j))| (1..=j - i).map(move |k| format!("{}-{k}", s + 1)))
        .collect();
    let mut per_token: Vec<(Vec<String>, Vec<String>)> = vec![Default::default(); address.len()];
    for (r, a, b) in written_relations(item, &spans, tally) {
        let (from, to) = (written[a].1, written[b].1);
        let mut base = address[from].clone();
        if ids[a].is_some() || ids[b].is_some() {
            let id = |n: Option<usize>| n.unwrap_or(0);
            base += &format!("[{}_{}]", id(ids[a]), id(ids[b]));
        }
        per_token[to].0.push(escape_value(&r.label));
        per_token[to].1.push(base);
    }
    let cells = per_token
        .into_iter()
        .map(|(labels, bases)| match labels.is_empty() {
            true => ("_".to_string(), "_".to_string()),
            false => (labels.join("|"), bases.join("|")),
        });
    Some(cells.collect())
}

/// Each token's `identifier` and `value` cells, and each written span's id (a span
/// over several tokens or stacked has one); counts the spans written.
fn cells(
    n: usize,
    written: &[(&Span, usize, usize)],
    tally: &mut Tally,
) -> (Vec<(String, String)>, Vec<Option<usize>>) {
    let mut per_token: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (w, &(_, first, last)) in written.iter().enumerate() {
        for list in &mut per_token[first..last] {
            list.push(w);
        }
    }
    let mut ids = vec![None; written.len()];
    let mut next = 0;
    for (w, &(span, first, last)) in written.iter().enumerate() {
        tally.wrote(span);
        let stacked = per_token[first..last].iter().any(|l| l.len() > 1);
        if last - first > 1 || stacked {
            next += 1;
            ids[w] = Some(next);
        }
    }
    let cells = per_token
        .iter()
        .map(|list| {
            if list.is_empty() {
                return ("_".to_string(), "_".to_string());
            }
            let id = |w: usize| ids[w].map_or(String::new(), |n| format!("[{n}]"));
            let ident: Vec<String> = list
                .iter()
                .map(|&w| {
                    let link = written[w].0.link().map_or("*".into(), escape_value);
                    format!("{link}{}", id(w))
                })
                .collect();
            let value: Vec<String> = list
                .iter()
                .map(|&w| format!("{}{}", escape_value(&written[w].0.label), id(w)))
                .collect();
            (ident.join("|"), value.join("|"))
        })
        .collect();
    (cells, ids)
}

/// UTF-16 offsets of the text's code points.
struct Utf16At(Vec<usize>);

impl Utf16At {
    fn new(text: &str) -> Self {
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for c in text.chars() {
            at.push(units);
            units += c.len_utf16();
        }
        at.push(units);
        Utf16At(at)
    }

    fn at(&self, cp: usize) -> usize {
        self.0.get(cp).copied().unwrap_or(0)
    }
}

/// A feature value escaped as WebAnno escapes it (`\`, `[`, `]`, `|`, `_`, `->`, `;`,
/// tab, line feed, `*`).
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push_str("\\->");
            }
            '\\' | '[' | ']' | '|' | '_' | ';' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// A `#Text=` line escaped as WebAnno 3.2+ escapes it: the backslash, tab, line feed,
/// form feed, carriage return and backspace as `\\`, `\t`, `\n`, `\f`, `\r`, `\b`; other
/// control characters below 32 with a backslash before them.
pub fn escape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            c if (c as u32) < 32 && !(8..14).contains(&(c as u32)) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, item, span};

    #[test]
    fn multi_token_and_stacked_spans_get_ids_and_offsets_count_utf16() {
        let text = "😀 Қасым-Жомарт Тоқаев\nАстанада";
        let a = article("kk 1", text);
        let spans = vec![
            span(text, 2, 21, "PER", SpanState::Accepted),
            span(text, 15, 21, "X_Y", SpanState::Accepted),
            span(text, 22, 30, "B[2]", SpanState::Accepted),
        ];
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let it = item(&a, &doc);
        let mut tally = Tally::default();
        let tsv = render(&it, &mut tally);
        assert_eq!(file_of(&it), PathBuf::from("annotation/kk%201/aigerim.tsv"));
        assert!(tsv.contains("\n#Text=😀 Қасым-Жомарт Тоқаев\n"), "{tsv}");
        assert!(tsv.contains("1-1\t0-2\t😀\t_\t_\t\n"), "{tsv}");
        assert!(tsv.contains("\t3-8\tҚасым\t*[1]\tPER[1]\t\n"), "{tsv}");
        assert!(
            tsv.contains("\tТоқаев\t*[1]|*[2]\tPER[1]|X\\_Y[2]\t\n"),
            "{tsv}"
        );
        assert!(
            tsv.contains("\n#Text=Астанада\n2-1\t23-31\tАстанада\t*\tB\\[2\\]\t\n"),
            "{tsv}"
        );
        assert_eq!(tally.spans(), 3);
    }

    #[test]
    fn text_lines_are_escaped_as_webanno_escapes_them() {
        assert_eq!(escape_text("a\\b\tc\u{1}"), "a\\\\b\\tc\\\u{1}");
        assert_eq!(escape_value("a->b*"), "a\\->b\\*");
    }
}
