//! The subcommands. Each one loads what it needs through `Session` and prints a result;
//! the TUI is opened from here too.

mod agree;
mod assign;
mod curate;
mod export;
mod import;
mod index;
mod init;
mod labels;
mod lint;
mod manual;
mod merge;
mod open;
mod queue;
mod search;
mod stats;
mod suggest;
mod suggest_model;
mod sync;
mod train;
mod validate;
mod verify;

use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::annotation::{LabelSet, SpanScheme, unknown_label};
use crate::cli::{Cli, Command, WorkspaceArgs};
use crate::corpus::{self, Corpus, LoadOptions};
use crate::store::{
    SETTINGS_FILE, Seed, Settings, Workspace, default_workspace_dir, starting_labels,
};

/// Runs the command; a mistake in what was asked ([`Usage`]) exits 2, like clap's own.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    agree::exit_2_on_usage(dispatch(cli))
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Stats(args)) => stats::run(&args),
        Some(Command::Labels(args)) => labels::run(&args),
        Some(Command::Search(args)) => search::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Verify(args)) => verify::run(&args),
        Some(Command::Agree(args)) => agree::run(&args),
        Some(Command::Merge(args)) => merge::run(&args),
        Some(Command::Curate(args)) => curate::run(&args),
        Some(Command::Suggest(args)) if args.model.is_some() => suggest_model::run(&args),
        Some(Command::Suggest(args)) => suggest::run(&args),
        Some(Command::Completions(args)) => manual::completions(args.shell),
        Some(Command::Man) => manual::man(),
        Some(Command::Sync(args)) => sync::run(&args),
        Some(Command::Train(args)) => train::run(&args),
        Some(Command::Queue(args)) => queue::run(&args),
        Some(Command::Assign(args)) => assign::run(&args),
        Some(Command::Lint(args)) => lint::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        None => open::run_tui(&cli.open),
    }
}

/// Whether the command only prints: no terminal of its own, no child process fed through
/// a pipe (sync's git, suggest's command), so a closed stdout may end it by SIGPIPE.
pub fn only_prints(cli: &Cli) -> bool {
    !matches!(
        cli.command,
        None | Some(Command::Sync(_) | Command::Suggest(_) | Command::Curate(_))
    )
}

/// Whether a command may create the workspace (only the annotator writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// A corpus and the workspace that holds its annotations.
pub struct Session {
    pub corpus: Corpus,
    pub workspace: Workspace,
    pub kind: WorkspaceKind,
    /// Labels the data uses that the workspace's set lacks (an existing workspace).
    pub unknown_labels: Vec<String>,
    /// What the session has to say about labels: added from the data, or missing.
    pub label_note: Option<String>,
    /// How the corpus was read (the command line's options, else the workspace's).
    pub options: LoadOptions,
}

/// What the session's workspace folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceKind {
    /// A workspace folder with its own `tanba.ron`.
    Existing,
    /// The template a corpus folder ships, read in place until a workspace is created.
    Template,
    /// No workspace yet; defaults stand in.
    NotCreated,
}

/// Where the workspace is, before the corpus is read.
#[derive(Clone)]
pub(super) enum Found {
    Ready(Workspace, WorkspaceKind),
    /// To be created (the annotator writes) once the data's labels are known.
    Create(PathBuf),
}

/// What `Session::open` reads, found without reading it: the workspace, and how the
/// corpus is read.
#[derive(Clone)]
pub struct Located {
    found: Found,
    /// What the corpus is read from: the paths given, else the workspace's sources.
    pub paths: Vec<PathBuf>,
    pub options: LoadOptions,
    seed: Seed,
}

impl Session {
    /// Loads the corpus at `paths` (or the workspace's sources when none are given) and
    /// finds its workspace: `--workspace`, else the default one under the data dir. For
    /// reading, a corpus folder that ships a `tanba.ron` stands in until a workspace exists.
    /// A new workspace gets the labels found in the data; an existing one names those it
    /// lacks.
    pub fn open(
        paths: &[PathBuf],
        args: &WorkspaceArgs,
        access: Access,
    ) -> anyhow::Result<Session> {
        Session::locate(paths, args, access)?.open()
    }

