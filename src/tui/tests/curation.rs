//! Curation: candidates marked with whose they are, settling them with the review keys,
//! each annotator's own view, the list's disagreement counts and order.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;
use crate::agree::{Curation, Filter, Sheet};
use crate::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use crate::store::DocKey;
use crate::tui::{Colors, draw};

const TEXT: &str = "Akim Dosmukhambetov visited Atyrau oblysy today.";

fn doc(id: &str, who: &str, text: &str, spans: &[(usize, usize, &str)]) -> DocAnnotations {
    let mut doc = DocAnnotations::new(id, who, text);
    for &(start, end, label) in spans {
        let span = Span::cut(text, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    // marked done: a `todo` file with nothing accepted is nobody's work yet
    doc.status = DocStatus::Done;
    doc
}

/// "calm": both agree; "atyrau": aigerim tags Atyrau, dana «Atyrau oblysy», both the akim.
fn curating() -> (App, MemoryStore) {
    let calm = "Nothing disputed here.";
    let articles = vec![article("calm", calm), article("atyrau", TEXT)];
    let corpus = Corpus {
        articles: articles.clone(),
        problems: vec![],
    };
    let key = |who: &str, id: &str| DocKey {
        annotator: who.into(),
        article: id.into(),
    };
    let docs = BTreeMap::from([
        (key("aigerim", "calm"), doc("calm", "aigerim", calm, &[])),
        (key("dana", "calm"), doc("calm", "dana", calm, &[])),
        (
            key("aigerim", "atyrau"),
            doc(
                "atyrau",
                "aigerim",
                TEXT,
                &[(5, 19, "PERSON"), (28, 34, "LOCATION")],
            ),
        ),
        (
            key("dana", "atyrau"),
            doc(
                "atyrau",
                "dana",
                TEXT,
                &[(5, 19, "PERSON"), (28, 41, "LOCATION")],
            ),
        ),
    ]);
    let names = ["aigerim".to_string(), "dana".to_string()];
    let sheet = Sheet::new(&corpus, &docs, &names, &Filter::default());
    let curation = Curation::new(&sheet, &docs, "tester");
    let (mut app, store) = app_with(articles);
    for id in ["calm", "atyrau"] {
        let draft = curation.get(id).unwrap().draft.clone();
        store.docs.borrow_mut().insert(id.to_string(), draft);
    }
    // the store's drafts replace what App::new read before they were there
    app.desk.docs.iter_mut().for_each(|d| *d = None);
    app.desk.start_curation(Arc::new(curation));
    (app, store)
}

fn open_atyrau(app: &mut App) {
    let i = app.desk.article_index("atyrau").unwrap();
    app.open_article(i);
    app.focus = Focus::Text;
}

fn screen(app: &mut App) -> Terminal<TestBackend> {
    app.resize(80, 24);
    app.desk.set_save_state(crate::store::SaveState::Saved);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(app, f, Colors::None)).unwrap();
    terminal
}

#[test]
fn candidates_show_whose_they_are_and_agreed_spans_are_accepted() {
    let (mut app, _) = curating();
    open_atyrau(&mut app);
    assert_eq!(
        show(&app),
        "|Akim [Dosmukhambetov]PERSON visited [[Atyrau]LOCATION? oblysy]LOCATION? today."
    );
    let span = |start, end| {
        let slot = app.current_slot().unwrap();
        slot.doc
            .spans
            .iter()
            .find(|s| (s.start, s.end) == (start, end))
            .unwrap()
            .clone()
    };
    assert_eq!(app.desk.tag_text(app.current, &span(28, 34)), "LOC?¹");
    assert_eq!(app.desk.tag_text(app.current, &span(28, 41)), "LOC?²");
    assert_eq!(app.desk.tag_text(app.current, &span(5, 19)), "PER");
    let text = format!("{:?}", screen(&mut app).backend());
    assert!(
        text.contains("LOC?¹") && text.contains("¹ aigerim  ² dana"),
        "{text}"
    );
}

#[test]
fn the_review_keys_settle_candidates_and_undo_takes_them_back() {
    let (mut app, store) = curating();
    open_atyrau(&mut app);
    keys(&mut app, "n a r");
    assert_eq!(
        show(&app),
        "Akim [Dosmukhambetov]PERSON visited |[Atyrau]LOCATION oblysy today."
    );
    let saved = store.docs.borrow()["atyrau"].clone();
    assert_eq!(saved.annotator, "tester");
    let states: Vec<_> = saved
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.state))
        .collect();
    use crate::annotation::SpanState::*;
    assert_eq!(
        states,
        [(5, 19, Accepted), (28, 34, Accepted), (28, 41, Rejected)]
    );
    keys(&mut app, "u u");
    assert!(show(&app).contains("[[Atyrau]LOCATION? oblysy]LOCATION?"));
}

#[test]
fn o_shows_each_annotators_own_spans_read_only_then_the_curators() {
    let (mut app, store) = curating();
    open_atyrau(&mut app);
    keys(&mut app, "n a o");
    assert_eq!(app.desk.showing(app.current), Some("aigerim"));
    let spans = |app: &App| -> Vec<(usize, usize)> {
        let slot = app.current_slot().unwrap();
        slot.doc.spans.iter().map(|s| (s.start, s.end)).collect()
    };
    assert_eq!(spans(&app), [(5, 19), (28, 34)]);
    let text = format!("{:?}", screen(&mut app).backend());
    assert!(text.contains("aigerim's spans (o)"), "{text}");
    let saves = store.saves.borrow().len();
    for edit in ["w 3", "u"] {
        keys(&mut app, edit);
        let now = store.saves.borrow().len();
        assert_eq!(now, saves, "{edit}: nothing changes in another's view");
        let said = &app.message.as_ref().unwrap().text;
        assert!(said.contains("showing aigerim's spans"), "{said}");
    }
    keys(&mut app, "o");
    assert_eq!(app.desk.showing(app.current), Some("dana"));
    assert_eq!(spans(&app), [(5, 19), (28, 41)]);
    keys(&mut app, "o");
    assert_eq!(app.desk.showing(app.current), None);
    assert_eq!(spans(&app), [(5, 19), (28, 34), (28, 41)]);
    let atyrau = &app.current_slot().unwrap().doc.spans[1];
    assert_eq!(atyrau.state, SpanState::Accepted, "the accept stayed");
}

#[test]
fn the_list_counts_disagreements_and_d_orders_by_them() {
    let (mut app, _) = curating();
    assert_eq!(
        app.desk
            .disagreements_of(app.desk.article_index("atyrau").unwrap()),
        Some(2)
    );
    assert_eq!(
        app.desk
            .disagreements_of(app.desk.article_index("calm").unwrap()),
        Some(0)
    );
    let order = |app: &App| -> Vec<String> {
        app.desk
            .visible()
            .iter()
            .map(|i| app.desk.article(i).id.clone())
            .collect()
    };
    assert_eq!(order(&app), ["calm", "atyrau"]);
    app.focus = Focus::List;
    keys(&mut app, "D");
    assert_eq!(order(&app), ["atyrau", "calm"]);
    let text = format!("{:?}", screen(&mut app).backend());
    assert!(text.contains("≠2"), "{text}");
    keys(&mut app, "D");
    assert_eq!(order(&app), ["calm", "atyrau"]);
}

#[test]
fn curating_two_annotators_80x24() {
    let (mut app, _) = curating();
    open_atyrau(&mut app);
    keys(&mut app, "n");
    assert_screen!(screen(&mut app).backend());
}
