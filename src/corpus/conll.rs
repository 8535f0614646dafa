//! CoNLL-2002/2003 (`.conll`, `.iob`, `.bio`): a token per line, its tag in the last
//! column, a blank line between sentences, `-DOCSTART-` before each document.
//!
//! The scheme is decided per file: it is IOB2 if any `B-` tag opens an entity (at a
//! sentence start, after `O`, or after a tag of another type); otherwise it is IOB1, where
//! `I-` opens entities and `B-` only separates two touching entities of one type. In an
//! IOB2 file an `I-X` that does not continue an `X` entity is an error (it is then read
//! as if it were `B-X`, so the document still loads).

use serde_json::Value;

use super::common::{NormalisedText, default_title, quote};
use super::{Article, ImportedSpan, Problem, SourceRef, Token};
use std::path::Path;

const DOCSTART: &str = "-DOCSTART-";

/// A token line as read: its line number, token, tag, and the columns between them.
struct Line<'a> {
    line_no: usize,
    token: &'a str,
    tag: &'a str,
    middle: Vec<&'a str>,
}

/// A document: where it starts and its sentences of token lines.
struct Doc<'a> {
    line_no: usize,
    sentences: Vec<Vec<Line<'a>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Outside,
    Begin,
    Inside,
}

pub fn parse(file: &Path, rel: &str, raw: String) -> (Vec<Article>, Vec<Problem>) {
    let text = NormalisedText::new(raw).into_text();
    let mut problems = Vec::new();
    let docs = split_docs(file, &text, &mut problems);
    let iob2 = docs
        .iter()
        .flat_map(|d| &d.sentences)
        .any(|s| opens_with_b(s));
    let tab_separated = text.lines().any(|l| l.contains('\t'));
    let numbered = docs.len() > 1;
    let articles = docs
        .into_iter()
        .enumerate()
        .map(|(n, doc)| {
            let id = if numbered {
                format!("{rel}#{}", n + 1)
            } else {
                rel.to_string()
            };
            build(file, id, doc, iob2, tab_separated, &mut problems)
        })
        .collect();
    (articles, problems)
}

/// Splits the file into documents and sentences; bad lines are problems and left out.
fn split_docs<'a>(file: &Path, text: &'a str, problems: &mut Vec<Problem>) -> Vec<Doc<'a>> {
    let mut docs: Vec<Doc> = Vec::new();
    let mut sentence: Vec<Line> = Vec::new();
    let mut current: Option<Doc> = None;
    let flush = |sentence: &mut Vec<Line<'a>>, current: &mut Option<Doc<'a>>, line_no| {
        if !sentence.is_empty() {
            current
                .get_or_insert_with(|| Doc {
                    line_no,
                    sentences: Vec::new(),
                })
                .sentences
                .push(std::mem::take(sentence));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        // split on ASCII blanks only: a token may hold a no-break space ("9 000")
        let columns: Vec<&str> = line.split([' ', '\t']).filter(|c| !c.is_empty()).collect();
        match columns.as_slice() {
            [] => flush(&mut sentence, &mut current, line_no),
            [first, ..] if *first == DOCSTART => {
                flush(&mut sentence, &mut current, line_no);
                docs.extend(current.take().filter(|d| !d.sentences.is_empty()));
                current = Some(Doc {
                    line_no,
                    sentences: Vec::new(),
                });
            }
            [_] => problems.push(Problem::new(
                file,
                Some(line_no),
                format!(
                    "expected a token and a tag separated by a space or tab, found {}",
                    quote(line)
                ),
            )),
            [token, middle @ .., tag] => {
                if current.is_none() && sentence.is_empty() {
                    current = Some(Doc {
                        line_no,
                        sentences: Vec::new(),
                    });
                }
                sentence.push(Line {
                    line_no,
                    token,
                    tag,
                    middle: middle.to_vec(),
                });
            }
        }
    }
    let last = text.lines().count() + 1;
    flush(&mut sentence, &mut current, last);
    docs.extend(current.filter(|d| !d.sentences.is_empty()));
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem::new(file, Some(1), "no tokens in this CoNLL file"));
    }
    docs
}

