//! The findings view: `L` lists the annotator's findings grouped by kind, `enter` opens
//! the place, `f` fixes one (one undo step), `F` every finding of its text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use crate::keymap::Mode;
use crate::tui::draw::{Colors, draw};

const A: &str = "Атырау облысында жиын өтті.";
const B: &str = "Атырауда және Атырау қаласында.";
const C: &str = "«Ақтөбе» мен «Ақтөбе ауданы.";

/// An article id, its text and the tester's spans `(start, end, label)`.
type Planted<'a> = (&'a str, &'a str, &'a [(usize, usize, &'a str)]);

/// The tester's done documents in the store, and the annotator over them.
fn team_of_one(docs: &[Planted]) -> (App, MemoryStore) {
    let store = MemoryStore::new("tester");
    for (id, text, spans) in docs {
        let mut doc = DocAnnotations::new(id, "tester", text);
        doc.status = DocStatus::Done;
        for &(start, end, label) in spans.iter() {
            let span = Span::cut(text, start, end, label, Origin::Manual, "tester").unwrap();
            doc.apply(&Op::Add(span), "tester");
        }
        store.docs.borrow_mut().insert(id.to_string(), doc);
    }
    let articles = docs.iter().map(|(id, text, _)| article(id, text)).collect();
    let corpus = Arc::new(Corpus {
        articles,
        problems: Vec::new(),
    });
    let labels = LabelSet::default();
    let keymap = Keymap::default_keymap();
    let mut app = App::new(corpus, labels, "tester", keymap, Box::new(store.clone()));
    app.desk.set_suggestions(false);
    (app, store)
}

fn planted() -> (App, MemoryStore) {
    team_of_one(&[
        ("a", A, &[(0, 6, "LOCATION")]),
        ("b", B, &[(14, 20, "AGENCY")]),
        ("c", C, &[(0, 7, "LOCATION"), (13, 27, "LOCATION")]),
    ])
}

fn screen(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::None)).unwrap();
    terminal
}

#[test]
fn l_lists_the_findings_by_kind_and_enter_opens_the_place() {
    let (mut app, _) = planted();
    keys(&mut app, "L");
    assert_eq!(app.mode(), Mode::Findings);
    assert_screen!("findings_grouped_by_kind_80x24", screen(&app).backend());
    // label_conflict b, label_conflict a, unlabeled b, boundary c ...: the third
    keys(&mut app, "j j enter");
    assert!(app.layers.is_empty());
    assert_eq!(app.focus, Focus::Text);
    assert_eq!(app.current, 1);
    assert_eq!(app.reader.as_ref().unwrap().cursor, 0);
}

#[test]
fn f_trims_a_span_in_one_undoable_step_and_the_view_finds_again() {
    let (mut app, store) = planted();
    keys(&mut app, "L");
    let has = |range: (usize, usize)| {
        let docs = store.docs.borrow();
        docs["c"].spans.iter().any(|s| (s.start, s.end) == range)
    };
    keys(&mut app, "G f");
    assert!(has((14, 27)) && !has((13, 27)));
    assert_eq!(app.mode(), Mode::Findings);
    // the trimmed span is no finding any more: the last one is the other edge
    keys(&mut app, "G f");
    assert!(has((1, 7)));
    keys(&mut app, "esc u");
    assert!(has((0, 7)) && has((14, 27)));
}

#[test]
fn capital_f_suggests_every_missed_occurrence_of_the_text_and_a_accepts_them() {
    let (mut app, store) = team_of_one(&[
        ("a", A, &[(0, 6, "LOCATION")]),
        ("b", B, &[]),
        ("c", "Атырау.", &[]),
    ]);
    keys(&mut app, "L F");
    let said = message(&app);
    assert!(
        said.starts_with("fixed 3 ") && said.contains(" findings of "),
        "{said}"
    );
    assert!(said.contains(" in 2 articles (u undoes"), "{said}");
    let pending = |id: &str| {
        let docs = store.docs.borrow();
        docs[id]
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Pending)
            .map(|s| (s.start, s.end, s.who.clone(), s.note.clone()))
            .collect::<Vec<_>>()
    };
    let note = |as_: &str| Some(format!("lint: tagged LOCATION ×1 elsewhere{as_}"));
    let (tanba, inflected) = ("tanba".to_string(), r#" (as "Атырау")"#);
    assert_eq!(
        pending("b"),
        [
            (0, 8, tanba.clone(), note(inflected)),
            (14, 20, tanba.clone(), note(""))
        ]
    );
    assert_eq!(pending("c"), [(0, 6, tanba, note(""))]);
    keys(&mut app, "esc");
    app.open_article(1);
    app.focus = Focus::Text;
    keys(&mut app, "A");
    assert_eq!(
        show(&app),
        "|[Атырауда]LOCATION және [Атырау]LOCATION қаласында."
    );
}

/// A checker that keeps the jobs it is handed; `finish` runs the first, as the thread
/// would, and hands its result to the app as the event loop does.
#[derive(Clone, Default)]
struct Checks(std::rc::Rc<std::cell::RefCell<Vec<crate::desk::CheckJob>>>);

