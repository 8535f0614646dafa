//! The query line: words (all must match) and filters.
//!
//! ```text
//! атырау жемқорлық          both words, anywhere in the title or the body
//! label:PERSON              articles with a PERSON span
//! status:done               articles whose status is done (todo, progress, skipped, flagged)
//! by:aigerim                articles aigerim has annotated
//! PERSON:Досмұхамбетов      a PERSON span whose text matches
//! PERSON:"Махамбет Досмұхамбетов"   quotes keep spaces (and colons) in one value
//! ```

use thiserror::Error;

use super::fold::words;
use super::matcher::Pattern;
use crate::annotation::{DocStatus, LabelSet, unknown_label};

#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The words; an article must match every one.
    pub terms: Vec<Pattern>,
    pub filters: Vec<Filter>,
}

#[derive(Debug, Clone)]
pub enum Filter {
    /// The article has a span with this label.
    Label(String),
    Status(DocStatus),
    /// This annotator has a document for the article.
    By(String),
    /// The article has a span with this label whose text matches.
    Entity {
        label: String,
        pattern: Box<Pattern>,
    },
}

/// What is wrong with a query, worded for the query line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    #[error(
        "unknown filter `{key}:` (use label:, status:, by: or a label: {labels}); quote a word that has a colon"
    )]
    UnknownKey { key: String, labels: String },
    #[error("`{key}:` needs a value, e.g. {example}")]
    Empty { key: String, example: String },
    #[error("unknown status `{0}` (use todo, progress, done, skipped or flagged)")]
    BadStatus(String),
    /// Said as every command says it ([`unknown_label`]).
    #[error("{0}")]
    UnknownLabel(String),
    #[error("no annotator `{name}` (annotators: {annotators})")]
    UnknownAnnotator { name: String, annotators: String },
    /// Answered again once they are read.
    #[error("by: waits for the annotators' documents, still loading")]
    AnnotatorsLoading,
}

/// One chunk of the query line: `key:value`, or a plain value.
struct Chunk {
    key: Option<String>,
    value: String,
}

fn is_key_char(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '-'
}

/// Splits on whitespace outside double quotes; `key:` is recognised before any quote.
/// An unclosed quote runs to the end (the user is still typing).
fn chunks(input: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return out;
        }
        let mut text = String::new();
        let mut key = None;
        let mut quoted = false;
        let mut in_quote = false;
        while let Some(c) = chars.next_if(|&c| in_quote || !c.is_whitespace()) {
            match c {
                '"' => {
                    in_quote = !in_quote;
                    quoted = true;
                }
                ':' if !in_quote
                    && !quoted
                    && key.is_none()
                    && text.chars().next().is_some_and(char::is_alphabetic)
                    && text.chars().all(is_key_char) =>
                {
                    key = Some(std::mem::take(&mut text));
                }
                c => text.push(c),
            }
        }
        out.push(Chunk { key, value: text });
    }
}

fn label_list(labels: &LabelSet) -> String {
    labels.names().collect::<Vec<_>>().join(", ")
}

fn find_label<'a>(labels: &'a LabelSet, name: &str) -> Option<&'a str> {
    labels.names().find(|l| l.eq_ignore_ascii_case(name))
}

impl Query {
    /// Parses a query line; `labels` are the workspace's labels (for `label:` and `LABEL:`).
    pub fn parse(input: &str, labels: &LabelSet) -> Result<Query, QueryError> {
        let mut query = Query::default();
        for Chunk { key, value } in chunks(input) {
            let Some(key) = key else {
                query
                    .terms
                    .extend(words(&value).filter_map(|w| Pattern::new(w.text)));
                continue;
            };
            let empty = |example: &str| QueryError::Empty {
                key: key.clone(),
                example: example.to_string(),
            };
            let value = value.trim();
            let filter = match key.to_lowercase().as_str() {
                "label" => {
                    let first = labels.names().next().unwrap_or("PERSON");
                    if value.is_empty() {
                        return Err(empty(&format!("label:{first}")));
                    }
                    let label = find_label(labels, value).ok_or_else(|| {
                        QueryError::UnknownLabel(unknown_label(value, labels.names()))
                    })?;
                    Filter::Label(label.to_string())
                }
                "status" => {
                    if value.is_empty() {
                        return Err(empty("status:todo, status:done"));
                    }
                    Filter::Status(
                        DocStatus::parse(value)
                            .ok_or_else(|| QueryError::BadStatus(value.to_string()))?,
                    )
                }
                "by" => {
                    if value.is_empty() {
                        return Err(empty("by:aigerim"));
                    }
                    Filter::By(value.to_string())
                }
                _ => {
                    let label = find_label(labels, &key).ok_or_else(|| QueryError::UnknownKey {
                        key: key.clone(),
                        labels: label_list(labels),
                    })?;
                    let pattern = Pattern::new(value)
                        .ok_or_else(|| empty(&format!("{label}:Досмұхамбетов")))?;
                    Filter::Entity {
                        label: label.to_string(),
                        pattern: Box::new(pattern),
                    }
                }
            };
            query.filters.push(filter);
        }
        Ok(query)
    }

