//! [`count_words`] 64 bytes at a time. In a block of plain news text (ASCII, Cyrillic
//! letters, `«» – — “ ” „ … №`, no-break spaces) every run of letters and digits is one
//! word, unless a middle character (`:` `,` `;` `.` `'`) sits between two of them; so the
//! words that begin in the block are the runs that begin in it, found from bit masks
//! (16 bytes at a time with SSE2 on x86-64). A block holding anything else (a middle
//! character between two runs, `_`, a narrow no-break space, any other character) sends
//! the stretch around it, from the space before to the space after, to
//! [`super::count_plain`]. A cut just after a space or a line break never changes the
//! count: no rule joins anything to a space but another space.

/// Bytes classified at once.
const BLOCK: usize = 64;
/// A block and the two bytes after it (a character's continuation bytes decide its class).
const WINDOW: usize = BLOCK + 2;

/// Bit `k` of each mask tells about byte `k` of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Masks {
    /// ASCII letters and digits.
    ascii: u64,
    /// Leads of two-byte Cyrillic letters.
    lead: u64,
    /// Continuation bytes (of any character).
    cont: u64,
    /// `:` `,` `;` `.` `'`: they join two letters or two digits.
    mid: u64,
    /// Spaces and line feeds: a cut may follow them.
    cut: u64,
    /// Bytes the vector compares leave to [`resolve`]: controls (line feeds among them),
    /// `_`, DEL and leads other than the common Cyrillic ones; after it, the characters
    /// only the slow path counts right.
    odd: u64,
}

/// The words of `text`, as [`super::count_plain`] counts them.
pub(super) fn count_words(text: &str) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2
        return unsafe { avx2::count_words(text) };
    }
    count_with(text, masks)
}

/// [`count_words`] without AVX2, to test the SSE2 path on processors that have it.
#[cfg(test)]
pub(super) fn count_words_narrow(text: &str) -> usize {
    count_with(text, masks)
}

/// [`count_words`] with `masks` for [`masks`].
#[inline(always)]
fn count_with(text: &str, masks: impl Fn(&[u8; WINDOW]) -> Masks) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut p) = (0, 0);
    // the last cut (after a space or line feed) and the words before it
    let (mut cut, mut cut_words) = (0, 0);
    // bit 0: the byte before the block continues a word / is a Cyrillic lead
    let (mut alnum_carry, mut lead_carry) = (0u64, 0u64);
    while let Some(window) = bytes.get(p..p + WINDOW) {
        let window: &[u8; WINDOW] = window.try_into().expect("a window");
        let mut m = masks(window);
        if m.odd != 0 {
            resolve(&mut m, window);
        }
        let alnum = m.ascii | m.lead | (m.cont & ((m.lead << 1) | lead_carry));
        let before = (alnum << 1) | alnum_carry;
        let starts = alnum & !before;
        let next = u64::from(begins_alnum(window[BLOCK], window[BLOCK + 1]));
        let after = (alnum >> 1) | (next << 63);
        let odd = m.odd | (m.mid & before & after);
        if odd != 0 {
            let k = odd.trailing_zeros() as usize;
            let cuts = m.cut & below(k);
            let (from, from_words) = match cuts {
                0 => (cut, cut_words),
                _ => {
                    let c = 64 - cuts.leading_zeros() as usize;
                    (p + c, words + (starts & below(c)).count_ones() as usize)
                }
            };
            let to = bytes[p + k + 1..]
                .iter()
                .position(|&b| b == b' ' || b == b'\n')
                .map_or(bytes.len(), |n| p + k + n + 2);
            words = from_words + super::count_plain(&text[from..to]);
            (p, cut, cut_words) = (to, to, words);
            (alnum_carry, lead_carry) = (0, 0);
            continue;
        }
        if m.cut != 0 {
            let c = 64 - m.cut.leading_zeros() as usize;
            cut = p + c;
            cut_words = words + (starts & below(c)).count_ones() as usize;
        }
        words += starts.count_ones() as usize;
        alnum_carry = alnum >> 63;
        lead_carry = m.lead >> 63;
        p += BLOCK;
    }
    cut_words + super::count_plain(&text[cut..])
}

