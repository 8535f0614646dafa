//! CoNLL-2002/2003 (`.conll`, `.iob`, `.bio`): a token per line, its tag in the last
//! column, a blank line between sentences, `-DOCSTART-` before each document.
//!
//! The scheme is decided per file: it is IOB2 if any `B-` tag opens an entity (at a
//! sentence start, after `O`, or after a tag of another type); otherwise it is IOB1, where
//! `I-` opens entities and `B-` only separates two touching entities of one type. In an
//! IOB2 file an `I-X` that does not continue an `X` entity is an error (it is then read
//! as if it were `B-X`, so the document still loads). IOBES tags (`E-`, `S-`) are read too.
//!
//! A file with another extension (`IOB2_test.txt`) is read as CoNLL when `sniff` says
//! its content is; `--sentences-per-article N` cuts a file without `-DOCSTART-` into
//! articles of N sentences (`file#1`, `file#2`, ...), which export joins back unchanged.

use serde_json::Value;

use super::common::{NormalisedText, default_title, quote};
use super::{Article, ImportedSpan, Problem, SourceRef, Token};
use std::path::Path;

const DOCSTART: &str = "-DOCSTART-";

/// A token line as read: its line number, token, tag, and the columns between them.
pub(super) struct Line<'a> {
    pub line_no: usize,
    pub token: &'a str,
    pub tag: &'a str,
    pub middle: Vec<&'a str>,
}

/// A document: where it starts and its sentences of token lines.
pub(super) struct Doc<'a> {
    pub line_no: usize,
    pub sentences: Vec<Vec<Line<'a>>>,
    /// The document labels of its `# DOC: A, B` comment, if it has one.
    pub doc_labels: Vec<String>,
}

/// The document labels of a `# DOC: A, B` comment line (tanba writes one after each
/// `-DOCSTART-` of a labelled article); `None` for any other line.
pub(super) fn doc_comment(line: &str) -> Option<Vec<String>> {
    let rest = line.strip_prefix('#')?.trim_start().strip_prefix("DOC:")?;
    let mut labels: Vec<String> = rest
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    labels.sort();
    labels.dedup();
    Some(labels)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Outside,
    Begin,
    Inside,
    /// IOBES: the last token of an entity.
    End,
    /// IOBES: an entity of one token.
    Single,
}

pub fn parse(
    file: &Path,
    rel: &str,
    raw: String,
    sentences_per_article: Option<usize>,
) -> (Vec<Article>, Vec<Problem>) {
    let text = NormalisedText::new(raw).into_text();
    let mut problems = Vec::new();
    let (docs, docstart) = split_docs(file, &text, &mut problems);
    let tab_separated = text.lines().any(|l| l.contains('\t'));
    let read = Read {
        file,
        rel,
        tab_separated,
        docstart,
        sentences_per_article,
    };
    let articles = read.articles(docs, &mut problems);
    (articles, problems)
}

/// What the articles of one file are built with, besides its documents.
pub(super) struct Read<'f> {
    pub file: &'f Path,
    pub rel: &'f str,
    pub tab_separated: bool,
    /// Whether the file marks its documents (`-DOCSTART-`, CoNLL-U `# newdoc`).
    pub docstart: bool,
    pub sentences_per_article: Option<usize>,
}

impl Read<'_> {
    /// The articles of `docs`: cut into `sentences_per_article` when the file does not
    /// mark its documents, their entities read from the tags.
    pub fn articles(&self, mut docs: Vec<Doc<'_>>, problems: &mut Vec<Problem>) -> Vec<Article> {
        let Read {
            file,
            rel,
            tab_separated,
            docstart,
            sentences_per_article,
        } = *self;
        if let (Some(n), false) = (sentences_per_article.filter(|n| *n > 0), docstart) {
            docs = docs.into_iter().flat_map(|doc| cut(doc, n)).collect();
        }
        let iob2 = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .any(|s| opens_with_b(s));
        let numbered = docs.len() > 1;
        docs.into_iter()
            .enumerate()
            .map(|(n, doc)| {
                let id = if numbered {
                    format!("{rel}#{}", n + 1)
                } else {
                    rel.to_string()
                };
                Builder::new(file, iob2, problems).build(id, doc, tab_separated)
            })
            .collect()
    }
}

