//! `tanba assign PATH... --annotators a,b,c [--overlap K]`, `--release NAME`, `--add NAME`:
//! writes the workspace's assignment (only this command does) and prints who has what.

use anyhow::{Result, anyhow};
use std::process::ExitCode;

use super::agree::{Usage, exit_2_on_usage};
use super::{Access, Session};
use crate::assign::{self, AssignError, Assignment, Statuses};
use crate::cli::AssignArgs;
use crate::config::Config;
use crate::layout::ASSIGNMENT_FILE;
use crate::store::{FileError, StoreError};
use crate::text::sanitize;

pub fn run(args: &AssignArgs) -> Result<ExitCode> {
    exit_2_on_usage(assign(args))
}

/// A broken file or an impossible request is the user's to fix: exit 2.
fn usage(e: AssignError) -> anyhow::Error {
    match e {
        AssignError::Store(StoreError::File(FileError::Io { .. })) => anyhow!(e),
        e => anyhow!(Usage(e.to_string())),
    }
}

fn assign(args: &AssignArgs) -> Result<ExitCode> {
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    let root = &session.workspace.root;
    let path = root.join(ASSIGNMENT_FILE);
    let existing = assign::load(root).map_err(usage)?;
    let me = Config::load()?.annotator(None).map_err(|e| anyhow!(e))?;
    let (assignment, statuses, change) = match (existing, &args.release, &args.add) {
        (existing, Some(name), _) => {
            let mut a = need(existing, &path, "--release")?;
            let statuses = read_statuses(&session, &a);
            let done = a
                .release(name, |id| statuses.started(name, id))
                .map_err(|e| Usage(format!("--release: {e} in {}", path.display())))?;
            let what = format!(
                "released {name}: {} moved to others, {} started kept by {name}{}",
                articles(done.moved),
                done.kept,
                if done.short > 0 {
                    format!(
                        ", {} left short of {} annotators (nobody else free)",
                        done.short, a.overlap
                    )
                } else {
                    String::new()
                }
            );
            (a, statuses, Some(what))
        }
        (existing, None, Some(name)) => {
            let mut a = need(existing, &path, "--add")?;
            let statuses = read_statuses(&session, &a);
            let added = a
                .add(name, |id, who| statuses.started(who, id))
                .map_err(|e| Usage(format!("--add: {e} in {}", path.display())))?;
            let what = format!("added {name}: took {} not started", articles(added.taken));
            (a, statuses, Some(what))
        }
        (existing, None, None) => {
            let mut a = team(existing, args, &path)?;
            // everyone's files, not only the team's: who began what before being assigned
            let begun = statuses_of(&session, &session.workspace.annotators());
            let ids = session.corpus.articles.iter().map(|x| x.id.as_str());
            let placed = a.place(ids, |id, who| begun.started(who, id));
            let statuses = begun;
            let what = (placed > 0).then(|| {
                format!(
                    "placed {}, {} annotator{} each, among {}",
                    articles(placed),
                    a.overlap,
                    if a.overlap == 1 { "" } else { "s" },
                    a.annotators.join(", ")
                )
            });
            (a, statuses, what)
        }
    };
    let mut assignment = assignment;
    match change {
        Some(what) => {
            println!("{}: {what}", path.display());
            assignment.note(&me, what);
            assign::save(root, &assignment).map_err(usage)?;
        }
        None => println!(
            "{}: nothing to change ({}, overlap {})",
            path.display(),
            articles(assignment.articles.len()),
            assignment.overlap
        ),
    }
    print_table(&assignment, &statuses);
    Ok(ExitCode::SUCCESS)
}

fn articles(n: usize) -> String {
    format!("{n} article{}", if n == 1 { "" } else { "s" })
}

/// The assignment `--release` / `--add` change: there must be one.
fn need(existing: Option<Assignment>, path: &std::path::Path, flag: &str) -> Result<Assignment> {
    existing.ok_or_else(|| {
        anyhow!(Usage(format!(
            "{flag}: there is no assignment yet ({} does not exist); make one with \
             tanba assign PATH --annotators a,b,c",
            path.display()
        )))
    })
}

/// The assignment to place new articles in: the existing one (the same team and overlap
/// if given again), else a new one from `--annotators` and `--overlap`.
fn team(
    existing: Option<Assignment>,
    args: &AssignArgs,
    path: &std::path::Path,
) -> Result<Assignment> {
    let overlap = args.overlap.map(|k| k as usize);
    let Some(a) = existing else {
        if args.annotators.is_empty() {
            return Err(anyhow!(Usage(
                "name the annotators: tanba assign PATH --annotators a,b,c [--overlap K]".into()
            )));
        }
        let a = Assignment::new(args.annotators.clone(), overlap.unwrap_or(1))
            .map_err(|e| Usage(format!("{e}; nothing written")))?;
        return Ok(a);
    };
    let same_team = args.annotators.is_empty() || args.annotators == a.annotators;
    if !same_team || overlap.is_some_and(|k| k != a.overlap) {
        return Err(anyhow!(Usage(format!(
            "{} already shares the articles among {} with overlap {}; bring someone in with \
             --add NAME, move work away with --release NAME (nothing written)",
            path.display(),
            a.annotators.join(", "),
            a.overlap
        ))));
    }
    Ok(a)
}

fn read_statuses(session: &Session, a: &Assignment) -> Statuses {
    let names: Vec<String> = a.loads().into_iter().map(|l| l.annotator).collect();
    statuses_of(session, &names)
}

fn statuses_of(session: &Session, names: &[String]) -> Statuses {
    let (statuses, errors) = Statuses::read(&session.workspace, &session.corpus, names);
    for e in errors {
        eprintln!("tanba assign: {e} (counted as not started)");
    }
    statuses
}

fn print_table(a: &Assignment, statuses: &Statuses) {
    let rows = a.progress(statuses);
    let width = rows
        .iter()
        .map(|r| r.annotator.chars().count())
        .chain([9])
        .max()
        .unwrap_or(9);
    println!("{:<width$}  assigned  done  in progress  left", "annotator");
    for r in rows {
        println!(
            "{:<width$}  {:>8}  {:>4}  {:>11}  {:>4}",
            sanitize(&r.annotator),
            r.assigned,
            r.done,
            r.in_progress,
            r.left
        );
    }
}
