//! Links from the command line: `validate` reports a span linked to an id `kb.tsv` lacks
//! (file:line, kept); `stats` counts links; `agree` gives link agreement per pair.

use crate::common::{run, s, stdout};
use std::path::{Path, PathBuf};
use tanba::annotation::{DocAnnotations, Op, Origin, Span};
use tanba::store::Workspace;

const KK: &str = "Қанат Сүлейменов Атырау әкімдігін басқарады.";

/// A workspace where `who` linked «Қанат Сүлейменов» to `kb` (each pair of the list).
fn workspace(home: &Path, links: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    let root = home.join("ws");
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    std::fs::write(
        root.join("kb.tsv"),
        "Q1\tҚанат Сүлейменов\nQ2\tАтырау әкімдігі\n",
    )
    .unwrap();
    for (who, kb) in links {
        let mut doc = DocAnnotations::new("kk", who, KK);
        let mut person = Span::cut(KK, 0, 16, "PERSON", Origin::Manual, who).unwrap();
        person.kb = Some(kb.to_string());
        let agency = Span::cut(KK, 17, 33, "AGENCY", Origin::Manual, who).unwrap();
        for span in [person, agency] {
            assert!(doc.apply(&Op::Add(span), who));
        }
        ws.save_doc(who, &doc).unwrap();
    }
    (corpus, root)
}

#[test]
fn validate_reports_an_unknown_id_at_its_line_and_keeps_it() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), &[("dana", "Q1")]);
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(out.status.success(), "{}", stdout(&out));

    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), &[("dana", "Q404")]);
    let file = Workspace::open_or_create(&ws, std::slice::from_ref(&corpus))
        .unwrap()
        .doc_path("dana", "kk");
    let before = std::fs::read_to_string(&file).unwrap();
    let line = before.lines().position(|l| l.contains("Q404")).unwrap() + 1;
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&ws)],
    );
    assert!(!out.status.success());
    let expected = format!(
        "{}:{line}: PERSON «Қанат Сүлейменов» is linked to Q404, which kb.tsv does not hold",
        file.display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn stats_counts_links_and_agree_gives_the_share_of_matching_ids() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = workspace(home.path(), &[("ana", "Q1"), ("bek", "Q2")]);
    let out = run(home.path(), &["stats", s(&corpus), "--workspace", s(&ws)]);
    assert!(
        stdout(&out).contains("links  2 spans linked to kb.tsv (0 suggested)"),
        "{}",
        stdout(&out)
    );
    let out = run(
        home.path(),
        &["agree", s(&corpus), "--workspace", s(&ws), "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["links"][0]["shared"], 1);
    assert_eq!(json["links"][0]["matched"], 0);
    assert_eq!(json["links"][0]["share"], 0.0);
}

#[test]
fn a_link_made_since_the_file_was_written_is_found_in_the_journal() {
    use tanba::store::{Journals, journal_path};
    let home = tempfile::tempdir().unwrap();
    let (corpus, root) = workspace(home.path(), &[]);
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    let path = ws.doc_path("dana", "kk");
    let mut doc = DocAnnotations::new("kk", "dana", KK);
    let mut journals = Journals::default();
    let person = Span::cut(KK, 0, 16, "PERSON", Origin::Manual, "dana").unwrap();
    doc.apply(&Op::Add(person.clone()), "dana");
    assert!(journals.save(&path, &mut doc).unwrap().whole);
    let mut linked = person.clone();
    linked.kb = Some("Q404".into());
    doc.apply(
        &Op::Replace {
            old: person,
            new: linked,
        },
        "dana",
    );
    assert!(!journals.save(&path, &mut doc).unwrap().whole);
    drop(journals);
    let journal = journal_path(&path);
    let written = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    let line = lines.iter().rposition(|l| l.contains("Q404")).unwrap() + 1;
    let out = run(
        home.path(),
        &["validate", s(&corpus), "--workspace", s(&root)],
    );
    let expected = format!(
        "{}:{line}: PERSON «Қанат Сүлейменов» is linked to Q404",
        journal.display()
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}

#[test]
fn merge_carries_a_link_both_made_and_says_where_they_differ() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, root) = workspace(home.path(), &[("ana", "Q1"), ("bek", "Q1")]);
    let out = run(
        home.path(),
        &[
            "merge",
            s(&corpus),
            "--workspace",
            s(&root),
            "--annotators",
            "ana,bek",
            "--into",
            "gold",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}{err}", stdout(&out));
    assert!(
        stdout(&out).contains("links: 1 span carries"),
        "{}",
        stdout(&out)
    );
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    let path = ws.doc_path("gold", "kk");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = tanba::store::parse_doc(&path, &text).unwrap();
    assert_eq!(doc.spans[0].kb.as_deref(), Some("Q1"), "{text}");
    assert_eq!(doc.spans[1].kb, None);
}
