//! The model in the annotator: marking articles done makes it learn (the trainer here
//! keeps the job, and the test hands back what the thread would send); its spans come
//! pending, signed `model:tanba`, on articles opened for work, never on browsing; `%`
//! orders the list by its doubt and `d` follows that order.

use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::annotation::{DocStatus, Origin};
use crate::desk::{LearnNews, Trainer};
use crate::learn::retrain::{Job, doubts, run};
use crate::learn::sample;
use crate::tui::draw::{Colors, draw};

/// Keeps the jobs it is given, for the test to run.
#[derive(Clone, Default)]
struct Kept(Rc<RefCell<Vec<Job>>>);

impl Trainer for Kept {
    fn train(&self, job: Job) {
        self.0.borrow_mut().push(job);
    }
}

/// Four taught articles (their spans pending, as imported), then two with new names;
/// the model learns after 20 accepted spans; suggestions on; the text has the keys.
fn learning_app() -> (App, MemoryStore, Kept) {
    let (mut app, store) = app_with(sample::corpus(4, 2));
    app.desk.set_suggestions(true);
    let kept = Kept::default();
    app.desk.attach_trainer(Box::new(kept.clone()));
    app.desk.learn.after = 20;
    for i in 0..6 {
        app.desk.load(i);
    }
    app.focus = Focus::Text;
    app.update(crate::action::Action::Top);
    (app, store, kept)
}

/// Runs the kept job as the thread would and hands the result to the app.
fn deliver(app: &mut App, kept: &Kept) {
    let job = kept.0.borrow_mut().remove(0);
    let learned = run(&job).unwrap();
    let model = Arc::clone(&learned.model);
    app.learn_news(LearnNews::Learned(learned));
    app.learn_news(LearnNews::Doubts(doubts(&model, &job.corpus)));
}

