//! The team's knowledge base, `kb.tsv` at the workspace root: one entry a line,
//! `id<TAB>name<TAB>aliases separated by |<TAB>description` (the last two may be left
//! out; `#` starts a comment line). Entries are found by a fuzzy match on the name and
//! the aliases, folded as search folds (Kazakh letters, case), for the link picker.

use super::fold::{Folded, fold};
use super::matcher::Pattern;
use crate::store::{StoreError, atomic_write};
use std::path::Path;

/// The knowledge base's file name at the workspace root.
pub const KB_FILE: &str = "kb.tsv";

/// One entry of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbEntry {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    /// The 1-based line of `kb.tsv` it is on.
    pub line: usize,
}

/// A line of `kb.tsv` that cannot be an entry: its 1-based number and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct KbProblem {
    pub line: usize,
    pub message: String,
}

/// The entries of `kb.tsv`, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kb {
    pub entries: Vec<KbEntry>,
}

impl Kb {
    /// Reads `kb.tsv` text; a bad line (no name, an id given twice) is a problem and is
    /// left out, the others are kept.
    pub fn parse(text: &str) -> (Kb, Vec<KbProblem>) {
        let mut kb = Kb::default();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let mut fields = raw.split('\t').map(str::trim);
            let (id, name) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            let problem = |message: String| KbProblem { line, message };
            if id.is_empty() || name.is_empty() {
                problems.push(problem(
                    "expected «id<TAB>name[<TAB>aliases<TAB>description]»".into(),
                ));
                continue;
            }
            if let Some(first) = kb.get(id) {
                problems.push(problem(format!(
                    "id {id} is already on line {}",
                    first.line
                )));
                continue;
            }
            let aliases = fields.next().unwrap_or("");
            kb.entries.push(KbEntry {
                id: id.to_string(),
                name: name.to_string(),
                aliases: aliases
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect(),
                description: fields.next().unwrap_or("").to_string(),
                line,
            });
        }
        (kb, problems)
    }

    /// An id for a new entry made by `who`: `who-N`, N one past the highest taken.
    pub fn next_id(&self, who: &str) -> String {
        let prefix = format!("{who}-");
        let taken = self.entries.iter().filter_map(|e| {
            let n = e.id.strip_prefix(&prefix)?;
            n.parse::<usize>().ok()
        });
        format!("{prefix}{}", taken.max().unwrap_or(0) + 1)
    }

    pub fn get(&self, id: &str) -> Option<&KbEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entries matching `query`, best first: every query word must be found in the
    /// name or an alias (typed letters as they are before fuzzy matches, a start best);
    /// among equals, file order. An id typed whole comes first. An empty query gives
    /// every entry.
    pub fn rank(&self, query: &str) -> Vec<usize> {
        let words: Vec<(String, Option<Pattern>)> = query
            .split_whitespace()
            .map(|w| (fold(w), Pattern::new(w)))
            .collect();
        let mut scored: Vec<(i64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let names: Vec<Folded> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| Folded::new(n))
                    .collect();
                let mut total = 0;
                for (typed, pattern) in &words {
                    let best = names.iter().filter_map(|n| {
                        let exact = match n.fold.find(typed.as_str()) {
                            Some(0) => Some(2000),
                            Some(_) => Some(1000),
                            None => None,
                        };
                        exact.max(pattern.as_ref().and_then(|p| p.score(n)))
                    });
                    total += best.max()?;
                }
                Some((-total, i))
            })
            .collect();
        // an id typed whole (`Q1`) finds its entry first
        let typed = query.trim();
        if let Some(at) = self
            .entries
            .iter()
            .position(|e| e.id.eq_ignore_ascii_case(typed))
        {
            scored.retain(|&(_, i)| i != at);
            scored.push((i64::MIN, at));
        }
        scored.sort_unstable();
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

