//! CoNLL lines of an article that has no original tokens, in one pass over its bytes:
//! the tokens of `tokens::pieces` (UAX #29 words, cut at span edges), found with the
//! byte scan of `tokens::scan` for the lines made only of the characters it knows and
//! with `pieces` for any other line. Spans are matched to tokens by byte; whitespace is
//! never written, so it is only looked at for line breaks.

use super::Emitter;
use crate::annotation::Span;
use crate::export::tokens::{
    BLOCK, Kind, block_masks, body_end, edges, has_line_break, is_closing, is_terminal, kind_at,
    pieces, starts_lower, word_end, word_end_from,
};

/// Writes the token lines and sentence breaks of `text` with the `kept` spans (sorted,
/// not overlapping; `spans` their byte ranges) to `out`.
pub(super) fn write_segmented(
    out: &mut Emitter,
    text: &str,
    kept: &[&Span],
    spans: &[(usize, usize)],
) {
    let cuts = edges(spans.iter().copied());
    let mut lines = Lines {
        out,
        text,
        kept,
        spans,
        cuts: &cuts,
    };
    lines.write();
}

/// Where the scan stands between two tokens. Kept in a local while a line is scanned:
/// behind a pointer it would be read again after every byte written.
#[derive(Debug, Clone, Copy, Default)]
struct State {
    /// The first span (index into `spans`) that does not end before the scan.
    span_at: usize,
    /// The first cut not behind the scan.
    cut_at: usize,
    /// Whether a line break came since the last token.
    line_break: bool,
    /// Whether the last token ends a sentence if the next one does not start lower case.
    after_terminal: bool,
    /// Whether a token was written since the last sentence break.
    in_sentence: bool,
    /// The span of the last token written, if any.
    last_span: Option<usize>,
    /// The first span edge after the last token's start (`usize::MAX` past the last).
    edge: usize,
    /// The span the bytes from the last token's start to `edge` lie in.
    span_now: Option<usize>,
}

/// Where the scan of a line goes after a token.
enum Step {
    /// On from this byte.
    Next(usize),
    /// The line body ends at this byte.
    LineEnd(usize),
    /// A character only the general path knows: the line is given to it.
    Unknown,
}

/// The scan of one article's text, and what it writes to.
struct Lines<'o, 'w, 't, 's> {
    out: &'o mut Emitter<'w>,
    text: &'t str,
    kept: &'t [&'s Span],
    /// Each kept span's `[start, end)` in bytes.
    spans: &'t [(usize, usize)],
    /// Every span start and end in bytes, sorted, once each.
    cuts: &'t [usize],
}

impl Lines<'_, '_, '_, '_> {
    fn write(&mut self) {
        let bytes = self.text.as_bytes();
        let mut state = State {
            in_sentence: self.out.in_sentence,
            last_span: self.out.last_span,
            ..State::default()
        };
        let mut start = 0;
        while start < bytes.len() {
            let end = match self.simple_line(&mut state, start) {
                Some(end) => end,
                None => {
                    let end = body_end(bytes, start);
                    self.general_line(&mut state, start, end);
                    end
                }
            };
            let Some(n) = bytes[end..].iter().position(|&b| b == b'\n') else {
                break;
            };
            state.line_break = true;
            start = end + n + 1;
        }
        self.out.in_sentence = state.in_sentence;
        self.out.last_span = state.last_span;
    }

    /// Writes the tokens of the line body that begins at `start` and gives its end, if
    /// every character in it is one the scan knows; if not, `None`, and nothing written.
    fn simple_line(&mut self, state: &mut State, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut now = *state;
        let written = self.out.w.len();
        let mut i = start;
        loop {
            let step = match bytes.get(i..=i + BLOCK) {
                Some(window) => self.block(&mut now, i, window.try_into().expect("a window")),
                None if i < bytes.len() => self.step(&mut now, i),
                None => Step::LineEnd(i),
            };
            match step {
                Step::Next(next) => i = next,
                Step::LineEnd(end) => {
                    *state = now;
                    return Some(end);
                }
                Step::Unknown => {
                    self.out.w.truncate(written);
                    return None;
                }
            }
        }
    }

