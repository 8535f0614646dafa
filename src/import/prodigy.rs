//! Prodigy's JSONL (`prodigy db-out`): one answered task per line, `text`, `spans` with
//! `start`/`end`/`label` in code points (Prodigy is Python) and token indices, `answer`
//! (`accept` is annotation; `reject` and `ignore` are counted and skipped, or rejected
//! kept as rejected spans), `_annotator_id` or `_session_id`, `_timestamp`.

use serde_json::{Map, Value};
use std::path::Path;

use super::offsets::{Source, Unit};
use super::{Found, FoundSpan, Read, ReadOptions, Tool, id_of, json_lines};
use crate::annotation::SpanState;
use crate::corpus::Problem;

/// Fields only Prodigy writes: a JSON lines file with one of them on its first line is
/// Prodigy's.
const MARKS: [&str; 5] = [
    "answer",
    "_input_hash",
    "_task_hash",
    "_session_id",
    "_annotator_id",
];

pub fn is_prodigy(text: &str) -> bool {
    let Some((_, first)) = json_lines(text).next() else {
        return false;
    };
    match serde_json::from_str::<Value>(first) {
        Ok(Value::Object(o)) => MARKS.iter().any(|k| o.contains_key(*k)),
        _ => false,
    }
}

pub fn read(file: &Path, text: &str, options: ReadOptions) -> Read {
    let mut out = Read::default();
    for (line, raw) in json_lines(text) {
        let problem = |m: String| Problem::new(file, Some(line), m);
        let object: Map<String, Value> = match serde_json::from_str(raw) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                out.problems.push(problem("not a JSON object".into()));
                continue;
            }
            Err(e) => {
                out.problems.push(problem(format!("not JSON: {e}")));
                continue;
            }
        };
        let state = match object.get("answer").and_then(Value::as_str) {
            Some("accept") => SpanState::Accepted,
            Some("reject") if options.keep_rejected => {
                out.counts.rejected += 1;
                SpanState::Rejected
            }
            Some("reject") => {
                out.counts.rejected += 1;
                continue;
            }
            Some("ignore") | None => {
                out.counts.ignored += 1;
                continue;
            }
            Some(other) => {
                let m = format!("answer {other:?} is none of accept, reject, ignore");
                out.problems.push(problem(m));
                continue;
            }
        };
        let unit = options.offsets.unwrap_or(Unit::CodePoints);
        match read_task(&object, state, unit, &mut out) {
            Ok((mut found, problems)) => {
                found.file = file.to_path_buf();
                found.line = line;
                out.problems.extend(problems.into_iter().map(problem));
                out.found.push(found);
            }
            Err(m) => out.problems.push(problem(m)),
        }
    }
    out
}

fn read_task(
    object: &Map<String, Value>,
    state: SpanState,
    unit: Unit,
    out: &mut Read,
) -> Result<(Found, Vec<String>), String> {
    let raw = object
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\" string")?;
    let source = Source::new(raw.to_string());
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    let items = object.get("spans").and_then(Value::as_array);
    for (i, span) in items.into_iter().flatten().enumerate() {
        match one_span(span, &source, unit) {
            Ok((p, label)) => {
                out.counts.converted += usize::from(p.converted);
                spans.push(FoundSpan {
                    start: p.start,
                    end: p.end,
                    label,
                    state,
                    model: None,
                    kb: None,
                });
            }
            Err(m) => problems.push(format!("span {}: {m}", i + 1)),
        }
    }
    let annotator = ["_annotator_id", "_session_id"]
        .iter()
        .find_map(|k| object.get(*k)?.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let when = object
        .get("_timestamp")
        .and_then(Value::as_i64)
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok());
    let id = object
        .get("id")
        .or_else(|| object.get("meta")?.get("id"))
        .and_then(id_of);
    let found = Found {
        id,
        text: source.into_text(),
        pieces: None,
        annotator,
        tool: Tool::Prodigy,
        spans,
        doc_labels: Vec::new(),
        relations: Vec::new(),
        when,
        file: Default::default(),
        line: 0,
        record: None,
    };
    Ok((found, problems))
}

fn one_span(
    span: &Value,
    source: &Source,
    unit: Unit,
) -> Result<(super::offsets::Placed, String), String> {
    let number = |key: &str| {
        span.get(key)
            .and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or_else(|| format!("no whole-number {key}"))
    };
    let (start, end) = (number("start")?, number("end")?);
    let label = span
        .get("label")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .ok_or("no label")?;
    // Prodigy keeps the covered text only in its tokens; the offsets are Python's
    let placed = source.place(start, end, unit, None)?;
    Ok((placed, label.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB_OUT: &str = concat!(
        r#"{"text":"Қанат 😀 Алматыда тұрады.","_input_hash":-1,"_task_hash":-2,"tokens":[{"text":"Қанат","start":0,"end":5,"id":0,"ws":true}],"spans":[{"start":0,"end":5,"token_start":0,"token_end":0,"label":"PER"},{"start":8,"end":16,"token_start":2,"token_end":2,"label":"LOC"}],"_view_id":"ner_manual","answer":"accept","_timestamp":1700000000,"_annotator_id":"news-dana","_session_id":"news-dana"}"#,
        "\n",
        r#"{"text":"Бота","spans":[{"start":0,"end":4,"label":"PER"}],"answer":"reject","_session_id":"news-dana"}"#,
        "\n",
        r#"{"text":"Ерлан","spans":[],"answer":"ignore","_session_id":"news-erlan"}"#,
        "\n",
        r#"{"text":"Арман","spans":[{"start":0,"end":9,"label":"PER"},{"start":0}],"answer":"accept","_session_id":"news-erlan"}"#,
        "\n",
        r#"{"text":"x","answer":"maybe"}"#,
        "\n"
    );

    #[test]
    fn accepted_answers_come_in_with_their_annotator_and_time() {
        assert!(is_prodigy(DB_OUT));
        assert!(!is_prodigy(r#"{"text": "a", "label": []}"#));
        let read = read(Path::new("db.jsonl"), DB_OUT, ReadOptions::default());
        let first = &read.found[0];
        assert_eq!(first.annotator.as_deref(), Some("news-dana"));
        let spans: Vec<_> = first.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, [(0, 5), (8, 16)]);
        assert_eq!(
            crate::text::slice_chars(&first.text, 8, 16),
            Some("Алматыда")
        );
        assert_eq!(first.when.map(|t| t.unix_timestamp()), Some(1_700_000_000));
        assert_eq!((read.counts.rejected, read.counts.ignored), (1, 1));
        let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("db.jsonl:4: span 1: end 9 is past the end"));
        assert!(said[1].starts_with("db.jsonl:4: span 2: no whole-number end"));
        assert!(said[2].starts_with("db.jsonl:5: answer \"maybe\""));
        assert_eq!(read.found.len(), 2);
    }

    #[test]
    fn rejected_answers_can_be_kept_as_rejected_spans() {
        let options = ReadOptions {
            keep_rejected: true,
            ..ReadOptions::default()
        };
        let read = read(Path::new("db.jsonl"), DB_OUT, options);
        let bota = read.found.iter().find(|f| f.text == "Бота").unwrap();
        assert_eq!(bota.spans[0].state, SpanState::Rejected);
    }
}
