//! Property tests of the exporters on hostile text: Kazakh, emoji (with ZWJ and flags),
//! combining marks, no-break spaces, and text that had CRLF before normalisation.

use proptest::prelude::*;

use super::testing::{article, doc_with, item, span};
use super::tokens::is_separator;
use super::{FlatOptions, Format, Nested, Selection, Tally, brat, conll, jsonl, spacy};
use crate::annotation::{DocStatus, Span, SpanState};
use crate::corpus::Article;

const PIECES: &[&str] = &[
    "Атырау",
    "облысы",
    "әкімі",
    "Қанат",
    "Сүлейменов",
    "іс-қимыл",
    "өңір",
    "9",
    "000",
    "2,1%",
    " ",
    " ",
    "  ",
    "\u{a0}",
    "\u{202f}",
    "\t",
    "\r\n",
    "\n",
    "\r",
    ".",
    ",",
    "«",
    "»",
    "—",
    "😀",
    "👩\u{200d}💻",
    "🇰🇿",
    "e\u{301}",
    "\u{301}",
    "\u{200b}",
    "x",
    "Ж",
    "\u{1f}",
    "\u{feff}",
];

fn texts() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| {
        let raw: String = p.concat();
        crate::text::normalize(&raw).text
    })
}

fn raw_spans() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0usize..400, 1usize..25, 0usize..3), 0..8)
}

const LABELS: [&str; 3] = ["PERSON", "LOCATION", "STATISTIC"];

fn article_with(
    text: &str,
    raw: &[(usize, usize, usize)],
) -> (Article, crate::annotation::DocAnnotations) {
    let a = article("p", text);
    let len = text.chars().count();
    let spans: Vec<Span> = if len == 0 {
        vec![]
    } else {
        raw.iter()
            .map(|&(s, l, lab)| {
                let start = s % len;
                let end = (start + l).min(len);
                span(text, start, end, LABELS[lab], SpanState::Accepted)
            })
            .collect()
    };
    let doc = doc_with(&a, "p", DocStatus::Done, spans);
    (a, doc)
}

