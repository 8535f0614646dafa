//! Reading a keymap file: RON into ordered bindings, keeping duplicates so they can be
//! reported, and turning every problem into file:line:column.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::str::FromStr;

use super::{Key, KeymapError, Mode};
use crate::action::Action;

/// The sections of a keymap file, one per `Mode` by its name (`text: { ... }`); a
/// section left out binds nothing. The names come from `Mode`, so a new mode is read
/// without a change here.
struct File(Vec<(Mode, Bindings)>);

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Sections;
        impl<'de> Visitor<'de> for Sections {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("sections by mode, like ( text: { \"q\": quit } )")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<File, M::Error> {
                let mut out: Vec<(Mode, Bindings)> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    let mode = Mode::from_str(&name)
                        .map_err(|_| de::Error::unknown_field(&name, section_names()))?;
                    if out.iter().any(|(m, _)| *m == mode) {
                        return Err(de::Error::duplicate_field(mode.name()));
                    }
                    out.push((mode, map.next_value()?));
                }
                Ok(File(out))
            }
        }
        deserializer.deserialize_struct("File", section_names(), Sections)
    }
}

fn section_names() -> &'static [&'static str] {
    <Mode as strum::VariantNames>::VARIANTS
}

/// A RON map read in file order, duplicates included.
#[derive(Default)]
struct Bindings(Vec<(String, Action)>);

impl<'de> Deserialize<'de> for Bindings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Bindings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from key to action, like { \"q\": quit }")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Bindings, M::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Action>()? {
                    out.push(entry);
                }
                Ok(Bindings(out))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// One mode's bindings, in file order.
pub(super) type ModeBindings = (Mode, Vec<(Key, Action)>);

/// The bindings of each mode in `text`, keys parsed; unknown actions, bad keys and a key
/// bound twice in one mode are errors naming `file`, line and column.
pub(super) fn bindings(file: &str, text: &str) -> Result<Vec<ModeBindings>, KeymapError> {
    let parsed: File = ron::from_str(text).map_err(|e| KeymapError::At {
        file: file.to_string(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: match &e.code {
            // ron's own message lists every action on one line: the nearest one instead
            ron::Error::NoSuchEnumVariant {
                expected, found, ..
            } => super::hint::unknown("action", found, expected),
            ron::Error::NoSuchStructField {
                expected, found, ..
            } => super::hint::unknown("section", found, expected),
            other => other.to_string(),
        },
    })?;
    let File(mut sections) = parsed;
    let mut out = Vec::new();
    // every mode, in `Mode` order, whatever order the file has them in
    for &mode in <Mode as strum::VariantArray>::VARIANTS {
        let at = sections.iter().position(|(m, _)| *m == mode);
        let Bindings(raw) = at.map_or_else(Bindings::default, |i| sections.swap_remove(i).1);
        let mut keys: Vec<(Key, Action)> = Vec::with_capacity(raw.len());
        let mut spelled: Vec<&str> = Vec::new();
        for (spec, action) in &raw {
            let at = |message: String, nth: usize| {
                let (line, column) = locate(text, mode, spec, nth);
                KeymapError::At {
                    file: file.to_string(),
                    line,
                    column,
                    message,
                }
            };
            let nth = spelled.iter().filter(|s| **s == spec.as_str()).count();
            let key = Key::parse(spec).map_err(|m| at(m, nth))?;
            if let Some(i) = keys.iter().position(|(k, _)| *k == key) {
                return Err(at(
                    format!(
                        "key {spec:?} is bound twice in {} (also as {:?} to {})",
                        mode.name(),
                        spelled[i],
                        keys[i].1.name()
                    ),
                    nth,
                ));
            }
            keys.push((key, *action));
            spelled.push(spec);
        }
        out.push((mode, keys));
    }
    Ok(out)
}

/// Line and column (1-based) of the `nth` quoted `spec` inside `mode`'s section of `text`.
fn locate(text: &str, mode: Mode, spec: &str, nth: usize) -> (usize, usize) {
    let section = find_word(text, mode.name()).unwrap_or(0);
    let quoted = format!("{spec:?}");
    let mut from = section;
    let mut found = None;
    for _ in 0..=nth {
        match text[from..].find(&quoted) {
            Some(i) => {
                found = Some(from + i);
                from += i + quoted.len();
            }
            None => break,
        }
    }
    let at = found.unwrap_or(section);
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (line, column)
}

/// Byte offset of `word` used as a field name (`word:`), outside strings and comments.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim_start();
        if let Some(rest) = trimmed.strip_prefix(word)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset + (code.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}
