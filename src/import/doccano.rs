//! doccano's JSONL export, in both its forms: classic `"label": [[s, e, "L"]]` and the
//! newer `"entities": [{"id", "label", "start_offset", "end_offset"}]` with `"relations"`.
//! A classification project's `"label": ["sport", "politics"]` gives the document labels.
//! doccano writes one file per annotator (`admin.jsonl`): the file's name is the
//! annotator unless the line names one (`username`, or tanba's own `meta.annotator`,
//! whose null names nobody: `--annotator` does).
//! Its web interface counts offsets in UTF-16 code units (doccano issue #2290); tanba's
//! own export of this form counts code points, and says so by its `meta.annotator`
//! (a name, or null).
//! spaCy's `doc.to_json()` lines (`"ents"` and `"spans"` groups of `{start, end, label}`,
//! code points) are read here too; they name no annotator.

use serde_json::{Map, Value};
use std::path::Path;

use super::offsets::{Source, Unit};
use super::{Found, FoundSpan, Read, ReadOptions, Tool, id_of, json_lines};
use crate::annotation::SpanState;
use crate::corpus::Problem;

/// Whether JSON lines are spaCy's `doc.to_json()` (`ents`) or a Prodigy-shaped task without
/// answers (`spans` as a list, as tanba's spaCy export writes): no doccano field either way.
pub fn is_spacy(text: &str) -> bool {
    let Some((_, first)) = json_lines(text).next() else {
        return false;
    };
    match serde_json::from_str::<Value>(first) {
        Ok(Value::Object(o)) => {
            let spacy = o.contains_key("ents") || o.get("spans").is_some_and(Value::is_array);
            spacy && !o.contains_key("label") && !o.contains_key("entities")
        }
        _ => false,
    }
}

pub fn read(file: &Path, text: &str, options: ReadOptions, tool: Tool) -> Read {
    let mut out = Read::default();
    let stem = match tool {
        Tool::Doccano => file.file_stem().map(|s| s.to_string_lossy().into_owned()),
        _ => None,
    };
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
        match read_line(&object, options, tool, &mut out) {
            Ok((mut found, problems)) => {
                found.file = file.to_path_buf();
                found.line = line;
                // tanba's own line says who (null: nobody); its file's name is not a person
                if tanbas(&object).is_none() {
                    found.annotator = found.annotator.or_else(|| stem.clone());
                }
                out.problems.extend(problems.into_iter().map(problem));
                out.found.push(found);
            }
            Err(m) => out.problems.push(problem(m)),
        }
    }
    out
}

/// tanba's own export's `meta.annotator`: always written, null when the record has none.
fn tanbas(object: &Map<String, Value>) -> Option<&Value> {
    object
        .get("meta")
        .and_then(|m| m.get("annotator"))
        .filter(|a| a.is_string() || a.is_null())
}

/// One line: the document, and the problems of single spans (the rest still loads).
fn read_line(
    object: &Map<String, Value>,
    options: ReadOptions,
    tool: Tool,
    out: &mut Read,
) -> Result<(Found, Vec<String>), String> {
    let Some(raw) = object.get("text").and_then(Value::as_str) else {
        return Err("no \"text\" string: a doccano line holds its text".into());
    };
    let tanbas = tanbas(object);
    let annotator = tanbas
        .and_then(Value::as_str)
        .or_else(|| object.get("username").and_then(Value::as_str))
        .map(str::to_string);
    let unit = options.offsets.unwrap_or(match (tool, tanbas) {
        (Tool::Doccano, None) => Unit::Utf16,
        _ => Unit::CodePoints,
    });
    let source = Source::new(raw.to_string());
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    let classes = match tool {
        Tool::Doccano => classes(object, &mut problems),
        _ => None,
    };
    for (field, value) in span_fields(object, tool) {
        if field == "label" && classes.is_some() {
            continue;
        }
        let Some(items) = value.as_array() else {
            problems.push(format!("\"{field}\" is not an array"));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let placed = triple(item)
                .and_then(|(s, e, label)| {
                    let p = source.place(s, e, unit, None)?;
                    out.counts.converted += usize::from(p.converted);
                    Ok((p, label))
                })
                .map_err(|m| format!("\"{field}\" item {}: {m}", i + 1));
            match placed {
                Ok((p, label)) => spans.push(FoundSpan {
                    start: p.start,
                    end: p.end,
                    label,
                    state: SpanState::Accepted,
                    model: None,
                    kb: None,
                }),
                Err(m) => problems.push(m),
            }
        }
    }
    out.counts.relations += object
        .get("relations")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let found = Found {
        id: object.get("id").and_then(id_of),
        text: source.into_text(),
        pieces: None,
        annotator,
        tool,
        spans,
        doc_labels: doc_labels(object, classes, &mut problems),
        relations: Vec::new(),
        when: None,
        file: Default::default(),
        line: 0,
        record: None,
    };
    Ok((found, problems))
}

