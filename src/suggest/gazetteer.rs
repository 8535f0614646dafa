//! The gazetteer: names this annotator has tagged anywhere in the workspace, and the lines
//! of `gazetteer.tsv`, looked up word by word in an article's text.

use foldhash::HashMap;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

use super::Candidate;
use super::words::{FoldedWords, MIN_STEM, inflects};
use crate::annotation::SpanState;
use crate::corpus::Problem;

/// The file a team keeps its own list in, at the workspace root.
pub const GAZETTEER_FILE: &str = "gazetteer.tsv";

/// One name and the label it gets.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name as first seen.
    pub text: String,
    pub label: String,
    /// The other labels the name was given, when there were any.
    pub note: Option<String>,
    words: FoldedWords,
    counts: BTreeMap<String, usize>,
}

impl Entry {
    /// The most frequent label wins (ties: the first by name); the note names the others.
    fn choose_label(&mut self) {
        let mut ranked: Vec<(&String, &usize)> = self.counts.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let (label, count) = ranked[0];
        self.note = (ranked.len() > 1).then(|| {
            let others: Vec<String> = ranked[1..]
                .iter()
                .map(|(l, n)| format!("{l} ×{n}"))
                .collect();
            format!("gazetteer: {label} ×{count}, also {}", others.join(", "))
        });
        self.label = label.clone();
    }
}

/// Names found in an article: `[start, end)` in code points, and which entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Entries by their whole folded text.
    by_key: HashMap<String, u32>,
    /// Entries by their first folded word.
    by_first: HashMap<Box<str>, Vec<u32>>,
}

/// Collects names and counts their labels; `build` gives the gazetteer.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    gazetteer: Gazetteer,
}

impl GazetteerBuilder {
    pub fn add(&mut self, text: &str, label: &str) {
        self.gazetteer.add(text, label);
    }

    pub fn build(self) -> Gazetteer {
        self.gazetteer
    }
}

impl Gazetteer {
    /// Counts one use of `text` as `label`; texts without a word are ignored.
    pub fn add(&mut self, text: &str, label: &str) {
        let words = FoldedWords::new(text);
        if words.is_empty() {
            return;
        }
        let key = words.whole_key();
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.entries.len() as u32;
                self.by_first
                    .entry(words.fold(0).into())
                    .or_default()
                    .push(id);
                self.by_key.insert(key, id);
                self.entries.push(Entry {
                    text: text.trim().to_string(),
                    label: String::new(),
                    note: None,
                    words,
                    counts: BTreeMap::new(),
                });
                id
            }
        };
        let entry = &mut self.entries[id as usize];
        *entry.counts.entry(label.to_string()).or_default() += 1;
        entry.choose_label();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// Every occurrence of every entry in `text`, inflected forms included, on whole words.
    pub fn find(&self, text: &FoldedWords) -> Vec<Found> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        for at in 0..text.len() {
            let word = text.fold(at);
            self.find_entries_at(text, at, word, &mut found);
            // a one-word entry may be this word's stem
            for (b, _) in word.char_indices().skip(MIN_STEM) {
                self.find_entries_at(text, at, &word[..b], &mut found);
            }
        }
        found
    }

    fn find_entries_at(&self, text: &FoldedWords, at: usize, first: &str, out: &mut Vec<Found>) {
        let Some(ids) = self.by_first.get(first) else {
            return;
        };
        let whole_word = first.len() == text.fold(at).len();
        for &id in ids {
            let entry = &self.entries[id as usize];
            let count = entry.words.len();
            // a stem shorter than the word only fits one-word entries
            if !whole_word && count > 1 {
                continue;
            }
            let fits = if count == 1 {
                inflects(text.fold(at), entry.words.fold(0))
            } else {
                text.matches_at(at, &entry.words)
            };
            if fits {
                let (start, end) = text.range(at, count);
                out.push(Found {
                    start,
                    end,
                    entry: id as usize,
                });
            }
        }
    }

    /// The gazetteer's occurrences in `text` as candidates for suggestion.
    pub fn candidates(&self, text: &FoldedWords) -> Vec<Candidate> {
        self.find(text)
            .into_iter()
            .map(|f| {
                let entry = &self.entries[f.entry];
                Candidate {
                    start: f.start,
                    end: f.end,
                    label: entry.label.clone(),
                    note: entry.note.clone(),
                }
            })
            .collect()
    }

    /// The gazetteer of `annotator`'s accepted spans in every file of their folder, and of
    /// `gazetteer.tsv` in `root`; files and lines that could not be read are reported.
    pub fn load(root: &Path, annotator_dir: &Path) -> (Gazetteer, Vec<Problem>) {
        let mut builder = GazetteerBuilder::default();
        let mut problems = add_annotator_spans(annotator_dir, &mut builder);
        let tsv = root.join(GAZETTEER_FILE);
        match std::fs::read_to_string(&tsv) {
            Ok(text) => problems.extend(read_tsv(&tsv, &text, &mut builder)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => problems.push(Problem::new(&tsv, None, e.to_string())),
        }
        (builder.build(), problems)
    }
}

/// Adds every accepted span of the annotator's files (read in parallel).
fn add_annotator_spans(dir: &Path, builder: &mut GazetteerBuilder) -> Vec<Problem> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    let read: Vec<Result<Vec<(String, String)>, Problem>> = files
        .par_iter()
        .map(|path| {
            let doc = crate::store::read_doc(path)
                .map_err(|e| Problem::new(path, None, e.to_string()))?;
            Ok(doc
                .spans
                .into_iter()
                .filter(|s| s.state == SpanState::Accepted)
                .map(|s| (s.text, s.label))
                .collect())
        })
        .collect();
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(spans) => spans.iter().for_each(|(t, l)| builder.add(t, l)),
            Err(p) => problems.push(p),
        }
    }
    problems
}

/// Reads `text<TAB>LABEL` lines; blank lines and `#` comments are skipped, bad lines
/// reported with their number.
pub fn read_tsv(path: &Path, text: &str, builder: &mut GazetteerBuilder) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let problem = |m: &str| Problem::new(path, Some(i + 1), m);
        let Some((name, label)) = line.split_once('\t') else {
            problems.push(problem("expected text<TAB>LABEL, found no tab"));
            continue;
        };
        let (name, label) = (name.trim(), label.trim());
        if label.is_empty() || label.contains('\t') {
            problems.push(problem("expected one LABEL after the tab"));
        } else if FoldedWords::new(name).is_empty() {
            problems.push(problem("the text before the tab has no word"));
        } else {
            builder.add(name, label);
        }
    }
    problems
}
