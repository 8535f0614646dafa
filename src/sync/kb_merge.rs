//! `kb.tsv` merged by id when both sides changed it: entries added on either side are
//! kept (ours first, then the remote's in its order), an entry changed on one side takes
//! that change, one removed on a side and untouched on the other goes; the same id
//! changed differently on both sides is a clash (reported; the file keeps ours).

use std::collections::HashMap;

use crate::search::kb::{Kb, KbEntry};

/// What an entry holds, without where it sits in the file.
fn body(e: &KbEntry) -> (&str, &[String], &str) {
    (&e.name, &e.aliases, &e.description)
}

/// The comment lines before the first entry (the header a team keeps).
fn header(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter(|l| l.starts_with('#'))
        .collect()
}

/// The three-way merge of `kb.tsv`; see the module's comment.
pub fn merge_kb(base: Option<&str>, here: &str, remote: &str) -> Result<String, Vec<String>> {
    let (base, mine, theirs) = (
        Kb::parse(base.unwrap_or("")).0,
        Kb::parse(here).0,
        Kb::parse(remote).0,
    );
    let index = |kb: &Kb| -> HashMap<String, usize> {
        kb.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect()
    };
    let (in_base, in_theirs) = (index(&base), index(&theirs));
    let in_mine = index(&mine);
    let was = |id: &str| in_base.get(id).map(|&i| &base.entries[i]);
    let mut out: Vec<&KbEntry> = Vec::new();
    let mut clashes = Vec::new();
    for e in &mine.entries {
        match (
            in_theirs.get(&e.id).map(|&i| &theirs.entries[i]),
            was(&e.id),
        ) {
            (Some(t), _) if body(t) == body(e) => out.push(e),
            // changed on one side only: that side's
            (Some(t), Some(b)) if body(b) == body(e) => out.push(t),
            (Some(t), Some(b)) if body(b) == body(t) => out.push(e),
            (Some(_), Some(_)) => {
                clashes.push(format!("kb.tsv: {} was changed on both sides", e.id));
            }
            (Some(_), None) => {
                clashes.push(format!(
                    "kb.tsv: {} was added on both sides, differently",
                    e.id
                ));
            }
            // removed on the remote: it goes unless we changed it
            (None, Some(b)) if body(b) == body(e) => {}
            (None, _) => out.push(e),
        }
    }
    for t in &theirs.entries {
        if in_mine.contains_key(&t.id) {
            continue;
        }
        match was(&t.id) {
            // removed here: it goes unless they changed it
            Some(b) if body(b) == body(t) => {}
            _ => out.push(t),
        }
    }
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let mut text: String = header(here).iter().map(|l| format!("{l}\n")).collect();
    for e in out {
        text += &e.line();
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# id\tname\naa\tАтырау\nbb\tАлматы\ncc\tАстана\n";

    #[test]
    fn additions_on_both_sides_are_kept_and_one_sided_changes_and_removals_taken() {
        let here = "# id\tname\naa\tАтырау\tАтырауда\nbb\tАлматы\ncc\tАстана\ndana-1\tЖаңа\n";
        let remote = "# id\tname\naa\tАтырау\ncc\tАстана\tАқмола\nbek-1\tБасқа\n";
        let merged = merge_kb(Some(BASE), here, remote).unwrap();
        assert_eq!(
            merged,
            "# id\tname\naa\tАтырау\tАтырауда\t\ncc\tАстана\tАқмола\t\ndana-1\tЖаңа\t\t\nbek-1\tБасқа\t\t\n"
        );
        assert!(!merged.contains("<<<<"));
    }

    #[test]
    fn the_same_id_changed_differently_on_both_sides_is_a_clash() {
        let here = "aa\tАтырау қаласы\n";
        let remote = "aa\tАтырау облысы\n";
        let clashes = merge_kb(Some(BASE), here, remote).unwrap_err();
        assert_eq!(clashes, ["kb.tsv: aa was changed on both sides"]);
        let added = merge_kb(None, "x\tБір\n", "x\tЕкі\n").unwrap_err();
        assert_eq!(added, ["kb.tsv: x was added on both sides, differently"]);
    }
}
