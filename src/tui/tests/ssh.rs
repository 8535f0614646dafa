//! Issue 15, a day over SSH: the list after the one-pane layout, emacs motions and region,
//! picking up where the annotator stopped, the footer at 50 columns.

use super::*;

fn sixteen_articles() -> Vec<Article> {
    (1..=16)
        .map(|n| article(&format!("a{n:02}"), &format!("Article {n}\nBody of {n}.")))
        .collect()
}

/// At 50x20 the list has 16 rows: opening article 4 shows the text alone; Tab brings
/// the list back from its top, with no row empty below, and a resize keeps it so.
#[test]
fn the_list_is_not_left_scrolled_after_the_one_pane_layout() {
    let (mut app, _) = app_with(sixteen_articles());
    app.resize(50, 20);
    assert_eq!(app.shared().list_height(), 16);
    keys(&mut app, "j j j enter");
    assert_eq!((app.current, app.focus), (3, Focus::Text));
    keys(&mut app, "tab");
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.top, 0, "articles hidden above, rows empty below");
    app.resize(80, 24);
    assert_eq!(app.list.top, 0);
    // far down, the list still follows the current article
    keys(&mut app, "G");
    assert_eq!(app.current, 15);
    app.resize(50, 20);
    keys(&mut app, "enter tab");
    assert_eq!(app.list.top, 0, "16 articles fill the 16 rows exactly");
    app.resize(50, 12);
    assert_eq!(
        app.list.top,
        16 - app.shared().list_height(),
        "the last one at the bottom row"
    );
}

fn emacs_app(articles: Vec<Article>) -> (App, MemoryStore) {
    let (mut app, store) = app_with(articles);
    app.keymap = Keymap::load(Some("emacs"), None).unwrap();
    (app, store)
}

/// The keys: `C-f C-SPC M-f 4` on the seed article tags «Атырау», not «Атырау о».
#[test]
fn emacs_mark_and_m_f_tag_exactly_the_word() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-data/atyrau-anticorruption-commission.kk.txt"
    );
    let corpus = crate::corpus::load(&[std::path::PathBuf::from(seed)]);
    let (mut app, store) = emacs_app(corpus.articles);
    keys(&mut app, "enter ctrl-f ctrl-space alt-f 4");
    let saved = store.saves.borrow();
    let spans = &saved.last().expect("the tag was saved").spans;
    let got: Vec<_> = spans
        .iter()
        .map(|s| (s.start, s.end, s.text.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(got, [(1, 7, "Атырау", "LOCATION")]);
}

/// Emacs motions from the middle of a word and across punctuation, and the region from
/// either side of the mark; vim's `v` still takes the cursor's character.
#[test]
fn emacs_motions_and_region_from_either_side() {
    let text = "«Атырау облысы» әкімі.";
    let (mut app, _) = emacs_app(vec![article("a", text)]);
    app.focus = Focus::Text;
    keys(&mut app, "alt-f");
    assert_eq!(show(&app), "«Атырау| облысы» әкімі.");
    keys(&mut app, "alt-f alt-f");
    assert_eq!(
        show(&app),
        "«Атырау облысы» әкімі|.",
        "past » to the last word"
    );
    keys(&mut app, "alt-b alt-b ctrl-f ctrl-f");
    assert_eq!(show(&app), "«Атырау об|лысы» әкімі.");
    // mark in the middle of облысы, region back to its start: «об»
    keys(&mut app, "ctrl-space alt-b 1");
    assert_eq!(show(&app), "«Атырау |[об]PERSONлысы» әкімі.");
    // a region from the mark forwards to where M-f stops: «Атырау облысы» minus «
    keys(&mut app, "alt-b ctrl-space alt-f alt-f 4");
    assert_eq!(show(&app), "«[Атырау [об]PERSONлысы]LOCATION|» әкімі.");
    // an empty region tags nothing and says why
    keys(&mut app, "ctrl-space 2");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("empty"))
    );

    let (mut vim, _) = app_with(vec![article("a", text)]);
    vim.focus = Focus::Text;
    keys(&mut vim, "l v e 4");
    assert_eq!(show(&vim), "«[Атыра|у]LOCATION облысы» әкімі.");
}

