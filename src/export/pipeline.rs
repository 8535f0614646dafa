//! How the line formats are written: chunks rendered on every core while this thread
//! writes the chunks before them, in order; and the as-read export, which renders each
//! part of the corpus as soon as it is read, so reading, rendering and writing overlap
//! and only a few parts are ever in memory.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender};

use super::select::{PlanCounts, plan_articles};
use super::{Entry, FlatOptions, Format, Selection, Tally, render_entries};
use crate::corpus::{self, FirstRead, LoadOptions, Part, Problem};
use crate::store::{DocFiles, StoreError};

/// Units (items or entries) rendered at once by the line formats: enough to keep every
/// core busy, few enough that the chunks in flight (one written, one queued, one
/// rendered) stay small.
pub(super) const PARALLEL_CHUNK: usize = 2048;
/// Units rendered into one buffer by one thread.
const RENDER_BATCH: usize = 64;

/// One batch rendered: its bytes, what it wrote, how many units.
type Rendered = io::Result<(Vec<u8>, Tally, usize)>;

/// Renders for the writing thread, which takes the batches in the order they are sent.
pub(super) struct Renderer {
    to_writer: SyncSender<Vec<Rendered>>,
    /// Buffers written already, for the next batches: spares fresh pages for each one.
    spare: Receiver<Vec<u8>>,
}

impl Renderer {
    /// Renders `units` on every core, [`RENDER_BATCH`] to a buffer, and queues them to be
    /// written; false when the writer has stopped (on an error).
    pub(super) fn render<T: Sync>(
        &self,
        units: &[T],
        render: &(impl Fn(&[T], &mut Vec<u8>, &mut Tally) -> io::Result<()> + Sync),
    ) -> bool {
        units.chunks(PARALLEL_CHUNK).all(|chunk| {
            let batches = chunk.len().div_ceil(RENDER_BATCH);
            let mut buffers: Vec<Vec<u8>> = self.spare.try_iter().take(batches).collect();
            buffers.resize_with(batches, Vec::new);
            let rendered: Vec<Rendered> = chunk
                .par_chunks(RENDER_BATCH)
                .zip(buffers)
                .map(|(batch, mut out)| {
                    out.clear();
                    let mut part = Tally::default();
                    render(batch, &mut out, &mut part)?;
                    Ok((out, part, batch.len()))
                })
                .collect();
            self.to_writer.send(rendered).is_ok()
        })
    }
}

/// Writes to `w`, in order, what `produce` renders on a thread of its own, as it comes;
/// `progress` is called once per unit written. Gives what `produce` returned.
pub(super) fn write_rendered<W: Write, R: Send>(
    w: &mut W,
    produce: impl FnOnce(&Renderer) -> R + Send,
    tally: &mut Tally,
    progress: &mut dyn FnMut(),
) -> io::Result<R> {
    let (to_writer, rendered) = std::sync::mpsc::sync_channel::<Vec<Rendered>>(1);
    let (to_renderer, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce(&Renderer { to_writer, spare }));
        // on an error `rendered` is dropped here: the producer's next send fails and it stops
        let written = (move || {
            for chunk in rendered {
                for result in chunk {
                    let (bytes, part, count) = result?;
                    w.write_all(&bytes)?;
                    tally.merge(part);
                    (0..count).for_each(|_| progress());
                    let _ = to_renderer.send(bytes); // the renderer may be done already
                }
            }
            Ok(())
        })();
        let produced = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.map(|()| produced)
    })
}

/// Where an as-read export reads: the corpus, and the annotators' files.
pub struct Source<'a> {
    pub paths: &'a [PathBuf],
    pub options: LoadOptions,
    pub docs: &'a DocFiles<'a>,
}