/// A document cut into documents of `n` sentences each.
fn cut(doc: Doc<'_>, n: usize) -> Vec<Doc<'_>> {
    let mut out = Vec::with_capacity(doc.sentences.len().div_ceil(n));
    let mut sentences = doc.sentences.into_iter().peekable();
    while sentences.peek().is_some() {
        let chunk: Vec<Vec<Line>> = sentences.by_ref().take(n).collect();
        let line_no = chunk
            .first()
            .and_then(|s| s.first())
            .map_or(doc.line_no, |l| l.line_no);
        out.push(Doc {
            line_no,
            sentences: chunk,
            doc_labels: doc.doc_labels.clone(),
        });
    }
    out
}

/// What a file's content says it is, for files whose name does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    Conll,
    NotConll,
    /// Partly CoNLL-like: `line` is the first line that makes it doubtful.
    Ambiguous {
        line: usize,
        why: String,
    },
}

/// Whether `text` is CoNLL: every non-blank line is `-DOCSTART-` or columns whose last
/// is a tag (`O`, or `B-`/`I-`/`E-`/`S-` and a type), every token line with as many
/// columns. Lines that are not, among many that are, make it ambiguous, as does a file
/// of one line.
pub fn sniff(text: &str) -> Sniff {
    let (mut tagged, mut other, mut docstart) = (0usize, 0usize, false);
    let mut first_other = None;
    let mut width: Option<(usize, usize)> = None; // columns of the first token line, its line
    let mut uneven = None;
    for (i, line) in text.lines().enumerate() {
        let columns: Vec<&str> = line.split([' ', '\t']).filter(|c| !c.is_empty()).collect();
        match columns.as_slice() {
            [] => {}
            [first, ..] if *first == DOCSTART => docstart = true,
            _ if doc_comment(line).is_some() => {}
            [_, .., last] if is_tag(last) => {
                tagged += 1;
                match width {
                    None => width = Some((columns.len(), i + 1)),
                    Some((w, _)) if w != columns.len() => {
                        uneven.get_or_insert(i + 1);
                    }
                    Some(_) => {}
                }
            }
            _ => {
                other += 1;
                first_other.get_or_insert(i + 1);
                if other > 2 && other > tagged {
                    return Sniff::NotConll;
                }
            }
        }
    }
    let ambiguous = |line, why: String| Sniff::Ambiguous { line, why };
    match (first_other, uneven) {
        _ if tagged == 0 => Sniff::NotConll,
        (Some(line), _) => ambiguous(
            line,
            format!("{tagged} lines look like CoNLL `token TAG` lines, but this one does not"),
        ),
        (None, Some(line)) => ambiguous(
            line,
            format!(
                "every line ends in a tag, like CoNLL, but this one has another number of \
                 columns than line {}",
                width.map_or(1, |(_, l)| l)
            ),
        ),
        _ if tagged < 2 && !docstart => ambiguous(
            width.map_or(1, |(_, l)| l),
            "one line that ends in what looks like a CoNLL tag".into(),
        ),
        _ => Sniff::Conll,
    }
}

pub(super) fn is_tag(column: &str) -> bool {
    column == "O" || split_tag(column).is_ok()
}

