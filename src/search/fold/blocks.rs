//! Folding 16, 32 or 64 bytes at a time with SSE2 (which every x86-64 processor has),
//! AVX2 or AVX-512 (where the processor has them), for the index build: where every
//! char of a block is ASCII, a Cyrillic letter of U+0400 to U+045F (the Russian ones
//! among them), a Kazakh letter, a no-break space or a guillemet, each char's fold is as
//! long as the char, so the block folds in place and its words are runs of one bits in a
//! mask. A block with any other char is folded char by char.

use super::Cursor;
use crate::search::cache::prefetch;
use std::arch::x86_64::{
    __m128i, _mm_cvtsi64_si128, _mm_or_si128, _mm_setzero_si128, _mm_sll_epi64, _mm_srl_epi64,
    _mm_srli_si128, _mm_storeu_si128,
};

/// Each run of a narrow or wide block is stored as two 16-byte pieces, and the word
/// bytes of a widest block as one 64-byte piece, in the room kept past the folds.
const _: () = assert!(super::ROOM >= 64);

/// How far ahead of a block its text is fetched into the cache: the text was parsed on
/// another core a batch ago, and waiting for it was a third of the widest fold's time.
const PREFETCH_AHEAD: usize = 1024;

/// The widest blocks to fold in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Width {
    /// 16 bytes, with SSE2.
    Narrow,
    /// 32 bytes, with AVX2 (and 16 where 32 will not do).
    Wide,
    /// 64 bytes, with AVX-512 (and 32, then 16, where 64 will not do).
    Widest,
}

impl Width {
    /// The widest this processor folds.
    pub(super) fn widest() -> Width {
        if has_avx512() {
            Width::Widest
        } else if std::arch::is_x86_feature_detected!("avx2") {
            Width::Wide
        } else {
            Width::Narrow
        }
    }
}

/// Whether the processor has the AVX-512 parts `widest` uses: byte ops (BW) and the
/// byte compress (VBMI2).
fn has_avx512() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("avx512vbmi2")
}

/// Folds blocks of `bytes` from `at` on for as long as every char of a block is one
/// `lanes.rs` knows, appending each run of word bytes to `buf` (the first one going on
/// with the word before when there is one, the last one going on into the next block)
/// and each word's end to `ends`. `at` starts a char and is not the first byte.
pub(super) fn fold_blocks(
    width: Width,
    bytes: &[u8],
    at: &mut Cursor,
    buf: &mut [u8],
    ends: &mut Vec<u32>,
) {
    if width == Width::Widest && has_avx512() {
        // SAFETY: the processor has AVX-512 F, BW and VBMI2
        unsafe { widest::fold_blocks(bytes, at, buf, ends) };
    }
    if width != Width::Narrow && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2
        unsafe { wide::fold_blocks(bytes, at, buf, ends) };
    }
    // SAFETY: SSE2 is part of the x86_64 target
    unsafe { narrow::fold_blocks(bytes, at, buf, ends) };
}

/// A block folded: its bytes (the first 16, then the next 16 of a wide block), which
/// of them belong to chars `lanes.rs` knows, which to words, which start a char of two
/// bytes or more.
struct Folded {
    low: __m128i,
    high: __m128i,
    known: u32,
    words: u32,
    leads: u32,
}

