//! `tanba suggest PATH... --model [FILE]`: the built-in tagger's spans become pending
//! suggestions, origin `model:NAME`, each with its confidence in the note, for articles
//! not done. Labels the model knows and the workspace lacks are added to its label set.

use anyhow::{Context, Result, anyhow};
use std::path::Path;
use std::process::ExitCode;

use super::suggest::{check_name, parse_statuses, wanted};
use super::{Access, Session};
use crate::annotation::{Op, Origin};
use crate::cli::SuggestArgs;
use crate::config::Config;
use crate::learn::{self, MODEL_FILE, Model};
use crate::store::{Workspace, add_labels};
use crate::suggest::{Candidate, admit};

pub fn run(args: &SuggestArgs) -> Result<ExitCode> {
    let name = args.name.as_deref().unwrap_or("tanba");
    check_name(name)?;
    let annotator = Config::load()?
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    let statuses = parse_statuses(&args.status)?;
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    let model = load_model(
        args.model.as_ref().and_then(|m| m.as_deref()),
        &session.workspace,
    )?;
    let _lock = session.workspace.lock(&annotator)?;
    let added_labels = add_model_labels(&session.workspace, &model)?;
    let origin = Origin::Model(name.to_string());
    let (mut articles, mut added, mut problems) = (0, 0, 0);
    for article in &session.corpus.articles {
        let mut doc = match session.workspace.load_doc(&annotator, article) {
            Ok(loaded) if wanted(loaded.doc.status, &statuses) => loaded.doc,
            Ok(_) => continue,
            Err(e) => {
                eprintln!("tanba suggest: {e} (article left out)");
                problems += 1;
                continue;
            }
        };
        articles += 1;
        let candidates: Vec<Candidate> = learn::read(&model, article)
            .spans
            .into_iter()
            .map(|f| Candidate {
                start: f.start,
                end: f.end,
                label: f.label,
                note: Some(format!("confidence {:.2}", f.confidence)),
            })
            .collect();
        let spans = admit(
            &article.text,
            &doc,
            candidates,
            &origin,
            &annotator,
            session.workspace.settings.spans(),
        );
        if spans.is_empty() {
            continue;
        }
        let n: usize = spans
            .into_iter()
            .map(|s| usize::from(doc.apply(&Op::Add(s), &annotator)))
            .sum();
        match session.workspace.save_doc(&annotator, &doc) {
            Ok(()) => added += n,
            Err(e) => {
                eprintln!("tanba suggest: could not save: {e}");
                problems += 1;
            }
        }
    }
    println!(
        "{origin}: {} read, {} added",
        crate::text::count(articles, "article", "articles"),
        crate::text::count(added, "suggestion", "suggestions")
    );
    if !added_labels.is_empty() {
        println!(
            "added {} the model knows to the workspace's labels: {}",
            super::plural_labels(added_labels.len()),
            added_labels.join(", ")
        );
    }
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The model at `file`, else the workspace's own.
pub(super) fn load_model(file: Option<&Path>, workspace: &Workspace) -> Result<Model> {
    let path = match file {
        Some(path) => path.to_path_buf(),
        None => workspace.root.join(MODEL_FILE),
    };
    if file.is_none() && !path.is_file() {
        anyhow::bail!(
            "no model in the workspace yet ({}): train one with `tanba train`",
            path.display()
        );
    }
    Ok(Model::load(&path)?)
}

/// Adds the model's labels the workspace lacks to its `tanba.ron`; returns them.
fn add_model_labels(workspace: &Workspace, model: &Model) -> Result<Vec<String>> {
    let missing: Vec<String> = model
        .labels()
        .iter()
        .filter(|l| workspace.settings.labels.get(l).is_none())
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let path = workspace.settings_path();
    add_labels(&path, &missing).with_context(|| format!("adding labels to {}", path.display()))
}
