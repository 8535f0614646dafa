//! Keymaps: `keymaps/*.ron` map (mode, key) to an `Action`. The default is embedded; a
//! user keymap overrides it key by key. Every mistake names the file, line and column.

mod hint;
mod key;
mod parse;
#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;

pub use key::Key;

use std::path::{Path, PathBuf};

use crate::action::Action;
use strum::VariantArray;

pub const DEFAULT_RON: &str = include_str!("../../keymaps/default.ron");
pub const EMACS_RON: &str = include_str!("../../keymaps/emacs.ron");

/// Keymaps shipped with tanba, by the name `--keymap` takes.
pub const SHIPPED: &[(&str, &str)] = &[("default", DEFAULT_RON), ("emacs", EMACS_RON)];

fn shipped_names() -> String {
    let names: Vec<&str> = SHIPPED.iter().map(|(name, _)| *name).collect();
    names.join(", ")
}

/// Where a binding applies. Global bindings apply in the list and the text unless the
/// mode binds the key itself; the input line sees only its own.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::VariantArray,
    strum::VariantNames,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum Mode {
    Global,
    List,
    Text,
    Help,
    Prompt,
    Dashboard,
    Findings,
}

impl Mode {
    /// The section name in a keymap file: `global`, `list`, ...
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// What `action` does in `mode`, for help (the mode-free line is `Action::describe`).
pub fn describe_in(action: Action, mode: Mode) -> &'static str {
    match (mode, action) {
        (Mode::List, Action::Up) => "previous article",
        (Mode::List, Action::Down) => "next article",
        (Mode::List, Action::Back) => "clear the search (every article again)",
        (Mode::List, Action::Top) => "first article",
        (Mode::List, Action::Bottom) => "last article",
        (Mode::Text, Action::Up) => "line up (on screen)",
        (Mode::Text, Action::Down) => "line down (on screen)",
        (Mode::Help, Action::Cancel) => "close help",
        (Mode::Help, Action::Up) => "scroll up",
        (Mode::Help, Action::Down) => "scroll down",
        (Mode::Prompt, Action::Up) => "previous result (search)",
        (Mode::Prompt, Action::Down) => "next result (search)",
        (Mode::Prompt, Action::Confirm) => {
            "search: open the result at its first match; note: save it"
        }
        (Mode::Prompt, Action::Cancel) => {
            "cancel (search: back to the list and the place you were at)"
        }
        (Mode::Dashboard, Action::Up) => "previous article in the list",
        (Mode::Dashboard, Action::Down) => "next article in the list",
        (Mode::Dashboard, Action::Open) => "open the article",
        (Mode::Dashboard, Action::Cancel) => "close the dashboard",
        (Mode::Findings, Action::Up) => "previous finding",
        (Mode::Findings, Action::Down) => "next finding",
        (Mode::Findings, Action::Open) => "open the article at the finding",
        (Mode::Findings, Action::Top) => "first finding",
        (Mode::Findings, Action::Bottom) => "last finding",
        (Mode::Findings, Action::Cancel) => "close the findings",
        _ => action.describe(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{file}:{line}:{column}: {message}")]
    At {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    // the OS reason is in the message, not a source too: `{:#}` would say it twice
    #[error(
        "no keymap {choice:?} (shipped: {}; or a file); did you mean `{name}`?",
        shipped_names()
    )]
    Misspelt { choice: String, name: &'static str },
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    /// What was loaded, for the help screen: `default`, `emacs` or a path.
    pub name: String,
    /// Per mode, in file order (help lists keys as the keymap writes them).
    maps: Vec<(Mode, Vec<(Key, Action)>)>,
}

impl Keymap {
    /// The embedded default keymap.
    pub fn default_keymap() -> Keymap {
        Keymap::parse("keymaps/default.ron", DEFAULT_RON).expect("the default keymap parses")
    }

    /// Parses a whole keymap from `text`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap {
            name: file.to_string(),
            ..Keymap::default()
        };
        keymap.merge(file, text)?;
        Ok(keymap)
    }

