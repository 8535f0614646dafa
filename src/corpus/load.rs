use rayon::prelude::*;
use std::io::{BufRead, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::common::{NormalisedText, decode};
use super::conll::Sniff;
use super::{Article, Corpus, Detail, Problem, SourceRef, brat, conll, conllu, jsonl};
use crate::layout::{ANNOTATIONS_DIR, SETTINGS_FILE};
use serde::{Deserialize, Serialize};

/// The extensions tanba reads, for the message about a file it cannot.
const KNOWN: &str = ".txt, .md, .jsonl, .ndjson, .conll, .iob, .bio, .conllu, and brat (.txt with \
                     .ann beside it)";

/// A reader chosen by the user (`--from`), for every file whatever its name or content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reader {
    Conll,
    Conllu,
    Text,
    Jsonl,
    Brat,
}

/// How a corpus is read: a forced reader, and how long CoNLL files are cut into articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    pub from: Option<Reader>,
    /// A CoNLL file without `-DOCSTART-` becomes articles of this many sentences.
    pub sentences_per_article: Option<usize>,
}

/// How one file is read, decided by its extension (and, for brat, by its neighbour), or
/// by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    /// A `.txt` with a `.ann` beside it.
    Brat,
    Jsonl,
    /// CoNLL-U if the content is, else CoNLL (`.conll`, `.iob`, `.bio`).
    Conll,
    /// CoNLL as it is, whatever the content (`--from conll`).
    ConllAsIs,
    ConllU,
    /// CoNLL-U or CoNLL if the content is, else text (`.txt`, `.md`).
    ConllOrText,
    /// CoNLL-U or CoNLL if the content is, else not read (another extension).
    ConllOrNothing,
}

impl From<Reader> for Format {
    fn from(reader: Reader) -> Format {
        match reader {
            Reader::Conll => Format::ConllAsIs,
            Reader::Conllu => Format::ConllU,
            Reader::Text => Format::Text,
            Reader::Jsonl => Format::Jsonl,
            Reader::Brat => Format::Brat,
        }
    }
}

/// One file to read: the folder ids are relative to, the file, its format.
struct Job {
    base: PathBuf,
    file: PathBuf,
    format: Format,
}

/// Reads every path (files, or folders recursively) into one corpus. Problems are
/// collected, never fatal: the rest still loads. Articles come in path order (see
/// [`read_parts`] for how the work is shared out); of two with one id the first is kept.
pub fn load(paths: &[PathBuf]) -> Corpus {
    load_with(paths, LoadOptions::default())
}

/// `load`, with a forced reader or CoNLL files cut into articles.
pub fn load_with(paths: &[PathBuf], options: LoadOptions) -> Corpus {
    let mut corpus = Corpus::default();
    let (mut first, mut repeated) = (FirstRead::default(), Vec::new());
    read_parts(paths, options, Detail::Full, &mut |(
        mut articles,
        mut problems,
    )| {
        corpus.problems.append(&mut problems);
        first.keep_first(&mut articles, &mut repeated);
        match corpus.articles.is_empty() {
            true => corpus.articles = articles,
            false => corpus.articles.extend(articles),
        }
    });
    corpus.articles.shrink_to_fit();
    corpus.problems.append(&mut repeated);
    release_freed_memory();
    corpus
}

/// Articles read, in the order `load_with` holds them, with the problems found reading
/// them; duplicates not yet taken out (see [`FirstRead`]).
pub type Part = (Vec<Article>, Vec<Problem>);

/// What `load_with` reads, handed to `sink` a part at a time and in order: problems with
/// the paths first, then each JSON lines file chunk by chunk as it is parsed, and other
/// files in runs read in parallel. An export writes one part while the next is read.
pub fn read_parts(
    paths: &[PathBuf],
    options: LoadOptions,
    detail: Detail,
    sink: &mut dyn FnMut(Part),
) {
    let mut problems = Vec::new();
    let jobs = jobs(paths, options.from, &mut problems);
    if !problems.is_empty() {
        sink((Vec::new(), problems));
    }
    let mut rest = jobs.as_slice();
    while let Some(job) = rest.first() {
        if job.format == Format::Jsonl {
            let rel = relative_id(&job.base, &job.file);
            jsonl::read_chunks(&job.file, &rel, detail, sink);
            rest = &rest[1..];
            continue;
        }
        let run = rest
            .iter()
            .take(RUN)
            .take_while(|j| j.format != Format::Jsonl)
            .count();
        let read: Vec<Part> = rest[..run]
            .par_iter()
            .map(|job| read_job(job, options))
            .collect();
        read.into_iter().for_each(&mut *sink);
        rest = &rest[run..];
    }
}

