use std::path::{Path, PathBuf};

use super::{Article, Corpus, Problem, SourceRef};
use crate::text::normalize;

/// Reads every path (files, or folders recursively) into one corpus. Problems are
/// collected, never fatal: the rest still loads.
pub fn load(paths: &[PathBuf]) -> Corpus {
    let mut corpus = Corpus::default();
    for root in paths {
        if root.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !is_hidden(e.path()) || e.depth() == 0)
                .filter_map(|e| match e {
                    Ok(e) => Some(e),
                    Err(err) => {
                        let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                        corpus
                            .problems
                            .push(Problem::new(path, None, err.to_string()));
                        None
                    }
                })
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            files.sort();
            for file in files {
                read_file(root, &file, &mut corpus);
            }
        } else if root.is_file() {
            let base = root.parent().unwrap_or(Path::new(""));
            read_file(base, root, &mut corpus);
        } else {
            corpus
                .problems
                .push(Problem::new(root, None, "no such file or folder"));
        }
    }
    corpus
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn read_file(base: &Path, file: &Path, corpus: &mut Corpus) {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("txt" | "md")) {
        return;
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            corpus
                .problems
                .push(Problem::new(file, None, e.to_string()));
            return;
        }
    };
    let raw = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            corpus
                .problems
                .push(Problem::new(file, None, format!("not valid UTF-8: {e}")));
            return;
        }
    };
    let text = normalize(&raw).text;
    let rel = file.strip_prefix(base).unwrap_or(file).with_extension("");
    let id = rel.to_string_lossy().replace('\\', "/");
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    corpus.articles.push(Article {
        id,
        title,
        text,
        source: SourceRef {
            file: file.to_path_buf(),
            line: 1,
        },
        meta: Default::default(),
        tokens: None,
        imported: Vec::new(),
    });
}
