use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub name: String,
    /// The key that applies this label in the TUI; label N defaults to digit N.
    pub key: char,
    /// A colour name understood by terminals: red, green, yellow, blue, magenta, cyan, ...
    pub color: String,
    pub description: String,
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
    #[error("label name {0:?} must be non-empty and contain no whitespace")]
    BadName(String),
}

impl Default for LabelSet {
    fn default() -> Self {
        let label = |name: &str, key, color: &str, description: &str| Label {
            name: name.into(),
            key,
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

impl LabelSet {
    pub fn validate(&self) -> Result<(), LabelSetError> {
        if self.labels.is_empty() {
            return Err(LabelSetError::Empty);
        }
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.is_empty() || label.name.chars().any(char::is_whitespace) {
                return Err(LabelSetError::BadName(label.name.clone()));
            }
            for earlier in &self.labels[..i] {
                if earlier.name == label.name {
                    return Err(LabelSetError::DuplicateName(label.name.clone()));
                }
                if earlier.key == label.key {
                    return Err(LabelSetError::DuplicateKey {
                        key: label.key,
                        first: earlier.name.clone(),
                        second: label.name.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn by_key(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == key)
    }

    /// Label N (1-based), the one digit N reaches.
    pub fn nth(&self, n: usize) -> Option<&Label> {
        n.checked_sub(1).and_then(|i| self.labels.get(i))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_set_is_valid_and_digits_reach_labels_in_order() {
        let set = LabelSet::default();
        set.validate().unwrap();
        let names: Vec<_> = set.names().collect();
        assert_eq!(names, ["PERSON", "AGENCY", "STATISTIC", "LOCATION", "DATE"]);
        assert_eq!(set.by_key('4').unwrap().name, "LOCATION");
        assert_eq!(set.nth(3).unwrap().name, "STATISTIC");
        assert!(set.nth(0).is_none());
    }

    #[test]
    fn duplicate_keys_and_names_are_rejected() {
        let mut set = LabelSet::default();
        set.labels[1].key = '1';
        assert_eq!(
            set.validate(),
            Err(LabelSetError::DuplicateKey {
                key: '1',
                first: "PERSON".into(),
                second: "AGENCY".into()
            })
        );
        let mut set = LabelSet::default();
        set.labels[2].name = "PERSON".into();
        assert_eq!(
            set.validate(),
            Err(LabelSetError::DuplicateName("PERSON".into()))
        );
    }
}
