//! Span edges: the one rule for what `boundary` finds and what `--fix boundary` trims.
//!
//! An edge is wrong when it is whitespace, punctuation that is not part of the name (a
//! comma, a full stop, a colon, a dash, a quote or bracket whose pair is not inside the
//! span), or when it cuts a word in half. A quote that opens a title closed inside the
//! span (`«Қазақстан темір жолы» ҰК`) belongs to the name; a full stop after a
//! one-letter word is an initial (`Ә.`) and stays.

use super::{Doc, Finding, Kind, Remedy, finding};
use crate::annotation::Span;
use crate::search::fold::is_word_char;
use crate::text::CharIndex;

/// Quotes and brackets that open, with the marks that may close them.
const PAIRS: &[(char, &[char])] = &[
    ('«', &['»']),
    ('“', &['”']),
    ('„', &['“', '”']),
    ('‘', &['’']),
    ('‹', &['›']),
    ('"', &['"']),
    ('\'', &['\'']),
    ('(', &[')']),
    ('[', &[']']),
];

/// Punctuation that never starts or ends a name.
fn is_stray(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '!' | '?' | '-' | '–' | '—' | '…')
}

/// Whether the quote or bracket `c` at an edge is closed (or opened) inside `chars`.
fn paired(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    let opens = PAIRS.iter().find(|(o, _)| *o == c);
    let closes = PAIRS.iter().filter(|(_, cs)| cs.contains(&c));
    if at == 0 {
        opens.is_some_and(|(_, cs)| chars[1..].iter().any(|x| cs.contains(x)))
    } else {
        closes.into_iter().any(|(o, _)| chars[..at].contains(o))
    }
}

fn is_quote(c: char) -> bool {
    PAIRS.iter().any(|(o, cs)| *o == c || cs.contains(&c))
}

/// How many chars to cut from the start and from the end of `text` (a span's covered
/// text) so that neither edge is stray punctuation; `None` when nothing would be left.
pub fn edge_trim(text: &str) -> Option<(usize, usize)> {
    let mut chars: Vec<char> = text.chars().collect();
    let (mut lead, mut trail) = (0, 0);
    loop {
        let &first = chars.first()?;
        if is_stray(first) || first == '.' || (is_quote(first) && !paired(&chars, 0)) {
            chars.remove(0);
            lead += 1;
            continue;
        }
        let last = chars[chars.len() - 1];
        let at = chars.len() - 1;
        let stray_stop = last == '.' && !after_initial(&chars);
        if is_stray(last) || stray_stop || (is_quote(last) && (at == 0 || !paired(&chars, at))) {
            chars.pop();
            trail += 1;
            continue;
        }
        return Some((lead, trail));
    }
}

/// Whether the full stop ending `chars` follows a one-letter word (an initial).
fn after_initial(chars: &[char]) -> bool {
    let n = chars.len();
    n >= 2 && chars[n - 2].is_alphabetic() && (n == 2 || !chars[n - 3].is_alphanumeric())
}

/// Whether `[start, end)` begins or ends inside a word of `text`: `(start cut, end cut)`.
pub fn inside_word(text: &str, index: &CharIndex, start: usize, end: usize) -> (bool, bool) {
    let at = |cp: usize| {
        let b = index.byte(text, cp)?;
        text[b..].chars().next()
    };
    let word = |c: Option<char>| c.is_some_and(is_word_char);
    let cut_start = start > 0 && word(at(start - 1)) && word(at(start));
    let cut_end = end > 0 && word(at(end - 1)) && word(at(end));
    (cut_start, cut_end)
}

/// The `boundary` finding of one accepted span, if its edges are wrong.
pub(super) fn check(d: &Doc, index: &CharIndex, s: &Span) -> Option<Finding> {
    let covered = index.slice(d.text, s.start, s.end)?;
    let trim = edge_trim(covered);
    let (cut_start, cut_end) = inside_word(d.text, index, s.start, s.end);
    let mut why = Vec::new();
    let mut remedy = None;
    match trim {
        Some((0, 0)) => {}
        Some((lead, trail)) => {
            let (start, end) = (s.start + lead, s.end - trail);
            let kept = index.slice(d.text, start, end).unwrap_or_default();
            why.push(format!(
                "outer punctuation or space: {kept:?} would be the name"
            ));
            remedy = Some(Remedy::Trim { start, end });
        }
        None => why.push("nothing but punctuation or space".to_string()),
    }
    if cut_start {
        why.push("begins inside a word".to_string());
    }
    if cut_end {
        why.push("ends inside a word".to_string());
    }
    if why.is_empty() {
        return None;
    }
    let mut f = finding(d, Kind::Boundary, s, why.join("; "));
    f.remedy = remedy;
    Some(f)
}
