//! The fuzzy engine. fuzzy-matcher is used here and nowhere else, so swapping it touches
//! this file only. Both sides are folded first: SkimMatcherV2 ignores case for ASCII only
//! (skim issue #454), so we compare folded strings case-sensitively.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;
use std::cell::RefCell;
use std::sync::LazyLock;

use super::fold::{
    COMPACT_CYRILLIC, Folded, char_mask, compact_mask, fold_with_map, is_cyrillic,
    skeleton_of_fold, skeleton_with_map,
};
use super::skim;

static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

thread_local! {
    /// A word's chars and the scorer's buffers, reused from word to word.
    static SCRATCH: RefCell<(Vec<char>, skim::Scratch)> = RefCell::default();
}

/// One query word, folded, ready to be matched against folded words.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The word as typed.
    pub raw: String,
    fold: Side,
    skeleton: Side,
    /// Typed in Cyrillic only: compared with Cyrillic words in the fold, where Kazakh and
    /// Russian spellings differ least; compared with anything else in the skeleton.
    cyrillic: bool,
}

#[derive(Debug, Clone)]
struct Side {
    text: Box<str>,
    chars: Box<[char]>,
    /// `fold::compact_mask` of the text.
    mask: u32,
    /// Built once per query: `str::contains` sets a searcher up for every word.
    finder: memmem::Finder<'static>,
    /// For a pattern that may skip letters: pairs of its adjacent letters, one of which
    /// any match holds as it is (see `kept_pairs`).
    pairs: Box<[memmem::Finder<'static>]>,
}

/// Letters a query may leave out inside a match: none up to 3 letters, then one per 4.
/// SkimMatcherV2 accepts any subsequence ("ар" in "Атырау"), which on a vocabulary of
/// many thousand words matches nearly everything; this bound keeps matches meaningful
/// while "жемкорлк" still finds "жемқорлықпен".
fn gap_budget(pattern_len: usize) -> usize {
    pattern_len / 4
}

/// A match skips letters in at most `gap_budget` of the pattern's gaps, so of any
/// `gap_budget + 1` of its adjacent pairs one is in the word unbroken: these, spread from
/// the first pair to the last.
fn kept_pairs(chars: &[char]) -> Vec<String> {
    let budget = gap_budget(chars.len());
    if budget == 0 {
        return Vec::new();
    }
    let last = chars.len() - 2;
    let mut gaps: Vec<usize> = (0..=budget).map(|i| i * last / budget).collect();
    gaps.dedup();
    gaps.iter()
        .map(|&g| chars[g..g + 2].iter().collect())
        .collect()
}

impl Side {
    fn new(text: Box<str>, mask: u32) -> Side {
        let chars: Box<[char]> = text.chars().collect();
        let pairs = kept_pairs(&chars)
            .iter()
            .map(|pair| memmem::Finder::new(pair.as_bytes()).into_owned())
            .collect();
        Side {
            chars,
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            pairs,
            text,
            mask,
        }
    }

    /// The score, through `skim::score`, which gives fuzzy-matcher's number several times
    /// faster: for the vocabulary scan (a million words per keystroke) and the hits' texts.
    #[inline]
    fn score_fast(&self, target: &str, target_mask: u32) -> Option<i64> {
        if !self.may_match(target, target_mask) {
            return None;
        }
        SCRATCH.with_borrow_mut(|(chars, scratch)| {
            chars.clear();
            chars.extend(target.chars());
            if gap_budget(self.chars.len()) > 0 && self.window(chars).is_none() {
                return None;
            }
            skim::score(chars, &self.chars, scratch)
        })
    }

    /// The cheap tests: every letter present and the pattern in the word as it is (when
    /// it may skip no letter), else one of its kept pairs.
    #[inline]
    fn may_match(&self, target: &str, target_mask: u32) -> bool {
        // An empty side (a query of only ь, ъ) would match everything.
        if self.chars.is_empty() || self.mask & !target_mask != 0 {
            return false;
        }
        let bytes = target.as_bytes();
        match gap_budget(self.chars.len()) {
            0 => self.finder.find(bytes).is_some(),
            _ => self.pairs.iter().any(|pair| pair.find(bytes).is_some()),
        }
    }

    fn narrows(&self, broader: &Side) -> bool {
        if broader.chars.is_empty() {
            // an empty side matched nothing, so it cannot vouch for anything
            return self.chars.is_empty();
        }
        self.text.starts_with(&*broader.text)
            && gap_budget(self.chars.len()) == gap_budget(broader.chars.len())
    }

