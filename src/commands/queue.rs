//! `tanba queue PATH...`: the articles not done, in corpus order or, with `--by doubt`,
//! most doubtful first by the model's doubt (one minus the mean confidence of its token
//! tags). Open to more orders and to assignment (`--annotator` names whose statuses count).

use anyhow::{Result, anyhow};
use rayon::prelude::*;
use std::process::ExitCode;

use super::suggest_model::load_model;
use super::{Access, Session};
use crate::annotation::DocStatus;
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
    let mut entries = Vec::new();
    for article in &session.corpus.articles {
        let status = match session.workspace.load_doc(&annotator, article) {
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
        println!("{}", serde_json::json!({ "articles": list }));
        return Ok(ExitCode::SUCCESS);
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
