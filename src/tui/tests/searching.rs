//! The search in the TUI. Queries are answered by `LocalSearch`, the code the search worker
//! runs, on the test's thread; answers wait in a queue until `deliver` hands them to the
//! app, as the event loop would.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use super::*;
use crate::annotation::DocAnnotations;
use crate::search::{Facts, LocalSearch, SearchEvent, SearchOptions};
use crate::tui::SearchService;
use crate::tui::screen::Focus;

pub type Outbox = Rc<RefCell<VecDeque<SearchEvent>>>;

struct InlineSearch {
    local: RefCell<LocalSearch>,
    outbox: Outbox,
}

impl SearchService for InlineSearch {
    fn search(&self, generation: u64, query: &str) {
        let answer = self.local.borrow().answer(generation, query);
        self.outbox.borrow_mut().push_back(answer);
    }

    fn update_doc(&self, doc: &DocAnnotations) {
        self.local.borrow_mut().facts.set_doc(doc);
    }
}

/// Attaches a search over the app's corpus, its index already built (an `Indexed` event
/// is waiting, as the worker would send).
pub fn searching(app: &mut App) -> Outbox {
    searching_with(app, SearchOptions::default())
}

fn searching_with(app: &mut App, options: SearchOptions) -> Outbox {
    let articles = app.desk.corpus.clone();
    let facts = Facts::from_articles(&articles.articles).with_annotator(&app.desk.annotator);
    let local = LocalSearch::new(articles, app.desk.labels.clone(), facts, options);
    let outbox = Outbox::default();
    outbox.borrow_mut().push_back(SearchEvent::Indexed {
        articles: app.desk.corpus.articles.len(),
        words: local.index.vocabulary(),
        elapsed: Default::default(),
        note: None,
    });
    app.desk.attach_search(Box::new(InlineSearch {
        local: RefCell::new(local),
        outbox: outbox.clone(),
    }));
    outbox
}

/// Hands every waiting answer to the app, oldest first.
pub fn deliver(app: &mut App, outbox: &Outbox) {
    loop {
        let Some(event) = outbox.borrow_mut().pop_front() else {
            return;
        };
        app.search_event(event);
    }
}

/// News where «Атырау» is in one title and in two bodies.
pub fn news_articles() -> Vec<Article> {
    vec![
        article(
            "atyrau",
            "Атырау облысында комиссия отырды\nКомиссия сыбайлас жемқорлықпен күрес туралы \
             сөйлесті. Атырау облысы әкімі қатысты.",
        ),
        article(
            "weather",
            "Ауа райы: ертең жаңбыр\nЕртең Атырауда жаңбыр жауады, ал Алматыда күн ашық.",
        ),
        article(
            "sport",
            "Спорт жаңалықтары\nФутбол командасы жеңіске жетті.",
        ),
        article(
            "oil",
            "Мұнай өндірісі артты\nКен орындарында мұнай өндіру өсті. Атырау мен Маңғыстау \
             алда. Атырау зауыты да жұмыс істейді.",
        ),
    ]
}

/// An app on `articles` with a search attached and its index ready.
pub fn searchable(articles: Vec<Article>) -> (App, Outbox) {
    let (mut app, _) = app_with(articles);
    let outbox = searching(&mut app);
    deliver(&mut app, &outbox);
    (app, outbox)
}

fn news() -> (App, Outbox) {
    searchable(news_articles())
}

/// Types `query` after `/` (over the last query) and delivers the answers.
pub fn search_for(app: &mut App, outbox: &Outbox, query: &str) {
    keys(app, "/ ctrl-u");
    type_text(app, query);
    deliver(app, outbox);
}

fn ids(app: &App) -> Vec<&str> {
    app.desk
        .visible()
        .iter()
        .map(|i| app.desk.article(i).id.as_str())
        .collect()
}

fn cursor(app: &App) -> usize {
    app.reader.as_ref().unwrap().cursor
}

fn start_of(app: &App, word: &str) -> usize {
    let text = &app.desk.article(app.current).text;
    text[..text.find(word).unwrap()].chars().count()
}

#[test]
fn answers_show_ranked_hits_and_preview_the_best_at_its_first_match() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "атырау");
    // the title hit first, then the body hits in corpus order
    assert_eq!(ids(&app), ["atyrau", "weather", "oil"]);
    assert_eq!((app.current, app.focus), (0, Focus::List));
    assert_eq!(cursor(&app), 0, "the title line holds the first match");
    let detail = app.desk.hit_at(0).unwrap().detail.as_ref().unwrap();
    assert_eq!(detail.title_positions, (0..6).collect::<Vec<_>>());
    // the title hit has no snippet row; a body hit has, on the matching word
    assert!(app.current_snippet().is_none());
    keys(&mut app, "down");
    let snippet = app.current_snippet().expect("a body hit shows its snippet");
    let word: String = snippet
        .text
        .chars()
        .skip(snippet.highlight.start)
        .take(snippet.highlight.len())
        .collect();
    assert_eq!(word, "Атырауда");
    assert_eq!(cursor(&app), start_of(&app, "Атырауда"));
    // ctrl-n and ctrl-p move too; typing goes on into the query
    keys(&mut app, "ctrl-n");
    assert_eq!(app.current, 3);
    keys(&mut app, "ctrl-p ctrl-p");
    assert_eq!(app.current, 0);
}