#[test]
fn the_resume_point_is_the_article_cursor_and_pane_and_reopens_there() {
    use crate::store::Pane;
    let (mut app, _) = app_with(sixteen_articles());
    keys(&mut app, "j j enter l l");
    let point = app.resume_point().expect("an open article");
    assert_eq!(
        (point.article.as_str(), point.cursor, point.pane),
        ("a03", 2, Pane::Text)
    );
    let (mut again, _) = app_with(sixteen_articles());
    again.resume_at(2, point.cursor, Pane::List);
    let cursor = again.reader.as_ref().map(|r| r.cursor);
    assert_eq!(
        (again.current, cursor, again.focus),
        (2, Some(2), Focus::List)
    );
    let said = again.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(said, Some("resumed where you stopped: 3/16 Article 3"));
    keys(&mut again, "j");
    assert!(again.message.is_none(), "said once");
}

/// The link drops while a search is being typed: its best hit is on screen, but the
/// place kept is the one before `/` (where Esc would go back to), not a hit never opened.
#[test]
fn a_drop_mid_search_keeps_the_place_before_the_search() {
    use crate::store::Pane;
    let (mut app, outbox) = super::searching::searchable(sixteen_articles());
    keys(&mut app, "j j enter l l");
    super::searching::search_for(&mut app, &outbox, "Body of 9");
    assert_eq!(app.current, 8, "the search shows its hit");
    let point = app.resume_point().expect("an open article");
    assert_eq!(
        (point.article.as_str(), point.cursor, point.pane),
        ("a03", 2, Pane::Text)
    );
}

/// At 50 columns the footer keeps the label keys and `? help` (the annotator and the
/// article's status go first), and a long message is cut at a word with an ellipsis.
#[test]
fn the_footer_at_50_columns_keeps_label_keys_and_help_and_cuts_messages_at_a_word() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let (mut app, _) = app_with(sixteen_articles());
    keys(&mut app, "enter");
    app.resize(50, 8);
    app.fail("read-only: annotations/tester/a01.ron:7:3: span 6..0 ends before it starts");
    let mut terminal = Terminal::new(TestBackend::new(50, 8)).unwrap();
    terminal
        .draw(|f| crate::tui::draw(&app, f, crate::tui::Colors::None))
        .unwrap();
    let footer: Vec<String> = (6..8)
        .map(|y| {
            (0..50)
                .map(|x| terminal.backend().buffer()[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    assert!(
        footer[0].trim_end().ends_with("a01.ron:7:3:…"),
        "{footer:?}"
    );
    assert!(
        footer[1].contains("5:DAT") && footer[1].contains("? help"),
        "{footer:?}"
    );
    assert_screen!(terminal.backend());
}

/// Esc and a key in one read arrive as Alt-key: unbound, it is Esc then the key; an Alt
/// key the keymap binds (emacs `M-f`) keeps its binding.
#[test]
fn an_unbound_alt_key_is_esc_then_the_key() {
    use crate::tui::run::press;
    let alt = |spec: &str| Key::parse(&format!("alt-{spec}")).unwrap();
    let (mut app, _) = setup("«|Атырау облысы»\nКомиссия");
    keys(&mut app, "v l");
    press(&mut app, alt("j"));
    assert!(
        app.reader.as_ref().unwrap().anchor.is_none(),
        "Esc dropped the selection"
    );
    assert_eq!(show(&app), "«Атырау облысы»\nКо|миссия", "then j went down");

    let (mut emacs, _) = emacs_app(vec![article("a", "«Атырау облысы»")]);
    emacs.focus = Focus::Text;
    press(&mut emacs, alt("f"));
    assert_eq!(show(&emacs), "«Атырау| облысы»", "M-f is bound: no Esc");
    assert_eq!(emacs.focus, Focus::Text);
}
