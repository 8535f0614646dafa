//! Pre-annotation lists read straight into spans. A `serde_json::Value` per span costs a
//! map, its keys and numbers: at 500,000 spans that is most of the allocations of a load.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

use super::meta::Key;

/// One well-formed span as the input gives it, offsets still on the raw text.
#[derive(Debug, PartialEq, Eq)]
pub struct RawSpan {
    pub start: u64,
    pub end: u64,
    pub label: compact_str::CompactString,
}

/// The spans of a list whose every item is `[start, end, "LABEL"]` or an object with
/// `start`, `end` and `label` (other keys ignored); None for anything else, which the
/// caller reads item by item to say what is wrong.
pub fn parse(json: &str) -> Option<Vec<RawSpan>> {
    serde_json::from_str(json).ok()
}

impl<'de> Deserialize<'de> for RawSpan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawSpan, D::Error> {
        d.deserialize_any(RawSpanVisitor)
    }
}

struct RawSpanVisitor;

impl<'de> Visitor<'de> for RawSpanVisitor {
    type Value = RawSpan;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[start, end, \"LABEL\"] or {\"start\", \"end\", \"label\"}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSpan, A::Error> {
        let too_short = |n| de::Error::invalid_length(n, &RawSpanVisitor);
        let start = seq.next_element()?.ok_or_else(|| too_short(0))?;
        let end = seq.next_element()?.ok_or_else(|| too_short(1))?;
        let label = seq.next_element()?.ok_or_else(|| too_short(2))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(4, &self));
        }
        Ok(RawSpan { start, end, label })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawSpan, A::Error> {
        let (mut start, mut end, mut label) = (None, None, None);
        // as in a JSON value, the last of a repeated key wins
        while let Some(Key(key)) = map.next_key()? {
            match key.as_ref() {
                "start" => start = Some(map.next_value()?),
                "end" => end = Some(map.next_value()?),
                "label" => label = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (start, end, label) {
            (Some(start), Some(end), Some(label)) => Ok(RawSpan { start, end, label }),
            _ => Err(de::Error::missing_field("start, end or label")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u64, end: u64, label: &str) -> RawSpan {
        RawSpan {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn both_forms_read_with_extra_keys_ignored_and_the_last_key_winning() {
        let json = r#"[[0, 5, "PERSON"], {"label": "L\u00e9", "end": 9, "start": 7, "x": [1]},
                       {"start": 1, "start": 2, "end": 3, "label": "A"}]"#;
        let want = vec![span(0, 5, "PERSON"), span(7, 9, "Lé"), span(2, 3, "A")];
        assert_eq!(parse(json), Some(want));
        assert_eq!(parse("[]"), Some(vec![]));
    }

    #[test]
    fn anything_else_is_left_to_the_careful_reader() {
        for json in [
            r#"["sport"]"#,
            r#"[[0, 5]]"#,
            r#"[[0, 5, "A", "B"]]"#,
            r#"[[-1, 5, "A"]]"#,
            r#"[[0.0, 5, "A"]]"#,
            r#"[[0, 5, 7]]"#,
            r#"[{"start": 0, "label": "A"}]"#,
            r#"[{"start": 0, "end": 2, "label": "A", "end": "x"}]"#,
            r#"{"start": 0, "end": 2, "label": "A"}"#,
            r#""PERSON""#,
        ] {
            assert_eq!(parse(json), None, "{json}");
        }
    }
}