/// The bits below bit `n` (`n` at most 64).
fn below(n: usize) -> u64 {
    match n {
        64.. => !0,
        n => (1 << n) - 1,
    }
}

/// Whether the character that begins with byte `b` (followed by `next`) is a letter or
/// digit of the block scan.
fn begins_alnum(b: u8, next: u8) -> bool {
    b.is_ascii_alphanumeric() || is_lead(b, next)
}

/// Whether `b`, followed by `next`, leads a two-byte Cyrillic letter: U+0400..U+047F,
/// U+0480..U+04BF but for U+0482..U+0489 (a sign and combining marks), U+04C0..U+052F.
fn is_lead(b: u8, next: u8) -> bool {
    common_lead(b, next) || (b == 0xd4 && next < 0xb0)
}

/// [`is_lead`] but for U+0500..U+052F, rare in Kazakh and Russian.
fn common_lead(b: u8, next: u8) -> bool {
    matches!(b, 0xd0 | 0xd1 | 0xd3) || (b == 0xd2 && !(0x82..=0x89).contains(&next))
}

/// Whether the vector compares leave byte `b`, followed by `next`, to [`resolve`].
fn is_rare(b: u8, next: u8) -> bool {
    b < 0x20 || b == b'_' || b == 0x7f || (b >= 0xc0 && !common_lead(b, next))
}

/// Settles the bytes of `m.odd` one by one: a line feed is a cut, a rarer Cyrillic lead
/// a lead, news punctuation nothing, and what remains odd goes to the slow path.
fn resolve(m: &mut Masks, window: &[u8; WINDOW]) {
    let mut rare = m.odd;
    m.odd = 0;
    while rare != 0 {
        let k = rare.trailing_zeros() as usize;
        rare &= rare - 1;
        let bit = 1 << k;
        match (window[k], window[k + 1], window[k + 2]) {
            (b'\n', _, _) => m.cut |= bit,
            (b'\r', _, _) => {}
            (b, n1, _) if is_lead(b, n1) => m.lead |= bit,
            (b, n1, n2) if is_odd(b, n1, n2) => m.odd |= bit,
            _ => {}
        }
    }
}

/// Whether `b` (followed by `n1`, `n2`) begins a character the block scan does not know.
fn is_odd(b: u8, n1: u8, n2: u8) -> bool {
    match b {
        b'_' | 0x7f => true,
        b'\n' | b'\r' => false,
        0x00..=0x1f => true,
        0x20..=0xbf => false,
        // no-break space, « »
        0xc2 => !matches!(n1, 0xa0 | 0xab | 0xbb),
        // – — “ ” „ …, №
        0xe2 => !matches!(
            (n1, n2),
            (0x80, 0x93 | 0x94 | 0x9c | 0x9d | 0x9e | 0xa6) | (0x84, 0x96)
        ),
        _ => !is_lead(b, n1),
    }
}

fn masks(window: &[u8; WINDOW]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    return sse2::masks(window);
    #[cfg(not(target_arch = "x86_64"))]
    return masks_portable(window);
}

/// [`masks`] byte by byte, for other processors (and to check the SSE2 one).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_portable(window: &[u8; WINDOW]) -> Masks {
    let mut m = Masks::default();
    for k in 0..BLOCK {
        let (b, n1) = (window[k], window[k + 1]);
        let bit = |on: bool| u64::from(on) << k;
        m.ascii |= bit(b.is_ascii_alphanumeric());
        m.lead |= bit(common_lead(b, n1));
        m.cont |= bit(b & 0xc0 == 0x80);
        m.mid |= bit(matches!(b, b':' | b',' | b';' | b'.' | b'\''));
        m.cut |= bit(b == b' ');
        m.odd |= bit(is_rare(b, n1));
    }
    m
}

