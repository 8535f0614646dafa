use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::settings::{Settings, read_settings, settings_to_ron};
use super::{Reanchored, SessionLock, StoreError, atomic_write, escape_id, pending_doc, reanchor};
use crate::annotation::{DocAnnotations, LabelSet, SpanScheme};
use crate::corpus::{Article, Corpus};

pub use super::doc_file::{doc_to_ron, parse_doc};
pub use crate::layout::{ANNOTATIONS_DIR, SETTINGS_FILE};

/// What a new workspace starts with besides its template: labels found in the data, and
/// how its corpus is read.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub data_labels: Vec<String>,
    pub from: Option<crate::corpus::Reader>,
    pub sentences_per_article: Option<usize>,
    /// The labels to start with (`tanba init --labels FILE`), instead of the data's.
    pub labels: Option<LabelSet>,
    /// The span scheme asked for (`tanba init --spans`).
    pub spans: Option<SpanScheme>,
    /// Whether the corpus is CoNLL (or CoNLL-U), which cannot nest: flat unless asked.
    pub conll: bool,
}

/// The labels a new workspace starts with: those given, else the template's with the
/// data's added, else exactly the data's, else (an untagged corpus) the default five.
pub fn starting_labels(
    given: Option<&LabelSet>,
    template: Option<&LabelSet>,
    data: &[String],
) -> LabelSet {
    if let Some(given) = given {
        return given.clone();
    }
    let mut labels = match (template, data.is_empty()) {
        (Some(template), _) => template.clone(),
        (None, true) => LabelSet::default(),
        (None, false) => LabelSet { labels: Vec::new() },
    };
    labels.add_names(data.iter().map(String::as_str));
    labels
}

/// Which annotator's file, for which article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocKey {
    pub annotator: String,
    pub article: String,
}

/// A document as loaded: from its file, or fresh (with the article's pre-annotations).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub doc: DocAnnotations,
    pub from_disk: bool,
    pub reanchored: Reanchored,
    /// What replaying the file's journal found, if it did not replay cleanly.
    pub journal: Option<super::JournalNote>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
}

/// The default workspace for a set of corpus paths: one folder per corpus under the user
/// data dir (XDG_DATA_HOME on Linux), named after the corpus and keyed by its canonical path.
pub fn default_workspace_dir(paths: &[PathBuf]) -> Result<PathBuf, StoreError> {
    let dirs = directories::ProjectDirs::from("", "", "tanba").ok_or(StoreError::NoDataDir)?;
    let mut canonical: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).map_err(|e| StoreError::io(p, e)))
        .collect::<Result<_, _>>()?;
    canonical.sort();
    let joined = canonical
        .iter()
        .map(|p| p.to_string_lossy())
        .collect::<Vec<_>>()
        .join("\n");
    let hash = crate::text::text_hash(&joined);
    let stem = canonical
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into());
    let slug = escape_id(&stem);
    let short = &hash["sha256:".len().."sha256:".len() + 12];
    Ok(dirs
        .data_dir()
        .join("workspaces")
        .join(format!("{slug}-{short}")))
}

/// A fresh document for `article`: its pre-annotations enter as pending imported spans.
pub fn fresh_doc(article: &Article, annotator: &str) -> DocAnnotations {
    let mut doc = pending_doc(article, annotator);
    doc.text_hash = crate::text::text_hash(&article.text);
    doc
}

/// Annotator names become folder names, so they are held to a safe alphabet.
pub fn check_annotator(name: &str) -> Result<(), String> {
    // a valid name is its own folder name, so folder listings give names back unchanged
    let ok = !name.is_empty() && name.chars().count() <= 64 && escape_id(name) == name;
    if ok {
        Ok(())
    } else {
        Err(format!(
            "annotator name {name:?} must be 1-64 letters, digits, '.', '-' or '_', \
             not starting with '.'"
        ))
    }
}

