//! `tanba sync` with the real `git` (helpers of `sync.rs`): the files a workspace starts
//! with from its corpus' template, and one annotator's article edited on two machines.

use crate::common::ok;
use std::path::Path;

use super::sync::{Team, git, remote_files, s};
use tanba::store::Workspace;

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
    git(
        team.path(),
        &["clone", "--quiet", s(&team.remote()), s(&ws_d)],
    );
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
