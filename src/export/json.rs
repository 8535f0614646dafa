//! JSON written straight into a byte buffer, byte for byte as serde_json writes it: the
//! line formats write 100,000s of article texts, and serde_json looks at each byte of a
//! string through a table, where here 32 bytes are checked at once.

/// Appends `s` as a JSON string: `"`, `\` and control characters escaped as serde_json
/// escapes them (`\n`, `\"`, `\u001b`...), everything else copied as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    // bytes before `copied` are written; bytes before `at` need no escape
    let (mut copied, mut at) = (0, 0);
    loop {
        let escape = match bytes.get(at..at + BLOCK) {
            Some(block) => first_escape(block.try_into().expect("a block")),
            None => {
                // the tail (most of a short string), padded with bytes that need no escape
                let mut block = [b'a'; BLOCK];
                block[..bytes.len() - at].copy_from_slice(&bytes[at..]);
                first_escape(&block)
            }
        }
        .map(|i| at + i);
        match escape {
            Some(i) => {
                out.extend_from_slice(&bytes[copied..i]);
                push_escape(out, bytes[i]);
                (copied, at) = (i + 1, i + 1);
            }
            None if at + BLOCK <= bytes.len() => at += BLOCK,
            None => break,
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Bytes checked at once: the compiler turns the check of a block into vector compares.
const BLOCK: usize = 32;

/// Where the first byte that needs an escape is in `block`, if anywhere.
#[inline(always)]
fn first_escape(block: &[u8; BLOCK]) -> Option<usize> {
    let mut stops = [0u8; BLOCK];
    for (stop, &b) in stops.iter_mut().zip(block) {
        *stop = u8::from(needs_escape(b)).wrapping_neg();
    }
    let (low, high) = stops.split_at(16);
    let half = |h: &[u8]| u128::from_le_bytes(h.try_into().expect("16 bytes"));
    match (half(low), half(high)) {
        (0, 0) => None,
        (0, high) => Some(16 + high.trailing_zeros() as usize / 8),
        (low, _) => Some(low.trailing_zeros() as usize / 8),
    }
}

/// `|`, not `||`: branches would keep the check of a block one byte at a time.
#[inline(always)]
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Appends `n` in decimal.
pub fn write_number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends serde_json's escape of `b` (one that [`needs_escape`]): its short form (`\n`,
/// `\"`...) or `\u00XX`.
fn push_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let (high, low) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
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
