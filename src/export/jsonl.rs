//! doccano JSONL: one line per item,
//! `{"id", "text", "label": [[start, end, "LABEL"], ...], "meta": {...}}`,
//! offsets in code points. Overlapping spans are kept (doccano can show them). With
//! relations or knowledge-base links, also `"entities"` (each with its `"kb"` id when
//! linked) and `"relations"`; with document labels, spaCy's `"cats"`.

use super::{Item, Meta, Tally, json, written_relations};

/// Appends the item's line: written by hand rather than through serde, since the texts
/// are most of a big export and `json::write_str` escapes them several times faster.
pub fn write(out: &mut Vec<u8>, item: &Item, tally: &mut Tally) {
    out.extend_from_slice(b"{\"id\":");
    json::write_str(out, &item.article.id);
    out.extend_from_slice(b",\"text\":");
    json::write_str(out, &item.article.text);
    out.extend_from_slice(b",\"label\":[");
    for (i, span) in item.spans.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"[" } else { b",[" });
        json::write_number(out, span.start);
        out.push(b',');
        json::write_number(out, span.end);
        out.push(b',');
        json::write_str(out, &span.label);
        out.push(b']');
    }
    out.push(b']');
    if !item.doc.relations.is_empty() || item.spans.iter().any(|s| s.link().is_some()) {
        write_relations(out, item, tally);
    }
    if !item.doc.doc_labels.is_empty() {
        out.extend_from_slice(b",\"cats\":{");
        for (i, label) in item.doc.doc_labels.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::write_str(out, label);
            out.extend_from_slice(b":1.0");
        }
        out.push(b'}');
    }
    out.extend_from_slice(b",\"meta\":");
    Meta(item).write(out);
    out.extend_from_slice(b"}\n");
    tally.wrote_record(&item.spans);
}

/// doccano's relation form beside `label`: `"entities"` with ids (the spans, 1-based in
/// order) and `"relations": [{"id", "from_id", "to_id", "type"}]`.
fn write_relations(out: &mut Vec<u8>, item: &Item, tally: &mut Tally) {
    out.extend_from_slice(b",\"entities\":[");
    for (i, span) in item.spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"id\":");
        json::write_number(out, i + 1);
        out.extend_from_slice(b",\"label\":");
        json::write_str(out, &span.label);
        out.extend_from_slice(b",\"start_offset\":");
        json::write_number(out, span.start);
        out.extend_from_slice(b",\"end_offset\":");
        json::write_number(out, span.end);
        if let Some(kb) = span.link() {
            out.extend_from_slice(b",\"kb\":");
            json::write_str(out, kb);
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"relations\":[");
    for (i, (r, a, b)) in written_relations(item, &item.spans, tally)
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"id\":");
        json::write_number(out, i + 1);
        out.extend_from_slice(b",\"from_id\":");
        json::write_number(out, a + 1);
        out.extend_from_slice(b",\"to_id\":");
        json::write_number(out, b + 1);
        out.extend_from_slice(b",\"type\":");
        json::write_str(out, &r.label);
        out.push(b'}');
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, item, span};

    #[test]
    fn writes_one_doccano_line_with_code_point_offsets() {
        let mut a = article("news/1", "😀 Қанат Сүлейменов\n\"дейді\"");
        a.meta
            .insert("url".into(), serde_json::json!("https://example.kz/1"));
        a.meta.insert("status".into(), serde_json::json!("stale"));
        // what the JSONL reader keeps of one of our own exports: its meta, nested
        a.meta.insert(
            "meta".into(),
            serde_json::json!({"annotator": "dana", "source": "kaz.news", "url": "old"}),
        );
        let spans = vec![span(&a.text, 2, 18, "PERSON", SpanState::Accepted)];
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let mut out = Vec::new();
        let mut tally = Tally::default();
        write(&mut out, &item(&a, &doc), &mut tally);
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line,
            "{\"id\":\"news/1\",\"text\":\"😀 Қанат Сүлейменов\\n\\\"дейді\\\"\",\
             \"label\":[[2,18,\"PERSON\"]],\"meta\":{\"annotator\":\"aigerim\",\
             \"source\":\"kaz.news\",\"status\":\"done\",\"title\":\"😀 Қанат Сүлейменов\",\
             \"url\":\"https://example.kz/1\"}}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        let text: Vec<char> = back["text"].as_str().unwrap().chars().collect();
        let cut: String = text[2..18].iter().collect();
        assert_eq!(cut, "Қанат Сүлейменов");
        assert_eq!(tally.spans_per_label["PERSON"], 1);
    }

    /// The line as serde_json writes it, for the property below.
    #[derive(serde::Serialize)]
    struct Line<'a, 'b> {
        id: &'a str,
        text: &'a str,
        label: Vec<(usize, usize, &'a str)>,
        meta: Meta<'a, 'b>,
    }

    proptest::proptest! {
        #[test]
        fn the_line_is_what_serde_json_writes(
            id in "\\PC{1,8}",
            text in "[а-яa-z \n\"\\\\\t\x1b😀]{1,40}",
            labels in proptest::collection::vec("\\PC{1,6}", 0..4),
            fields in proptest::collection::btree_map(
                "(title|url|meta|annotator|\\PC{1,5})",
                "\\PC{0,6}",
                0..4,
            ),
            nested in proptest::option::of(proptest::collection::btree_map("\\PC{1,4}", 0..9i64, 0..3)),
        ) {
            let mut a = article(&id, &text);
            for (k, v) in fields {
                a.meta.insert(k, v.into());
            }
            if let Some(nested) = nested {
                a.meta.insert("meta".into(), serde_json::json!(nested));
            }
            let len = text.chars().count();
            let spans = labels
                .iter()
                .enumerate()
                .map(|(i, l)| span(&a.text, i % len, len, l, SpanState::Accepted))
                .collect();
            let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
            let it = item(&a, &doc);
            let mut out = Vec::new();
            write(&mut out, &it, &mut Tally::default());
            let line = Line {
                id: &a.id,
                text: &a.text,
                label: it.spans.iter().map(|s| (s.start, s.end, s.label.as_str())).collect(),
                meta: Meta(&it),
            };
            let expected = serde_json::to_string(&line).unwrap() + "\n";
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