    /// The tightest place where the pattern occurs in `target` with at most the allowed
    /// letters skipped: the matched positions, earliest first among equally tight ones.
    fn window(&self, target: &[char]) -> Option<Vec<usize>> {
        let p = &self.chars;
        let budget = gap_budget(p.len());
        let first = *p.first()?;
        let mut best: Option<(usize, usize)> = None;
        'starts: for start in (0..target.len()).filter(|&i| target[i] == first) {
            let mut at = start;
            let mut ok = true;
            for (k, &c) in p.iter().enumerate().skip(1) {
                match target[at + 1..].iter().position(|&t| t == c) {
                    Some(step) => at += 1 + step,
                    // Not after this start, so not after any later one either.
                    None => break 'starts,
                }
                if at - start - k > budget {
                    ok = false;
                    break;
                }
            }
            if !ok {
                continue;
            }
            let skipped = at - start + 1 - p.len();
            if best.is_none_or(|(s, _)| skipped < s) {
                best = Some((skipped, start));
                if skipped == 0 {
                    break;
                }
            }
        }
        let (_, start) = best?;
        let mut positions = Vec::with_capacity(p.len());
        let mut at = start;
        positions.push(at);
        for &c in &p[1..] {
            at += 1 + target[at + 1..].iter().position(|&t| t == c)?;
            positions.push(at);
        }
        Some(positions)
    }
}

impl Pattern {
    /// `None` when there is nothing to match (no letter or digit).
    pub fn new(raw: &str) -> Option<Pattern> {
        let folded = Folded::new(raw);
        if !folded.fold.chars().any(char::is_alphanumeric) {
            return None;
        }
        let cyrillic = folded.fold.chars().any(is_cyrillic)
            && !folded.fold.chars().any(|c| c.is_ascii_alphabetic());
        Some(Pattern {
            raw: raw.to_string(),
            fold: Side::new(folded.fold, compact_mask(folded.fold_mask)),
            skeleton: Side::new(folded.skeleton, compact_mask(folded.skeleton_mask)),
            cyrillic,
        })
    }

    fn uses_fold(&self, target_fold_mask: u32) -> bool {
        self.cyrillic && target_fold_mask & COMPACT_CYRILLIC != 0
    }

    /// The score of a folded word (or span text), if it matches well enough.
    #[inline]
    pub fn score(&self, target: &Folded) -> Option<i64> {
        self.score_parts(
            &target.fold,
            compact_mask(target.fold_mask),
            &target.skeleton,
            compact_mask(target.skeleton_mask),
        )
    }

    /// `score` for a word whose forms are kept apart (the index keeps them in arenas),
    /// with their `fold::compact_mask`s.
    #[inline]
    pub fn score_parts(
        &self,
        fold: &str,
        fold_mask: u32,
        skeleton: &str,
        skeleton_mask: u32,
    ) -> Option<i64> {
        if self.uses_fold(fold_mask) {
            self.fold.score_fast(fold, fold_mask)
        } else {
            self.skeleton.score_fast(skeleton, skeleton_mask)
        }
    }

    /// Whether every word `self` matches is one `broader` matches too: `self` was typed
    /// from `broader` by adding letters at the end, with the same skip budget on both
    /// forms. Then `self` need only be tried on `broader`'s matches.
    pub fn narrows(&self, broader: &Pattern) -> bool {
        self.cyrillic == broader.cyrillic
            && self.fold.narrows(&broader.fold)
            && self.skeleton.narrows(&broader.skeleton)
    }

    /// Whether the two match the very same words with the very same scores.
    pub fn same_as(&self, other: &Pattern) -> bool {
        self.cyrillic == other.cyrillic
            && self.fold.text == other.fold.text
            && self.skeleton.text == other.skeleton.text
    }

    /// One letter typed (its Latin key may be longer: ж is `zh`): in nearly every word.
    pub fn is_one_letter(&self) -> bool {
        self.fold.chars.len() <= 1
    }

    /// The score of a word given as its fold; `skeleton` is scratch space.
    pub fn score_fold(&self, fold: &str, skeleton: &mut String) -> Option<i64> {
        let mask = compact_mask(char_mask(fold));
        if self.uses_fold(mask) {
            return self.fold.score_fast(fold, mask);
        }
        skeleton_of_fold(fold, skeleton);
        self.skeleton
            .score_fast(skeleton, compact_mask(char_mask(skeleton)))
    }

