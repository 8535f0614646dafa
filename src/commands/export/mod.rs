//! `tanba export`: loads the corpus and every annotation file, chooses the spans, writes
//! one format to stdout, a file (atomically) or, for brat, a folder; then a summary on
//! stderr of what was written and what was left out, and why.

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod report;

use super::{Access, Located, Session, check_labels};
use crate::annotation::DocStatus;
use crate::cli::ExportArgs;
use crate::corpus::Corpus;
use crate::export::brat_folder::BratFolder;
use crate::export::{
    self, AsRead, FlatOptions, Format, Item, Nested, Plan, PlanCounts, Selection, Source, Tally,
    brat,
};
use crate::store::{
    EarlyWriteback, StoreError, Workspace, atomic_write, atomic_write_with, check_annotator,
};
use report::{DelayedBar, progress_bar, summary};
use strum::VariantArray;

/// Gathers the small writes of RON and CSV; the line formats' rendered batches (64
/// articles) are mostly bigger and go straight through, without a copy.
const WRITE_BUFFER: usize = 64 << 10;

pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let format = args.format;
    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if format == Format::Brat && target.is_none() {
        bail!("brat writes a .txt and an .ann per article: give a folder with -o DIR");
    }
    if format == Format::SpacyBinary && target.is_none() && std::io::stdout().is_terminal() {
        bail!("a DocBin is binary: give a file with -o FILE.spacy (or pipe stdout)");
    }
    let dot_spacy = target.is_some_and(|t| t.extension().is_some_and(|e| e == "spacy"));
    if format == Format::Spacy && dot_spacy {
        // spaCy reads a .spacy file as a binary DocBin: JSON lines there would not load
        bail!(
            "{}: -f spacy writes JSON lines, and a .spacy file is spaCy's binary DocBin; \
             name the file .spacy.jsonl, or write a DocBin with -f spacy-binary",
            target.map_or(String::new(), |t| t.display().to_string())
        );
    }
    if format == Format::WebannoTsv && target.is_none() {
        bail!("WebAnno TSV writes a file per article and annotator: give a folder with -o DIR");
    }
    let located = Session::locate(&args.corpus.paths, &args.corpus.workspace, Access::Read)?;
    if let Some(target) = target {
        refuse_corpus_target(target, &located.paths)?;
    }
    let options = FlatOptions {
        docstart: !args.no_docstart,
        nested: match args.nested {
            crate::cli::Nested::Outermost => Nested::Outermost,
            crate::cli::Nested::Innermost => Nested::Innermost,
        },
    };
    let line_format = matches!(format, Format::Jsonl | Format::Conll | Format::Spacy);
    match (target, located.workspace()) {
        // a file is only kept once all went well, so it can be written as the corpus is
        // read; stdout cannot take back what it printed before a bad annotation file
        (Some(path), Some((workspace, _))) if line_format => {
            export_as_read(args, path, workspace, &located, options)?;
            Ok(ExitCode::SUCCESS)
        }
        _ => loaded(args, located, target, options),
    }
}

/// The export of a corpus read whole first, with its annotations: to stdout, and the
/// formats that need every article at once.
fn loaded(
    args: &ExportArgs,
    located: Located,
    target: Option<&Path>,
    options: FlatOptions,
) -> Result<ExitCode> {
    let format = args.format;
    let session = located.open()?;
    for problem in &session.corpus.problems {
        eprintln!("tanba: warning: {problem}");
    }
    let annotators = session.workspace.annotators();
    let files = session.workspace.doc_files(&annotators);
    let (docs, errors) = files.load_all(&session.corpus.articles);
    refuse_doc_errors(&errors)?;
    let selection = selection(args, &session.workspace)?;
    check_labels(&args.labels, &session.workspace.settings.labels, |known| {
        known.extend(
            docs.values()
                .flat_map(|d| d.spans.iter().map(|s| s.label.as_str())),
        );
        let articles = session.corpus.articles.iter();
        known.extend(articles.flat_map(|a| a.imported.iter().map(|s| s.label.as_str())));
    })?;
    let plan = export::plan(&session.corpus, &docs, &selection);
    let mut tally = Tally::default();
    let bar = progress_bar(plan.entries.len());
    let written = match target {
        Some(dir) if format == Format::Brat => {
            let items = plan.items(&selection, &mut tally);
            if dir.exists() && !dir.is_dir() {
                bail!("{} is a file; brat needs a folder (-o DIR)", dir.display());
            }
            let folder = BratFolder::open(dir, args.force)?;
            write_brat(dir, folder, &items, &session, &bar, &mut tally).map(|()| true)?
        }
        Some(dir) if format == Format::WebannoTsv => {
            let items = plan.items(&selection, &mut tally);
            write_webanno(dir, &items, &bar, &mut tally)?;
            true
        }
        _ => {
            let export = LoadedExport {
                format,
                plan: &plan,
                selection: &selection,
                options,
            };
            write_loaded(target, &export, &bar, &mut tally)?
        }
    };
    bar.finish_and_clear();
    if written {
        let to = target.map_or("stdout".to_string(), |p| p.display().to_string());
        eprint!("{}", summary(format, options, &plan.counts(), &tally, &to));
        say_moved(files.moved());
    }
    // the process ends next: freeing 100,000s of articles one by one takes longer than
    // writing them, and the system takes the memory back at once
    std::mem::forget(plan);
    std::mem::forget(docs);
    std::mem::forget(session);
    Ok(ExitCode::SUCCESS)
}