impl KbEntry {
    /// The entry as a `kb.tsv` line (tabs and line breaks in fields become spaces).
    pub fn line(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ").trim().to_string();
        let aliases: Vec<String> = self
            .aliases
            .iter()
            .map(|a| clean(a).replace('|', " "))
            .collect();
        format!(
            "{}\t{}\t{}\t{}",
            clean(&self.id),
            clean(&self.name),
            aliases.join("|"),
            clean(&self.description)
        )
    }
}

/// Reads `kb.tsv` at `root`; a missing file is an empty knowledge base.
pub fn load(root: &Path) -> std::io::Result<(Kb, Vec<KbProblem>)> {
    match std::fs::read_to_string(root.join(KB_FILE)) {
        Ok(text) => Ok(Kb::parse(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Kb::default(), Vec::new())),
        Err(e) => Err(e),
    }
}

/// Adds `entry` at the end of `kb.tsv` at `root` (made if missing), the whole file written
/// atomically so a reader never sees half a line; an id already there is refused.
pub fn append(root: &Path, entry: &KbEntry) -> Result<(), StoreError> {
    let path = root.join(KB_FILE);
    let mut text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    if Kb::parse(&text).0.get(&entry.id).is_some() {
        let e = std::io::Error::other(format!("id {} is already in kb.tsv", entry.id));
        return Err(StoreError::io(&path, e));
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text += &entry.line();
    text.push('\n');
    atomic_write(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KB: &str = "\
# id\tname\taliases\tdescription
Q1\tМахамбет Досмұхамбетов\tДосмұхамбетов М.|Махамбет Досмұхамбетовтің\tАтырау облысы әкімі
Q2\tАтырау облысының әкімдігі\tәкімдік\tжергілікті атқарушы орган
Q3\tҚанат Сүлейменов

Q1\tекінші\t\t
Q4
";

    #[test]
    fn entries_are_read_and_bad_lines_named_by_number() {
        let (kb, problems) = Kb::parse(KB);
        let ids: Vec<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["Q1", "Q2", "Q3"]);
        assert_eq!(kb.entries[0].aliases.len(), 2);
        assert_eq!(kb.entries[2].description, "");
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 6: id Q1 is already on line 2",
                "line 7: expected «id<TAB>name[<TAB>aliases<TAB>description]»"
            ]
        );
    }

    #[test]
    fn names_and_aliases_are_found_folded_best_first() {
        let (kb, _) = Kb::parse(KB);
        let ids = |q: &str| -> Vec<&str> {
            kb.rank(q)
                .into_iter()
                .map(|i| kb.entries[i].id.as_str())
                .collect()
        };
        // typed on a Russian keyboard: қ as к, ұ as у
        assert_eq!(ids("канат"), ["Q3"]);
        assert_eq!(ids("досмухамбетов"), ["Q1"]);
        assert_eq!(ids("әкімдік")[0], "Q2");
        assert_eq!(ids("").len(), 3);
        assert_eq!(ids("q2"), ["Q2"]);
        assert!(ids("zzzz").is_empty());
    }

    #[test]
    fn an_entry_is_appended_and_read_back_with_a_fresh_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KB_FILE), "Q1\tАтырау").unwrap();
        let (kb, _) = load(dir.path()).unwrap();
        assert_eq!(kb.next_id("dana"), "dana-1");
        let entry = KbEntry {
            id: kb.next_id("dana"),
            name: "Жаңа\tат".into(),
            aliases: vec!["бір".into(), "екі".into()],
            description: "сипаттама".into(),
            line: 0,
        };
        append(dir.path(), &entry).unwrap();
        assert!(append(dir.path(), &entry).is_err());
        let (kb, problems) = load(dir.path()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(kb.entries[1].name, "Жаңа ат");
        assert_eq!(kb.entries[1].aliases, ["бір", "екі"]);
        assert_eq!(kb.next_id("dana"), "dana-2");
        assert_eq!(load(&dir.path().join("none")).unwrap().0.entries.len(), 0);
    }
}
