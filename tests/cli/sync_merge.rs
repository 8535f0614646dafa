//! `tanba sync` with the real `git` (helpers of `sync.rs`): the files a workspace starts
//! with from its corpus' template, and one annotator's article edited on two machines.

use crate::common::ok;
use std::path::Path;

use super::sync::{KK1, Team, annotate, git, relabel, remote_files};
use tanba::store::{Workspace, parse_doc};

/// A workspace made from `sample-data` (which ships `annotations/sample/`) shares the
/// template's annotations with its first sync; no later sync lists them as not shared.
#[test]
fn the_templates_annotations_are_shared_once_and_never_listed_as_not_shared() {
    let team = Team::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let shipped = std::fs::read_dir(sample.join("annotations/sample"))
        .unwrap()
        .count();
    let ws = team.path().join("ws");
    Workspace::open_or_create(&ws, &[sample]).unwrap();
    assert!(
        ws.join("annotations/sample").is_dir(),
        "the template is copied"
    );

    let first = ok(&team.sync(&ws, "aigerim", true));
    let shares =
        format!("shares .gitignore, tanba.ron, the template's annotations ({shipped} files)");
    assert!(first.contains(&shares), "{first}");
    assert!(!first.contains("not shared"), "{first}");
    let second = ok(&team.sync(&ws, "aigerim", false));
    assert!(second.contains("committed  nothing"), "{second}");
    assert!(!second.contains("not shared"), "{second}");
    assert_eq!(remote_files(&team).len(), shipped);

    // a teammate's clone has them; a template file changed by hand is still not shared
    let ws_d = team.path().join("ws-dana");
    team.clone_into(&ws_d);
    assert_eq!(
        std::fs::read_dir(ws_d.join("annotations/sample"))
            .unwrap()
            .count(),
        shipped
    );
    let edited = ws.join("annotations/sample/pavlodar-harvest.kk.ron");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replacen("status: in_progress", "status: done", 1),
    )
    .unwrap();
    std::fs::write(ws.join("annotations/sample/new.ron"), "()").unwrap();
    let third = ok(&team.sync(&ws, "aigerim", false));
    let not_shared = third
        .lines()
        .find(|l| l.starts_with("not shared"))
        .unwrap_or("");
    for file in ["new.ron", "pavlodar-harvest.kk.ron"] {
        assert!(
            not_shared.contains(&format!("annotations/sample/{file}")),
            "{third}"
        );
    }
}

/// aigerim relabels one span at the office and, differently, at home: the second sync
/// names the span and both labels, and neither machine's file nor the remote changes.
#[test]
fn one_span_relabelled_differently_on_two_machines_is_reported_and_nothing_is_touched() {
    let team = Team::new();
    let ws_a = team.path().join("ws-office");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    annotate(
        &ws_a,
        "aigerim",
        "kk1",
        KK1,
        &[(0, 6, "LOCATION"), (20, 42, "PERSON")],
    );
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_h = team.path().join("ws-home");
    team.clone_into(&ws_h);
    relabel(&ws_h, "aigerim", "kk1", (0, 6, "LOCATION"), "AGENCY");
    ok(&team.sync(&ws_h, "aigerim", false));

    relabel(&ws_a, "aigerim", "kk1", (0, 6, "LOCATION"), "PERSON");
    let file = "annotations/aigerim/kk1.ron";
    let (office, home) = (
        std::fs::read_to_string(ws_a.join(file)).unwrap(),
        std::fs::read_to_string(ws_h.join(file)).unwrap(),
    );
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "\n  span 0..6 \"Атырау\" LOCATION: relabelled here to PERSON, on the remote to AGENCY\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("<<<<<<<"), "{stderr}");
    assert_eq!(std::fs::read_to_string(ws_a.join(file)).unwrap(), office);
    assert_eq!(git(&ws_a, &["show", &format!("HEAD:{file}")]), office);
    assert_eq!(git(&ws_a, &["status", "--porcelain"]), "");
    assert_eq!(std::fs::read_to_string(ws_h.join(file)).unwrap(), home);
    assert_eq!(
        git(&team.remote(), &["show", &format!("HEAD:{file}")]),
        home
    );

    // settled as the message says: the remote's label here, a sync, then ours back
    assert!(
        stderr.contains("give each span listed the remote's label"),
        "{stderr}"
    );
    relabel(&ws_a, "aigerim", "kk1", (0, 6, "PERSON"), "AGENCY");
    let out = ok(&team.sync(&ws_a, "aigerim", false));
    assert!(out.contains("pushed to"), "{out}");
    let labels = |ws: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(ws.join(file)).unwrap();
        let doc = parse_doc(Path::new(file), &text).unwrap();
        doc.spans.iter().map(|s| s.label.clone()).collect()
    };
    assert_eq!(labels(&ws_a), ["AGENCY", "PERSON"]);
    relabel(&ws_a, "aigerim", "kk1", (0, 6, "AGENCY"), "PERSON");
    ok(&team.sync(&ws_a, "aigerim", false));
    ok(&team.sync(&ws_h, "aigerim", false));
    assert_eq!(labels(&ws_h), ["PERSON", "PERSON"]);
    assert_eq!(git(&ws_h, &["status", "--porcelain"]), "");
}