/// A line format written to a file as the corpus is read: a part of it rendered while
/// the next is read, then dropped. What is said before a loaded export (notes, warnings,
/// bad annotation files, unknown labels) is said after, and then nothing is kept.
fn export_as_read(
    args: &ExportArgs,
    path: &Path,
    workspace: &Workspace,
    located: &Located,
    options: FlatOptions,
) -> Result<()> {
    let selection = selection(args, workspace)?;
    let annotators = workspace.annotators();
    let docs = workspace.doc_files(&annotators);
    let source = Source {
        paths: &located.paths,
        options: located.options,
        docs: &docs,
    };
    let mut tally = Tally::default();
    let bar = DelayedBar::new();
    let write = |out: &mut FileOut, tally: &mut Tally| {
        let mut progress = || bar.inc();
        export::write_as_read(
            out,
            args.format,
            &source,
            &selection,
            options,
            tally,
            &mut progress,
        )
    };
    let keep = |read: AsRead| -> Result<PlanCounts> {
        bar.finish();
        let corpus = Corpus {
            problems: read.problems,
            ..Corpus::default()
        };
        let session = located.clone().finish(corpus, read.data_labels.clone())?;
        for problem in &session.corpus.problems {
            eprintln!("tanba: warning: {problem}");
        }
        refuse_doc_errors(&read.doc_errors)?;
        check_labels(&args.labels, &workspace.settings.labels, |known| {
            known.extend(read.doc_labels.iter().map(String::as_str));
            known.extend(read.data_labels.iter().map(String::as_str));
        })?;
        Ok(read.counts)
    };
    let counts = write_file(path, &mut tally, write, keep)?;
    let to = path.display().to_string();
    eprint!("{}", summary(args.format, options, &counts, &tally, &to));
    say_moved(docs.moved());
    Ok(())
}

/// Spans re-anchored on reading (their article's text changed) are exported where their
/// text is now: said, since the dataset differs from the files' offsets.
fn say_moved(moved: usize) {
    match moved {
        0 => {}
        1 => eprintln!(
            "note: 1 span in the annotation files moved where its article's text changed \
             (`tanba verify` lists it)"
        ),
        n => eprintln!(
            "note: {n} spans in the annotation files moved where their article's text \
             changed (`tanba verify` lists them)"
        ),
    }
}

pub(super) fn refuse_doc_errors(errors: &[StoreError]) -> Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    for e in errors {
        eprintln!("{e}");
    }
    bail!(
        "{} annotation file{} could not be read; nothing was exported (fix them first; \
         `tanba validate` lists them)",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
}

/// The corpus is never written to: no output file or folder inside a corpus path.
fn refuse_corpus_target(target: &Path, corpus: &[PathBuf]) -> Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        // the target may not exist yet: canonicalise the nearest existing ancestor
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                }
                _ => break,
            }
        }
        let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
        out.extend(rest.iter().rev());
        out
    };
    let target = absolute(target);
    for source in corpus {
        let source = absolute(source);
        if target.starts_with(&source) {
            bail!(
                "refusing to write {} inside the corpus {}: the corpus is never written to",
                target.display(),
                source.display()
            );
        }
    }
    Ok(())
}

fn selection(args: &ExportArgs, workspace: &Workspace) -> Result<Selection> {
    let picks = Picks {
        annotator: args.annotator.as_deref(),
        status: &args.status,
        labels: &args.labels,
        include_pending: args.include_pending,
    };
    picks.selection(workspace)
}

/// The export options that choose articles and spans; `tanba train` takes them too.
pub(super) struct Picks<'a> {
    pub annotator: Option<&'a str>,
    pub status: &'a [String],
    pub labels: &'a [String],
    pub include_pending: bool,
}

impl Picks<'_> {
    pub(super) fn selection(&self, workspace: &Workspace) -> Result<Selection> {
        let args = self;
        let statuses = if args.status.is_empty() {
            None
        } else {
            let parsed = args.status.iter().map(|s| {
                DocStatus::parse(s.trim()).with_context(|| {
                    let all: Vec<_> = DocStatus::VARIANTS.iter().map(|s| s.as_str()).collect();
                    format!("unknown status {s:?} (statuses: {})", all.join(", "))
                })
            });
            Some(parsed.collect::<Result<Vec<_>>>()?)
        };
        if let Some(name) = args.annotator {
            check_annotator(name).map_err(anyhow::Error::msg)?;
            let annotators = workspace.annotators();
            if !annotators.iter().any(|a| a == name) {
                bail!(
                    "no annotations by {name:?} in workspace {} (annotators: {})",
                    workspace.root.display(),
                    if annotators.is_empty() {
                        "none yet".to_string()
                    } else {
                        annotators.join(", ")
                    }
                );
            }
        }
        let labels = (!args.labels.is_empty())
            .then(|| args.labels.iter().map(|l| l.trim().to_string()).collect());
        Ok(Selection {
            include_pending: args.include_pending,
            labels,
            statuses,
            annotator: args.annotator.map(str::to_string),
        })
    }
}