impl crate::desk::Checker for Checks {
    fn check(&self, job: crate::desk::CheckJob) {
        self.0.borrow_mut().push(job);
    }
}

impl Checks {
    fn waiting(&self) -> usize {
        self.0.borrow().len()
    }

    fn finish(&self, app: &mut App) {
        let job = self.0.borrow_mut().remove(0);
        app.findings_checked(job.run(&|_| Err("every document is read already".into())));
    }
}

/// The planted documents, all read, checked in the background.
fn checked_in_background() -> (App, MemoryStore, Checks) {
    let (mut app, store) = planted();
    for article in 0..3 {
        app.desk.load(article);
    }
    let checks = Checks::default();
    app.desk.attach_checker(Box::new(checks.clone()));
    (app, store, checks)
}

fn shown(app: &App) -> usize {
    app.desk.lint.findings.as_ref().map_or(0, Vec::len)
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_findings_are_checked_in_the_background_and_shown_when_done() {
    let (mut app, _, checks) = checked_in_background();
    keys(&mut app, "L");
    // the key is answered at once: the check waits for its thread
    assert_eq!(app.mode(), Mode::Findings);
    assert_eq!((checks.waiting(), app.desk.lint.checking), (1, Some(3)));
    assert_screen!("findings_checking_80x24", screen(&app).backend());
    // keys still work meanwhile
    keys(&mut app, "j k");
    checks.finish(&mut app);
    assert_eq!((app.desk.lint.checking, shown(&app)), (None, 5));
    // opened again with nothing edited: the findings stand, no new check
    keys(&mut app, "esc L");
    assert_eq!((checks.waiting(), shown(&app)), (0, 5));
}

#[test]
fn the_view_checks_again_after_every_fix_undo_and_redo() {
    let (mut app, _, checks) = checked_in_background();
    keys(&mut app, "L");
    checks.finish(&mut app);
    // the last finding: c's "«Ақтөбе ауданы" trimmed
    keys(&mut app, "G f");
    assert_eq!(app.desk.lint.checking, Some(3));
    // the list is from before the fix until the check ends; a fix waits for it
    assert_eq!(shown(&app), 5);
    keys(&mut app, "f");
    assert!(
        message(&app).starts_with("checking 3 articles…"),
        "{}",
        message(&app)
    );
    checks.finish(&mut app);
    assert_eq!(shown(&app), 4);
    keys(&mut app, "u");
    assert_eq!(checks.waiting(), 1);
    checks.finish(&mut app);
    assert_eq!(shown(&app), 5);
    keys(&mut app, "ctrl-r");
    checks.finish(&mut app);
    assert_eq!(shown(&app), 4);
    assert_eq!(app.mode(), Mode::Findings);
}

#[test]
fn an_edit_during_a_check_checks_again_once_it_is_done_and_the_older_result_is_dropped() {
    let (mut app, _, checks) = checked_in_background();
    keys(&mut app, "L");
    checks.finish(&mut app);
    keys(&mut app, "G f");
    // an undo while that check runs: one check at a time, the next asked for
    keys(&mut app, "u");
    assert_eq!(checks.waiting(), 1);
    checks.finish(&mut app);
    // that result came before the undo: shown, and the check made again
    assert_eq!((checks.waiting(), app.desk.lint.checking), (1, Some(3)));
    checks.finish(&mut app);
    assert_eq!((app.desk.lint.checking, shown(&app)), (None, 5));
}

#[test]
fn capital_f_over_several_articles_is_one_undo_step() {
    let (mut app, store) = team_of_one(&[
        ("a", A, &[(0, 6, "LOCATION")]),
        ("b", B, &[]),
        ("c", "Атырау.", &[]),
    ]);
    let pending = |id: &str| {
        let docs = store.docs.borrow();
        docs[id]
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Pending)
            .count()
    };
    keys(&mut app, "L F");
    assert_eq!((pending("b"), pending("c")), (2, 1));
    assert!(message(&app).contains("one step"), "{}", message(&app));
    keys(&mut app, "u");
    assert_eq!(message(&app), "undid one step over 2 articles");
    assert_eq!((pending("b"), pending("c")), (0, 0));
    // said in the view's last line, which covers the status line
    let drawn = format!("{:?}", screen(&app).backend());
    assert!(
        drawn.contains(" undid one step over 2 articles "),
        "{drawn}"
    );
    keys(&mut app, "ctrl-r");
    assert_eq!(message(&app), "redid one step over 2 articles");
    assert_eq!((pending("b"), pending("c")), (2, 1));
    // the fix was the session's only step: one u takes it all back, the next has none
    keys(&mut app, "u u");
    assert_eq!(message(&app), "nothing to undo");
}

#[test]
fn one_finding_is_said_in_the_singular() {
    // «Ақтөбе» tagged with its opening quote: one boundary finding
    let (mut app, _) = team_of_one(&[("c", "«Ақтөбе» облысы.", &[(0, 7, "LOCATION")])]);
    keys(&mut app, "L");
    let drawn = format!("{:?}", screen(&app).backend());
    assert!(
        drawn.contains("1 finding in tester's work: boundary 1"),
        "{drawn}"
    );
}
