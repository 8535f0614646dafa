use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A moment, written as RFC 3339 in every file we produce.
pub type Timestamp = OffsetDateTime;

/// The current time in UTC, truncated to whole seconds so files stay short and stable.
pub fn now() -> Timestamp {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// Where a span came from. In RON files: `manual`, `imported`, `suggested`, `model("NAME")`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Origin {
    Manual,
    Imported,
    /// Proposed by tanba from the annotator's own spans (in the article or the gazetteer).
    Suggested,
    /// Written by `tanba merge` from several annotators' spans.
    Merged,
    /// Proposed by an external model run with `tanba suggest --name NAME`.
    Model(String),
}

impl Origin {
    /// The origin as one word for tables and exports: `model:NAME` for a model.
    pub fn name(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Origin::Manual => "manual".into(),
            Origin::Imported => "imported".into(),
            Origin::Suggested => "suggested".into(),
            Origin::Merged => "merged".into(),
            Origin::Model(name) => format!("model:{name}").into(),
        }
    }

    /// A suggestion of tanba's or a model's, as opposed to the annotator's or an import's.
    pub fn is_suggestion(&self) -> bool {
        matches!(self, Origin::Suggested | Origin::Model(_))
    }

    /// Who creates a span of this origin when no person does: [`TANBA`] for its own
    /// suggestions, `model:NAME` for a model's; `None` for a person's, an import, a merge.
    pub fn author(&self) -> Option<String> {
        match self {
            Origin::Suggested => Some(TANBA.to_string()),
            Origin::Model(_) => Some(self.name().into_owned()),
            _ => None,
        }
    }
}

/// The name tanba signs its own suggestions with, in spans (`who`) and audit logs.
pub const TANBA: &str = "tanba";

/// Whether a `who` names a person rather than tanba or a model (`model:NAME`): annotator
/// names cannot hold a colon, so only one spelled `tanba` could be mistaken.
pub fn is_person(who: &str) -> bool {
    who != TANBA && !who.starts_with("model:")
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SpanState {
    Accepted,
    Pending,
    Rejected,
}

/// An entity mention: `[start, end)` in code points of the article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text, kept for audit and to detect drift when the article changes.
    pub text: String,
    pub origin: Origin,
    pub state: SpanState,
    pub who: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set when the article text changed and this span could not be re-anchored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
    /// The knowledge-base id this mention is linked to (`kb.tsv`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb: Option<String>,
    /// The link was proposed by tanba (another mention of the same text was linked) and
    /// awaits review.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kb_suggested: bool,
}

impl Span {
    /// A span over `text` (the article text), with `text` cut by code points.
    /// Returns `None` when the range is empty, reversed or past the end.
    pub fn cut(
        article_text: &str,
        start: usize,
        end: usize,
        label: &str,
        origin: Origin,
        who: &str,
    ) -> Option<Span> {
        let covered = crate::text::slice_chars(article_text, start, end)?;
        if start >= end {
            return None;
        }
        let when = now();
        let state = match origin {
            Origin::Manual => SpanState::Accepted,
            _ => SpanState::Pending,
        };
        Some(Span {
            start,
            end,
            label: label.to_string(),
            text: covered.to_string(),
            origin,
            state,
            who: who.to_string(),
            created: when,
            updated: when,
            note: None,
            flagged: false,
            kb: None,
            kb_suggested: false,
        })
    }

    /// The reviewed knowledge-base link: what exports write (a suggested one waits).
    pub fn link(&self) -> Option<&str> {
        self.kb.as_deref().filter(|_| !self.kb_suggested)
    }

    /// Identity of a span within one document: two spans with the same key are one span.
    pub fn key(&self) -> (usize, usize, &str) {
        (self.start, self.end, self.label.as_str())
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    /// Where two spans claim one place and only one may stay, the lower standing wins:
    /// accepted before pending, then a person's or an import's before tanba's
    /// suggestion, and that before a model's. The one rule for exports and the desk.
    pub fn standing(&self) -> (u8, u8) {
        let state = match self.state {
            SpanState::Accepted => 0,
            SpanState::Pending => 1,
            SpanState::Rejected => 2,
        };
        let origin = match self.origin {
            Origin::Manual | Origin::Imported | Origin::Merged => 0,
            Origin::Suggested => 1,
            Origin::Model(_) => 2,
        };
        (state, origin)
    }

    /// True when `other` lies within this span and is not the same range.
    pub fn encloses(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end && self.len() > other.len()
    }
}