    /// No words and no filters: every article, in corpus order.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.filters.is_empty()
    }

    /// The annotators named by `by:` filters.
    pub fn by(&self) -> Vec<&str> {
        self.filters
            .iter()
            .filter_map(|f| match f {
                Filter::By(name) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// What to highlight in an article: the words and the entity values.
    pub fn highlight(&self) -> Vec<Pattern> {
        let mut out = self.terms.clone();
        for f in &self.filters {
            if let Filter::Entity { pattern, .. } = f {
                out.extend(words(&pattern.raw).filter_map(|w| Pattern::new(w.text)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Query, QueryError> {
        Query::parse(s, &LabelSet::default())
    }

    fn terms(q: &Query) -> Vec<&str> {
        q.terms.iter().map(|p| p.raw.as_str()).collect()
    }

    #[test]
    fn words_split_like_the_text() {
        let q = parse("  Атырау   жай-күйі «облысы» ").unwrap();
        assert_eq!(terms(&q), ["Атырау", "жай", "күйі", "облысы"]);
        assert!(q.filters.is_empty());
        assert!(parse("").unwrap().is_empty());
        assert!(parse(" !! ").unwrap().is_empty());
    }

    #[test]
    fn filters_are_recognised_case_insensitively() {
        let q =
            parse("label:person STATUS:progress by:aigerim person:Досмұхамбетов атырау").unwrap();
        assert_eq!(terms(&q), ["атырау"]);
        assert!(matches!(&q.filters[0], Filter::Label(l) if l == "PERSON"));
        assert!(matches!(
            q.filters[1],
            Filter::Status(DocStatus::InProgress)
        ));
        assert!(matches!(&q.filters[2], Filter::By(n) if n == "aigerim"));
        assert!(
            matches!(&q.filters[3], Filter::Entity { label, pattern } if label == "PERSON" && pattern.raw == "Досмұхамбетов")
        );
        assert_eq!(q.by(), ["aigerim"]);
    }

    #[test]
    fn quotes_keep_spaces_and_colons() {
        let q = parse(r#"PERSON:"Махамбет Досмұхамбетов" "10:30""#).unwrap();
        assert!(
            matches!(&q.filters[0], Filter::Entity { pattern, .. } if pattern.raw == "Махамбет Досмұхамбетов")
        );
        assert_eq!(terms(&q), ["10", "30"]);
        let q = parse(r#"PERSON:"Махамбет Дос"#).unwrap();
        assert!(
            matches!(&q.filters[0], Filter::Entity { pattern, .. } if pattern.raw == "Махамбет Дос")
        );
        assert_eq!(q.highlight().len(), 2);
        // A colon after digits is not a filter.
        assert_eq!(terms(&parse("10:30").unwrap()), ["10", "30"]);
    }

    #[test]
    fn bad_filters_say_what_to_type() {
        let err = parse("colour:red").unwrap_err();
        assert!(matches!(&err, QueryError::UnknownKey { key, .. } if key == "colour"));
        assert!(err.to_string().contains("label:, status:, by:"));
        assert!(err.to_string().contains("PERSON"));
        let err = parse("status:finished").unwrap_err();
        assert_eq!(err, QueryError::BadStatus("finished".into()));
        assert!(
            err.to_string()
                .contains("todo, progress, done, skipped or flagged")
        );
        assert!(matches!(
            parse("status:").unwrap_err(),
            QueryError::Empty { .. }
        ));
        assert!(matches!(
            parse("PERSON:").unwrap_err(),
            QueryError::Empty { .. }
        ));
        assert!(matches!(
            parse("by:").unwrap_err(),
            QueryError::Empty { .. }
        ));
        let err = parse("label:ORG").unwrap_err();
        assert!(matches!(err, QueryError::UnknownLabel(_)));
        assert!(err.to_string().contains("LOCATION"));
    }
}