fn split_tag(tag: &str) -> Result<(Prefix, &str), ()> {
    if tag == "O" {
        return Ok((Prefix::Outside, ""));
    }
    let (prefix, label) = match tag.split_once('-') {
        Some(("B", label)) => (Prefix::Begin, label),
        Some(("I", label)) => (Prefix::Inside, label),
        _ => return Err(()),
    };
    if label.is_empty() {
        return Err(());
    }
    Ok((prefix, label))
}

/// Whether a sentence has a `B-` tag that opens an entity, which only IOB2 writes.
fn opens_with_b(sentence: &[Line]) -> bool {
    let mut previous: Option<&str> = None;
    for line in sentence {
        let Ok((prefix, label)) = split_tag(line.tag) else {
            previous = None;
            continue;
        };
        if prefix == Prefix::Begin && previous != Some(label) {
            return true;
        }
        previous = (prefix != Prefix::Outside).then_some(label);
    }
    false
}

fn build(
    file: &Path,
    id: String,
    doc: Doc,
    iob2: bool,
    tab_separated: bool,
    problems: &mut Vec<Problem>,
) -> Article {
    let mut text = String::new();
    let mut chars = 0;
    let mut sentences = Vec::with_capacity(doc.sentences.len());
    let mut imported = Vec::new();
    let mut columns: Vec<Value> = Vec::new();
    let mut has_middle = false;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if s > 0 {
            text.push('\n');
            chars += 1;
        }
        // the entity being read: label and start
        let mut open: Option<(&str, usize)> = None;
        let mut previous_end = chars;
        let mut tokens = Vec::with_capacity(sentence.len());
        let mut sentence_columns = Vec::with_capacity(sentence.len());
        for (t, line) in sentence.iter().enumerate() {
            if t > 0 {
                text.push(' ');
                chars += 1;
            }
            let start = chars;
            text.push_str(line.token);
            chars += line.token.chars().count();
            let (prefix, label) = match split_tag(line.tag) {
                Ok(parsed) => parsed,
                Err(()) => {
                    problems.push(Problem::new(
                        file,
                        Some(line.line_no),
                        format!("tag {} is not O, B-LABEL or I-LABEL", quote(line.tag)),
                    ));
                    (Prefix::Outside, "")
                }
            };
            let continues = open.is_some_and(|(l, _)| l == label);
            let starts_new = match prefix {
                Prefix::Outside => false,
                Prefix::Begin => true,
                Prefix::Inside if continues => false,
                Prefix::Inside => {
                    if iob2 {
                        let after = match t {
                            0 => "at the start of a sentence".to_string(),
                            _ => format!("after {}", quote(sentence[t - 1].tag)),
                        };
                        problems.push(Problem::new(
                            file,
                            Some(line.line_no),
                            format!(
                                "{} {after}: in this IOB2 file an entity starts with B-{label} \
                                 (read as B-{label})",
                                quote(line.tag)
                            ),
                        ));
                    }
                    true
                }
            };
            if prefix == Prefix::Outside || starts_new {
                close(&mut open, previous_end, &mut imported);
            }
            if starts_new {
                open = Some((label, start));
            }
            tokens.push(Token {
                text: line.token.to_string(),
                start,
                end: chars,
                tag: line.tag.to_string(),
            });
            previous_end = chars;
            has_middle |= !line.middle.is_empty();
            sentence_columns.push(Value::from(line.middle.clone()));
        }
        close(&mut open, chars, &mut imported);
        sentences.push(tokens);
        columns.push(Value::Array(sentence_columns));
    }
    let mut meta = std::collections::BTreeMap::new();
    if has_middle {
        meta.insert("conll_columns".to_string(), Value::Array(columns));
    }
    if tab_separated {
        meta.insert("conll_separator".to_string(), Value::from("\t"));
    }
    Article {
        id,
        title: default_title(&text),
        text,
        source: SourceRef {
            file: file.to_path_buf(),
            line: doc.line_no,
        },
        meta,
        tokens: Some(sentences),
        imported,
    }
}

/// Ends the open entity at `end` (the end of its last token).
fn close(open: &mut Option<(&str, usize)>, end: usize, out: &mut Vec<ImportedSpan>) {
    if let Some((label, start)) = open.take() {
        out.push(ImportedSpan {
            start,
            end,
            label: label.to_string(),
            note: None,
        });
    }
}
