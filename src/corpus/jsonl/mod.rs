//! `.jsonl` / `.ndjson`: one article per line, with optional pre-annotations in doccano
//! (`"label": [[s, e, "L"]]`) or spaCy/Prodigy (`"entities"`, `"ents"`, `"spans"`) form,
//! and document labels (spaCy's `"cats"`, doccano's classification `"label": ["sport"]`).

use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::common::{NormalisedText, default_title, quote};
use super::doccano_relations;
use super::meta::Key;
use super::span_list::{self, RawSpan};
use super::{Article, Detail, ImportedSpan, Meta, Problem, SourceRef};
use text::parse_text_line;

mod text;

/// Fields that hold pre-annotations; each is an array of `[s, e, "L"]` or `{start, end, label}`.
const SPAN_FIELDS: [&str; 4] = ["label", "entities", "ents", "spans"];
/// Bytes read and parsed at a time, so a big file never sits whole in memory (the buffer
/// counts in the peak memory of a load; 4 MB still hold ~1,000 articles to parse in parallel).
const CHUNK: usize = 4 << 20;
/// Characters of a bad line shown before the fault.
const CONTEXT_CHARS: usize = 30;
/// How much of the start of a file is checked for NUL bytes (as git does).
const BINARY_PROBE: usize = 8000;

type Parsed = (Vec<Article>, Vec<Problem>);

/// Reads a JSONL file chunk by chunk; the lines of each chunk are parsed in parallel, and
/// one line of bad UTF-8 or bad JSON spoils only itself.
pub fn read(file: &Path, rel: &str) -> Parsed {
    let mut all: Parsed = Default::default();
    read_chunks(file, rel, Detail::Full, &mut |(
        mut articles,
        mut problems,
    )| {
        all.0.append(&mut articles);
        all.1.append(&mut problems);
    });
    all
}

/// `read`, handing on what each chunk held as soon as it is parsed: an export renders
/// one chunk while the next is read.
pub fn read_chunks(file: &Path, rel: &str, detail: Detail, sink: &mut dyn FnMut(Parsed)) {
    read_chunked(file, rel, CHUNK, detail, sink)
}

fn read_chunked(
    file: &Path,
    rel: &str,
    chunk: usize,
    detail: Detail,
    sink: &mut dyn FnMut(Parsed),
) {
    let mut reader = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) => return sink((Vec::new(), vec![Problem::new(file, None, e.to_string())])),
    };
    let mut out = Lines::new(file, rel, detail);
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    while !eof {
        let wanted = buf.len() + chunk;
        buf.reserve(chunk);
        while buf.len() < wanted {
            match (&mut reader)
                .take((wanted - buf.len()) as u64)
                .read_to_end(&mut buf)
            {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    let problem = Problem::new(file, Some(out.line_no), e.to_string());
                    return sink((Vec::new(), vec![problem]));
                }
            }
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => continue, // one line longer than a chunk: read on
            }
        };
        let (parsed, binary) = out.chunk(&buf[..cut]);
        sink(parsed);
        if binary {
            return;
        }
        buf.drain(..cut);
    }
    if let Some(empty) = out.empty() {
        sink((Vec::new(), vec![empty]));
    }
}

/// Parses JSONL already in memory (the generator uses it).
pub fn parse(file: &Path, rel: &str, text: &str) -> Parsed {
    let mut out = Lines::new(file, rel, Detail::Full);
    let (mut parsed, _) = out.chunk(text.as_bytes());
    parsed.1.extend(out.empty());
    parsed
}

/// The article on one line read again on its own (`line` is its number in the file; the
/// id is the one the line gives, or a stand-in the caller replaces).
pub fn parse_one(file: &Path, line: usize, bytes: &[u8]) -> Result<Article, Problem> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    parse_line(file, "", line, bytes).map(|(article, _)| article)
}

/// Where the reading of one file stands: the number of the next line, and whether any
/// article or problem came of it yet.
struct Lines<'a> {
    file: &'a Path,
    rel: &'a str,
    detail: Detail,
    line_no: usize,
    /// Where the next chunk starts in the file, in bytes.
    at: u64,
    anything: bool,
}

