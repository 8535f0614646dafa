//! What `tanba search` shows of a hit without loading the corpus: each indexed article's
//! id and title, and where it starts in its source (file, line and, in JSON lines, the
//! byte offset), so the few articles shown are read again from there.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::index::Arena;
use super::sections::{SectionWriter, Sections, Stale};
use crate::corpus::{Article, LoadOptions, Problem, Reader, reread};

/// Marks an article whose start is found by reading its whole file again.
const NO_OFFSET: u64 = u64::MAX;

#[derive(Debug, Default)]
pub struct Catalog {
    ids: Arena,
    titles: Arena,
    files: Vec<u32>,
    lines: Vec<u64>,
    offsets: Vec<u64>,
    sources: Vec<PathBuf>,
    options: LoadOptions,
}

impl Catalog {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.len() == 0
    }

    pub fn id(&self, article: usize) -> &str {
        self.ids.get(article)
    }

    pub fn title(&self, article: usize) -> &str {
        self.titles.get(article)
    }

    /// Article `i` as the corpus loader would give it, read again from its source.
    pub fn article(&self, i: usize) -> Result<Article, Problem> {
        let file = self
            .sources
            .get(self.files[i] as usize)
            .ok_or_else(|| Problem::new("index", None, "the index names no such source"))?;
        let offset = Some(self.offsets[i]).filter(|&o| o != NO_OFFSET);
        let mut article = reread(file, self.lines[i] as usize, offset, self.options)?;
        // ids may come from the folder the corpus was opened at, which one file lacks
        article.id = self.id(i).to_string();
        Ok(article)
    }

    /// The catalog of `articles`, read from `sources` (named by their canonical paths).
    pub(super) fn of(articles: &[Article], sources: &[&Path], from: Option<Reader>) -> Catalog {
        let mut builder = CatalogBuilder::new(
            sources,
            LoadOptions {
                from,
                ..LoadOptions::default()
            },
        );
        builder.add(articles);
        builder.catalog
    }

    pub(super) fn write(&self, w: &mut SectionWriter<'_>) -> std::io::Result<()> {
        w.arena(&self.ids)?;
        w.arena(&self.titles)?;
        w.u32s(&self.files)?;
        w.u64s(&self.lines)?;
        w.u64s(&self.offsets)
    }

    pub(super) fn read<R: Read>(
        r: &mut Sections<R>,
        sources: Vec<PathBuf>,
        articles: usize,
        options: LoadOptions,
    ) -> Result<Catalog, Stale> {
        let catalog = Catalog {
            ids: r.arena()?,
            titles: r.arena()?,
            files: r.u32s()?,
            lines: r.u64s()?,
            offsets: r.u64s()?,
            sources,
            options,
        };
        let n = articles;
        if [
            catalog.ids.len(),
            catalog.titles.len(),
            catalog.files.len(),
            catalog.lines.len(),
            catalog.offsets.len(),
        ] != [n; 5]
        {
            return Err(Stale::Unreadable("the article list is damaged".into()));
        }
        Ok(catalog)
    }
}

/// A catalog built a part of the corpus at a time, in corpus order (`Catalog::of` in
/// one go).
pub(super) struct CatalogBuilder {
    catalog: Catalog,
    /// Each source's number, by its canonical path.
    file_of: HashMap<PathBuf, u32>,
    /// The source number of each path articles name (as given, not canonical).
    canonical: HashMap<PathBuf, u32>,
    /// Each JSON lines source's line starts, read when an article that does not say
    /// where its line starts first names it (the JSON lines reader says so).
    starts: HashMap<u32, Vec<u64>>,
}

impl CatalogBuilder {
    /// A builder for the corpus read from `sources` (canonical paths) with `options`.
    pub fn new(sources: &[&Path], options: LoadOptions) -> CatalogBuilder {
        let file_of = sources
            .iter()
            .enumerate()
            .map(|(i, p)| (p.to_path_buf(), i as u32))
            .collect();
        let catalog = Catalog {
            sources: sources.iter().map(|p| p.to_path_buf()).collect(),
            options,
            ..Catalog::default()
        };
        CatalogBuilder {
            catalog,
            file_of,
            canonical: HashMap::new(),
            starts: HashMap::new(),
        }
    }

    /// Adds the next `articles`.
    pub fn add(&mut self, articles: &[Article]) {
        let from = self.catalog.options.from;
        for a in articles {
            let catalog = &mut self.catalog;
            catalog.ids.push(&a.id);
            catalog.titles.push(&a.title);
            let file = self.file(&a.source.file);
            self.catalog.files.push(file);
            self.catalog.lines.push(a.source.line as u64);
            // a forced reader may read a .jsonl file as something else: no offsets then
            let jsonl = is_jsonl(&a.source.file) && matches!(from, None | Some(Reader::Jsonl));
            let offset = match self.starts.entry(file) {
                _ if !jsonl || file == u32::MAX => None,
                // the reader said where the line starts: no second reading of the file
                _ if a.source.offset.is_some() => a.source.offset,
                std::collections::hash_map::Entry::Occupied(e) => {
                    e.get().get(a.source.line.wrapping_sub(1)).copied()
                }
                std::collections::hash_map::Entry::Vacant(e) => e
                    .insert(line_starts(&a.source.file))
                    .get(a.source.line.wrapping_sub(1))
                    .copied(),
            };
            self.catalog.offsets.push(offset.unwrap_or(NO_OFFSET));
        }
    }

    /// The number of the source at `given` (as an article names it), `u32::MAX` if none.
    fn file(&mut self, given: &Path) -> u32 {
        if let Some(&file) = self.canonical.get(given) {
            return file;
        }
        let path = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
        let file = self.file_of.get(&path).copied().unwrap_or(u32::MAX);
        self.canonical.insert(given.to_path_buf(), file);
        file
    }

    /// The catalog, which reads its articles again from the sources.
    pub fn finish(self) -> Catalog {
        self.catalog
    }
}

fn is_jsonl(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// The byte offset of each line of `file` (read in pieces; empty when it cannot be read).
fn line_starts(file: &Path) -> Vec<u64> {
    let Ok(mut f) = std::fs::File::open(file) else {
        return Vec::new();
    };
    let mut starts = vec![0];
    let mut buf = vec![0u8; 1 << 20];
    let mut at = 0u64;
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => return starts,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Vec::new(),
        };
        starts.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| at + i as u64 + 1));
        at += n as u64;
    }
}
