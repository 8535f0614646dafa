//! A fold's skeleton and both char masks in one pass over its bytes, for the index build
//! (a million words): a fold of а to я, digits and plain Latin letters (nearly every
//! word) is spelled from a table; any other goes the general way.

use super::{
    IE, IE_SPELLED, RUSSIAN_SPELLED, RUSSIAN_VOWELS, char_bit, char_mask, russian_letter,
    skeleton_of_fold,
};

/// Index of х among а to я: spelled "kh", whose h the rules for c and h drop after k.
const KHA: usize = 21;

/// Each of а to я as its skeleton has it, whatever is around it: its Latin once the rules
/// for c and h have run (only х changes: ж ч ш щ keep their h, no letter's Latin starts
/// with h or ends with c), how many bytes, and the mask bits of that Latin.
const RUSSIAN_SKELETON: [([u8; 4], usize, u64); 32] = {
    let mut table = [([0; 4], 0, 0); 32];
    let mut k = 0;
    while k < 32 {
        let (latin, len) = if k == KHA {
            (*b"k\0\0\0", 1)
        } else {
            RUSSIAN_SPELLED[k]
        };
        table[k] = (latin, len, latin_bits(&latin, len));
        k += 1;
    }
    table
};

/// е where it starts a syllable.
const IE_SKELETON: ([u8; 4], usize, u64) = (
    IE_SPELLED.0,
    IE_SPELLED.1,
    latin_bits(&IE_SPELLED.0, IE_SPELLED.1),
);

/// `char_bit` of а to я (the fold's own letters).
const RUSSIAN_FOLD_BITS: [u64; 32] = {
    let mut table = [0; 32];
    let mut k = 0;
    while k < 32 {
        table[k] = char_bit(char::from_u32('а' as u32 + k as u32).expect("а to я are chars"));
        k += 1;
    }
    table
};

const fn latin_bits(latin: &[u8; 4], len: usize) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < len {
        bits |= char_bit(latin[i] as char);
        i += 1;
    }
    bits
}

/// Appends the skeleton of `fold` to `out`: the char masks of the fold and of the skeleton.
pub fn skeleton_and_masks(fold: &str, out: &mut Vec<u8>, scratch: &mut String) -> (u64, u64) {
    if let Some(masks) = plain_skeleton_and_masks(fold, out) {
        return masks;
    }
    skeleton_of_fold(fold, scratch);
    out.extend_from_slice(scratch.as_bytes());
    (char_mask(fold), char_mask(scratch))
}

/// `skeleton_and_masks` for a fold of а to я, digits and Latin letters the skeleton keeps
/// as they are (no c or h, whose rules look around them, nor j q w x y); None, with `out`
/// as it was, for any other.
fn plain_skeleton_and_masks(fold: &str, out: &mut Vec<u8>) -> Option<(u64, u64)> {
    let bytes = fold.as_bytes();
    let start = out.len();
    // room for each letter's four bytes written whole: no letter is spelled in more than
    // twice its bytes (щ), so `written` stays at most twice `at` past `start`
    out.resize(start + bytes.len() * 2 + 4, 0);
    let (mut written, mut at) = (start, 0);
    let (mut fold_mask, mut skeleton_mask) = (0, 0);
    let mut ie_context = true;
    while let Some(&byte) = bytes.get(at) {
        if let Some(k) = russian_letter(bytes, at) {
            let (latin, len, bits) = match k {
                IE if ie_context => IE_SKELETON,
                k => RUSSIAN_SKELETON[k],
            };
            out[written..written + 4].copy_from_slice(&latin);
            written += len;
            fold_mask |= RUSSIAN_FOLD_BITS[k];
            skeleton_mask |= bits;
            ie_context = RUSSIAN_VOWELS[k];
            at += 2;
        } else if matches!(byte, b'a' | b'b' | b'd'..=b'g' | b'i' | b'k'..=b'p' | b'r'..=b'v' | b'z' | b'0'..=b'9')
        {
            out[written] = byte;
            written += 1;
            let bit = char_bit(char::from(byte));
            fold_mask |= bit;
            skeleton_mask |= bit;
            ie_context = false;
            at += 1;
        } else {
            out.truncate(start);
            return None;
        }
    }
    out.truncate(written);
    Some((fold_mask, skeleton_mask))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `skeleton_and_masks` gives, worked out the general way.
    fn general(fold: &str) -> (String, u64, u64) {
        let mut skeleton = String::new();
        skeleton_of_fold(fold, &mut skeleton);
        let masks = (char_mask(fold), char_mask(&skeleton));
        (skeleton, masks.0, masks.1)
    }

    fn fused(fold: &str) -> (String, u64, u64) {
        let mut out = b"before ".to_vec();
        let (fold_mask, skeleton_mask) = skeleton_and_masks(fold, &mut out, &mut String::new());
        let skeleton = out
            .strip_prefix(b"before ")
            .expect("appended to what was there");
        let skeleton = String::from_utf8(skeleton.to_vec()).expect("a skeleton is UTF-8");
        (skeleton, fold_mask, skeleton_mask)
    }

    #[test]
    fn every_russian_letter_alone_and_after_each_other_is_spelled_as_the_skeleton_has_it() {
        let letters: Vec<char> = ('а'..='я').collect();
        for &a in &letters {
            assert_eq!(fused(&a.to_string()), general(&a.to_string()), "{a}");
            for &b in &letters {
                let word = format!("{a}{b}е{a}");
                assert_eq!(fused(&word), general(&word), "{word}");
            }
        }
    }

    proptest! {
        /// Plain words take the table, the rest the general way: the same either way.
        #[test]
        fn the_fused_skeleton_and_masks_are_the_general_ones(
            word in "[а-яa-z0-9]{0,12}|[а-яёәғқңөұүһіčšžα-ω一-丁chkpstzjqwxy0-9 ]{0,16}"
        ) {
            prop_assert_eq!(fused(&word), general(&word));
        }
    }
}
