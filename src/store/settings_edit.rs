//! Editing one label of `tanba.ron` in place: removing it, or setting its key. The rest
//! of the file (comments, order, layout) stays; the result is checked before it is
//! written (atomically).

use std::path::Path;

use super::settings::{Kind, Settings, label_entries, parse_settings, tokens};
use super::{StoreError, atomic_write};

/// Removes the label `name` from the `tanba.ron` at `path`.
pub fn remove_label(path: &Path, name: &str) -> Result<(), StoreError> {
    edit_label(path, name, |settings, index| {
        settings.labels.labels.remove(index);
    })
    .and_then(|(text, settings, index)| {
        let entry = entry(path, &text, index)?;
        let edited = cut_entry(&text, entry.start, entry.end);
        write_checked(path, &edited, &settings)
    })
}

/// Gives the label `name` the key `key` (takes its key away when `None`).
pub fn set_label_key(path: &Path, name: &str, key: Option<char>) -> Result<(), StoreError> {
    edit_label(path, name, |settings, index| {
        settings.labels.labels[index].key = key;
    })
    .and_then(|(text, settings, index)| {
        let entry = entry(path, &text, index)?;
        let field = entry
            .fields
            .iter()
            .find(|(f, _)| f == "key")
            .map(|(_, at)| *at);
        let edited = match (field, key) {
            (Some(at), Some(key)) => {
                let end = value_end(&text, at, entry.end);
                format!("{}key: {}{}", &text[..at], ron_char(key), &text[end..])
            }
            (Some(at), None) => cut_field(&text, at, value_end(&text, at, entry.end)),
            (None, Some(key)) => {
                let close = entry.end - 1;
                let before = text[..close].trim_end();
                let sep = if before.ends_with(',') { " " } else { ", " };
                let at = before.len();
                format!("{before}{sep}key: {}{}", ron_char(key), &text[at..])
            }
            (None, None) => text.clone(),
        };
        write_checked(path, &edited, &settings)
    })
}

fn ron_char(key: char) -> String {
    ron::to_string(&key).expect("a char always serialises")
}

/// The file's text, its settings with `change` made to label `name`, and the label's index.
fn edit_label(
    path: &Path,
    name: &str,
    change: impl FnOnce(&mut Settings, usize),
) -> Result<(String, Settings, usize), StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    let mut settings = parse_settings(path, &text)?;
    let Some(index) = settings.labels.labels.iter().position(|l| l.name == name) else {
        return Err(invalid(path, format!("there is no label {name:?}")));
    };
    change(&mut settings, index);
    if let Err((_, e)) = settings.labels.check() {
        return Err(invalid(path, format!("cannot change label {name}: {e}")));
    }
    Ok((text, settings, index))
}

fn invalid(path: &Path, message: String) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        message,
    }
}

fn entry(path: &Path, text: &str, index: usize) -> Result<super::settings::Entry, StoreError> {
    label_entries(text)
        .and_then(|entries| entries.into_iter().nth(index))
        .ok_or_else(|| {
            invalid(
                path,
                "cannot find the label in the file's label list; edit it by hand".into(),
            )
        })
}

/// Writes `edited` when it reads back as `want`.
fn write_checked(path: &Path, edited: &str, want: &Settings) -> Result<(), StoreError> {
    let check = parse_settings(path, edited)?;
    if check.labels != want.labels {
        return Err(invalid(
            path,
            "cannot make this change in place; edit the file by hand".into(),
        ));
    }
    atomic_write(path, edited.as_bytes())
}

/// The end of the value of the field at `at` (`key: 'p'`, `key: Some('p')`), before `limit`.
fn value_end(text: &str, at: usize, limit: usize) -> usize {
    let tokens = tokens(&text[at..limit]);
    // tokens: the field name, `:`, then the value
    let mut depth = 0usize;
    for t in tokens.iter().skip(2) {
        match t.kind {
            Kind::Punct('(') => depth += 1,
            Kind::Punct(')') if depth == 0 => return at + t.at,
            Kind::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return at + t.end;
                }
            }
            Kind::Punct(',') if depth == 0 => return at + t.at,
            _ if depth == 0 => {
                let next = tokens.iter().find(|n| n.at >= t.end);
                if !next.is_some_and(|n| n.kind == Kind::Punct('(')) {
                    return at + t.end;
                }
            }
            _ => {}
        }
    }
    limit
}

/// `text` without the field `[at, end)` and the comma that joined it to its neighbours.
fn cut_field(text: &str, at: usize, end: usize) -> String {
    let before = text[..at].trim_end();
    if let Some(kept) = before.strip_suffix(',') {
        return format!("{kept}{}", &text[end..]);
    }
    let after = text[end..].trim_start();
    let after = after.strip_prefix(',').unwrap_or(after).trim_start();
    format!("{}{after}", &text[..at])
}

/// `text` without the entry `[start, end)`, its comma, and its line when it has one.
fn cut_entry(text: &str, start: usize, end: usize) -> String {
    let rest = &text[end..];
    let comma = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let mut end = end + comma;
    if text[end..].starts_with(',') {
        end += 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    if alone {
        return format!("{}{}", &text[..line_start], &text[line_end..]);
    }
    let after = text[end..].trim_start_matches([' ', '\t']);
    format!("{}{after}", &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    const RON: &str = "// team settings\n(\n    name: \"t\",\n    labels: [\n        \
                       (name: \"PERSON\", key: '1'), // people\n        (name: \"GPE\"),\n        \
                       (name: \"DATE\", key: Some('d'), color: \"blue\"),\n    ],\n)\n";

    fn edited(f: impl FnOnce(&Path) -> Result<(), StoreError>) -> Result<String, StoreError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tanba.ron");
        std::fs::write(&path, RON).unwrap();
        f(&path)?;
        Ok(std::fs::read_to_string(&path).unwrap())
    }

    #[test]
    fn removing_a_label_takes_its_line_and_keeps_the_rest() {
        let text = edited(|p| remove_label(p, "GPE")).unwrap();
        assert_eq!(text, RON.replace("        (name: \"GPE\"),\n", ""));
        let text = edited(|p| remove_label(p, "PERSON")).unwrap();
        assert!(
            text.contains("    labels: [\n        // people\n"),
            "{text}"
        );
        assert!(edited(|p| remove_label(p, "NOPE")).is_err());
    }

    #[test]
    fn a_key_is_set_replaced_or_taken_away_in_place() {
        let text = edited(|p| set_label_key(p, "GPE", Some('g'))).unwrap();
        assert!(text.contains("(name: \"GPE\", key: 'g'),"), "{text}");
        let text = edited(|p| set_label_key(p, "DATE", Some('x'))).unwrap();
        assert!(
            text.contains("(name: \"DATE\", key: 'x', color: \"blue\"),"),
            "{text}"
        );
        let text = edited(|p| set_label_key(p, "PERSON", None)).unwrap();
        assert!(text.contains("(name: \"PERSON\"), // people"), "{text}");
        let taken = edited(|p| set_label_key(p, "GPE", Some('1'))).unwrap_err();
        assert!(taken.to_string().contains("PERSON"), "{taken}");
    }
}