impl Workspace {
    /// Opens the workspace at `root`, creating it (and `tanba.ron`) if it does not exist.
    /// A new workspace for a corpus folder that ships its own `tanba.ron` starts from it:
    /// its label set and the annotations it carries are copied in.
    pub fn open_or_create(root: &Path, sources: &[PathBuf]) -> Result<Workspace, StoreError> {
        Self::open_or_create_seeded(root, sources, &Seed::default()).map(|(ws, _)| ws)
    }

    /// `open_or_create`, where a new workspace also gets the labels found in the data and
    /// remembers how the corpus is read. Returns the labels it added (none when the
    /// workspace existed).
    pub fn open_or_create_seeded(
        root: &Path,
        sources: &[PathBuf],
        seed: &Seed,
    ) -> Result<(Workspace, Vec<String>), StoreError> {
        let settings_path = root.join(SETTINGS_FILE);
        if settings_path.exists() {
            return Ok((Self::open(root)?, Vec::new()));
        }
        let sources: Vec<PathBuf> = sources
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let shipped = sources
            .iter()
            .map(|p| p.join(SETTINGS_FILE))
            .find(|p| p.is_file());
        let name = sources
            .first()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "tanba".into());
        let mut settings = Settings::new(name, sources.clone());
        let mut template = None;
        if let Some(shipped) = &shipped {
            let theirs = read_settings(shipped)?;
            settings.name = theirs.name;
            template = Some(theirs.labels);
            settings.from = theirs.from;
            settings.sentences_per_article = theirs.sentences_per_article;
            settings.spans = theirs.spans;
        }
        settings.from = seed.from.or(settings.from);
        settings.sentences_per_article = seed
            .sentences_per_article
            .or(settings.sentences_per_article);
        let conll = if seed.conll {
            SpanScheme::Flat
        } else {
            SpanScheme::Nested
        };
        settings.spans = Some(seed.spans.or(settings.spans).unwrap_or(conll));
        settings.labels =
            starting_labels(seed.labels.as_ref(), template.as_ref(), &seed.data_labels);
        let before = template.unwrap_or_else(|| LabelSet { labels: Vec::new() });
        let added = match seed.labels {
            Some(_) => Vec::new(),
            None => before.unknown(seed.data_labels.iter().map(String::as_str)),
        };
        if let Some(shipped) = &shipped {
            let from = shipped
                .parent()
                .unwrap_or(Path::new("."))
                .join(ANNOTATIONS_DIR);
            copy_missing_files(&from, &root.join(ANNOTATIONS_DIR))?;
        }
        atomic_write(&settings_path, settings_to_ron(&settings).as_bytes())?;
        let workspace = Workspace {
            root: root.to_path_buf(),
            settings,
        };
        Ok((workspace, added))
    }

    /// Opens an existing workspace; a broken `tanba.ron` is an error with file and line.
    pub fn open(root: &Path) -> Result<Workspace, StoreError> {
        let settings = read_settings(&root.join(SETTINGS_FILE))?;
        Ok(Workspace {
            root: root.to_path_buf(),
            settings,
        })
    }

    pub fn settings_path(&self) -> PathBuf {
        self.root.join(SETTINGS_FILE)
    }

    pub fn annotator_dir(&self, annotator: &str) -> PathBuf {
        self.root.join(ANNOTATIONS_DIR).join(escape_id(annotator))
    }

    pub fn doc_path(&self, annotator: &str, article_id: &str) -> PathBuf {
        self.annotator_dir(annotator)
            .join(doc_file_name(article_id))
    }

    /// Takes the annotator's session lock, then clears temp files a killed session left.
    pub fn lock(&self, annotator: &str) -> Result<SessionLock, StoreError> {
        let dir = self.annotator_dir(annotator);
        let lock = SessionLock::acquire(&dir.join(".lock"), annotator)?;
        clear_temp_files(&dir);
        Ok(lock)
    }

    /// Like `lock`, but first asks a session of this annotator left open on this host to
    /// save and exit, waiting up to `wait` for it.
    pub fn take_over(
        &self,
        annotator: &str,
        wait: std::time::Duration,
    ) -> Result<SessionLock, StoreError> {
        let dir = self.annotator_dir(annotator);
        let lock = SessionLock::take_over(&dir.join(".lock"), annotator, wait)?;
        clear_temp_files(&dir);
        Ok(lock)
    }

    /// Annotators with a folder in this workspace, sorted.
    pub fn annotators(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.root.join(ANNOTATIONS_DIR)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// Whether `annotator`'s folder holds a document (a `.ron` file, or the journal of
    /// one): opening tanba as someone makes their folder for its lock, so a person who
    /// only read has a folder too, and no document in it.
    pub fn has_documents(&self, annotator: &str) -> bool {
        let Ok(entries) = std::fs::read_dir(self.annotator_dir(annotator)) else {
            return false;
        };
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && (name.ends_with(".ron") || name.ends_with(".ron.journal"))
        })
    }

    /// Reads `annotator`'s document for `article`, re-anchoring spans if the text changed;
    /// a missing file gives a fresh document. A file that does not parse is an error and
    /// is never overwritten by this call.
    pub fn load_doc(&self, annotator: &str, article: &Article) -> Result<Loaded, StoreError> {
        self.load_doc_journaled(annotator, article, true)
    }

    /// `load_doc`, told whether a journal may be there (a folder listing says it is not:
    /// then no file is looked up for it).
    fn load_doc_journaled(
        &self,
        annotator: &str,
        article: &Article,
        maybe_journal: bool,
    ) -> Result<Loaded, StoreError> {
        let path = self.doc_path(annotator, &article.id);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    doc: fresh_doc(article, annotator),
                    from_disk: false,
                    reanchored: Reanchored::default(),
                    journal: None,
                });
            }
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let mut doc = parse_doc(&path, &text)?;
        let journal = match maybe_journal {
            true => super::replay_beside(&path, text.as_bytes(), &mut doc)?,
            false => None,
        };
        if doc.article != article.id {
            return Err(StoreError::Invalid {
                path,
                message: format!("holds article {:?}, expected {:?}", doc.article, article.id),
            });
        }
        doc.normalize();
        let reanchored = if spans_fit(&doc, &article.text) {
            Reanchored::default()
        } else {
            doc.text_hash.clear(); // force a full check of every span
            reanchor(&mut doc, &article.text)
        };
        Ok(Loaded {
            doc,
            from_disk: true,
            reanchored,
            journal,
        })
    }

    /// Writes `doc` atomically. Only its own annotator may write it.
    pub fn save_doc(&self, me: &str, doc: &DocAnnotations) -> Result<(), StoreError> {
        if doc.annotator != me {
            return Err(StoreError::NotYours {
                annotator: doc.annotator.clone(),
                me: me.to_string(),
            });
        }
        super::journal_file::write_whole(&self.doc_path(me, &doc.article), doc).map(|_| ())
    }

    /// Every annotator's documents for the articles of `corpus`, with the files that could
    /// not be read. Articles without a file are left out.
    pub fn load_all(&self, corpus: &Corpus) -> (BTreeMap<DocKey, DocAnnotations>, Vec<StoreError>) {
        self.load_annotators(corpus, &self.annotators())
    }

    /// `load_all` for the annotators named only.
    pub fn load_annotators(
        &self,
        corpus: &Corpus,
        annotators: &[String],
    ) -> (BTreeMap<DocKey, DocAnnotations>, Vec<StoreError>) {
        self.doc_files(annotators).load_all(&corpus.articles)
    }

    /// The files in each of `annotators`' folders, listed once: then each article's
    /// documents are found without a file looked up per article.
    pub fn doc_files<'w>(&'w self, annotators: &'w [String]) -> DocFiles<'w> {
        let folders = annotators
            .iter()
            .map(|who| {
                let names = std::fs::read_dir(self.annotator_dir(who))
                    .into_iter()
                    .flatten()
                    .filter_map(|e| Some(e.ok()?.file_name()))
                    .collect();
                (who.as_str(), names)
            })
            .collect();
        DocFiles {
            workspace: self,
            folders,
            moved: AtomicUsize::new(0),
        }
    }
}

