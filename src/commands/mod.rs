//! The subcommands. Each one loads what it needs through `Session` and prints a result;
//! the TUI is opened from here too.

mod export;
mod labels;
mod open;
mod search;
mod stats;
mod validate;
mod verify;

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, Command, WorkspaceArgs};
use crate::corpus::{self, Corpus};
use crate::search::IndexStore;
use crate::store::{SETTINGS_FILE, Settings, Workspace, default_workspace_dir};

/// The folder of a workspace that holds search indexes (a cache: safe to delete).
pub const INDEX_DIR: &str = "index";

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Stats(args)) => stats::run(&args),
        Some(Command::Labels(args)) => labels::run(&args),
        Some(Command::Search(args)) => search::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Verify(args)) => verify::run(&args),
        None => open::run_tui(&cli.open),
    }
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

impl Session {
    /// Loads the corpus at `paths` (or the workspace's sources when none are given) and
    /// finds its workspace: `--workspace`, else the default one under the data dir. For
    /// reading, a corpus folder that ships a `tanba.ron` stands in until a workspace exists.
    pub fn open(
        paths: &[PathBuf],
        args: &WorkspaceArgs,
        access: Access,
    ) -> anyhow::Result<Session> {
        let (workspace, kind, paths) = Session::locate(paths, args, access)?;
        let corpus = corpus::load(&paths);
        Ok(Session {
            corpus,
            workspace,
            kind,
        })
    }

    /// What `open` finds, without reading the corpus: the workspace, its kind and the
    /// corpus paths (those given, else the workspace's sources).
    pub fn locate(
        paths: &[PathBuf],
        args: &WorkspaceArgs,
        access: Access,
    ) -> anyhow::Result<(Workspace, WorkspaceKind, Vec<PathBuf>)> {
        let (workspace, kind) = locate(paths, args.workspace.as_deref(), access)?;
        let paths = if paths.is_empty() {
            workspace.settings.sources.clone()
        } else {
            paths.to_vec()
        };
        Ok((workspace, kind, paths))
    }
}

/// Where the search index of the corpus at `sources` is kept: the workspace's `index/`;
/// for a template shipped in a corpus folder (never written to), the default workspace's.
pub fn index_store(workspace: &Workspace, kind: WorkspaceKind, sources: &[PathBuf]) -> IndexStore {
    let root = match kind {
        WorkspaceKind::Template => {
            default_workspace_dir(sources).unwrap_or_else(|_| workspace.root.clone())
        }
        WorkspaceKind::Existing | WorkspaceKind::NotCreated => workspace.root.clone(),
    };
    IndexStore::new(&root.join(INDEX_DIR), sources)
}

fn locate(
    paths: &[PathBuf],
    explicit: Option<&Path>,
    access: Access,
) -> anyhow::Result<(Workspace, WorkspaceKind)> {
    let existing = |ws| Ok((ws, WorkspaceKind::Existing));
    if let Some(dir) = explicit {
        if access == Access::Write {
            return existing(
                Workspace::open_or_create(dir, paths)
                    .with_context(|| format!("opening workspace {}", dir.display()))?,
            );
        }
        if dir.join(SETTINGS_FILE).is_file() {
            return existing(Workspace::open(dir)?);
        }
        bail!(
            "no workspace at {} (it has no {SETTINGS_FILE})",
            dir.display()
        );
    }
    if paths.is_empty() {
        bail!("give a corpus to open, for example: tanba sample-data");
    }
    for path in paths {
        if !path.exists() {
            bail!("{}: no such file or folder", path.display());
        }
    }
    let default = default_workspace_dir(paths)?;
    if default.join(SETTINGS_FILE).is_file() {
        return existing(Workspace::open(&default)?);
    }
    if access == Access::Write {
        return existing(Workspace::open_or_create(&default, paths)?);
    }
    if let Some(shipped) = paths.iter().find(|p| p.join(SETTINGS_FILE).is_file()) {
        return Ok((Workspace::open(shipped)?, WorkspaceKind::Template));
    }
    let workspace = Workspace {
        root: default,
        settings: Settings {
            name: "tanba".into(),
            sources: paths.to_vec(),
            labels: Default::default(),
        },
    };
    Ok((workspace, WorkspaceKind::NotCreated))
}
