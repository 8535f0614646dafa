//! Suggestions in the annotator, on the seed article: tag once, review everywhere; the
//! gazetteer across articles; the word jump.

use super::*;
use crate::annotation::Origin;
use crate::suggest::GazetteerBuilder;

const SEED: &str = include_str!("../../../sample-data/atyrau-anticorruption-commission.kk.txt");

fn starts_of(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .collect()
}

/// The open article's spans as (start, text, label, state).
fn spans(app: &App) -> Vec<(usize, String, String, SpanState)> {
    app.current_slot()
        .unwrap()
        .doc
        .spans
        .iter()
        .map(|s| (s.start, s.text.clone(), s.label.clone(), s.state))
        .collect()
}

/// The seed opened with the cursor on its first «Атырау», suggestions on.
fn seed_app() -> (App, MemoryStore) {
    let (mut app, store) = app_with(vec![article("seed", SEED), article("b", "екінші")]);
    app.desk.set_suggestions(true);
    app.focus = Focus::Text;
    app.move_to(starts_of(SEED, "Атырау")[0]);
    (app, store)
}

#[test]
fn tagging_the_first_atyrau_suggests_the_other_five_and_each_takes_one_key() {
    let (mut app, store) = seed_app();
    let all = starts_of(SEED, "Атырау");
    assert_eq!(all.len(), 6);
    keys(&mut app, "4");
    let got = spans(&app);
    assert_eq!(got.len(), 6);
    for ((start, text, label, state), &want) in got.iter().zip(&all) {
        assert_eq!(
            (*start, text.as_str(), label.as_str()),
            (want, "Атырау", "LOCATION")
        );
        let expected = if want == all[0] {
            SpanState::Accepted
        } else {
            SpanState::Pending
        };
        assert_eq!(*state, expected);
    }
    let doc = &app.current_slot().unwrap().doc;
    assert!(doc.pending().all(|s| s.origin == Origin::Suggested));
    assert!(show(&app).contains("[Атырау]LOCATION? облыстық"));
    // n to the first suggestion, then one key each: a accepts and moves on
    keys(&mut app, "n a a a a a");
    assert!(spans(&app).iter().all(|s| s.3 == SpanState::Accepted));
    assert_eq!(store.docs.borrow()["seed"].spans.len(), 6);
}

#[test]
fn the_log_gives_the_tag_and_the_accept_to_the_person_and_the_suggestions_to_tanba() {
    let (mut app, _store) = seed_app();
    keys(&mut app, "4 n a");
    let me = app.desk.annotator.clone();
    let doc = &app.current_slot().unwrap().doc;
    let log: Vec<(&str, &str)> = doc
        .log
        .iter()
        .map(|e| (e.who.as_str(), e.what.split(' ').next().unwrap()))
        .collect();
    let tanba = vec![("tanba", "add"); 5];
    let expected = [
        &[(me.as_str(), "add"), (me.as_str(), "status")][..],
        &tanba,
        &[(me.as_str(), "change")],
    ]
    .concat();
    assert_eq!(log, expected);
    assert!(doc.pending().all(|s| s.who == "tanba"));
}

#[test]
fn accept_all_takes_every_suggestion_and_undo_takes_the_tag_and_them_back() {
    let (mut app, _) = seed_app();
    keys(&mut app, "4 A");
    assert_eq!(spans(&app).len(), 6);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 0);
    keys(&mut app, "u u");
    assert_eq!(spans(&app), []);
    keys(&mut app, "ctrl-r");
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 5);
}

#[test]
fn inflected_forms_are_suggested_as_whole_words() {
    let text = "Атырау қаласы. Атырауда жиын өтті. Атыраудың әкімі сөйледі.";
    let (mut app, _) = setup(&format!("|{text}"));
    app.desk.set_suggestions(true);
    keys(&mut app, "4");
    assert_eq!(
        show(&app),
        "|[Атырау]LOCATION қаласы. [Атырауда]LOCATION? жиын өтті. [Атыраудың]LOCATION? әкімі сөйледі."
    );
    assert!(
        app.desk
            .tag_text(app.current, &app.current_slot().unwrap().doc.spans[1])
            .ends_with('~')
    );
}

