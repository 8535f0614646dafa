//! The team's files as the annotator sees them: every annotator's documents, read in the
//! background for the dashboard, read again on `reload`, and a watcher that says when
//! the workspace changed on disk (a sync, a teammate on the same server).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use super::app::App;
use super::run::Event;
use super::views::dashboard::DashboardPanel;
use crate::annotation::{DocAnnotations, Timestamp};
use crate::corpus::Corpus;
use crate::dashboard::{Dashboard, Input};
use crate::store::{DocKey, Workspace};

/// Every annotator's documents, as read from disk.
pub type TeamDocs = BTreeMap<DocKey, DocAnnotations>;

/// How often the watcher looks at the workspace.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Where the team's documents come from: the workspace (on a thread) in the program.
pub trait TeamSource {
    /// Starts reading every annotator's documents; they arrive as `App::team_loaded`.
    fn request(&self);
}

/// What the App knows of the team.
pub struct TeamState {
    pub(crate) source: Option<Box<dyn TeamSource>>,
    /// The documents last read, with the figures made from them and the session's own.
    pub docs: Option<Arc<TeamDocs>>,
    pub figures: Option<Dashboard>,
    /// A read is under way.
    pub loading: bool,
    /// The workspace changed on disk since the last read.
    pub changed_on_disk: bool,
    /// Reading again after `reload`: others' documents go to the search filters too.
    reloading: bool,
    /// The dashboard's clock (tests fix it).
    pub clock: fn() -> Timestamp,
}

impl Default for TeamState {
    fn default() -> Self {
        TeamState {
            source: None,
            docs: None,
            figures: None,
            loading: false,
            changed_on_disk: false,
            reloading: false,
            clock: crate::annotation::now,
        }
    }
}

impl App {
    pub fn attach_team(&mut self, source: Box<dyn TeamSource>) {
        self.team.source = Some(source);
    }

    fn request_team(&mut self) {
        if let Some(source) = &self.team.source {
            source.request();
            self.team.loading = true;
        }
    }

    /// `S`: the dashboard over the panes; the team's files are read the first time.
    pub(crate) fn open_dashboard(&mut self) {
        if self.team.docs.is_none() && !self.team.loading {
            self.request_team();
        }
        self.refresh_figures();
        self.open_view(DashboardPanel::default());
    }

    /// The watcher saw the workspace change: said once in the status line, and by the
    /// dashboard until the files are read again.
    pub fn disk_changed(&mut self) {
        if !std::mem::replace(&mut self.team.changed_on_disk, true) && self.message.is_none() {
            let key = self
                .keymap
                .bindings(crate::keymap::Mode::Global)
                .into_iter()
                .find(|(a, _)| *a == crate::action::Action::Reload)
                .and_then(|(_, keys)| keys.first().map(|k| k.to_string()));
            if let Some(key) = key {
                self.say(format!("the team's files changed on disk: {key} reloads"));
            }
        }
    }

    /// `R`: reads every annotator's files again (what a sync brought).
    pub(crate) fn reload(&mut self) {
        if self.team.source.is_none() {
            self.say("nothing to reload: no workspace");
            return;
        }
        self.team.reloading = true;
        self.request_team();
        self.say("reading the team's files…");
    }

    /// The team's documents arrived (or could not be read).
    pub fn team_loaded(&mut self, result: Result<TeamDocs, String>) {
        self.team.loading = false;
        let docs = match result {
            Ok(docs) => docs,
            Err(e) => {
                self.fail(format!("the team's files could not be read: {e}"));
                return;
            }
        };
        if std::mem::take(&mut self.team.reloading) {
            self.team.changed_on_disk = false;
            let others = docs.keys().filter(|k| k.annotator != self.annotator);
            let annotators: std::collections::BTreeSet<&str> =
                others.map(|k| k.annotator.as_str()).collect();
            if let Some(search) = &self.search.service {
                docs.values()
                    .filter(|d| d.annotator != self.annotator)
                    .for_each(|d| search.update_doc(d));
            }
            let message = format!(
                "reloaded: {} files of {} other annotator(s)",
                docs.keys()
                    .filter(|k| k.annotator != self.annotator)
                    .count(),
                annotators.len()
            );
            self.say(message);
        }
        self.team.docs = Some(Arc::new(docs));
        self.refresh_figures();
    }

    /// The figures from the team's files, with the session's own documents as they are
    /// in memory (newer than the disk while saves are queued). Borrowed, never copied.
    pub(crate) fn refresh_figures(&mut self) {
        let disk = self.team.docs.clone();
        // a document with no log is untouched: a fresh one, or the file on disk
        let mine: Vec<(DocKey, &DocAnnotations)> = self
            .docs
            .iter()
            .flatten()
            .map(|slot| &slot.doc)
            .filter(|d| !d.log.is_empty())
            .map(|d| (self.key(&d.article), d))
            .collect();
        let edited: std::collections::HashSet<&str> =
            mine.iter().map(|(k, _)| k.article.as_str()).collect();
        let mut docs: Vec<(&DocKey, &DocAnnotations)> = disk
            .iter()
            .flat_map(|d| d.iter())
            .filter(|(k, _)| k.annotator != self.annotator || !edited.contains(k.article.as_str()))
            .collect();
        docs.extend(mine.iter().map(|(k, d)| (k, *d)));
        docs.sort_by(|a, b| a.0.cmp(b.0));
        let figures = Dashboard::compute(&Input {
            articles: &self.corpus.articles,
            labels: &self.labels,
            docs: &docs,
            me: Some(&self.annotator),
            now: (self.team.clock)(),
        });
        self.team.figures = Some(figures);
    }

    fn key(&self, article: &str) -> DocKey {
        DocKey {
            annotator: self.annotator.clone(),
            article: article.to_string(),
        }
    }
}

/// Reads the workspace on a thread of its own and posts the result to the event loop.
pub struct WorkspaceTeam {
    pub workspace: Workspace,
    pub corpus: Arc<Corpus>,
    pub tx: Sender<Event>,
}

impl TeamSource for WorkspaceTeam {
    fn request(&self) {
        let (workspace, corpus, tx) = (
            self.workspace.clone(),
            Arc::clone(&self.corpus),
            self.tx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("tanba-team".into())
            .spawn(move || {
                // files that do not parse are left out; opening them says why
                let (docs, _problems) = workspace.load_all(&corpus);
                let _ = tx.send(Event::Team(Ok(docs)));
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(Event::Team(Err(e.to_string())));
        }
    }
}

/// Watches the workspace every two seconds; says once when it changes (then again after
/// each further change).
pub fn spawn_watcher(workspace: Workspace, me: String, tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("tanba-watch".into())
        .spawn(move || {
            let mut last = workspace.fingerprint(&me);
            loop {
                std::thread::sleep(WATCH_EVERY);
                let now = workspace.fingerprint(&me);
                if now != last {
                    last = now;
                    if tx.send(Event::DiskChanged).is_err() {
                        return;
                    }
                }
            }
        });
}
