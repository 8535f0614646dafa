//! doccano's relation form in JSONL: `"entities": [{"id", "label", "start_offset",
//! "end_offset"}]` and `"relations": [{"id", "from_id", "to_id", "type"}]`; each relation
//! becomes a relation between the pre-annotations its ids name. Also the document labels:
//! spaCy's `cats` and doccano's classification list (`"label": ["sport"]`).

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

use super::common::{NormalisedText, quote};
use super::{ImportedLink, ImportedRelation};

#[derive(Deserialize)]
struct Entity {
    id: Value,
    label: String,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Deserialize)]
struct Link {
    from_id: Value,
    to_id: Value,
    #[serde(rename = "type")]
    label: String,
}

/// The relations of one line, from its `entities` (raw JSON) and `relations` values; a
/// relation that names an unknown entity, or is not of that form, is a problem.
pub fn read(
    entities: Option<&str>,
    relations: Value,
    raw: &NormalisedText,
    problems: &mut Vec<String>,
) -> Vec<ImportedRelation> {
    let entities: Vec<Entity> = entities
        .and_then(|e| serde_json::from_str(e).ok())
        .unwrap_or_default();
    let by_id: HashMap<String, (usize, usize, String)> = entities
        .into_iter()
        .filter_map(|e| {
            let (start, end) = raw.place(e.start_offset, e.end_offset).ok()?;
            Some((e.id.to_string(), (start, end, e.label)))
        })
        .collect();
    let Value::Array(items) = relations else {
        problems.push(format!(
            "\"relations\" must be a list, found {}",
            quote(&relations.to_string())
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let shown = quote(&item.to_string());
        let Ok(link) = serde_json::from_value::<Link>(item) else {
            problems.push(format!(
                "\"relations\": {shown} is not {{\"from_id\", \"to_id\", \"type\"}}"
            ));
            continue;
        };
        match (
            by_id.get(&link.from_id.to_string()),
            by_id.get(&link.to_id.to_string()),
        ) {
            (Some(from), Some(to)) => out.push(ImportedRelation {
                label: link.label,
                from: from.clone(),
                to: to.clone(),
            }),
            _ => problems.push(format!(
                "\"relations\": {shown} names an entity id that \"entities\" does not hold"
            )),
        }
    }
    out
}

/// The knowledge-base links of a list of spans (raw JSON): each object span with a
/// non-empty `"kb"` (tanba's jsonl) or `"kb_id"` (spaCy). Spans are checked where they
/// are read; a link whose span is not placed is simply not found then.
pub fn links(spans: &str, raw: &NormalisedText) -> Vec<ImportedLink> {
    if !spans.contains("\"kb") {
        return Vec::new();
    }
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(spans) else {
        return Vec::new();
    };
    let field = |o: &serde_json::Map<String, Value>, names: [&str; 2]| {
        names.iter().find_map(|n| o.get(*n).and_then(Value::as_u64))
    };
    items
        .iter()
        .filter_map(|item| {
            let o = item.as_object()?;
            let kb = ["kb", "kb_id"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))?;
            let start = field(o, ["start", "start_offset"])? as usize;
            let end = field(o, ["end", "end_offset"])? as usize;
            let (start, end) = raw.place(start, end).ok()?;
            let label = o.get("label")?.as_str()?.to_string();
            Some(ImportedLink {
                span: (start, end, label),
                kb: kb.to_string(),
            })
        })
        .collect()
}

/// The document labels of spaCy's `"cats": {"LABEL": score}`: those scored 0.5 or more,
/// sorted; anything else there is a problem.
pub fn cats(value: Value, problems: &mut Vec<String>) -> Vec<String> {
    let Value::Object(map) = value else {
        problems.push(format!(
            "\"cats\" must be an object of label: score, found {}",
            quote(&value.to_string())
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (label, score) in map {
        match score.as_f64() {
            Some(s) if s >= 0.5 => out.push(label),
            Some(_) => {}
            None => problems.push(format!(
                "\"cats\": {} is not a score",
                quote(&score.to_string())
            )),
        }
    }
    out.sort();
    out
}

/// The document labels of doccano's classification form, `"label": ["sport", "politics"]`
/// (raw JSON): `None` unless the list holds strings only (a list of spans, or spans and
/// strings mixed, is read as spans and each string reported there). A blank string is a
/// problem; an empty list is spans, none of them.
pub fn classes(label: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let rest = label.trim_start().strip_prefix('[')?.trim_start();
    if !rest.starts_with('"') {
        return None;
    }
    let items: Vec<String> = serde_json::from_str(label).ok()?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.trim().is_empty() {
            problems.push(format!(
                "\"label\": {} is a blank document label",
                quote(&Value::String(item).to_string())
            ));
        } else {
            out.push(item);
        }
    }
    Some(out)
}
