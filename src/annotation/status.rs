use serde::{Deserialize, Serialize};

/// Where one annotator is with one article.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocStatus {
    #[default]
    Todo,
    InProgress,
    Done,
    Skipped,
    Flagged,
}

impl DocStatus {
    /// The file spelling (`in_progress`), as serde writes it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Accepts the file spelling and the short forms people type (`progress`).
    pub fn parse(s: &str) -> Option<DocStatus> {
        match s.to_ascii_lowercase().as_str() {
            "todo" => Some(DocStatus::Todo),
            "in_progress" | "progress" | "in-progress" | "inprogress" => {
                Some(DocStatus::InProgress)
            }
            "done" => Some(DocStatus::Done),
            "skipped" | "skip" => Some(DocStatus::Skipped),
            "flagged" | "flag" => Some(DocStatus::Flagged),
            _ => None,
        }
    }
}

impl std::fmt::Display for DocStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
