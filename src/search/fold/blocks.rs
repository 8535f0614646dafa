//! Folding 16 bytes at a time with SSE2 (which every x86-64 processor has), for the index
//! build: where every char of a block is ASCII, a Cyrillic letter of U+0400 to U+045F
//! (the Russian ones among them), a Kazakh letter, a no-break space or a guillemet, each
//! char's fold is as long as the char, so the block folds in place and its words are
//! runs of one bits in a mask. A block with any other char is folded char by char.

use super::Cursor;
use std::arch::x86_64::{
    __m128i, _mm_add_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8,
    _mm_cvtsi64_si128, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
    _mm_set1_epi8, _mm_sll_epi64, _mm_srl_epi64, _mm_srli_si128, _mm_storeu_si128, _mm_sub_epi8,
};

/// Bytes folded at a time.
const BLOCK: usize = 16;
// each run of a block is stored as 16 bytes, in the room kept past the fold's end
const _: () = assert!(super::ROOM >= BLOCK);

/// Folds blocks of `bytes` from `at` on for as long as every char of a block is one
/// `fold16` knows, appending each run of word bytes to `buf` (the first one going on
/// with the word before when there is one, the last one going on into the next block)
/// and each word's end to `ends`. `at` starts a char and is not the first byte.
pub(super) fn fold_blocks(bytes: &[u8], at: &mut Cursor, buf: &mut [u8], ends: &mut Vec<u32>) {
    let (mut i, mut w, mut in_word) = (at.i, at.w, at.in_word);
    // a block reads the byte before it and the one after it
    while let Some(window) = bytes.get(i - 1..i + BLOCK + 1) {
        let Ok(window) = <&[u8; BLOCK + 2]>::try_from(window) else {
            break;
        };
        // SAFETY: SSE2 is part of the x86_64 target; the three loads read 16 bytes each
        // inside `window` (18 bytes), and unaligned loads are allowed
        let (folded, ok, words, leads) = unsafe {
            let at = |k: usize| _mm_loadu_si128(window.as_ptr().add(k).cast::<__m128i>());
            fold16(at(0), at(1), at(2))
        };
        // a char that starts at the last byte is the next block's
        let len = if leads & 1 << (BLOCK - 1) != 0 {
            BLOCK - 1
        } else {
            BLOCK
        };
        let covered = (1u32 << len) - 1;
        if ok & covered != covered {
            break;
        }
        let mut words = words & covered;
        while words != 0 || in_word {
            let from = if in_word { 0 } else { words.trailing_zeros() };
            let to = from + (words >> from).trailing_ones();
            // 16 bytes stored whatever the run's length: a fixed store is no call
            let out = &mut buf[w..w + BLOCK];
            // SAFETY: SSE2 is part of the x86_64 target; `out` is 16 bytes
            unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), shifted(folded, from)) };
            w += (to - from) as usize;
            if to as usize == len {
                in_word = true;
                break;
            }
            ends.push(w as u32);
            in_word = false;
            words &= !((1u32 << to) - 1);
        }
        i += len;
    }
    *at = Cursor { i, w, in_word };
}

/// `v`'s bytes from byte `k` on (`k` < 16), in a register: loading them from where `v`
/// was just stored would wait for the store (a load the store does not hold whole).
#[inline(always)]
fn shifted(v: __m128i, k: u32) -> __m128i {
    let bits = u64::from(k) * 8;
    // SAFETY: SSE2 is part of the x86_64 target; a shift by 64 bits or more gives 0
    unsafe {
        let count = |n: u64| _mm_cvtsi64_si128(n as i64);
        let high = _mm_srli_si128::<8>(v);
        _mm_or_si128(
            _mm_or_si128(
                _mm_srl_epi64(v, count(bits)),
                _mm_sll_epi64(high, count(64u64.wrapping_sub(bits))),
            ),
            _mm_srl_epi64(high, count(bits.wrapping_sub(64))),
        )
    }
}

