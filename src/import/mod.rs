//! Moving a project in: readers for other annotation tools' exports (doccano, Label
//! Studio, Prodigy, WebAnno TSV, spaCy), each giving documents with who annotated them, and the
//! plan that matches them to the corpus and writes them as annotators' own work.
//! Terminal-free: the `import` command prints what the plan says.

mod docbin;
mod doccano;
mod label_studio;
mod offsets;
mod plan;
mod prodigy;
mod webanno;

pub use offsets::{Unit, Utf16Map};
pub use plan::{Decision, Options, Plan, Planned, Renames, plan, write};

use std::path::{Path, PathBuf};

use crate::annotation::{SpanState, Timestamp};
use crate::corpus::Problem;

/// The tools whose exports are read, named as the notes and the summary name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr)]
pub enum Tool {
    #[strum(serialize = "doccano")]
    Doccano,
    #[strum(serialize = "Label Studio")]
    LabelStudio,
    #[strum(serialize = "Prodigy")]
    Prodigy,
    #[strum(serialize = "WebAnno TSV")]
    WebAnno,
    #[strum(serialize = "spaCy")]
    Spacy,
    #[strum(serialize = "spaCy DocBin")]
    SpacyBinary,
}

impl Tool {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One annotator's (or one model's) spans over one text, as a tool exported them.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The id the source gives the text, if any (a task's `data.id`, a doccano `id`).
    pub id: Option<String>,
    /// The text, normalised as the corpus readers do (no BOM, LF line ends).
    pub text: String,
    /// Where the text is known, in code points, when the source gives only pieces of it
    /// (WebAnno's sentences); `None` when `text` is the whole text.
    pub pieces: Option<Vec<(usize, String)>>,
    /// The annotator the source names, as written there (`None`: the file names none).
    pub annotator: Option<String>,
    pub tool: Tool,
    pub spans: Vec<FoundSpan>,
    /// What the whole text is about (spaCy's `cats` above one half, Label Studio's
    /// `doc_label` choices), sorted, unique.
    pub doc_labels: Vec<String>,
    /// Relations between spans of `spans` (Label Studio's `relation` results).
    pub relations: Vec<FoundRelation>,
    pub when: Option<Timestamp>,
    /// File and line (or record) this came from, for messages.
    pub file: PathBuf,
    pub line: usize,
    /// The task or doc it is in its file (1-based), where lines do not tell them apart.
    pub record: Option<usize>,
}

impl Found {
    /// A problem with this document: at its line, or its task for Label Studio's JSON.
    pub fn problem(&self, message: String) -> Problem {
        // a DocBin is binary: its docs have a number, not a line
        let line = (self.line > 0).then_some(self.line);
        match (self.tool, self.record) {
            (Tool::LabelStudio, Some(n)) => {
                Problem::new(&self.file, line, format!("task {n}: {message}"))
            }
            (Tool::SpacyBinary, Some(n)) => {
                Problem::new(&self.file, line, format!("doc {n}: {message}"))
            }
            _ => Problem::new(&self.file, line, message),
        }
    }
}

/// A relation `label` from one found span to another, each named by (start, end, label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRelation {
    pub label: String,
    pub from: crate::annotation::SpanKey,
    pub to: crate::annotation::SpanKey,
}

/// A span in code points of `Found::text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// Accepted (the annotator's answer), rejected (`--keep-rejected`), or pending (a
    /// model's prediction, signed by `model`).
    pub state: SpanState,
    /// A prediction's model (`model:NAME` is its author).
    pub model: Option<String>,
    /// The knowledge-base id the span is linked to (spaCy's `kb_id`), if the source says.
    pub kb: Option<String>,
}

/// What reading some files gave: the documents, the problems, and what was left out.
#[derive(Debug, Default)]
pub struct Read {
    pub found: Vec<Found>,
    pub problems: Vec<Problem>,
    pub counts: Counts,
}