#[test]
fn a_stale_answer_is_ignored() {
    let (mut app, outbox) = news();
    keys(&mut app, "/");
    type_text(&mut app, "спорт");
    let late: Vec<SearchEvent> = outbox.borrow_mut().drain(..).collect();
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "жаңбыр");
    deliver(&mut app, &outbox);
    assert_eq!(ids(&app), ["weather"]);
    // the answers to «спорт» come in late: dropped
    for event in late {
        app.search_event(event);
    }
    assert_eq!(ids(&app), ["weather"]);
    assert_eq!(app.current, 1);
}

#[test]
fn enter_opens_at_the_first_match_and_n_cycles_through_the_matches() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "атырау");
    keys(&mut app, "down down");
    assert_eq!(app.current, 3);
    keys(&mut app, "enter");
    assert!(app.layers.is_empty());
    assert_eq!(app.focus, Focus::Text);
    let text = app.desk.article(3).text.clone();
    let starts: Vec<usize> = text
        .match_indices("Атырау")
        .map(|(b, _)| text[..b].chars().count())
        .collect();
    assert_eq!(starts.len(), 2);
    assert_eq!(cursor(&app), starts[0]);
    keys(&mut app, "n");
    assert_eq!(cursor(&app), starts[1]);
    assert_eq!(app.message.as_ref().unwrap().text, "match 2/2");
    keys(&mut app, "n");
    assert_eq!(cursor(&app), starts[0], "n wraps around to the first");
    keys(&mut app, "N");
    assert_eq!(cursor(&app), starts[1], "N wraps around to the last");
    // the list stays narrowed to the hits; J opens the next one at its first match
    assert_eq!(ids(&app), ["atyrau", "weather", "oil"]);
    keys(&mut app, "K");
    assert_eq!(cursor(&app), start_of(&app, "Атырауда"));
}

#[test]
fn esc_in_the_query_line_restores_the_list_and_the_place() {
    let (mut app, outbox) = news();
    keys(&mut app, "J J tab");
    app.move_to(5);
    keys(&mut app, "tab");
    assert_eq!((app.current, cursor(&app), app.focus), (2, 5, Focus::List));
    search_for(&mut app, &outbox, "атырау");
    keys(&mut app, "down");
    assert_eq!(app.current, 1);
    keys(&mut app, "esc");
    assert_eq!(ids(&app).len(), 4);
    assert_eq!((app.current, cursor(&app), app.focus), (2, 5, Focus::List));
    assert!(app.reader.as_ref().unwrap().matches.is_empty());
    // an answer still on its way changes nothing
    keys(&mut app, "/");
    type_text(&mut app, "жаңбыр");
    keys(&mut app, "esc");
    deliver(&mut app, &outbox);
    assert_eq!((ids(&app).len(), app.current), (4, 2));
}

#[test]
fn esc_in_the_text_clears_the_highlights_then_n_goes_back_to_pending_spans() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "атырау");
    keys(&mut app, "enter");
    assert_eq!(app.reader.as_ref().unwrap().matches.len(), 2);
    keys(&mut app, "esc");
    assert!(app.reader.as_ref().unwrap().matches.is_empty());
    assert_eq!(app.focus, Focus::Text);
    keys(&mut app, "n");
    assert_eq!(app.message.as_ref().unwrap().text, "no next pending span");
    keys(&mut app, "esc");
    assert_eq!(app.focus, Focus::List);
    // esc in the list clears the search
    keys(&mut app, "esc");
    assert_eq!(ids(&app).len(), 4);
}

#[test]
fn a_filter_query_finds_the_person_just_tagged_and_follows_edits() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "PERSON:Атырау");
    assert!(ids(&app).is_empty());
    keys(&mut app, "esc");
    // tag «Атырау» in the oil article as a PERSON (wrong, but a PERSON)
    keys(&mut app, "J J J");
    app.focus = Focus::Text;
    app.move_to(start_of(&app, "Атырау"));
    keys(&mut app, "1");
    assert!(show(&app).contains("[Атырау]PERSON"));
    search_for(&mut app, &outbox, "PERSON:Атырау");
    assert_eq!(ids(&app), ["oil"]);
    keys(&mut app, "esc");
    // a query with filters is asked again after each edit: done leaves `status:progress`
    search_for(&mut app, &outbox, "status:progress");
    assert_eq!(ids(&app), ["oil"]);
    keys(&mut app, "enter d");
    deliver(&mut app, &outbox);
    assert!(ids(&app).is_empty(), "{:?}", ids(&app));
}

