use super::*;
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::HashSet;
use strum::{IntoEnumIterator, VariantArray};

fn key(spec: &str) -> Key {
    Key::parse(spec).unwrap()
}

#[test]
fn every_shipped_keymap_parses_without_duplicate_keys() {
    for (name, text) in SHIPPED {
        // `bindings` rejects a key bound twice in one mode, so parsing proves both
        let keymap = Keymap::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            keymap.lookup(Mode::Text, key("1")) == Some(Action::Label(1)),
            "{name}"
        );
    }
}

#[test]
fn the_default_keymap_reaches_every_action() {
    let keymap = Keymap::default_keymap();
    let reached: HashSet<Action> = Mode::VARIANTS
        .iter()
        .flat_map(|m| keymap.bindings(*m))
        .map(|(a, _)| a)
        .collect();
    // every variant strum derives (event-loop ones are `#[strum(disabled)]`), whatever
    // its data: a new variant without a default binding fails here
    let missing: Vec<String> = Action::iter()
        .filter(|a| {
            !reached
                .iter()
                .any(|r| std::mem::discriminant(r) == std::mem::discriminant(a))
        })
        .map(|a| a.name())
        .collect();
    let labels = reached.iter().filter(|a| matches!(a, Action::Label(_)));
    assert_eq!(labels.count(), 9, "labels 1-9 are bound");
    assert!(missing.is_empty(), "unbound actions: {missing:?}");
}

#[test]
fn issue_keys_do_what_the_issue_says() {
    let k = Keymap::default_keymap();
    let cases = [
        (Mode::Text, "q", Action::Quit),
        (Mode::List, "ctrl-c", Action::Quit),
        (Mode::Text, "?", Action::Help),
        (Mode::List, "/", Action::Search),
        (Mode::Text, "tab", Action::SwitchPane),
        (Mode::List, "enter", Action::Open),
        (Mode::Text, "w", Action::WordNext),
        (Mode::Text, "$", Action::LineEnd),
        (Mode::Text, "J", Action::NextArticle),
        (Mode::Text, "v", Action::Select),
        (Mode::Text, "4", Action::Label(4)),
        (Mode::Text, "ctrl-r", Action::Redo),
        (Mode::Text, "A", Action::AcceptAll),
        (Mode::Text, "pagedown", Action::PageDown),
        (Mode::List, "home", Action::Top),
        (Mode::Help, "q", Action::Cancel),
    ];
    for (mode, spec, action) in cases {
        assert_eq!(k.lookup(mode, key(spec)), Some(action), "{mode:?} {spec}");
    }
    // the input line never sees global keys: typing q must type q
    assert_eq!(k.lookup(Mode::Prompt, key("q")), None);
}

#[test]
fn an_unknown_action_names_file_line_and_column() {
    let text = "(\n    text: {\n        \"j\": down,\n        \"x\": explode,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:4:"), "{err}");
    assert!(err.contains("explode"), "{err}");
}

#[test]
fn a_bad_key_names_file_line_and_column() {
    let text = "(\n    list: {\n        \"j\": down,\n    },\n    text: {\n        \"j\": down,\n        \"ctlr-x\": quit,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:7:9:"), "{err}");
    assert!(err.contains("ctlr-x"), "{err}");
}

#[test]
fn a_key_bound_twice_is_an_error_at_the_second_binding() {
    let text = "(\n    text: {\n        \"K\": up,\n        \"shift-k\": down,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:4:9:"), "{err}");
    assert!(err.contains("twice"), "{err}");
    let text = "(text: {\n\"j\": up,\n\"j\": down,\n})";
    let err = Keymap::parse("m.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("m.ron:3:1:"), "{err}");
}

#[test]
fn a_user_keymap_overrides_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.ron"),
        "(text: { \"t\": label(1), \"x\": none, \"4\": label(2) })",
    )
    .unwrap();
    let k = Keymap::load(None, Some(dir.path())).unwrap();
    assert_eq!(k.lookup(Mode::Text, key("t")), Some(Action::Label(1)));
    assert_eq!(k.lookup(Mode::Text, key("4")), Some(Action::Label(2)));
    assert_eq!(k.lookup(Mode::Text, key("x")), None);
    // everything else is still the default
    assert_eq!(k.lookup(Mode::Text, key("w")), Some(Action::WordNext));
    assert_eq!(k.lookup(Mode::List, key("j")), Some(Action::Down));
}

