//! "did you mean …?" for a keymap's unknown action, key or section: the nearest valid
//! name, so a typo is fixed without reading a list of every name.

pub(super) use crate::text::nearest;

/// An unknown action or section: the hint, and where every name is listed.
pub(super) fn unknown(what: &str, found: &str, expected: &[&str]) -> String {
    let hint = nearest(found, expected.iter().copied())
        .map_or(String::new(), |name| format!("; did you mean `{name}`?"));
    let list = match what {
        "action" => "the actions are listed in README's \"Keys\" table and keymaps/default.ron",
        _ => "the sections are the modes: global, list, text, help, prompt",
    };
    format!("unknown {what} `{found}`{hint} ({list})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_within_two_edits() {
        let names = ["down", "up", "done_next", "undo"];
        assert_eq!(nearest("dwon", names), Some("down"));
        assert_eq!(nearest("Undo", names), Some("undo"));
        assert_eq!(nearest("explode", names), None);
        assert_eq!(nearest("x", names), None);
    }
}