impl<'a> Lines<'a> {
    fn new(file: &'a Path, rel: &'a str, detail: Detail) -> Self {
        Lines {
            file,
            rel,
            detail,
            line_no: 1,
            at: 0,
            anything: false,
        }
    }

    /// Parses whole lines; true beside them when the file turned out to be binary.
    fn chunk(&mut self, mut bytes: &[u8]) -> (Parsed, bool) {
        let (whole, at) = (bytes.len() as u64, self.at);
        self.at += whole;
        if self.line_no == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]) {
                let line = 1 + memchr::memchr_iter(b'\n', &bytes[..nul]).count();
                let message = "binary file (it contains NUL bytes), not JSON lines";
                self.anything = true;
                return (
                    (
                        Vec::new(),
                        vec![Problem::new(self.file, Some(line), message)],
                    ),
                    true,
                );
            }
        }
        let (file, rel, detail) = (self.file, self.rel, self.detail);
        let lines = split_lines(bytes, self.line_no);
        self.line_no += memchr::memchr_iter(b'\n', bytes).count();
        // a byte order mark stripped: the lines start that much further into the file
        let at = at + whole - bytes.len() as u64;
        let parse = match detail {
            Detail::Full => parse_line,
            Detail::Text => parse_text_line,
        };
        let results: Vec<(Option<Article>, Vec<Problem>)> = lines
            .par_iter()
            .map(
                |&(line_no, start, line)| match parse(file, rel, line_no, line) {
                    Ok((mut article, span_problems)) => (
                        {
                            // the first line starts the file, a byte order mark with it
                            let offset = if line_no == 1 { 0 } else { at + start as u64 };
                            article.source.offset = Some(offset);
                            Some(article)
                        },
                        span_problems
                            .into_iter()
                            .map(|m| Problem::new(file, Some(line_no), m))
                            .collect(),
                    ),
                    Err(p) => (None, vec![p]),
                },
            )
            .collect();
        let mut parsed: Parsed = (Vec::with_capacity(results.len()), Vec::new());
        for (article, mut found) in results {
            parsed.0.extend(article);
            parsed.1.append(&mut found);
        }
        self.anything |= !parsed.0.is_empty() || !parsed.1.is_empty();
        (parsed, false)
    }

    /// The problem of a file that held nothing at all.
    fn empty(&self) -> Option<Problem> {
        (!self.anything).then(|| Problem::new(self.file, Some(1), "empty file: no JSON lines"))
    }
}

/// `(1-based line number, where it starts in bytes, line without its LF or CRLF)`, blank
/// lines left out.
fn split_lines(bytes: &[u8], first_line_no: usize) -> Vec<(usize, usize, &[u8])> {
    let mut lines = Vec::with_capacity(bytes.len() / 1024 + 1);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        if start > bytes.len() {
            break;
        }
        let line = &bytes[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            lines.push((first_line_no + i, start, line));
        }
        start = end + 1;
    }
    lines
}