    /// The score and the matched positions, in code points of `surface` (the unfolded word).
    pub fn positions(&self, surface: &str) -> Option<(i64, Vec<usize>)> {
        let (fold, fold_map) = fold_with_map(surface);
        let mask = compact_mask(char_mask(&fold));
        let (side, target, map) = if self.uses_fold(mask) {
            (&self.fold, fold, fold_map)
        } else {
            let (skel, skel_map) = skeleton_with_map(&fold);
            let map = skel_map.into_iter().map(|i| fold_map[i]).collect();
            (&self.skeleton, skel, map)
        };
        if !side.may_match(&target, compact_mask(char_mask(&target))) {
            return None;
        }
        let chars: Vec<char> = target.chars().collect();
        let window = side.window(&chars)?;
        // fuzzy-matcher's own score, which `skim::score` gives faster for the scans
        let score = MATCHER.fuzzy_match(&target, &side.text)?;
        let mut positions: Vec<usize> = window.into_iter().map(|i| map[i]).collect();
        positions.dedup();
        Some((score, positions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, word: &str) -> bool {
        Pattern::new(pattern)
            .unwrap()
            .score(&Folded::new(word))
            .is_some()
    }

    #[test]
    fn matches_across_case_kazakh_letters_and_scripts() {
        assert!(matches("атырау", "АТЫРАУ"));
        assert!(matches("Atyrau", "Атырау"));
        assert!(matches("атырау", "Atyrau"));
        assert!(matches("досмухамбетов", "Досмұхамбетовтің"));
        assert!(matches("Dosmukhambetov", "Досмұхамбетовтің"));
        assert!(matches("жемкорлык", "жемқорлықпен"));
        assert!(matches("жемқорлық", "жемқорлықпен"));
        assert!(matches("ЖЕМҚОРЛЫҚ", "жемкорлыққа"));
        assert!(matches("Qazaqstan", "Қазақстандағы"));
        assert!(matches("ь", "Ильяс"));
        assert!(!matches("ь", "Atyrau"));
    }

    #[test]
    fn tolerates_a_missing_letter_but_not_scattered_letters() {
        assert!(matches("жемкорлк", "жемқорлықпен"));
        assert!(matches("атрау", "Атырау"));
        assert!(!matches("ар", "Атырау"));
        assert!(!matches("аыу", "Атырау"));
        assert!(!matches("zzz", "Атырау"));
        assert!(!matches("атырауы", "Атырау"));
        assert!(matches("ау", "Атырау"));
        assert!(!matches("жмкрлк", "жемқорлықпен"));
    }

    #[test]
    fn positions_point_into_the_unfolded_word() {
        let p = Pattern::new("Dosmukhambetov").unwrap();
        let (_, pos) = p.positions("Досмұхамбетовтің").unwrap();
        assert_eq!(pos, (0..13).collect::<Vec<_>>());
        let p = Pattern::new("облыс").unwrap();
        let (_, pos) = p.positions("ОБЛЫСЫ").unwrap();
        assert_eq!(pos, [0, 1, 2, 3, 4]);
        assert!(p.positions("Атырау").is_none());
        // The tight match wins over the one skim would score higher (the word's head).
        let p = Pattern::new("ау").unwrap();
        assert_eq!(p.positions("Атырау").unwrap().1, [4, 5]);
        let p = Pattern::new("жемкорлк").unwrap();
        assert_eq!(
            p.positions("Жемқорлықпен").unwrap().1,
            [0, 1, 2, 3, 4, 5, 6, 8]
        );
    }

    proptest::proptest! {
        /// Whatever matches within the skip budget holds one of the kept pairs whole.
        #[test]
        fn a_match_always_holds_a_kept_pair(
            pattern in "[абвг]{4,13}",
            inserts in proptest::collection::vec((0usize..14, "[абвгд]"), 0..4),
            ends in ("[абвгд]{0,3}", "[абвгд]{0,3}"),
        ) {
            // the pattern with a few letters slipped in, often still a match
            let mut chars: Vec<char> = pattern.chars().collect();
            for (at, c) in &inserts {
                chars.insert((*at).min(chars.len()), c.chars().next().unwrap());
            }
            let word: String = ends.0.chars().chain(chars).chain(ends.1.chars()).collect();
            let chars: Vec<char> = word.chars().collect();
            let side = Side::new(pattern.as_str().into(), 0);
            if side.window(&chars).is_some() {
                proptest::prop_assert!(side.may_match(&word, u32::MAX), "{} in {}", pattern, word);
            }
        }
    }

    #[test]
    fn punctuation_only_is_no_pattern() {
        assert!(Pattern::new("").is_none());
        assert!(Pattern::new("  ").is_none());
        assert!(Pattern::new("«»").is_none());
        assert!(Pattern::new("«Ақ»").is_some_and(|p| p.raw == "«Ақ»"));
    }
}
