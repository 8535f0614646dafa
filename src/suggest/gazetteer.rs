//! The gazetteer: names this annotator has tagged anywhere in the workspace, and the lines
//! of `gazetteer.tsv`, looked up word by word in an article's text.

use foldhash::{HashMap, HashSet};
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
    /// One-word entries by their folded word.
    by_first: HashMap<Box<str>, Vec<u32>>,
    /// Longer entries by their first two or three words (`lead_key`), so a common
    /// start (a region's name) does not make every entry it begins a candidate.
    by_lead: HashMap<Box<str>, Vec<u32>>,
    /// The first `MIN_STEM` characters of the one-word entries: a word that begins
    /// otherwise is no entry and no entry's inflected form, found with one look-up.
    heads: HashSet<Box<str>>,
    /// The first folded words of the longer entries: a place that begins otherwise needs
    /// no `lead_key`.
    firsts: HashSet<Box<str>>,
}

/// `word` cut to its first `MIN_STEM` characters.
fn head(word: &str) -> &str {
    match word.char_indices().nth(MIN_STEM) {
        Some((cut, _)) => &word[..cut],
        None => word,
    }
}

/// The words a longer entry is indexed by: two of two, three of more.
const LEAD: usize = 3;

/// The key of `n` words from `at`, written to `key`: their folds and the gaps between.
/// Gives the length of the key with the last fold cut to `MIN_STEM` characters: the key
/// of an entry of `n` words, whose last word may inflect (a longer one's is whole).
fn lead_key(words: &FoldedWords, at: usize, n: usize, key: &mut String) -> usize {
    key.clear();
    for j in at..at + n - 1 {
        key.push_str(words.fold(j));
        key.push_str(words.gap(j));
    }
    let last = words.fold(at + n - 1);
    let cut = key.len() + head(last).len();
    key.push_str(last);
    cut
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
                if words.len() == 1 {
                    self.heads.insert(head(words.fold(0)).into());
                    self.by_first
                        .entry(words.fold(0).into())
                        .or_default()
                        .push(id);
                } else {
                    self.firsts.insert(words.fold(0).into());
                    let mut key = String::new();
                    let n = words.len().min(LEAD);
                    let cut = lead_key(&words, 0, n, &mut key);
                    key.truncate(if words.len() == n { cut } else { key.len() });
                    self.by_lead.entry(key.into()).or_default().push(id);
                }
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

    /// Takes back one use of `text` as `label` (a tag undone, relabelled or deleted); a
    /// name no longer given any label is no longer found.
    pub fn remove(&mut self, text: &str, label: &str) {
        let key = FoldedWords::new(text).whole_key();
        let Some(&id) = self.by_key.get(&key) else {
            return;
        };
        let entry = &mut self.entries[id as usize];
        let Some(count) = entry.counts.get_mut(label) else {
            return;
        };
        *count -= 1;
        if *count == 0 {
            entry.counts.remove(label);
        }
        if entry.counts.is_empty() {
            entry.label.clear();
            entry.note = None;
        } else {
            entry.choose_label();
        }
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
        let mut key = String::new();
        for at in 0..text.len() {
            let word = text.fold(at);
            self.find_longer_at(text, at, &mut key, &mut found);
            if !self.heads.contains(head(word)) {
                continue;
            }
            self.find_entries_at(text, at, word, &mut found);
            // a one-word entry may be this word's stem
            for (b, _) in word.char_indices().skip(MIN_STEM) {
                self.find_entries_at(text, at, &word[..b], &mut found);
            }
        }
        // names whose every use was taken back
        found.retain(|f| !self.entries[f.entry].counts.is_empty());
        found
    }

    fn find_entries_at(&self, text: &FoldedWords, at: usize, first: &str, out: &mut Vec<Found>) {
        let Some(ids) = self.by_first.get(first) else {
            return;
        };
        for &id in ids {
            let entry = &self.entries[id as usize];
            if inflects(text.fold(at), entry.words.fold(0)) {
                let (start, end) = text.range(at, 1);
                out.push(Found {
                    start,
                    end,
                    entry: id as usize,
                });
            }
        }
    }

    /// Longer entries from `at`: looked up by two words (the second's stem) and by
    /// three (the third whole, or its stem).
    fn find_longer_at(
        &self,
        text: &FoldedWords,
        at: usize,
        key: &mut String,
        out: &mut Vec<Found>,
    ) {
        if self.by_lead.is_empty() || !self.firsts.contains(text.fold(at)) {
            return;
        }
        for n in 2..=LEAD {
            if at + n > text.len() {
                return;
            }
            let cut = lead_key(text, at, n, key);
            let whole = (n == LEAD && cut < key.len()).then_some(key.as_str());
            for key in [Some(&key[..cut]), whole].into_iter().flatten() {
                for &id in self.by_lead.get(key).into_iter().flatten() {
                    let entry = &self.entries[id as usize];
                    if text.matches_at(at, &entry.words) {
                        let (start, end) = text.range(at, entry.words.len());
                        out.push(Found {
                            start,
                            end,
                            entry: id as usize,
                        });
                    }
                }
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
