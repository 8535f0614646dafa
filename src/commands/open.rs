//! `tanba [PATH...]`: the annotator. Without a terminal it prints the summary instead.

use anyhow::{Context, anyhow, bail};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::channel;

use super::index::index_store;
use super::{Access, Session, stats};
use crate::cli::OpenArgs;
use crate::config::{Config, config_dir};
use crate::corpus::Corpus;
use crate::keymap::Keymap;
use crate::search::{Facts, IndexStore, SearchOptions, Searcher};
use crate::store::{Saver, Workspace};
use crate::tui::app::Message;
use crate::tui::draw::Colors;
use crate::tui::run::{Event, Options, Outcome, run, spawn_preloader};
use crate::tui::{App, WorkspaceStore};

pub fn run_tui(args: &OpenArgs) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return stats::summary(args);
    }
    let config = Config::load()?;
    let annotator = config
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    let choice = args.keymap.as_deref().or(config.keymap.as_deref());
    let keymap = Keymap::load(choice, config_dir().as_deref())?;
    let session = Session::open(&args.paths, &args.workspace, Access::Write)?;
    super::labels::check_keys(&session.workspace, &keymap)?;
    // one session per annotator: refuse before touching anything
    let lock = match session.workspace.lock(&annotator) {
        Ok(lock) => lock,
        Err(e) => {
            eprintln!("tanba: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    refuse_empty(&session.corpus)?;
    let (tx, rx) = channel();
    let notify = tx.clone();
    let saver = Saver::new(move |state| {
        let _ = notify.send(Event::Saved(state.clone()));
    });
    let problems = session.corpus.problems.len();
    let corpus = Arc::new(session.corpus);
    let labels = session.workspace.settings.labels.clone();
    let index = index_store_for(args);
    let searcher = start_searcher(&session.workspace, &corpus, &annotator, index, tx.clone());
    let store = WorkspaceStore {
        workspace: session.workspace.clone(),
        annotator: annotator.clone(),
        saver,
    };
    let mut app = App::new(
        Arc::clone(&corpus),
        labels,
        &annotator,
        keymap,
        Box::new(store),
    );
    match searcher {
        Ok(searcher) => app.attach_search(Box::new(searcher)),
        Err(e) => app.fail(format!("search is not available: {e}")),
    }
    if app.message.is_none() {
        app.message = first_message(&session.label_note, &session.unknown_labels, problems);
    }
    preload(&session.workspace, &corpus, &annotator, tx.clone());
    let options = Options {
        mouse: !args.no_mouse && config.mouse != Some(false),
        colors: Colors::from_env(),
    };
    let outcome = run(app, tx, rx, options).context("running the annotator")?;
    drop(lock);
    match outcome {
        Outcome::Quit { unsaved: None } | Outcome::HungUp => Ok(ExitCode::SUCCESS),
        Outcome::Quit { unsaved: Some(why) } => {
            eprintln!("tanba: some edits could not be saved: {why}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// What the status line says first: labels added or missing, else input problems.
fn first_message(note: &Option<String>, unknown: &[String], problems: usize) -> Option<Message> {
    match note {
        Some(note) => Some(Message {
            text: note.clone(),
            error: !unknown.is_empty(),
        }),
        None => (problems > 0).then(|| Message {
            text: format!("{problems} input problem(s); `tanba validate` lists them"),
            error: true,
        }),
    }
}

/// An empty corpus is refused with the problems that emptied it.
fn refuse_empty(corpus: &Corpus) -> anyhow::Result<()> {
    if corpus.articles.is_empty() {
        let problems: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
        bail!(
            "no articles to annotate{}{}",
            if problems.is_empty() { "" } else { ":\n" },
            problems.join("\n")
        );
    }
    Ok(())
}

/// Every document read in the background, so the list shows statuses and counts.
fn preload(
    workspace: &Workspace,
    corpus: &Arc<Corpus>,
    annotator: &str,
    tx: std::sync::mpsc::Sender<Event>,
) {
    let (workspace, who) = (workspace.clone(), annotator.to_string());
    spawn_preloader(
        Arc::clone(corpus),
        move |a| {
            workspace
                .load_doc(&who, a)
                .map(|l| l.doc)
                .map_err(|e| e.to_string())
        },
        tx,
    );
}

/// Where the index of the corpus the session opened lives (found again the way
/// `tanba search` finds it, so both use one index); `None` if it cannot be found.
fn index_store_for(args: &OpenArgs) -> Option<IndexStore> {
    let located = Session::locate(&args.paths, &args.workspace, Access::Read).ok()?;
    let (workspace, kind) = located.workspace?;
    Some(index_store(
        &workspace,
        kind,
        &located.paths,
        located.options,
    ))
}

/// The search worker: titles are searchable at once; every annotator's documents (for the
/// filters) are read and the full index is read from the workspace (or built and saved
/// there) in the background.
fn start_searcher(
    workspace: &Workspace,
    corpus: &Arc<Corpus>,
    annotator: &str,
    index: Option<IndexStore>,
    tx: std::sync::mpsc::Sender<Event>,
) -> std::io::Result<Searcher> {
    let (workspace, for_facts, me) = (workspace.clone(), Arc::clone(corpus), annotator.to_string());
    let labels = workspace.settings.labels.clone();
    let load_facts = move || {
        // files that do not parse are left out here; opening them says why
        let (docs, _problems) = workspace.load_all(&for_facts);
        Facts::new(&for_facts.articles, &docs).with_annotator(&me)
    };
    let notify = move |event| {
        let _ = tx.send(Event::Search(event));
    };
    let (articles, options) = (Arc::clone(corpus), SearchOptions::default());
    match index {
        Some(index) => {
            Searcher::start_persistent(articles, labels, load_facts, index, options, notify)
        }
        None => Searcher::start_loading(articles, labels, load_facts, options, notify),
    }
}