/// Every label the pre-annotations of `articles` use, sorted, once each: a set per chunk
/// of articles on every core, as a million spans name a handful of labels.
pub fn imported_labels(articles: &[Article]) -> Vec<String> {
    type Labels<'a> = std::collections::HashSet<&'a str, foldhash::fast::FixedState>;
    let names = articles
        .par_chunks(4096)
        .map(|articles| {
            let spans = articles.iter().flat_map(|a| &a.imported);
            spans.map(|s| s.label.as_str()).collect::<Labels>()
        })
        .reduce(Labels::default, |mut a, b| {
            a.extend(b);
            a
        });
    let mut names: Vec<String> = names.into_iter().map(str::to_string).collect();
    names.sort_unstable();
    names
}

/// Files other than JSON lines read in parallel at a time: enough for every core, few
/// enough that a folder of 100,000 small files is handed on as it is read.
const RUN: usize = 1024;

/// The articles of a reading already seen, by id: of two with one id the first is kept,
/// as `load_with` keeps it. Ids are kept end to end in one string, not one allocation
/// each: reading 100,000s of articles part by part checks them as it goes.
#[derive(Default)]
pub struct FirstRead {
    /// Indexes into `seen`, by the hash of the id.
    table: hashbrown::HashTable<usize>,
    seen: Vec<Seen>,
    ids: String,
    /// The files read from, once each.
    files: Vec<PathBuf>,
}

/// Where an id seen first came from: its text in `FirstRead::ids`, its file and line.
struct Seen {
    hash: u64,
    id: std::ops::Range<usize>,
    file: usize,
    line: usize,
}

impl FirstRead {
    /// Takes out of `articles` those whose id came before, with a problem for each.
    pub fn keep_first(&mut self, articles: &mut Vec<Article>, problems: &mut Vec<Problem>) {
        use std::hash::BuildHasher;
        let hasher = foldhash::fast::FixedState::default();
        articles.retain(|article| {
            let id = article.id.as_str();
            let hash = hasher.hash_one(id);
            let (seen, ids) = (&self.seen, &self.ids);
            if let Some(&first) = self.table.find(hash, |&i| ids[seen[i].id.clone()] == *id) {
                let first = &self.seen[first];
                let first = SourceRef::new(&self.files[first.file], first.line);
                problems.push(duplicate(article, &first));
                return false;
            }
            let file = &article.source.file;
            if self.files.last().map(|f| f.as_os_str()) != Some(file.as_os_str()) {
                self.files.push(file.clone());
            }
            self.ids.push_str(id);
            self.seen.push(Seen {
                hash,
                id: self.ids.len() - id.len()..self.ids.len(),
                file: self.files.len() - 1,
                line: article.source.line,
            });
            let seen = &self.seen;
            self.table
                .insert_unique(hash, seen.len() - 1, |&i| seen[i].hash);
            true
        });
    }
}

fn duplicate(article: &Article, first: &SourceRef) -> Problem {
    Problem::new(
        &article.source.file,
        Some(article.source.line),
        format!(
            "duplicate article id {:?}: already read from {}:{}; this one is skipped",
            article.id,
            first.file.display(),
            first.line
        ),
    )
}

/// Hands the memory parsing freed (in every reader thread's malloc arena) back to the
/// system: otherwise it stays counted against the process for as long as it runs.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; it takes no pointer of ours.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The files `load_with` reads for `paths`, in the order it reads them.
pub fn source_files(paths: &[PathBuf], from: Option<Reader>) -> Vec<PathBuf> {
    jobs(paths, from, &mut Vec::new())
        .into_iter()
        .map(|j| j.file)
        .collect()
}

