use proptest::prelude::*;

use super::*;
use crate::annotation::{DocStatus, Op, Origin, SpanState};
use crate::store::journal_file::Journals;

const TEXT: &str = "Қанат Сүлейменов Атырау облысының әкімдігінде 2,1% өсті";

/// An edit the desk could make: tag, relabel, accept, reject, remove, status.
#[derive(Debug, Clone)]
enum Edit {
    Tag(usize, usize, u8),
    Relabel(usize, u8),
    Review(usize, bool),
    Remove(usize),
    Status(u8),
    Note(usize, String),
}

fn label(n: u8) -> &'static str {
    ["PERSON", "LOCATION", "AGENCY"][n as usize % 3]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..40usize, 1..12usize, 0..3u8).prop_map(|(s, l, n)| Edit::Tag(s, s + l, n)),
        (0..20usize, 0..3u8).prop_map(|(i, n)| Edit::Relabel(i, n)),
        (0..20usize, any::<bool>()).prop_map(|(i, y)| Edit::Review(i, y)),
        (0..20usize).prop_map(Edit::Remove),
        (0..5u8).prop_map(Edit::Status),
        (0..20usize, "[a-zа-я \\n\"\\\\)(]{0,12}").prop_map(|(i, t)| Edit::Note(i, t)),
    ]
}

/// Applies an edit as the desk does (through `Op`s and `DocAnnotations::apply`).
fn perform(doc: &mut DocAnnotations, edit: &Edit) {
    let nth = |doc: &DocAnnotations, i: usize| doc.spans.get(i % doc.spans.len().max(1)).cloned();
    let op = match edit {
        Edit::Tag(s, e, n) => {
            Span::cut(TEXT, *s, *e, label(*n), Origin::Suggested, "ann").map(Op::Add)
        }
        Edit::Relabel(i, n) => nth(doc, *i).map(|old| {
            let mut new = old.clone();
            new.label = label(*n).into();
            Op::Replace { old, new }
        }),
        Edit::Review(i, yes) => nth(doc, *i).map(|old| {
            let mut new = old.clone();
            new.state = if *yes {
                SpanState::Accepted
            } else {
                SpanState::Rejected
            };
            Op::Replace { old, new }
        }),
        Edit::Remove(i) => nth(doc, *i).map(Op::Remove),
        Edit::Status(n) => {
            let new = <DocStatus as strum::VariantArray>::VARIANTS[*n as usize % 5];
            Some(Op::Status {
                old: doc.status,
                new,
            })
        }
        Edit::Note(i, t) => nth(doc, *i).map(|old| {
            let mut new = old.clone();
            new.note = Some(t.clone());
            Op::Replace { old, new }
        }),
    };
    if let Some(op) = op {
        doc.apply(&op, "ann");
    }
}

/// The states a document goes through under `edits`, from a fresh one.
fn states(edits: &[Edit]) -> Vec<DocAnnotations> {
    let mut doc = DocAnnotations::new("a", "ann", TEXT);
    let mut out = vec![doc.clone()];
    for e in edits {
        perform(&mut doc, e);
        out.push(doc.clone());
    }
    out
}

/// Saves each state through `Journals` into a temp folder; gives the folder and path.
fn saved(states: &[DocAnnotations]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ann/a.ron");
    let mut journals = Journals::default();
    for s in states {
        journals.save(&path, &mut s.clone()).unwrap();
    }
    (dir, path)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_record_takes_each_state_to_the_next(edits in prop::collection::vec(edit(), 1..30)) {
        let states = states(&edits);
        for pair in states.windows(2) {
            let (mut old, mut new) = (pair[0].clone(), pair[1].clone());
            let record = diff(&mut old, &mut new);
            let line = record_line(&record);
            prop_assert_eq!(line.matches('\n').count(), 1, "one line: {}", line);
            let back: Record = ron::from_str(line.split_once(' ').unwrap().1.trim_end()).unwrap();
            apply(&mut old, back);
            prop_assert_eq!(&old, &pair[1]);
        }
    }

    #[test]
    fn replaying_the_journal_gives_the_last_save(edits in prop::collection::vec(edit(), 1..30)) {
        let states = states(&edits);
        let (_dir, path) = saved(&states);
        prop_assert_eq!(&crate::store::read_doc(&path).unwrap(), states.last().unwrap());
        // compaction leaves the same document, and no journal
        prop_assert!(crate::store::compact_file(&path).unwrap() || states.len() == 1);
        prop_assert!(!journal_path(&path).exists());
        prop_assert_eq!(&crate::store::read_doc(&path).unwrap(), states.last().unwrap());
    }
}

/// What may happen between two saves: nothing, the article left, the session ended
/// without folding (a crash), or the journal folded by `tanba sync`.
#[derive(Debug, Clone, Copy)]
enum Between {
    Nothing,
    Leave,
    Crash,
    Sync,
}