/// Takes the block of `width` bytes `fold` makes of the window at each byte `i` (the
/// block and a byte either side) for as long as it is all known chars: see `fold_blocks`.
#[target_feature(enable = "sse2")]
#[inline]
fn take_blocks(
    width: usize,
    bytes: &[u8],
    at: &mut Cursor,
    buf: &mut [u8],
    ends: &mut Vec<u32>,
    fold: impl Fn(&[u8]) -> Folded,
) {
    let Cursor {
        mut i,
        mut w,
        mut in_word,
    } = *at;
    while let Some(window) = bytes.get(i - 1..i + width + 1) {
        prefetch(window.as_ptr().wrapping_add(PREFETCH_AHEAD));
        let block = fold(window);
        // a char that starts at the last byte is the next block's
        let len = width - (block.leads >> (width - 1) & 1) as usize;
        let covered = ((1u64 << len) - 1) as u32;
        if block.known & covered != covered {
            break;
        }
        let mut words = block.words & covered;
        while words != 0 || in_word {
            let from = if in_word { 0 } else { words.trailing_zeros() };
            let to = from + (words >> from).trailing_ones();
            // two fixed stores whatever the run's length (a copy of a length is a call):
            // the run's bytes of the first half, then of the second half after them
            let first = from.min(16);
            store(&mut buf[w..], shifted(block.low, first));
            store(
                &mut buf[w + 16 - first as usize..],
                shifted(block.high, from - first),
            );
            w += (to - from) as usize;
            if to as usize == len {
                in_word = true;
                break;
            }
            ends.push(w as u32);
            in_word = false;
            words &= !((1u64 << to) - 1) as u32;
        }
        i += len;
    }
    *at = Cursor { i, w, in_word };
}

/// Stores `v` at the start of `out` (16 bytes or more).
#[target_feature(enable = "sse2")]
#[inline]
fn store(out: &mut [u8], v: __m128i) {
    let out: &mut [u8; 16] = (&mut out[..16])
        .try_into()
        .unwrap_or_else(|_| unreachable!());
    // SAFETY: `out` is 16 bytes, and unaligned stores are allowed
    unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) };
}

/// `v`'s bytes from byte `k` on (`k` <= 16), in a register: loading them from where `v`
/// was just stored would wait for the store (a load the store does not hold whole).
#[target_feature(enable = "sse2")]
#[inline]
fn shifted(v: __m128i, k: u32) -> __m128i {
    let bits = u64::from(k) * 8;
    let count = |n: u64| _mm_cvtsi64_si128(n as i64);
    let high = _mm_srli_si128::<8>(v);
    // a shift by 64 bits or more gives 0
    _mm_or_si128(
        _mm_or_si128(
            _mm_srl_epi64(v, count(bits)),
            _mm_sll_epi64(high, count(64u64.wrapping_sub(bits))),
        ),
        _mm_srl_epi64(high, count(bits.wrapping_sub(64))),
    )
}

/// Blocks of 16 bytes, with SSE2.
mod narrow {
    use super::{_mm_setzero_si128, Cursor, Folded, take_blocks};
    use std::arch::x86_64::{
        __m128i as V, _mm_add_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8,
        _mm_cmpgt_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_slli_epi16, _mm_sub_epi8,
    };

