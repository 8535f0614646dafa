//! WebAnno TSV 3.x, as INCEpTION and WebAnno export it: a `#FORMAT=WebAnno TSV 3.x`
//! line, one `#T_SP=`/`#T_CH=`/`#T_RL=` line per layer naming its feature columns,
//! then sentences: `#Text=` lines and token lines `1-2<TAB>6-12<TAB>token<TAB>...`.
//! Named entities are the `value` column of the `NamedEntity` layer: `PER` on one token,
//! `PER[1]` on each token of a multi-token entity, `PER[1]|LOC[2]` stacked, `_` none.
//! Offsets are UIMA's (Java), in UTF-16 code units. In an INCEpTION project export the
//! file is `annotation/<document>/<user>.tsv`: the folder names the document, the file
//! its annotator (`CURATION_USER` is the curator; `INITIAL_CAS` is nobody's work).
//! The NamedEntity `identifier` is a span's link; a `#T_RL` layer whose `BT_` names
//! NamedEntity holds relations, each on its target's token, naming its source's token
//! (`1-2`, with both entities' ids `1-2[3_0]` where either has one).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::offsets::Utf16Map;
use super::{Found, FoundRelation, FoundSpan, Read, Tool};
use crate::annotation::{SpanKey, SpanState};
use crate::corpus::Problem;

/// The curator's file in an INCEpTION project export, and tanba's name for its owner.
const CURATION_USER: &str = "CURATION_USER";
const CURATOR: &str = "curator";

pub fn read(file: &Path, text: &str) -> Read {
    let mut out = Read::default();
    let (id, annotator) = names(file);
    // the document as imported into INCEpTION, before anyone's work, wherever it sits
    if file
        .file_stem()
        .is_some_and(|s| s == crate::export::webanno::INITIAL)
    {
        out.counts.initial += 1;
        return out;
    }
    let mut doc = Doc::default();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Err(m) = doc.line(line) {
            out.problems.push(Problem::new(file, Some(i + 1), m));
        }
    }
    if doc.columns.is_none() {
        let m = "not WebAnno TSV 3: no #FORMAT=WebAnno TSV 3 line with a #T_SP layer";
        out.problems.push(Problem::new(file, Some(1), m));
        return out;
    }
    if doc.value_column.is_none() {
        let m = "no NamedEntity layer with a value feature in the header: no entities to read";
        out.problems.push(Problem::new(file, Some(1), m));
    }
    doc.finish_sentence();
    out.counts.relations += doc.relations;
    let (relations, problems) = doc.relations();
    for (line, m) in problems {
        out.problems.push(Problem::new(file, Some(line), m));
    }
    let mut spans: Vec<FoundSpan> = doc.units.into_values().chain(doc.singles).collect();
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    out.found.push(Found {
        id,
        text: doc.text,
        pieces: Some(doc.pieces),
        annotator,
        tool: Tool::WebAnno,
        spans,
        doc_labels: Vec::new(),
        relations,
        when: None,
        file: file.to_path_buf(),
        line: 1,
        record: None,
    });
    out
}

/// The document's id and annotator from where the file sits.
fn names(file: &Path) -> (Option<String>, Option<String>) {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folder = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let grand = file
        .parent()
        .and_then(Path::parent)
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    match grand.as_deref() {
        Some("annotation") | Some("curation") => {
            let user = stem.map(|s| {
                if s == CURATION_USER {
                    CURATOR.to_string()
                } else {
                    s
                }
            });
            (folder.map(|f| crate::text::percent_decoded(&f)), user)
        }
        _ => (stem, None),
    }
}

/// A file being read.
#[derive(Default)]
struct Doc {
    /// Token columns a line has (3 + the layers' features), once the header is read.
    columns: Option<usize>,
    value_column: Option<usize>,
    /// The NamedEntity layer's `identifier` (a knowledge-base id: the span's link).
    ident_column: Option<usize>,
    relation_columns: Vec<usize>,
    /// A relation layer between named entities: its label column and its `BT_` column.
    ne_relation: Option<(usize, usize)>,
    /// Each token's address (`1-2`) and where it starts, in code points.
    addresses: HashMap<String, usize>,
    /// Relations read: label, the target's token address, the `BT_` cell (source), and
    /// the line they are on (problems found later name it).
    found_relations: Vec<(String, String, String, usize)>,
    /// The number of the line being read (1-based).
    line_no: usize,
    /// The text built so far, and its length in UTF-16 units.
    text: String,
    text_units: usize,
    text_chars: usize,
    /// Each sentence's text where it sits, in code points.
    pieces: Vec<(usize, String)>,
    /// The sentence being read: its `#Text=` lines, and where it starts (placed at its
    /// first token).
    sentence: Vec<String>,
    sentence_at: Option<(usize, usize, Utf16Map)>,
    /// Multi-token entities by their number; one-token ones.
    units: BTreeMap<(String, String), FoundSpan>,
    singles: Vec<FoundSpan>,
    relations: usize,
}