fn between() -> impl Strategy<Value = Between> {
    prop_oneof![
        6 => Just(Between::Nothing),
        1 => Just(Between::Leave),
        1 => Just(Between::Crash),
        1 => Just(Between::Sync),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn whatever_happens_between_saves_the_file_and_journal_read_as_the_last_save(
        steps in prop::collection::vec((edit(), between()), 1..25)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ann/a.ron");
        let mut journals = Journals::default();
        let mut doc = DocAnnotations::new("a", "ann", TEXT);
        for (e, then) in &steps {
            perform(&mut doc, e);
            // a new session starts from what it reads, as the desk does
            journals.save(&path, &mut doc.clone()).unwrap();
            match then {
                Between::Nothing => {}
                Between::Leave => journals.close(&path).unwrap(),
                Between::Crash => journals = Journals::default(),
                Between::Sync => {
                    crate::store::compact_file(&path).unwrap();
                }
            }
            prop_assert_eq!(&crate::store::read_doc(&path).unwrap(), &doc);
        }
        prop_assert!(!stale_path(&path).exists(), "nothing was ever stale");
    }
}

#[test]
fn a_journal_cut_anywhere_replays_to_a_prefix_and_says_so() {
    let edits: Vec<Edit> = (0..12)
        .map(|i| match i % 4 {
            0 => Edit::Tag(i * 3, i * 3 + 5, i as u8),
            1 => Edit::Review(i, true),
            2 => Edit::Note(i, format!("ескерту\n{i}")),
            _ => Edit::Status(i as u8),
        })
        .collect();
    let states = states(&edits);
    let (_dir, path) = saved(&states);
    let ron = std::fs::read(&path).unwrap();
    let journal = std::fs::read(journal_path(&path)).unwrap();
    let ends: Vec<usize> = journal
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    for cut in 0..=journal.len() {
        let replay = read_journal(&path, &journal[..cut], &ron);
        let whole_records = ends.iter().filter(|&&e| e <= cut).count().saturating_sub(1);
        assert_eq!(replay.records.len(), whole_records, "cut at {cut}");
        let at_a_line_end = cut == 0 || ends.contains(&cut);
        assert_eq!(replay.note.is_some(), !at_a_line_end, "cut at {cut}");
        let mut doc = states[0].clone();
        for r in replay.records {
            apply(&mut doc, r);
        }
        assert_eq!(doc, states[whole_records], "cut at {cut}");
    }
}

#[test]
fn a_journal_over_a_changed_file_is_reported_not_applied_and_kept_aside() {
    let states = states(&[Edit::Tag(0, 5, 0), Edit::Status(1), Edit::Tag(6, 16, 0)]);
    let (_dir, path) = saved(&states);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("in_progress", "done").replace("todo", "done");
    std::fs::write(&path, &edited).unwrap();
    let mut doc = crate::store::parse_doc(&path, &edited).unwrap();
    let before = doc.clone();
    let note = crate::store::replay_beside(&path, edited.as_bytes(), &mut doc).unwrap();
    assert!(matches!(note, Some(JournalNote::Stale { .. })));
    assert_eq!(doc, before, "nothing applied");
    assert!(
        take_journal_notes()
            .iter()
            .any(|n| n.contains("changed since"))
    );
    // the next write keeps the journal aside rather than losing it
    let mut journals = Journals::default();
    journals.save(&path, &mut doc).unwrap();
    assert!(!journal_path(&path).exists());
    assert!(stale_path(&path).exists());
}

#[test]
fn a_damaged_record_in_the_middle_stops_the_replay_there() {
    let states = states(&[
        Edit::Tag(0, 5, 0),
        Edit::Tag(6, 16, 1),
        Edit::Tag(17, 23, 2),
    ]);
    let (_dir, path) = saved(&states);
    let ron = std::fs::read(&path).unwrap();
    let mut journal = std::fs::read(journal_path(&path)).unwrap();
    let second = journal.iter().position(|&b| b == b'\n').unwrap() + 1;
    let third = second + journal[second..].iter().position(|&b| b == b'\n').unwrap() + 1;
    journal[third + 20] ^= 1;
    let replay = read_journal(&path, &journal, &ron);
    assert_eq!(replay.records.len(), 1);
    assert_eq!(
        replay.note,
        Some(JournalNote::Damaged {
            journal: path.clone(),
            line: 3,
            applied: 1
        })
    );
}

#[test]
fn saves_after_the_first_append_a_record_much_smaller_than_the_file() {
    let mut doc = DocAnnotations::new("a", "ann", TEXT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ron");
    let mut journals = Journals::default();
    let first = journals.save(&path, &mut doc.clone()).unwrap();
    assert!(first.whole);
    let mut sizes = Vec::new();
    for i in 0..200 {
        perform(&mut doc, &Edit::Tag(i % 50, i % 50 + 3, i as u8));
        perform(&mut doc, &Edit::Review(i, i % 2 == 0));
        let w = journals.save(&path, &mut doc.clone()).unwrap();
        sizes.push(w);
    }
    assert!(sizes.iter().all(|w| !w.whole));
    let whole = crate::store::doc_to_ron(&doc).len() as u64;
    assert!(
        sizes.last().unwrap().bytes * 10 < whole,
        "{sizes:?} vs {whole}"
    );
    journals.close(&path).unwrap();
    assert!(!journal_path(&path).exists());
    assert_eq!(crate::store::read_doc(&path).unwrap(), doc);
}
