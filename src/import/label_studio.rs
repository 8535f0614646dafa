//! Label Studio's JSON export: a list of tasks, each `data` (the text in `data.text`, or
//! its only string field), `annotations[]` by `completed_by` (a user id, or an object
//! with an e-mail), each `result[]` of `type: "labels"` regions with `value.start/end/
//! labels/text` (a region's link is a `kb:ID` line of its `meta.text`), `relation`
//! results `from_id`/`to_id`/`direction`/`labels` between regions, `choices` results as
//! the document labels, and `predictions[]` by `model_version`. Newer versions count offsets in
//! code points, older ones in UTF-16 code units: `value.text` decides (see `offsets`).

use serde_json::{Map, Value};
use std::path::Path;

use super::offsets::{Source, Unit};
use super::{Found, FoundRelation, FoundSpan, Read, ReadOptions, Tool, id_of};
use crate::annotation::{SpanKey, SpanState};
use crate::corpus::Problem;
use crate::export::label_studio::KB_PREFIX;

/// The model a prediction without `model_version` is signed by.
const UNNAMED_MODEL: &str = "label-studio";

pub fn read(file: &Path, text: &str, options: ReadOptions) -> Read {
    let mut out = Read::default();
    let tasks = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(tasks)) => tasks,
        Ok(task @ Value::Object(_)) => vec![task],
        Ok(_) => {
            let m = "not a Label Studio export: expected a list of tasks";
            out.problems.push(Problem::new(file, Some(1), m));
            return out;
        }
        Err(e) => {
            let m = format!("not JSON: {e}");
            out.problems
                .push(Problem::new(file, Some(e.line().max(1)), m));
            return out;
        }
    };
    let lines = task_lines(text);
    for (i, task) in tasks.iter().enumerate() {
        let line = lines.get(i).copied();
        let said = |m: String| Problem::new(file, line, format!("task {}: {m}", i + 1));
        let Some(task) = task.as_object() else {
            out.problems.push(said("not an object".into()));
            continue;
        };
        let mut problems = Vec::new();
        match read_task(task, options, &mut out, &mut problems) {
            Ok(found) => out.found.extend(found.into_iter().map(|mut f| {
                f.file = file.to_path_buf();
                f.line = line.unwrap_or(0);
                f.record = Some(i + 1);
                f
            })),
            Err(m) => problems.push(m),
        }
        out.problems.extend(problems.into_iter().map(said));
    }
    out
}

/// The line each task of the list starts at (one task alone: line 1), for messages.
fn task_lines(text: &str) -> Vec<usize> {
    let starts: Vec<usize> = match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text) {
        // a raw value borrows its text from `text`: where it starts is where the task does
        Ok(tasks) => tasks
            .iter()
            .map(|t| t.get().as_ptr() as usize - text.as_ptr() as usize)
            .collect(),
        Err(_) => vec![text.len() - text.trim_start().len()],
    };
    starts
        .into_iter()
        .map(|at| 1 + text[..at].bytes().filter(|&b| b == b'\n').count())
        .collect()
}