#[test]
fn a_query_that_does_not_parse_says_why_in_the_query_line() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "атырау");
    type_text(&mut app, " status:later");
    deliver(&mut app, &outbox);
    let error = app.desk.search.error.clone().expect("an error");
    assert!(error.contains("unknown status `later`"), "{error}");
    let screen = screen_text(&app, 120, 24);
    assert!(screen.contains("/атырау status:later"), "{screen}");
    assert!(screen.contains("unknown status `later`"), "{screen}");
    // the list keeps the last answer; enter waits for a query that parses
    assert_eq!(ids(&app).len(), 3);
    keys(&mut app, "enter");
    assert_eq!(app.mode(), crate::keymap::Mode::Prompt);
    keys(&mut app, "ctrl-w");
    deliver(&mut app, &outbox);
    assert!(app.desk.search.error.is_none());
    keys(&mut app, "enter");
    assert_eq!(app.mode(), crate::keymap::Mode::Text);
}

#[test]
fn the_query_line_edits_like_a_shell_line() {
    let (mut app, outbox) = news();
    keys(&mut app, "/");
    type_text(&mut app, "атырау  жаңбыр");
    let input = |app: &App| match app.layers.find::<crate::tui::app::Prompt>() {
        Some(p) => (p.input.clone(), p.at),
        None => panic!("no input line"),
    };
    keys(&mut app, "ctrl-w");
    assert_eq!(input(&app), ("атырау  ".into(), 8));
    keys(&mut app, "ctrl-w");
    assert_eq!(input(&app), ("".into(), 0));
    type_text(&mut app, "ауа");
    keys(&mut app, "left left backspace");
    type_text(&mut app, "ТЫРА");
    assert_eq!(input(&app), ("ТЫРАуа".into(), 4));
    keys(&mut app, "ctrl-u");
    assert_eq!(input(&app), ("уа".into(), 0));
    keys(&mut app, "right backspace");
    assert_eq!(input(&app), ("а".into(), 0));
    // every edit was asked for; only the last answer counts
    deliver(&mut app, &outbox);
    assert_eq!(app.desk.filter.as_ref().unwrap().query, "а");
}

#[test]
fn enter_before_the_answer_opens_it_when_it_comes() {
    let (mut app, outbox) = news();
    keys(&mut app, "/");
    type_text(&mut app, "жаңбыр");
    keys(&mut app, "enter");
    assert!(app.desk.search.waiting_to_open);
    assert!(screen_text(&app, 80, 24).contains("searching…"));
    deliver(&mut app, &outbox);
    assert_eq!((app.current, app.focus), (1, Focus::Text));
    assert_eq!(cursor(&app), start_of(&app, "жаңбыр"));
}

#[test]
fn clicks_on_the_list_skip_the_snippet_row() {
    let (mut app, outbox) = news();
    app.resize(80, 24);
    search_for(&mut app, &outbox, "атырау");
    keys(&mut app, "down enter");
    assert!(app.current_snippet().is_some());
    // rows: 1 atyrau, 2 weather, 3 its snippet, 4 oil
    app.update(crate::tui::Action::Click { col: 5, row: 3 });
    assert_eq!(app.current, 1);
    app.update(crate::tui::Action::Click { col: 5, row: 4 });
    assert_eq!(app.current, 3);
}

#[test]
fn the_worker_answers_from_titles_first_and_the_query_line_says_indexing_until_ready() {
    use std::sync::mpsc;
    let (mut app, _) = app_with(news_articles());
    let (events_tx, events) = mpsc::channel();
    let (open, gate) = mpsc::channel::<()>();
    let searcher = crate::search::Searcher::start_loading(
        app.desk.corpus.clone(),
        app.desk.labels.clone(),
        // the full index waits for the test
        move || {
            let _ = gate.recv();
            Facts::default()
        },
        SearchOptions::default(),
        move |event| {
            let _ = events_tx.send(event);
        },
    )
    .unwrap();
    app.desk.attach_search(Box::new(searcher));
    // hands events to the app until the answer to the last query (a ceiling, not a timing)
    let answered = |app: &mut App| loop {
        let event = events
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the search worker answers");
        let last =
            matches!(&event, SearchEvent::Results(r) if r.generation == app.desk.search.generation);
        app.search_event(event);
        if last {
            return;
        }
    };
    keys(&mut app, "/");
    type_text(&mut app, "атырау");
    answered(&mut app);
    assert_eq!(ids(&app), ["atyrau"], "titles only");
    assert!(screen_text(&app, 80, 24).contains("indexing…"));
    open.send(()).unwrap();
    // `Indexed`, then the same query answered again from the whole text
    answered(&mut app);
    assert!(!app.desk.search.indexing);
    assert_eq!(ids(&app), ["atyrau", "weather", "oil"]);
    assert!(!screen_text(&app, 80, 24).contains("indexing…"));
    assert_eq!(
        app.current, 0,
        "an answer to the same query keeps the selection"
    );
}

