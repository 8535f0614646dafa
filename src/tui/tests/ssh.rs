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
    assert_eq!(app.list_height(), 16);
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
        16 - app.list_height(),
        "the last one at the bottom row"
    );
}