/// The task's text field: `text`, else the only string in `data`.
fn task_text(data: &Map<String, Value>) -> Result<&str, String> {
    if let Some(text) = data.get("text") {
        return text
            .as_str()
            .ok_or_else(|| "data.text is not a string".into());
    }
    let strings: Vec<(&String, &str)> = data
        .iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?)))
        .collect();
    match strings.as_slice() {
        [(_, text)] => Ok(text),
        [] => Err("no text: data has no string field".into()),
        many => Err(format!(
            "which field is the text? data has {} (tanba reads data.text)",
            many.iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// One task: a document per annotation, predictions as pending spans in each (or in a
/// document of their own when nobody annotated the task).
fn read_task(
    task: &Map<String, Value>,
    options: ReadOptions,
    out: &mut Read,
    problems: &mut Vec<String>,
) -> Result<Vec<Found>, String> {
    let data = task
        .get("data")
        .and_then(Value::as_object)
        .ok_or("no \"data\" object")?;
    let source = Source::new(task_text(data)?.to_string());
    let unit = options.offsets.unwrap_or(Unit::CodePoints);
    let mut predicted = Vec::new();
    for (j, prediction) in array(task, "predictions").iter().enumerate() {
        let model = prediction
            .get("model_version")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .unwrap_or(UNNAMED_MODEL);
        let mut place = Place {
            source: &source,
            unit,
            out: &mut *out,
            problems: &mut *problems,
            ids: Vec::new(),
        };
        let at = format!("prediction {}", j + 1);
        predicted.extend(place.regions(prediction, &at, SpanState::Pending, Some(model)));
    }
    let mut found = Vec::new();
    // `completions` is what exports before Label Studio 1.0 called annotations
    let annotations = [array(task, "annotations"), array(task, "completions")].concat();
    for (j, annotation) in annotations.iter().enumerate() {
        if annotation.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            out.counts.cancelled += 1;
            continue;
        }
        let at = format!("annotation {}", j + 1);
        let mut place = Place {
            source: &source,
            unit,
            out: &mut *out,
            problems: &mut *problems,
            ids: Vec::new(),
        };
        let mut spans = place.regions(annotation, &at, SpanState::Accepted, None);
        let relations = place.relations(annotation, &at);
        spans.extend(predicted.iter().cloned());
        let when = ["updated_at", "created_at"]
            .iter()
            .find_map(|k| annotation.get(*k)?.as_str())
            .and_then(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
            });
        found.push(Found {
            annotator: completed_by(annotation.get("completed_by")),
            spans,
            relations,
            doc_labels: choices(annotation),
            when,
            ..document(data, source.text())
        });
    }
    if found.is_empty() && !predicted.is_empty() {
        found.push(Found {
            spans: predicted,
            ..document(data, source.text())
        });
    }
    Ok(found)
}

fn document(data: &Map<String, Value>, text: &str) -> Found {
    Found {
        id: data.get("id").and_then(id_of),
        text: text.to_string(),
        pieces: None,
        annotator: None,
        tool: Tool::LabelStudio,
        spans: Vec::new(),
        doc_labels: Vec::new(),
        relations: Vec::new(),
        when: None,
        file: Default::default(),
        line: 0,
        record: None,
    }
}

fn array<'a>(object: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `completed_by`: a user id (`user-7`), or an object with an e-mail (its local part).
fn completed_by(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) => Some(format!("user-{n}")),
        Value::String(s) if !s.is_empty() => Some(local_part(s)),
        Value::Object(user) => match user.get("email").and_then(Value::as_str) {
            Some(email) if !email.is_empty() => Some(local_part(email)),
            _ => user
                .get("id")
                .and_then(id_of)
                .map(|id| format!("user-{id}")),
        },
        _ => None,
    }
}

fn local_part(email: &str) -> String {
    email.split('@').next().unwrap_or(email).to_string()
}

