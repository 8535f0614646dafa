//! `tanba [PATH...]`: the annotator. Without a terminal it prints the summary instead.

use anyhow::{Context, anyhow, bail};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};

use super::index::index_store;
use super::{Access, Session, WorkspaceKind, stats};
use crate::agree::Curation;
use crate::cli::OpenArgs;
use crate::config::{Config, config_dir};
use crate::corpus::{Article, Corpus, LoadOptions};
use crate::desk::learning::LEARN_AFTER;
use crate::keymap::Keymap;
use crate::search::{Facts, IndexStore, SearchOptions, Searcher};
use crate::store::{Saver, SessionLock, Workspace};
use crate::tui::app::Message;
use crate::tui::curation::CurationStore;
use crate::tui::draw::Colors;
use crate::tui::learning::Learning;
use crate::tui::run::{Event, Options, Outcome, Remember, run, spawn_preloader};
use crate::tui::team::{WorkspaceTeam, spawn_watcher};
use crate::tui::{App, DocStore, WorkspaceStore};

/// How long `--take-over` waits for the old session to save and exit.
const TAKE_OVER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

pub fn run_tui(args: &OpenArgs) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return stats::summary(args);
    }
    let config = Config::load()?;
    let annotator = config
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    let how = Annotate {
        annotator,
        keymap: load_keymap(args.keymap.as_deref(), &config)?,
        mouse: !args.no_mouse && config.mouse != Some(false),
        curation: None,
        suggest: config.suggest != Some(false),
        take_over: args.take_over,
        model: args.model.clone(),
        learn: config.learn != Some(false),
        learn_after: config.learn_after,
    };
    let session = Session::open(&args.paths, &args.workspace, Access::Write)?;
    annotate(session, how)
}

/// Who annotates and how; `curation` makes the session a curation (`tanba curate`).
pub(super) struct Annotate {
    pub annotator: String,
    pub keymap: Keymap,
    pub mouse: bool,
    pub curation: Option<Arc<Curation>>,
    /// Suggestions in the annotator (`suggest: Some(false)` in config.ron turns them off).
    pub suggest: bool,
    /// Ask a session of this annotator left open to save and exit first (`--take-over`).
    pub take_over: bool,
    /// The model that suggests (`--model FILE`; default the workspace's own).
    pub model: Option<std::path::PathBuf>,
    /// The model learns again as articles are done (`learn: Some(false)` turns it off),
    /// once the done articles hold `learn_after` accepted spans.
    pub learn: bool,
    pub learn_after: Option<usize>,
}

/// `--keymap`, else the config's, else the default, with the user's overrides.
pub(super) fn load_keymap(choice: Option<&str>, config: &Config) -> anyhow::Result<Keymap> {
    Ok(Keymap::load(
        choice.or(config.keymap.as_deref()),
        config_dir().as_deref(),
    )?)
}