/// One line as an article, with the problems of single spans (the article still loads).
fn parse_line(
    file: &Path,
    rel: &str,
    line_no: usize,
    line: &[u8],
) -> Result<(Article, Vec<String>), Problem> {
    let problem = |message: String| Problem::new(file, Some(line_no), message);
    let mut fields: Fields = parse_object(line).map_err(problem)?;
    let raw = take_text(fields.text.take()).map_err(problem)?;
    let mut span_problems = Vec::new();
    let id = take_id(fields.id.take(), rel, line_no, &mut span_problems).map_err(problem)?;
    let raw = NormalisedText::new(raw);
    let mut imported = Vec::new();
    let relations = match fields.rest.iter().position(|(k, _)| k == "relations") {
        Some(at) => {
            let (_, value) = fields.rest.remove(at);
            let entities = fields.spans[1].map(RawValue::get);
            doccano_relations::read(entities, value, &raw, &mut span_problems)
        }
        None => Vec::new(),
    };
    let doc_labels = take_doc_labels(&mut fields, &mut span_problems);
    let links: Vec<_> = fields
        .spans
        .iter()
        .flatten()
        .flat_map(|v| doccano_relations::links(v.get(), &raw))
        .collect();
    for (field, value) in SPAN_FIELDS.into_iter().zip(fields.spans) {
        let Some(value) = value else {
            continue;
        };
        read_spans(field, value, &raw, &mut imported, &mut span_problems);
    }
    let text = raw.into_text();
    let title = take_title(fields.title, &text).map_err(problem)?;
    imported
        .sort_by(|a: &ImportedSpan, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    imported.dedup();
    imported.shrink_to_fit();
    let article = Article {
        meta: Meta::from_fields(fields.rest),
        imported,
        relations,
        doc_labels,
        links,
        ..Article::bare(id, title, text, SourceRef::new(file, line_no))
    };
    Ok((article, span_problems))
}

/// The document labels of a line, taken out of its fields: spaCy's `cats` and doccano's
/// classification list (`"label": ["sport"]`); both together give their union.
fn take_doc_labels(fields: &mut Fields, problems: &mut Vec<String>) -> Vec<String> {
    let mut labels = match fields.rest.iter().position(|(k, _)| k == "cats") {
        Some(at) => {
            let (_, value) = fields.rest.remove(at);
            doccano_relations::cats(value, problems)
        }
        None => Vec::new(),
    };
    let classes = fields.spans[0].and_then(|l| doccano_relations::classes(l.get(), problems));
    if let Some(classes) = classes {
        fields.spans[0] = None;
        labels.extend(classes);
        labels.sort();
        labels.dedup();
    }
    labels
}

/// The fields of one line: those the reader takes apart, and the rest for meta, taken
/// apart as the line is parsed: the text is copied once (out of its escapes) and the
/// fields kept as meta go straight into their compact form.
#[derive(Default)]
struct Fields<'de> {
    text: Option<Value>,
    id: Option<Value>,
    title: Option<Value>,
    /// One per `SPAN_FIELDS`, in its order, unparsed: most are read without a JSON value.
    spans: [Option<&'de RawValue>; 4],
    /// Each key once: as in any JSON object read by serde_json, the last of a key wins.
    rest: Vec<(Cow<'de, str>, Value)>,
}

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(Key(key)) = map.next_key()? {
            if let Some(i) = SPAN_FIELDS.iter().position(|f| *f == key) {
                fields.spans[i] = Some(map.next_value()?);
                continue;
            }
            let value: Value = map.next_value()?;
            let slot = match key.as_ref() {
                "text" => &mut fields.text,
                "id" => &mut fields.id,
                "title" => &mut fields.title,
                _ => {
                    fields.rest.retain(|(k, _)| *k != key);
                    fields.rest.push((key, value));
                    continue;
                }
            };
            *slot = Some(value);
        }
        Ok(fields)
    }
}

/// The line as the JSON object `T` reads, or what is wrong with it.
fn parse_object<'a, T: Deserialize<'a>>(line: &'a [u8]) -> Result<T, String> {
    let line = utf8(line)?;
    match serde_json::from_str(line) {
        Ok(fields) => Ok(fields),
        Err(e) if e.is_data() => Err(format!(
            "expected a JSON object with a \"text\" field, found {}",
            quote(line)
        )),
        Err(e) => Err(json_error(&e, line)),
    }
}

/// The line as text. Checked with SIMD: std's check, on Cyrillic, took a third of a load.
fn utf8(line: &[u8]) -> Result<&str, String> {
    simdutf8::basic::from_utf8(line).map_err(|_| {
        // the slower check says where the fault is
        let at = std::str::from_utf8(line)
            .err()
            .map_or(0, |e| e.valid_up_to());
        format!("not valid UTF-8 (byte {} of the line)", at + 1)
    })
}

/// The `text` field, which must be a string with something in it.
fn take_text(value: Option<Value>) -> Result<String, String> {
    let raw = match value {
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(format!(
                "\"text\" must be a string, found {}",
                quote(&other.to_string())
            ));
        }
        None => return Err("no \"text\" field".to_string()),
    };
    if raw.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err("\"text\" is empty".to_string());
    }
    Ok(raw)
}

