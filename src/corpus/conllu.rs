//! CoNLL-U (`.conllu`, or content whose first column numbers the words 1..n of each
//! sentence on lines of 10 columns): FORM (column 2) is the token; multiword-token
//! ranges (`1-2`) and empty nodes (`1.1`) are not words and are skipped. The entity tag
//! is the last column when it is one (`O`, `B-PER`, ...), else MISC's `NE=` or `NER=`,
//! else `O`. `# newdoc` starts a document, as `-DOCSTART-` does in CoNLL; `#` comments
//! are otherwise skipped. The articles are built as CoNLL's are (see `conll`), tokens kept.

use super::common::{NormalisedText, quote};
use super::conll::{Doc, Line, Read, is_tag};
use super::{Article, Problem};
use std::path::Path;

/// Columns of a CoNLL-U word line.
const COLUMNS: usize = 10;

/// What a file's content says about CoNLL-U.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    ConllU,
    Not,
    /// The first column numbers words, but `line` makes it doubtful.
    Doubtful {
        line: usize,
        why: String,
    },
}

/// What the first column of a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Id {
    Word(usize),
    /// A multiword-token range (`1-2`) or an empty node (`1.1`): not a word.
    NotAWord,
}

fn id(column: &str) -> Option<Id> {
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Ok(n) = column.parse::<usize>() {
        return Some(Id::Word(n));
    }
    let (a, b) = column.split_once('-').or_else(|| column.split_once('.'))?;
    (number(a) && number(b)).then_some(Id::NotAWord)
}

/// A line's columns: tab-separated when it has a tab (CoNLL-U's own rule), else blanks.
fn columns(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t').map(str::trim).collect()
    } else {
        line.split(' ').filter(|c| !c.is_empty()).collect()
    }
}

/// Whether `text` is CoNLL-U: every word line's first column counts 1..n within its
/// sentence and the line has 10 columns. A count with lines that break it, or lines of
/// fewer columns, is doubtful; a count on fewer lines than break it is not CoNLL-U.
pub fn sniff(text: &str) -> Sniff {
    let (mut expected, mut counted, mut other) = (1usize, 0usize, 0usize);
    let (mut first_other, mut narrow) = (None, None);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            expected = 1;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let columns = columns(line);
        match id(columns[0]) {
            Some(Id::Word(n)) if n == expected => {
                expected += 1;
                counted += 1;
                if columns.len() < COLUMNS {
                    narrow.get_or_insert((i + 1, columns.len()));
                }
            }
            Some(Id::NotAWord) => {}
            _ => {
                other += 1;
                first_other.get_or_insert(i + 1);
            }
        }
    }
    let doubtful = |line, why: String| Sniff::Doubtful { line, why };
    match (first_other, narrow) {
        _ if counted == 0 || other > counted => Sniff::Not,
        (Some(line), _) => doubtful(
            line,
            format!(
                "{counted} lines number their words 1..n like CoNLL-U, but this one does not \
                 continue the count"
            ),
        ),
        (None, Some((line, n))) => doubtful(
            line,
            format!(
                "the first column numbers the words 1..n like CoNLL-U's ID, but this line \
                 has {n} columns, not {COLUMNS}"
            ),
        ),
        (None, None) => Sniff::ConllU,
    }
}

pub fn parse(
    file: &Path,
    rel: &str,
    raw: String,
    sentences_per_article: Option<usize>,
) -> (Vec<Article>, Vec<Problem>) {
    let text = NormalisedText::new(raw).into_text();
    let mut problems = Vec::new();
    let (docs, newdoc) = split_docs(file, &text, &mut problems);
    let read = Read {
        file,
        rel,
        tab_separated: text.lines().any(|l| l.contains('\t')),
        docstart: newdoc,
        sentences_per_article,
    };
    let articles = read.articles(docs, &mut problems);
    (articles, problems)
}