/// Runs the annotator on the session until it quits.
pub(super) fn annotate(session: Session, how: Annotate) -> anyhow::Result<ExitCode> {
    let annotator = how.annotator;
    super::labels::check_keys(&session.workspace, &how.keymap)?;
    // one session per annotator: refuse before touching anything
    let lock = take_lock(&session.workspace, &annotator, how.take_over)?;
    refuse_empty(&session.corpus)?;
    // from here on a panic on any thread ends the session cleanly
    crate::tui::terminal::install_panic_hook();
    let (tx, rx) = channel();
    let saver = saver(tx.clone());
    let problems = session.corpus.problems.len();
    let corpus = Arc::new(session.corpus);
    let labels = session.workspace.settings.labels.clone();
    // a curation shows only the articles it settles: that index is built in memory, never
    // saved where `tanba search` finds the whole corpus's
    let index = match how.curation {
        Some(_) => None,
        None => Some(index_store_for(
            &session.workspace,
            session.kind,
            session.options,
        )),
    };
    let searcher = start_searcher(&session.workspace, &corpus, &annotator, index, tx.clone());
    let store = WorkspaceStore {
        workspace: session.workspace.clone(),
        annotator: annotator.clone(),
        saver,
    };
    let (store, loader) = stores(store, how.curation.as_ref());
    let mut app = App::new(Arc::clone(&corpus), labels, &annotator, how.keymap, store);
    project_rules(&mut app, &session.workspace);
    if let Some(curation) = how.curation {
        app.desk.start_curation(curation);
    }
    show_guidelines(&mut app, &session.workspace, &annotator);
    match searcher {
        Ok(searcher) => app.desk.attach_search(Box::new(searcher)),
        Err(e) => app.fail(format!("search is not available: {e}")),
    }
    if app.message.is_none() {
        app.message = first_message(&session.label_note, &session.unknown_labels, problems);
    }
    if let Some((article, at)) = session.workspace.load_resume(&annotator, &corpus) {
        app.resume_at(article, at.cursor, at.pane);
    }
    // every document read in the background, so the list shows statuses and counts
    // the findings are checked in the background, reading what is not read yet
    app.desk
        .attach_checker(Box::new(crate::tui::checking::ThreadChecker {
            read: Arc::clone(&loader),
            tx: tx.clone(),
        }));
    let preloader_fails = failpoint("preload-panic");
    let load = move |a: &Article| {
        assert!(!preloader_fails, "failpoint preload-panic");
        loader(a)
    };
    spawn_preloader(Arc::clone(&corpus), load, tx.clone());
    start_suggestions(&mut app, how.suggest, &session.workspace, tx.clone());
    let learning = Learning {
        model: how.model,
        workspace_root: session.workspace.root.clone(),
        learn: how.learn,
        after: how.learn_after.unwrap_or(LEARN_AFTER),
    };
    crate::tui::learning::start(&mut app, learning, &corpus, &tx);
    attach_team(&mut app, &session.workspace, &corpus, &tx);
    let options = Options {
        mouse: how.mouse,
        colors: Colors::from_env(),
        remember: Some(remember(&session.workspace, &annotator)),
    };
    let outcome = run(app, tx, rx, options).context("running the annotator")?;
    drop(lock);
    Ok(exit_code(outcome))
}

/// The saver of the session's edits, telling the event loop how each save went.
fn saver(tx: Sender<Event>) -> Saver {
    let (saver_fails, saver_slow) = (failpoint("saver-panic"), failpoint("slow-saver"));
    Saver::new(move |state| {
        assert!(!saver_fails, "failpoint saver-panic");
        let _ = tx.send(Event::Saved(state.clone()));
        if saver_slow {
            // the next edit's save waits: one is pending when the test drops the link
            std::thread::sleep(std::time::Duration::from_millis(400));
        }
    })
}

/// What the workspace says about its project: the span scheme, relation and document
/// labels, and this annotator's assignment.
fn project_rules(app: &mut App, workspace: &Workspace) {
    app.desk.scheme = workspace.settings.spans();
    app.desk.relation_labels = workspace.settings.relations.clone();
    app.desk.doc_labels = workspace.settings.doc_labels.clone();
    app.desk.kb = crate::desk::KbState::load(workspace.root.clone());
    match crate::assign::load(&workspace.root) {
        Ok(Some(assignment)) => {
            let days = workspace.settings.stale_after_days();
            app.set_assignment(&assignment, days)
        }
        Ok(None) => {}
        Err(e) => app.fail(format!("{e} (the assignment is left out)")),
    }
}

/// The exit status of a session (a hang-up is a normal end), and why when it is not 0.
/// Stderr may be the terminal that just went away: what cannot be said is dropped.
fn exit_code(outcome: Outcome) -> ExitCode {
    let say = |text: &str| {
        let _ = writeln!(std::io::stderr(), "tanba: {text}");
    };
    match outcome {
        Outcome::Quit { unsaved: None } | Outcome::HungUp { unsaved: None } => ExitCode::SUCCESS,
        Outcome::Quit { unsaved: Some(why) } | Outcome::HungUp { unsaved: Some(why) } => {
            say(&format!("some edits could not be saved: {why}"));
            ExitCode::FAILURE
        }
        Outcome::Panicked { unsaved } => {
            if unsaved {
                say("some edits could not be saved after the crash");
            }
            // the exit status of a panic, as if it had happened on the main thread
            ExitCode::from(101)
        }
    }
}