/// What one export export writes.
struct LoadedExport<'p, 'a> {
    format: Format,
    plan: &'p Plan<'a>,
    selection: &'p Selection,
    options: FlatOptions,
}

impl LoadedExport<'_, '_> {
    fn write<W: Write>(
        &self,
        w: &mut W,
        tally: &mut Tally,
        bar: &ProgressBar,
    ) -> std::io::Result<()> {
        let (plan, selection) = (self.plan, self.selection);
        let mut progress = || bar.inc(1);
        export::write_plan(
            w,
            self.format,
            plan,
            selection,
            self.options,
            tally,
            &mut progress,
        )
    }
}

/// Writes to stdout or atomically to a file. Returns false when stdout was closed early
/// (`| head`), which is not an error.
fn write_loaded(
    target: Option<&Path>,
    export: &LoadedExport,
    bar: &ProgressBar,
    tally: &mut Tally,
) -> Result<bool> {
    let Some(path) = target else {
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, std::io::stdout().lock());
        let result = export
            .write(&mut out, tally, bar)
            .and_then(|()| out.flush());
        return match result {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(e).context("writing to stdout"),
        };
    };
    let write = |out: &mut FileOut, tally: &mut Tally| export.write(out, tally, bar);
    write_file(path, tally, write, Ok)?;
    Ok(true)
}

/// What an export to a file writes into: the temporary file that becomes it.
type FileOut<'f> = BufWriter<EarlyWriteback<'f>>;

/// Writes `path` atomically: `write` fills a temporary file beside it, which takes the
/// place of `path` only if `keep` accepts what `write` gave; if not, it is removed.
fn write_file<R, T>(
    path: &Path,
    tally: &mut Tally,
    write: impl FnOnce(&mut FileOut, &mut Tally) -> std::io::Result<R>,
    keep: impl FnOnce(R) -> Result<T>,
) -> Result<T> {
    atomic_write_with(path, |file| {
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, EarlyWriteback::new(file));
        let wrote = write(&mut out, tally)
            .and_then(|wrote| out.flush().map(|()| wrote))
            .with_context(|| format!("writing {}", path.display()))?;
        drop(out);
        keep(wrote)
    })
}

/// Writes the WebAnno TSV folder, `annotation/<article>/<annotator>.tsv`: each file
/// atomically; files already there of other names are left as they are.
fn write_webanno(dir: &Path, items: &[Item], bar: &ProgressBar, tally: &mut Tally) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file; WebAnno TSV needs a folder (-o DIR)",
            dir.display()
        );
    }
    let tallies = items
        .par_iter()
        .map(|item| {
            let mut t = Tally::default();
            let tsv = export::webanno::render(item, &mut t);
            let path = dir.join(export::webanno::file_of(item));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            atomic_write(&path, tsv.as_bytes())?;
            bar.inc(1);
            Ok(t)
        })
        .collect::<Result<Vec<Tally>>>()?;
    for t in tallies {
        tally.merge(t);
    }
    Ok(())
}

/// Writes the brat folder: each item's `.txt` and `.ann`, then `annotation.conf`; the
/// files an earlier export there wrote and this one does not are removed (`BratFolder`).
fn write_brat(
    dir: &Path,
    folder: BratFolder,
    items: &[Item],
    session: &Session,
    bar: &ProgressBar,
    tally: &mut Tally,
) -> Result<()> {
    let annotators: BTreeSet<&str> = items.iter().filter_map(|i| i.annotator).collect();
    let per_annotator = annotators.len() > 1;
    let files = brat::file_names(items, per_annotator);
    folder.begin(&files)?;
    let tallies = items
        .par_iter()
        .map(|item| {
            let mut t = Tally::default();
            brat::write_files(dir, item, per_annotator, &mut t)?;
            bar.inc(1);
            Ok(t)
        })
        .collect::<Result<Vec<Tally>, crate::store::StoreError>>()?;
    for t in tallies {
        tally.merge(t);
    }
    let mut labels: Vec<&str> = session.workspace.settings.labels.names().collect();
    for label in tally.spans_per_label.keys() {
        if !labels.contains(&label.as_str()) {
            labels.push(label);
        }
    }
    atomic_write(
        &dir.join(brat::CONF),
        brat::annotation_conf(labels).as_bytes(),
    )?;
    let finished = folder.finish(&files)?;
    if finished.removed > 0 {
        eprintln!(
            "removed {} of the earlier export to {} that this one did not write",
            crate::text::count(finished.removed, "file", "files"),
            dir.display()
        );
    }
    Ok(())
}