/// The fold of the 16 bytes `b`, each between its byte of `prev` and of `next`; then
/// which bytes belong to chars it knows, which to words, and which start a char of two
/// bytes or more, as masks.
#[inline(always)]
unsafe fn fold16(prev: __m128i, b: __m128i, next: __m128i) -> (__m128i, u32, u32, u32) {
    // SAFETY (of every call below): SSE2 is part of the x86_64 target
    unsafe {
        let splat = |x: u8| _mm_set1_epi8(x as i8);
        let is = |v: __m128i, x: u8| _mm_cmpeq_epi8(v, splat(x));
        let or = |x: __m128i, y: __m128i| _mm_or_si128(x, y);
        let and = |x: __m128i, y: __m128i| _mm_and_si128(x, y);
        // x where the mask is set, y elsewhere
        let pick = |m: __m128i, x: __m128i, y: __m128i| or(and(m, x), _mm_andnot_si128(m, y));
        // lo <= x < lo + n, unsigned: min(x - lo, n - 1) == x - lo
        let within = |x: __m128i, lo: u8, n: u8| {
            let d = _mm_sub_epi8(x, splat(lo));
            _mm_cmpeq_epi8(_mm_min_epu8(d, splat(n - 1)), d)
        };
        let mask = |m: __m128i| _mm_movemask_epi8(m) as u32 & 0xffff;

        let ascii = _mm_cmpgt_epi8(b, _mm_set1_epi8(-1));
        let cont = is(and(b, splat(0xc0)), 0x80);
        let lead = _mm_andnot_si128(or(ascii, cont), _mm_cmpeq_epi8(b, b));
        // each byte of a two-byte char sees the char's lead and continuation bytes
        let (l, c) = (pick(cont, prev, b), pick(cont, b, next));

        // the letter as its offset from U+0400 (U+0400..U+04FF: leads D0 to D3)
        let (d1, d2, d3) = (is(l, 0xd1), is(l, 0xd2), is(l, 0xd3));
        let cyrillic = or(or(is(l, 0xd0), d1), or(d2, d3));
        let high = or(
            and(d1, splat(0x40)),
            or(and(d2, splat(0x80)), and(d3, splat(0xc0))),
        );
        let x = or(and(c, splat(0x3f)), high);
        // Ѐ..Џ to ѐ..џ, А..Я to а..я, а..я and ѐ..џ as they are
        let capital_ie = within(x, 0x00, 0x10);
        let capital = within(x, 0x10, 0x20);
        let small = within(x, 0x30, 0x30);
        let mut fold = or(
            and(capital_ie, _mm_add_epi8(x, splat(0x50))),
            or(and(capital, _mm_add_epi8(x, splat(0x20))), and(small, x)),
        );
        // ё, Ё to е; і, І to и
        let io = or(is(x, 0x01), is(x, 0x51));
        let i = or(is(x, 0x06), is(x, 0x56));
        fold = pick(io, splat(0x35), pick(i, splat(0x38), fold));
        // the Kazakh letters, capital and small side by side, to their stand-ins
        let pair = and(x, splat(0xfe));
        let mut known = or(capital_ie, or(capital, small));
        for (letter, stand_in) in [
            (0x92, 0x33), // Ғ ғ to г
            (0x9a, 0x3a), // Қ қ to к
            (0xa2, 0x3d), // Ң ң to н
            (0xae, 0x43), // Ү ү to у
            (0xb0, 0x43), // Ұ ұ to у
            (0xba, 0x45), // Һ һ to х
            (0xd8, 0x30), // Ә ә to а
            (0xe8, 0x3e), // Ө ө to о
        ] {
            let this = is(pair, letter);
            fold = or(fold, and(this, splat(stand_in)));
            known = or(known, this);
        }
        known = and(known, cyrillic);
        // every fold is in а..я and ѐ..џ (U+0430..U+045F): its lead D0 or D1
        let lead_d0 = _mm_cmpeq_epi8(_mm_min_epu8(fold, splat(0x3f)), fold);
        let cyrillic_bytes = pick(
            cont,
            or(and(fold, splat(0x3f)), splat(0x80)),
            pick(lead_d0, splat(0xd0), splat(0xd1)),
        );

        let upper = within(b, b'A', 26);
        let alnum = or(or(upper, within(b, b'a', 26)), within(b, b'0', 10));
        let ascii_bytes = _mm_add_epi8(b, and(upper, splat(0x20)));
        // no-break space and guillemets, common in news text, are no word chars
        let c2 = is(l, 0xc2);
        let spacing = and(c2, or(is(c, 0xa0), or(is(c, 0xab), is(c, 0xbb))));

        let folded = pick(ascii, ascii_bytes, cyrillic_bytes);
        let ok = mask(or(ascii, or(known, spacing)));
        let words = mask(or(and(ascii, alnum), known));
        (folded, ok, words, mask(lead))
    }
}