#[test]
fn hits_past_the_detailed_ones_get_their_highlights_when_they_come_into_view() {
    let (mut app, _) = app_with(news_articles());
    let outbox = searching_with(
        &mut app,
        SearchOptions {
            details: 1,
            ..Default::default()
        },
    );
    search_for(&mut app, &outbox, "атырау");
    assert!(
        app.desk.filter.as_ref().unwrap().results.hits[2]
            .detail
            .is_some()
    );
    keys(&mut app, "down down enter");
    assert_eq!(cursor(&app), start_of(&app, "Атырау"));
    assert_eq!(app.reader.as_ref().unwrap().matches.len(), 2);
}

#[test]
fn filters_alone_highlight_nothing_and_no_hits_clear_the_search_on_enter() {
    let (mut app, outbox) = news();
    search_for(&mut app, &outbox, "status:todo");
    assert_eq!(ids(&app).len(), 4);
    keys(&mut app, "enter");
    assert!(app.reader.as_ref().unwrap().matches.is_empty());
    assert_eq!(cursor(&app), 0);
    keys(&mut app, "tab");
    search_for(&mut app, &outbox, "алматы мұнай");
    assert!(ids(&app).is_empty());
    assert!(screen_text(&app, 80, 24).contains("(nothing matches)"));
    keys(&mut app, "enter");
    assert_eq!(ids(&app).len(), 4);
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "no article matches; filter cleared"
    );
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    crate::tui::draw::render(app, buf.area, &mut buf, crate::tui::Colors::Basic);
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_rebuilt_index_is_noted_unless_the_status_line_has_something_to_say() {
    let (mut app, _outbox) = news();
    let rebuilt = |note: &str| SearchEvent::Indexed {
        articles: 3,
        words: 10,
        elapsed: Default::default(),
        note: Some(note.to_string()),
    };
    app.message = None;
    app.search_event(rebuilt(
        "search index rebuilt (news.jsonl changed since it was indexed)",
    ));
    let shown = app.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(
        shown,
        Some("search index rebuilt (news.jsonl changed since it was indexed)")
    );
    app.fail("added 20 labels from the data");
    app.search_event(rebuilt("search index built for this corpus"));
    let shown = app.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(shown, Some("added 20 labels from the data"));
}

#[test]
fn one_letter_lists_title_hits_and_says_so_and_the_second_letter_searches_the_text() {
    let (mut app, outbox) = news();
    // «с» is in two titles (and in most texts): one letter lists the titles
    search_for(&mut app, &outbox, "с");
    assert_eq!(
        ids(&app),
        ["sport", "atyrau", "oil"],
        "a word that starts with it first"
    );
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains("in titles (type more)"), "{screen}");
    // «ф» is in no title, only in the sport text
    search_for(&mut app, &outbox, "ф");
    assert!(ids(&app).is_empty());
    type_text(&mut app, "у");
    deliver(&mut app, &outbox);
    let screen = screen_text(&app, 80, 24);
    assert!(!screen.contains("in titles"), "{screen}");
    assert_eq!(ids(&app), ["sport"]);
}

#[test]
fn by_me_leaves_out_an_article_only_read_with_its_suggestions_in_memory() {
    let (mut app, _) = app_with(vec![
        article("a", "Атырау облысы."),
        article("b", "Атырау қаласы."),
    ]);
    let outbox = searching(&mut app);
    deliver(&mut app, &outbox);
    app.desk.set_suggestions(true);
    app.focus = Focus::Text;
    let mut g = crate::suggest::GazetteerBuilder::default();
    g.add("Атырау", "LOCATION");
    app.attach_gazetteer(g.build(), &[]);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 1);
    // read, not annotated: the suggestion waits in memory, as the dashboard leaves it out
    search_for(&mut app, &outbox, "by:tester");
    assert!(ids(&app).is_empty(), "{:?}", ids(&app));
    keys(&mut app, "esc");
    // its first edit saves it: now it is tester's
    app.focus = Focus::Text;
    app.move_to(0);
    keys(&mut app, "a");
    search_for(&mut app, &outbox, "by:tester");
    assert_eq!(ids(&app), ["a"]);
}
