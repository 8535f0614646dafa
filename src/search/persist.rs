//! The index on disk (`<workspace>/index/`), so that neither `tanba search` nor the
//! annotator rebuilds it on every start. A file is trusted only when its header names
//! exactly the sources as they are now (path, size, mtime, a hash of the head of each) and
//! every section's checksum holds; anything else is a `Stale` reason, and the caller
//! rebuilds and says so. Written atomically, so a reader sees the old file or the new one.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::build::{CHUNK, IndexBuilder};
use super::catalog::{Catalog, CatalogBuilder};
use super::index::{Arena, Index, Postings, Vocab, WordParts};
use super::sections::{Checksum, SectionWriter, Sections, Stale};
use crate::corpus::{Article, Detail, FirstRead, LoadOptions, Part, Problem, read_parts};
use crate::store::{StoreError, atomic_write_cache};

const MAGIC: &[u8; 8] = b"TANBAIX1";
/// Raised whenever the layout or the folding changes, so old files are rebuilt.
const VERSION: u32 = 3;
/// Bytes at the head of each source that are hashed (an edit in place keeps size and,
/// on coarse clocks, mtime; it rarely keeps the head too).
const HEAD_BYTES: usize = 64 << 10;

/// Where one corpus' index lives, and what it must be built from.
#[derive(Debug, Clone)]
pub struct IndexStore {
    path: PathBuf,
    roots: Vec<PathBuf>,
    options: LoadOptions,
}

/// What each source file was when an index was built from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    sources: Vec<SourceStamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SourceStamp {
    path: PathBuf,
    size: u64,
    mtime_ns: u128,
    head: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    version: u32,
    stamp: Stamp,
    articles: usize,
    fingerprint: u64,
}

/// An index read back, with the catalog of its articles when asked for.
pub struct Loaded {
    pub index: Index,
    pub catalog: Option<Catalog>,
}

/// A short hash of the articles' ids and text lengths: an index is only used with the
/// very articles it was built from.
pub fn fingerprint(articles: &[Article]) -> u64 {
    let mut print = Fingerprint::default();
    print.add(articles);
    print.finish()
}

/// `fingerprint`, a part of the articles at a time.
#[derive(Default)]
struct Fingerprint {
    sum: Checksum,
    articles: usize,
}

impl Fingerprint {
    fn add(&mut self, articles: &[Article]) {
        for a in articles {
            self.sum.update(a.id.as_bytes());
            self.sum.update(&(a.text.len() as u64).to_le_bytes());
        }
        self.articles += articles.len();
    }

    fn finish(&self) -> u64 {
        self.sum.finish() ^ self.articles as u64
    }
}

/// An index built as the corpus was read (`IndexStore::build_as_read`).
pub struct Streamed {
    pub index: Index,
    pub catalog: Catalog,
    /// How many problems reading the corpus found (duplicate ids included); the corpus
    /// is read for its text (`Detail::Text`), so a bad pre-annotation is `validate`'s to say.
    pub problems: usize,
    pub saved: Result<(), StoreError>,
}

impl IndexStore {
    /// The index of the corpus read from `roots` with `options` (as `corpus::load_with`
    /// reads it), in `dir`.
    pub fn new(dir: &Path, roots: &[PathBuf], options: LoadOptions) -> IndexStore {
        let mut hash = Sha256::new();
        // read another way, the same files give other articles: another index
        hash.update(format!("{options:?}").as_bytes());
        for root in roots {
            let path = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
            hash.update(path.to_string_lossy().as_bytes());
            hash.update([0]);
        }
        let name = format!("{}.idx", &hex(&hash.finalize())[..16]);
        IndexStore {
            path: dir.join(name),
            roots: roots.to_vec(),
            options,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sources as they are now. Take it before loading the corpus, so that a source
    /// edited meanwhile makes the saved index stale rather than wrong.
    pub fn stamp(&self) -> Stamp {
        let sources = crate::corpus::source_files(&self.roots, self.options.from)
            .into_iter()
            // canonical, so `tanba search` and the annotator (which may name the corpus
            // by another path) agree on one index
            .map(|path| std::fs::canonicalize(&path).unwrap_or(path))
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                let mtime_ns = meta
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                SourceStamp {
                    size: meta.map_or(0, |m| m.len()),
                    mtime_ns,
                    head: head_hash(&path),
                    path,
                }
            })
            .collect();
        Stamp { sources }
    }