/// [`masks`] 16 bytes at a time with SSE2, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{BLOCK, Masks, WINDOW};
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };

    pub(super) fn masks(window: &[u8; WINDOW]) -> Masks {
        let mut m = Masks::default();
        for c in 0..BLOCK / 16 {
            // SAFETY: SSE2 is part of the x86_64 target; both loads read 16 bytes inside
            // `window`, unaligned loads allowed
            let bits = unsafe {
                let here = window.as_ptr().add(16 * c);
                sixteen(
                    _mm_loadu_si128(here.cast()),
                    _mm_loadu_si128(here.add(1).cast()),
                )
            };
            let put = |mask: &mut u64, bits: u16| *mask |= u64::from(bits) << (16 * c);
            put(&mut m.ascii, bits[0]);
            put(&mut m.lead, bits[1]);
            put(&mut m.cont, bits[2]);
            put(&mut m.mid, bits[3]);
            put(&mut m.cut, bits[4]);
            put(&mut m.odd, bits[5]);
        }
        m
    }

    /// The six masks of [`Masks`] for 16 bytes `b`, each followed by its byte of `n1`.
    #[inline(always)]
    fn sixteen(b: __m128i, n1: __m128i) -> [u16; 6] {
        // SAFETY (of every call below): SSE2 is part of the x86_64 target
        unsafe {
            let splat = |x: u8| _mm_set1_epi8(x as i8);
            let eq = |v: __m128i, x: u8| _mm_cmpeq_epi8(v, splat(x));
            let or = |a: __m128i, b: __m128i| _mm_or_si128(a, b);
            // x < n, unsigned: min(x, n - 1) == x
            let below = |x: __m128i, n: u8| _mm_cmpeq_epi8(_mm_min_epu8(x, splat(n - 1)), x);
            let letter = below(_mm_sub_epi8(or(b, splat(0x20)), splat(b'a')), 26);
            let digit = below(_mm_sub_epi8(b, splat(b'0')), 10);
            let sign = _mm_andnot_si128(below(_mm_sub_epi8(n1, splat(0x82)), 8), eq(b, 0xd2));
            // 0xd0, 0xd1; 0xd3
            let lead = or(
                or(below(_mm_sub_epi8(b, splat(0xd0)), 2), eq(b, 0xd3)),
                sign,
            );
            let cont = eq(_mm_and_si128(b, splat(0xc0)), 0x80);
            // `,` `.` (0x2c, 0x2e); `:` `;` (0x3a, 0x3b); `'`
            let mid = or(
                or(eq(or(b, splat(2)), b'.'), eq(or(b, splat(1)), b';')),
                eq(b, b'\''),
            );
            let high = _mm_cmpeq_epi8(_mm_max_epu8(b, splat(0xc0)), b);
            let rare = or(
                or(_mm_andnot_si128(lead, high), below(b, 0x20)),
                or(eq(b, b'_'), eq(b, 0x7f)),
            );
            [or(letter, digit), lead, cont, mid, eq(b, b' '), rare]
                .map(|v| _mm_movemask_epi8(v) as u16)
        }
    }
}