    /// The first half of `open`: the workspace found, and how the corpus is to be read.
    pub fn locate(
        paths: &[PathBuf],
        args: &WorkspaceArgs,
        access: Access,
    ) -> anyhow::Result<Located> {
        let found = locate(paths, args.workspace.as_deref(), access)?;
        let saved = match &found {
            Found::Ready(ws, _) => Some(&ws.settings),
            Found::Create(_) => None,
        };
        let seed = Seed {
            from: args.read.from.map(Into::into),
            sentences_per_article: args.read.sentences_per_article.map(|n| n as usize),
            ..Seed::default()
        };
        let options = load_options(&seed, saved);
        let paths = match saved {
            Some(settings) if paths.is_empty() => settings.sources.clone(),
            _ => paths.to_vec(),
        };
        Ok(Located {
            found,
            paths,
            options,
            seed,
        })
    }
}

impl Located {
    /// Reads the corpus: the second half of `Session::open`.
    pub fn open(self) -> anyhow::Result<Session> {
        let corpus = corpus::load_with(&self.paths, self.options);
        let labels = corpus::imported_labels(&corpus.articles);
        self.finish(corpus, labels)
    }

    /// A new workspace starts with these labels and this span scheme (`tanba init`).
    pub fn starting_with(mut self, labels: Option<LabelSet>, spans: Option<SpanScheme>) -> Located {
        self.seed.labels = labels;
        self.seed.spans = spans;
        self
    }

    /// The workspace, unless it is yet to be created (never, for reading).
    pub fn workspace(&self) -> Option<(&Workspace, WorkspaceKind)> {
        match &self.found {
            Found::Ready(ws, kind) => Some((ws, *kind)),
            Found::Create(_) => None,
        }
    }

    /// The second half of `open`, once `corpus` is read; `data_labels` are the labels of
    /// its pre-annotations, sorted, once each.
    pub fn finish(self, corpus: Corpus, data_labels: Vec<String>) -> anyhow::Result<Session> {
        let Located {
            found,
            paths,
            options,
            seed,
        } = self;
        // a workspace not created yet has no saved ids to mismatch
        if let Found::Ready(ws, kind) = &found
            && *kind != WorkspaceKind::NotCreated
            && let Some(warning) = cut_mismatch(&ws.settings, options.sentences_per_article)
        {
            eprintln!("tanba: warning: {warning}");
        }
        let conll =
            !corpus.articles.is_empty() && corpus.articles.iter().all(|a| a.tokens.is_some());
        let seed = Seed {
            data_labels,
            conll,
            ..seed
        };
        let (mut workspace, kind, added) = match found {
            Found::Create(root) => {
                let (ws, added) = Workspace::open_or_create_seeded(&root, &paths, &seed)
                    .with_context(|| format!("opening workspace {}", root.display()))?;
                (ws, WorkspaceKind::Existing, added)
            }
            Found::Ready(ws, kind) => (ws, kind, Vec::new()),
        };
        let mut unknown = Vec::new();
        let label_note = match kind {
            WorkspaceKind::Existing if added.is_empty() => {
                unknown = workspace
                    .settings
                    .labels
                    .unknown(seed.data_labels.iter().map(String::as_str));
                unknown_note(&workspace, &unknown)
            }
            WorkspaceKind::Existing => Some(format!(
                "added {} from the data: {}",
                plural_labels(added.len()),
                added.join(", ")
            )),
            // read in place: show the labels a new workspace would have
            WorkspaceKind::Template => {
                let labels = &mut workspace.settings.labels;
                labels.add_names(seed.data_labels.iter().map(String::as_str));
                None
            }
            WorkspaceKind::NotCreated => {
                workspace.settings.labels = starting_labels(None, None, &seed.data_labels);
                None
            }
        };
        if let Some(note) = &label_note {
            eprintln!("tanba: {note}");
        }
        Ok(Session {
            corpus,
            workspace,
            kind,
            unknown_labels: unknown,
            label_note,
            options,
        })
    }
}

/// What to say when this run cuts the corpus into articles otherwise than the workspace
/// does: its annotations are saved under other article ids.
pub(crate) fn cut_mismatch(saved: &Settings, asked: Option<usize>) -> Option<String> {
    let said = |n: Option<usize>| match n {
        Some(n) => format!("{n} sentences per article"),
        None => "each CoNLL document as one article".to_string(),
    };
    (saved.sentences_per_article != asked).then(|| {
        format!(
            "{SETTINGS_FILE} reads its corpus with {}; this run asks for {}, so the article ids \
             will not match those its annotations were saved under",
            said(saved.sentences_per_article),
            match asked {
                Some(n) => n.to_string(),
                None => "each CoNLL document as one article".to_string(),
            }
        )
    })
}

/// How the corpus is read: as asked on the command line, else as the workspace says.
fn load_options(asked: &Seed, saved: Option<&Settings>) -> LoadOptions {
    LoadOptions {
        from: asked.from.or(saved.and_then(|s| s.from)),
        sentences_per_article: asked
            .sentences_per_article
            .or(saved.and_then(|s| s.sentences_per_article)),
    }
}

