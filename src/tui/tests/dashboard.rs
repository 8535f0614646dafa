//! The dashboard in the annotator: `S` opens it over the panes, the team's files arrive
//! from their source, `enter` opens an article of the attention list, `R` reloads.

use std::cell::Cell;
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::dashboard::tests::{NOW, team};
use crate::keymap::Mode;
use crate::tui::draw::{Colors, draw};
use crate::tui::team::{TeamDocs, TeamSource};

/// Counts the reads asked for; the test hands the documents over itself.
struct Counting(Rc<Cell<usize>>);

impl TeamSource for Counting {
    fn request(&self) {
        self.0.set(self.0.get() + 1);
    }
}

/// The test team's workspace seen by aigerim: her files in her store, everyone's on "disk".
fn aigerim() -> (App, TeamDocs, Rc<Cell<usize>>) {
    let (articles, docs) = team();
    let store = MemoryStore::new("aigerim");
    for (key, doc) in docs.iter().filter(|(k, _)| k.annotator == "aigerim") {
        store
            .docs
            .borrow_mut()
            .insert(key.article.clone(), doc.clone());
    }
    let corpus = Arc::new(Corpus {
        articles,
        problems: Vec::new(),
    });
    let mut app = App::new(
        corpus,
        LabelSet::default(),
        "aigerim",
        Keymap::default_keymap(),
        Box::new(store),
    );
    let asked = Rc::new(Cell::new(0));
    app.desk.attach_team(Box::new(Counting(Rc::clone(&asked))));
    app.desk.team.clock = || NOW;
    (app, docs, asked)
}

fn screen(app: &App, w: u16, h: u16, colors: Colors) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(app, f, colors)).unwrap();
    terminal
}

#[test]
fn s_opens_the_dashboard_which_reads_the_team_once_and_enter_opens_an_article() {
    let (mut app, docs, asked) = aigerim();
    keys(&mut app, "S");
    assert_eq!(app.mode(), Mode::Dashboard);
    assert_eq!(asked.get(), 1);
    assert!(app.desk.team.loading);
    app.team_loaded(Ok(docs));
    let figures = app.desk.team.figures.as_ref().unwrap();
    assert_eq!(figures.progress["dana"].flagged, 1);
    let rows: Vec<&str> = figures
        .attention
        .iter()
        .map(|r| r.article.as_str())
        .collect();
    assert_eq!(rows, ["kk4", "kk3"]);
    keys(&mut app, "esc S");
    assert_eq!(asked.get(), 1, "read once; R reads again");
    keys(&mut app, "j j k j enter");
    assert!(app.layers.is_empty());
    assert_eq!(
        (app.current, app.focus),
        (2, Focus::Text),
        "kk3 open in the text"
    );
}

#[test]
fn my_edits_count_at_once_without_waiting_for_the_disk() {
    let (mut app, docs, _) = aigerim();
    app.team_loaded(Ok(docs));
    let before = app.desk.team.figures.clone().unwrap();
    // kk4, which aigerim had not opened: tag its second word (the first, «Мұнай», comes
    // again in the text and would bring a suggestion along)
    app.open_article(3);
    app.focus = Focus::Text;
    keys(&mut app, "w 1 S");
    let after = app.desk.team.figures.as_ref().unwrap();
    let person = |d: &crate::dashboard::Dashboard| d.per_label.annotators["aigerim"][0].spans;
    assert_eq!(person(after), person(&before) + 1);
    assert_eq!(
        after.progress["aigerim"].todo,
        before.progress["aigerim"].todo - 1
    );
}

#[test]
fn a_change_on_disk_is_said_and_r_reads_the_files_again() {
    let (mut app, docs, asked) = aigerim();
    app.disk_changed();
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(said, "the team's files changed on disk: R reloads");
    keys(&mut app, "S");
    app.team_loaded(Ok(docs.clone()));
    let text = screen(&app, 80, 24, Colors::None).backend().to_string();
    assert!(text.contains("changed on disk: R reloads"), "{text}");
    keys(&mut app, "R");
    assert_eq!(asked.get(), 2);
    assert_eq!(
        app.mode(),
        Mode::Dashboard,
        "reloading keeps the dashboard open"
    );
    app.team_loaded(Ok(docs));
    assert!(!app.desk.team.changed_on_disk);
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(said, "reloaded: 4 files of 2 other annotators");
    let text = screen(&app, 80, 24, Colors::None).backend().to_string();
    assert!(!text.contains("changed on disk"), "{text}");
}

#[test]
fn help_in_the_dashboard_lists_its_keys() {
    let (mut app, docs, _) = aigerim();
    keys(&mut app, "S");
    app.team_loaded(Ok(docs));
    keys(&mut app, "?");
    let text = screen(&app, 80, 24, Colors::None).backend().to_string();
    for needle in [
        "In the dashboard",
        "open the article",
        "close the dashboard",
        "read the team's files again",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
}

#[test]
fn the_dashboard_screen_80x24_without_colour() {
    let (mut app, docs, _) = aigerim();
    keys(&mut app, "S");
    app.team_loaded(Ok(docs));
    keys(&mut app, "j");
    assert_screen!(screen(&app, 80, 24, Colors::None).backend());
}

#[test]
fn the_dashboard_screen_120x40_in_colour() {
    let (mut app, docs, _) = aigerim();
    keys(&mut app, "S");
    app.team_loaded(Ok(docs));
    assert_screen_debug!(screen(&app, 120, 40, Colors::Basic).backend().buffer());
}