impl Doc {
    fn line(&mut self, line: &str) -> Result<(), String> {
        self.line_no += 1;
        if let Some(format) = line.strip_prefix("#FORMAT=") {
            if !format.starts_with("WebAnno TSV 3") {
                return Err(format!("format {format:?}: tanba reads WebAnno TSV 3.x"));
            }
            self.columns = Some(3);
            return Ok(());
        }
        if let Some(layer) = ["#T_SP=", "#T_CH=", "#T_RL="]
            .iter()
            .find_map(|p| line.strip_prefix(p))
        {
            return self.layer(layer, line.starts_with("#T_RL="));
        }
        if let Some(text) = line.strip_prefix("#Text=") {
            if self.sentence_at.is_some() {
                self.finish_sentence();
            }
            self.sentence.push(unescape_text(text));
            return Ok(());
        }
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        self.token(line)
    }

    fn layer(&mut self, layer: &str, relation: bool) -> Result<(), String> {
        let Some(columns) = self.columns.as_mut() else {
            return Err("a layer before the #FORMAT line".into());
        };
        let mut parts = layer.split('|');
        let name = parts.next().unwrap_or("");
        let features: Vec<&str> = parts.collect();
        if name.rsplit('.').next() == Some("NamedEntity")
            && let Some(i) = features.iter().position(|f| *f == "value")
        {
            self.value_column = Some(*columns + i);
            let ident = features.iter().position(|f| *f == "identifier");
            self.ident_column = ident.map(|i| *columns + i);
        }
        let base = features.iter().position(|f| f.starts_with("BT_"));
        let label = features.iter().position(|f| !f.starts_with("BT_"));
        let on_entities = base.is_some_and(|b| features[b].ends_with(".NamedEntity"));
        match (relation, label, base) {
            (true, Some(l), Some(b)) if on_entities && self.ne_relation.is_none() => {
                self.ne_relation = Some((*columns + l, *columns + b));
            }
            (true, ..) => self.relation_columns.push(*columns),
            _ => {}
        }
        *columns += features.len();
        Ok(())
    }

