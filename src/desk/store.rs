//! Where the TUI's documents come from and go to: the workspace (through the background
//! `Saver`) in the program, memory in tests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::annotation::DocAnnotations;
use crate::corpus::Article;
use crate::store::{Saver, Workspace, fresh_doc};

pub trait DocStore {
    /// The annotator's document for `article`; an error (a file that does not parse)
    /// opens the article read-only with the message.
    fn load(&self, article: &Article) -> Result<DocAnnotations, String>;
    /// Queues `doc` to be written; must not wait for the disk.
    fn save(&self, doc: &DocAnnotations);
    /// Waits until everything queued is written, at most `timeout`; true if it all was.
    fn flush(&self, timeout: std::time::Duration) -> bool;
    /// The article is no longer shown: its saves may be folded into one file now.
    fn leave(&self, _article: &str) {}
}

/// The real store: reads with `Workspace::load_doc`, writes through the `Saver` thread.
pub struct WorkspaceStore {
    pub workspace: Workspace,
    pub annotator: String,
    pub saver: Saver,
}

impl DocStore for WorkspaceStore {
    fn load(&self, article: &Article) -> Result<DocAnnotations, String> {
        self.workspace
            .load_doc(&self.annotator, article)
            .map(|loaded| loaded.doc)
            .map_err(|e| e.to_string())
    }

    fn save(&self, doc: &DocAnnotations) {
        let path = self.workspace.doc_path(&self.annotator, &doc.article);
        self.saver.save(path, doc.clone());
    }

    fn flush(&self, timeout: std::time::Duration) -> bool {
        self.saver.flush(timeout)
    }

    fn leave(&self, article: &str) {
        let path = self.workspace.doc_path(&self.annotator, article);
        self.saver.leave(path);
    }
}

/// Documents in memory: what tests and benchmarks use. Saves are recorded.
#[derive(Clone, Default)]
pub struct MemoryStore {
    pub docs: Rc<RefCell<HashMap<String, DocAnnotations>>>,
    /// Articles whose stored file is "broken", with the error to report.
    pub broken: Rc<RefCell<HashMap<String, String>>>,
    pub saves: Rc<RefCell<Vec<DocAnnotations>>>,
    /// The articles left (`DocStore::leave`), in order.
    pub left: Rc<RefCell<Vec<String>>>,
    pub annotator: String,
}

impl MemoryStore {
    pub fn new(annotator: &str) -> MemoryStore {
        MemoryStore {
            annotator: annotator.to_string(),
            ..MemoryStore::default()
        }
    }
}

impl DocStore for MemoryStore {
    fn load(&self, article: &Article) -> Result<DocAnnotations, String> {
        if let Some(err) = self.broken.borrow().get(&article.id) {
            return Err(err.clone());
        }
        Ok(self
            .docs
            .borrow()
            .get(&article.id)
            .cloned()
            .unwrap_or_else(|| fresh_doc(article, &self.annotator)))
    }

    fn save(&self, doc: &DocAnnotations) {
        self.docs
            .borrow_mut()
            .insert(doc.article.clone(), doc.clone());
        self.saves.borrow_mut().push(doc.clone());
    }

    fn flush(&self, _timeout: std::time::Duration) -> bool {
        true
    }

    fn leave(&self, article: &str) {
        self.left.borrow_mut().push(article.to_string());
    }
}
