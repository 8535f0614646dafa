//! The model in the annotator: its spans are proposed on every article opened for work
//! (pending, origin `model:tanba`, through `suggest::admit` like every suggestion); it
//! learns again in the background once an article is marked done and the done articles
//! hold enough accepted spans; the list can be ordered by its doubt.
//!
//! Rules: it learns from the accepted spans of the annotator's done articles only (an
//! unfinished article would teach that its untagged names are not names); model spans
//! of a label the workspace lacks are not proposed here (`tanba suggest --model` adds
//! such labels); a done article gets no model spans; a model that arrives while an
//! article is open gives it spans only if that article has had none from a model yet.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Desk, Outcome};
use crate::annotation::{DocStatus, Op, Origin, SpanState};
use crate::learn::retrain::{Job, Learned};
use crate::learn::{self, Model, Options};
use crate::suggest::{Candidate, admit};

/// How many accepted spans the done articles must hold before the model learns, unless
/// `learn_after` in config.ron says otherwise.
pub const LEARN_AFTER: usize = 50;

/// The name model spans are signed with: `model:tanba`.
pub const MODEL_NAME: &str = "tanba";

/// Runs a retraining off the input thread; its result comes back as `Desk::learn_news`.
pub trait Trainer {
    fn train(&self, job: Job);
}

/// What arrives from the background.
pub enum LearnNews {
    /// A model read at start-up (the workspace's, or `--model FILE`).
    Loaded(Arc<Model>),
    Learned(Learned),
    /// A retraining gave up because a done article was undone meanwhile.
    Stopped,
    /// Every article's doubt under the model that came last, by article index.
    Doubts(Vec<f32>),
    /// Reading or learning failed: why.
    Failed(String),
}

/// The model the annotator works with, and its learning.
pub struct LearnState {
    /// Retraining on (`learn: Some(false)` in config.ron turns it off).
    pub enabled: bool,
    /// Accepted spans in done articles needed before learning.
    pub after: usize,
    pub model: Option<Arc<Model>>,
    /// Each article's doubt under the model, by article index (measured after it came).
    pub doubts: Option<Vec<f32>>,
    /// The list is ordered by doubt, most doubtful first (done articles last).
    pub by_doubt: bool,
    /// A retraining is under way; `again`: an article was done meanwhile.
    pub training: bool,
    again: bool,
    /// Tells the retraining under way to give up.
    stop: Option<Arc<AtomicBool>>,
    pub(crate) trainer: Option<Box<dyn Trainer>>,
    /// The article whose entry got the model's spans (the open one, once it has).
    suggested: Option<usize>,
}

impl Default for LearnState {
    fn default() -> Self {
        LearnState {
            enabled: true,
            after: LEARN_AFTER,
            model: None,
            doubts: None,
            by_doubt: false,
            training: false,
            again: false,
            stop: None,
            trainer: None,
            suggested: None,
        }
    }
}

impl Desk {
    /// Retraining through `trainer` (on a thread in the program, at once in tests).
    pub fn attach_trainer(&mut self, trainer: Box<dyn Trainer>) {
        self.learn.trainer = Some(trainer);
    }

    /// News from the background: a model to suggest with, and what to say about it.
    /// `open` is the article shown; it gets the model's spans if it has had none yet.
    pub fn learn_news(&mut self, news: LearnNews, open: Option<usize>) -> Outcome {
        let said = match news {
            LearnNews::Doubts(doubts) => {
                self.learn.doubts = Some(doubts);
                return Outcome::quiet();
            }
            LearnNews::Loaded(model) => {
                self.learn.model = Some(model);
                Outcome::quiet()
            }
            LearnNews::Learned(learned) => self.learned(learned),
            LearnNews::Stopped => Outcome::quiet(),
            LearnNews::Failed(why) => {
                self.learn.training = false;
                return Outcome::fail(format!("model: {why}"));
            }
        };
        self.learn.training = false;
        self.learn.stop = None;
        if std::mem::take(&mut self.learn.again) {
            self.retrain_if_ready();
        }
        let entered = open.filter(|&a| self.entered() == Some(a));
        let found = match entered {
            Some(article) => self.model_on_entry(article, false),
            None => Outcome::quiet(),
        };
        join(said, found)
    }

    fn learned(&mut self, learned: Learned) -> Outcome {
        self.learn.model = Some(learned.model);
        let f1 = match learned.f1 {
            Some(f1) => format!("F1 {f1:.2} on a held-out tenth"),
            None => "too few sentences to hold a tenth out".to_string(),
        };
        match learned.unsaved {
            Some(why) => Outcome::fail(format!(
                "learned from {} ({f1}), but could not save the model: {why}",
                crate::text::count(learned.spans, "span", "spans")
            )),
            None => Outcome::say(format!(
                "learned from {}: {f1}",
                crate::text::count(learned.spans, "span", "spans")
            )),
        }
    }