    /// Writes the tokens that start in the [`BLOCK`] bytes from `i` (`window`, and the
    /// byte after them), found from bit masks of its word bytes and spaces: a word's end
    /// is then a count of bits, not a loop over its bytes that the next word waits for.
    #[inline(always)]
    fn block(&mut self, now: &mut State, i: usize, window: &[u8; BLOCK + 1]) -> Step {
        let bytes = self.text.as_bytes();
        let (word, space) = block_masks(window);
        let mut k = 0;
        while k < BLOCK {
            k += (space >> k).trailing_ones() as usize;
            if k >= BLOCK {
                break;
            }
            if word >> k & 1 == 0 {
                match self.step(now, i + k) {
                    Step::Next(next) => k = next - i,
                    other => return other,
                }
                continue;
            }
            let run = (!(word >> k)).trailing_zeros() as usize;
            let end = match k + run < BLOCK {
                true => word_end_from(bytes, i + k + run),
                false => word_end(bytes, i + BLOCK),
            };
            self.word(now, i + k, end);
            k = end - i;
        }
        Step::Next(i + k)
    }

    /// Writes the token at `i`, if any, and says where the scan goes on.
    #[inline(always)]
    fn step(&mut self, now: &mut State, i: usize) -> Step {
        let bytes = self.text.as_bytes();
        match kind_at(bytes, i) {
            (Kind::Space, len) => Step::Next(i + len),
            (Kind::Word, _) => {
                let end = word_end(bytes, i);
                self.word(now, i, end);
                Step::Next(end)
            }
            (Kind::LineBreak, _) => Step::LineEnd(i),
            (Kind::Unknown, _) => Step::Unknown,
            (_, 1) if self.lone_punctuation(now, i) => Step::Next(i + 1),
            (_, len) => {
                self.token(now, i, i + len, false);
                Step::Next(i + len)
            }
        }
    }

    /// Writes the ASCII punctuation mark at `i` straight away when it is outside any
    /// span, mid-sentence and before the next span edge (most are `,` and `.`): then it
    /// only has to be told whether it ends a sentence. False, and nothing written, if not.
    #[inline(always)]
    fn lone_punctuation(&mut self, now: &mut State, i: usize) -> bool {
        let plain = i < now.edge && now.span_now.is_none() && !now.line_break;
        if !plain || now.after_terminal {
            return false; // after `.` a `)` or `"` stays in the sentence: `part` knows
        }
        let mark = self.text.as_bytes()[i];
        now.after_terminal = matches!(mark, b'.' | b'!' | b'?');
        now.in_sentence = true;
        now.last_span = None;
        let out = &mut *self.out;
        out.w
            .extend_from_slice(&[mark, out.outside[0], b'O', b'\n']);
        true
    }

    /// The line body `start..end` with a character the scan does not know: split by
    /// [`pieces`], the general path, with the cuts that fall inside it.
    fn general_line(&mut self, state: &mut State, start: usize, end: usize) {
        let line = &self.text[start..end];
        let line_cuts: Vec<usize> = self.cuts[state.cut_at..]
            .iter()
            .skip_while(|&&c| c <= start)
            .take_while(|&&c| c < end)
            .map(|&c| c - start)
            .collect();
        for piece in pieces(line, &line_cuts) {
            if piece.space {
                state.line_break |= has_line_break(piece.text(line));
            } else {
                self.token(
                    state,
                    start + piece.byte_start,
                    start + piece.byte_end,
                    false,
                );
            }
        }
    }