/// doccano's classification form, `"label": ["sport", "politics"]`: the document labels,
/// sorted, unique. `None` unless `label` is a non-empty list of strings only (a list that
/// mixes strings and spans is spans, each string a problem there); a blank one is a problem.
fn classes(object: &Map<String, Value>, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let items = object.get("label")?.as_array()?;
    if items.is_empty() || !items.iter().all(Value::is_string) {
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, label) in items.iter().filter_map(Value::as_str).enumerate() {
        if label.trim().is_empty() {
            problems.push(format!("\"label\" item {}: a blank document label", i + 1));
        } else {
            out.push(label.to_string());
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// A line's document labels: doccano's classes and `cats` scored 0.5 or more (tanba's own
/// jsonl export, spaCy's `doc.to_json()`), sorted, each once.
fn doc_labels(
    object: &Map<String, Value>,
    classes: Option<Vec<String>>,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let mut labels = classes.unwrap_or_default();
    if let Some(cats) = object.get("cats") {
        labels.extend(crate::corpus::cats(cats.clone(), problems));
    }
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// The arrays of spans a line holds, each with the name it is reported by.
fn span_fields(object: &Map<String, Value>, tool: Tool) -> Vec<(String, &Value)> {
    let mut fields: Vec<(String, &Value)> = match tool {
        Tool::Doccano => ["label", "entities"]
            .iter()
            .filter_map(|f| Some((f.to_string(), object.get(*f)?)))
            .collect(),
        _ => object
            .get("ents")
            .map(|v| ("ents".to_string(), v))
            .into_iter()
            .collect(),
    };
    match object.get("spans") {
        _ if tool == Tool::Doccano => {}
        Some(Value::Object(groups)) => {
            fields.extend(groups.iter().map(|(k, v)| (format!("spans.{k}"), v)));
        }
        Some(list @ Value::Array(_)) => fields.push(("spans".to_string(), list)),
        _ => {}
    }
    fields
}

/// `[s, e, "L"]` or `{"start_offset", "end_offset", "label"}` (also `start`/`end`).
fn triple(item: &Value) -> Result<(usize, usize, String), String> {
    let number = |v: Option<&Value>, what: &str| {
        v.and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or_else(|| format!("{what} is not a whole number"))
    };
    let label = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err("no label".to_string()),
    };
    match item {
        Value::Array(a) if a.len() == 3 => Ok((
            number(a.first(), "start")?,
            number(a.get(1), "end")?,
            label(a.get(2))?,
        )),
        Value::Object(o) => Ok((
            number(o.get("start_offset").or(o.get("start")), "start_offset")?,
            number(o.get("end_offset").or(o.get("end")), "end_offset")?,
            label(o.get("label"))?,
        )),
        Value::String(s) => Err(format!(
            "{s:?} is a document label among spans: a list holds document labels or spans, \
             not both"
        )),
        _ => Err("neither [start, end, \"LABEL\"] nor an object with start_offset".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(name: &str, text: &str) -> Read {
        read(Path::new(name), text, ReadOptions::default(), Tool::Doccano)
    }

    #[test]
    fn both_forms_are_read_and_the_file_names_the_annotator() {
        let text = concat!(
            r#"{"id": 7, "text": "Қанат Астанада 😀 тұрады, Алматыда емес.", "label": [[0, 5, "PER"], [6, 14, "LOC"], [26, 34, "LOC"]], "Comments": []}"#,
            "\r\n",
            r#"{"id": 8, "text": "Бота Сүлейменова", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 16}], "relations": [{"id": 1, "from_id": 1, "to_id": 1, "type": "self"}]}"#,
            "\n"
        );
        let read = read_str("export/admin.jsonl", text);
        assert_eq!(read.problems, vec![]);
        let first = &read.found[0];
        assert_eq!(first.annotator.as_deref(), Some("admin"));
        assert_eq!(first.id.as_deref(), Some("7"));
        // Алматыда is 25..33 in code points; doccano counted the emoji as two units
        let spans: Vec<_> = first.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, [(0, 5), (6, 14), (25, 33)]);
        assert_eq!(
            crate::text::slice_chars(&first.text, 25, 33),
            Some("Алматыда")
        );
        assert_eq!(read.found[1].spans[0].label, "PER");
        assert_eq!(read.found[1].line, 2);
        assert_eq!((read.counts.relations, read.counts.converted), (1, 1));
    }

    #[test]
    fn tanbas_own_export_counts_code_points() {
        let line =
            r#"{"id":"a","text":"😀 Алматы","label":[[2,8,"LOC"]],"meta":{"annotator":"dana"}}"#;
        let read = read_str("out.jsonl", line);
        assert_eq!(read.found[0].annotator.as_deref(), Some("dana"));
        assert_eq!(
            (read.found[0].spans[0].start, read.counts.converted),
            (2, 0)
        );
    }

    #[test]
    fn tanbas_own_export_counts_code_points_with_a_null_annotator_too() {
        let line = r#"{"id":"a","text":"😀 Алматы","label":[[2,8,"LOC"]],"meta":{"annotator":null,"status":"done"}}"#;
        let read = read_str("out.jsonl", line);
        // nobody's pre-annotations: --annotator names who takes them, not the file's name
        assert_eq!(read.found[0].annotator, None);
        assert_eq!(
            (read.found[0].spans[0].start, read.counts.converted),
            (2, 0)
        );
    }

    #[test]
    fn cats_give_document_labels_beside_doccano_classes_and_spacy_ents() {
        // tanba's own jsonl export writes cats; spaCy's doc.to_json() too (scores < 0.5: no)
        let ours = r#"{"id":"a","text":"Алматы","label":[[0,6,"LOC"]],"cats":{"REGIONS":1.0,"SPORT":0.2},"meta":{"annotator":"dana"}}"#;
        let got = read_str("out.jsonl", ours);
        assert_eq!(got.problems, vec![]);
        assert_eq!(got.found[0].doc_labels, ["REGIONS"]);
        assert_eq!(got.found[0].spans.len(), 1);
        let both =
            r#"{"text":"Алматы","label":["SPORT","REGIONS"],"cats":{"REGIONS":1.0,"ECONOMY":0.9}}"#;
        let got = read_str("admin.jsonl", both);
        assert_eq!(got.found[0].doc_labels, ["ECONOMY", "REGIONS", "SPORT"]);
        let spacy =
            r#"{"text":"Алматы","ents":[{"start":0,"end":6,"label":"LOC"}],"cats":{"CITY":1.0}}"#;
        let got = read(
            Path::new("d.jsonl"),
            spacy,
            ReadOptions::default(),
            Tool::Spacy,
        );
        assert_eq!(got.found[0].doc_labels, ["CITY"]);
        let bad = read_str("a.jsonl", r#"{"text":"Алматы","cats":["CITY"]}"#);
        assert_eq!(
            bad.problems[0].to_string(),
            "a.jsonl:1: \"cats\" must be an object of label: score, found «[\"CITY\"]»"
        );
    }

    #[test]
    fn bad_lines_and_bad_spans_are_problems_with_their_line() {
        let text =
            "{\"text\": \"ok\", \"label\": [[0, 9, \"X\"], [1, 2]]}\n{oops\n[1]\n{\"label\": []}\n";
        let read = read_str("a.jsonl", text);
        let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 5, "{said:?}");
        assert!(said[0].starts_with("a.jsonl:1: \"label\" item 1: end 9 is past the end"));
        assert!(said[1].contains("item 2: neither"));
        assert!(said[2].starts_with("a.jsonl:2: not JSON"));
        assert_eq!(said[3], "a.jsonl:3: not a JSON object");
        assert!(said[4].starts_with("a.jsonl:4: no \"text\""));
        assert_eq!(read.found.len(), 1);
    }

    #[test]
    fn spacy_json_lines_give_ents_and_span_groups_in_code_points() {
        let line = r#"{"text":"😀 Алматы, Қазақстан","ents":[{"start":2,"end":8,"label":"LOC"}],"spans":{"sc":[{"start":10,"end":19,"label":"GPE","kb_id":""}]},"tokens":[]}"#;
        assert!(is_spacy(line));
        assert!(!is_spacy(r#"{"text":"a","label":[],"ents":[]}"#));
        let read = read(
            Path::new("docs.jsonl"),
            line,
            ReadOptions::default(),
            Tool::Spacy,
        );
        assert_eq!(read.problems, vec![]);
        let f = &read.found[0];
        assert_eq!((f.annotator.as_deref(), f.tool), (None, Tool::Spacy));
        let spans: Vec<_> = f
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(spans, [(2, 8, "LOC"), (10, 19, "GPE")]);
    }

    #[test]
    fn a_classification_list_gives_the_document_labels_beside_the_entities() {
        let text = concat!(
            r#"{"id": 1, "text": "Қанат", "label": ["sport", "politics", "sport"]}"#,
            "\n",
            r#"{"id": 2, "text": "Қанат", "label": ["sport"], "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 5}]}"#,
            "\n",
            r#"{"id": 3, "text": "Қанат", "label": []}"#,
            "\n",
        );
        let read = read_str("admin.jsonl", text);
        assert_eq!(read.problems, vec![]);
        let labels: Vec<&[String]> = read.found.iter().map(|f| &f.doc_labels[..]).collect();
        assert_eq!(labels, [&["politics", "sport"][..], &["sport"], &[]]);
        let spans: Vec<usize> = read.found.iter().map(|f| f.spans.len()).collect();
        assert_eq!(spans, [0, 1, 0]);
    }

    #[test]
    fn a_mixed_or_blank_label_list_is_a_problem_at_its_line() {
        let text = concat!(
            r#"{"text": "Қанат", "label": ["sport", [0, 5, "PER"]]}"#,
            "\n",
            r#"{"text": "Қанат", "label": ["sport", " "]}"#,
            "\n",
        );
        let read = read_str("a.jsonl", text);
        let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "a.jsonl:1: \"label\" item 1: \"sport\" is a document label among spans: \
                 a list holds document labels or spans, not both",
                "a.jsonl:2: \"label\" item 2: a blank document label",
            ]
        );
        assert_eq!(
            (read.found[0].spans.len(), read.found[0].doc_labels.len()),
            (1, 0)
        );
        assert_eq!(read.found[1].doc_labels, ["sport"]);
    }
}
