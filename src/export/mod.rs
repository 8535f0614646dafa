//! Datasets out of the workspace: one module per format, each a pure function over the
//! articles and the spans chosen for export, writing into any `impl Write`.
//!
//! Every offset written is in code points `[start, end)`. Output is deterministic: items
//! come in corpus order then annotator name order, spans in (start, end, label) order.

pub mod brat;
pub mod brat_folder;
pub mod conll;
pub mod csv;
pub mod docbin;
pub mod docbin_symbols;
pub mod json;
pub mod jsonl;
pub mod label_studio;
mod pipeline;
pub mod ron;
pub mod select;
pub mod spacy;
pub mod tokens;
pub mod verify;
pub mod webanno;

use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub use pipeline::{AsRead, Source, write_as_read};
pub use select::{Entry, Nested, Plan, PlanCounts, Selection, flatten, plan};

use pipeline::{Renderer, write_rendered};

use crate::annotation::{DocAnnotations, Span};
use crate::corpus::Article;
use crate::store::PendingDocs;

/// One article as one annotator left it, with the spans chosen for export.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub article: &'a Article,
    /// `None` when nobody annotated the article and its pre-annotations are exported.
    pub annotator: Option<&'a str>,
    pub doc: &'a DocAnnotations,
    /// Sorted by (start, end, label); each one's text matches the article, but for the
    /// pending spans jsonl and CoNLL export, which carry none (they cut it by offset).
    pub spans: Vec<&'a Span>,
}

/// The output formats; the CLI's `--format` takes these names too (clap's `ValueEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// doccano's JSON lines: text, `label` triples, `meta` (a `.jsonl` file).
    Jsonl,
    /// spaCy/Prodigy JSON lines: tokens and spans, one doc a line (a `.spacy.jsonl` file;
    /// a `.spacy` file is `spacy-binary`'s DocBin).
    Spacy,
    Conll,
    Brat,
    Ron,
    Csv,
    /// Label Studio's JSON tasks: `annotations` per annotator, `predictions` for pending.
    #[strum(serialize = "label-studio")]
    LabelStudio,
    /// WebAnno TSV 3.3, a folder in INCEpTION's project layout.
    #[strum(serialize = "webanno-tsv")]
    WebannoTsv,
    /// spaCy's binary DocBin (`.spacy`), as `spacy train` reads it.
    #[strum(serialize = "spacy-binary")]
    SpacyBinary,
}

impl Format {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// Why a span was not written. Every span left out is counted under one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    Rejected,
    Pending,
    OtherLabel,
    /// The article text changed and the span could not be re-anchored.
    Flagged,
    /// The stored text is not what the offsets cut from the article.
    Drifted,
    /// Flat formats: inside, or around, a span that was kept.
    Nested,
    /// Flat formats: crossing a span that was kept.
    Overlap,
    /// Flat formats: the same range as a kept span with another label.
    SameRange,
    /// Flat formats: over the place of a kept span of higher standing (`Span::standing`:
    /// accepted before pending, a person's or an import's before a suggestion or a model's).
    Outranked,
    /// The span covers only whitespace (CoNLL has no token for it; brat only line breaks).
    OnlyWhitespace,
    /// CoNLL and brat separate fields with spaces, so such a label cannot be written.
    LabelWithSpace,
    /// CoNLL: no original token lies under the span.
    NoToken,
    /// WebAnno TSV: the span starts or ends on a line break or a tab, where no token is.
    LineBreakEdge,
}

/// Up to this many labels, `Tally::wrote` looks for a span's label one by one.
const FEW_LABELS: usize = 16;

/// What an export wrote and what it left out, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: usize,
    pub spans_per_label: BTreeMap<String, usize>,
    pub skipped: BTreeMap<Skip, usize>,
    /// spaCy keeps overlapping spans (span groups allow them; `doc.ents` does not).
    pub overlapping_kept: usize,
    /// CoNLL: original tokens cut in two because a span starts or ends inside them.
    pub tokens_split: usize,
    /// Relations written (brat `R` lines, doccano `relations`).
    pub relations: usize,
    /// Relations left out because an end of theirs was not written.
    pub relations_left_out: usize,
}

impl Tally {
    pub fn skip(&mut self, why: Skip) {
        *self.skipped.entry(why).or_default() += 1;
    }

    /// Counts one record written with all of its spans.
    pub fn wrote_record(&mut self, spans: &[&Span]) {
        self.items += 1;
        for span in spans {
            self.wrote(span);
        }
    }