/// Reads again the one article that starts at `line` of `file`: from `offset` when the
/// file is JSON lines and the offset is known, else by reading the whole file as `load_with`
/// would (with `options`).
pub fn reread(
    file: &Path,
    line: usize,
    offset: Option<u64>,
    options: LoadOptions,
) -> Result<Article, Problem> {
    let io = |e: std::io::Error| Problem::new(file, Some(line), e.to_string());
    if let Some(offset) = offset {
        let mut reader = std::io::BufReader::new(std::fs::File::open(file).map_err(io)?);
        reader.seek(SeekFrom::Start(offset)).map_err(io)?;
        let mut bytes = Vec::new();
        reader.read_until(b'\n', &mut bytes).map_err(io)?;
        return jsonl::parse_one(file, line, &bytes);
    }
    let format = match options.from {
        Some(reader) => reader.into(),
        None => format_of(file).unwrap_or(Format::ConllOrNothing),
    };
    let job = Job {
        base: file.parent().unwrap_or(Path::new("")).to_path_buf(),
        file: file.to_path_buf(),
        format,
    };
    let (articles, _) = read_job(&job, options);
    articles
        .into_iter()
        .find(|a| a.source.line == line)
        .ok_or_else(|| Problem::new(file, Some(line), "the article is no longer there"))
}

/// What to read for `paths`: files, and the files under folders.
fn jobs(paths: &[PathBuf], from: Option<Reader>, problems: &mut Vec<Problem>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for root in paths {
        if root.is_dir() {
            walk(root, from, &mut jobs, problems);
        } else if root.is_file() {
            let base = root.parent().unwrap_or(Path::new("")).to_path_buf();
            let format = match from {
                Some(reader) => Some(reader.into()),
                None => format_of(root),
            };
            match format {
                Some(format) => jobs.push(Job {
                    base,
                    file: root.clone(),
                    format,
                }),
                None if has_extension(root, "ann") => problems.push(Problem::new(
                    root,
                    None,
                    "a brat .ann file is read with the .txt beside it: open the .txt or its folder",
                )),
                None => jobs.push(Job {
                    base,
                    file: root.clone(),
                    format: Format::ConllOrNothing,
                }),
            }
        } else {
            problems.push(Problem::new(root, None, "no such file or folder"));
        }
    }
    jobs
}

fn walk(root: &Path, from: Option<Reader>, jobs: &mut Vec<Job>, problems: &mut Vec<Problem>) {
    // links are followed (corpora on shared servers often are); loops are reported
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e.path()));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push(Problem::new(path, None, err.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(format) = format_of(entry.path()) {
            let format = from.map_or(format, Format::from);
            jobs.push(Job {
                base: root.to_path_buf(),
                file: entry.into_path(),
                format,
            });
        }
    }
}

/// Hidden files and folders, and a workspace template shipped inside a corpus folder
/// (`tanba.ron` and the `annotations/` beside it), are not articles.
fn skipped(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name == SETTINGS_FILE
        || (name == ANNOTATIONS_DIR
            && path
                .parent()
                .is_some_and(|p| p.join(SETTINGS_FILE).is_file()))
}

fn format_of(file: &Path) -> Option<Format> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" if file.with_extension("ann").is_file() => Some(Format::Brat),
        "txt" | "md" => Some(Format::ConllOrText),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "conll" | "iob" | "bio" => Some(Format::Conll),
        "conllu" => Some(Format::ConllU),
        _ => None,
    }
}

fn has_extension(file: &Path, wanted: &str) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(wanted))
}

