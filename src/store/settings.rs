//! `tanba.ron`: reading it (errors with file:line:column, label set checked), writing a
//! new one with comments, and adding labels to an existing one in place, keeping its
//! comments, order and layout.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::{FileError, StoreError, atomic_write};
use crate::annotation::{DocLabels, Label, LabelSet, LabelSetError, RelationSet, SpanScheme};
use crate::corpus::Reader;

/// `tanba.ron`: what the workspace is about, which labels it uses, how its corpus is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub name: String,
    #[serde(default)]
    pub sources: Vec<PathBuf>,
    #[serde(default)]
    pub labels: LabelSet,
    /// The reader every corpus file goes through (`--from`), if not chosen by content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Reader>,
    /// CoNLL files without `-DOCSTART-` are cut into articles of this many sentences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentences_per_article: Option<usize>,
    /// Whether spans may nest or overlap; see [`Settings::spans`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spans: Option<SpanScheme>,
    /// An assigned article untouched this many days is listed as stale (default 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
    /// Relation labels between spans (annotation::relation); none: no relations.
    #[serde(default, skip_serializing_if = "RelationSet::is_empty")]
    pub relations: RelationSet,
    /// Labels for a whole article (annotation::doc_label); none: off.
    #[serde(default, skip_serializing_if = "DocLabels::is_empty")]
    pub doc_labels: DocLabels,
}

impl Settings {
    pub fn new(name: impl Into<String>, sources: Vec<PathBuf>) -> Settings {
        Settings {
            name: name.into(),
            sources,
            labels: LabelSet::default(),
            from: None,
            sentences_per_article: None,
            spans: None,
            stale_after_days: None,
            relations: RelationSet::default(),
            doc_labels: DocLabels::default(),
        }
    }

    /// Days after which an assigned article nobody touched is stale.
    pub fn stale_after_days(&self) -> u32 {
        self.stale_after_days.unwrap_or(7)
    }

    /// The project's span scheme: as `tanba.ron` says, nested when it does not (a
    /// workspace made before the setting existed).
    pub fn spans(&self) -> SpanScheme {
        self.spans.unwrap_or_default()
    }
}

const HEADER: &str = "\
// tanba workspace settings. A label is (name: \"NAME\") plus, if wanted: key (any character;
// it applies the label in the text), tag (drawn after each span; by default the shortest
// prefix no other label shares), color and description. Labels without a key are reached
// through the label picker. `tanba labels add NAME...` adds labels at the end of the list.
// spans: flat (no two spans overlap, as in CoNLL) or nested (spans may nest or overlap).
";

fn ron_value<T: Serialize + ?Sized>(value: &T) -> String {
    ron::to_string(value).expect("strings and chars always serialise")
}

/// One label on one line, with only the fields it has.
pub fn label_to_ron(label: &Label) -> String {
    let mut out = format!("(name: {}", ron_value(&label.name));
    if let Some(key) = label.key {
        out += &format!(", key: {}", ron_value(&key));
    }
    if let Some(tag) = &label.tag {
        out += &format!(", tag: {}", ron_value(tag));
    }
    if !label.color.is_empty() {
        out += &format!(", color: {}", ron_value(&label.color));
    }
    if !label.description.is_empty() {
        out += &format!(", description: {}", ron_value(&label.description));
    }
    out + ")"
}

/// The text of a new `tanba.ron`: a comment on the label fields, one label per line.
pub fn settings_to_ron(settings: &Settings) -> String {
    let mut out = format!("{HEADER}(\n    name: {},\n", ron_value(&settings.name));
    out += "    sources: [\n";
    for source in &settings.sources {
        out += &format!("        {},\n", ron_value(&*source.to_string_lossy()));
    }
    out += "    ],\n    labels: [\n";
    for label in &settings.labels.labels {
        out += &format!("        {},\n", label_to_ron(label));
    }
    out += "    ],\n";
    if let Some(from) = settings.from {
        out += &format!("    from: {},\n", ron_value(&from));
    }
    if let Some(n) = settings.sentences_per_article {
        out += &format!("    sentences_per_article: {n},\n");
    }
    if let Some(spans) = settings.spans {
        out += &format!("    spans: {},\n", spans.name());
    }
    if let Some(days) = settings.stale_after_days {
        out += &format!("    stale_after_days: {days},\n");
    }
    if !settings.relations.is_empty() {
        out += "    relations: [\n";
        for label in &settings.relations.labels {
            out += &format!("        {},\n", ron_value(label));
        }
        out += "    ],\n";
    }
    if !settings.doc_labels.is_empty() {
        out += &format!("    doc_labels: {},\n", ron_value(&settings.doc_labels));
    }
    out + ")\n"
}

