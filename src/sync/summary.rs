//! What a sync commit changed, told from the old and new versions of the annotator's
//! RON files: `aigerim: 12 articles, +85 spans, 3 done`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::annotation::{DocAnnotations, DocStatus, SpanState};
use crate::store::parse_doc;
use crate::text::count;
use strum::VariantArray;

/// One annotation file's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The article id, or the file name when the file does not parse.
    pub article: String,
    /// Accepted spans after minus before.
    pub spans: i64,
    /// The status it moved to, when it moved.
    pub status: Option<DocStatus>,
    pub deleted: bool,
}

/// A whole commit's change, for its message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: Vec<FileChange>,
    /// Workspace-wide files shared for the first time (`tanba.ron`, `.gitignore`).
    pub shared: Vec<String>,
}

/// Spans the annotator stands behind: pre-annotations only count once accepted.
fn accepted(doc: Option<&DocAnnotations>) -> i64 {
    doc.map_or(0, |d| {
        d.spans
            .iter()
            .filter(|s| s.state == SpanState::Accepted)
            .count() as i64
    })
}

fn parse(path: &str, bytes: Option<&[u8]>) -> Option<DocAnnotations> {
    let text = std::str::from_utf8(bytes?).ok()?;
    parse_doc(Path::new(path), text).ok()
}