    /// The index, if the file matches `stamp` and reads back whole. `fingerprint` (of the
    /// loaded articles) is checked when given; the catalog is read when asked for.
    pub fn load(
        &self,
        stamp: &Stamp,
        fingerprint: Option<u64>,
        with_catalog: bool,
    ) -> Result<Loaded, Stale> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Stale::Missing),
            Err(e) => return Err(Stale::Unreadable(e.to_string())),
        };
        let size = file.metadata().map_or(0, |m| m.len());
        let mut r = Sections::new(BufReader::with_capacity(1 << 20, file), size);
        let mut magic = [0u8; 8];
        r.exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(Stale::Unreadable("not a tanba index".into()));
        }
        let header: Header = serde_json::from_slice(&r.section()?)
            .map_err(|e| Stale::Unreadable(format!("header: {e}")))?;
        if header.version != VERSION {
            return Err(Stale::Unreadable(format!(
                "version {} (this tanba writes {VERSION})",
                header.version
            )));
        }
        compare(&header.stamp, stamp)?;
        if fingerprint.is_some_and(|f| f != header.fingerprint) {
            return Err(Stale::Changed("the corpus".into()));
        }
        let index = read_index(&mut r, header.articles)?;
        let catalog = if with_catalog {
            let files = header.stamp.sources.into_iter().map(|s| s.path).collect();
            Some(Catalog::read(&mut r, files, header.articles, self.options)?)
        } else {
            None
        };
        Ok(Loaded { index, catalog })
    }

    /// The index of `articles` (whose sources were `stamp` before they were loaded): read
    /// back when fresh, else built and saved. The note, when there is one, says that it was
    /// rebuilt and why (and whether saving failed), for stderr or the status line.
    pub fn load_or_build(&self, articles: &[Article], stamp: &Stamp) -> (Index, Option<String>) {
        let stale = match self.load(stamp, Some(fingerprint(articles)), false) {
            Ok(loaded) => return (loaded.index, None),
            Err(stale) => stale,
        };
        let (index, saved) = self.build_and_save(articles, stamp);
        // the first build is no repair: "built" with no reason ("no index yet" beside
        // "built" reads as a contradiction), "rebuilt (why)" for a stale index
        let what = match &stale {
            Stale::Missing => "search index built for this corpus".to_string(),
            stale => format!("search index rebuilt ({stale})"),
        };
        let note = match saved {
            Ok(()) => what,
            Err(e) => format!("{what} but not saved: {e}"),
        };
        (index, Some(note))
    }

    /// Builds the index of `articles` and saves it; the index is good even if saving fails.
    pub fn build_and_save(
        &self,
        articles: &[Article],
        stamp: &Stamp,
    ) -> (Index, Result<(), StoreError>) {
        let files = source_paths(stamp);
        // the catalog reads the sources again for line offsets: beside the build
        let (index, catalog) = rayon::join(
            || Index::build(articles),
            || Catalog::of(articles, &files, self.options.from),
        );
        let saved = self.write(
            &index,
            &catalog,
            articles.len(),
            fingerprint(articles),
            stamp,
        );
        (index, saved)
    }

    /// Builds the index of the corpus as it is read, a part at a time, and saves it: the
    /// corpus is never held whole (`build_and_save` builds it from the articles loaded).
    /// The catalog comes with it, to read the articles shown.
    pub fn build_as_read(&self, stamp: &Stamp) -> Streamed {
        self.build_as_read_then(stamp, |_, _| ()).0
    }

    /// `build_as_read`, and `then` given the index and its catalog as soon as they are
    /// whole, while the index file is still being written (a first search answers meanwhile).
    pub fn build_as_read_then<R>(
        &self,
        stamp: &Stamp,
        then: impl FnOnce(&Index, &Catalog) -> R,
    ) -> (Streamed, R) {
        let files = source_paths(stamp);
        let mut state = AsRead {
            index: IndexBuilder::new(false),
            catalog: CatalogBuilder::new(&files, self.options),
            print: Fingerprint::default(),
            first: FirstRead::default(),
            duplicates: Vec::new(),
            problems: 0,
        };
        // a batch keeps every core busy: a JSON lines part holds only ~1,000 articles
        let batch_size = CHUNK * rayon::current_num_threads().max(1) * 4;
        std::thread::scope(|scope| {
            let (to_builder, parts) = std::sync::mpsc::sync_channel::<Part>(1);
            scope.spawn(move || {
                let mut send = |part| drop(to_builder.send(part));
                // the index and its catalog need no pre-annotations or meta
                read_parts(&self.roots, self.options, Detail::Text, &mut send);
            });
            let mut batch = Vec::new();
            for (mut articles, problems) in parts {
                state.problems += problems.len();
                state.first.keep_first(&mut articles, &mut state.duplicates);
                batch.append(&mut articles);
                if batch.len() >= batch_size {
                    state.add(&batch);
                    batch.clear();
                }
            }
            state.add(&batch);
        });
        let (index, catalog) = (state.index.finish(), state.catalog.finish());
        let print = state.print.finish();
        let (saved, answer) =
            self.write_meanwhile(&index, &catalog, print, stamp, || then(&index, &catalog));
        // the build's freed memory is given back meanwhile: nothing waits for it
        rayon::spawn(crate::corpus::release_freed_memory);
        let streamed = Streamed {
            index,
            catalog,
            problems: state.problems + state.duplicates.len(),
            saved,
        };
        (streamed, answer)
    }

    /// Writes `index` (built from `articles`, whose sources were `stamp`) atomically.
    pub fn save(
        &self,
        index: &Index,
        articles: &[Article],
        stamp: &Stamp,
    ) -> Result<(), StoreError> {
        let catalog = Catalog::of(articles, &source_paths(stamp), self.options.from);
        self.write(
            index,
            &catalog,
            articles.len(),
            fingerprint(articles),
            stamp,
        )
    }

    fn write(
        &self,
        index: &Index,
        catalog: &Catalog,
        articles: usize,
        fingerprint: u64,
        stamp: &Stamp,
    ) -> Result<(), StoreError> {
        let header = self.header(stamp, articles, fingerprint)?;
        // streamed: a copy of a file this size would double the memory the index takes
        atomic_write_cache(&self.path, |out| {
            let mut w = SectionWriter { out };
            w.out.write_all(MAGIC)?;
            w.section(&header)?;
            write_words(&mut w, index.words.parts())?;
            write_titles(&mut w, &index.title_offsets, &index.title_words)?;
            catalog.write(&mut w)
        })
    }

    /// Writes `index` (as `write` does) on a thread of its own while `then` runs: a first
    /// search answers as the file is written.
    fn write_meanwhile<R>(
        &self,
        index: &Index,
        catalog: &Catalog,
        fingerprint: u64,
        stamp: &Stamp,
        then: impl FnOnce() -> R,
    ) -> (Result<(), StoreError>, R) {
        let articles = index.articles();
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| self.write(index, catalog, articles, fingerprint, stamp));
            let answer = then();
            let saved = writer.join().unwrap_or_else(|_| {
                let panicked = std::io::Error::other("the thread writing it panicked");
                Err(StoreError::io(&self.path, panicked))
            });
            (saved, answer)
        })
    }

    fn header(
        &self,
        stamp: &Stamp,
        articles: usize,
        fingerprint: u64,
    ) -> Result<Vec<u8>, StoreError> {
        let header = Header {
            version: VERSION,
            stamp: stamp.clone(),
            articles,
            fingerprint,
        };
        serde_json::to_vec(&header)
            .map_err(|e| StoreError::io(&self.path, std::io::Error::other(e.to_string())))
    }
}