/// What an as-read export read, besides what it wrote.
#[derive(Default)]
pub struct AsRead {
    pub counts: PlanCounts,
    /// Problems reading the corpus, in the order `corpus::load_with` gives them.
    pub problems: Vec<Problem>,
    /// Annotation files that could not be read, in the order `Workspace::load_all` gives
    /// them. When there are any, what was written is incomplete and must not be kept.
    pub doc_errors: Vec<StoreError>,
    /// The labels of the articles' pre-annotations, sorted.
    pub data_labels: Vec<String>,
    /// The labels of the documents' spans.
    pub doc_labels: BTreeSet<String>,
}

/// Exports the corpus of `source` in a line format, part by part as it is read (as
/// `write_plan` does on the corpus loaded whole, and byte for byte the same): a part is
/// rendered on every core while the next is read and the one before written.
pub fn write_as_read<W: Write>(
    w: &mut W,
    format: Format,
    source: &Source,
    selection: &Selection,
    options: FlatOptions,
    tally: &mut Tally,
    progress: &mut dyn FnMut(),
) -> io::Result<AsRead> {
    if !matches!(format, Format::Jsonl | Format::Conll | Format::Spacy) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "only the line formats are written as the corpus is read",
        ));
    }
    let render = |batch: &[Entry], out: &mut Vec<u8>, tally: &mut Tally| {
        render_entries(format, selection, options, batch, out, tally)
    };
    let produce = |renderer: &Renderer| {
        std::thread::scope(|scope| {
            let (to_exporter, parts) = std::sync::mpsc::sync_channel::<Part>(1);
            scope.spawn(move || {
                // once the exporter stopped, the rest is read and dropped
                let mut send = |part| drop(to_exporter.send(part));
                let detail = corpus::Detail::Full;
                corpus::read_parts(source.paths, source.options, detail, &mut send);
            });
            let mut state = AsReadState::default();
            for part in parts {
                state.part(part, source, selection, renderer, &render);
            }
            state.finish()
        })
    };
    write_rendered(w, produce, tally, progress)
}

/// An as-read export's state between parts.
#[derive(Default)]
struct AsReadState {
    read: AsRead,
    first: FirstRead,
    duplicates: Vec<Problem>,
    data_labels: BTreeSet<String>,
    /// Each error with the place of its annotator among those `Source::docs` lists.
    doc_errors: Vec<(usize, StoreError)>,
    /// Whether the writer stopped: the rest is read, not rendered.
    stopped: bool,
}

impl AsReadState {
    fn part(
        &mut self,
        (mut articles, mut problems): Part,
        source: &Source,
        selection: &Selection,
        renderer: &Renderer,
        render: &(impl Fn(&[Entry], &mut Vec<u8>, &mut Tally) -> io::Result<()> + Sync),
    ) {
        self.read.problems.append(&mut problems);
        self.first.keep_first(&mut articles, &mut self.duplicates);
        self.data_labels.extend(corpus::imported_labels(&articles));
        let mut docs = BTreeMap::new();
        for (key, result) in source.docs.load(&articles) {
            match result {
                Ok(doc) => {
                    for span in &doc.spans {
                        if !self.read.doc_labels.contains(&span.label) {
                            self.read.doc_labels.insert(span.label.clone());
                        }
                    }
                    docs.insert(key, doc);
                }
                Err(e) => {
                    let who = source.docs.place(&key.annotator);
                    self.doc_errors.push((who, e));
                }
            }
        }
        if self.stopped || !self.doc_errors.is_empty() {
            return; // nothing more will be kept
        }
        let plan = plan_articles(&articles, &docs, selection);
        self.read.counts += plan.counts();
        self.stopped = !renderer.render(&plan.entries, render);
    }

    fn finish(mut self) -> AsRead {
        self.read.problems.append(&mut self.duplicates);
        // as `load_all` lists them: annotator by annotator, each in article order
        self.doc_errors.sort_by_key(|(who, _)| *who);
        self.read.doc_errors = self.doc_errors.into_iter().map(|(_, e)| e).collect();
        self.read.data_labels = self.data_labels.into_iter().collect();
        self.read
    }
}

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
