//! [`super::for_each_piece`]'s fast path: the pieces of a line made only of the
//! characters `crate::wordbreak` knows (ASCII, Cyrillic, common news punctuation, no-break
//! spaces), found in one pass over its bytes with the UAX #29 rules those characters meet.
//! The property tests in `tokens` hold it to the general path, [`super::pieces`].

/// What the scan needs to know of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A letter, digit or `_`: these always join each other (WB5, WB8 to WB13b).
    Word,
    /// `:` (MidLetter), joining two letters.
    MidLetter,
    /// `,` `;` (MidNum), joining two digits.
    MidNum,
    /// `.` `'` (MidNumLet, Single_Quote), joining two letters or two digits.
    MidBoth,
    /// A separator (space, no-break spaces): never part of a token.
    Space,
    /// Any other character of the fast set: a segment of its own.
    Other,
    /// Only the full tables know it: the line takes the general path.
    Unknown,
}

/// The [`Kind`] and length of the character at byte `i` (a char boundary) of `bytes`.
#[inline]
pub(super) fn kind_at(bytes: &[u8], i: usize) -> (Kind, usize) {
    let second = || bytes.get(i + 1).copied().unwrap_or(0);
    match bytes[i] {
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => (Kind::Word, 1),
        b' ' => (Kind::Space, 1),
        b':' => (Kind::MidLetter, 1),
        b',' | b';' => (Kind::MidNum, 1),
        b'.' | b'\'' => (Kind::MidBoth, 1),
        0x21..=0x7e => (Kind::Other, 1),
        // U+0400..U+043F, U+0440..U+047F, U+04C0..U+04FF: all letters
        0xd0 | 0xd1 | 0xd3 => (Kind::Word, 2),
        // U+0480..U+04BF but for U+0482..U+0489 (a sign and combining marks)
        0xd2 if !(0x82..=0x89).contains(&second()) => (Kind::Word, 2),
        // U+0500..U+052F
        0xd4 if second() < 0xb0 => (Kind::Word, 2),
        0xc2 => match second() {
            0xa0 => (Kind::Space, 2),
            0xab | 0xbb => (Kind::Other, 2), // « »
            _ => (Kind::Unknown, 2),
        },
        0xe2 => (
            three_byte(second(), bytes.get(i + 2).copied().unwrap_or(0)),
            3,
        ),
        _ => (Kind::Unknown, 1),
    }
}

/// The kind of a character U+2000..U+2FFF from its last two bytes.
fn three_byte(second: u8, third: u8) -> Kind {
    match (second, third) {
        // – — “ ” „ …
        (0x80, 0x93 | 0x94 | 0x9c | 0x9d | 0x9e | 0xa6) => Kind::Other,
        (0x80, 0xaf) => Kind::Space, // narrow no-break space
        (0x84, 0x96) => Kind::Other, // №
        _ => Kind::Unknown,
    }
}

/// Where the line body starting at `from` ends (before `\n` or `\r\n`, or at the text's
/// end), and whether every character in it is one the scan knows.
pub(super) fn line_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return (i, true),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => return (i, true),
            b'a'..=b'z' | b'A'..=b'Z' | b' ' | 0x80..=0xbf | 0xd0 | 0xd1 | 0xd3 => i += 1,
            _ => match kind_at(bytes, i) {
                (Kind::Unknown, _) => return (body_end(bytes, i), false),
                (_, len) => i += len,
            },
        }
    }
    (i, true)
}

/// The end of the line body that holds byte `i`.
fn body_end(bytes: &[u8], i: usize) -> usize {
    let Some(n) = bytes[i..].iter().position(|&b| b == b'\n') else {
        return bytes.len();
    };
    let end = i + n;
    if end > i && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Bytes that continue a word once it has begun: ASCII letters, digits and `_`, the
/// Cyrillic leads whose every character is a letter, and continuation bytes (inside a
/// word they only ever follow one of those leads: any other lead ends the word first).
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | 0x80..=0xbf | 0xd0 | 0xd1 | 0xd3);
        b += 1;
    }
    table
};

