//! Where the search index of a session's corpus lives, and what `tanba search` needs to
//! find it without reading the corpus.

use std::path::PathBuf;

use super::{Access, Found, Session, WorkspaceKind, load_options, locate};
use crate::cli::WorkspaceArgs;
use crate::corpus::LoadOptions;
use crate::search::IndexStore;
use crate::store::{Seed, Workspace, default_workspace_dir};

/// The folder of a workspace that holds search indexes (a cache: safe to delete).
pub const INDEX_DIR: &str = "index";

/// What `Session::open` would read, found without reading it.
pub struct Located {
    /// The workspace, unless it is yet to be created.
    pub workspace: Option<(Workspace, WorkspaceKind)>,
    /// The corpus paths: those given, else the workspace's sources.
    pub paths: Vec<PathBuf>,
    pub options: LoadOptions,
}

impl Session {
    /// The workspace, the corpus paths and how they are read, as `open` finds them.
    pub fn locate(
        paths: &[PathBuf],
        args: &WorkspaceArgs,
        access: Access,
    ) -> anyhow::Result<Located> {
        let found = locate(paths, args.workspace.as_deref(), access)?;
        let asked = Seed {
            data_labels: Vec::new(),
            from: args.read.from.map(Into::into),
            sentences_per_article: args.read.sentences_per_article.map(|n| n as usize),
        };
        let workspace = match found {
            Found::Ready(ws, kind) => Some((ws, kind)),
            Found::Create(_) => None,
        };
        let saved = workspace.as_ref().map(|(ws, _)| &ws.settings);
        let options = load_options(&asked, saved);
        let paths = match saved {
            Some(settings) if paths.is_empty() => settings.sources.clone(),
            _ => paths.to_vec(),
        };
        Ok(Located {
            workspace,
            paths,
            options,
        })
    }
}

/// Where the search index of the corpus at `sources` is kept: the workspace's `index/`;
/// for a template shipped in a corpus folder (never written to), the default workspace's.
pub fn index_store(
    workspace: &Workspace,
    kind: WorkspaceKind,
    sources: &[PathBuf],
    options: LoadOptions,
) -> IndexStore {
    let root = match kind {
        WorkspaceKind::Template => {
            default_workspace_dir(sources).unwrap_or_else(|_| workspace.root.clone())
        }
        WorkspaceKind::Existing | WorkspaceKind::NotCreated => workspace.root.clone(),
    };
    IndexStore::new(&root.join(INDEX_DIR), sources, options)
}
