//! `tanba merge`: writes one annotator's files (a curator's) from several others' spans.

use anyhow::{Result, bail};
use std::process::ExitCode;

use super::agree::{Usage, choose_annotators, exit_2_on_usage, load_docs, require_shared};
use super::{Access, Session};
use crate::agree::{Filter, MinAgree, Sheet, merge_doc, update_doc};
use crate::annotation::DocAnnotations;
use crate::annotation::SpanState;
use crate::cli::MergeArgs;
use crate::store::check_annotator;
use crate::text::sanitize;

pub fn run(args: &MergeArgs) -> Result<ExitCode> {
    exit_2_on_usage(merge(args))
}

fn merge(args: &MergeArgs) -> Result<ExitCode> {
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    let annotators = choose_annotators(&session, &args.annotators)?;
    let into = args.into.trim();
    check_annotator(into).map_err(Usage)?;
    if annotators.iter().any(|a| a == into) {
        bail!(Usage(format!(
            "--into {into} is one of the annotators merged; merge into another name"
        )));
    }
    let min = match args.min_agree {
        None => MinAgree::Everyone,
        Some(k) if (1..=annotators.len()).contains(&k) => MinAgree::AtLeast(k),
        Some(k) => bail!(Usage(format!(
            "--min-agree {k}: give a number from 1 to {} (the annotators merged)",
            annotators.len()
        ))),
    };
    let docs = load_docs(&session, &annotators)?;
    let sheet = Sheet::new(&session.corpus, &docs, &annotators, &Filter::default());
    require_shared(&sheet)?;
    let workspace = &session.workspace;
    let _lock = workspace.lock(into)?;
    let (mut written, mut accepted, mut pending) = (0, 0, 0);
    let mut links = crate::agree::Carried::default();
    let mut left_alone = Vec::new();
    let mut updates = Updates::default();
    for article in &sheet.articles {
        if workspace.doc_path(into, &article.id).exists() {
            if args.update {
                let mut fresh = merge_doc(article, &annotators, into, min);
                crate::agree::carry_links(&mut fresh, &docs, &annotators);
                updates.update(&session, into, &fresh)?;
            } else {
                left_alone.push(sanitize(&article.id).into_owned());
            }
            continue;
        }
        let mut doc = merge_doc(article, &annotators, into, min);
        let carried = crate::agree::carry_links(&mut doc, &docs, &annotators);
        (links.linked, links.differing) = (
            links.linked + carried.linked,
            links.differing + carried.differing,
        );
        workspace.save_doc(into, &doc)?;
        written += 1;
        let yes = doc
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Accepted)
            .count();
        accepted += yes;
        pending += doc.spans.len() - yes;
    }
    let rule = match min {
        MinAgree::Everyone => "everyone with a file".to_string(),
        MinAgree::AtLeast(k) => format!("at least {k}"),
    };
    println!(
        "merged {} into {into}: {} written, {} accepted (had by {rule}), {pending} pending",
        annotators.join(", "),
        crate::text::count(written, "article", "articles"),
        crate::text::count(accepted, "span", "spans"),
    );
    print_links(links);
    if args.update {
        updates.print(into);
    }
    if !left_alone.is_empty() {
        println!(
            "left alone ({into} already has a file): {}",
            left_alone.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The links carried into the merge, and the spans whose annotators linked differently.
fn print_links(links: crate::agree::Carried) {
    if links.linked + links.differing > 0 {
        println!(
            "links: {} their annotators' link, {} left unlinked because the links differ \
             (said in their note)",
            crate::text::count(links.linked, "span carries", "spans carry"),
            links.differing
        );
    }
}

/// What `--update` did to the files that existed.
#[derive(Default)]
struct Updates {
    articles: usize,
    changes: Vec<String>,
    kept: usize,
}

impl Updates {
    /// Brings `into`'s existing document of `fresh`'s article up to date; saves it when
    /// something changed. A file that does not parse stops the merge (nothing guessed).
    fn update(&mut self, session: &Session, into: &str, fresh: &DocAnnotations) -> Result<()> {
        let Some(article) = session
            .corpus
            .articles
            .iter()
            .find(|a| a.id == fresh.article)
        else {
            return Ok(());
        };
        let current = session.workspace.load_doc(into, article)?.doc;
        let updated = update_doc(&current, fresh);
        self.kept += updated.kept;
        if !updated.changes.is_empty() {
            session.workspace.save_doc(into, &updated.doc)?;
            self.articles += 1;
            let id = sanitize(&article.id);
            self.changes.extend(
                updated
                    .changes
                    .iter()
                    .map(|c| format!("  {id}: {}", sanitize(c))),
            );
        }
        Ok(())
    }

    fn print(&self, into: &str) {
        println!(
            "updated {} of {into}'s articles: {}; {} {into} decided left as they are",
            self.articles,
            crate::text::count(self.changes.len(), "change", "changes"),
            crate::text::count(self.kept, "span", "spans")
        );
        for line in &self.changes {
            println!("{line}");
        }
    }
}
