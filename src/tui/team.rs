//! The team's files from the workspace: read on a thread of their own for the desk
//! (`desk::team`), and a watcher that says when the workspace changed on disk (a sync, a
//! teammate on the same server).

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use super::run::Event;
use crate::corpus::Corpus;
pub use crate::desk::team::{TeamDocs, TeamSource, TeamState};
use crate::store::Workspace;

/// How often the watcher looks at the workspace.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Reads the workspace on a thread of its own and posts the result to the event loop.
pub struct WorkspaceTeam {
    pub workspace: Workspace,
    pub corpus: Arc<Corpus>,
    pub tx: Sender<Event>,
}

impl TeamSource for WorkspaceTeam {
    fn request(&self) {
        let (workspace, corpus, tx) = (
            self.workspace.clone(),
            Arc::clone(&self.corpus),
            self.tx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("tanba-team".into())
            .spawn(move || {
                // files that do not parse are left out; opening them says why
                let (docs, _problems) = workspace.load_all(&corpus);
                let _ = tx.send(Event::Team(Ok(docs)));
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(Event::Team(Err(e.to_string())));
        }
    }
}

/// Watches the workspace every two seconds; says once when it changes (then again after
/// each further change).
pub fn spawn_watcher(workspace: Workspace, me: String, tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("tanba-watch".into())
        .spawn(move || {
            let mut last = workspace.fingerprint(&me);
            loop {
                std::thread::sleep(WATCH_EVERY);
                let now = workspace.fingerprint(&me);
                if now != last {
                    last = now;
                    if tx.send(Event::DiskChanged).is_err() {
                        return;
                    }
                }
            }
        });
}
