//! Drift check: every stored span cut again from its article text, by code points.

use crate::annotation::{DocAnnotations, Span};
use crate::text::CharIndex;

/// A stored span whose text is not what its offsets cut from the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// 1-based line of the span in its annotation file (the `spans:` line if not found).
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub stored: String,
    /// `None` when the offsets fall outside the article.
    pub actual: Option<String>,
}

/// Every span of `doc` (as parsed from `file_text`) whose stored text differs from the
/// article `text` at its offsets, in file order.
pub fn check(doc: &DocAnnotations, text: &str, file_text: &str) -> Vec<Drift> {
    let index = CharIndex::new(text);
    let lines = span_lines(file_text, &doc.spans);
    doc.spans
        .iter()
        .zip(lines)
        .filter_map(|(span, line)| {
            let actual = if span.start <= span.end {
                index.slice(text, span.start, span.end)
            } else {
                None
            };
            (actual != Some(span.text.as_str())).then(|| Drift {
                line,
                start: span.start,
                end: span.end,
                label: span.label.clone(),
                stored: span.text.clone(),
                actual: actual.map(str::to_string),
            })
        })
        .collect()
}

/// The line of each span in a RON annotation file: tanba writes one span per line, so
/// the n-th line holding `start: S,` and `end: E,` after the previous span's is it.
pub fn span_lines(file_text: &str, spans: &[Span]) -> Vec<usize> {
    let lines: Vec<&str> = file_text.lines().collect();
    let spans_line = lines
        .iter()
        .position(|l| l.trim_start().starts_with("spans:"))
        .unwrap_or(0);
    let mut from = spans_line;
    spans
        .iter()
        .map(|span| {
            let start = format!("start: {},", span.start);
            let end = format!("end: {},", span.end);
            let found = lines[from.min(lines.len())..]
                .iter()
                .position(|l| l.contains(&start) && l.contains(&end))
                .map(|i| from + i);
            match found {
                Some(i) => {
                    from = i + 1;
                    i + 1
                }
                None => spans_line + 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, span};
    use crate::store::{doc_to_ron, parse_doc};

    #[test]
    fn reports_each_drifted_span_with_its_line() {
        let a = article("a", "Атырау облысы әкімі Махамбет");
        let spans = vec![
            span(&a.text, 0, 6, "LOCATION", SpanState::Accepted),
            span(&a.text, 20, 28, "PERSON", SpanState::Accepted),
        ];
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let file = doc_to_ron(&doc);
        let parsed = parse_doc(std::path::Path::new("a.ron"), &file).unwrap();
        assert!(check(&parsed, &a.text, &file).is_empty());
        // the article changed under the annotations: one word longer at the start
        let changed = "Жаңа Атырау облысы әкімі Махамбет";
        let drift = check(&parsed, changed, &file);
        assert_eq!(drift.len(), 2);
        let line_of = |needle: &str| file.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(drift[0].line, line_of("\"LOCATION\""));
        assert_eq!(drift[0].stored, "Атырау");
        assert_eq!(drift[0].actual.as_deref(), Some("Жаңа А"));
        assert_eq!(drift[1].line, line_of("\"PERSON\""));
        let short = check(&parsed, "Атырау", &file);
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].actual, None);
    }
}