/// [`count_words`] 32 bytes at a time with AVX2, on the processors that have it.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{BLOCK, Masks, WINDOW};
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256,
        _mm256_max_epu8, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_sub_epi8,
    };

    #[target_feature(enable = "avx2")]
    pub(super) fn count_words(text: &str) -> usize {
        super::count_with(text, |window| masks(window))
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn masks(window: &[u8; WINDOW]) -> Masks {
        let mut m = Masks::default();
        for c in 0..BLOCK / 32 {
            // SAFETY: both loads read 32 bytes inside `window`, unaligned loads allowed
            let bits = unsafe {
                let here = window.as_ptr().add(32 * c);
                thirty_two(
                    _mm256_loadu_si256(here.cast()),
                    _mm256_loadu_si256(here.add(1).cast()),
                )
            };
            let put = |mask: &mut u64, bits: u32| *mask |= u64::from(bits) << (32 * c);
            put(&mut m.ascii, bits[0]);
            put(&mut m.lead, bits[1]);
            put(&mut m.cont, bits[2]);
            put(&mut m.mid, bits[3]);
            put(&mut m.cut, bits[4]);
            put(&mut m.odd, bits[5]);
        }
        m
    }

    /// `sse2::sixteen` for 32 bytes.
    #[target_feature(enable = "avx2")]
    fn thirty_two(b: __m256i, n1: __m256i) -> [u32; 6] {
        let splat = |x: u8| _mm256_set1_epi8(x as i8);
        let eq = |v: __m256i, x: u8| _mm256_cmpeq_epi8(v, splat(x));
        let or = |a: __m256i, b: __m256i| _mm256_or_si256(a, b);
        let below = |x: __m256i, n: u8| _mm256_cmpeq_epi8(_mm256_min_epu8(x, splat(n - 1)), x);
        let letter = below(_mm256_sub_epi8(or(b, splat(0x20)), splat(b'a')), 26);
        let digit = below(_mm256_sub_epi8(b, splat(b'0')), 10);
        let sign = _mm256_andnot_si256(below(_mm256_sub_epi8(n1, splat(0x82)), 8), eq(b, 0xd2));
        let lead = or(
            or(below(_mm256_sub_epi8(b, splat(0xd0)), 2), eq(b, 0xd3)),
            sign,
        );
        let cont = eq(_mm256_and_si256(b, splat(0xc0)), 0x80);
        let mid = or(
            or(eq(or(b, splat(2)), b'.'), eq(or(b, splat(1)), b';')),
            eq(b, b'\''),
        );
        let high = _mm256_cmpeq_epi8(_mm256_max_epu8(b, splat(0xc0)), b);
        let rare = or(
            or(_mm256_andnot_si256(lead, high), below(b, 0x20)),
            or(eq(b, b'_'), eq(b, 0x7f)),
        );
        [or(letter, digit), lead, cont, mid, eq(b, b' '), rare]
            .map(|v| _mm256_movemask_epi8(v) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sse2_masks_equal_the_portable_ones_for_every_three_bytes() {
        let interesting: Vec<u8> = (0..=255u8).collect();
        for &b in &interesting {
            for n1 in [
                0x00, 0x20, 0x80, 0x81, 0x82, 0x84, 0x89, 0x8a, 0xa0, 0xab, 0xaf, 0xb0, 0xbb, 0xbf,
                0xd0, b'a',
            ] {
                for n2 in [0x93, 0x94, 0x96, 0x9c, 0x9d, 0x9e, 0xa6, 0xaf, 0x80, b' '] {
                    let mut window = [b' '; WINDOW];
                    let at = (usize::from(b) * 7 + usize::from(n1)) % BLOCK;
                    window[at..at + 3].copy_from_slice(&[b, n1, n2]);
                    let (mut ours, mut portable) = (masks(&window), masks_portable(&window));
                    assert_eq!(ours, portable, "{b:#x} {n1:#x} {n2:#x}");
                    #[cfg(target_arch = "x86_64")]
                    if std::arch::is_x86_feature_detected!("avx2") {
                        // SAFETY: the processor has AVX2
                        let wide = unsafe { avx2::masks(&window) };
                        assert_eq!(wide, portable, "{b:#x} {n1:#x} {n2:#x}");
                    }
                    resolve(&mut ours, &window);
                    resolve(&mut portable, &window);
                    assert_eq!(ours, portable, "{b:#x} {n1:#x} {n2:#x}");
                }
            }
        }
    }
}
