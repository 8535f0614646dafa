//! SkimMatcherV2's score (fuzzy-matcher 0.3, default weights, case respected), computed
//! the way its compressed two-row matrix does, cell for cell, but without the three
//! thread-local lookups, the char copies and the bonus vector it allocates on every call:
//! on a vocabulary of a million words those cost more than the matching itself. A property
//! test holds it equal to fuzzy-matcher on every input.

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// The bonus for matching a character, by what kind of character precedes it.
fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty | CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const RESET: Cell = Cell {
    m: NEG_INFINITY,
    p: NEG_INFINITY,
    bonus: 0,
};

/// Buffers one thread reuses from word to word.
#[derive(Default)]
pub struct Scratch {
    cells: Vec<Cell>,
    bonuses: Vec<i32>,
    first: Vec<usize>,
}

/// The score SkimMatcherV2 gives `pattern` in `choice` (both as chars), `None` when the
/// pattern is not a subsequence.
pub fn score(choice: &[char], pattern: &[char], scratch: &mut Scratch) -> Option<i64> {
    if pattern.is_empty() {
        return Some(0);
    }
    if pattern.len() == 1 {
        return score_one(choice, pattern[0]);
    }
    let first = &mut scratch.first;
    first_matches(choice, pattern, first)?;
    let cols = choice.len() + 1;
    let bonuses = &mut scratch.bonuses;
    bonuses.clear();
    bonuses.resize(cols, 0);
    // the matrix never looks left of the first match, so neither do the bonuses
    let from = first[0];
    let mut prev = match from {
        0 => CharType::Empty,
        _ => char_type(choice[from - 1]),
    };
    for (j, &c) in choice.iter().enumerate().skip(from) {
        let cur = char_type(c);
        bonuses[j + 1] = in_place_bonus(prev, cur);
        prev = cur;
    }
    bonuses[1] *= FIRST_CHAR_MULTIPLIER;
    let cells = &mut scratch.cells;
    cells.clear();
    cells.resize(2 * cols, RESET);
    for cell in &mut cells[..cols] {
        cell.p = GAP_EXTENSION;
    }
    for (i, &p) in pattern.iter().enumerate() {
        let (row, row_prev) = (((i + 1) & 1) * cols, (i & 1) * cols);
        for (j, &c) in choice.iter().enumerate().skip(first[i]) {
            let (cur, last, prev) = (row + j + 1, row + j, row_prev + j);
            if c == p {
                let in_place = bonuses[j + 1];
                let consecutive = cells[last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                cells[last].bonus = consecutive;
                let by_match = cells[prev].m + consecutive;
                let by_skip = cells[prev].p + in_place;
                cells[cur].m = by_match.max(by_skip) + SCORE_MATCH;
            } else {
                cells[cur].m = NEG_INFINITY;
                cells[cur].bonus = 0;
            }
            let after_match = GAP_START + GAP_EXTENSION + cells[last].m;
            let after_skip = GAP_EXTENSION + cells[last].p;
            cells[cur].p = after_match.max(after_skip);
        }
    }
    let last_row = (pattern.len() & 1) * cols;
    let from = first[pattern.len() - 1];
    cells[last_row + from..last_row + cols]
        .iter()
        .map(|c| c.m)
        .max()
        .map(i64::from)
}

/// One pattern char: the matrix reduces to the best in-place bonus of its occurrences.
fn score_one(choice: &[char], p: char) -> Option<i64> {
    let mut best: Option<i32> = None;
    let mut prev = CharType::Empty;
    for (j, &c) in choice.iter().enumerate() {
        let cur = char_type(c);
        if c == p {
            let mut bonus = in_place_bonus(prev, cur);
            if j == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            best = Some(best.map_or(bonus, |b| b.max(bonus)));
        }
        prev = cur;
    }
    best.map(|b| i64::from(b + GAP_EXTENSION + SCORE_MATCH))
}

/// Where each pattern char first matches, greedily left to right (fuzzy-matcher's
/// `cheap_matches`); `None` when the pattern is not a subsequence.
fn first_matches(choice: &[char], pattern: &[char], out: &mut Vec<usize>) -> Option<()> {
    out.clear();
    let mut wanted = pattern.iter();
    let mut next = wanted.next();
    for (j, &c) in choice.iter().enumerate() {
        match next {
            Some(&p) if p == c => {
                out.push(j);
                next = wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    next.is_none().then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    fn reference(choice: &str, pattern: &str) -> Option<i64> {
        // a fresh matcher each time: SkimMatcherV2 reuses its matrix between calls and,
        // for patterns of three or more chars, reads a bonus left over from the last call
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(choice, pattern)
    }

    fn ours(choice: &str, pattern: &str) -> Option<i64> {
        let c: Vec<char> = choice.chars().collect();
        let p: Vec<char> = pattern.chars().collect();
        score(&c, &p, &mut Scratch::default())
    }

    #[test]
    fn scores_as_fuzzy_matcher_does_on_known_words() {
        for (choice, pattern) in [
            ("атырау", "а"),
            ("атырау", "ау"),
            ("атырау", "атырау"),
            ("жемкорлыкпен", "жемкорлк"),
            ("dosmukambetov", "dosmuk"),
            ("аааа", "ааа"),
            ("ab-cd ef", "bce"),
            ("abcAbc", "aa"),
            ("атырау", "zz"),
            ("", "а"),
        ] {
            assert_eq!(
                ours(choice, pattern),
                reference(choice, pattern),
                "{choice} {pattern}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn equals_fuzzy_matcher(
            choice in "[аәбтыруқк0-9aAbB \\-/._]{0,14}",
            pattern in "[аәбтыруқк0-9aAbB\\-.]{1,5}",
        ) {
            prop_assert_eq!(ours(&choice, &pattern), reference(&choice, &pattern));
        }

        #[test]
        fn reusing_the_scratch_changes_nothing(
            words in proptest::collection::vec("[аатыру aA-]{0,10}", 1..8),
            pattern in "[атыру]{1,4}",
        ) {
            let p: Vec<char> = pattern.chars().collect();
            let mut scratch = Scratch::default();
            for w in &words {
                let c: Vec<char> = w.chars().collect();
                prop_assert_eq!(score(&c, &p, &mut scratch), ours(w, &pattern));
            }
        }
    }
}