/// Marks, in the annotator's folder, that the guidelines opened once by themselves (this
/// machine only: sync leaves `.tanba-*` files home).
const GUIDELINES_SEEN: &str = ".tanba-guidelines-seen";

/// Gives the desk the team's guidelines, and opens them over the panes for an annotator
/// who has never seen them.
fn show_guidelines(app: &mut App, workspace: &Workspace, annotator: &str) {
    let path = workspace.root.join(crate::layout::GUIDELINES_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    app.desk.guidelines = Some(text);
    let seen = workspace.annotator_dir(annotator).join(GUIDELINES_SEEN);
    if !seen.exists() {
        app.open_guidelines();
        let _ = std::fs::create_dir_all(workspace.annotator_dir(annotator));
        if let Err(e) = crate::store::atomic_write(&seen, b"") {
            app.fail(format!(
                "{e} (the guidelines will open by themselves again)"
            ));
        }
    }
}

/// The dashboard's source of every annotator's files, and the watcher that says when
/// they change on disk.
fn attach_team(app: &mut App, workspace: &Workspace, corpus: &Arc<Corpus>, tx: &Sender<Event>) {
    app.desk.attach_team(Box::new(WorkspaceTeam {
        workspace: workspace.clone(),
        corpus: Arc::clone(corpus),
        tx: tx.clone(),
    }));
    spawn_watcher(workspace.clone(), app.desk.annotator.clone(), tx.clone());
}

/// The annotator's session lock (asking a session left open to leave with `--take-over`);
/// a refusal is an error like any other (`tanba: error: ...`).
fn take_lock(
    workspace: &Workspace,
    annotator: &str,
    take_over: bool,
) -> Result<SessionLock, crate::store::StoreError> {
    if take_over {
        workspace.take_over(annotator, TAKE_OVER_WAIT)
    } else {
        workspace.lock(annotator)
    }
}

/// A test hook, in debug builds only: `TANBA_FAILPOINT=saver-panic` (or `preload-panic`)
/// makes that background thread panic, to prove a panic anywhere ends the app cleanly;
/// `slow-saver` makes the saver rest 0.4 s after each write, so a save is pending.
fn failpoint(name: &str) -> bool {
    cfg!(debug_assertions) && std::env::var("TANBA_FAILPOINT").is_ok_and(|v| v == name)
}

/// Writes where the annotator stopped; a convenience, so a failure only means the next
/// session starts at the top.
fn remember(workspace: &Workspace, annotator: &str) -> Remember {
    let (workspace, who) = (workspace.clone(), annotator.to_string());
    Box::new(move |point| {
        let _ = workspace.save_resume(&who, point);
    })
}

type Loader = crate::tui::checking::Read;

/// The session's store and the same reading for the background loader: the workspace's
/// files, or, when curating, the curator's files and drafts.
fn stores(store: WorkspaceStore, curation: Option<&Arc<Curation>>) -> (Box<dyn DocStore>, Loader) {
    match curation {
        Some(curation) => {
            let loader = Arc::new(CurationStore::loader(&store, curation));
            let store = CurationStore {
                inner: store,
                curation: Arc::clone(curation),
            };
            (Box::new(store), loader)
        }
        None => {
            let (workspace, who) = (store.workspace.clone(), store.annotator.clone());
            let loader = Arc::new(move |a: &Article| {
                workspace
                    .load_doc(&who, a)
                    .map(|l| l.doc)
                    .map_err(|e| e.to_string())
            });
            (Box::new(store), loader)
        }
    }
}

/// What the status line says first: input problems (articles that did not load), then
/// labels added or missing.
fn first_message(note: &Option<String>, unknown: &[String], problems: usize) -> Option<Message> {
    let problems = (problems > 0).then(|| {
        let problems = crate::text::count(problems, "input problem", "input problems");
        format!("{problems}: `tanba validate` lists them")
    });
    let error = problems.is_some() || !unknown.is_empty();
    let text = match (problems, note) {
        (Some(problems), Some(note)) => format!("{problems}; {note}"),
        (Some(problems), None) => problems,
        (None, Some(note)) => note.clone(),
        (None, None) => return None,
    };
    Some(Message { text, error })
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

/// Where the index of the session's corpus lives: the one `tanba search` uses for the
/// same sources read the same way (a corpus cut otherwise than the workspace says, by
/// `--sentences-per-article`, has an index of its own, never saved over the other).
fn index_store_for(workspace: &Workspace, kind: WorkspaceKind, options: LoadOptions) -> IndexStore {
    index_store(workspace, kind, &workspace.settings.sources, options)
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
        Facts::new(&for_facts.articles, &docs)
            .with_annotator(&me)
            .with_annotators(workspace.annotators())
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

/// Suggestions on (the gazetteer is read off the input thread) or off (config.ron).
fn start_suggestions(
    app: &mut App,
    enabled: bool,
    workspace: &Workspace,
    tx: std::sync::mpsc::Sender<Event>,
) {
    app.desk.set_suggestions(enabled);
    if !enabled {
        return;
    }
    let (root, dir) = (
        workspace.root.clone(),
        workspace.annotator_dir(&app.desk.annotator),
    );
    std::thread::spawn(move || {
        let (gazetteer, problems) = crate::suggest::Gazetteer::load(&root, &dir);
        // a broken annotation file says so itself when its article opens
        let problems = problems
            .iter()
            .filter(|p| p.file.ends_with(crate::suggest::GAZETTEER_FILE))
            .map(|p| p.to_string())
            .collect();
        let _ = tx.send(Event::Gazetteer(Box::new(gazetteer), problems));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::MemoryStore;

    fn app() -> App {
        let corpus = Arc::new(Corpus {
            articles: Vec::new(),
            problems: Vec::new(),
        });
        let labels = crate::annotation::LabelSet::default();
        let store = Box::new(MemoryStore::new("dana"));
        App::new(corpus, labels, "dana", Keymap::default_keymap(), store)
    }

    #[test]
    fn the_guidelines_open_by_themselves_once_per_annotator() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_or_create(dir.path(), &[]).unwrap();
        let mut first = app();
        show_guidelines(&mut first, &ws, "dana");
        assert!(
            first.desk.guidelines.is_none() && first.layers.is_empty(),
            "no file"
        );
        std::fs::write(dir.path().join("guidelines.md"), "# Rules\n").unwrap();
        let mut first = app();
        show_guidelines(&mut first, &ws, "dana");
        assert_eq!(first.desk.guidelines.as_deref(), Some("# Rules\n"));
        assert_eq!(first.layers.len(), 1, "opened by themselves");
        let mut again = app();
        show_guidelines(&mut again, &ws, "dana");
        assert!(again.desk.guidelines.is_some() && again.layers.is_empty());
        let mut other = app();
        show_guidelines(&mut other, &ws, "aigerim");
        assert_eq!(other.layers.len(), 1, "aigerim has never seen them");
    }

    #[test]
    fn input_problems_are_said_first_even_when_labels_were_added() {
        let note = Some("added 1 label from the data: PERSON".to_string());
        let said = first_message(&note, &[], 2).unwrap();
        assert_eq!(
            said.text,
            "2 input problems: `tanba validate` lists them; added 1 label from the data: PERSON"
        );
        assert!(said.error);
        let one = first_message(&None, &[], 1).unwrap();
        assert_eq!(one.text, "1 input problem: `tanba validate` lists them");
        let labels = first_message(&note, &[], 0).unwrap();
        assert_eq!(labels.text, "added 1 label from the data: PERSON");
        assert!(!labels.error);
        assert!(first_message(&None, &[], 0).is_none());
    }
}
