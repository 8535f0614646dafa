//! doccano JSONL: one line per item,
//! `{"id", "text", "label": [[start, end, "LABEL"], ...], "meta": {...}}`,
//! offsets in code points. Overlapping spans are kept (doccano can show them).

use serde::Serialize;
use std::io::{self, Write};

use super::{Item, Meta, Tally};

#[derive(Serialize)]
struct Line<'a, 'b> {
    id: &'a str,
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    meta: Meta<'a, 'b>,
}

pub fn write<W: Write>(w: &mut W, item: &Item, tally: &mut Tally) -> io::Result<()> {
    let line = Line {
        id: &item.article.id,
        text: &item.article.text,
        label: item
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect(),
        meta: Meta(item),
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")?;
    tally.wrote_record(&item.spans);
    Ok(())
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
        write(&mut out, &item(&a, &doc), &mut tally).unwrap();
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
}
