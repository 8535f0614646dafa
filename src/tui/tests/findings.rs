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
