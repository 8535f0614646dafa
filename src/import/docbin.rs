//! spaCy's DocBin (`.spacy`): zlib over msgpack, `{"attrs": [attribute ids], "tokens":
//! bytes of a uint64 array (one row per token, one column per attribute), "spaces":
//! bytes of a bool per token, "lengths": bytes of an int32 per doc, "strings": [...]}`.
//! Token texts and labels are stored as their hashes (MurmurHash64A, seed 1, as spaCy's
//! `StringStore` hashes), or a symbol's id for a string that is one of spaCy's symbols
//! (`PERSON`, `ORG`, ...); `strings` and the symbol table give them back. Entities are
//! the `ENT_IOB`/`ENT_TYPE` columns (`doc.ents`) and the spans of every span group
//! (`doc.spans`), a span in both read once. A doc's `user_data` `id` and `annotator`
//! (tanba's DocBin export writes them) name its article and annotator. A span's `kb_id`
//! (the `ENT_KB_ID` column, a span group's kb id) is its link; the doc's `cats` scored
//! above one half are its document labels.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use rmpv::Value;

use super::offsets::{Source, Unit};
use super::{Found, FoundSpan, Read, Tool};
use crate::annotation::SpanState;
use crate::corpus::Problem;

/// spaCy's attribute ids (`spacy/attrs.pxd`).
const ORTH: u64 = 65;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;
use crate::export::docbin::ENT_KB_ID;
/// `ENT_IOB` values: 1 inside, 2 outside, 3 begins; 0 is unset.
const IOB_IN: u64 = 1;
const IOB_BEGIN: u64 = 3;

pub fn read(file: &Path, bytes: &[u8]) -> Read {
    let mut out = Read::default();
    match decode(file, bytes, &mut out) {
        Ok(()) => {}
        Err(m) => out.problems.push(Problem::new(file, None, m)),
    }
    out
}

pub use crate::export::docbin_symbols::hash;
use crate::export::docbin_symbols::symbol;

fn field<'v>(map: &'v [(Value, Value)], key: &str) -> Option<&'v Value> {
    map.iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn binary<'v>(map: &'v [(Value, Value)], key: &str) -> Result<&'v [u8], String> {
    match field(map, key) {
        Some(Value::Binary(b)) => Ok(b),
        _ => Err(format!("no {key:?} bytes: not a spaCy DocBin")),
    }
}

fn decode(file: &Path, bytes: &[u8], out: &mut Read) -> Result<(), String> {
    let mut data = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut data)
        .map_err(|e| format!("not a spaCy DocBin (zlib: {e}); is the file cut short?"))?;
    let value = rmpv::decode::read_value(&mut data.as_slice())
        .map_err(|e| format!("not a spaCy DocBin (msgpack: {e})"))?;
    let Value::Map(map) = value else {
        return Err("not a spaCy DocBin: not a msgpack map".into());
    };
    let attrs: Vec<u64> = match field(&map, "attrs") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_u64).collect(),
        _ => return Err("no \"attrs\" list: not a spaCy DocBin".into()),
    };
    let column = |attr: u64| attrs.iter().position(|&a| a == attr);
    let orth = column(ORTH).ok_or("the DocBin stores no ORTH (token texts)")?;
    let (iob, kind, kb) = (column(ENT_IOB), column(ENT_TYPE), column(ENT_KB_ID));
    let tokens = binary(&map, "tokens")?;
    let spaces = binary(&map, "spaces")?;
    let lengths: Vec<usize> = binary(&map, "lengths")?
        .chunks_exact(4)
        .map(|c| c.try_into().map_or(0, i32::from_le_bytes).max(0) as usize)
        .collect();
    let total: usize = lengths.iter().sum();
    if tokens.len() != total * attrs.len() * 8 || spaces.len() != total {
        return Err(format!(
            "{total} tokens in {} docs, but {} bytes of tokens and {} of spaces: the file is \
             damaged or cut short",
            lengths.len(),
            tokens.len(),
            spaces.len()
        ));
    }
    let strings: HashMap<u64, &str> = match field(&map, "strings") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| (hash(s), s))
            .collect(),
        _ => HashMap::new(),
    };
    let list = |key: &str| match field(&map, key) {
        Some(Value::Array(a)) => a.as_slice(),
        _ => &[],
    };
    let (groups, users, cats) = (list("span_groups"), list("user_data"), list("cats"));
    let cell = |row: usize, col: usize| {
        let at = (row * attrs.len() + col) * 8;
        tokens[at..at + 8].try_into().map_or(0, u64::from_le_bytes)
    };
    let mut row = 0;
    for (d, &n) in lengths.iter().enumerate() {
        let rows = row..row + n;
        row += n;
        let doc = Doc {
            file,
            index: d + 1,
            strings: &strings,
            groups: groups.get(d),
            user: users.get(d),
            cats: cats.get(d),
        };
        let ents = iob.zip(kind).map(|(iob, kind)| Ents { iob, kind, kb });
        match doc.read(rows, &cell, spaces, orth, ents) {
            Ok(found) => out.found.push(found),
            Err(m) => out
                .problems
                .push(Problem::new(file, None, format!("doc {}: {m}", d + 1))),
        }
    }
    Ok(())
}