/// Splits the file into documents (at `# newdoc`) and sentences of words; bad lines are
/// problems and left out. Also says whether the file has a `# newdoc` line.
fn split_docs<'a>(file: &Path, text: &'a str, problems: &mut Vec<Problem>) -> (Vec<Doc<'a>>, bool) {
    let mut docs: Vec<Doc> = Vec::new();
    let mut newdoc = false;
    let mut current = Doc {
        line_no: 1,
        sentences: Vec::new(),
        doc_labels: Vec::new(),
    };
    let mut sentence: Vec<Line> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            push_sentence(&mut current, &mut sentence);
        } else if is_newdoc(line) {
            newdoc = true;
            push_sentence(&mut current, &mut sentence);
            let next = Doc {
                line_no,
                sentences: Vec::new(),
                doc_labels: Vec::new(),
            };
            docs.extend(
                Some(std::mem::replace(&mut current, next)).filter(|d| !d.sentences.is_empty()),
            );
        } else if let Some(labels) = super::conll::doc_comment(line) {
            current.doc_labels = labels;
        } else if !line.starts_with('#') {
            if current.sentences.is_empty() && sentence.is_empty() && !newdoc {
                current.line_no = line_no;
            }
            match word(line_no, line) {
                Ok(Some(word)) => sentence.push(word),
                Ok(None) => {}
                Err(message) => problems.push(Problem::new(file, Some(line_no), message)),
            }
        }
    }
    push_sentence(&mut current, &mut sentence);
    docs.extend(Some(current).filter(|d| !d.sentences.is_empty()));
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem::new(file, Some(1), "no words in this CoNLL-U file"));
    }
    (docs, newdoc)
}

fn push_sentence<'a>(doc: &mut Doc<'a>, sentence: &mut Vec<Line<'a>>) {
    if !sentence.is_empty() {
        doc.sentences.push(std::mem::take(sentence));
    }
}

fn is_newdoc(line: &str) -> bool {
    let comment = line.trim_start_matches('#').trim_start();
    line.starts_with('#')
        && comment
            .strip_prefix("newdoc")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '=']))
}

/// A word line as a CoNLL line (FORM and the entity tag), `None` for a range or an
/// empty node, or what is wrong with it.
fn word(line_no: usize, line: &str) -> Result<Option<Line<'_>>, String> {
    let columns = columns(line);
    match id(columns[0]) {
        Some(Id::NotAWord) => return Ok(None),
        Some(Id::Word(_)) => {}
        None => {
            return Err(format!(
                "expected a word number (1, 2, ...), a range (1-2) or an empty node (1.1) in \
                 the first column, found {}",
                quote(columns[0])
            ));
        }
    }
    if columns.len() < 3 {
        return Err(format!(
            "expected a word number, the word and more columns, found {}",
            quote(line)
        ));
    }
    Ok(Some(Line {
        line_no,
        token: columns[1],
        tag: tag(&columns),
        middle: Vec::new(),
    }))
}