#[test]
fn keymaps_are_chosen_by_name_or_path_and_errors_name_the_file() {
    let emacs = Keymap::load(Some("emacs"), None).unwrap();
    let ctrl_f = Key::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(emacs.lookup(Mode::Text, ctrl_f), Some(Action::Right));
    assert_eq!(
        emacs.lookup(Mode::Text, key("ctrl-space")),
        Some(Action::SetMark)
    );
    assert_eq!(
        emacs.lookup(Mode::Text, key("alt-f")),
        Some(Action::ForwardWord)
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(
        &path,
        "(\n  list: { \"o\": open },\n  text: { \"z\": zap },\n)",
    )
    .unwrap();
    let err = Keymap::load(Some(path.to_str().unwrap()), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("mine.ron:3:"), "{err}");
    let misspelt = Keymap::load(Some("emcas"), None).unwrap_err().to_string();
    assert!(misspelt.contains("did you mean `emacs`?"), "{misspelt}");
    let missing = Keymap::load(Some("/nonexistent/keys.ron"), None).unwrap_err();
    assert!(
        missing.to_string().contains("/nonexistent/keys.ron"),
        "{missing}"
    );
}

#[test]
fn readme_keys_table_matches_the_default_keymap() {
    let readme_path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(readme_path).unwrap();
    let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
    let want = Keymap::default_keymap().markdown_table();
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the {start:?} ... {end:?} markers");
    };
    let have = &readme[a + start.len()..b];
    if have != want {
        // the snapshots' bless switch rewrites it too (`TANBA_BLESS=1` still does)
        let insta_bless = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
        if insta_bless || std::env::var_os("TANBA_BLESS").is_some() {
            let fixed = format!("{}{want}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(readme_path, fixed).unwrap();
        } else {
            panic!(
                "README keys table is stale; rerun with INSTA_UPDATE=always (or TANBA_BLESS=1) to rewrite it:\n{want}"
            );
        }
    }
}

#[test]
fn sections_are_the_modes_by_name_each_at_most_once() {
    let text = "(\n    text: { \"j\": down },\n    lsit: { \"j\": down },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:3:"), "{err}");
    assert!(err.contains("lsit") && err.contains("prompt"), "{err}");
    let text = "(\n    text: { \"j\": down },\n    text: { \"k\": up },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:3:"), "{err}");
    assert!(err.contains("text"), "{err}");
    // sections in any order; a mode left out binds nothing of its own
    let text = "(\n    prompt: { \"enter\": confirm },\n    list: { \"x\": open },\n)\n";
    let keymap = Keymap::parse("mine.ron", text).unwrap();
    assert_eq!(keymap.lookup(Mode::List, key("x")), Some(Action::Open));
    assert_eq!(
        keymap.lookup(Mode::Prompt, key("enter")),
        Some(Action::Confirm)
    );
    assert!(keymap.bindings(Mode::Text).is_empty());
}

#[test]
fn a_near_typo_gets_the_nearest_name_and_the_error_stays_short() {
    let text = "(\n    text: {\n        \"j\": dwon,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.starts_with("mine.ron:3:"), "{err}");
    assert!(err.contains("did you mean `down`?"), "{err}");
    assert!(err.len() < 240, "one short line, not every action: {err}");
    let text = "(\n    text: {\n        \"ctlr-x\": quit,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.contains("did you mean \"ctrl-x\"?"), "{err}");
    let text = "(\n    text: {\n        \"pgae-down\": quit,\n    },\n)\n";
    let err = Keymap::parse("mine.ron", text).unwrap_err().to_string();
    assert!(err.contains("did you mean \"pagedown\"?"), "{err}");
    let err = Keymap::parse("mine.ron", "(txet: {})")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown section `txet`; did you mean `text`?"),
        "{err}"
    );
}