/// A msgpack value packed in bytes (span groups, user data).
fn unpack(bytes: &[u8], what: &str) -> Result<Value, String> {
    rmpv::decode::read_value(&mut &bytes[..]).map_err(|e| format!("{what}: not msgpack ({e})"))
}

/// The columns of `doc.ents`: `ENT_IOB`, `ENT_TYPE` and, if stored, `ENT_KB_ID`.
#[derive(Clone, Copy)]
struct Ents {
    iob: usize,
    kind: usize,
    kb: Option<usize>,
}

/// One span of a span group: `>QQQllll` (id, kb id, label, start, end, start char, end
/// char), big-endian as spaCy packs it.
const SPAN_BYTES: usize = 40;

struct Doc<'a> {
    file: &'a Path,
    index: usize,
    strings: &'a HashMap<u64, &'a str>,
    /// The doc's `doc.spans` (packed) and `user_data` (packed), if the DocBin has them.
    groups: Option<&'a Value>,
    user: Option<&'a Value>,
    /// The doc's `cats`: `{label: score}`; a score above one half is a document label.
    cats: Option<&'a Value>,
}

impl Doc<'_> {
    fn string(&self, h: u64, what: &str) -> Result<String, String> {
        if h == 0 {
            return Ok(String::new());
        }
        if let Some(name) = symbol(h) {
            return Ok(name.to_string());
        }
        self.strings
            .get(&h)
            .map(|s| s.to_string())
            .ok_or_else(|| format!("{what} hash {h} is not among the DocBin's strings"))
    }

    fn read(
        &self,
        rows: std::ops::Range<usize>,
        cell: &dyn Fn(usize, usize) -> u64,
        spaces: &[u8],
        orth: usize,
        ents: Option<Ents>,
    ) -> Result<Found, String> {
        let mut text = String::new();
        let mut at = 0; // code points
        let mut spans: Vec<FoundSpan> = Vec::new();
        let mut open: Option<FoundSpan> = None;
        for r in rows {
            let token = self.string(cell(r, orth), "token")?;
            let start = at;
            at += token.chars().count();
            text.push_str(&token);
            if let Some(Ents { iob, kind, kb }) = ents {
                let (tag, label) = (cell(r, iob), cell(r, kind));
                let link = kb.map_or(0, |kb| cell(r, kb));
                match (tag, open.as_mut()) {
                    (IOB_IN, Some(span)) => span.end = at,
                    (IOB_BEGIN, _) | (IOB_IN, None) => {
                        spans.extend(open.take());
                        let label = self.string(label, "label")?;
                        open = Some(FoundSpan {
                            start,
                            end: at,
                            label,
                            state: SpanState::Accepted,
                            model: None,
                            kb: self.link(link)?,
                        });
                    }
                    _ => spans.extend(open.take()),
                }
            }
            if spaces.get(r).is_some_and(|&b| b != 0) {
                text.push(' ');
                at += 1;
            }
        }
        spans.extend(open);
        spans.extend(self.group_spans()?);
        spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        // an entity is in a span group too when both were written: one span, linked if
        // either is
        spans.dedup_by(|a, b| {
            let same = (a.start, a.end, &a.label) == (b.start, b.end, &b.label);
            if same && b.kb.is_none() {
                b.kb = a.kb.take();
            }
            same
        });
        let source = Source::new(text);
        let mut placed = Vec::new();
        for s in spans {
            let p = source.place(s.start, s.end, Unit::CodePoints, None)?;
            placed.push(FoundSpan {
                start: p.start,
                end: p.end,
                ..s
            });
        }
        let (id, annotator) = self.names()?;
        Ok(Found {
            id,
            text: source.into_text(),
            pieces: None,
            annotator,
            tool: Tool::SpacyBinary,
            spans: placed,
            doc_labels: self.doc_labels(),
            relations: Vec::new(),
            when: None,
            file: self.file.to_path_buf(),
            line: 0,
            record: Some(self.index),
        })
    }
}

