//! `tanba curate`: the annotator, as a curator, on the articles the chosen annotators
//! have files for, with their disagreements as pending candidates.

use anyhow::{Result, anyhow, bail};
use std::collections::HashSet;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use super::agree::{Usage, choose_annotators, exit_2_on_usage, load_docs, require_shared};
use super::open::{Annotate, annotate, load_keymap};
use super::{Access, Session};
use crate::agree::{Curation, Filter, Sheet};
use crate::cli::CurateArgs;
use crate::config::Config;
use crate::corpus::Corpus;
use crate::store::check_annotator;

pub fn run(args: &CurateArgs) -> Result<ExitCode> {
    exit_2_on_usage(curate(args))
}

fn curate(args: &CurateArgs) -> Result<ExitCode> {
    let config = Config::load()?;
    let mut session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    let annotators = choose_annotators(&session, &args.annotators)?;
    let curator = args.curator.trim().to_string();
    check_annotator(&curator).map_err(Usage)?;
    if annotators.contains(&curator) {
        bail!(Usage(format!(
            "--as {curator} is one of the annotators curated; curate as another name"
        )));
    }
    let docs = load_docs(&session, &annotators)?;
    let sheet = Sheet::new(&session.corpus, &docs, &annotators, &Filter::default());
    require_shared(&sheet)?;
    // what was asked is checked first, so a mistake is reported the same way everywhere
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("tanba curate opens the annotator: run it in a terminal (or see `tanba agree`)");
    }
    let curation = Curation::new(&sheet, &docs, &curator);
    let chosen: HashSet<String> = sheet.articles.iter().map(|a| a.id.clone()).collect();
    drop(sheet);
    let corpus = std::mem::take(&mut session.corpus);
    session.corpus = Corpus {
        articles: corpus
            .articles
            .into_iter()
            .filter(|a| chosen.contains(&a.id))
            .collect(),
        problems: corpus.problems,
    };
    let how = Annotate {
        annotator: curator,
        keymap: load_keymap(args.keymap.as_deref(), &config).map_err(|e| anyhow!(e))?,
        mouse: !args.no_mouse && config.mouse != Some(false),
        curation: Some(Arc::new(curation)),
        // the curator settles the annotators' spans; suggestions would add others
        suggest: false,
        take_over: false,
        // nor does the curator's model learn: curation is settling, not annotating
        model: None,
        learn: false,
        learn_after: None,
    };
    annotate(session, how)
}
