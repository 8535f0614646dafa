//! JSON written straight into a byte buffer, byte for byte as serde_json writes it: the
//! line formats write 100,000s of article texts, and serde_json looks at each byte of a
//! string through a table, where here 32 bytes are checked at once.

/// Appends `s` as a JSON string: `"`, `\` and control characters escaped as serde_json
/// escapes them (`\n`, `\"`, `\u001b`...), everything else copied as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // skip 32 bytes at a time while none of them needs an escape
        while let Some(block) = bytes.get(at..at + BLOCK) {
            let block: &[u8; BLOCK] = block.try_into().unwrap_or(&[b'"'; BLOCK]);
            if block.iter().fold(false, |any, &b| any | needs_escape(b)) {
                break;
            }
            at += BLOCK;
        }
        for (i, &b) in bytes[at..bytes.len().min(at + BLOCK)].iter().enumerate() {
            if let Some(escape) = escape_of(b) {
                out.extend_from_slice(&bytes[copied..at + i]);
                push_escape(out, b, escape);
                copied = at + i + 1;
            }
        }
        at += BLOCK;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Bytes checked at once: the compiler turns the check of a block into vector compares.
const BLOCK: usize = 32;

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Appends `n` in decimal.
pub fn write_number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// serde_json's escape of one byte: the letter of its short form, `u` for `\u00XX`, or
/// `None` when the byte is written as it is.
fn escape_of(b: u8) -> Option<u8> {
    Some(match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0..=0x1f => b'u',
        _ => return None,
    })
}

fn push_escape(out: &mut Vec<u8>, b: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        let (high, low) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
        out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let text = "Қанат «Сүлейменов»\n\"дейді\"\t\\ \u{1b}[31m\u{7f}\u{0}😀";
        assert_eq!(written(text), serde_json::to_string(text).unwrap());
        assert_eq!(written(""), "\"\"");
        assert_eq!(
            written("\u{1b}"),
            "\"\\u001b\"",
            "an escape sequence never goes out raw"
        );
    }

    #[test]
    fn numbers_are_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 1234567890, usize::MAX] {
            out.clear();
            write_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(
            // runs of plain letters between the bytes that need escapes, at every alignment
            text in "([a-zа-яә «»😀]{0,9}[\"\\\\\\x00-\\x1f\\x7f]?){0,12}"
        ) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