/// The annotators' folders as listed by [`Workspace::doc_files`].
pub struct DocFiles<'w> {
    workspace: &'w Workspace,
    folders: Vec<(&'w str, HashSet<OsString>)>,
    /// Spans the documents read so far moved because their article's text changed.
    moved: AtomicUsize,
}

impl DocFiles<'_> {
    /// Where `annotator` comes among the folders listed (after them all if not listed).
    pub fn place(&self, annotator: &str) -> usize {
        let place = self.folders.iter().position(|(who, _)| *who == annotator);
        place.unwrap_or(self.folders.len())
    }

    /// Every listed annotator's document of each of `articles` that has a file, read in
    /// parallel: annotator by annotator, each in article order, with the files that could
    /// not be read in their place.
    pub fn load(&self, articles: &[Article]) -> Vec<(DocKey, Result<DocAnnotations, StoreError>)> {
        let workspace = self.workspace;
        self.folders
            .iter()
            .flat_map(|(who, names)| articles.iter().map(move |a| (*who, names, a)))
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter(|(_, names, a)| names.contains(OsStr::new(&doc_file_name(&a.id))))
            .map(|(who, names, a)| {
                let journal = format!("{}.journal", doc_file_name(&a.id));
                let maybe_journal = names.contains(OsStr::new(&journal));
                let loaded = workspace.load_doc_journaled(who, a, maybe_journal);
                if let Ok(l) = &loaded {
                    self.moved.fetch_add(l.reanchored.moved, Ordering::Relaxed);
                }
                (DocKey::new(who, &a.id), loaded.map(|l| l.doc))
            })
            .collect()
    }

    /// `load`, the documents by key and the files that could not be read apart.
    pub fn load_all(
        &self,
        articles: &[Article],
    ) -> (BTreeMap<DocKey, DocAnnotations>, Vec<StoreError>) {
        let mut docs = BTreeMap::new();
        let mut errors = Vec::new();
        for (key, result) in self.load(articles) {
            match result {
                Ok(doc) => {
                    docs.insert(key, doc);
                }
                Err(e) => errors.push(e),
            }
        }
        (docs, errors)
    }

    /// How many spans of the documents read so far were moved to where their text is
    /// now, their article having changed (the move is in each document's log).
    pub fn moved(&self) -> usize {
        self.moved.load(Ordering::Relaxed)
    }
}

impl DocKey {
    pub fn new(annotator: &str, article: &str) -> DocKey {
        DocKey {
            annotator: annotator.to_string(),
            article: article.to_string(),
        }
    }
}

/// The file name of an article's document in an annotator's folder.
fn doc_file_name(article_id: &str) -> String {
    format!("{}.ron", escape_id(article_id))
}

/// Temp files of atomic writes a killed session left behind.
fn clear_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tanba-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn spans_fit(doc: &DocAnnotations, text: &str) -> bool {
    if doc.text_hash != crate::text::text_hash(text) {
        return false;
    }
    let len = text.chars().count();
    doc.spans.iter().all(|s| s.start < s.end && s.end <= len)
}

fn copy_missing_files(from: &Path, to: &Path) -> Result<(), StoreError> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            copy_missing_files(&src, &dst)?;
        } else if src.extension().is_some_and(|e| e == "ron") && !dst.exists() {
            let bytes = std::fs::read(&src).map_err(|e| StoreError::io(&src, e))?;
            atomic_write(&dst, &bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "workspace_tests.rs"]
mod tests;