/// The end of the UAX #29 segment that begins with the word character at `start`, before
/// any separator, within `bytes[..end]` (a simple line body).
#[inline]
pub(super) fn word_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut i = start;
    loop {
        while i < end && WORD_BYTES[usize::from(bytes[i])] {
            i += 1;
        }
        if i >= end {
            return end;
        }
        match kind_at(bytes, i) {
            (Kind::Word, len) => i += len, // the Cyrillic letters behind 0xd2 and 0xd4
            (mid @ (Kind::MidLetter | Kind::MidNum | Kind::MidBoth), 1) => {
                if !mid_joins(bytes, i, end, mid) {
                    return i;
                }
                i += 1;
            }
            _ => return i,
        }
    }
}

/// Whether the middle character at `i` joins the characters either side (WB6, WB7,
/// WB11, WB12): both letters for `:` `.` `'`, both digits for `,` `;` `.` `'`.
fn mid_joins(bytes: &[u8], i: usize, end: usize, mid: Kind) -> bool {
    if i + 1 >= end {
        return false;
    }
    let before = letter_or_digit(bytes, i - 1);
    let after = match bytes[i + 1] {
        b'0'..=b'9' => Some(false),
        _ => (kind_at(bytes, i + 1).0 == Kind::Word && bytes[i + 1] != b'_').then_some(true),
    };
    match (before, after) {
        (Some(true), Some(true)) => mid != Kind::MidNum,
        (Some(false), Some(false)) => mid != Kind::MidLetter,
        _ => false,
    }
}

/// For the word character that ends at byte `last`: `Some(true)` for a letter,
/// `Some(false)` for a digit, `None` for `_`.
fn letter_or_digit(bytes: &[u8], last: usize) -> Option<bool> {
    match bytes[last] {
        b'0'..=b'9' => Some(false),
        b'_' => None,
        _ => Some(true), // an ASCII letter or the last byte of a Cyrillic one
    }
}

/// The code points in `bytes`.
#[inline]
pub(super) fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_agree_with_the_characters_wordbreak_knows() {
        for c in [
            'a', 'Z', '5', '_', 'ж', 'Ә', 'ң', 'ү', 'һ', 'Ԯ', '\u{4ff}', '\u{481}',
        ] {
            assert_eq!(kind_at(c.to_string().as_bytes(), 0).0, Kind::Word, "{c:?}");
        }
        for c in [
            '\u{482}', '\u{483}', '\u{530}', 'é', '’', '\t', '\r', '😀', '\u{2028}',
        ] {
            assert_eq!(
                kind_at(c.to_string().as_bytes(), 0).0,
                Kind::Unknown,
                "{c:?}"
            );
        }
        for c in [' ', '\u{a0}', '\u{202f}'] {
            assert_eq!(kind_at(c.to_string().as_bytes(), 0).0, Kind::Space, "{c:?}");
        }
    }

    #[test]
    fn words_join_across_middle_characters_of_their_kind() {
        fn end(s: &str) -> &str {
            &s[..word_end(s.as_bytes(), 0, s.len())]
        }
        assert_eq!(end("don't go"), "don't");
        assert_eq!(end("2,1% өсті"), "2,1");
        assert_eq!(end("12:30"), "12");
        assert_eq!(end("a:b,c"), "a:b");
        assert_eq!(end("ҚР-ның"), "ҚР");
        assert_eq!(end("a_.b"), "a_");
        assert_eq!(end("т.б."), "т.б");
    }

    #[test]
    fn line_ends_and_unknown_characters() {
        let text = "бір екі\r\nүш é\nтөрт";
        let bytes = text.as_bytes();
        assert_eq!(line_end(bytes, 0), ("бір екі".len(), true));
        let second = "бір екі\r\n".len();
        assert_eq!(line_end(bytes, second), (second + "үш é".len(), false));
        let third = second + "үш é\n".len();
        assert_eq!(line_end(bytes, third), (text.len(), true));
    }
}
