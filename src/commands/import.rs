//! `tanba import`: another tool's annotations brought in as each annotator's own work.

use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Access, Session, WorkspaceKind};
use crate::annotation::DocStatus;
use crate::cli::{ImportArgs, ImportStatus, OffsetsArg, WorkspaceArgs};
use crate::import::{self, Counts, Decision, Options, Plan, ReadOptions, Renames, Unit};
use crate::store::SETTINGS_FILE;
use crate::text::count;

pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let options = options(args)?;
    let read_options = ReadOptions {
        keep_rejected: args.keep_rejected,
        offsets: args.offsets.map(|o| match o {
            OffsetsArg::CodePoints => Unit::CodePoints,
            OffsetsArg::Utf16 => Unit::Utf16,
        }),
    };
    let read = import::read(&args.paths, read_options);
    if read.found.is_empty() {
        // nothing to import: no workspace is created (it would start with the default
        // labels, not the corpus's)
        println!("read 0 documents from {}", tools_of(&read.found));
        summary(&Plan::default(), &read.counts, args.dry_run);
        for problem in &read.problems {
            eprintln!("{problem}");
        }
        return Ok(if read.problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if args.corpus.is_empty() && args.new_corpus.is_none() {
        refuse_without_corpus(args)?;
    }
    let corpus = match &args.new_corpus {
        Some(file) => vec![new_corpus(file, &read.found)?],
        None => args.corpus.clone(),
    };
    let session = open(args, &corpus)?;
    let workspace = &session.workspace;
    let mut plan = import::plan(&read.found, &session.corpus, workspace, &options);
    let mut problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    problems.extend(plan.problems.iter().map(ToString::to_string));
    println!(
        "read {} from {}",
        count(read.found.len(), "document", "documents"),
        tools_of(&read.found)
    );
    let written = if args.dry_run {
        None
    } else {
        if !plan.new_labels.is_empty() && session.kind == WorkspaceKind::Existing {
            crate::store::add_labels(&workspace.settings_path(), &plan.new_labels)?;
        }
        let (written, errors) = import::write(workspace, &mut plan);
        problems.extend(errors.iter().map(ToString::to_string));
        Some(written)
    };
    summary(&plan, &read.counts, args.dry_run);
    for problem in &problems {
        eprintln!("{problem}");
    }
    let done = written.unwrap_or(0)
        + plan
            .planned
            .iter()
            .filter(|p| p.decision == Decision::Unchanged)
            .count();
    Ok(if problems.is_empty() || (done > 0 && written.is_some()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A workspace yet to be created has no sources: the corpus must be given.
fn refuse_without_corpus(args: &ImportArgs) -> Result<()> {
    match &args.workspace.workspace {
        Some(dir) if !dir.join(SETTINGS_FILE).is_file() => bail!(
            "no corpus to import onto: {} is not a workspace yet; give the texts the \
             annotations are on with --corpus CORPUS, or --new-corpus FILE to write the \
             texts found as a new corpus",
            dir.display()
        ),
        _ => Ok(()),
    }
}

/// The session: a dry run creates no workspace, and looks at the one `--workspace`
/// names as the empty one it would be.
fn open(args: &ImportArgs, corpus: &[PathBuf]) -> Result<Session> {
    if !args.dry_run {
        return Session::open(corpus, &args.workspace, Access::Write);
    }
    let new = args
        .workspace
        .workspace
        .as_ref()
        .filter(|d| !d.join(SETTINGS_FILE).is_file());
    let Some(root) = new else {
        return Session::open(corpus, &args.workspace, Access::Read);
    };
    let elsewhere = WorkspaceArgs {
        workspace: None,
        read: args.workspace.read,
    };
    let mut session = Session::open(corpus, &elsewhere, Access::Read)?;
    session.workspace.root = root.clone();
    Ok(session)
}

/// Writes the texts found as a new corpus file (`--new-corpus`); an existing file is
/// never overwritten.
fn new_corpus(file: &Path, found: &[import::Found]) -> Result<PathBuf> {
    if file.exists() {
        bail!(
            "{}: already exists; --new-corpus writes a new file (give it as --corpus to import onto it)",
            file.display()
        );
    }
    let lines = import::corpus_lines(found);
    if lines.is_empty() {
        bail!("no text found to write a corpus from");
    }
    crate::store::atomic_write(file, lines.as_bytes())?;
    println!(
        "wrote {} to {}",
        count(lines.lines().count(), "text", "texts"),
        file.display()
    );
    Ok(file.to_path_buf())
}

/// `--annotator` values: one default name, and renames `OLD=NEW`.
fn options(args: &ImportArgs) -> Result<Options> {
    let mut renames = Vec::new();
    let mut default = None;
    for value in &args.annotator {
        match value.split_once('=') {
            Some((old, new)) => renames.push((old.trim().to_string(), new.trim().to_string())),
            None if default.is_some() => {
                bail!(
                    "--annotator names one annotator for files that name none; rename others with OLD=NEW"
                )
            }
            None => default = Some(value.trim().to_string()),
        }
    }
    Ok(Options {
        annotator: default,
        renames: Renames(renames),
        status: match args.status {
            ImportStatus::Done => DocStatus::Done,
            ImportStatus::InProgress => DocStatus::InProgress,
        },
        replace: args.replace,
    })
}

fn tools_of(found: &[import::Found]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in found {
        *counts.entry(f.tool.name()).or_default() += 1;
    }
    if counts.is_empty() {
        return "no file tanba could read".into();
    }
    counts
        .iter()
        .map(|(t, n)| format!("{t} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the readers and the plan left out on purpose (`merged`: spans given twice).
fn left_out(counts: &Counts, merged: usize) -> Vec<String> {
    let relations = "(doccano's, not imported yet; Label Studio's without a label)";
    let initial = "(INCEpTION's documents before anyone's work)";
    let twice = "given twice (one kept: an answer before a prediction)";
    [
        (counts.rejected, "rejected answer", "rejected answers", ""),
        (
            counts.ignored,
            "ignored or unanswered task",
            "ignored or unanswered tasks",
            "",
        ),
        (
            counts.cancelled,
            "cancelled annotation",
            "cancelled annotations",
            "",
        ),
        (counts.relations, "relation", "relations", relations),
        (
            counts.initial,
            "INITIAL_CAS.tsv file",
            "INITIAL_CAS.tsv files",
            initial,
        ),
        (merged, "span", "spans", twice),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many, why)| {
        format!("{} {why}", count(n, one, many))
            .trim_end()
            .to_string()
    })
    .collect()
}

/// Per annotator: files written, unchanged, kept; then what was left out and why.
fn summary(plan: &Plan, counts: &Counts, dry_run: bool) {
    let mut per: BTreeMap<&str, [usize; 6]> = BTreeMap::new();
    let mut spans: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &plan.planned {
        let i = p.decision as usize;
        per.entry(p.doc.annotator.as_str()).or_default()[i] += 1;
        *spans.entry(p.doc.annotator.as_str()).or_default() += p.doc.spans.len();
    }
    let (write, replace) = match dry_run {
        true => ("would write", "would replace"),
        false => ("written", "replaced"),
    };
    for (annotator, [new, unchanged, kept, replaced, unreadable, failed]) in &per {
        let mut parts = vec![format!("{new} {write}")];
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        };
        say(*unchanged, "unchanged");
        say(
            *kept,
            "kept (the file there differs; --replace overwrites it)",
        );
        say(*replaced, replace);
        say(*unreadable, "kept (the file there does not parse)");
        say(*failed, "not written (see below)");
        println!(
            "{annotator}: {} ({}): {}",
            super::articles(new + unchanged + kept + replaced + unreadable + failed),
            count(spans[annotator], "span", "spans"),
            parts.join(", ")
        );
    }
    let notes = left_out(counts, plan.merged);
    if !notes.is_empty() {
        println!("left out: {}", notes.join("; "));
    }
    if counts.converted > 0 {
        println!(
            "offsets: {} counted in UTF-16 code units, converted to code points",
            count(counts.converted, "span", "spans")
        );
    }
    if !plan.new_labels.is_empty() {
        let verb = if dry_run { "would add" } else { "added" };
        println!(
            "labels: {verb} {} to the label set",
            plan.new_labels.join(", ")
        );
    }
    if !plan.new_doc_labels.is_empty() {
        println!(
            "document labels: {} not in tanba.ron's doc_labels (kept; add them there)",
            plan.new_doc_labels.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_each_thing_left_out_is_said_in_the_singular() {
        let one = Counts {
            rejected: 1,
            ignored: 1,
            cancelled: 1,
            relations: 1,
            converted: 1,
            initial: 1,
        };
        let said = left_out(&one, 1).join("; ");
        assert_eq!(
            said,
            "1 rejected answer; 1 ignored or unanswered task; 1 cancelled annotation; \
             1 relation (doccano's, not imported yet; Label Studio's without a label); \
             1 INITIAL_CAS.tsv file (INCEpTION's documents before anyone's work); \
             1 span given twice (one kept: an answer before a prediction)"
        );
        let two = Counts {
            initial: 2,
            ..Counts::default()
        };
        assert_eq!(
            left_out(&two, 0),
            ["2 INITIAL_CAS.tsv files (INCEpTION's documents before anyone's work)"]
        );
    }
}