/// The document labels of an annotation: its `choices` results' values, sorted.
fn choices(holder: &Value) -> Vec<String> {
    let results = holder.get("result").and_then(Value::as_array);
    let mut out: Vec<String> = results
        .into_iter()
        .flatten()
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("choices"))
        .filter_map(|r| r.get("value")?.get("choices")?.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A region's link: the `kb:ID` line of its `meta.text`.
fn link_of(result: &Value) -> Option<String> {
    let text = result.get("meta")?.get("text")?;
    let lines: Vec<&str> = match text {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    lines
        .iter()
        .find_map(|l| l.trim().strip_prefix(KB_PREFIX))
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
}

/// Places one annotation's or prediction's regions on the task's text.
struct Place<'a> {
    source: &'a Source,
    unit: Unit,
    out: &'a mut Read,
    problems: &'a mut Vec<String>,
    /// The regions placed, by their result `id` (the first label of a region).
    ids: Vec<(String, SpanKey)>,
}

impl Place<'_> {
    fn regions(
        &mut self,
        holder: &Value,
        at: &str,
        state: SpanState,
        model: Option<&str>,
    ) -> Vec<FoundSpan> {
        let mut spans = Vec::new();
        let results = holder.get("result").and_then(Value::as_array);
        for (k, result) in results.into_iter().flatten().enumerate() {
            let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
            if kind == "relation" {
                continue; // read by `relations`
            }
            let Some(value) = result.get("value").filter(|v| v.get("labels").is_some()) else {
                continue; // choices, text areas and the like: not spans
            };
            match self.region(value) {
                Ok(found) => {
                    let id = result.get("id").and_then(Value::as_str);
                    if let (Some(id), Some((start, end, label))) = (id, found.first()) {
                        let key = SpanKey {
                            start: *start,
                            end: *end,
                            label: label.clone(),
                        };
                        self.ids.push((id.to_string(), key));
                    }
                    let kb = link_of(result);
                    spans.extend(found.into_iter().map(|(start, end, label)| FoundSpan {
                        start,
                        end,
                        label,
                        state,
                        model: model.map(str::to_string),
                        kb: kb.clone(),
                    }))
                }
                Err(m) => self.problems.push(format!("{at}, result {}: {m}", k + 1)),
            }
        }
        spans
    }

    /// The `relation` results of an annotation whose regions `regions` placed: one
    /// relation per label, `direction: "left"` turned round; a relation naming a region
    /// that is not there is a problem, one without a label is counted (left out).
    fn relations(&mut self, holder: &Value, at: &str) -> Vec<FoundRelation> {
        let mut out = Vec::new();
        let results = holder.get("result").and_then(Value::as_array);
        for (k, result) in results.into_iter().flatten().enumerate() {
            if result.get("type").and_then(Value::as_str) != Some("relation") {
                continue;
            }
            let mut said = |m: String| self.problems.push(format!("{at}, result {}: {m}", k + 1));
            let end = |key: &str| {
                let id = result.get(key).and_then(Value::as_str).unwrap_or("");
                let found = self
                    .ids
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, k)| k.clone());
                found.ok_or(format!("relation {key} {id:?} names no region placed here"))
            };
            let (from, to) = match (end("from_id"), end("to_id")) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(m), _) | (_, Err(m)) => {
                    said(m);
                    continue;
                }
            };
            let (from, to) = match result.get("direction").and_then(Value::as_str) {
                Some("left") => (to, from),
                _ => (from, to),
            };
            let labels = result.get("labels").and_then(Value::as_array);
            let labels: Vec<&str> = labels
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if labels.is_empty() {
                // Label Studio's relations have no label unless the config names some:
                // counted, as tanba's relations need one
                self.out.counts.relations += 1;
            }
            for label in labels {
                out.push(FoundRelation {
                    label: label.to_string(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        out
    }

    fn region(&mut self, value: &Value) -> Result<Vec<(usize, usize, String)>, String> {
        let offset = |key: &str| match value.get(key) {
            Some(Value::Number(n)) => n
                .as_u64()
                .map(|n| n as usize)
                .ok_or(format!("{key} is negative")),
            Some(Value::String(_)) => Err(format!(
                "{key} is a path, not an offset (HTML regions are not read)"
            )),
            _ => Err(format!("no {key} offset")),
        };
        let (start, end) = (offset("start")?, offset("end")?);
        let expect = value.get("text").and_then(Value::as_str);
        let placed = self.source.place(start, end, self.unit, expect)?;
        self.out.counts.converted += usize::from(placed.converted);
        let labels = value
            .get("labels")
            .and_then(Value::as_array)
            .ok_or("labels is not a list")?;
        let labels: Vec<String> = labels
            .iter()
            .filter_map(Value::as_str)
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        if labels.is_empty() {
            return Err("a region without a label".into());
        }
        Ok(labels
            .into_iter()
            .map(|l| (placed.start, placed.end, l))
            .collect())
    }
}

#[cfg(test)]
#[path = "label_studio_tests.rs"]
mod tests;