    fn token(&mut self, line: &str) -> Result<(), String> {
        let Some(expected) = self.columns else {
            return Err("a token line before the #FORMAT line".into());
        };
        let mut cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == expected + 1 && cells.last() == Some(&"") {
            cells.pop(); // the writer ends every token line with a tab
        }
        if cells.len() != expected {
            return Err(format!(
                "{} columns, the header's layers make {expected}",
                cells.len()
            ));
        }
        let (begin, end) = cells[1]
            .split_once('-')
            .and_then(|(b, e)| Some((b.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
            .filter(|(b, e)| b <= e)
            .ok_or_else(|| format!("offsets {:?} are not BEGIN-END", cells[1]))?;
        if begin == end {
            // INCEpTION writes a zero-width annotation as an empty sub-token
            let what = if cells[3..].iter().all(|c| *c == "_" || c.is_empty()) {
                return Ok(());
            } else {
                "an annotation of no width"
            };
            return Err(format!(
                "{what} at {begin}: not imported (a span covers text)"
            ));
        }
        let (start, stop) = self.place_token(begin, end, cells[2])?;
        self.addresses.insert(cells[0].to_string(), start);
        if let Some((l, b)) = self.ne_relation
            && cells[l] != "_"
        {
            for (label, base) in split_stack(cells[l]).iter().zip(split_stack(cells[b])) {
                let at = cells[0].to_string();
                let found = (unescape(label), at, base, self.line_no);
                self.found_relations.push(found);
            }
        }
        for &c in &self.relation_columns {
            if cells[c] != "_" {
                self.relations += split_stack(cells[c]).len();
            }
        }
        let Some(column) = self.value_column else {
            return Ok(());
        };
        if cells[column] == "_" {
            return Ok(());
        }
        let links = self.ident_column.map(|c| split_stack(cells[c]));
        for (i, item) in split_stack(cells[column]).iter().enumerate() {
            let link = links
                .as_ref()
                .and_then(|l| l.get(i))
                .and_then(|l| link_of(l));
            self.entity(item, start, stop, link)?;
        }
        Ok(())
    }

    /// Where a token lies in code points, checked against the sentence's text.
    fn place_token(
        &mut self,
        begin: usize,
        end: usize,
        token: &str,
    ) -> Result<(usize, usize), String> {
        if self.sentence_at.is_none() {
            self.start_sentence(begin)?;
        }
        let Some((at_units, at_chars, map)) = &self.sentence_at else {
            return Err("a token line outside a sentence".into());
        };
        let local = |u: usize| u.checked_sub(*at_units).and_then(|u| map.to_code_point(u));
        let (Some(s), Some(e)) = (local(begin), local(end)) else {
            return Err(format!(
                "offsets {begin}-{end} fall outside the sentence's #Text"
            ));
        };
        let sentence = self.sentence.join("\n");
        let covered = crate::text::slice_chars(&sentence, s, e);
        // INCEpTION writes the token as it is; older writers escaped it
        if covered != Some(token) && covered != Some(unescape(token).as_str()) {
            return Err(format!(
                "token {} is not what #Text has at {begin}-{end} ({})",
                crate::corpus::quote(token),
                crate::corpus::quote(covered.unwrap_or(""))
            ));
        }
        Ok((at_chars + s, at_chars + e))
    }

    /// Puts the sentence read so far in the text at its first token's offset.
    fn start_sentence(&mut self, begin: usize) -> Result<(), String> {
        if self.sentence.is_empty() {
            return Err("a token line before any #Text line".into());
        }
        if begin < self.text_units {
            return Err(format!(
                "offset {begin} goes back before the end of the last sentence"
            ));
        }
        // what lay between sentences is not in the file: a line break stands for it
        let gap = begin - self.text_units;
        self.text.extend(std::iter::repeat_n('\n', gap));
        self.text_units += gap;
        self.text_chars += gap;
        let sentence = self.sentence.join("\n");
        let map = Utf16Map::new(&sentence);
        self.sentence_at = Some((self.text_units, self.text_chars, map));
        self.pieces.push((self.text_chars, sentence.clone()));
        self.text_units += sentence.encode_utf16().count();
        self.text_chars += sentence.chars().count();
        self.text.push_str(&sentence);
        Ok(())
    }

    /// The relations read, their ends found among the entities; a relation naming no
    /// entity is a problem.
    fn relations(&self) -> (Vec<FoundRelation>, Vec<(usize, String)>) {
        let (mut out, mut problems) = (Vec::new(), Vec::new());
        let entity = |address: &str, id: &str| -> Option<SpanKey> {
            let start = *self.addresses.get(address)?;
            let span = match id {
                "" | "0" => self.singles.iter().find(|s| s.start == start),
                id => self
                    .units
                    .iter()
                    .find(|((n, _), s)| n == id && s.start == start)
                    .map(|(_, s)| s),
            }?;
            Some(SpanKey {
                start: span.start,
                end: span.end,
                label: span.label.clone(),
            })
        };
        for (label, at, base, line) in &self.found_relations {
            // `1-2` or `1-2[3_0]`: the source's token, and both entities' ids
            let (source, ids) = match base.strip_suffix(']').and_then(|b| b.split_once('[')) {
                Some((source, ids)) => (source, ids.split_once('_').unwrap_or(("", ""))),
                None => (base.as_str(), ("", "")),
            };
            let (from_id, to_id) = ids;
            match (entity(source, from_id), entity(at, to_id)) {
                (Some(from), Some(to)) => out.push(FoundRelation {
                    label: label.clone(),
                    from,
                    to,
                }),
                _ => problems.push((
                    *line,
                    format!(
                        "token {at}: relation {} from {base} names no entity there",
                        crate::corpus::quote(label)
                    ),
                )),
            }
        }
        (out, problems)
    }

    fn finish_sentence(&mut self) {
        self.sentence.clear();
        self.sentence_at = None;
    }

    fn entity(
        &mut self,
        item: &str,
        start: usize,
        end: usize,
        kb: Option<String>,
    ) -> Result<(), String> {
        let (label, unit) = split_id(item);
        let label = unescape(label);
        if label.is_empty() || label == "*" {
            return Err("an entity without a value (label)".into());
        }
        let span = FoundSpan {
            start,
            end,
            label: label.clone(),
            state: SpanState::Accepted,
            model: None,
            kb,
        };
        match unit {
            Some(n) => {
                let span = self.units.entry((n.to_string(), label)).or_insert(span);
                span.end = end;
            }
            None => self.singles.push(span),
        }
        Ok(())
    }
}

/// A stacked item's value and its disambiguation id: `PER[3]` is `PER` of entity 3; an
/// escaped `B\[2\]` is the label `B[2]` on one token.
fn split_id(item: &str) -> (&str, Option<&str>) {
    let Some(inner) = item.strip_suffix(']') else {
        return (item, None);
    };
    let Some((label, n)) = inner.rsplit_once('[') else {
        return (item, None);
    };
    let escaped = |s: &str| s.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) || escaped(label) {
        return (item, None);
    }
    (label, Some(n))
}

/// A `#Text=` line with WebAnno 3.2+'s escapes undone (`\\`, `\t`, `\n`, `\f`, `\r`,
/// `\b`, and a backslash before any other control character); any other backslash is
/// kept as it is.
fn unescape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('f') => out.push('\u{c}'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some(c) if (c as u32) < 32 => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// An `identifier` item's link: `Q7[3]` is `Q7`; `*`, `_` or nothing is no link.
fn link_of(item: &str) -> Option<String> {
    let id = unescape(split_id(item).0);
    Some(id).filter(|id| !id.is_empty() && id != "*" && id != "_")
}

/// The items of a stacked cell, `A[1]|B[2]`, split on unescaped bars.
fn split_stack(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                item.push(c);
                item.extend(chars.next());
            }
            '|' => items.push(std::mem::take(&mut item)),
            _ => item.push(c),
        }
    }
    items.push(item);
    items
}

/// A cell with WebAnno's escapes undone (`\|`, `\[`, `\_`, `\t`, ...).
fn unescape(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('-') if chars.peek() == Some(&'>') => {
                chars.next();
                out.push_str("->");
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
#[path = "webanno_tests.rs"]
mod tests;
