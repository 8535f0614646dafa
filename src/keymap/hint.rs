//! "did you mean …?" for a keymap's unknown action, key or section: the nearest valid
//! name, so a typo is fixed without reading a list of every name.

/// The candidate nearest `word`, when a typo could explain the difference (two edits at
/// most, and fewer than the word has letters).
pub(super) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let limit = 2.min(word.chars().count().saturating_sub(1));
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, c), c))
        .filter(|(edits, _)| *edits <= limit)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, c)| c)
}

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
