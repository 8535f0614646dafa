//! The command line as a shell user expects it: options anywhere among the positionals of
//! every command, completion scripts, and the manual page.

use crate::common::{ok, run as tanba};
use std::path::{Path, PathBuf};
use tanba::annotation::{Op, Origin, Span};
use tanba::store::{Workspace, fresh_doc};

/// Two corpus folders (one article each, its first word tagged) and a workspace over both.
fn two_corpora(home: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (a, b) = (home.join("a"), home.join("b"));
    for (dir, text) in [
        (&a, "Атырау облысы\nАтырау облысында жаңбыр жауды.\n"),
        (&b, "Ақтөбе\nАқтөбеде Атырау туралы сөз болды.\n"),
    ] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(
            dir.join(format!(
                "{}.txt",
                dir.file_name().unwrap().to_str().unwrap()
            )),
            text,
        )
        .unwrap();
    }
    let ws_dir = home.join("ws");
    let ws = Workspace::open_or_create(&ws_dir, &[a.clone(), b.clone()]).unwrap();
    for article in &tanba::corpus::load(&[a.clone(), b.clone()]).articles {
        let mut doc = fresh_doc(article, "tester");
        let span = Span::cut(&article.text, 0, 6, "LOCATION", Origin::Manual, "tester");
        doc.apply(&Op::Add(span.unwrap()), "tester");
        ws.save_doc("tester", &doc).unwrap();
    }
    (a, b, ws_dir)
}

#[test]
fn search_takes_options_between_the_paths_and_the_query() {
    let home = tempfile::tempdir().unwrap();
    let (a, b, _) = two_corpora(home.path());
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let everywhere = [
        vec!["search", a, b, "--limit", "1", "атырау"],
        vec!["search", a, "--limit", "1", b, "атырау"],
        vec!["search", "--limit", "1", a, b, "атырау"],
        vec!["search", a, b, "атырау", "--limit", "1"],
    ];
    for args in everywhere {
        let out = ok(&tanba(home.path(), &args));
        assert!(out.contains("1 of 2 matching articles"), "{args:?}: {out}");
    }
    let out = tanba(home.path(), &["search", a, "--limit", "1"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a path and no query is a usage error"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Usage: tanba search"), "{err}");
}

#[test]
fn every_command_takes_options_between_its_paths() {
    let home = tempfile::tempdir().unwrap();
    let (a, b, ws) = two_corpora(home.path());
    let (a, b, w) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        ws.to_str().unwrap(),
    );
    let out = tanba(home.path(), &["validate", a, "--workspace", w, b]);
    ok(&out);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("2 articles"), "{summary}");
    let out = ok(&tanba(
        home.path(),
        &["stats", a, "--json", b, "--workspace", w],
    ));
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["articles"], 2, "{out}");
    let out = ok(&tanba(
        home.path(),
        &["export", a, "--format", "jsonl", b, "--workspace", w],
    ));
    assert_eq!(out.lines().count(), 2, "{out}");
    ok(&tanba(home.path(), &["verify", a, "--workspace", w, b]));
    let out = ok(&tanba(home.path(), &["labels", a, "--workspace", w, b]));
    assert!(out.contains("LOCATION"), "{out}");
    // without a terminal, the annotator prints the summary of both folders
    let out = ok(&tanba(home.path(), &[a, "--workspace", w, b]));
    assert!(out.contains("2 articles"), "{out}");
}

#[test]
fn completion_scripts_know_every_subcommand_and_option() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _tanba"),
        ("zsh", "#compdef tanba"),
        ("fish", "complete -c tanba"),
    ] {
        let out = ok(&tanba(home.path(), &["completions", shell]));
        assert!(out.contains(marker), "{shell}: {out}");
        for word in ["search", "export", "workspace", "limit", "jsonl"] {
            assert!(out.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = tanba(home.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_manual_has_a_page_per_command_with_its_options() {
    let home = tempfile::tempdir().unwrap();
    let out = ok(&tanba(home.path(), &["man"]));
    assert!(out.contains(".TH tanba 1"), "{out}");
    for sub in ["validate", "stats", "labels", "search", "export", "verify"] {
        assert!(
            out.contains(&format!(".TH tanba-{sub} 1")),
            "no page for {sub}"
        );
        assert!(
            out.contains(&format!("tanba {sub}")),
            "no synopsis for {sub}"
        );
    }
    for option in [
        "\\-\\-limit",
        "\\-\\-format",
        "\\-\\-no\\-mouse",
        "\\-\\-keymap",
    ] {
        assert!(out.contains(option), "{option} missing");
    }
}
