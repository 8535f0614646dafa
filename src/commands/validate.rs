use anyhow::Result;
use std::process::ExitCode;

use super::{Access, Session};
use crate::cli::CorpusArgs;

/// Reads the corpus and every annotation file; prints each problem as file:line: message.
pub fn run(args: &CorpusArgs) -> Result<ExitCode> {
    let mut session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    let (docs, store_errors) = session.workspace.load_all(&session.corpus);
    let mut problems: Vec<String> = session
        .corpus
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    problems.extend(store_errors.iter().map(ToString::to_string));
    for article in &session.corpus.articles {
        for span in &article.imported {
            if session.workspace.settings.labels.get(&span.label).is_none() {
                problems.push(format!(
                    "{}:{}: label {:?} is not in the workspace's label set",
                    article.source.file.display(),
                    article.source.line,
                    span.label
                ));
            }
        }
    }
    for line in &problems {
        println!("{line}");
    }
    let spans: usize = docs.values().map(|d| d.spans.len()).sum();
    eprintln!(
        "{} articles, {} annotation files ({} spans), {} problem{}",
        session.corpus.articles.len(),
        docs.len(),
        spans,
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    // the process ends now: freeing 100,000 articles one by one would only delay it
    std::mem::forget(std::mem::take(&mut session.corpus));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
