//! `tanba labels PATH...`: the workspace's label set, as a table or JSON; `tanba labels
//! add NAME...`: new labels at the end of `tanba.ron`, its comments and order kept.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

#[path = "labels_edit.rs"]
mod edit;
use std::process::ExitCode;

use super::{Access, Session};
use crate::action::Action;
use crate::annotation::LabelSet;
use crate::cli::{LabelsAction, LabelsAddArgs, LabelsArgs, WorkspaceArgs};
use crate::keymap::{Key, Keymap, Mode};
use crate::store::{
    SETTINGS_FILE, Workspace, add_labels, default_workspace_dir, label_field_position,
};
use crate::text::sanitize;

pub fn run(args: &LabelsArgs) -> Result<ExitCode> {
    match &args.action {
        Some(LabelsAction::Add(add)) => return run_add(add),
        Some(LabelsAction::Remove(remove)) => return edit::run_remove(remove),
        Some(LabelsAction::Key(key)) => return edit::run_key(key),
        None => {}
    }
    let session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    let labels = &session.workspace.settings.labels;
    if args.json {
        println!("{}", serde_json::to_string(&as_json(labels))?);
    } else {
        print!("{}", table(labels));
    }
    Ok(ExitCode::SUCCESS)
}

/// One object per label: name, key (null when none), tag, colour, description.
pub fn as_json(labels: &LabelSet) -> serde_json::Value {
    let (keys, tags) = (labels.keys(), labels.tags());
    labels
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            serde_json::json!({
                "name": label.name,
                "key": keys[i].map(String::from),
                "tag": tags[i],
                "color": labels.color(i),
                "description": label.description,
            })
        })
        .collect()
}

/// Key, name, tag, colour and description in columns; `-` for a label without a key.
fn table(labels: &LabelSet) -> String {
    let (keys, tags) = (labels.keys(), labels.tags());
    let rows: Vec<[String; 5]> = labels
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            [
                keys[i].map_or("-".to_string(), String::from),
                label.name.clone(),
                tags[i].clone(),
                labels.color(i).to_string(),
                label.description.clone(),
            ]
            .map(|cell| sanitize(&cell).into_owned())
        })
        .collect();
    let head = ["key", "name", "tag", "color", "description"].map(String::from);
    let width = |c: usize| {
        std::iter::once(&head)
            .chain(&rows)
            .map(|r| r[c].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    let mut out = String::new();
    for row in std::iter::once(&head).chain(&rows) {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            line += &format!("{cell:w$}  ");
        }
        line += &row[4];
        out += line.trim_end();
        out.push('\n');
    }
    out
}

/// The `tanba.ron` of `--workspace DIR`, or of the current folder.
fn settings_file(workspace: Option<&Path>) -> Result<PathBuf> {
    let root = match workspace {
        Some(dir) => dir.to_path_buf(),
        None if PathBuf::from(SETTINGS_FILE).is_file() => PathBuf::from("."),
        None => bail!(
            "which workspace? give --workspace DIR, or run this in a workspace folder \
             (`tanba stats PATH` prints the workspace of a corpus)"
        ),
    };
    let path = root.join(SETTINGS_FILE);
    if !path.is_file() {
        bail!(super::no_workspace(&root, true));
    }
    if let Some(own) = workspace_of_template(&root) {
        return Ok(own);
    }
    if !is_template(&root)? {
        return Ok(path);
    }
    // as `tanba PATH` would on the first edit: the workspace starts from the template
    let session = Session::open(
        std::slice::from_ref(&root),
        &WorkspaceArgs::default(),
        Access::Write,
    )?;
    let own = session.workspace.settings_path();
    eprintln!(
        "tanba: created the workspace {} from the template {} (the corpus is left as it is)",
        session.workspace.root.display(),
        path.display()
    );
    Ok(own)
}

/// A `tanba.ron` that names no sources is a corpus folder's template: a workspace always
/// names the corpus it was created for.
fn is_template(root: &Path) -> Result<bool> {
    Ok(Workspace::open(root)?.settings.sources.is_empty())
}

/// A corpus folder's `tanba.ron` is a template once the corpus has a workspace of its
/// own: the workspace's file is the one to edit (the corpus is never written to).
fn workspace_of_template(root: &Path) -> Option<PathBuf> {
    let default = default_workspace_dir(&[root.to_path_buf()]).ok()?;
    let same = std::fs::canonicalize(&default).ok()? == std::fs::canonicalize(root).ok()?;
    let path = default.join(SETTINGS_FILE);
    (!same && path.is_file()).then_some(path)
}

fn run_add(args: &LabelsAddArgs) -> Result<ExitCode> {
    let names: Vec<String> = args.names.iter().map(|n| n.trim().to_string()).collect();
    for name in &names {
        if let Err(e) = LabelSet::check_new_name(name) {
            // `labels add . FOO`: the folder was meant as the workspace
            let hint = match Path::new(name).exists() {
                true => format!("; to name the workspace, give it as --workspace {name}"),
                false => String::new(),
            };
            bail!("{e}{hint}");
        }
    }
    let path = settings_file(args.workspace.as_deref())?;
    let added = add_labels(&path, &names)?;
    let kept: Vec<&str> = names
        .iter()
        .filter(|n| !added.contains(n))
        .map(String::as_str)
        .collect();
    if !added.is_empty() {
        eprintln!(
            "added {} to {}: {}",
            super::plural_labels(added.len()),
            path.display(),
            added.join(", ")
        );
    }
    if !kept.is_empty() {
        eprintln!("already in the label set: {}", kept.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// A label's own key that the text mode already binds to something other than a label
/// would never reach the label: an error at start-up, pointing at the key in tanba.ron.
pub fn check_keys(workspace: &Workspace, keymap: &Keymap) -> Result<()> {
    use crossterm::event::{KeyCode, KeyModifiers};
    for (i, label) in workspace.settings.labels.labels.iter().enumerate() {
        let Some(c) = label.key else { continue };
        let key = Key::new(KeyCode::Char(c), KeyModifiers::NONE);
        let action = match keymap.lookup(Mode::Text, key) {
            None | Some(Action::Label(_) | Action::Unbind) => continue,
            Some(action) => action,
        };
        let path = workspace.settings_path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let (line, column) = label_field_position(&text, i, "key").unwrap_or((1, 1));
        let name = ron::to_string(&action).unwrap_or_default();
        bail!(
            "{}:{line}:{column}: key {c:?} of {} is `{name}` in the {} keymap's text mode; \
             give the label another key, or none (the label picker reaches every label)",
            path.display(),
            sanitize(&label.name),
            keymap.name,
        );
    }
    Ok(())
}
