//! The index's reading of a JSON lines corpus (`Detail::Text`): each line's id, title and
//! text, the text unescaped in one pass, the rest checked as JSON as the full reading
//! checks it and skipped, so a line loads, or fails with the same error, as it does there.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::path::Path;

use super::{SPAN_FIELDS, parse_object, take_id, take_text, take_title};
use crate::corpus::common::NormalisedText;
use crate::corpus::meta::Key;
use crate::corpus::{Article, Problem, SourceRef};

/// `parse_line` for `Detail::Text`: the id, title and text alone, the rest of the object
/// checked as JSON and skipped. A line loads or fails exactly as `parse_line` has it.
pub(super) fn parse_text_line(
    file: &Path,
    rel: &str,
    line_no: usize,
    line: &[u8],
) -> Result<(Article, Vec<String>), Problem> {
    let problem = |message: String| Problem::new(file, Some(line_no), message);
    let fields = text_fields(line).map_err(problem)?;
    let raw = take_text(fields.text).map_err(problem)?;
    let mut id_problems = Vec::new();
    let id = take_id(fields.id, rel, line_no, &mut id_problems).map_err(problem)?;
    let text = NormalisedText::new(raw).into_text();
    let title = take_title(fields.title, &text).map_err(problem)?;
    let article = Article::bare(id, title, text, SourceRef::new(file, line_no));
    Ok((article, id_problems))
}

/// The fields of `line` for `Detail::Text`, the text unescaped here; a line this cannot
/// read so (the text not a string, a lone surrogate, bad JSON) is parsed again with the
/// text as a `Value`, as `Fields` holds it, so that it loads, or fails with the same
/// error, as in a full reading.
fn text_fields(line: &[u8]) -> Result<TextFields<Value>, String> {
    let fast = parse_object::<TextFields<&RawValue>>(line)
        .ok()
        .and_then(|f| {
            let text = match f.text {
                Some(raw) => Some(Value::String(unescape(raw.get())?)),
                None => None,
            };
            Some(TextFields {
                text,
                id: f.id,
                title: f.title,
            })
        });
    fast.map_or_else(|| parse_object(line), Ok)
}

/// The string a JSON string literal (`raw`, quotes and escapes as written, checked as
/// JSON) holds, unescaped in one pass into one allocation: serde_json grows a scratch
/// buffer for it a line at a time, then copies it. `None` for any other value, or for a
/// lone surrogate (`\ud800`), which is no char.
fn unescape(raw: &str) -> Option<String> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let escape = rest.as_bytes().get(at + 1)?;
        rest = &rest[at + 2..];
        let c = match escape {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'u' => {
                let (c, after) = unicode_escape(rest)?;
                rest = after;
                c
            }
            _ => return None,
        };
        out.push(c);
    }
    out.push_str(rest);
    Some(out)
}

/// The char of the `\u` escape whose 4 hex digits start `rest` (a surrogate pair takes a
/// second escape), and what follows it.
fn unicode_escape(rest: &str) -> Option<(char, &str)> {
    let hex = |s: &str| u32::from_str_radix(s.get(..4)?, 16).ok();
    let first = hex(rest)?;
    match first {
        0xd800..=0xdbff => {
            let low = rest.get(4..)?.strip_prefix("\\u")?;
            let second = hex(low).filter(|c| (0xdc00..=0xdfff).contains(c))?;
            let c = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
            Some((char::from_u32(c)?, &low[4..]))
        }
        _ => Some((char::from_u32(first)?, &rest[4..])),
    }
}

/// The fields `Detail::Text` reads, the text as `T` (its JSON as written, or a `Value`);
/// the last of a key wins, as in `Fields`.
struct TextFields<T> {
    text: Option<T>,
    id: Option<Value>,
    title: Option<Value>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TextFields<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TextFieldsVisitor(std::marker::PhantomData))
    }
}

struct TextFieldsVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for TextFieldsVisitor<T> {
    type Value = TextFields<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextFields<T>, A::Error> {
        let mut fields = TextFields {
            text: None,
            id: None,
            title: None,
        };
        while let Some(Key(key)) = map.next_key()? {
            let slot = match key.as_ref() {
                "text" => {
                    fields.text = Some(map.next_value()?);
                    continue;
                }
                "id" => &mut fields.id,
                "title" => &mut fields.title,
                // as `Fields` reads them: pre-annotations unparsed, the rest as a `Value`
                _ if SPAN_FIELDS.contains(&key.as_ref()) => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                _ => {
                    map.next_value::<Checked>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(fields)
    }
}

/// Any JSON value, checked as reading it into a `Value` checks it (a lone surrogate
/// escape, a number out of range are errors; `IgnoredAny` lets both by) but not kept.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as JSON with every char past ASCII as `\u` escapes, as Python's `json.dumps` writes.
    fn ascii_json(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                ' '..='~' => out.push(c),
                c => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        #[test]
        fn unescaping_gives_the_string_serde_json_reads(text in "\\PC*|[\\x00-\\x7f]*") {
            for json in [serde_json::to_string(&text).unwrap(), ascii_json(&text)] {
                let read: String = serde_json::from_str(&json).unwrap();
                proptest::prop_assert_eq!(&read, &text);
                proptest::prop_assert_eq!(unescape(&json), Some(text.clone()), "{}", json);
            }
        }
    }

    #[test]
    fn unescaping_leaves_lone_surrogates_and_other_values_to_serde_json() {
        for raw in [
            r#""\ud800""#,
            r#""a\udc00b""#,
            r#""\ud800\u0041""#,
            "12",
            "null",
            "[]",
        ] {
            assert_eq!(unescape(raw), None, "{raw}");
        }
        assert_eq!(
            unescape(r#""\ud83d\ude00 \u00e9\n""#).as_deref(),
            Some("😀 é\n")
        );
    }
}