/// What `build_as_read` keeps between batches of articles.
struct AsRead {
    index: IndexBuilder,
    catalog: CatalogBuilder,
    print: Fingerprint,
    first: FirstRead,
    duplicates: Vec<Problem>,
    problems: usize,
}

impl AsRead {
    fn add(&mut self, articles: &[Article]) {
        let (index, catalog, print) = (&mut self.index, &mut self.catalog, &mut self.print);
        rayon::join(
            || index.add(articles),
            || {
                catalog.add(articles);
                print.add(articles);
            },
        );
    }
}

fn source_paths(stamp: &Stamp) -> Vec<&Path> {
    stamp.sources.iter().map(|s| s.path.as_path()).collect()
}

/// Which source differs between the stamp an index was built from and the sources now.
fn compare(built: &Stamp, now: &Stamp) -> Result<(), Stale> {
    for s in &now.sources {
        match built.sources.iter().find(|b| b.path == s.path) {
            None => return Err(Stale::Changed(format!("{} (new)", s.path.display()))),
            Some(b) if b != s => return Err(Stale::Changed(s.path.display().to_string())),
            Some(_) => {}
        }
    }
    match built
        .sources
        .iter()
        .find(|b| !now.sources.iter().any(|s| s.path == b.path))
    {
        Some(gone) => Err(Stale::Changed(format!("{} (gone)", gone.path.display()))),
        None => Ok(()),
    }
}

