//! `tanba labels remove NAME` (refused while a span in any annotator's files uses it) and
//! `tanba labels key NAME KEY`.

use anyhow::{Result, bail};
use std::path::Path;
use std::process::ExitCode;

use crate::annotation::unknown_label;
use crate::cli::{LabelsKeyArgs, LabelsRemoveArgs};
use crate::commands::agree::Usage;
use crate::store::{Workspace, read_doc, remove_label, set_label_key};

pub fn run_remove(args: &LabelsRemoveArgs) -> Result<ExitCode> {
    let path = super::settings_file(args.workspace.as_deref())?;
    let root = path.parent().unwrap_or(Path::new("."));
    let workspace = Workspace::open(root)?;
    known(&workspace, &args.name)?;
    let uses = uses(&workspace, &args.name)?;
    if uses.spans > 0 {
        bail!(
            "label {} is used by {} span{} in {} file{} ({}); relabel or remove them first",
            args.name,
            uses.spans,
            if uses.spans == 1 { "" } else { "s" },
            uses.files,
            if uses.files == 1 { "" } else { "s" },
            uses.annotators.join(", "),
        );
    }
    remove_label(&path, &args.name)?;
    eprintln!("removed label {} from {}", args.name, path.display());
    Ok(ExitCode::SUCCESS)
}

pub fn run_key(args: &LabelsKeyArgs) -> Result<ExitCode> {
    let path = super::settings_file(args.workspace.as_deref())?;
    known(
        &Workspace::open(path.parent().unwrap_or(Path::new(".")))?,
        &args.name,
    )?;
    let mut chars = args.key.chars();
    let key = match (chars.next(), chars.next()) {
        _ if args.key == "none" => None,
        (Some(c), None) => Some(c),
        _ => bail!("a key is one character (or `none`), not {:?}", args.key),
    };
    if let Some(c) = key {
        free_in_keymap(c)?;
    }
    set_label_key(&path, &args.name, key)?;
    match key {
        Some(c) => eprintln!("label {} now has the key {c}", args.name),
        None => eprintln!("label {} has no key of its own now", args.name),
    }
    Ok(ExitCode::SUCCESS)
}

/// A key the text mode binds to something else would stop every session at start-up
/// (`check_keys`): refused before tanba.ron is touched.
pub(crate) fn free_in_keymap(c: char) -> Result<()> {
    use crate::action::Action;
    use crate::keymap::{Key, Mode};
    use crossterm::event::{KeyCode, KeyModifiers};
    let config = crate::config::Config::load()?;
    let keymap = crate::commands::open::load_keymap(None, &config)?;
    let key = Key::new(KeyCode::Char(c), KeyModifiers::NONE);
    match keymap.lookup(Mode::Text, key) {
        None | Some(Action::Label(_) | Action::Unbind) => Ok(()),
        Some(action) => bail!(
            "key {c:?} is `{}` in the {} keymap's text mode; give the label another key, \
             or none (the label picker reaches every label)",
            ron::to_string(&action).unwrap_or_default(),
            keymap.name,
        ),
    }
}

/// A label to change must be in the set: else the one message every command gives, exit 2.
fn known(workspace: &Workspace, name: &str) -> Result<()> {
    let labels = &workspace.settings.labels;
    if labels.get(name).is_none() {
        bail!(Usage(unknown_label(name, labels.names())));
    }
    Ok(())
}

/// How much of the annotators' work uses a label.
struct Uses {
    spans: usize,
    files: usize,
    annotators: Vec<String>,
}

/// Counts the spans labelled `name` in every annotator's files; a file that does not
/// parse is an error, since it cannot be told whether it uses the label.
fn uses(workspace: &Workspace, name: &str) -> Result<Uses> {
    let mut uses = Uses {
        spans: 0,
        files: 0,
        annotators: Vec::new(),
    };
    for annotator in workspace.annotators() {
        let before = uses.spans;
        let dir = workspace.annotator_dir(&annotator);
        for entry in std::fs::read_dir(&dir)?.flatten() {
            let path = entry.path();
            let is_doc = path.extension().is_some_and(|e| e == "ron")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if !is_doc {
                continue;
            }
            let doc = read_doc(&path)?;
            let n = doc.spans.iter().filter(|s| s.label == name).count();
            uses.spans += n;
            uses.files += usize::from(n > 0);
        }
        if uses.spans > before {
            uses.annotators.push(annotator);
        }
    }
    Ok(uses)
}