    #[target_feature(enable = "sse2")]
    pub(super) fn fold_blocks(bytes: &[u8], at: &mut Cursor, buf: &mut [u8], ends: &mut Vec<u32>) {
        take_blocks(16, bytes, at, buf, ends, |window| {
            let window: &[u8; 18] = window.try_into().unwrap_or_else(|_| unreachable!());
            // SAFETY: the three loads read 16 bytes each inside `window` (18 bytes)
            let load = |k: usize| unsafe { _mm_loadu_si128(window.as_ptr().add(k).cast()) };
            let (folded, known, words, leads) = fold(load(0), load(1), load(2));
            Folded {
                low: folded,
                high: _mm_setzero_si128(),
                known,
                words,
                leads,
            }
        });
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    fn fold(prev: V, b: V, next: V) -> (V, u32, u32, u32) {
        include!("blocks/lanes.rs")
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    fn splat(x: u8) -> V {
        _mm_set1_epi8(x as i8)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn is(v: V, x: u8) -> V {
        _mm_cmpeq_epi8(v, splat(x))
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn eq(x: V, y: V) -> V {
        _mm_cmpeq_epi8(x, y)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn and(x: V, y: V) -> V {
        _mm_and_si128(x, y)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn or(x: V, y: V) -> V {
        _mm_or_si128(x, y)
    }
    /// `y` and not `x`.
    #[target_feature(enable = "sse2")]
    #[inline]
    fn and_not(x: V, y: V) -> V {
        _mm_andnot_si128(x, y)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn add(x: V, y: V) -> V {
        _mm_add_epi8(x, y)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn sub(x: V, y: V) -> V {
        _mm_sub_epi8(x, y)
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn min(x: V, y: V) -> V {
        _mm_min_epu8(x, y)
    }
    /// Whether each byte, signed, is above -1: the ASCII ones.
    #[target_feature(enable = "sse2")]
    #[inline]
    fn ascii(x: V) -> V {
        _mm_cmpgt_epi8(x, _mm_set1_epi8(-1))
    }
    /// Each byte's two low bits moved to the top.
    #[target_feature(enable = "sse2")]
    #[inline]
    fn low_bits_up(x: V) -> V {
        _mm_and_si128(_mm_slli_epi16::<6>(x), splat(0xc0))
    }
    #[target_feature(enable = "sse2")]
    #[inline]
    fn mask(x: V) -> u32 {
        _mm_movemask_epi8(x) as u32 & 0xffff
    }
}

/// Blocks of 32 bytes, with AVX2.
mod wide {
    use super::{Cursor, Folded, take_blocks};
    use std::arch::x86_64::{
        __m128i, __m256i as V, _mm256_add_epi8, _mm256_and_si256, _mm256_andnot_si256,
        _mm256_castsi256_si128, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_extracti128_si256,
        _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_slli_epi16, _mm256_sub_epi8,
    };

    #[target_feature(enable = "avx2")]
    pub(super) fn fold_blocks(bytes: &[u8], at: &mut Cursor, buf: &mut [u8], ends: &mut Vec<u32>) {
        take_blocks(32, bytes, at, buf, ends, |window| {
            let window: &[u8; 34] = window.try_into().unwrap_or_else(|_| unreachable!());
            // SAFETY: the three loads read 32 bytes each inside `window` (34 bytes)
            let load = |k: usize| unsafe { _mm256_loadu_si256(window.as_ptr().add(k).cast()) };
            let (folded, known, words, leads) = fold(load(0), load(1), load(2));
            Folded {
                low: first_half(folded),
                high: _mm256_extracti128_si256::<1>(folded),
                known,
                words,
                leads,
            }
        });
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn fold(prev: V, b: V, next: V) -> (V, u32, u32, u32) {
        include!("blocks/lanes.rs")
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn splat(x: u8) -> V {
        _mm256_set1_epi8(x as i8)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn is(v: V, x: u8) -> V {
        _mm256_cmpeq_epi8(v, splat(x))
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn eq(x: V, y: V) -> V {
        _mm256_cmpeq_epi8(x, y)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn and(x: V, y: V) -> V {
        _mm256_and_si256(x, y)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn or(x: V, y: V) -> V {
        _mm256_or_si256(x, y)
    }
    /// `y` and not `x`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn and_not(x: V, y: V) -> V {
        _mm256_andnot_si256(x, y)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn add(x: V, y: V) -> V {
        _mm256_add_epi8(x, y)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn sub(x: V, y: V) -> V {
        _mm256_sub_epi8(x, y)
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn min(x: V, y: V) -> V {
        _mm256_min_epu8(x, y)
    }
    /// Whether each byte, signed, is above -1: the ASCII ones.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn ascii(x: V) -> V {
        _mm256_cmpgt_epi8(x, _mm256_set1_epi8(-1))
    }
    /// Each byte's two low bits moved to the top.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn low_bits_up(x: V) -> V {
        _mm256_and_si256(_mm256_slli_epi16::<6>(x), splat(0xc0))
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn mask(x: V) -> u32 {
        _mm256_movemask_epi8(x) as u32
    }
    #[target_feature(enable = "avx2")]
    #[inline]
    fn first_half(x: V) -> __m128i {
        _mm256_castsi256_si128(x)
    }
}

/// Blocks of 64 bytes, with AVX-512: a block's word bytes are packed together by one
/// compress and stored at once, and its words' ends are read from the mask, with no
/// loop over its runs.
mod widest {
    use super::{Cursor, PREFETCH_AHEAD, prefetch};
    use std::arch::x86_64::{
        __m512i as V, _mm512_add_epi8, _mm512_and_si512, _mm512_andnot_si512,
        _mm512_cmpeq_epi8_mask, _mm512_cmpgt_epi8_mask, _mm512_loadu_si512,
        _mm512_maskz_compress_epi8, _mm512_min_epu8, _mm512_movepi8_mask, _mm512_movm_epi8,
        _mm512_or_si512, _mm512_set1_epi8, _mm512_slli_epi16, _mm512_storeu_si512, _mm512_sub_epi8,
    };

    /// As `take_blocks` does with blocks of 64 bytes: see `super::fold_blocks`.
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi2")]
    pub(super) fn fold_blocks(bytes: &[u8], at: &mut Cursor, buf: &mut [u8], ends: &mut Vec<u32>) {
        let Cursor {
            mut i,
            mut w,
            mut in_word,
        } = *at;
        while let Some(window) = bytes.get(i - 1..i + 65) {
            prefetch(window.as_ptr().wrapping_add(PREFETCH_AHEAD));
            let window: &[u8; 66] = window.try_into().unwrap_or_else(|_| unreachable!());
            // SAFETY: the three loads read 64 bytes each inside `window` (66 bytes)
            let load = |k: usize| unsafe { _mm512_loadu_si512(window.as_ptr().add(k).cast()) };
            let (folded, known, words, leads) = fold(load(0), load(1), load(2));
            // a char that starts at the last byte is the next block's
            let len = 64 - (leads >> 63) as usize;
            let covered = u64::MAX >> (64 - len);
            if known & covered != covered {
                break;
            }
            let words = words & covered;
            // compressed in a register, then stored: a compress to memory is slow on Intel
            store(&mut buf[w..], _mm512_maskz_compress_epi8(words, folded));
            if in_word && words & 1 == 0 {
                // the word of the blocks before ended with them
                ends.push(w as u32);
            }
            // a word ends at a word byte before a byte of the block that is none; one
            // that runs to the block's end goes on into the next
            let mut last = words & !(words >> 1) & covered >> 1;
            while last != 0 {
                // the word bytes up to and including this end
                let through = words & (last ^ (last - 1));
                ends.push((w + through.count_ones() as usize) as u32);
                last &= last - 1;
            }
            w += words.count_ones() as usize;
            in_word = words >> (len - 1) & 1 != 0;
            i += len;
        }
        *at = Cursor { i, w, in_word };
    }

    /// Stores `v` at the start of `out` (64 bytes or more).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn store(out: &mut [u8], v: V) {
        let out: &mut [u8; 64] = (&mut out[..64])
            .try_into()
            .unwrap_or_else(|_| unreachable!());
        // SAFETY: `out` is 64 bytes, and unaligned stores are allowed
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), v) };
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn fold(prev: V, b: V, next: V) -> (V, u64, u64, u64) {
        include!("blocks/lanes.rs")
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn splat(x: u8) -> V {
        _mm512_set1_epi8(x as i8)
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn is(v: V, x: u8) -> V {
        eq(v, splat(x))
    }
    /// The compare gives a mask: made bytes again, as `lanes.rs` works on bytes.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn eq(x: V, y: V) -> V {
        _mm512_movm_epi8(_mm512_cmpeq_epi8_mask(x, y))
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn and(x: V, y: V) -> V {
        _mm512_and_si512(x, y)
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn or(x: V, y: V) -> V {
        _mm512_or_si512(x, y)
    }
    /// `y` and not `x`.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn and_not(x: V, y: V) -> V {
        _mm512_andnot_si512(x, y)
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn add(x: V, y: V) -> V {
        _mm512_add_epi8(x, y)
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn sub(x: V, y: V) -> V {
        _mm512_sub_epi8(x, y)
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn min(x: V, y: V) -> V {
        _mm512_min_epu8(x, y)
    }
    /// Whether each byte, signed, is above -1: the ASCII ones.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn ascii(x: V) -> V {
        _mm512_movm_epi8(_mm512_cmpgt_epi8_mask(x, _mm512_set1_epi8(-1)))
    }
    /// Each byte's two low bits moved to the top.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn low_bits_up(x: V) -> V {
        _mm512_and_si512(_mm512_slli_epi16::<6>(x), splat(0xc0))
    }
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn mask(x: V) -> u64 {
        _mm512_movepi8_mask(x)
    }
}
