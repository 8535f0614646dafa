//! Property: pre-annotation offsets counted on a raw text with a BOM and CRLF line ends
//! still cover the same characters after reading, in every format that carries offsets.

use proptest::prelude::*;
use std::path::Path;
use tanba::corpus::load;
use tanba::text::slice_chars;

/// Words with the characters that break naive offset code: NBSP, «», emoji, combining marks.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[а-яәғқңөұүһі]{1,8}",
        "[A-Za-z]{1,6}",
        Just("9\u{a0}000".to_string()),
        Just("«Дәстүр»".to_string()),
        Just("😀".to_string()),
        Just("Ке\u{301}рім".to_string()),
        Just("2,1%".to_string()),
    ]
}

/// A raw text of words; the separator after each word is a space, LF or CRLF.
fn raw_text() -> impl Strategy<Value = (bool, Vec<(String, u8)>)> {
    (
        any::<bool>(),
        prop::collection::vec((word(), 0u8..3), 1..30),
    )
}

struct Built {
    raw: String,
    /// `[start, end)` in code points of the raw text, whole words.
    spans: Vec<(usize, usize)>,
}

fn build(bom: bool, words: &[(String, u8)], picks: &[(usize, usize)]) -> Built {
    let mut raw = String::new();
    if bom {
        raw.push('\u{feff}');
    }
    let mut bounds = Vec::new();
    let mut chars = raw.chars().count();
    for (w, sep) in words {
        let start = chars;
        raw.push_str(w);
        chars += w.chars().count();
        bounds.push((start, chars));
        let sep = ["\u{20}", "\n", "\r\n"][*sep as usize];
        raw.push_str(sep);
        chars += sep.chars().count();
    }
    let spans = picks
        .iter()
        .map(|&(a, len)| {
            let first = a % bounds.len();
            let last = (first + len).min(bounds.len() - 1);
            (bounds[first].0, bounds[last].1)
        })
        .collect();
    Built { raw, spans }
}

fn normalised(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

fn covered(raw: &str, (s, e): (usize, usize)) -> String {
    normalised(slice_chars(raw, s, e).unwrap())
}

fn check(dir: &Path, built: &Built) -> Result<(), TestCaseError> {
    let corpus = load(&[dir.to_path_buf()]);
    prop_assert_eq!(&corpus.problems, &vec![]);
    let mut want: Vec<String> = built
        .spans
        .iter()
        .map(|&s| covered(&built.raw, s))
        .collect();
    want.sort();
    want.dedup();
    for article in &corpus.articles {
        prop_assert_eq!(&article.text, &normalised(&built.raw));
        let mut got: Vec<String> = article
            .imported
            .iter()
            .map(|s| {
                slice_chars(&article.text, s.start, s.end)
                    .unwrap()
                    .to_string()
            })
            .collect();
        got.sort();
        got.dedup();
        prop_assert_eq!(&got, &want, "in {}", article.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn jsonl_and_brat_offsets_survive_bom_and_crlf(
        (bom, words) in raw_text(),
        picks in prop::collection::vec((0usize..30, 0usize..3), 1..6),
    ) {
        let built = build(bom, &words, &picks);
        let dir = tempfile::tempdir().unwrap();
        let label: Vec<(usize, usize, &str)> = built.spans.iter().map(|&(s, e)| (s, e, "X")).collect();
        let line = serde_json::json!({"id": "j", "text": built.raw, "label": label});
        std::fs::write(dir.path().join("a.jsonl"), format!("{line}\r\n")).unwrap();
        let ann: String = built
            .spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| format!("T{}\tX {s} {e}\t{}\n", i + 1, slice_chars(&built.raw, s, e).unwrap()))
            .filter(|line| !line.contains('\r') && line.matches('\n').count() == 1)
            .collect();
        // brat's text column is one line, so multi-line spans are left to the JSONL file
        let brat_spans: Vec<(usize, usize)> = built
            .spans
            .iter()
            .copied()
            .filter(|&(s, e)| !slice_chars(&built.raw, s, e).unwrap().contains('\n'))
            .collect();
        check(dir.path(), &built)?;
        if !brat_spans.is_empty() {
            let brat_dir = tempfile::tempdir().unwrap();
            std::fs::write(brat_dir.path().join("b.txt"), &built.raw).unwrap();
            std::fs::write(brat_dir.path().join("b.ann"), ann).unwrap();
            let brat = Built { raw: built.raw.clone(), spans: brat_spans };
            check(brat_dir.path(), &brat)?;
        }
    }
}
