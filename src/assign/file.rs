//! The assignment file (`assignment.ron` at the workspace root): one article per line so
//! git merges and diffs stay readable; read back with every rule checked, a broken file
//! named with its line.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::Assignment;
use crate::layout::ASSIGNMENT_FILE;
use crate::store::{StoreError, atomic_write};

/// What can go wrong with an assignment: its file, or what was asked of it.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file parses but breaks a rule (edited by hand).
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A request that cannot be carried out (unknown annotator, overlap too large, ...).
    #[error("{0}")]
    Request(String),
}

/// The workspace's assignment, or `None` when it has none.
pub fn load(root: &Path) -> Result<Option<Assignment>, AssignError> {
    let path = root.join(ASSIGNMENT_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(&path, e).into()),
    };
    parse(&path, &text).map(Some)
}

/// Parses and checks an assignment file's text.
pub fn parse(path: &Path, text: &str) -> Result<Assignment, AssignError> {
    let assignment: Assignment = ron::from_str(text).map_err(|e| StoreError::parse(path, &e))?;
    let invalid = |needle: &str, message: String| AssignError::Invalid {
        path: path.to_path_buf(),
        line: line_of(text, needle),
        message,
    };
    if let Err(message) = assignment.check_team() {
        let needle = if message.contains("overlap") {
            "overlap"
        } else {
            "annotators"
        };
        return Err(invalid(needle, message));
    }
    let mut seen = HashSet::new();
    for article in &assignment.articles {
        let quoted = ron::to_string(article.id()).unwrap_or_default();
        if !seen.insert(article.id()) {
            let message = format!("article {quoted} is listed twice");
            return Err(invalid(&quoted, message));
        }
        for (i, who) in article.to().iter().enumerate() {
            if let Err(e) = crate::store::check_annotator(who) {
                return Err(invalid(&quoted, format!("article {quoted}: {e}")));
            }
            if article.to()[..i].contains(who) {
                let message = format!("article {quoted} names {who:?} twice");
                return Err(invalid(&quoted, message));
            }
        }
    }
    Ok(assignment)
}

/// The first line (from 1) that holds `needle` after the header, else 1.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// The file's text: stable formatting, one article and one log entry per line.
pub fn to_ron(a: &Assignment) -> String {
    let q = |s: &str| ron::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
    let list = |names: &[String]| names.iter().map(|n| q(n)).collect::<Vec<_>>().join(", ");
    let mut out = String::with_capacity(64 + a.articles.len() * 40);
    out.push_str("// written by `tanba assign`: change it with that command, not by hand\n(\n");
    let _ = writeln!(out, "    overlap: {},", a.overlap);
    let _ = writeln!(out, "    annotators: [{}],", list(&a.annotators));
    out.push_str("    articles: [\n");
    for article in &a.articles {
        let _ = writeln!(
            out,
            "        ({}, [{}]),",
            q(article.id()),
            list(article.to())
        );
    }
    out.push_str("    ],\n    log: [\n");
    for entry in &a.log {
        let when = entry
            .when
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "        (when: {}, who: {}, what: {}),",
            q(&when),
            q(&entry.who),
            q(&entry.what)
        );
    }
    out.push_str("    ],\n)\n");
    out
}

/// Writes the assignment atomically at the workspace root.
pub fn save(root: &Path, a: &Assignment) -> Result<(), AssignError> {
    atomic_write(&root.join(ASSIGNMENT_FILE), to_ron(a).as_bytes())?;
    Ok(())
}
