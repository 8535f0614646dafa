//! Names of the files a workspace holds, here so both the corpus reader (which skips them
//! in a corpus folder) and the store (which writes them) use them without a cycle.

/// The workspace settings: name, corpus sources, label set.
pub const SETTINGS_FILE: &str = "tanba.ron";
/// The folder of per-annotator annotation files.
pub const ANNOTATIONS_DIR: &str = "annotations";
/// Who annotates which article (written by `tanba assign` only, shared by `tanba sync`).
pub const ASSIGNMENT_FILE: &str = "assignment.ron";
/// The team's annotation guidelines (written by people, shared by `tanba sync`).
pub const GUIDELINES_FILE: &str = "guidelines.md";
