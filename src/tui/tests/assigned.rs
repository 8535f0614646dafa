//! With an assignment the list shows the annotator's assigned articles (`a` shows all
//! and back), `d` follows the queue, and the status bar counts done of assigned.

use super::*;
use crate::annotation::DocStatus;
use crate::assign::{Assigned, Assignment};

/// Six articles, a0 to a5, nobody's yet.
fn six_articles() -> App {
    let articles = (0..6)
        .map(|i| article(&format!("a{i}"), &format!("Article {i}.")))
        .collect();
    app_with(articles).0
}

/// tester and other share the articles as `owners` says, one annotator each.
fn assignment(owners: &[(&str, &str)]) -> Assignment {
    let to = |&(id, who): &(&str, &str)| Assigned(id.into(), vec![who.into()]);
    Assignment {
        overlap: 1,
        annotators: vec!["tester".into(), "other".into()],
        articles: owners.iter().map(to).collect(),
        log: Vec::new(),
    }
}

/// Six articles; tester has a1, a3, a4 and a5 (in that order), someone else the rest.
fn assigned_app() -> App {
    let mut app = six_articles();
    let owners = [
        ("a0", "other"),
        ("a1", "tester"),
        ("a2", "other"),
        ("a3", "tester"),
        ("a4", "tester"),
        ("a5", "tester"),
    ];
    app.desk.set_assignment(&assignment(&owners), 7);
    app
}

fn screen_text(app: &App) -> String {
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 24));
    crate::tui::draw::render(app, buf.area, &mut buf, crate::tui::Colors::Basic);
    buf.content.iter().map(|c| c.symbol()).collect()
}

#[test]
fn the_list_shows_the_assigned_articles_and_a_shows_all_and_back() {
    let mut app = assigned_app();
    assert_eq!(app.desk.visible().iter().collect::<Vec<_>>(), [1, 3, 4, 5]);
    assert!(screen_text(&app).contains("Assigned 4/6 (a: all)"));
    keys(&mut app, "a");
    assert_eq!(app.desk.visible().len(), 6);
    assert!(
        screen_text(&app).contains("All articles 6"),
        "{}",
        screen_text(&app)
    );
    keys(&mut app, "a");
    assert_eq!(app.desk.visible().len(), 4);
    // j moves within the assigned ones
    keys(&mut app, "g j enter");
    assert_eq!(app.reader.as_ref().unwrap().article, 3);
}

#[test]
fn a_session_with_an_assignment_starts_on_the_first_assigned_article() {
    let mut app = six_articles();
    let owners = [("a0", "other"), ("a2", "tester"), ("a4", "tester")];
    app.set_assignment(&assignment(&owners), 7);
    // a0, opened before the assignment was known, is not in the list: enter must not
    // open an article that is someone else's
    assert_eq!(app.current, 2);
    keys(&mut app, "enter");
    assert_eq!(app.reader.as_ref().unwrap().article, 2);
    assert!(screen_text(&app).contains("3/6"), "{}", screen_text(&app));
}

#[test]
fn the_lists_title_leaves_out_the_hint_rather_than_cut_it() {
    let articles = (0..112)
        .map(|i| article(&format!("a{i}"), &format!("Article {i}.")))
        .collect();
    let (mut app, _) = app_with(articles);
    let to = |i: usize| Assigned(format!("a{i}"), vec!["tester".into()]);
    let assignment = Assignment {
        overlap: 1,
        annotators: vec!["tester".into()],
        articles: (0..56).map(to).collect(),
        log: Vec::new(),
    };
    app.set_assignment(&assignment, 7);
    let screen = screen_text(&app);
    assert!(screen.contains(" Assigned 56/112 "), "{screen}");
    assert!(!screen.contains("(a: a"), "{screen}");
}

