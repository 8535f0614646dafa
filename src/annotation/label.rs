use serde::{Deserialize, Serialize};

/// Colours given to labels that name none, by position; they cycle past the last one and
/// the tag keeps labels apart.
pub const PALETTE: [&str; 14] = [
    "yellow",
    "cyan",
    "magenta",
    "green",
    "blue",
    "red",
    "lightyellow",
    "lightcyan",
    "lightmagenta",
    "lightgreen",
    "lightblue",
    "lightred",
    "white",
    "gray",
];

/// Default tags are at least this many characters (`PER`, `LOC`), longer where needed.
const MIN_TAG: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub name: String,
    /// The key that applies this label in the text; without one, the picker reaches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
    /// The short tag drawn after each span; by default the shortest unique prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A colour name understood by terminals (red, green, yellow, ...); empty: by position.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub color: String,
    #[serde(default)]
    pub description: String,
}

impl Label {
    /// A label known only by its name (found in the data, or added by `labels add`).
    pub fn named(name: impl Into<String>) -> Label {
        Label {
            name: name.into(),
            key: None,
            tag: None,
            color: String::new(),
            description: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelSet {
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelSetError {
    #[error("label set is empty")]
    Empty,
    #[error("label {0:?} is defined twice")]
    DuplicateName(String),
    #[error("key {key:?} is given to both {first} and {second}")]
    DuplicateKey {
        key: char,
        first: String,
        second: String,
    },
    #[error("tag {tag:?} is given to both {first} and {second}")]
    DuplicateTag {
        tag: String,
        first: String,
        second: String,
    },
    #[error("label name {0:?} must be non-empty and contain no whitespace or control characters")]
    BadName(String),
    #[error(
        "{0:?} is not a label name: a name holds a letter or digit and no '/' or '\\' \
         (label names are like PERSON or GPE)"
    )]
    NotAName(String),
    #[error("the tag of {0} must be non-empty and contain no whitespace or control characters")]
    BadTag(String),
    #[error("the key of {0} must be a printable character other than a space")]
    BadKey(String),
}

impl LabelSetError {
    /// The label the error is about (the second one of a pair): where to point in the file.
    pub fn label(&self) -> Option<&str> {
        match self {
            LabelSetError::Empty => None,
            LabelSetError::DuplicateName(name)
            | LabelSetError::BadName(name)
            | LabelSetError::NotAName(name)
            | LabelSetError::BadTag(name)
            | LabelSetError::BadKey(name) => Some(name),
            LabelSetError::DuplicateKey { second, .. }
            | LabelSetError::DuplicateTag { second, .. } => Some(second),
        }
    }
}

impl Default for LabelSet {
    fn default() -> Self {
        let label = |name: &str, key, color: &str, description: &str| Label {
            name: name.into(),
            key: Some(key),
            tag: None,
            color: color.into(),
            description: description.into(),
        };
        LabelSet {
            labels: vec![
                label("PERSON", '1', "yellow", "People, by name"),
                label("AGENCY", '2', "cyan", "Agencies, organisations, companies"),
                label("STATISTIC", '3', "magenta", "Numbers, percentages, counts"),
                label(
                    "LOCATION",
                    '4',
                    "green",
                    "Countries, regions, cities, places",
                ),
                label("DATE", '5', "blue", "Dates, years and periods"),
            ],
        }
    }
}

fn plain(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl LabelSet {
    /// A name typed to add a label: besides `check`'s rules, not punctuation alone nor
    /// path-like (`tanba labels add . FOO` meant `.` as the workspace).
    pub fn check_new_name(name: &str) -> Result<(), LabelSetError> {
        if !plain(name) {
            return Err(LabelSetError::BadName(name.to_string()));
        }
        let path_like = name.contains(['/', '\\']);
        if path_like || !name.chars().any(char::is_alphanumeric) {
            return Err(LabelSetError::NotAName(name.to_string()));
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), LabelSetError> {
        self.check().map_err(|(_, e)| e)
    }

    /// Like `validate`, with the index of the label at fault (the later one of a pair).
    pub fn check(&self) -> Result<(), (usize, LabelSetError)> {
        if self.labels.is_empty() {
            return Err((0, LabelSetError::Empty));
        }
        for (i, label) in self.labels.iter().enumerate() {
            self.check_one(i, label).map_err(|e| (i, e))?;
        }
        Ok(())
    }

    fn check_one(&self, i: usize, label: &Label) -> Result<(), LabelSetError> {
        if !plain(&label.name) {
            return Err(LabelSetError::BadName(label.name.clone()));
        }
        if label.tag.as_deref().is_some_and(|t| !plain(t)) {
            return Err(LabelSetError::BadTag(label.name.clone()));
        }
        if label
            .key
            .is_some_and(|k| k.is_whitespace() || k.is_control())
        {
            return Err(LabelSetError::BadKey(label.name.clone()));
        }
        for earlier in &self.labels[..i] {
            if earlier.name == label.name {
                return Err(LabelSetError::DuplicateName(label.name.clone()));
            }
            if let Some(key) = label.key.filter(|k| earlier.key == Some(*k)) {
                return Err(LabelSetError::DuplicateKey {
                    key,
                    first: earlier.name.clone(),
                    second: label.name.clone(),
                });
            }
            if let Some(tag) = label
                .tag
                .as_ref()
                .filter(|t| earlier.tag.as_ref() == Some(t))
            {
                return Err(LabelSetError::DuplicateTag {
                    tag: tag.clone(),
                    first: earlier.name.clone(),
                    second: label.name.clone(),
                });
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.name == name)
    }

    /// The key of each label: its own, else digit N for label N (N up to 9) when no label
    /// claims that digit, so a set without keys still has digits.
    pub fn keys(&self) -> Vec<Option<char>> {
        let claimed: Vec<char> = self.labels.iter().filter_map(|l| l.key).collect();
        self.labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                label.key.or_else(|| {
                    let digit = char::from_digit(i as u32 + 1, 10).filter(|_| i < 9)?;
                    (!claimed.contains(&digit)).then_some(digit)
                })
            })
            .collect()
    }

    /// The label a key applies (see `keys`).
    pub fn by_key(&self, key: char) -> Option<&Label> {
        let i = self.keys().iter().position(|k| *k == Some(key))?;
        self.labels.get(i)
    }

    /// Label N (1-based), in the set's order.
    pub fn nth(&self, n: usize) -> Option<&Label> {
        n.checked_sub(1).and_then(|i| self.labels.get(i))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.name.as_str())
    }

    /// The colour name of label `i`: its own, else the palette's by position.
    pub fn color(&self, i: usize) -> &str {
        match self.labels.get(i) {
            Some(label) if !label.color.is_empty() => &label.color,
            _ => PALETTE[i % PALETTE.len()],
        }
    }

    /// The tag of every label: its own, else the shortest prefix of its name (at least
    /// three characters) that no other label's name starts with and no other label has;
    /// a name that begins another keeps itself (`PER` beside `PERS` for PERSON).
    /// Never two labels with one tag (a valid set has no duplicate own tags).
    pub fn tags(&self) -> Vec<String> {
        let mut taken: Vec<String> = self.labels.iter().filter_map(|l| l.tag.clone()).collect();
        let mut tags = Vec::with_capacity(self.labels.len());
        for (i, label) in self.labels.iter().enumerate() {
            if let Some(own) = &label.tag {
                tags.push(own.clone());
                continue;
            }
            let chars: Vec<char> = label.name.chars().collect();
            let shared = |prefix: &str| {
                self.labels
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && other.name.starts_with(prefix))
            };
            let found = (MIN_TAG.min(chars.len())..=chars.len())
                .map(|len| chars[..len].iter().collect::<String>())
                .find(|p| !shared(p) && !taken.contains(p))
                .or_else(|| (!taken.contains(&label.name)).then(|| label.name.clone()));
            let tag = found.unwrap_or_else(|| numbered(&label.name, &taken));
            taken.push(tag.clone());
            tags.push(tag);
        }
        tags
    }

    /// Adds labels by name at the end (no key, tag or colour of their own); returns the
    /// names that were new, in the order given.
    pub fn add_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut added = Vec::new();
        for name in names {
            if self.get(name).is_none() {
                self.labels.push(Label::named(name));
                added.push(name.to_string());
            }
        }
        added
    }

    /// The names among `names` this set does not have, sorted, once each.
    pub fn unknown<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let set: std::collections::BTreeSet<&str> = names
            .into_iter()
            .filter(|n| self.get(n).is_none())
            .collect();
        set.into_iter().map(str::to_string).collect()
    }
}

/// What every command says of a label it does not know (`--labels`, `label:`, `labels
/// remove`): the name, the nearest known one when a typo or the case explains the
/// difference, and the labels it knows.
pub fn unknown_label<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    let hint = crate::text::nearest(name, known.iter().copied()).map_or(String::new(), |k| {
        format!("; did you mean `{}`?", crate::text::sanitize(k))
    });
    let list = match known.is_empty() {
        true => "the label set is empty".to_string(),
        false => format!("labels: {}", crate::text::sanitize(&known.join(", "))),
    };
    format!(
        "unknown label `{}`{hint} ({list})",
        crate::text::sanitize(name)
    )
}

/// A name that is a prefix of another's and whose tag is taken: `NAME2`, `NAME3`, ...
fn numbered(name: &str, taken: &[String]) -> String {
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|t| !taken.contains(t))
        .expect("some number is free")
}

#[cfg(test)]
#[path = "label_tests.rs"]
mod tests;