/// The open article's pending spans signed by the model, as (text, label).
fn model_spans(app: &App) -> Vec<(String, String)> {
    app.current_slot()
        .unwrap()
        .doc
        .pending()
        .filter(|s| s.origin == Origin::Model("tanba".into()))
        .map(|s| (s.text.clone(), s.label.clone()))
        .collect()
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Accepts every pending span and marks done, article after article.
fn finish(app: &mut App, articles: usize) {
    for _ in 0..articles {
        keys(app, "A d");
    }
}

fn screen_text(app: &mut App) -> String {
    app.resize(100, 20);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::Basic)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

#[test]
fn marking_done_learns_and_the_model_tags_names_it_never_saw() {
    let (mut app, _store, kept) = learning_app();
    finish(&mut app, 3);
    // 18 accepted spans: not enough yet
    assert!(kept.0.borrow().is_empty());
    finish(&mut app, 1);
    assert_eq!(kept.0.borrow().len(), 1);
    assert!(
        message(&app).contains("learning from 24 spans…"),
        "{}",
        message(&app)
    );
    // the first article not done is open, opened while there was no model yet
    assert_eq!(app.desk.article(app.current).id, "new-0");
    assert!(model_spans(&app).is_empty());
    deliver(&mut app, &kept);
    let said = message(&app);
    assert!(
        said.starts_with("learned from 24 spans: F1 1.00 on a held-out tenth"),
        "{said}"
    );
    assert!(said.ends_with("6 suggestions from the model"), "{said}");
    let (_, gold) = sample::text(0, false);
    let found = model_spans(&app);
    assert_eq!(found.len(), gold.len());
    assert!(found.iter().all(|(text, label)| {
        let list = if label == "LOCATION" {
            sample::PLACES
        } else {
            sample::PEOPLE
        };
        list[sample::TAUGHT..].contains(&text.as_str())
    }));
    // drawn with the model's mark, reviewed with the usual keys
    let slot = app.current_slot().unwrap();
    let first = slot.doc.pending().next().unwrap().clone();
    assert!(app.desk.tag_text(app.current, &first).ends_with('*'));
    keys(&mut app, "g n a");
    assert_eq!(model_spans(&app).len(), 5);
    // the next article opened gets the model's spans too
    keys(&mut app, "J");
    assert_eq!(app.desk.article(app.current).id, "new-1");
    assert_eq!(model_spans(&app).len(), 6);
}

#[test]
fn browsing_the_list_gets_no_model_spans_opening_does() {
    let (mut app, store, kept) = learning_app();
    finish(&mut app, 4);
    keys(&mut app, "tab");
    deliver(&mut app, &kept);
    let saves = store.saves.borrow().len();
    // new-0 was entered before the model came: with the list focused it gets nothing
    keys(&mut app, "j k j");
    assert_eq!(app.desk.article(app.current).id, "new-1");
    assert!(model_spans(&app).is_empty());
    assert_eq!(store.saves.borrow().len(), saves);
    keys(&mut app, "enter");
    assert_eq!(model_spans(&app).len(), 6);
}

#[test]
fn a_new_model_does_not_change_the_open_article_once_it_had_the_models_spans() {
    let (mut app, _store, kept) = learning_app();
    finish(&mut app, 4);
    deliver(&mut app, &kept);
    keys(&mut app, "g n r");
    let before = app.current_slot().unwrap().doc.spans.clone();
    // another done article, another model: the article open now keeps what it has
    app.desk.learn.training = false;
    let started = app.desk.retrain_if_ready();
    assert_eq!(started.as_deref(), Some("learning from 24 spans…"));
    deliver(&mut app, &kept);
    assert_eq!(app.current_slot().unwrap().doc.spans, before);
}

#[test]
fn learning_off_never_starts_a_job() {
    let (mut app, _store, kept) = learning_app();
    app.desk.learn.enabled = false;
    finish(&mut app, 4);
    assert!(kept.0.borrow().is_empty());
    assert!(!message(&app).contains("learning"), "{}", message(&app));
}

#[test]
fn an_article_done_while_learning_makes_it_learn_again_after() {
    let (mut app, _store, kept) = learning_app();
    finish(&mut app, 4);
    keys(&mut app, "d");
    assert_eq!(kept.0.borrow().len(), 1);
    deliver(&mut app, &kept);
    // new-0 was done meanwhile: a second job with the same spans (it had none accepted)
    assert_eq!(kept.0.borrow().len(), 1);
}

#[test]
fn the_list_by_doubt_says_so_and_done_opens_the_next_in_that_order() {
    let (mut app, _store, kept) = learning_app();
    keys(&mut app, "tab %");
    assert!(
        message(&app).starts_with("no model yet"),
        "{}",
        message(&app)
    );
    keys(&mut app, "tab");
    finish(&mut app, 4);
    deliver(&mut app, &kept);
    keys(&mut app, "tab %");
    assert!(
        message(&app).contains("most doubtful first"),
        "{}",
        message(&app)
    );
    assert!(screen_text(&mut app).contains("Articles 6 by doubt"));
    let doubts = app.desk.learn.doubts.clone().unwrap();
    let order: Vec<usize> = app.desk.visible().iter().collect();
    // the two not done first, most doubtful first; the done ones after
    let (open, done) = order.split_at(2);
    assert!(doubts[open[0]] >= doubts[open[1]]);
    let mut rest = done.to_vec();
    rest.sort();
    assert_eq!(rest, vec![0, 1, 2, 3]);
    // d on the first opens the second in that order
    keys(&mut app, "g enter");
    assert_eq!(app.current, open[0]);
    keys(&mut app, "d");
    assert_eq!(app.current, open[1]);
    assert_eq!(app.desk.status_of(open[0]), Some(DocStatus::Done));
    keys(&mut app, "tab %");
    assert_eq!(message(&app), "articles in the order read");
    assert!(!screen_text(&mut app).contains("by doubt"));
}

#[test]
fn undoing_the_done_that_started_learning_stops_it_and_learns_from_what_is_done_now() {
    let (mut app, _store, kept) = learning_app();
    finish(&mut app, 4);
    assert_eq!(kept.0.borrow().len(), 1);
    keys(&mut app, "u");
    let job = kept.0.borrow_mut().remove(0);
    assert!(job.stop.load(std::sync::atomic::Ordering::Relaxed));
    // the thread gives up after the epoch under way and says so
    assert!(run(&job).is_none());
    app.learn_news(LearnNews::Stopped);
    assert!(!app.desk.learn.training);
    // three done articles hold 18 accepted spans: too few to learn again
    assert!(kept.0.borrow().is_empty());
    assert!(app.desk.learn.model.is_none());
    // done again: it learns again
    keys(&mut app, "d");
    assert_eq!(kept.0.borrow().len(), 1);
    assert!(
        !kept.0.borrow()[0]
            .stop
            .load(std::sync::atomic::Ordering::Relaxed)
    );
}
