//! Offsets as tools count them, placed in code points of the normalised text. JavaScript
//! tools (doccano, Label Studio's older versions) and Java ones (INCEpTION's UIMA CAS)
//! count UTF-16 code units, which differ from code points after a character outside the
//! Basic Multilingual Plane (an emoji); tanba counts code points, as Python slices.

use crate::corpus::NormalisedText;

/// The unit a tool counts offsets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    CodePoints,
    Utf16,
}

impl Unit {
    fn other(self) -> Unit {
        match self {
            Unit::CodePoints => Unit::Utf16,
            Unit::Utf16 => Unit::CodePoints,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::CodePoints => "code points",
            Unit::Utf16 => "UTF-16 code units",
        }
    }
}

/// Where a text's characters outside the BMP are, to turn UTF-16 offsets into code points.
#[derive(Debug, Clone, Default)]
pub struct Utf16Map {
    /// The UTF-16 offset of each such character, ascending.
    astral: Vec<usize>,
    /// Length of the text in UTF-16 code units.
    len: usize,
}

impl Utf16Map {
    pub fn new(text: &str) -> Self {
        let mut astral = Vec::new();
        let mut at = 0;
        for c in text.chars() {
            if c.len_utf16() == 2 {
                astral.push(at);
            }
            at += c.len_utf16();
        }
        Utf16Map { astral, len: at }
    }

    /// True when UTF-16 offsets and code points are the same on this text.
    pub fn is_plain(&self) -> bool {
        self.astral.is_empty()
    }

    /// The code point at UTF-16 offset `u`; `None` inside a surrogate pair or past the end.
    pub fn to_code_point(&self, u: usize) -> Option<usize> {
        if u > self.len {
            return None;
        }
        let before = self.astral.partition_point(|&a| a < u);
        if before > 0 && self.astral[before - 1] + 1 == u {
            return None;
        }
        Some(u - before)
    }
}

/// A text as a tool wrote it, ready to place the tool's offsets on the normalised text.
pub struct Source {
    text: NormalisedText,
    utf16: Utf16Map,
}

/// A span placed: code points of the normalised text, and whether UTF-16 was converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub converted: bool,
}

impl Source {
    pub fn new(raw: String) -> Self {
        let utf16 = Utf16Map::new(&raw);
        Source {
            text: NormalisedText::new(raw),
            utf16,
        }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        self.text.text()
    }

    pub fn into_text(self) -> String {
        self.text.into_text()
    }

    /// Places `[start, end)`, counted in `unit` on the raw text. When the tool wrote the
    /// covered text (`expect`), the other unit is tried if `unit` does not cover it: what
    /// the span covers decides, never a guess.
    pub fn place(
        &self,
        start: usize,
        end: usize,
        unit: Unit,
        expect: Option<&str>,
    ) -> Result<Placed, String> {
        let first = self.place_in(start, end, unit);
        let Some(expect) = expect else {
            return first;
        };
        let expect = expect.replace("\r\n", "\n").replace('\r', "\n");
        let covers = |p: &Placed| {
            crate::text::slice_chars(self.text(), p.start, p.end) == Some(expect.as_str())
        };
        if let Ok(p) = &first
            && covers(p)
        {
            return first;
        }
        if !self.utf16.is_plain()
            && let Ok(p) = self.place_in(start, end, unit.other())
            && covers(&p)
        {
            return Ok(p);
        }
        let p = first?;
        let covered = crate::text::slice_chars(self.text(), p.start, p.end).unwrap_or("");
        Err(format!(
            "offsets {start}..{end} cover {}, not {} as the file says",
            crate::corpus::quote(covered),
            crate::corpus::quote(&expect)
        ))
    }

    fn place_in(&self, start: usize, end: usize, unit: Unit) -> Result<Placed, String> {
        let (s, e, converted) = match unit {
            Unit::CodePoints => (start, end, false),
            Unit::Utf16 if self.utf16.is_plain() => (start, end, false),
            Unit::Utf16 => {
                let cp = |u: usize| {
                    self.utf16.to_code_point(u).ok_or_else(|| {
                        if u > self.utf16.len {
                            format!(
                                "offset {u} is past the end of the text ({} UTF-16 code units)",
                                self.utf16.len
                            )
                        } else {
                            format!("offset {u} falls inside a character (UTF-16 surrogate pair)")
                        }
                    })
                };
                let (s, e) = (cp(start)?, cp(end)?);
                (s, e, (s, e) != (start, end))
            }
        };
        let (start, end) = self.text.place(s, e)?;
        Ok(Placed {
            start,
            end,
            converted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_become_code_points_after_an_emoji() {
        // "😀 Астана": the emoji is two UTF-16 units, one code point
        let map = Utf16Map::new("😀 Астана");
        assert_eq!(map.to_code_point(3), Some(2));
        assert_eq!(map.to_code_point(9), Some(8));
        assert_eq!(map.to_code_point(1), None);
        assert_eq!(map.to_code_point(10), None);
        assert!(Utf16Map::new("Қазақстан").is_plain());
    }

    #[test]
    fn the_covered_text_decides_the_unit() {
        let src = Source::new("😀 Астана 🇰🇿 Алматы".to_string());
        // code points: Алматы is 12..18; UTF-16 (three astral characters before it): 15..21
        let cp = src.place(12, 18, Unit::Utf16, Some("Алматы")).unwrap();
        assert_eq!((cp.start, cp.end, cp.converted), (12, 18, false));
        let u = src.place(15, 21, Unit::CodePoints, Some("Алматы")).unwrap();
        assert_eq!((u.start, u.end, u.converted), (12, 18, true));
        let u = src.place(15, 21, Unit::Utf16, None).unwrap();
        assert_eq!((u.start, u.end), (12, 18));
        let err = src
            .place(0, 3, Unit::CodePoints, Some("Астана"))
            .unwrap_err();
        assert!(err.contains("cover «😀 А»"), "{err}");
        assert!(
            src.place(1, 3, Unit::Utf16, None)
                .unwrap_err()
                .contains("inside")
        );
    }

    #[test]
    fn offsets_counted_over_crlf_land_on_the_normalised_text() {
        let src = Source::new("Бір\r\n😀 Екі".to_string());
        assert_eq!(src.text(), "Бір\n😀 Екі");
        let p = src.place(8, 11, Unit::Utf16, Some("Екі")).unwrap();
        assert_eq!((p.start, p.end), (6, 9));
    }

    proptest::proptest! {
        #[test]
        fn utf16_offsets_map_as_encoding_says(text in "[a-zа-я😀🇰 ]{0,30}") {
            let map = Utf16Map::new(&text);
            let mut unit = 0;
            for (cp, c) in text.chars().enumerate() {
                proptest::prop_assert_eq!(map.to_code_point(unit), Some(cp));
                if c.len_utf16() == 2 {
                    proptest::prop_assert_eq!(map.to_code_point(unit + 1), None);
                }
                unit += c.len_utf16();
            }
            proptest::prop_assert_eq!(map.to_code_point(unit), Some(text.chars().count()));
            proptest::prop_assert_eq!(map.to_code_point(unit + 1), None);
        }
    }
}