    /// The token `text[start..end]`, cut wherever a span edge falls strictly inside it.
    /// `word`: it is a whole UAX #29 word, so neither final punctuation nor closing.
    // out of line: inlined at each of its calls it made the scan's loop too long to
    // stay in the instruction cache
    #[inline(never)]
    fn token(&mut self, state: &mut State, start: usize, end: usize, word: bool) {
        if end <= state.edge {
            // no span starts or ends since the last token: in the same span as it
            self.part(state, start, end, word, state.span_now);
            return;
        }
        let cuts = self.cuts;
        while state.cut_at < cuts.len() && cuts[state.cut_at] <= start {
            state.cut_at += 1;
        }
        let mut from = start;
        while state.cut_at < cuts.len() && cuts[state.cut_at] < end {
            let cut = cuts[state.cut_at];
            state.cut_at += 1;
            let span = self.span_at(state, from);
            self.part(state, from, cut, word && from == start, span);
            from = cut;
        }
        state.edge = cuts.get(state.cut_at).copied().unwrap_or(usize::MAX);
        state.span_now = self.span_at(state, from);
        self.part(state, from, end, word && from == start, state.span_now);
    }

    /// The kept span (index) that byte `at` lies in, if any; never asked of a byte
    /// before the last one asked.
    #[inline(always)]
    fn span_at(&self, state: &mut State, at: usize) -> Option<usize> {
        let spans = self.spans;
        while state.span_at < spans.len() && spans[state.span_at].1 <= at {
            state.span_at += 1;
        }
        (state.span_at < spans.len() && spans[state.span_at].0 <= at).then_some(state.span_at)
    }

    /// The word `text[start..end]`: most are mid-sentence and before the next span edge,
    /// and their line is written straight away, `O` outside a span, `B-`/`I-` inside.
    #[inline(always)]
    fn word(&mut self, state: &mut State, start: usize, end: usize) {
        let plain = end <= state.edge && !state.line_break && !state.after_terminal;
        if !plain {
            return self.token(state, start, end, true);
        }
        state.in_sentence = true;
        append(self.out.w, self.text.as_bytes(), start, end);
        match state.span_now {
            None => self.out.w.extend_from_slice(&self.out.outside),
            Some(i) => self.in_span(state.last_span == Some(i), i),
        }
        state.last_span = state.span_now;
    }

    /// The tag of a token in kept span `i` and its line's end; `continues`: the token
    /// before was in it too.
    #[inline(never)]
    fn in_span(&mut self, continues: bool, i: usize) {
        let out = &mut *self.out;
        out.w.extend_from_slice(out.sep.as_bytes());
        out.w
            .extend_from_slice(if continues { b"I-" } else { b"B-" });
        out.w.extend_from_slice(self.kept[i].label.as_bytes());
        out.w.push(b'\n');
        out.tagged[i] = true;
    }

    /// One token line, after a sentence break when this token starts a new sentence;
    /// `span`: the kept span it lies in.
    #[inline(always)]
    fn part(
        &mut self,
        state: &mut State,
        start: usize,
        end: usize,
        word: bool,
        span: Option<usize>,
    ) {
        let token = &self.text[start..end];
        let (closing, terminal) = match word {
            true => (false, false),
            false => (is_closing(token), is_terminal(token)),
        };
        let new_sentence =
            state.line_break || (state.after_terminal && !closing && !starts_lower(token));
        state.line_break = false;
        state.after_terminal = terminal || (state.after_terminal && closing);
        let continues = span.is_some() && state.last_span == span;
        let out = &mut *self.out;
        if new_sentence && state.in_sentence && !continues {
            out.w.push(b'\n');
        }
        state.in_sentence = true;
        state.last_span = span;
        append(out.w, self.text.as_bytes(), start, end);
        match span {
            None => out.w.extend_from_slice(&out.outside),
            Some(i) => self.in_span(continues, i),
        }
    }
}

/// Appends `bytes[start..end]` to `w`; a token of up to 32 bytes as one copy of that
/// fixed size, then cut back, which spares a call to `memcpy` for each token.
#[inline(always)]
fn append(w: &mut Vec<u8>, bytes: &[u8], start: usize, end: usize) {
    let len = w.len();
    match bytes.get(start..start + 32) {
        Some(block) if end - start <= 32 => {
            let block: &[u8; 32] = block.try_into().expect("a 32-byte range");
            w.extend_from_slice(block);
            w.truncate(len + end - start);
        }
        _ => w.extend_from_slice(&bytes[start..end]),
    }
}