fn head_hash(path: &Path) -> String {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let read = File::open(path).and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head));
    match read {
        Ok(_) => hex(&Sha256::digest(&head)),
        Err(e) => format!("unreadable: {}", e.kind()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The vocabulary and postings sections of the index `parts` make laid end to end.
fn write_words(w: &mut SectionWriter<'_>, parts: &[(Vocab, Postings)]) -> std::io::Result<()> {
    let arenas = |f: fn(&Vocab) -> &Arena| parts.iter().map(|(v, _)| f(v)).collect::<Vec<_>>();
    w.arenas(&arenas(|v| &v.folds))?;
    w.arenas(&arenas(|v| &v.skeletons))?;
    let masks = |f: fn(&Vocab) -> &[u32]| parts.iter().map(|(v, _)| (f(v), 0)).collect::<Vec<_>>();
    w.shifted_u32s(&masks(|v| &v.fold_masks))?;
    w.shifted_u32s(&masks(|v| &v.skeleton_masks))?;
    let bytes: Vec<&[u8]> = parts.iter().map(|(_, p)| p.bytes.as_slice()).collect();
    w.pieces(&bytes)?;
    let mut base = 0;
    let ends: Vec<(&[u32], u32)> = parts
        .iter()
        .map(|(_, p)| {
            let piece = (p.ends.as_slice(), base);
            base += p.bytes.len() as u32;
            piece
        })
        .collect();
    w.shifted_u32s(&ends)
}

fn write_titles(w: &mut SectionWriter<'_>, offsets: &[u32], words: &[u32]) -> std::io::Result<()> {
    w.u32s(offsets)?;
    w.u32s(words)
}

fn read_index<R: Read>(r: &mut Sections<R>, articles: usize) -> Result<Index, Stale> {
    let vocab = Vocab {
        folds: r.arena()?,
        skeletons: r.arena()?,
        fold_masks: r.u32s()?,
        skeleton_masks: r.u32s()?,
    };
    let postings = Postings {
        bytes: r.section()?,
        ends: r.u32s()?,
    };
    let (title_offsets, title_words) = (r.u32s()?, r.u32s()?);
    let words = vocab.folds.len();
    let titles_ok = title_offsets.len() == articles + 1
        && title_offsets.windows(2).all(|w| w[0] <= w[1])
        && title_offsets.last().map(|&e| e as usize) == Some(title_words.len())
        && title_words.iter().all(|&w| (w as usize) < words);
    if !vocab.is_consistent() || !postings.is_consistent() || postings.len() != words || !titles_ok
    {
        return Err(Stale::Unreadable("its parts do not agree".into()));
    }
    Ok(Index {
        words: WordParts::new(vec![(vocab, postings)]),
        title_offsets,
        title_words,
        articles,
        titles_only: false,
        ..Index::default()
    })
}

#[cfg(test)]
#[path = "persist_tests.rs"]
mod tests;
