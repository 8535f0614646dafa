//! Labels for a whole article (what it is about), as `tanba.ron` lists them:
//! `doc_labels: (several: true, labels: [(name: "CORRUPTION", key: 'c')])`.

use serde::{Deserialize, Serialize};

/// One document label: a name, a key to set it with, what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocLabel {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The project's document labels: one per article, or several when `several`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocLabels {
    #[serde(default)]
    pub several: bool,
    #[serde(default)]
    pub labels: Vec<DocLabel>,
}

impl DocLabels {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&DocLabel> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label of key `c`, else the `c`th (1-based) when `c` is a digit.
    pub fn by_key(&self, c: char) -> Option<&DocLabel> {
        let keyed = self.labels.iter().find(|l| l.key == Some(c));
        let nth = || {
            let n = c.to_digit(10)? as usize;
            self.labels.get(n.checked_sub(1)?)
        };
        keyed.or_else(nth)
    }

    /// `current` with `name` set: added (or removed when there) with several; else it
    /// replaces the one there, or clears it when it is that one.
    pub fn toggled(&self, current: &[String], name: &str) -> Vec<String> {
        let has = current.iter().any(|l| l == name);
        let mut out: Vec<String> = match (self.several, has) {
            (_, true) => current.iter().filter(|l| *l != name).cloned().collect(),
            (true, false) => current.iter().cloned().chain([name.to_string()]).collect(),
            (false, false) => vec![name.to_string()],
        };
        out.sort();
        out
    }

    /// The first name given twice or key given twice, with the index of the label.
    pub fn check(&self) -> Result<(), (usize, String)> {
        for (i, l) in self.labels.iter().enumerate() {
            if l.name.is_empty() || l.name.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err((
                    i,
                    format!(
                        "document label name {:?} must be non-empty and contain no whitespace",
                        l.name
                    ),
                ));
            }
            for earlier in &self.labels[..i] {
                if earlier.name == l.name {
                    return Err((i, format!("document label {:?} is defined twice", l.name)));
                }
                if l.key.is_some() && earlier.key == l.key {
                    return Err((
                        i,
                        format!(
                            "document label key {:?} is given to both {} and {}",
                            l.key.unwrap_or(' '),
                            earlier.name,
                            l.name
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(several: bool) -> DocLabels {
        let label = |name: &str, key| DocLabel {
            name: name.into(),
            key,
            description: String::new(),
        };
        DocLabels {
            several,
            labels: vec![label("CORRUPTION", Some('c')), label("REGIONS", None)],
        }
    }

    #[test]
    fn one_choice_replaces_and_clears_several_toggle() {
        let one = set(false);
        assert_eq!(one.toggled(&[], "REGIONS"), ["REGIONS"]);
        assert_eq!(
            one.toggled(&["REGIONS".into()], "CORRUPTION"),
            ["CORRUPTION"]
        );
        assert!(one.toggled(&["REGIONS".into()], "REGIONS").is_empty());
        let many = set(true);
        assert_eq!(
            many.toggled(&["REGIONS".into()], "CORRUPTION"),
            ["CORRUPTION", "REGIONS"]
        );
        assert_eq!(
            many.toggled(&["CORRUPTION".into(), "REGIONS".into()], "REGIONS"),
            ["CORRUPTION"]
        );
    }

    #[test]
    fn keys_then_digits_find_labels_and_twins_are_refused() {
        let s = set(false);
        assert_eq!(s.by_key('c').unwrap().name, "CORRUPTION");
        assert_eq!(s.by_key('2').unwrap().name, "REGIONS");
        assert!(s.by_key('9').is_none());
        let mut twice = s.clone();
        twice.labels.push(twice.labels[0].clone());
        assert_eq!(twice.check().unwrap_err().0, 2);
    }
}
