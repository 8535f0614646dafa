//! Where the search index of a session's corpus lives, and what `tanba search` needs to
//! find it without reading the corpus.

use std::path::PathBuf;

use super::WorkspaceKind;
use crate::corpus::LoadOptions;
use crate::search::IndexStore;
use crate::store::{Workspace, default_workspace_dir};

/// The folder of a workspace that holds search indexes (a cache: safe to delete).
pub const INDEX_DIR: &str = "index";

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