/// Parses `tanba.ron` text (`path` names it in errors) and checks its label set.
pub fn parse_settings(path: &Path, text: &str) -> Result<Settings, StoreError> {
    // `key: 'p'` as well as `key: Some('p')`
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let settings: Settings = options
        .from_str(text)
        .map_err(|e| StoreError::parse(path, &e))?;
    if let Err((index, message)) = settings.doc_labels.check() {
        let at = text.find("doc_labels").unwrap_or(0);
        let at = text[at..]
            .match_indices("name:")
            .nth(index)
            .map_or(at, |(i, _)| at + i);
        let (line, column) = line_column(text, at);
        return Err(FileError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
        .into());
    }
    if let Err((index, e)) = settings.relations.check() {
        let (line, column) = relation_position(text, index).unwrap_or((1, 1));
        return Err(FileError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: e.to_string(),
        }
        .into());
    }
    if let Err((index, e)) = settings.labels.check() {
        let (line, column) = locate(text, index, &e).unwrap_or((1, 1));
        return Err(FileError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: e.to_string(),
        }
        .into());
    }
    Ok(settings)
}

/// Reads `tanba.ron`: parse errors and an invalid label set name file, line and column.
pub fn read_settings(path: &Path) -> Result<Settings, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    parse_settings(path, &text)
}

/// Where in the file label `index`'s offending field is (its whole entry if the field is
/// not written there).
fn locate(text: &str, index: usize, error: &LabelSetError) -> Option<(usize, usize)> {
    let field = match error {
        LabelSetError::DuplicateKey { .. } | LabelSetError::BadKey(_) => "key",
        LabelSetError::DuplicateTag { .. } | LabelSetError::BadTag(_) => "tag",
        _ => "name",
    };
    label_field_position(text, index, field)
}

/// Line and column of `field` of label `index` in the `tanba.ron` text (of the label's
/// entry if that field is not written), for errors found later, like a key the keymap
/// already uses.
pub fn label_field_position(text: &str, index: usize, field: &str) -> Option<(usize, usize)> {
    let entry = label_entries(text)?.into_iter().nth(index)?;
    let at = entry
        .fields
        .iter()
        .find(|(name, _)| name == field)
        .map_or(entry.start, |(_, at)| *at);
    Some(line_column(text, at))
}

/// Line and column of relation label `index`'s name in the `tanba.ron` text: its
/// `index`th `name:` after `relations:`.
fn relation_position(text: &str, index: usize) -> Option<(usize, usize)> {
    let list = text.find("relations:")?;
    let at = text[list..].match_indices("name:").nth(index)?.0 + list;
    Some(line_column(text, at))
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Adds labels named `names` to the `tanba.ron` at `path`, in place: comments, order and
/// layout stay; the new labels go at the end of the list. The result is checked before
/// it is written (atomically). Returns the names that were new.
pub fn add_labels(path: &Path, names: &[String]) -> Result<Vec<String>, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    let mut settings = parse_settings(path, &text)?;
    let added = settings.labels.add_names(names.iter().map(String::as_str));
    if added.is_empty() {
        return Ok(added);
    }
    if let Err((_, e)) = settings.labels.check() {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot add the labels: {e}"),
        });
    }
    let new: Vec<Label> = added.iter().map(|n| Label::named(n.as_str())).collect();
    let edited = insert_labels(&text, &new).ok_or_else(|| StoreError::Invalid {
        path: path.to_path_buf(),
        message: "cannot find where its label list ends; add the labels by hand".into(),
    })?;
    let check = parse_settings(path, &edited)?;
    debug_assert_eq!(check.labels, settings.labels);
    atomic_write(path, edited.as_bytes())?;
    Ok(added)
}

/// `text` with `labels` appended to its label list (or a list made, holding the default
/// set, when the file has none).
fn insert_labels(text: &str, labels: &[Label]) -> Option<String> {
    let tokens = tokens(text);
    let list = find_labels_list(text, &tokens);
    let (close, items) = match list {
        Some(close) => (close, labels.to_vec()),
        None => {
            // no `labels:` field: the default set stands; write it out with the new ones
            let outer_close = tokens.iter().rev().find(|t| t.kind == Kind::Punct(')'))?;
            let mut all = LabelSet::default().labels;
            all.extend_from_slice(labels);
            let body: String = all
                .iter()
                .map(|l| format!("        {},\n", label_to_ron(l)))
                .collect();
            let field = format!("    labels: [\n{body}    ],\n");
            return Some(insert_before(text, &tokens, outer_close.at, &field, true));
        }
    };
    let lines: String = items
        .iter()
        .map(|l| format!("{},\n", label_to_ron(l)))
        .collect();
    Some(insert_before(text, &tokens, close, &lines, false))
}

