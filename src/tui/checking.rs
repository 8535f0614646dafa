//! The findings checked off the input thread: the desk hands a job (`desk::lint`), a
//! thread of its own runs it and posts `Event::Findings` to the event loop, as the team's
//! files and the model come back. Keys are never kept waiting by a check.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::app::App;
use super::run::Event;
use super::views::findings::FindingsView;
use crate::annotation::DocAnnotations;
use crate::corpus::Article;
use crate::desk::{CheckJob, Checked, Checker};

/// Reads a document the session has not read yet (the workspace's own loader).
pub type Read = Arc<dyn Fn(&Article) -> Result<DocAnnotations, String> + Send + Sync>;

/// Checks on a thread of its own.
pub struct ThreadChecker {
    pub read: Read,
    pub tx: Sender<Event>,
}

impl Checker for ThreadChecker {
    fn check(&self, job: CheckJob) {
        let (read, tx) = (Arc::clone(&self.read), self.tx.clone());
        let generation = job.generation;
        let spawned = std::thread::Builder::new()
            .name("tanba-lint".into())
            .spawn(move || {
                let checked = job.run(&*read);
                let _ = tx.send(Event::Findings(Box::new(checked)));
            });
        if let Err(e) = spawned {
            let findings = Err(format!("could not start the check: {e}"));
            let checked = Checked {
                generation,
                findings,
            };
            let _ = self.tx.send(Event::Findings(Box::new(checked)));
        }
    }
}

impl App {
    /// A check's findings arrived: the findings view shows them.
    pub fn findings_checked(&mut self, checked: Checked) {
        let outcome = self.desk.checked(checked);
        self.heard(outcome);
    }

    /// The spans changed (an edit, an undo, a redo): the findings are stale, and checked
    /// again at once while the findings view is open.
    pub(crate) fn findings_after_edit(&mut self) {
        let watching = self.layers.find::<FindingsView>().is_some();
        self.desk.findings_stale(watching);
    }
}
