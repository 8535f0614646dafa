//! Label Studio's JSON tasks, as its "Import" reads them and its JSON export writes
//! them: a list, one task per article, `data` holding `text`, `id` and `title`. Each
//! annotator's accepted spans are one entry of `annotations`, `completed_by` an e-mail
//! `NAME@tanba.local` (`tanba import` takes the name back from it). Pending spans, when
//! exported (`--include-pending`), are the task's `predictions`, one per model (their
//! origin's name: `model:NAME` gives NAME), each range and label once; Label Studio
//! shows predictions to every annotator of the task, and `tanba import` gives them to
//! each one. Regions are `labels` results from `label` to `text` (the default NER
//! labeling config), offsets in code points as Label Studio 1.4+ counts them, with their
//! `text` so a reader can check them. One task per line, so the file diffs well.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Item, Tally, written_relations};
use crate::annotation::{Origin, Span, SpanState};

/// The host of the e-mails annotators are given (`completed_by`).
pub const EMAIL_HOST: &str = "tanba.local";

pub fn write<W: Write>(w: &mut W, items: &[Item], tally: &mut Tally) -> io::Result<()> {
    w.write_all(b"[")?;
    let tasks = items.chunk_by(|a, b| std::ptr::eq(a.article, b.article));
    for (n, group) in tasks.enumerate() {
        w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        let task = task(n + 1, group, tally);
        serde_json::to_writer(&mut *w, &task)?;
    }
    w.write_all(b"\n]\n")
}

/// The prefix of a region's `meta.text` line that holds its link (`kb:Q123`).
pub const KB_PREFIX: &str = "kb:";
/// The `from_name` of the document labels' `choices` result.
pub const DOC_LABELS: &str = "doc_label";

/// One region: a span as a `labels` result; its reviewed link as the region's meta text
/// `kb:ID` (what Label Studio's region panel shows as the region's meta).
fn region(id: String, span: &Span) -> Value {
    let mut region = json!({
        "id": id,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "labels": [span.label],
        },
    });
    if let Some(kb) = span.link() {
        region["meta"] = json!({"text": [format!("{KB_PREFIX}{kb}")]});
    }
    region
}

/// The annotation's relations (`type: "relation"`, from one region's `id` to another's)
/// and its document labels (a `choices` result from `doc_label` to `text`).
fn relations_and_choices(
    item: &Item,
    result: &mut Vec<Value>,
    ids: &[String],
    choice_id: String,
    tally: &mut Tally,
) {
    let written: Vec<&Span> = item
        .spans
        .iter()
        .copied()
        .filter(|s| s.state != SpanState::Pending)
        .collect();
    for (r, a, b) in written_relations(item, &written, tally) {
        result.push(json!({
            "type": "relation",
            "from_id": ids[a],
            "to_id": ids[b],
            "direction": "right",
            "labels": [r.label],
        }));
    }
    if !item.doc.doc_labels.is_empty() {
        result.push(json!({
            "id": choice_id,
            "from_name": DOC_LABELS,
            "to_name": "text",
            "type": "choices",
            "value": {"choices": item.doc.doc_labels},
        }));
    }
}

fn model_of(span: &Span) -> String {
    match &span.origin {
        Origin::Model(name) => name.clone(),
        other => other.name().into_owned(),
    }
}

/// The task of one article, from its items (one per annotator, or one without).
fn task(n: usize, items: &[Item], tally: &mut Tally) -> Value {
    let article = items[0].article;
    let mut annotations = Vec::new();
    let mut predicted: BTreeMap<String, BTreeMap<(usize, usize, &str), &Span>> = BTreeMap::new();
    for (a, item) in items.iter().enumerate() {
        tally.items += 1;
        let mut result = Vec::new();
        let mut ids = Vec::new();
        for span in &item.spans {
            tally.wrote(span);
            if span.state == SpanState::Pending {
                let model = predicted.entry(model_of(span)).or_default();
                model.entry(span.key()).or_insert(span);
            } else {
                ids.push(format!("t{n}a{}r{}", a + 1, result.len() + 1));
                result.push(region(ids[ids.len() - 1].clone(), span));
            }
        }
        let Some(name) = item.annotator else {
            continue; // pre-annotations: predictions only
        };
        let choice_id = format!("t{n}a{}c", a + 1);
        relations_and_choices(item, &mut result, &ids, choice_id, tally);
        let mut annotation = json!({
            "id": annotations.len() + 1,
            "completed_by": {"email": format!("{name}@{EMAIL_HOST}")},
            "result": result,
            "was_cancelled": false,
            "ground_truth": false,
        });
        let updated = item.spans.iter().map(|s| s.updated).max();
        let when = updated.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        if let Some(when) = when {
            annotation["updated_at"] = Value::String(when);
        }
        annotations.push(annotation);
    }
    let predictions: Vec<Value> = predicted
        .into_iter()
        .enumerate()
        .map(|(p, (model, spans))| {
            let result: Vec<Value> = spans
                .values()
                .enumerate()
                .map(|(r, s)| region(format!("t{n}p{}r{}", p + 1, r + 1), s))
                .collect();
            json!({"model_version": model, "result": result})
        })
        .collect();
    let mut data = json!({"text": article.text, "id": article.id});
    if !article.title.is_empty() {
        data["title"] = Value::String(article.title.clone());
    }
    json!({
        "id": n,
        "data": data,
        "annotations": annotations,
        "predictions": predictions,
    })
}