/// What the readers left out on purpose, said in the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Prodigy answers `reject` / `ignore`, Label Studio's cancelled annotations.
    pub rejected: usize,
    pub ignored: usize,
    pub cancelled: usize,
    /// Relations found and left out: doccano's, Label Studio's without a label, WebAnno layers
    /// other than one between named entities.
    pub relations: usize,
    /// Spans whose offsets were counted in UTF-16 code units and converted.
    pub converted: usize,
    /// INCEpTION's `INITIAL_CAS.tsv` files: the documents as first imported, nobody's work.
    pub initial: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.rejected += other.rejected;
        self.ignored += other.ignored;
        self.cancelled += other.cancelled;
        self.relations += other.relations;
        self.converted += other.converted;
        self.initial += other.initial;
    }
}

/// How the files are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Keep Prodigy's rejected answers as rejected spans instead of skipping them.
    pub keep_rejected: bool,
    /// The unit offsets are counted in where the file cannot say (doccano, Label Studio
    /// without `value.text`); `None`: the tool's own default.
    pub offsets: Option<Unit>,
}

/// The extensions read, for the message about a file that is not.
const KNOWN: &str = ".json (Label Studio), .jsonl (doccano, Prodigy, spaCy's doc.to_json), \
                     .tsv (WebAnno TSV 3), .spacy (spaCy DocBin)";

/// Reads every path (files, or folders recursively, in name order).
pub fn read(paths: &[PathBuf], options: ReadOptions) -> Read {
    let mut out = Read::default();
    for path in paths {
        let mut files = Vec::new();
        collect(path, &mut files, &mut out.problems);
        for file in files {
            let read = read_file(&file, options);
            out.found.extend(read.found);
            out.problems.extend(read.problems);
            out.counts.add(&read.counts);
        }
    }
    out
}

fn collect(path: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    if path.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return problems.push(Problem::new(path, None, e.to_string())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if p.is_dir() || format_of(&p).is_some() {
            collect(&p, files, problems);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Jsonl,
    Tsv,
    Spacy,
}

fn format_of(file: &Path) -> Option<Format> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "tsv" => Some(Format::Tsv),
        "spacy" => Some(Format::Spacy),
        _ => None,
    }
}

/// Reads one file, by its extension and, for JSON lines, by its content.
pub fn read_file(file: &Path, options: ReadOptions) -> Read {
    let fail = |message: String| Read {
        problems: vec![Problem::new(file, None, message)],
        ..Read::default()
    };
    let Some(format) = format_of(file) else {
        return fail(format!("not a format tanba imports (it reads {KNOWN})"));
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => return fail(e.to_string()),
    };
    if format == Format::Spacy {
        return docbin::read(file, &bytes);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            let problem = Problem::new(file, Some(line), "not valid UTF-8; save the file as UTF-8");
            return Read {
                problems: vec![problem],
                ..Read::default()
            };
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match format {
        Format::Json => label_studio::read(file, text, options),
        Format::Jsonl if prodigy::is_prodigy(text) => prodigy::read(file, text, options),
        Format::Jsonl if doccano::is_spacy(text) => doccano::read(file, text, options, Tool::Spacy),
        Format::Jsonl => doccano::read(file, text, options, Tool::Doccano),
        Format::Tsv => webanno::read(file, text),
        Format::Spacy => docbin::read(file, text.as_bytes()),
    }
}

/// The texts of `found` as a JSON lines corpus (`{"id", "text"}`), each text once: its
/// id the source's, else `<file>-<n>`; an id given to two texts gets `-2`, `-3`, ...
pub fn corpus_lines(found: &[Found]) -> String {
    let mut ids: std::collections::HashMap<String, &str> = Default::default();
    let mut texts = std::collections::HashSet::new();
    let mut out = String::new();
    for (n, f) in found.iter().enumerate() {
        if !texts.insert(f.text.as_str()) {
            continue;
        }
        let stem = f.file.file_stem().map(|s| s.to_string_lossy().into_owned());
        let base =
            f.id.clone()
                .unwrap_or_else(|| format!("{}-{}", stem.unwrap_or_default(), n + 1));
        let mut id = base.clone();
        let mut k = 1;
        while ids.contains_key(&id) {
            k += 1;
            id = format!("{base}-{k}");
        }
        let line = serde_json::json!({"id": id, "text": f.text});
        out.push_str(&line.to_string());
        out.push('\n');
        ids.insert(id, &f.text);
    }
    out
}

/// Lines of JSON lines text: `(1-based number, line)`, blank ones left out.
fn json_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// A JSON value as an id: strings as they are, numbers written out.
fn id_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