/// The `id` field, else `file:line`; a blank id takes that stand-in too, and says so.
fn take_id(
    value: Option<Value>,
    rel: &str,
    line_no: usize,
    problems: &mut Vec<String>,
) -> Result<String, String> {
    let fallback = || format!("{rel}:{line_no}");
    match value {
        None | Some(Value::Null) => Ok(fallback()),
        Some(Value::String(id)) if id.trim().is_empty() => {
            let id = fallback();
            problems.push(format!("empty id: the article is read as {id}"));
            Ok(id)
        }
        Some(Value::String(id)) => Ok(id),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(format!(
            "\"id\" must be a string or a number, found {}",
            quote(&other.to_string())
        )),
    }
}

/// The `title` field, else one made from the text.
fn take_title(value: Option<Value>, text: &str) -> Result<String, String> {
    match value {
        Some(Value::String(t)) if t.trim().len() == t.len() && !t.is_empty() => Ok(t),
        Some(Value::String(t)) if !t.trim().is_empty() => Ok(t.trim().to_string()),
        Some(Value::String(_)) | None | Some(Value::Null) => Ok(default_title(text)),
        Some(other) => Err(format!(
            "\"title\" must be a string, found {}",
            quote(&other.to_string())
        )),
    }
}

/// Reads one pre-annotation field (a doccano classification list, `"label": ["sport"]`,
/// was taken as document labels before).
fn read_spans(
    field: &str,
    json: &RawValue,
    raw: &NormalisedText,
    out: &mut Vec<ImportedSpan>,
    problems: &mut Vec<String>,
) {
    // the common case, every span well formed and in place, needs no JSON value
    if let Some(spans) = span_list::parse(json.get()) {
        let placed: Option<Vec<ImportedSpan>> = spans
            .into_iter()
            .map(|RawSpan { start, end, label }| {
                let (start, end) = raw.place(start as usize, end as usize).ok()?;
                let blank = label.trim().is_empty();
                (!blank).then_some(ImportedSpan {
                    start,
                    end,
                    label,
                    note: None,
                })
            })
            .collect();
        if let Some(mut placed) = placed {
            out.append(&mut placed);
            return;
        }
    }
    // serde_json has checked it: a raw value always parses
    let value = serde_json::from_str(json.get()).unwrap_or(Value::Null);
    read_span_values(field, value, raw, out, problems)
}

/// `read_spans` for a field that is not a list of good spans: each fault is a problem.
fn read_span_values(
    field: &str,
    value: Value,
    raw: &NormalisedText,
    out: &mut Vec<ImportedSpan>,
    problems: &mut Vec<String>,
) {
    let Value::Array(items) = value else {
        problems.push(format!(
            "\"{field}\" must be a list of spans, found {}",
            quote(&value.to_string())
        ));
        return;
    };
    for mut item in items {
        let shown = |item: &Value| quote(&item.to_string());
        let Some((start, end, label)) = span_of(&item) else {
            if item.is_string() && field == "label" {
                problems.push(format!(
                    "\"label\": {} is a document label among spans: a list holds \
                     document labels or spans, not both",
                    shown(&item)
                ));
                continue;
            }
            problems.push(format!(
                "\"{field}\": {} is not a span: expected [start, end, \"LABEL\"] or \
                 {{\"start\": .., \"end\": .., \"label\": ..}}",
                shown(&item)
            ));
            continue;
        };
        if label.trim().is_empty() {
            problems.push(format!(
                "\"{field}\": span {} has an empty label",
                shown(&item)
            ));
            continue;
        }
        let (start, end) = match raw.place(start as usize, end as usize) {
            Ok(placed) => placed,
            Err(why) => {
                problems.push(format!("\"{field}\": span {}: {why}", shown(&item)));
                continue;
            }
        };
        // the label string moves out of the parsed JSON (kept inline when short)
        let label = match &mut item {
            Value::Array(a) => a.get_mut(2),
            Value::Object(o) => o.get_mut("label"),
            _ => None,
        };
        if let Some(Value::String(label)) = label.map(Value::take) {
            out.push(ImportedSpan {
                start,
                end,
                label: label.into(),
                note: None,
            });
        }
    }
}