    /// Lays the bindings in `text` over this keymap, key by key; `none` unbinds a key.
    pub fn merge(&mut self, file: &str, text: &str) -> Result<(), KeymapError> {
        for (mode, bindings) in parse::bindings(file, text)? {
            let map = match self.maps.iter().position(|(m, _)| *m == mode) {
                Some(i) => &mut self.maps[i].1,
                None => {
                    self.maps.push((mode, Vec::new()));
                    &mut self.maps.last_mut().expect("just pushed").1
                }
            };
            for (key, action) in bindings {
                let at = map.iter().position(|(k, _)| *k == key);
                match (at, action) {
                    (Some(i), Action::Unbind) => {
                        map.remove(i);
                    }
                    (Some(i), _) => map[i].1 = action,
                    (None, Action::Unbind) => {}
                    (None, _) => map.push((key, action)),
                }
            }
        }
        Ok(())
    }

    /// The keymap a user asked for: `choice` is a shipped name or a path (a file is laid
    /// over the default, so it may bind only what it changes); then `keymap.ron` in
    /// `config_dir`, if there is one, overrides key by key.
    pub fn load(choice: Option<&str>, config_dir: Option<&Path>) -> Result<Keymap, KeymapError> {
        let choice = choice.unwrap_or("default");
        let mut keymap = match SHIPPED.iter().find(|(name, _)| *name == choice) {
            Some((name, text)) => {
                let mut k = Keymap::parse(&format!("keymaps/{name}.ron"), text)?;
                k.name = name.to_string();
                k
            }
            None => {
                let path = PathBuf::from(choice);
                let names = SHIPPED.iter().map(|(name, _)| *name);
                // `--keymap emcas`: a misspelt shipped name, not a file that is missing
                if !path.exists()
                    && let Some(name) = hint::nearest(choice, names)
                {
                    return Err(KeymapError::Misspelt {
                        choice: choice.to_string(),
                        name,
                    });
                }
                let text = read(&path)?;
                let mut k = Keymap::default_keymap();
                k.merge(&path.display().to_string(), &text)?;
                k.name = path.display().to_string();
                k
            }
        };
        if let Some(dir) = config_dir {
            let path = dir.join("keymap.ron");
            if path.is_file() {
                let text = read(&path)?;
                keymap.merge(&path.display().to_string(), &text)?;
                keymap.name = format!("{} + {}", keymap.name, path.display());
            }
        }
        Ok(keymap)
    }

    /// The action `key` does in `mode`, falling back to the global bindings.
    pub fn lookup(&self, mode: Mode, key: Key) -> Option<Action> {
        let find = |mode: Mode| {
            let (_, map) = self.maps.iter().find(|(m, _)| *m == mode)?;
            map.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
        };
        match mode {
            Mode::Prompt | Mode::Global => find(mode),
            _ => find(mode).or_else(|| find(Mode::Global)),
        }
    }

    /// Keys bound in `mode` itself, grouped by action in help order.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<Key>)> {
        let Some((_, map)) = self.maps.iter().find(|(m, _)| *m == mode) else {
            return Vec::new();
        };
        Action::bindable()
            .filter_map(|action| {
                let keys: Vec<Key> = map
                    .iter()
                    .filter(|(_, a)| *a == action)
                    .map(|(k, _)| *k)
                    .collect();
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect()
    }

    /// The default keys as a Markdown table, one row per mode and action (README).
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| where | keys | action |\n| --- | --- | --- |\n");
        for &mode in Mode::VARIANTS {
            let rows = self.bindings(mode);
            let labels = rows.iter().filter(|(a, _)| matches!(a, Action::Label(_)));
            let label_keys: Vec<String> =
                labels.flat_map(|(_, k)| k).map(|k| k.to_string()).collect();
            let mut label_done = false;
            for (action, keys) in &rows {
                let (keys, text) = if matches!(action, Action::Label(_)) {
                    if label_done {
                        continue;
                    }
                    label_done = true;
                    let keys = match (label_keys.first(), label_keys.last()) {
                        (Some(a), Some(b)) if label_keys.len() > 2 => format!("`{a}`-`{b}`"),
                        _ => label_keys
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(" "),
                    };
                    (
                        keys,
                        "apply label N to the selection, the word, or the span under the cursor (relabels; accepts a pending span)",
                    )
                } else {
                    let keys = keys
                        .iter()
                        .map(|k| format!("`{}`", md_escape(&k.to_string())))
                        .collect::<Vec<_>>()
                        .join(" ");
                    (keys, describe_in(*action, mode))
                };
                out.push_str(&format!("| {} | {keys} | {text} |\n", mode.name()));
            }
        }
        out
    }
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('`', "``")
}

fn read(path: &Path) -> Result<String, KeymapError> {
    std::fs::read_to_string(path).map_err(|source| KeymapError::Io {
        path: path.to_path_buf(),
        error: source,
    })
}