/// Compares one file's versions; a side that does not parse counts as no spans.
pub fn compare(path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> FileChange {
    let (before, after) = (parse(path, old), parse(path, new));
    let article = after
        .as_ref()
        .or(before.as_ref())
        .map(|d| d.article.clone())
        .unwrap_or_else(|| {
            let name = path.rsplit('/').next().unwrap_or(path);
            name.strip_suffix(".ron").unwrap_or(name).to_string()
        });
    let status_before = before.as_ref().map_or(DocStatus::Todo, |d| d.status);
    let status = after
        .as_ref()
        .map(|d| d.status)
        .filter(|s| *s != status_before);
    FileChange {
        article,
        spans: accepted(after.as_ref()) - accepted(before.as_ref()),
        status,
        deleted: new.is_none(),
    }
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.shared.is_empty()
    }

    /// The first line: who, how many articles, how many spans, which statuses reached.
    pub fn subject(&self, annotator: &str) -> String {
        let mut parts = Vec::new();
        if !self.files.is_empty() {
            parts.push(count(self.files.len(), "article", "articles"));
        }
        let spans: i64 = self.files.iter().map(|f| f.spans).sum();
        if spans != 0 {
            parts.push(format!(
                "{spans:+} {}",
                if spans.abs() == 1 { "span" } else { "spans" }
            ));
        }
        let mut reached: BTreeMap<usize, usize> = BTreeMap::new();
        for status in self.files.iter().filter_map(|f| f.status) {
            let order = DocStatus::VARIANTS
                .iter()
                .position(|s| *s == status)
                .unwrap_or(0);
            *reached.entry(order).or_default() += 1;
        }
        // done first: it is what a lead looks for in the log
        let done = DocStatus::VARIANTS
            .iter()
            .position(|s| *s == DocStatus::Done);
        let mut order: Vec<usize> = reached.keys().copied().collect();
        order.sort_by_key(|o| (Some(*o) != done, *o));
        for o in order {
            let status = DocStatus::VARIANTS[o];
            if status != DocStatus::Todo {
                parts.push(format!(
                    "{} {}",
                    reached[&o],
                    status.as_str().replace('_', " ")
                ));
            }
        }
        if !self.shared.is_empty() {
            parts.push(format!("shares {}", self.shared.join(", ")));
        }
        if parts.is_empty() {
            parts.push("no change in spans or status".into());
        }
        format!("{annotator}: {}", parts.join(", "))
    }

    /// One line per article, so `git log` tells what each sync did.
    pub fn body(&self) -> String {
        const SHOWN: usize = 40;
        let mut lines: Vec<String> = self
            .files
            .iter()
            .take(SHOWN)
            .map(|f| {
                let mut line = format!("- {}", crate::text::sanitize(&f.article));
                if f.deleted {
                    line += ": removed";
                    return line;
                }
                let mut what = Vec::new();
                if f.spans != 0 {
                    let noun = if f.spans.abs() == 1 { "span" } else { "spans" };
                    what.push(format!("{:+} {noun}", f.spans));
                }
                if let Some(status) = f.status {
                    what.push(status.as_str().to_string());
                }
                if !what.is_empty() {
                    line += &format!(": {}", what.join(", "));
                }
                line
            })
            .collect();
        if self.files.len() > SHOWN {
            lines.push(format!("… and {} more", self.files.len() - SHOWN));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Op, Origin, Span};
    use crate::store::doc_to_ron;

    const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";

    fn doc(spans: &[(usize, usize, SpanState)], status: DocStatus) -> Vec<u8> {
        let mut doc = DocAnnotations::new("kk-1", "aigerim", TEXT);
        for &(start, end, state) in spans {
            let mut span =
                Span::cut(TEXT, start, end, "PERSON", Origin::Manual, "aigerim").unwrap();
            span.state = state;
            doc.apply(&Op::Add(span), "aigerim");
        }
        doc.status = status;
        doc_to_ron(&doc).into_bytes()
    }

    #[test]
    fn spans_count_only_when_accepted_and_statuses_when_they_move() {
        let old = doc(
            &[(0, 6, SpanState::Accepted), (7, 13, SpanState::Pending)],
            DocStatus::InProgress,
        );
        let new = doc(
            &[
                (0, 6, SpanState::Accepted),
                (7, 13, SpanState::Accepted),
                (20, 28, SpanState::Accepted),
            ],
            DocStatus::Done,
        );
        let change = compare("annotations/aigerim/kk-1.ron", Some(&old), Some(&new));
        assert_eq!(change.article, "kk-1");
        assert_eq!(change.spans, 2);
        assert_eq!(change.status, Some(DocStatus::Done));
        let same = compare("a/kk-1.ron", Some(&new), Some(&new));
        assert_eq!((same.spans, same.status), (0, None));
    }

    #[test]
    fn the_subject_names_the_annotator_articles_spans_and_done() {
        let new_done = doc(
            &[(0, 6, SpanState::Accepted), (20, 28, SpanState::Accepted)],
            DocStatus::Done,
        );
        let new_flag = doc(&[(0, 6, SpanState::Accepted)], DocStatus::Flagged);
        let summary = Summary {
            files: vec![
                compare("a/kk-1.ron", None, Some(&new_done)),
                compare("a/kk-2.ron", None, Some(&new_flag)),
                compare(
                    "a/kk-3.ron",
                    Some(&new_flag),
                    Some(&doc(&[], DocStatus::Done)),
                ),
            ],
            shared: Vec::new(),
        };
        assert_eq!(
            summary.subject("aigerim"),
            "aigerim: 3 articles, +2 spans, 2 done, 1 flagged"
        );
        assert!(
            summary.body().contains("- kk-1: +2 spans, done"),
            "{}",
            summary.body()
        );
        assert!(
            summary.body().contains("- kk-1: +1 span, flagged"),
            "{}",
            summary.body()
        );
    }

    #[test]
    fn a_file_that_does_not_parse_counts_as_an_article_without_spans() {
        let change = compare("annotations/aigerim/broken.ron", Some(b"(oops"), Some(b"("));
        assert_eq!(change.article, "broken");
        assert_eq!((change.spans, change.status), (0, None));
        let removed = compare(
            "a/kk-1.ron",
            Some(&doc(&[(0, 6, SpanState::Accepted)], DocStatus::Done)),
            None,
        );
        assert!(removed.deleted);
        let summary = Summary {
            files: vec![removed],
            shared: vec!["tanba.ron".into()],
        };
        assert_eq!(
            summary.subject("dana"),
            "dana: 1 article, -1 span, shares tanba.ron"
        );
    }
}