/// Every `--labels` given must be known: to the workspace's set, or used by a span (those
/// `data` adds). An unknown one is a [`Usage`] error, said by [`unknown_label`].
pub(super) fn check_labels<'a>(
    given: &[String],
    set: &'a LabelSet,
    data: impl FnOnce(&mut BTreeSet<&'a str>),
) -> anyhow::Result<()> {
    if given.is_empty() {
        return Ok(());
    }
    let mut used = BTreeSet::new();
    data(&mut used);
    // the set's order (the digits' order), then labels only the data has
    let mut known: Vec<&str> = set.names().collect();
    known.extend(used.into_iter().filter(|l| set.get(l).is_none()));
    for label in given.iter().map(|l| l.trim()) {
        if !known.contains(&label) {
            bail!(agree::Usage(unknown_label(label, known)));
        }
    }
    Ok(())
}

/// `1 article`, `2 articles`.
fn articles(n: usize) -> String {
    crate::text::count(n, "article", "articles")
}

fn plural_labels(n: usize) -> String {
    crate::text::count(n, "label", "labels")
}

fn unknown_note(workspace: &Workspace, unknown: &[String]) -> Option<String> {
    if unknown.is_empty() {
        return None;
    }
    let names = unknown.join(" ");
    Some(format!(
        "the data has {} not in {}: {}; add {} with: tanba labels add {names} --workspace {}",
        plural_labels(unknown.len()),
        workspace.settings_path().display(),
        unknown.join(", "),
        if unknown.len() == 1 { "it" } else { "them" },
        shell_quote(&workspace.root.to_string_lossy()),
    ))
}

/// `s` as one shell word.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What to say when `dir` holds no workspace (`explicit`: it was given as --workspace):
/// which folder, and the commands that create one there.
pub(super) fn no_workspace(dir: &Path, explicit: bool) -> String {
    let flag = if explicit {
        format!(" --workspace {}", shell_quote(&dir.to_string_lossy()))
    } else {
        String::new()
    };
    format!(
        "no workspace at {} (no {SETTINGS_FILE} there); create it with `tanba init CORPUS...{flag}` \
         or `tanba import FILE... --corpus CORPUS{flag}`, or by annotating with `tanba CORPUS{flag}`",
        dir.display()
    )
}

pub(super) fn locate(
    paths: &[PathBuf],
    explicit: Option<&Path>,
    access: Access,
) -> anyhow::Result<Found> {
    let existing = |ws| Ok(Found::Ready(ws, WorkspaceKind::Existing));
    if let Some(dir) = explicit {
        if dir.join(SETTINGS_FILE).is_file() {
            return existing(Workspace::open(dir)?);
        }
        if access == Access::Write {
            return Ok(Found::Create(dir.to_path_buf()));
        }
        bail!(no_workspace(dir, true));
    }
    if paths.is_empty() {
        // every command that reads a workspace finds it from its corpus, or is told it
        bail!(
            "no corpus given: name its files or folders, or its workspace with \
             --workspace DIR (for example `tanba sample-data`, `tanba labels sample-data`)"
        );
    }
    for path in paths {
        if !path.exists() {
            let hint = meant_command(path)
                .map_or(String::new(), |c| format!(" (did you mean `tanba {c}`?)"));
            bail!("{}: no such file or folder{hint}", path.display());
        }
    }
    let default = default_workspace_dir(paths)?;
    if default.join(SETTINGS_FILE).is_file() {
        return existing(Workspace::open(&default)?);
    }
    if access == Access::Write {
        return Ok(Found::Create(default));
    }
    if let Some(shipped) = paths.iter().find(|p| p.join(SETTINGS_FILE).is_file()) {
        return Ok(Found::Ready(
            Workspace::open(shipped)?,
            WorkspaceKind::Template,
        ));
    }
    let workspace = Workspace {
        root: default,
        settings: Settings::new("tanba", paths.to_vec()),
    };
    Ok(Found::Ready(workspace, WorkspaceKind::NotCreated))
}

/// The command a missing corpus path was likely a typo of (`exprot` for `export`): a
/// bare word one or two edits from a command's name.
fn meant_command(path: &Path) -> Option<String> {
    use clap::CommandFactory;
    let word = path
        .to_str()
        .filter(|w| w.len() >= 3 && !w.contains(['/', '.']))?;
    let command = crate::cli::Cli::command();
    let names = command.get_subcommands().map(|c| c.get_name());
    crate::text::nearest(word, names).map(str::to_string)
}
