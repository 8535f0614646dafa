//! Behaviour tests: feed keys and actions to `App`, read back text with markup.
//! `|` marks the cursor, `[text]LABEL` a span (`?` after the label when pending).

/// A whole-screen snapshot, kept with every other TUI snapshot in `src/tui/snapshots/`
/// (one folder; `INSTA_UPDATE=always` or `cargo insta review` blesses).
macro_rules! assert_screen {
    ($($snapshot:tt)+) => {
        insta::with_settings!({ snapshot_path => "../snapshots" }, {
            insta::assert_snapshot!($($snapshot)+)
        })
    };
}

/// `assert_screen!` for a value's `Debug` form (a buffer with its styles).
macro_rules! assert_screen_debug {
    ($($snapshot:tt)+) => {
        insta::with_settings!({ snapshot_path => "../snapshots" }, {
            insta::assert_debug_snapshot!($($snapshot)+)
        })
    };
}

mod assigned;
mod behaviour;
mod browsing;
mod components;
mod curation;
mod dashboard;
mod findings;
mod guidelines;
mod labels;
mod learning;
mod links;
mod random;
mod relations;
mod resizing;
mod review;
mod searching;
mod snapshots;
mod ssh;
mod suggestions;

use std::sync::Arc;

use super::app::App;
use super::screen::Focus;
use crate::annotation::{LabelSet, SpanState};
use crate::corpus::{Article, Corpus, SourceRef};
use crate::desk::MemoryStore;
use crate::keymap::{Key, Keymap};

pub fn article(id: &str, text: &str) -> Article {
    Article::from_text(id, text, SourceRef::new(format!("{id}.txt"), 1))
}

pub use crate::store::testing::with_imported;

pub fn app_with(articles: Vec<Article>) -> (App, MemoryStore) {
    let store = MemoryStore::new("tester");
    let corpus = Arc::new(Corpus {
        articles,
        problems: Vec::new(),
    });
    let mut app = App::new(
        corpus,
        LabelSet::default(),
        "tester",
        Keymap::default_keymap(),
        Box::new(store.clone()),
    );
    // the tests of other features see only their own spans; suggestions.rs turns them on
    app.desk.set_suggestions(false);
    (app, store)
}

/// One article from `marked` (`|` is where the cursor starts), opened, text focused.
pub fn setup(marked: &str) -> (App, MemoryStore) {
    let cursor = marked[..marked.find('|').expect("a | marks the cursor")]
        .chars()
        .count();
    let (mut app, store) = app_with(vec![article("a", &marked.replacen('|', "", 1))]);
    app.focus = Focus::Text;
    app.move_to(cursor);
    (app, store)
}

/// Presses keys written as in keymaps, separated by spaces (`"v e 4"`, `"ctrl-r"`).
pub fn keys(app: &mut App, keys: &str) {
    for spec in keys.split_whitespace() {
        app.handle_key(Key::parse(spec).unwrap_or_else(|e| panic!("{e}")));
    }
}

/// Types text into the input line.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(super::Action::Insert(c));
    }
}

/// The open article with markup: spans in brackets with their labels, the cursor as `|`.
pub fn show(app: &App) -> String {
    let r = app.reader.as_ref().expect("an open article");
    let text = &app.desk.article(r.article).text;
    let spans: Vec<_> = app
        .desk
        .slot(r.article)
        .map(|s| {
            s.doc
                .spans
                .iter()
                .filter(|s| s.state != SpanState::Rejected)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..=chars.len() {
        let mut closing: Vec<_> = spans.iter().filter(|s| s.end == i).collect();
        closing.sort_by_key(|s| std::cmp::Reverse(s.start));
        for s in closing {
            out.push(']');
            out.push_str(&s.label);
            if s.state == SpanState::Pending {
                out.push('?');
            }
        }
        if i == r.cursor {
            out.push('|');
        }
        let mut opening: Vec<_> = spans.iter().filter(|s| s.start == i).collect();
        opening.sort_by_key(|s| std::cmp::Reverse(s.end));
        for _ in opening {
            out.push('[');
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
    }
    out
}

/// Runs `keys` from `before` and checks the result, helix style.
#[track_caller]
pub fn check(before: &str, keys_pressed: &str, after: &str) {
    let (mut app, _) = setup(before);
    keys(&mut app, keys_pressed);
    assert_eq!(
        show(&app),
        after,
        "from {before:?} with keys {keys_pressed:?}"
    );
}
