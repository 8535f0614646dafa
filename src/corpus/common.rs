//! Helpers every reader shares: decoding files, normalising text while keeping raw
//! offsets usable, default titles, and quoting input safely in messages.

use std::cell::OnceCell;
use std::path::Path;

use super::Problem;
use crate::text::{Normalized, normalize, sanitize};

/// Longest piece of input quoted in a message, in characters.
const QUOTE_CHARS: usize = 60;
/// Longest default title, in characters (a first line may be megabytes long).
const TITLE_CHARS: usize = 200;

/// Decodes a whole file for the line-oriented readers: empty, binary (NUL bytes) and
/// invalid UTF-8 files are problems naming the line.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    let line_of = |at: usize| 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(Problem::new(
            file,
            Some(line_of(nul)),
            "binary file (it contains NUL bytes), not text",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        Problem::new(
            file,
            Some(line),
            format!("not valid UTF-8 (byte {column} of the line); save the file as UTF-8"),
        )
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Problem::new(file, Some(1), "empty file"));
    }
    Ok(text)
}

/// Raw text as read, normalised (BOM dropped, CRLF/CR as LF), able to map offsets that
/// were counted on the raw text.
pub struct NormalisedText {
    text: String,
    normalized: Option<Normalized>,
    /// Length of the raw text in code points, counted only when a span needs it.
    raw_chars: OnceCell<usize>,
}

impl NormalisedText {
    pub fn new(raw: String) -> Self {
        // normalize drops a BOM only at the very start
        if raw.starts_with('\u{feff}') || memchr::memchr(b'\r', raw.as_bytes()).is_some() {
            let raw_chars = OnceCell::from(raw.chars().count());
            NormalisedText {
                text: String::new(),
                normalized: Some(normalize(&raw)),
                raw_chars,
            }
        } else {
            NormalisedText {
                text: raw,
                normalized: None,
                raw_chars: OnceCell::new(),
            }
        }
    }

    /// Maps a raw `[start, end)` onto the normalised text, or says why it cannot.
    pub fn place(&self, start: usize, end: usize) -> Result<(usize, usize), String> {
        if start >= end {
            return Err(format!("start {start} is not before end {end}"));
        }
        let raw_chars = *self.raw_chars.get_or_init(|| self.text.chars().count());
        if end > raw_chars {
            return Err(format!(
                "end {end} is past the end of the text ({raw_chars} characters)"
            ));
        }
        let Some(n) = &self.normalized else {
            return Ok((start, end));
        };
        let (s, e) = (n.map_offset(start), n.map_offset(end));
        if s >= e {
            return Err("covers only a BOM or carriage return, which reading drops".into());
        }
        Ok((s, e))
    }

    pub fn text(&self) -> &str {
        self.normalized.as_ref().map_or(&self.text, |n| &n.text)
    }

    pub fn into_text(self) -> String {
        match self.normalized {
            Some(n) => n.text,
            None => self.text,
        }
    }
}

/// The first non-empty line, trimmed and cut to a readable length.
pub fn default_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(TITLE_CHARS) {
        Some((b, _)) => format!("{}…", &line[..b]),
        None => line.to_string(),
    }
}

/// Input shown in a message: hostile characters made visible, at most a line's worth.
pub fn quote(s: &str) -> String {
    let cut = match s.char_indices().nth(QUOTE_CHARS) {
        Some((b, _)) => format!("{}…", &s[..b]),
        None => s.to_string(),
    };
    format!("«{}»", sanitize(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_harmless() {
        let long = "ж".repeat(10_000);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS + 3);
        assert_eq!(quote("a\u{1b}[2J"), "«a␛[2J»");
    }

    #[test]
    fn raw_offsets_map_past_bom_and_crlf() {
        let raw = NormalisedText::new("\u{feff}Бір\r\nЕкі".to_string());
        assert_eq!(raw.text(), "Бір\nЕкі");
        assert_eq!(raw.place(6, 9), Ok((4, 7)));
        assert!(raw.place(6, 10).unwrap_err().contains("past the end"));
        assert!(raw.place(4, 5).unwrap_err().contains("carriage return"));
        assert!(raw.place(3, 3).unwrap_err().contains("not before"));
    }

    #[test]
    fn decoding_names_the_line_of_the_fault() {
        let file = Path::new("x.txt");
        let p = decode(file, b"ok\nok\n\xffbad".to_vec()).unwrap_err();
        assert_eq!((p.line, p.message.contains("UTF-8")), (Some(3), true));
        let p = decode(file, b"a\nb\0c".to_vec()).unwrap_err();
        assert_eq!((p.line, p.message.contains("binary")), (Some(2), true));
        let p = decode(file, b"\xef\xbb\xbf \r\n".to_vec()).unwrap_err();
        assert_eq!(p.message, "empty file");
    }
}