#[test]
fn a_rejected_suggestion_stays_rejected_after_reopening() {
    let (mut app, store) = seed_app();
    let second = starts_of(SEED, "Атырау")[1];
    keys(&mut app, "4 n r");
    let rejected = |app: &App| {
        spans(app)
            .into_iter()
            .filter(|s| s.3 == SpanState::Rejected)
            .map(|s| s.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(rejected(&app), [second]);
    // reopen: a new session over the same store, with a gazetteer that knows «Атырау»
    let corpus = Arc::clone(&app.desk.corpus);
    let mut again = App::new(
        corpus,
        LabelSet::default(),
        "tester",
        Keymap::default_keymap(),
        Box::new(store.clone()),
    );
    let mut g = GazetteerBuilder::default();
    g.add("Атырау", "LOCATION");
    again.attach_gazetteer(g.build(), &[]);
    assert_eq!(rejected(&again), [second]);
    assert_eq!(again.current_slot().unwrap().doc.pending().count(), 4);
    // accepting another «Атырау» does not bring it back either
    again.focus = Focus::Text;
    again.move_to(starts_of(SEED, "Атырау")[2]);
    keys(&mut again, "a");
    assert_eq!(rejected(&again), [second]);
}

#[test]
fn the_gazetteer_carries_a_tag_to_the_next_article_and_notes_come_from_its_file() {
    let b = "Атыраудағы жиында «Адалдық алаңы» туралы айтылды.";
    let (mut app, _) = app_with(vec![article("a", "Атырау облысы."), article("b", b)]);
    app.desk.set_suggestions(true);
    let mut g = GazetteerBuilder::default();
    g.add("Адалдық алаңы", "AGENCY");
    app.attach_gazetteer(
        g.build(),
        &["gazetteer.tsv:3: expected text<TAB>LABEL".into()],
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("gazetteer.tsv:3")
    );
    app.focus = Focus::Text;
    keys(&mut app, "4 J");
    assert_eq!(
        show(&app),
        "|[Атыраудағы]LOCATION? жиында «[Адалдық алаңы]AGENCY?» туралы айтылды."
    );
    assert_eq!(
        app.current_slot().unwrap().doc.status,
        crate::annotation::DocStatus::Todo
    );
}

#[test]
fn the_gazetteer_forgets_a_tag_taken_back_by_undo_relabel_or_delete() {
    let b = "Атыраудағы жиында.";
    let articles = vec![
        article("a", "Атырау облысы."),
        article("b", b),
        article("c", "Атырау облысы."),
        article("d", b),
    ];
    let (mut app, _) = app_with(articles);
    app.desk.set_suggestions(true);
    app.attach_gazetteer(GazetteerBuilder::default().build(), &[]);
    app.focus = Focus::Text;
    // tagged by mistake, then undone: the next article gets no suggestion from it
    keys(&mut app, "4 u J");
    assert_eq!(show(&app), "|Атыраудағы жиында.");
    // tagged LOCATION, then relabelled PERSON: only PERSON is learnt
    keys(&mut app, "J 4 1 J");
    assert_eq!(show(&app), "|[Атыраудағы]PERSON? жиында.");
    let slot = app.current_slot().unwrap();
    assert_eq!(slot.doc.spans[0].note, None, "{:?}", slot.doc.spans[0]);
    // the PERSON span deleted: nothing is left to suggest
    keys(&mut app, "K x J");
    assert_eq!(show(&app), "|[Атыраудағы]PERSON? жиында.");
    keys(&mut app, "x K J");
    assert_eq!(show(&app), "|Атыраудағы жиында.");
}

#[test]
fn done_with_suggestions_unreviewed_says_how_many_are_left_out() {
    let (mut app, _) = seed_app();
    keys(&mut app, "4 d");
    let said = &app.message.as_ref().unwrap().text;
    assert!(
        said.starts_with("done with 5 pending spans left (not exported); next: "),
        "{said}"
    );
    // reviewed first, nothing is said of them
    let (mut app, _) = seed_app();
    keys(&mut app, "4 A d");
    let said = &app.message.as_ref().unwrap().text;
    assert!(said.starts_with("done; next: "), "{said}");
}

#[test]
fn suggestions_can_be_turned_off_with_a_key() {
    let (mut app, _) = seed_app();
    keys(&mut app, "ctrl-t");
    assert!(app.message.as_ref().unwrap().text.contains("off"));
    keys(&mut app, "4");
    assert_eq!(spans(&app).len(), 1);
}

#[test]
fn the_word_jump_folds_like_search_and_repeats_both_ways() {
    let (mut app, _) = setup("|Жиында Альфия Әдиева да, Айдос Мамыт та сөйледі.");
    // а finds «Альфия», then «Әдиева» (ә folds to а), then «Айдос»
    keys(&mut app, "m а");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 7);
    keys(&mut app, ";");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 14);
    keys(&mut app, "; ,");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 14);
    keys(&mut app, "M м");
    assert!(app.message.as_ref().unwrap().text.contains("no word"));
    keys(&mut app, "m М");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 31);
    keys(&mut app, "m esc");
    assert_eq!(app.reader.as_ref().unwrap().cursor, 31);
}
