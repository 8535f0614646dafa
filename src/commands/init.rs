//! `tanba init PATH...`: creates the workspace of a corpus from the shell, with its
//! labels and span scheme, without opening the annotator.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::ExitCode;

use super::{Access, Session};
use crate::annotation::{Label, LabelSet};
use crate::cli::InitArgs;
use crate::corpus;

pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let located = Session::locate(&args.paths, &args.workspace, Access::Write)?;
    if let Some((ws, _)) = located.workspace() {
        bail!(
            "{} already exists; `tanba labels` changes its labels",
            ws.settings_path().display()
        );
    }
    let given = match &args.labels {
        Some(file) => Some(read_label_file(file)?),
        None => None,
    };
    let corpus = corpus::load_with(&located.paths, located.options);
    let data_labels = corpus::imported_labels(&corpus.articles);
    if args.labels_from_data && data_labels.is_empty() {
        bail!("--labels-from-data: the corpus uses no labels (it has no tags or pre-annotations)");
    }
    let problems = corpus.problems.len();
    let located = located.starting_with(given, args.spans.map(Into::into));
    let session = located.finish(corpus, data_labels)?;
    let ws = &session.workspace;
    let labels: Vec<&str> = ws.settings.labels.names().collect();
    println!(
        "created {}: {}, {} ({}), spans {}",
        ws.settings_path().display(),
        super::articles(session.corpus.articles.len()),
        super::plural_labels(labels.len()),
        labels.join(", "),
        ws.settings.spans().name(),
    );
    if problems > 0 {
        eprintln!(
            "tanba: reading the corpus found {problems} problem{}: `tanba validate` lists them",
            if problems == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A label file: one label per line, `NAME` or `NAME KEY`; blank lines and `#` comments
/// are skipped. Errors name the file and line.
pub fn read_label_file(file: &Path) -> Result<LabelSet> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the label file {}", file.display()))?;
    let set = parse_label_file(&text)
        .map_err(|(line, why)| anyhow::anyhow!("{}:{line}: {why}", file.display()))?;
    // a key the text mode uses would stop the annotator at start-up
    for (index, label) in set.labels.iter().enumerate() {
        if let Some(c) = label.key
            && let Err(e) = super::labels::free_in_keymap(c)
        {
            bail!("{}:{}: {e}", file.display(), line_of(&text, index));
        }
    }
    Ok(set)
}

fn parse_label_file(text: &str) -> Result<LabelSet, (usize, String)> {
    let mut set = LabelSet { labels: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let name = words.next().unwrap_or_default();
        let key = match (words.next(), words.next()) {
            (None, _) => None,
            (Some(key), None) if key.chars().count() == 1 => key.chars().next(),
            _ => {
                return Err((
                    i + 1,
                    format!("expected `NAME` or `NAME KEY` (one character), found {line:?}"),
                ));
            }
        };
        if set.get(name).is_some() {
            return Err((i + 1, format!("label {name} is listed twice")));
        }
        set.labels.push(Label {
            key,
            ..Label::named(name)
        });
    }
    if set.labels.is_empty() {
        return Err((1, "no labels in this file".into()));
    }
    set.check()
        .map_err(|(index, e)| (line_of(text, index), e.to_string()))?;
    Ok(set)
}

/// The line of the `index`th label of a label file.
fn line_of(text: &str, index: usize) -> usize {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            if seen == index {
                return i + 1;
            }
            seen += 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_files_give_names_and_keys_and_errors_with_lines() {
        let set = parse_label_file("# team labels\nPERSON p\n\nGPE\n").unwrap();
        let names: Vec<_> = set.names().collect();
        assert_eq!(names, ["PERSON", "GPE"]);
        assert_eq!(set.labels[0].key, Some('p'));
        assert_eq!(set.labels[1].key, None);
        assert_eq!(parse_label_file("A\nA\n").unwrap_err().0, 2);
        assert_eq!(parse_label_file("A x y\n").unwrap_err().0, 1);
        assert_eq!(parse_label_file("A k\n\nB k\n").unwrap_err().0, 3);
        assert!(parse_label_file("# none\n").is_err());
    }
}