/// In a flat project, aigerim tags «Атырау» at home and «Атырау облысы» at the office:
/// the merge would hold two overlapping spans, so the sync names both and stops, with
/// nothing touched, rather than keep two rival spans over one place.
#[test]
fn overlapping_spans_from_two_machines_in_a_flat_project_are_reported_not_both_kept() {
    let team = Team::new();
    let ws_a = team.path().join("ws-office");
    let workspace = Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    let settings_file = workspace.root.join(tanba::store::SETTINGS_FILE);
    let mut settings = tanba::store::read_settings(&settings_file).unwrap();
    settings.spans = Some(tanba::annotation::SpanScheme::Flat);
    std::fs::write(&settings_file, tanba::store::settings_to_ron(&settings)).unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(20, 42, "PERSON")]);
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_h = team.path().join("ws-home");
    team.clone_into(&ws_h);
    annotate(&ws_h, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_h, "aigerim", false));

    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 13, "AGENCY")]);
    let file = "annotations/aigerim/kk1.ron";
    let office = std::fs::read_to_string(ws_a.join(file)).unwrap();
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(r#"span 0..6 "Атырау" LOCATION (on the remote) overlaps span 0..13 "Атырау облысы" AGENCY (here), and the project is flat"#),
        "{stderr}"
    );
    assert!(
        stderr.contains("keep one of two overlapping spans"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(ws_a.join(file)).unwrap(), office);
    assert_eq!(git(&ws_a, &["status", "--porcelain"]), "");
}

/// A file sync has no merge for, changed by hand on both sides, stops sync as before:
/// the rebase undone, both sides' versions kept, the file named.
#[test]
fn a_file_without_a_merge_changed_on_both_sides_stops_sync_with_nothing_lost() {
    let team = Team::new();
    let ws_a = team.path().join("ws-aigerim");
    Workspace::open_or_create(&ws_a, &[team.corpus()]).unwrap();
    std::fs::write(ws_a.join("gazetteer.tsv"), "Атырау\tLOCATION\n").unwrap();
    annotate(&ws_a, "aigerim", "kk1", KK1, &[(0, 6, "LOCATION")]);
    ok(&team.sync(&ws_a, "aigerim", true));
    let ws_d = team.path().join("ws-dana");
    team.clone_into(&ws_d);
    std::fs::write(ws_d.join("gazetteer.tsv"), "Атырау\tAGENCY\n").unwrap();
    git(&ws_d, &["commit", "--quiet", "-am", "dana's gazetteer"]);
    git(&ws_d, &["push", "--quiet"]);

    std::fs::write(ws_a.join("gazetteer.tsv"), "Атырау\tPERSON\n").unwrap();
    git(&ws_a, &["commit", "--quiet", "-am", "aigerim's gazetteer"]);
    let out = team.sync(&ws_a, "aigerim", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("\n  gazetteer.tsv"), "{stderr}");
    assert!(stderr.contains("Nothing was lost"), "{stderr}");
    let here = std::fs::read_to_string(ws_a.join("gazetteer.tsv")).unwrap();
    assert_eq!(here, "Атырау\tPERSON\n");
    let remote = git(&team.remote(), &["show", "HEAD:gazetteer.tsv"]);
    assert_eq!(remote, "Атырау\tAGENCY\n");
}