    /// After an article is marked done: learns again in the background when learning is
    /// on and the done articles hold enough accepted spans. What to say, if it started.
    pub fn retrain_if_ready(&mut self) -> Option<String> {
        if !self.learn.enabled || self.learn.trainer.is_none() || self.curation.is_some() {
            return None;
        }
        if self.learn.training {
            self.learn.again = true;
            return None;
        }
        let articles = self.done_spans();
        let spans: usize = articles.iter().map(|(_, s)| s.len()).sum();
        if spans < self.learn.after.max(1) {
            return None;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let job = Job {
            corpus: Arc::clone(&self.corpus),
            articles,
            save_to: None,
            options: Options::default(),
            stop: Arc::clone(&stop),
        };
        self.learn.training = true;
        self.learn.stop = Some(stop);
        if let Some(trainer) = &self.learn.trainer {
            trainer.train(job);
        }
        Some(format!(
            "learning from {}…",
            crate::text::count(spans, "span", "spans")
        ))
    }

    /// An undo or redo took an article out of done while a retraining ran: that one
    /// gives up, and learning starts again from the articles done now.
    pub(super) fn done_undone(&mut self, ops: &[Op]) {
        let undone = ops.iter().any(|op| {
            matches!(op, Op::Status { old, new } if *old == DocStatus::Done && *new != DocStatus::Done)
        });
        if let (true, Some(stop)) = (undone, &self.learn.stop) {
            stop.store(true, Ordering::Relaxed);
            self.learn.again = true;
        }
    }

    /// The accepted spans of every done article read so far.
    fn done_spans(&self) -> Vec<(usize, Vec<crate::annotation::Span>)> {
        self.docs
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| Some((i, slot.as_ref()?)))
            .filter(|(_, slot)| slot.doc.status == DocStatus::Done && slot.read_only.is_none())
            .map(|(i, slot)| {
                let accepted = slot
                    .doc
                    .spans
                    .iter()
                    .filter(|s| s.state == SpanState::Accepted);
                (i, accepted.cloned().collect())
            })
            .filter(|(_, spans): &(usize, Vec<_>)| !spans.is_empty())
            .collect()
    }

    /// The model's spans in `article` on its entry (`fresh`: a new entry), as pending
    /// suggestions; no undo step, the status stays and nothing is saved, as with the
    /// gazetteer's.
    pub(crate) fn model_on_entry(&mut self, article: usize, fresh: bool) -> Outcome {
        if fresh {
            self.learn.suggested = None;
        }
        let Some(model) = self.learn.model.clone() else {
            return Outcome::quiet();
        };
        if !self.suggest.enabled || self.learn.suggested == Some(article) {
            return Outcome::quiet();
        }
        self.learn.suggested = Some(article);
        let Some(slot) = self.slot(article) else {
            return Outcome::quiet();
        };
        if slot.read_only.is_some() || slot.doc.status == DocStatus::Done {
            return Outcome::quiet();
        }
        let text = &self.corpus.articles[article].text;
        let candidates = model_candidates(&model, &self.corpus.articles[article], |l| {
            self.labels.get(l).is_some()
        });
        let origin = Origin::Model(MODEL_NAME.to_string());
        let spans = admit(
            text,
            &slot.doc,
            candidates,
            &origin,
            &self.annotator,
            self.scheme,
        );
        if spans.is_empty() {
            return Outcome::quiet();
        }
        let Some(slot) = self.docs[article].as_mut() else {
            return Outcome::quiet();
        };
        let added: usize = spans
            .into_iter()
            .map(|s| usize::from(slot.doc.apply(&Op::Add(s), &self.annotator)))
            .sum();
        // held in memory until an edit, as the gazetteer's
        slot.hold_suggestions();
        self.spans_changed(article);
        let added = crate::text::count(added, "suggestion", "suggestions");
        Outcome::say(format!("{added} from the model"))
    }

    /// `%`: the list by the model's doubt, most doubtful first, or back as read.
    pub fn sort_by_doubt(&mut self) -> Outcome {
        if self.learn.doubts.is_none() {
            return Outcome::fail(match (&self.learn.model, self.learn.training) {
                (Some(_), _) => "the model's doubt is still being measured",
                (None, true) => "the model is still learning: its doubt comes after it",
                (None, false) => {
                    "no model yet: it learns once articles are done (or `tanba train`)"
                }
            });
        }
        self.learn.by_doubt = !self.learn.by_doubt;
        Outcome::say(if self.learn.by_doubt {
            "articles by the model's doubt, most doubtful first"
        } else {
            "articles in the order read"
        })
    }

    /// Orders `articles` by doubt when asked: not done first, most doubtful first (stable).
    pub(crate) fn doubt_order(&self, articles: &mut [usize]) {
        let Some(doubts) = self.learn.doubts.as_ref().filter(|_| self.learn.by_doubt) else {
            return;
        };
        let key = |i: &usize| {
            let done = self.status_of(*i) == Some(DocStatus::Done);
            (done, -doubts.get(*i).copied().unwrap_or(0.0))
        };
        articles.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
    }

    /// The model's doubt of article `i`, when the list is ordered by it.
    pub fn doubt_of(&self, i: usize) -> Option<f32> {
        let doubts = self.learn.doubts.as_ref().filter(|_| self.learn.by_doubt)?;
        doubts.get(i).copied()
    }
}

/// The model's spans in `article` whose label `known` accepts, with their confidence.
pub fn model_candidates(
    model: &Model,
    article: &crate::corpus::Article,
    known: impl Fn(&str) -> bool,
) -> Vec<Candidate> {
    learn::read(model, article)
        .spans
        .into_iter()
        .filter(|f| known(&f.label))
        .map(|f| Candidate {
            start: f.start,
            end: f.end,
            label: f.label,
            note: Some(format!("confidence {:.2}", f.confidence)),
        })
        .collect()
}

/// Both outcomes' messages, the first's first; an error wins the colour.
pub(crate) fn join(first: Outcome, second: Outcome) -> Outcome {
    let message = match (first.message, second.message) {
        (Some(a), Some(b)) => Some(super::Message {
            text: format!("{}; {}", a.text, b.text),
            error: a.error || b.error,
        }),
        (a, b) => a.or(b),
    };
    Outcome {
        message,
        done: first.done && second.done,
        suggested: first.suggested + second.suggested,
        ..Outcome::default()
    }
}
