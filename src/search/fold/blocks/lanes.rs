// The fold of the bytes `b` (16, 32 or 64), each between its byte of `prev` and of
// `next`; then which bytes belong to chars it knows, which to words, and which start a
// char of two bytes or more, as masks: an expression included by each width's `fold`,
// in terms of that width's operations.
{
    // x where the mask is set, y elsewhere
    let pick = |m, x, y| or(and(m, x), and_not(m, y));
    // lo <= x < lo + n, unsigned: min(x - lo, n - 1) == x - lo
    let within = |x, lo: u8, n: u8| {
        let d = sub(x, splat(lo));
        eq(min(d, splat(n - 1)), d)
    };

    let ascii = ascii(b);
    let cont = is(and(b, splat(0xc0)), 0x80);
    let lead = and_not(or(ascii, cont), eq(b, b));
    // each byte of a two-byte char sees the char's lead and continuation bytes
    let (l, c) = (pick(cont, prev, b), pick(cont, b, next));

    // the letter as its offset from U+0400 (U+0400..U+04FF: leads D0 to D3)
    let cyrillic = within(l, 0xd0, 4);
    let x = or(and(c, splat(0x3f)), low_bits_up(sub(l, splat(0xd0))));
    // Ѐ..Џ to ѐ..џ, А..Я to а..я, а..я and ѐ..џ as they are
    let capital_ie = within(x, 0x00, 0x10);
    let capital = within(x, 0x10, 0x20);
    let small = within(x, 0x30, 0x30);
    let mut fold = or(
        and(capital_ie, add(x, splat(0x50))),
        or(and(capital, add(x, splat(0x20))), and(small, x)),
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
    let lead_d0 = eq(min(fold, splat(0x3f)), fold);
    let cyrillic_bytes = pick(
        cont,
        or(and(fold, splat(0x3f)), splat(0x80)),
        pick(lead_d0, splat(0xd0), splat(0xd1)),
    );

    let upper = within(b, b'A', 26);
    let alnum = or(or(upper, within(b, b'a', 26)), within(b, b'0', 10));
    let ascii_bytes = add(b, and(upper, splat(0x20)));
    // no-break space and guillemets, common in news text, are no word chars
    let spacing = and(is(l, 0xc2), or(is(c, 0xa0), or(is(c, 0xab), is(c, 0xbb))));

    let folded = pick(ascii, ascii_bytes, cyrillic_bytes);
    let ok = mask(or(ascii, or(known, spacing)));
    let words = mask(or(and(ascii, alnum), known));
    (folded, ok, words, mask(lead))
}