    pub fn wrote(&mut self, span: &Span) {
        let label = span.label.as_str();
        let found = match self.spans_per_label.len() <= FEW_LABELS {
            // a label set's few labels compared by length first: most never reach a memcmp
            true => self
                .spans_per_label
                .iter_mut()
                .find_map(|(k, n)| (k.len() == label.len() && k == label).then_some(n)),
            false => self.spans_per_label.get_mut(label),
        };
        match found {
            Some(n) => *n += 1,
            None => {
                self.spans_per_label.insert(label.to_string(), 1);
            }
        }
    }

    pub fn spans(&self) -> usize {
        self.spans_per_label.values().sum()
    }

    pub fn merge(&mut self, other: Tally) {
        self.items += other.items;
        for (label, n) in other.spans_per_label {
            *self.spans_per_label.entry(label).or_default() += n;
        }
        for (why, n) in other.skipped {
            *self.skipped.entry(why).or_default() += n;
        }
        self.overlapping_kept += other.overlapping_kept;
        self.tokens_split += other.tokens_split;
        self.relations += other.relations;
        self.relations_left_out += other.relations_left_out;
    }
}

/// The item's relations whose two ends are among `written` (the spans a format wrote,
/// in order), as (relation, index of its source, index of its target); the others are
/// counted as left out.
pub fn written_relations<'a>(
    item: &Item<'a>,
    written: &[&Span],
    tally: &mut Tally,
) -> Vec<(&'a crate::annotation::Relation, usize, usize)> {
    let mut out = Vec::new();
    for r in &item.doc.relations {
        let at = |k: &crate::annotation::SpanKey| written.iter().position(|s| k.is(s));
        match (at(&r.from), at(&r.to)) {
            (Some(a), Some(b)) => {
                tally.relations += 1;
                out.push((r, a, b));
            }
            _ => tally.relations_left_out += 1,
        }
    }
    out
}

/// Options of the flat formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlatOptions {
    pub docstart: bool,
    pub nested: Nested,
}

impl Default for FlatOptions {
    fn default() -> Self {
        FlatOptions {
            docstart: true,
            nested: Nested::Outermost,
        }
    }
}

/// Writes the entries of `plan` to one output (every format but brat), with the spans
/// `selection` chooses. The line formats render entry by entry, so the pending documents
/// of a big export are made on every core and never held all at once.
pub fn write_plan<W: Write>(
    w: &mut W,
    format: Format,
    plan: &Plan,
    selection: &Selection,
    options: FlatOptions,
    tally: &mut Tally,
    progress: &mut dyn FnMut(),
) -> io::Result<()> {
    match format {
        Format::Jsonl | Format::Spacy | Format::Conll => {
            let render = |batch: &[Entry], out: &mut Vec<u8>, tally: &mut Tally| {
                render_entries(format, selection, options, batch, out, tally)
            };
            write_lines(w, &plan.entries, render, tally, progress)
        }
        _ => {
            let items = plan.items(selection, tally);
            write_items(w, format, &items, options, tally, progress)
        }
    }
}

/// Appends `batch` in a line format to `out`, each entry with the spans `selection`
/// chooses.
fn render_entries(
    format: Format,
    selection: &Selection,
    options: FlatOptions,
    batch: &[Entry],
    out: &mut Vec<u8>,
    tally: &mut Tally,
) -> io::Result<()> {
    // spaCy cuts its tokens at span offsets, which must lie in the text: its pending
    // spans keep the exact check that cutting their text makes
    let mut pending = match format {
        Format::Spacy => PendingDocs::default(),
        _ => PendingDocs::without_texts(),
    };
    for entry in batch {
        entry.with_item(selection, &mut pending, tally, |item, tally| {
            render_item(format, item, options, out, tally)
        })?;
    }
    Ok(())
}

/// Writes `items` to one output (every format but brat, which writes a folder).
/// `progress` is called once per item written.
pub fn write_items<W: Write>(
    w: &mut W,
    format: Format,
    items: &[Item],
    options: FlatOptions,
    tally: &mut Tally,
    progress: &mut dyn FnMut(),
) -> io::Result<()> {
    match format {
        Format::Ron => {
            ron::write(w, items, tally)?;
            for _ in items {
                progress();
            }
        }
        Format::Csv => {
            csv::write_header(w)?;
            for item in items {
                csv::write(w, item, tally)?;
                progress();
            }
        }
        Format::LabelStudio => {
            label_studio::write(w, items, tally)?;
            items.iter().for_each(|_| progress());
        }
        Format::SpacyBinary => {
            docbin::write(w, items, tally)?;
            items.iter().for_each(|_| progress());
        }
        Format::Brat | Format::WebannoTsv => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "brat and WebAnno TSV write a folder, not one output",
            ));
        }
        Format::Jsonl | Format::Spacy | Format::Conll => {
            let render = |batch: &[Item], out: &mut Vec<u8>, tally: &mut Tally| {
                for item in batch {
                    render_item(format, item, options, out, tally)?;
                }
                Ok(())
            };
            write_lines(w, items, render, tally, progress)?;
        }
    }
    Ok(())
}