/// Splits the file into documents and sentences; bad lines are problems and left out.
/// Also says whether the file has a `-DOCSTART-` line.
fn split_docs<'a>(file: &Path, text: &'a str, problems: &mut Vec<Problem>) -> (Vec<Doc<'a>>, bool) {
    let mut docs: Vec<Doc> = Vec::new();
    let mut docstart = false;
    let mut sentence: Vec<Line> = Vec::new();
    let mut current: Option<Doc> = None;
    let flush = |sentence: &mut Vec<Line<'a>>, current: &mut Option<Doc<'a>>, line_no| {
        if !sentence.is_empty() {
            current
                .get_or_insert_with(|| Doc {
                    line_no,
                    sentences: Vec::new(),
                    doc_labels: Vec::new(),
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
                docstart = true;
                flush(&mut sentence, &mut current, line_no);
                docs.extend(current.take().filter(|d| !d.sentences.is_empty()));
                current = Some(Doc {
                    line_no,
                    sentences: Vec::new(),
                    doc_labels: Vec::new(),
                });
            }
            [first, ..] if *first == "#" && doc_comment(line).is_some() => {
                let doc = current.get_or_insert_with(|| Doc {
                    line_no,
                    sentences: Vec::new(),
                    doc_labels: Vec::new(),
                });
                doc.doc_labels = doc_comment(line).unwrap_or_default();
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
                        doc_labels: Vec::new(),
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
    (docs, docstart)
}

fn split_tag(tag: &str) -> Result<(Prefix, &str), ()> {
    if tag == "O" {
        return Ok((Prefix::Outside, ""));
    }
    let (prefix, label) = match tag.split_once('-') {
        Some(("B", label)) => (Prefix::Begin, label),
        Some(("I", label)) => (Prefix::Inside, label),
        Some(("E", label)) => (Prefix::End, label),
        Some(("S", label)) => (Prefix::Single, label),
        _ => return Err(()),
    };
    if label.is_empty() {
        return Err(());
    }
    Ok((prefix, label))
}

/// Whether a sentence has a `B-` (or IOBES `S-`) tag that opens an entity, which IOB1
/// never writes.
fn opens_with_b(sentence: &[Line]) -> bool {
    let mut previous: Option<&str> = None;
    for line in sentence {
        let Ok((prefix, label)) = split_tag(line.tag) else {
            previous = None;
            continue;
        };
        if prefix == Prefix::Single || (prefix == Prefix::Begin && previous != Some(label)) {
            return true;
        }
        previous = matches!(prefix, Prefix::Begin | Prefix::Inside).then_some(label);
    }
    false
}

/// Builds the articles of one file: the text (tokens joined by spaces, a sentence per
/// line), the tokens, the entities their tags make, and the columns between.
struct Builder<'p> {
    file: &'p Path,
    iob2: bool,
    problems: &'p mut Vec<Problem>,
    text: String,
    chars: usize,
    imported: Vec<ImportedSpan>,
    columns: Vec<Value>,
    has_middle: bool,
}

impl<'p> Builder<'p> {
    fn new(file: &'p Path, iob2: bool, problems: &'p mut Vec<Problem>) -> Self {
        Builder {
            file,
            iob2,
            problems,
            text: String::new(),
            chars: 0,
            imported: Vec::new(),
            columns: Vec::new(),
            has_middle: false,
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn build(mut self, id: String, doc: Doc, tab_separated: bool) -> Article {
        let mut sentences = Vec::with_capacity(doc.sentences.len());
        for (s, sentence) in doc.sentences.iter().enumerate() {
            if s > 0 {
                self.push("\n");
            }
            sentences.push(self.sentence(sentence));
        }
        let mut meta = std::collections::BTreeMap::new();
        if self.has_middle {
            meta.insert("conll_columns".to_string(), Value::Array(self.columns));
        }
        if tab_separated {
            meta.insert("conll_separator".to_string(), Value::from("\t"));
        }
        Article {
            id,
            title: default_title(&self.text),
            text: self.text,
            source: SourceRef::new(self.file, doc.line_no),
            meta: meta.into(),
            tokens: Some(sentences),
            imported: self.imported,
            relations: Vec::new(),
            doc_labels: doc.doc_labels,
            links: Vec::new(),
        }
    }

    /// Appends one sentence; returns its tokens.
    fn sentence(&mut self, sentence: &[Line]) -> Vec<Token> {
        // the entity being read: label and start
        let mut open: Option<(&str, usize)> = None;
        let mut previous_end = self.chars;
        let mut tokens = Vec::with_capacity(sentence.len());
        let mut middle = Vec::with_capacity(sentence.len());
        for (t, line) in sentence.iter().enumerate() {
            if t > 0 {
                self.push(" ");
            }
            let start = self.chars;
            self.push(line.token);
            let (prefix, label) = self.prefix(line);
            let starts_new = self.starts_new(prefix, label, open, sentence, t);
            if prefix == Prefix::Outside || starts_new {
                close(&mut open, previous_end, &mut self.imported);
            }
            if starts_new {
                open = Some((label, start));
            }
            if matches!(prefix, Prefix::End | Prefix::Single) {
                close(&mut open, self.chars, &mut self.imported);
            }
            tokens.push(Token {
                text: line.token.to_string(),
                start,
                end: self.chars,
                tag: line.tag.to_string(),
            });
            previous_end = self.chars;
            self.has_middle |= !line.middle.is_empty();
            middle.push(Value::from(line.middle.clone()));
        }
        close(&mut open, self.chars, &mut self.imported);
        self.columns.push(Value::Array(middle));
        tokens
    }

    /// The tag's prefix and type; a tag that is neither is a problem, read as `O`.
    fn prefix<'l>(&mut self, line: &Line<'l>) -> (Prefix, &'l str) {
        split_tag(line.tag).unwrap_or_else(|()| {
            self.problems.push(Problem::new(
                self.file,
                Some(line.line_no),
                format!(
                    "tag {} is not O, B-LABEL, I-LABEL, E-LABEL or S-LABEL",
                    quote(line.tag)
                ),
            ));
            (Prefix::Outside, "")
        })
    }

    /// Whether token `t` opens an entity; an `I-`/`E-` that continues nothing is one,
    /// reported in an IOB2 file.
    fn starts_new(
        &mut self,
        prefix: Prefix,
        label: &str,
        open: Option<(&str, usize)>,
        sentence: &[Line],
        t: usize,
    ) -> bool {
        let continues = open.is_some_and(|(l, _)| l == label);
        match prefix {
            Prefix::Outside => false,
            Prefix::Begin | Prefix::Single => true,
            Prefix::Inside | Prefix::End if continues => false,
            Prefix::Inside | Prefix::End => {
                if self.iob2 {
                    let line = &sentence[t];
                    let after = match t {
                        0 => "at the start of a sentence".to_string(),
                        _ => format!("after {}", quote(sentence[t - 1].tag)),
                    };
                    self.problems.push(Problem::new(
                        self.file,
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
        }
    }
}

/// Ends the open entity at `end` (the end of its last token).
fn close(open: &mut Option<(&str, usize)>, end: usize, out: &mut Vec<ImportedSpan>) {
    if let Some((label, start)) = open.take() {
        out.push(ImportedSpan {
            start,
            end,
            label: label.into(),
            note: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, per_article: Option<usize>) -> (Vec<Article>, Vec<Problem>) {
        parse(Path::new("x.txt"), "x", text.to_string(), per_article)
    }

    #[test]
    fn sniff_tells_conll_from_text_and_reports_doubt() {
        assert_eq!(sniff("Атырау B-LOC\nқаласы I-LOC\n\n. O\n"), Sniff::Conll);
        assert_eq!(
            sniff("-DOCSTART- -X- -X- O\n\nEU NNP B-NP S-ORG\n"),
            Sniff::Conll
        );
        assert_eq!(
            sniff("Бүгін Атырауда жиын өтті.\nЕкінші жол.\n"),
            Sniff::NotConll
        );
        assert_eq!(sniff(""), Sniff::NotConll);
        let mixed = "Жай мәтін жолы\nАтырау B-LOC\nқаласы I-LOC\nтағы O\n";
        assert!(matches!(sniff(mixed), Sniff::Ambiguous { line: 1, .. }));
        let uneven = "Атырау B-LOC\nқаласы NN I-LOC\n";
        assert!(matches!(sniff(uneven), Sniff::Ambiguous { line: 2, .. }));
        // a one-line note that happens to end like a tag is not taken for CoNLL
        assert!(matches!(
            sniff("The plane was a B-52\n"),
            Sniff::Ambiguous { line: 1, .. }
        ));
        let prose = "a\nb c\nd e f\ng h\n".repeat(10) + "x O\n";
        assert_eq!(sniff(&prose), Sniff::NotConll);
    }

    #[test]
    fn iobes_tags_make_the_same_entities() {
        let (articles, problems) = read("Қанат B-PER\nСүлейменов E-PER\nАтырау S-LOC\n. O\n", None);
        assert!(problems.is_empty(), "{problems:?}");
        let spans: Vec<_> = articles[0]
            .imported
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(spans, [(0, 16, "PER"), (17, 23, "LOC")]);
    }

    #[test]
    fn sentences_per_article_cuts_files_without_docstart_only() {
        let text = "a B-X\n\nb O\n\nc O\n\nd O\n\ne O\n";
        let (articles, _) = read(text, Some(2));
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x#1", "x#2", "x#3"]);
        assert_eq!(articles[1].text, "c\nd");
        assert_eq!(articles[1].source.line, 5);
        assert_eq!(articles[2].tokens.as_ref().unwrap().len(), 1);
        let (one, _) = read(text, Some(10));
        assert_eq!(one[0].id, "x");
        let with_docstart = format!("-DOCSTART- O\n\n{text}");
        let (docs, _) = read(&with_docstart, Some(2));
        assert_eq!(docs.len(), 1, "documents are kept as they are");
    }
}