/// Inserts `addition` (lines ending in `\n`) before the closing bracket at byte `close`,
/// adding a comma after the last item if it has none, indented one step past the bracket.
fn insert_before(text: &str, tokens: &[Token], close: usize, addition: &str, raw: bool) -> String {
    let last = tokens.iter().rev().find(|t| t.at < close);
    let needs_comma = last.is_some_and(|t| !matches!(t.kind, Kind::Punct(',' | '[' | '(')));
    let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
    let on_own_line = text[line_start..close].trim().is_empty();
    let bracket_indent: String = text[line_start..close]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let indented: String = if raw {
        addition.to_string()
    } else {
        addition
            .lines()
            .map(|l| format!("{bracket_indent}    {l}\n"))
            .collect()
    };
    let mut out = String::with_capacity(text.len() + indented.len() + 8);
    let comma_at = last.map_or(0, |t| t.end);
    out.push_str(&text[..comma_at]);
    if needs_comma {
        out.push(',');
    }
    if on_own_line {
        out.push_str(&text[comma_at..line_start]);
        out.push_str(&indented);
        out.push_str(&text[line_start..]);
    } else {
        out.push('\n');
        out.push_str(&indented);
        out.push_str(&bracket_indent);
        out.push_str(text[comma_at..].trim_start());
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Ident,
    Punct(char),
    Literal,
}

/// A RON token: kind and byte range (comments and whitespace are skipped).
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub kind: Kind,
    pub at: usize,
    pub end: usize,
}

/// Splits RON text into identifiers, punctuation and literals, skipping comments.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' => {
                i = skip_quoted(bytes, i, b'"');
                Kind::Literal
            }
            b'\'' => {
                i = skip_quoted(bytes, i, b'\'');
                Kind::Literal
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                i = skip_raw_string(bytes, i);
                Kind::Literal
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'.' | b'-' | b'+')
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Ident
            }
            _ => {
                i += 1;
                Kind::Punct(c as char)
            }
        };
        out.push(Token {
            kind,
            at: start,
            end: i,
        });
    }
    out
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn skip_raw_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    let hashes = bytes[i..].iter().take_while(|b| **b == b'#').count();
    i += hashes + 1;
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    while i < bytes.len() {
        if bytes[i..].starts_with(&close) {
            return i + close.len();
        }
        i += 1;
    }
    i
}

/// The byte offset of the `]` that closes the top-level `labels: [` list.
fn find_labels_list(text: &str, tokens: &[Token]) -> Option<usize> {
    let open = labels_open(text, tokens)?;
    let mut depth = 0usize;
    for t in &tokens[open..] {
        match t.kind {
            Kind::Punct('(' | '[' | '{') => depth += 1,
            Kind::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(t.at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The index of the `[` token after `labels:` in the outermost tuple.
fn labels_open(text: &str, tokens: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Punct('(' | '[' | '{') => depth += 1,
            Kind::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Kind::Ident if depth == 1 => {
                let is_field = matches!(
                    tokens.get(i + 1..i + 3),
                    Some([c, b]) if c.kind == Kind::Punct(':') && b.kind == Kind::Punct('[')
                );
                if is_field && &text[t.at..t.end] == "labels" {
                    return Some(i + 2);
                }
            }
            _ => {}
        }
    }
    None
}

/// An entry of the label list: where it starts and ends (after its `)`), and where each
/// of its fields is.
pub(super) struct Entry {
    pub start: usize,
    pub end: usize,
    pub fields: Vec<(String, usize)>,
}

pub(super) fn label_entries(text: &str) -> Option<Vec<Entry>> {
    let tokens = tokens(text);
    let open = labels_open(text, &tokens)?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Punct('(' | '[' | '{') => {
                depth += 1;
                if depth == 2 && t.kind == Kind::Punct('(') {
                    entries.push(Entry {
                        start: t.at,
                        end: t.end,
                        fields: Vec::new(),
                    });
                }
            }
            Kind::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                if let (1, Some(entry)) = (depth, entries.last_mut()) {
                    entry.end = t.end;
                }
            }
            Kind::Ident if depth == 2 => {
                let colon = tokens
                    .get(i + 1)
                    .is_some_and(|c| c.kind == Kind::Punct(':'));
                if let (true, Some(entry)) = (colon, entries.last_mut()) {
                    entry.fields.push((text[t.at..t.end].to_string(), t.at));
                }
            }
            _ => {}
        }
    }
    Some(entries)
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
