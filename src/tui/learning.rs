//! The model off the input thread: read at start-up, trained again after an article is
//! done; each result comes back to the event loop as `Event::Learn`, as the gazetteer
//! and the team's files do. The desk decides when to learn and what to suggest
//! (`desk::learning`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::app::App;
use super::run::Event;
use crate::corpus::Corpus;
use crate::desk::{LearnNews, Trainer};
use crate::learn::retrain::{self, Job};
use crate::learn::{MODEL_FILE, Model};

/// Learns on a thread of its own, at a lower priority, and writes the model into the
/// workspace.
pub struct ThreadTrainer {
    pub workspace_root: PathBuf,
    pub tx: Sender<Event>,
}

impl Trainer for ThreadTrainer {
    fn train(&self, mut job: Job) {
        job.save_to = Some(self.workspace_root.join(MODEL_FILE));
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("tanba-learn".into())
            .spawn(move || {
                retrain::in_background(|| match retrain::run(&job) {
                    Some(learned) => {
                        let model = Arc::clone(&learned.model);
                        let _ = tx.send(Event::Learn(Box::new(LearnNews::Learned(learned))));
                        send_doubts(&model, &job.corpus, &tx);
                    }
                    None => {
                        let _ = tx.send(Event::Learn(Box::new(LearnNews::Stopped)));
                    }
                });
            });
        if spawned.is_err() {
            let why = "could not start the learning thread".to_string();
            let _ = self.tx.send(Event::Learn(Box::new(LearnNews::Failed(why))));
        }
    }
}

/// How the annotator's model starts: `--model FILE`, else the workspace's own if there
/// is one; `learn` says whether it learns again as articles are done, after how many.
pub struct Learning {
    pub model: Option<PathBuf>,
    pub workspace_root: PathBuf,
    pub learn: bool,
    pub after: usize,
}

/// Reads the model on a thread (then every article's doubt) and attaches the trainer.
pub fn start(app: &mut App, how: Learning, corpus: &Arc<Corpus>, tx: &Sender<Event>) {
    app.desk.learn.enabled = how.learn;
    app.desk.learn.after = how.after;
    if how.learn {
        app.desk.attach_trainer(Box::new(ThreadTrainer {
            workspace_root: how.workspace_root.clone(),
            tx: tx.clone(),
        }));
    }
    let given = how.model.is_some();
    let path = how
        .model
        .unwrap_or_else(|| how.workspace_root.join(MODEL_FILE));
    if !given && !path.is_file() {
        return;
    }
    let (corpus, tx) = (Arc::clone(corpus), tx.clone());
    app.desk.learn.training = true;
    let _ = std::thread::Builder::new()
        .name("tanba-model".into())
        .spawn(move || match Model::load(&path) {
            Ok(model) => {
                let model = Arc::new(model);
                let news = LearnNews::Loaded(Arc::clone(&model));
                let _ = tx.send(Event::Learn(Box::new(news)));
                retrain::in_background(|| send_doubts(&model, &corpus, &tx));
            }
            Err(e) => {
                let _ = tx.send(Event::Learn(Box::new(LearnNews::Failed(e.to_string()))));
            }
        });
}

/// Every article's doubt, measured after the model was sent: it suggests meanwhile.
fn send_doubts(model: &Model, corpus: &Corpus, tx: &Sender<Event>) {
    let doubts = retrain::doubts(model, corpus);
    let _ = tx.send(Event::Learn(Box::new(LearnNews::Doubts(doubts))));
}

impl App {
    /// A model arrived from the background: the desk takes it; the open article gets its
    /// spans if it has had none from a model yet.
    pub fn learn_news(&mut self, news: LearnNews) {
        let open = self.reader.as_ref().map(|r| r.article);
        let outcome = self.desk.learn_news(news, open);
        self.heard(outcome);
    }
}