/// The entity tag of a word line: its last column when that is a tag, or on lines of
/// fewer than 10 columns (a bad one is then reported as CoNLL's are); else MISC's `NE=` or
/// `NER=`; else `O`.
fn tag<'a>(columns: &[&'a str]) -> &'a str {
    let last = columns[columns.len() - 1];
    if is_tag(last) || columns.len() != COLUMNS {
        return last;
    }
    last.split('|')
        .find_map(|item| {
            item.strip_prefix("NE=")
                .or_else(|| item.strip_prefix("NER="))
        })
        .unwrap_or("O")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, per_article: Option<usize>) -> (Vec<Article>, Vec<Problem>) {
        parse(Path::new("x.conllu"), "x", text.to_string(), per_article)
    }

    /// Each imported span as `LABEL text`.
    fn spans(article: &Article) -> Vec<String> {
        let chars: Vec<char> = article.text.chars().collect();
        let cut = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        let spans = article.imported.iter();
        spans
            .map(|s| format!("{} {}", s.label, cut(s.start, s.end)))
            .collect()
    }

    const TAGGED: &str = "1\tҚанат\t_\t_\t_\t_\t_\t_\t_\tB-PERSON\n\
                          2\tСүлейменов\t_\t_\t_\t_\t_\t_\t_\tI-PERSON\n\
                          3\tАтырауға\t_\t_\t_\t_\t_\t_\t_\tB-GPE\n\
                          4\tкелді\t_\t_\t_\t_\t_\t_\t_\tO\n\
                          \n\
                          1\tОл\t_\t_\t_\t_\t_\t_\t_\tO\n\
                          2\tкетті\t_\t_\t_\t_\t_\t_\t_\tO\n";

    #[test]
    fn ten_columns_without_comments_read_form_and_the_last_column() {
        assert_eq!(sniff(TAGGED), Sniff::ConllU);
        let (articles, problems) = read(TAGGED, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            articles[0].text,
            "Қанат Сүлейменов Атырауға келді\nОл кетті"
        );
        assert_eq!(
            spans(&articles[0]),
            ["PERSON Қанат Сүлейменов", "GPE Атырауға"]
        );
        let tokens = articles[0].tokens.as_ref().unwrap();
        assert_eq!(tokens[0][1].text, "Сүлейменов");
        assert_eq!(tokens[0][1].tag, "I-PERSON");
    }

    #[test]
    fn multiword_ranges_and_empty_nodes_are_skipped() {
        let text = "# sent_id = 1\n# text = Ол айтты.\n\
                    1-2\tОлайтты\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    1\tОл\tол\tPRON\t_\t_\t2\tnsubj\t_\tNE=B-PER\n\
                    1.1\tжоқ\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    2\tайтты\tайт\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n\
                    3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\tNER=O\n";
        assert_eq!(sniff(text), Sniff::ConllU);
        let (articles, problems) = read(text, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles[0].text, "Ол айтты .");
        assert_eq!(spans(&articles[0]), ["PER Ол"]);
    }

    #[test]
    fn misc_ne_and_ner_give_the_tags() {
        let text = "1\tЕуразия\t_\t_\t_\t_\t_\t_\t_\tNE=B-LOC|SpaceAfter=No\n\
                    2\tбанкі\t_\t_\t_\t_\t_\t_\t_\tNER=I-LOC\n\
                    3\tашылды\t_\t_\t_\t_\t_\t_\t_\t_\n";
        let (articles, problems) = read(text, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(spans(&articles[0]), ["LOC Еуразия банкі"]);
        assert_eq!(articles[0].tokens.as_ref().unwrap()[0][2].tag, "O");
    }

    #[test]
    fn newdoc_starts_articles_and_otherwise_sentences_per_article_cuts() {
        let sentence = "1\ta\t_\t_\t_\t_\t_\t_\t_\tO\n\n";
        let text = format!("# newdoc id = d1\n{sentence}{sentence}# newdoc\n{sentence}");
        let (articles, _) = read(&text, Some(1));
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x#1", "x#2"], "documents are kept as they are");
        assert_eq!(articles[1].source.line, 6, "the `# newdoc` line");
        let (cut, _) = read(&sentence.repeat(3), Some(2));
        assert_eq!(cut.len(), 2);
    }

    #[test]
    fn a_count_that_breaks_or_narrow_lines_are_doubtful() {
        let broken = "1\ta\t_\t_\t_\t_\t_\t_\t_\tO\n\
                      2\tb\t_\t_\t_\t_\t_\t_\t_\tO\n\
                      5\tc\t_\t_\t_\t_\t_\t_\t_\tO\n";
        assert!(matches!(sniff(broken), Sniff::Doubtful { line: 3, .. }));
        let narrow = "1 Қанат B-PER\n2 келді O\n\n1 Ол O\n";
        assert!(matches!(sniff(narrow), Sniff::Doubtful { line: 1, .. }));
        // plain CoNLL where a sentence happens to start with the token 1
        let conll = "1 O\nқаңтарда O\nкелді O\n\nОл O\n";
        assert_eq!(sniff(conll), Sniff::Not);
        assert_eq!(sniff("Бүгін жиын өтті.\n"), Sniff::Not);
    }

    #[test]
    fn bad_word_lines_are_reported_with_their_line() {
        let text = "1\ta\t_\t_\t_\t_\t_\t_\t_\tO\nx\tb\t_\t_\t_\t_\t_\t_\t_\tO\n2\tc\n";
        let (articles, problems) = read(text, None);
        assert_eq!(articles[0].text, "a");
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert!(problems[0].message.contains("«x»"), "{}", problems[0]);
    }
}