/// The id part that comes from the file: its path under the opened folder, without
/// extension, with `/` between folders on every platform.
fn relative_id(base: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The list of files tanba's brat export keeps in its folder (`export::brat_folder`): its
/// file names are article ids escaped as the workspace escapes them.
pub const TANBA_BRAT: &str = ".tanba-brat";

/// The article id a file name of tanba's brat export stands for: `%XX` escapes undone in
/// each part (`IOB2_valid%231` is `IOB2_valid#1`, `%` the empty id); a name shortened
/// with a hash (`~`) cannot be undone and stays as it is.
fn unescaped_id(rel: &str) -> String {
    let part = |name: &str| -> String {
        if name == "%" {
            return String::new();
        }
        if name.contains('~') {
            return name.to_string();
        }
        crate::text::percent_decoded(name)
    };
    rel.split('/').map(part).collect::<Vec<_>>().join("/")
}

fn read_job(job: &Job, options: LoadOptions) -> (Vec<Article>, Vec<Problem>) {
    let file = job.file.as_path();
    let rel = relative_id(&job.base, file);
    let read_text = || {
        let bytes = std::fs::read(file).map_err(|e| Problem::new(file, None, e.to_string()))?;
        decode(file, bytes)
    };
    if job.format == Format::Jsonl {
        return jsonl::read(file, &rel);
    }
    let raw = match read_text() {
        Ok(raw) => raw,
        // a file named with an unknown extension that is not even text: say what tanba reads
        Err(_) if job.format == Format::ConllOrNothing => return (Vec::new(), vec![unknown(file)]),
        Err(problem) => return (Vec::new(), vec![problem]),
    };
    let mut problems = Vec::new();
    let format = match job.format {
        Format::ConllOrText | Format::ConllOrNothing | Format::Conll => {
            match by_content(file, &raw, job.format, &mut problems) {
                Some(format) => format,
                None => return (Vec::new(), problems),
            }
        }
        format => format,
    };
    let (articles, mut more) = match format {
        Format::Conll | Format::ConllAsIs => {
            conll::parse(file, &rel, raw, options.sentences_per_article)
        }
        Format::ConllU => conllu::parse(file, &rel, raw, options.sentences_per_article),
        Format::Brat => {
            let rel = match job.base.join(TANBA_BRAT).is_file() {
                true => unescaped_id(&rel),
                false => rel,
            };
            let ann = file.with_extension("ann");
            let text = NormalisedText::new(raw.clone());
            let (imported, (relations, links), problems) = brat::annotations(&ann, &text, &raw);
            let mut article = text_article(file, rel, text.into_text());
            article.imported = imported;
            article.relations = relations;
            article.links = links;
            (vec![article], problems)
        }
        _ => (vec![text_article(file, rel, raw)], Vec::new()),
    };
    problems.append(&mut more);
    (articles, problems)
}

fn unknown(file: &Path) -> Problem {
    Problem::new(
        file,
        None,
        format!("unknown kind of file; tanba reads {KNOWN}, and CoNLL by content"),
    )
}

/// A `.txt` or explicitly named file is CoNLL-U or CoNLL when its content is, a `.conll`
/// file CoNLL-U when its content is; an ambiguous one is read as its extension says (or
/// not at all) and reported.
fn by_content(
    file: &Path,
    raw: &str,
    format: Format,
    problems: &mut Vec<Problem>,
) -> Option<Format> {
    let fallback = match format {
        Format::ConllOrText => Some(Format::Text),
        _ => None,
    };
    let read_as = if fallback.is_some() {
        "read as plain text"
    } else {
        "not read"
    };
    match conllu::sniff(raw) {
        conllu::Sniff::ConllU => return Some(Format::ConllU),
        conllu::Sniff::Doubtful { line, why } => {
            problems.push(Problem::new(
                file,
                Some(line),
                format!("{why}: {read_as} (--from conllu or --from conll says which it is)"),
            ));
            return fallback;
        }
        conllu::Sniff::Not if format == Format::Conll => return Some(Format::Conll),
        conllu::Sniff::Not => {}
    }
    match conll::sniff(raw) {
        Sniff::Conll => Some(Format::Conll),
        Sniff::NotConll if fallback.is_none() => {
            problems.push(unknown(file));
            None
        }
        Sniff::NotConll => fallback,
        Sniff::Ambiguous { line, why } => {
            problems.push(Problem::new(
                file,
                Some(line),
                format!("{why}: {read_as} (--from conll or --from text says which it is)"),
            ));
            fallback
        }
    }
}

/// A `.txt` / `.md` file is one article; its first non-empty line is the title.
fn text_article(file: &Path, id: String, raw: String) -> Article {
    let text = NormalisedText::new(raw).into_text(); // already normalised text is left as it is
    Article::from_text(id, text, SourceRef::new(file, 1))
}