/// The line formats: chunks of units are rendered on every core by a helper thread
/// while this thread writes the chunk before, in order.
fn write_lines<W: Write, T: Sync>(
    w: &mut W,
    units: &[T],
    render: impl Fn(&[T], &mut Vec<u8>, &mut Tally) -> io::Result<()> + Sync,
    tally: &mut Tally,
    progress: &mut dyn FnMut(),
) -> io::Result<()> {
    let produce = |renderer: &Renderer| {
        renderer.render(units, &render);
    };
    write_rendered(w, produce, tally, progress)
}

/// Appends one item in a line format to `out`.
fn render_item(
    format: Format,
    item: &Item,
    options: FlatOptions,
    out: &mut Vec<u8>,
    tally: &mut Tally,
) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            jsonl::write(out, item, tally);
            Ok(())
        }
        Format::Spacy => spacy::write(out, item, tally),
        _ => conll::write(out, item, options, tally),
    }
}

/// JSON `meta` shared by jsonl and spacy: the article's own meta, plus `annotator` and
/// `status` of this record (they describe the export, so they win over input keys of the
/// same name) and `title` when the input had none. A `meta` object in the input (a
/// re-imported export of ours) is merged in rather than nested, so round trips stay flat.
pub(crate) struct Meta<'a, 'b>(pub &'b Item<'a>);

/// One value of an exported `meta`.
pub(crate) enum MetaValue<'v> {
    /// The input's own JSON text, copied unchanged.
    Raw(&'v RawValue),
    Str(&'v str),
    Null,
}

impl<'a> Meta<'a, '_> {
    /// The fields in key order, values borrowed from the article.
    pub(crate) fn fields(&self) -> Vec<(Cow<'a, str>, MetaValue<'a>)> {
        let item = self.0;
        let ours = |k: &str| matches!(k, "annotator" | "status" | "meta");
        let meta = item.article.meta.raw_fields();
        let nested = meta
            .iter()
            .find(|(k, _)| k == "meta")
            .and_then(|(_, v)| crate::corpus::raw_object(v.get()));
        let outer_has = |key: &str| meta.iter().any(|(k, _)| k == key);
        let inner: Vec<_> = nested
            .into_iter()
            .flatten()
            .filter(|(k, _)| !ours(k) && !outer_has(k))
            .collect();
        let mut fields: Vec<(Cow<'a, str>, MetaValue<'a>)> = meta
            .iter()
            .filter(|(k, _)| !ours(k))
            .map(|(k, v)| (k.clone(), MetaValue::Raw(v)))
            .collect();
        fields.extend(inner.into_iter().map(|(k, v)| (k, MetaValue::Raw(v))));
        let annotator = item.annotator.map_or(MetaValue::Null, MetaValue::Str);
        fields.push(("annotator".into(), annotator));
        fields.push(("status".into(), MetaValue::Str(item.doc.status.as_str())));
        if !fields.iter().any(|(k, _)| k == "title") {
            fields.push(("title".into(), MetaValue::Str(&item.article.title)));
        }
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        fields
    }

    /// Appends the fields as one JSON object, as serde_json would write them.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (key, value)) in self.fields().iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::write_str(out, key);
            out.push(b':');
            match value {
                MetaValue::Raw(raw) => out.extend_from_slice(raw.get().as_bytes()),
                MetaValue::Str(s) => json::write_str(out, s),
                MetaValue::Null => out.extend_from_slice(b"null"),
            }
        }
        out.push(b'}');
    }
}

impl serde::Serialize for Meta<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let fields = self.fields();
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (k, v) in &fields {
            match v {
                MetaValue::Raw(v) => map.serialize_entry(k, v)?,
                MetaValue::Str(v) => map.serialize_entry(k, v)?,
                MetaValue::Null => map.serialize_entry(k, &())?,
            }
        }
        map.end()
    }
}

/// A sink that counts bytes; benchmarks and tests use it to measure output.
#[derive(Debug, Default, Clone, Copy)]
pub struct CountingSink {
    pub bytes: u64,
}

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod items_tests;
#[cfg(test)]
mod props_tests;
#[cfg(test)]
pub(crate) mod testing;
