//! `tanba queue PATH...`: the annotator's work in the order to take it. With an assignment:
//! their assigned articles neither done nor skipped, in progress first, then the
//! assignment's order; without one: every article not done, in corpus order. `--by doubt`
//! puts the most doubtful first by the model's doubt (one minus the mean confidence of its
//! token tags).

use anyhow::{Result, anyhow};
use rayon::prelude::*;
use std::collections::HashMap;
use std::process::ExitCode;

use super::suggest_model::load_model;
use super::{Access, Session};
use crate::annotation::DocStatus;
use crate::assign::{self, Assignment, Statuses};
use crate::cli::{QueueArgs, QueueOrder};
use crate::config::Config;
use crate::corpus::Article;
use crate::learn;
use crate::text::sanitize;

/// One article in the queue.
struct Entry<'a> {
    article: &'a Article,
    status: DocStatus,
    doubt: Option<f32>,
}

pub fn run(args: &QueueArgs) -> Result<ExitCode> {
    let annotator = Config::load()?
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Read)?;
    let assignment = assign::load(&session.workspace.root)?;
    let mut entries = match &assignment {
        Some(a) => assigned(&session, a, &annotator),
        None => not_done(&session, &annotator),
    };
    if args.by == QueueOrder::Doubt {
        let model = load_model(args.model.as_deref(), &session.workspace)?;
        entries.par_iter_mut().for_each(|e| {
            e.doubt = Some(learn::read(&model, e.article).doubt);
        });
        // most doubtful first; ties keep corpus order (a stable sort)
        entries.sort_by(|a, b| b.doubt.unwrap_or(0.0).total_cmp(&a.doubt.unwrap_or(0.0)));
    }
    if args.json {
        let list: Vec<_> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.article.id,
                    "title": e.article.title,
                    "status": e.status.as_str(),
                    "doubt": e.doubt,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({ "annotator": annotator, "articles": list })
        );
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        // an empty screen could be a wrong name or a wrong folder: said in words
        let annotator = sanitize(&annotator);
        match &assignment {
            Some(a) if !a.knows(&annotator) => {}
            Some(_) => eprintln!(
                "tanba queue: nothing left for {annotator}: every article assigned to \
                 {annotator} is done or skipped"
            ),
            None => eprintln!("tanba queue: nothing left for {annotator}: every article is done"),
        }
    }
    for e in &entries {
        let doubt = e.doubt.map_or(String::new(), |d| format!("{d:.3}  "));
        println!(
            "{doubt}{:<11}  {}  {}",
            e.status.as_str(),
            sanitize(&e.article.id),
            sanitize(&e.article.title)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Every article `annotator` has not done, in corpus order.
fn not_done<'a>(session: &'a Session, annotator: &str) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for article in &session.corpus.articles {
        let status = match session.workspace.load_doc(annotator, article) {
            Ok(loaded) => loaded.doc.status,
            Err(e) => {
                eprintln!("tanba queue: {e} (article left out)");
                continue;
            }
        };
        if status != DocStatus::Done {
            entries.push(Entry {
                article,
                status,
                doubt: None,
            });
        }
    }
    entries
}

/// `annotator`'s assigned work in the assignment's queue order (articles of the corpus).
fn assigned<'a>(session: &'a Session, a: &Assignment, annotator: &str) -> Vec<Entry<'a>> {
    if !a.knows(annotator) {
        eprintln!(
            "tanba queue: nothing is assigned to {annotator:?} (the assignment names {})",
            a.annotators.join(", ")
        );
    }
    let (statuses, errors) = Statuses::read(
        &session.workspace,
        &session.corpus,
        &[annotator.to_string()],
    );
    for e in errors {
        eprintln!("tanba queue: {e} (counted as todo)");
    }
    let by_id: HashMap<&str, &Article> = session
        .corpus
        .articles
        .iter()
        .map(|x| (x.id.as_str(), x))
        .collect();
    a.queue(annotator, &statuses)
        .into_iter()
        .filter_map(|(id, status)| {
            Some(Entry {
                article: by_id.get(id)?,
                status,
                doubt: None,
            })
        })
        .collect()
}