/// `[s, e, "L"]` or `{"start"|"start_offset", "end"|"end_offset", "label"}`, unchecked.
fn span_of(item: &Value) -> Option<(u64, u64, &str)> {
    match item {
        Value::Array(a) if a.len() == 3 => Some((a[0].as_u64()?, a[1].as_u64()?, a[2].as_str()?)),
        Value::Object(o) => Some((
            o.get("start")
                .or_else(|| o.get("start_offset"))
                .and_then(Value::as_u64)?,
            o.get("end")
                .or_else(|| o.get("end_offset"))
                .and_then(Value::as_u64)?,
            o.get("label").and_then(Value::as_str)?,
        )),
        _ => None,
    }
}

/// serde_json's message without its "at line 1 column N" tail, with the column counted
/// in characters and the text just before the fault.
fn json_error(e: &serde_json::Error, line: &str) -> String {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let mut at = e.column().min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let column = line[..at].chars().count();
    let from = line[..at]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(b, _)| b);
    let before = if from > 0 { "…" } else { "" };
    format!(
        "bad JSON at column {column}: {message} (after {})",
        quote(&format!("{before}{}", &line[from..at]))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_numbers_across_chunks_and_lines_longer_than_a_chunk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.jsonl");
        let long = "ұ".repeat(100);
        let lines = [
            r#"{"id": "a", "text": "Бір"}"#.to_string(),
            String::new(),
            format!(r#"{{"id": "b", "text": "{long}"}}"#),
            r#"{"id": "c", "text": "Үш", "label": [[0, 9, "X"]]}"#.to_string(),
            r#"{"id": "d", "text": "Төрт"#.to_string(),
            r#"{"id": "e", "text": "Бес"}"#.to_string(),
        ];
        std::fs::write(&file, format!("\u{feff}{}\r\n", lines.join("\r\n"))).unwrap();
        for chunk in [1, 7, 64, 1 << 20] {
            let mut chunks = 0;
            let mut read: Parsed = Default::default();
            read_chunked(&file, "c", chunk, Detail::Full, &mut |(
                mut articles,
                mut problems,
            )| {
                chunks += 1;
                read.0.append(&mut articles);
                read.1.append(&mut problems);
            });
            assert!(
                chunks > 1 || chunk == 1 << 20,
                "chunk {chunk}: one hand-over"
            );
            let (articles, problems) = read;
            let got: Vec<(&str, usize)> = articles
                .iter()
                .map(|a| (a.id.as_str(), a.source.line))
                .collect();
            assert_eq!(
                got,
                vec![("a", 1), ("b", 3), ("c", 4), ("e", 6)],
                "chunk {chunk}"
            );
            assert_eq!(articles[1].text, long);
            let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
            assert_eq!(lines, vec![Some(4), Some(5)], "chunk {chunk}");
        }
    }

    /// What a test sees of an article: id, title, text, line, offset.
    type Seen = (String, String, String, usize, Option<u64>);

    /// What a test sees of each article (`Seen`) and the problems of reading
    /// `text` as `file.jsonl` in chunks of `chunk` bytes with `detail`.
    fn read_as(
        text: &str,
        chunk: usize,
        detail: Detail,
    ) -> (Vec<Seen>, Vec<(Option<usize>, String)>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file.jsonl");
        std::fs::write(&file, text).unwrap();
        let mut read: Parsed = Default::default();
        read_chunked(&file, "file", chunk, detail, &mut |(mut a, mut p)| {
            read.0.append(&mut a);
            read.1.append(&mut p);
        });
        let articles = read.0.into_iter();
        let seen = |a: Article| -> Seen { (a.id, a.title, a.text, a.source.line, a.source.offset) };
        let problems = read.1.into_iter().map(|p| (p.line, p.message));
        (articles.map(seen).collect(), problems.collect())
    }

    /// Lines that load, lines that do not, and lines whose pre-annotations or meta are bad.
    const HOSTILE: [&str; 18] = [
        r#"{"id": "a", "text": "Бір\r\nекі", "title": "Т", "label": [[0, 3, "PER"]]}"#,
        r#"{"id": "b", "text": "Үш", "label": [[0, 99, "PER"]], "cats": {"x": "no"}}"#,
        r#"{"id": "c", "text": "Төрт", "entities": [{"start": 1}], "meta": {"a": [1, {}]}}"#,
        r#"{"id": "d", "text": "Бес", "label": [[0, 1, "X"]"#,
        r#"{"id": "e", "title": "no text"}"#,
        r#"{"id": "f", "text": 5}"#,
        r#"{"id": "", "text": "blank id", "relations": [{"from_id": 9}]}"#,
        r#"{"text": "no id", "id": "g", "text": "last text wins", "title": "t1", "title": "t2"}"#,
        r#"{"id": "h", "text": "x", "spans": tru}"#,
        r#"{"id": "i", "text": "x", "url": "\uD800"}"#,
        r#"["not", "an", "object"]"#,
        r#"{"id": 7, "text": "number id", "lang": null}"#,
        r#"{"id": "j", "text": "😀 \u0410\t", "title": 3}"#,
        "{\"id\": \"k\", \"text\": \"a raw\ttab\"}",
        r#"{"id": "l", "text": "x", "label": "\uDC00", "n": [1e999]}"#,
        r#"{"id": "m", "text": "x", "ents": ["\uDC00", 1e999], "n": {"k": -0.5e-3}}"#,
        r#"{"id": "n", "text": "\u049a\u0430\u0437\u0430\u049b \ud83d\ude00\"\\\/\b\f"}"#,
        r#"{"id": "o", "text": "lone \ud83d here"}"#,
    ];

    #[test]
    fn a_text_reading_loads_the_same_articles_as_a_full_one() {
        let text = format!("\u{feff}{}\n", HOSTILE.join("\n"));
        for chunk in [1, 64, 1 << 20] {
            let (full, full_problems) = read_as(&text, chunk, Detail::Full);
            let (light, light_problems) = read_as(&text, chunk, Detail::Text);
            assert_eq!(light, full, "chunk {chunk}");
            let ids: Vec<&str> = full.iter().map(|a| a.0.as_str()).collect();
            assert_eq!(ids, ["a", "b", "c", "file:7", "g", "7", "m", "n"]);
            assert_eq!(full[7].2, "Қазақ 😀\"\\/\u{8}\u{c}");
            // the lines that do not load, and the blank id, are said by both readings
            let lines = |ps: &[(Option<usize>, String)]| ps.iter().map(|p| p.0).collect::<Vec<_>>();
            let wanted = [4, 5, 6, 7, 9, 10, 11, 13, 14, 15, 18].map(Some);
            assert_eq!(lines(&light_problems), wanted, "chunk {chunk}");
            assert!(light_problems.iter().all(|p| full_problems.contains(p)));
            // only the full reading checks pre-annotations
            assert!(lines(&full_problems).contains(&Some(2)));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_text_reading_agrees_with_a_full_one_on_any_mix_of_lines(
            picks in proptest::collection::vec(0usize..HOSTILE.len(), 1..12),
            cut in 0usize..400,
        ) {
            // a line cut short anywhere, too: whatever JSON it is, both read it alike
            let mut text: String = picks.iter().map(|&i| format!("{}\n", HOSTILE[i])).collect();
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            let full = read_as(&text, 1 << 20, Detail::Full);
            let light = read_as(&text, 1 << 20, Detail::Text);
            proptest::prop_assert_eq!(&light.0, &full.0);
            proptest::prop_assert!(light.1.iter().all(|p| full.1.contains(p)));
        }
    }

    #[test]
    fn each_article_knows_where_its_line_starts_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("o.jsonl");
        // a byte order mark, a blank line, CRLF, a broken line, multi-byte text
        let text = "\u{feff}{\"id\": \"a\", \"text\": \"Бір\"}\r\n\r\n{\"id\": \"b\", \
                    \"text\": \"Екі 😀\"}\n{\"id\": \"c\"\n{\"id\": \"d\", \"text\": \"Үш\"}";
        std::fs::write(&file, text).unwrap();
        // line n starts after the file's (n-1)th line feed; the first at 0, the mark with it
        let starts: Vec<u64> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u64 + 1))
            .collect();
        for chunk in [1, 5, 40, 1 << 20] {
            let mut got = Vec::new();
            read_chunked(&file, "o", chunk, Detail::Full, &mut |(articles, _)| {
                got.extend(articles.iter().map(|a| (a.source.line, a.source.offset)));
            });
            let expected: Vec<(usize, Option<u64>)> = [1, 3, 5]
                .into_iter()
                .map(|line| (line, Some(starts[line - 1])))
                .collect();
            assert_eq!(got, expected, "chunk {chunk}");
        }
    }

    fn one(line: &str) -> (Article, Vec<String>) {
        let (mut articles, problems) = parse(Path::new("d.jsonl"), "d", line);
        assert_eq!(articles.len(), 1, "{problems:?}");
        let said = problems.iter().map(ToString::to_string).collect();
        (articles.remove(0), said)
    }

    #[test]
    fn a_doccano_classification_list_is_the_document_labels() {
        let (a, said) = one(
            r#"{"text": "Бір екі", "label": ["sport", "politics", "sport"], "entities": [[0, 3, "X"]]}"#,
        );
        assert_eq!(said, Vec::<String>::new());
        assert_eq!(a.doc_labels, ["politics", "sport"]);
        assert_eq!(a.meta.get("label"), None, "no longer meta");
        assert_eq!(a.imported.len(), 1, "the spans of another field still load");
    }

    #[test]
    fn cats_and_a_classification_list_give_their_union() {
        let (a, said) = one(
            r#"{"text": "Бір", "cats": {"sport": 1.0, "economy": 0.9, "war": 0.1}, "label": ["politics", "sport"]}"#,
        );
        assert_eq!(said, Vec::<String>::new(), "nothing is lost");
        assert_eq!(a.doc_labels, ["economy", "politics", "sport"]);
        assert!(a.meta.to_map().is_empty());
    }

    #[test]
    fn an_empty_label_list_is_nothing() {
        let (a, said) = one(r#"{"text": "Бір", "label": []}"#);
        assert_eq!(said, Vec::<String>::new());
        assert!(a.doc_labels.is_empty() && a.imported.is_empty());
        assert!(a.meta.to_map().is_empty());
    }

    #[test]
    fn a_mixed_label_list_loads_its_spans_and_reports_its_labels() {
        let (a, said) =
            one("\n{\"text\": \"Бір екі\", \"label\": [\"sport\", [0, 3, \"X\"], \" \"]}");
        assert!(a.doc_labels.is_empty());
        assert_eq!(a.imported.len(), 1);
        assert_eq!(
            said,
            [
                "d.jsonl:2: \"label\": «\"sport\"» is a document label among spans: a list \
                 holds document labels or spans, not both",
                "d.jsonl:2: \"label\": «\" \"» is a document label among spans: a list \
                 holds document labels or spans, not both",
            ]
        );
        let (a, said) = one(r#"{"text": "Бір", "label": ["", "sport"]}"#);
        assert_eq!(a.doc_labels, ["sport"]);
        assert_eq!(
            said,
            ["d.jsonl:1: \"label\": «\"\"» is a blank document label"]
        );
    }

    #[test]
    fn an_empty_or_blank_id_is_reported_and_takes_the_file_line_id() {
        for id in ["", r"  \t"] {
            let line = format!(r#"{{"id": "{id}", "text": "Бір"}}"#);
            let (a, said) = one(&line);
            assert_eq!(a.id, "d:1");
            assert_eq!(said, ["d.jsonl:1: empty id: the article is read as d:1"]);
        }
    }
}