impl Doc<'_> {
    /// The spans of every span group, in code points of the doc's text.
    fn group_spans(&self) -> Result<Vec<FoundSpan>, String> {
        let Some(Value::Binary(bytes)) = self.groups else {
            return Ok(Vec::new());
        };
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        // spaCy 3.4+ packs {group bytes: [keys]}, earlier versions [group bytes]
        let packed: Vec<Vec<u8>> = match unpack(bytes, "span groups")? {
            Value::Array(a) => a.into_iter().filter_map(owned_binary).collect(),
            Value::Map(m) => m.into_iter().filter_map(|(k, _)| owned_binary(k)).collect(),
            _ => return Err("span groups: neither a list nor a map".into()),
        };
        let mut out = Vec::new();
        for group in packed {
            let Value::Map(group) = unpack(&group, "a span group")? else {
                return Err("a span group is not a map".into());
            };
            let Some(Value::Array(spans)) = field(&group, "spans") else {
                continue;
            };
            for span in spans {
                let Value::Binary(b) = span else { continue };
                if b.len() != SPAN_BYTES {
                    return Err(format!("a span of {} bytes, not {SPAN_BYTES}", b.len()));
                }
                let q = |at: usize| b[at..at + 8].try_into().map_or(0, u64::from_be_bytes);
                let l = |at: usize| b[at..at + 4].try_into().map_or(0, i32::from_be_bytes);
                let (start, end) = (l(32), l(36));
                if start < 0 || end <= start {
                    return Err(format!("a span from character {start} to {end}"));
                }
                out.push(FoundSpan {
                    start: start as usize,
                    end: end as usize,
                    label: self.string(q(16), "span label")?,
                    state: SpanState::Accepted,
                    model: None,
                    kb: self.link(q(8))?,
                });
            }
        }
        Ok(out)
    }

    /// A `kb_id` hash as the link it names; 0 (spaCy's empty string) is no link.
    fn link(&self, h: u64) -> Result<Option<String>, String> {
        Ok(Some(self.string(h, "kb_id")?).filter(|s| !s.is_empty()))
    }

    /// The doc's `cats` whose score is above one half, sorted: its document labels.
    fn doc_labels(&self) -> Vec<String> {
        let Some(Value::Map(cats)) = self.cats else {
            return Vec::new();
        };
        let mut out: Vec<String> = cats
            .iter()
            .filter(|(_, score)| {
                let score = score.as_f64().or_else(|| score.as_u64().map(|n| n as f64));
                score.is_some_and(|s| s > 0.5)
            })
            .filter_map(|(label, _)| label.as_str().map(str::to_string))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The article id and annotator tanba's export puts in the doc's `user_data`.
    fn names(&self) -> Result<(Option<String>, Option<String>), String> {
        let Some(Value::Binary(bytes)) = self.user else {
            return Ok((None, None));
        };
        let Ok(Value::Map(user)) = unpack(bytes, "user data") else {
            return Ok((None, None)); // someone else's user data: not ours to read
        };
        let text = |key: &str| {
            field(&user, key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok((text("id"), text("annotator")))
    }
}

fn owned_binary(value: Value) -> Option<Vec<u8>> {
    match value {
        Value::Binary(b) => Some(b),
        _ => None,
    }
}

#[cfg(test)]
#[path = "docbin_tests.rs"]
mod tests;