fn cut(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn jsonl_spans_cut_from_the_exported_text_equal_their_stored_text(text in texts(), raw in raw_spans()) {
        let (a, doc) = article_with(&text, &raw);
        let mut out = Vec::new();
        jsonl::write(&mut out, &item(&a, &doc), &mut Tally::default());
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let exported = v["text"].as_str().unwrap();
        let labels = v["label"].as_array().unwrap();
        prop_assert_eq!(labels.len(), doc.spans.len());
        for (l, s) in labels.iter().zip(&doc.spans) {
            let (start, end) = (l[0].as_u64().unwrap() as usize, l[1].as_u64().unwrap() as usize);
            prop_assert_eq!(cut(exported, start, end), s.text.clone());
        }
    }

    #[test]
    fn brat_fragments_cut_from_the_txt_equal_the_span_text(text in texts(), raw in raw_spans()) {
        let (a, doc) = article_with(&text, &raw);
        let mut ann = Vec::new();
        let mut tally = Tally::default();
        brat::write_ann(&mut ann, &item(&a, &doc), &mut tally).unwrap();
        let txt = String::from_utf8(a.text.as_bytes().to_vec()).unwrap();
        let ann = String::from_utf8(ann).unwrap();
        let t_lines: Vec<&str> = ann.lines().filter(|l| l.starts_with('T')).collect();
        let written: Vec<&Span> = doc.spans.iter().filter(|s| s.text.chars().any(|c| c != '\n')).collect();
        prop_assert_eq!(t_lines.len(), written.len());
        prop_assert_eq!(t_lines.len() + tally.skipped.values().sum::<usize>(), doc.spans.len());
        for (line, s) in t_lines.iter().zip(written) {
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            let ranges = fields[1].split_once(' ').unwrap().1;
            let mut pieces = vec![];
            for range in ranges.split(';') {
                let (a, b) = range.split_once(' ').unwrap();
                pieces.push(cut(&txt, a.parse().unwrap(), b.parse().unwrap()));
            }
            prop_assert_eq!(pieces.join(" "), fields[2]);
            let without_newlines: String = s.text.split('\n').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(fields[2], without_newlines);
        }
    }

    #[test]
    fn spacy_tokens_rebuild_the_text_and_spans_cover_exactly_their_characters(text in texts(), raw in raw_spans()) {
        let (a, doc) = article_with(&text, &raw);
        let mut out = Vec::new();
        spacy::write(&mut out, &item(&a, &doc), &mut Tally::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let tokens = v["tokens"].as_array().unwrap();
        let mut rebuilt = String::new();
        for (i, t) in tokens.iter().enumerate() {
            let tok = t["text"].as_str().unwrap();
            prop_assert_eq!(t["id"].as_u64(), Some(i as u64));
            let (s, e) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            prop_assert_eq!(cut(&text, s, e), tok);
            prop_assert_eq!(rebuilt.chars().count(), s);
            rebuilt.push_str(tok);
            if t["ws"].as_bool().unwrap() {
                rebuilt.push(' ');
            }
        }
        prop_assert_eq!(&rebuilt, &text);
        let spans = v["spans"].as_array().unwrap();
        prop_assert_eq!(spans.len(), doc.spans.len());
        for (sp, s) in spans.iter().zip(&doc.spans) {
            let first = &tokens[sp["token_start"].as_u64().unwrap() as usize];
            let last = &tokens[sp["token_end"].as_u64().unwrap() as usize];
            prop_assert_eq!(first["start"].as_u64(), Some(s.start as u64));
            prop_assert_eq!(last["end"].as_u64(), Some(s.end as u64));
        }
    }

    #[test]
    fn conll_loses_no_span_to_tokenisation(text in texts(), raw in raw_spans(), inner in any::<bool>()) {
        let (a, doc) = article_with(&text, &raw);
        let nested = if inner { Nested::Innermost } else { Nested::Outermost };
        let options = FlatOptions { docstart: false, nested };
        let mut out = Vec::new();
        let mut tally = Tally::default();
        conll::write(&mut out, &item(&a, &doc), options, &mut tally).unwrap();
        // the spans a flat format can hold, as the exporter chose them
        let eligible: Vec<&Span> = doc.spans.iter().filter(|s| !s.text.chars().all(is_separator)).collect();
        let kept = super::flatten(&eligible, nested, &mut Tally::default());
        let out = String::from_utf8(out).unwrap();
        let mut entities: Vec<(String, String)> = vec![];
        let mut all_tokens = String::new();
        let mut sentence_start = true;
        for line in out.lines() {
            if line.is_empty() {
                sentence_start = true;
                continue;
            }
            let (token, tag) = line.rsplit_once(' ').unwrap();
            // an entity never runs across a sentence break
            prop_assert!(!(sentence_start && tag.starts_with("I-")), "{}", out);
            sentence_start = false;
            prop_assert!(!token.is_empty() && !token.chars().any(is_separator), "{:?}", line);
            all_tokens.push_str(token);
            if let Some(label) = tag.strip_prefix("B-") {
                entities.push((label.to_string(), token.to_string()));
            } else if let Some(label) = tag.strip_prefix("I-") {
                let last = entities.last_mut().unwrap();
                prop_assert_eq!(&last.0, label);
                last.1.push_str(token);
            } else {
                prop_assert_eq!(tag, "O");
            }
        }
        let squeezed = |s: &str| s.chars().filter(|c| !is_separator(*c)).collect::<String>();
        prop_assert_eq!(all_tokens, squeezed(&text));
        let want: Vec<(String, String)> = kept.iter().map(|s| (s.label.clone(), squeezed(&s.text))).collect();
        prop_assert_eq!(entities, want);
        prop_assert_eq!(tally.spans() + tally.skipped.values().sum::<usize>(), doc.spans.len());
    }

    /// Pending documents made for the line formats leave out their spans' text; what they
    /// export must be what the documents with it (as `plan.items` makes them) export.
    #[test]
    fn pending_documents_without_span_texts_export_the_same_bytes(
        texts in prop::collection::vec(texts(), 1..4),
        raw in prop::collection::vec(raw_spans(), 4),
        inner in any::<bool>(),
    ) {
        let articles: Vec<Article> = texts
            .iter()
            .zip(&raw)
            .enumerate()
            .map(|(i, (text, raw))| {
                let len = text.chars().count();
                let spans: Vec<(usize, usize, &str)> = match len {
                    0 => vec![],
                    _ => raw
                        .iter()
                        .map(|&(s, l, lab)| (s % len, (s % len + l).min(len), LABELS[lab]))
                        .collect(),
                };
                crate::store::testing::with_imported(article(&format!("p{i}"), text), &spans)
            })
            .collect();
        let corpus = crate::corpus::Corpus { articles, problems: Vec::new() };
        let docs = std::collections::BTreeMap::new();
        let selection = Selection { include_pending: true, ..Selection::default() };
        let plan = super::plan(&corpus, &docs, &selection);
        let nested = if inner { Nested::Innermost } else { Nested::Outermost };
        let options = FlatOptions { docstart: true, nested };
        for format in [Format::Jsonl, Format::Conll, Format::Spacy] {
            let (mut lean, mut tally) = (Vec::new(), Tally::default());
            super::write_plan(&mut lean, format, &plan, &selection, options, &mut tally, &mut || {})
                .unwrap();
            let mut full_tally = Tally::default();
            let items = plan.items(&selection, &mut full_tally);
            let mut full = Vec::new();
            super::write_items(&mut full, format, &items, options, &mut full_tally, &mut || {})
                .unwrap();
            prop_assert_eq!(String::from_utf8(lean).unwrap(), String::from_utf8(full).unwrap());
            prop_assert_eq!(tally, full_tally);
        }
    }
}
