//! spaCy's DocBin (`.spacy`): zlib over msgpack, `{"attrs": [attribute ids], "tokens":
//! bytes of a uint64 array (one row per token, one column per attribute), "spaces":
//! bytes of a bool per token, "lengths": bytes of an int32 per doc, "strings": [...]}`.
//! Token texts and labels are stored as their hashes (MurmurHash64A, seed 1, as spaCy's
//! `StringStore` hashes); `strings` gives them back. Entities are the `ENT_IOB`/`ENT_TYPE`
//! columns (`doc.ents`); span groups are counted, not read yet.

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

/// MurmurHash64A, as spaCy hashes strings (`hash64(s, len, 1)`).
pub fn hash(s: &str) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let key = s.as_bytes();
    let mut h = 1 ^ (key.len() as u64).wrapping_mul(M);
    let chunks = key.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let mut k = chunk.try_into().map_or(0, u64::from_le_bytes);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

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
    let (iob, kind) = (column(ENT_IOB), column(ENT_TYPE));
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
    if let Some(Value::Array(groups)) = field(&map, "span_groups") {
        out.counts.span_groups += groups.iter().filter(|g| !is_empty_group(g)).count();
    }
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
        };
        match doc.read(rows, &cell, spaces, orth, iob.zip(kind)) {
            Ok(found) => out.found.push(found),
            Err(m) => out
                .problems
                .push(Problem::new(file, None, format!("doc {}: {m}", d + 1))),
        }
    }
    Ok(())
}

/// Span groups are written as bytes each; an empty group is a msgpack empty map or list.
fn is_empty_group(group: &Value) -> bool {
    match group {
        Value::Binary(b) => b.len() <= 1,
        Value::Map(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => true,
    }
}

struct Doc<'a> {
    file: &'a Path,
    index: usize,
    strings: &'a HashMap<u64, &'a str>,
}

impl Doc<'_> {
    fn string(&self, h: u64, what: &str) -> Result<String, String> {
        if h == 0 {
            return Ok(String::new());
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
        ents: Option<(usize, usize)>,
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
            if let Some((iob, kind)) = ents {
                let (tag, label) = (cell(r, iob), cell(r, kind));
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
        Ok(Found {
            id: None,
            text: source.into_text(),
            pieces: None,
            annotator: None,
            tool: Tool::SpacyBinary,
            spans: placed,
            when: None,
            file: self.file.to_path_buf(),
            line: self.index,
        })
    }
}

#[cfg(test)]
#[path = "docbin_tests.rs"]
mod tests;