#[test]
fn showing_the_assigned_articles_again_leaves_an_unassigned_one_for_the_first_assigned() {
    let mut app = assigned_app();
    // every article, the first (someone else's), then only the assigned ones again
    keys(&mut app, "a g a");
    assert_eq!(app.current, 1);
    keys(&mut app, "enter");
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
}

#[test]
fn d_follows_the_queue_in_progress_first_then_the_assignments_order() {
    let mut app = assigned_app();
    for i in 0..6 {
        app.desk.load(i);
    }
    app.desk.set_status(5, DocStatus::InProgress);
    app.desk.set_status(3, DocStatus::Skipped);
    keys(&mut app, "g enter");
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
    assert!(screen_text(&app).contains("0/4 assigned"));
    keys(&mut app, "d");
    // a5 is in progress: it comes before a4, and the skipped a3 is left out
    assert_eq!(app.reader.as_ref().unwrap().article, 5);
    keys(&mut app, "d");
    assert_eq!(app.reader.as_ref().unwrap().article, 4);
    assert!(screen_text(&app).contains("2/4 assigned"));
    keys(&mut app, "d");
    assert_eq!(app.desk.assigned_progress(), Some((3, 4)));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("every other article is done")
    );
}

#[test]
fn without_an_assignment_the_list_is_every_article_and_a_says_why() {
    let articles = (0..3).map(|i| article(&format!("a{i}"), "Text.")).collect();
    let (mut app, _) = app_with(articles);
    keys(&mut app, "a");
    assert_eq!(app.desk.visible().len(), 3);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing is assigned to you")
    );
    let screen = screen_text(&app);
    assert!(
        screen.contains("Articles 3") && !screen.contains("/3 assigned"),
        "{screen}"
    );
}

/// The dashboard's test team, seen by aigerim, with kk3 and kk4 assigned to her and kk1
/// and kk2 to dana ten days before the dashboard's clock.
fn team_with_assignment(stale_after_days: u32) -> App {
    use crate::dashboard::tests::{NOW, team};
    let (articles, docs) = team();
    let store = MemoryStore::new("aigerim");
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
    let mut a = Assignment::new(vec!["aigerim".into(), "dana".into()], 1).unwrap();
    a.articles = [
        ("kk1", "dana"),
        ("kk2", "dana"),
        ("kk3", "aigerim"),
        ("kk4", "aigerim"),
    ]
    .map(|(id, who)| Assigned(id.into(), vec![who.into()]))
    .to_vec();
    a.note("lead", "placed 4 articles".into());
    a.log[0].when = NOW - time::Duration::days(10);
    app.desk.set_assignment(&a, stale_after_days);
    struct Quiet;
    impl crate::tui::team::TeamSource for Quiet {
        fn request(&self) {}
    }
    app.desk.attach_team(Box::new(Quiet));
    app.desk.team.clock = || NOW;
    keys(&mut app, "S");
    app.team_loaded(Ok(docs));
    app
}

#[test]
fn the_dashboard_counts_done_of_assigned_and_lists_assigned_articles_left_untouched() {
    let app = team_with_assignment(7);
    let figures = app.desk.team.figures.as_ref().unwrap();
    let mine = figures.progress["aigerim"];
    // kk1 and kk2, done by aigerim, are not hers to do: her share is kk3 (in progress) and kk4
    assert_eq!(
        (mine.done, mine.in_progress, mine.todo, mine.total()),
        (0, 1, 1, 2)
    );
    let stale: Vec<_> = figures
        .attention
        .iter()
        .filter(|r| !r.untouched.is_empty())
        .collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].article, "kk4");
    assert_eq!(stale[0].untouched, [("aigerim".to_string(), 10)]);
    assert!(
        screen_text(&app).contains("aigerim untouched 10 d"),
        "{}",
        screen_text(&app)
    );
    // ten days is not stale when the team allows eleven
    let app = team_with_assignment(11);
    let figures = app.desk.team.figures.as_ref().unwrap();
    assert!(figures.attention.iter().all(|r| r.untouched.is_empty()));
}
