//! Texts as sequences of folded words (as search folds them) with the separators between
//! them, so a phrase and an article meet word by word, whatever their case or keyboard.

use crate::search::fold;

/// The shortest last word that may take endings: shorter ones ("Ақ", "ҚР") would match
/// the start of too many unrelated words.
pub const MIN_STEM: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Word {
    fold_start: u32,
    fold_end: u32,
    /// `[start, end)` in code points of the text.
    start: usize,
    end: usize,
}

/// The words of a text, folded, with their offsets and the separators between them.
#[derive(Debug, Clone, Default)]
pub struct FoldedWords {
    folds: String,
    words: Vec<Word>,
    gaps: String,
    /// `gaps[gap_ends[i - 1]..gap_ends[i]]` separates word `i` from word `i + 1`.
    gap_ends: Vec<u32>,
}

impl FoldedWords {
    pub fn new(text: &str) -> FoldedWords {
        let mut out = FoldedWords {
            folds: String::with_capacity(text.len()),
            words: Vec::with_capacity(text.len() / 8),
            gaps: String::with_capacity(text.len() / 8),
            gap_ends: Vec::with_capacity(text.len() / 8),
        };
        let mut previous_end: Option<usize> = None;
        for w in fold::words(text) {
            if let Some(byte_end) = previous_end {
                push_gap(&text[byte_end..w.byte_start], &mut out.gaps);
                out.gap_ends.push(out.gaps.len() as u32);
            }
            let fold_start = out.folds.len() as u32;
            fold::fold_into(w.text, &mut out.folds);
            out.words.push(Word {
                fold_start,
                fold_end: out.folds.len() as u32,
                start: w.start,
                end: w.end,
            });
            previous_end = Some(w.byte_start + w.text.len());
        }
        out
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn fold(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.folds[w.fold_start as usize..w.fold_end as usize]
    }

    /// The separator between word `i` and word `i + 1`, folded, spaces collapsed.
    pub fn gap(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.gap_ends[i - 1] };
        &self.gaps[start as usize..self.gap_ends[i] as usize]
    }

    /// `[start, end)` in code points of words `first..first + count`.
    pub fn range(&self, first: usize, count: usize) -> (usize, usize) {
        (self.words[first].start, self.words[first + count - 1].end)
    }

    /// The words `first..first + count` as one key: folds joined by their separators.
    pub fn key(&self, first: usize, count: usize) -> String {
        let mut key = String::new();
        for j in first..first + count {
            if j > first {
                key.push_str(self.gap(j - 1));
            }
            key.push_str(self.fold(j));
        }
        key
    }

    /// The whole text as one key (see `key`); empty when it has no words.
    pub fn whole_key(&self) -> String {
        if self.is_empty() {
            String::new()
        } else {
            self.key(0, self.len())
        }
    }

    /// Whether the words from `at` on read as `phrase`, its last word possibly inflected.
    pub fn matches_at(&self, at: usize, phrase: &FoldedWords) -> bool {
        let count = phrase.len();
        if count == 0 || at + count > self.len() {
            return false;
        }
        let last = count - 1;
        (0..last).all(|j| self.fold(at + j) == phrase.fold(j) && self.gap(at + j) == phrase.gap(j))
            && inflects(self.fold(at + last), phrase.fold(last))
    }
}

/// Whether `word` is `stem` or `stem` with letters after it (Атырау → Атырауда).
pub fn inflects(word: &str, stem: &str) -> bool {
    if word == stem {
        return true;
    }
    word.len() > stem.len()
        && word.starts_with(stem)
        && stem.chars().count() >= MIN_STEM
        && word[stem.len()..].chars().all(char::is_alphabetic)
}

/// Appends a separator: whitespace runs become one space (a newline if they hold one),
/// everything else is folded as words are.
fn push_gap(raw: &str, out: &mut String) {
    if raw == " " {
        out.push(' ');
        return;
    }
    let mut in_space: Option<char> = None;
    for c in raw.chars() {
        if c.is_whitespace() {
            let kind = if c == '\n' { '\n' } else { ' ' };
            in_space = Some(match in_space {
                Some('\n') => '\n',
                _ => kind,
            });
            continue;
        }
        if let Some(space) = in_space.take() {
            out.push(space);
        }
        let mut buf = [0u8; 4];
        fold::fold_into(c.encode_utf8(&mut buf), out);
    }
    if let Some(space) = in_space {
        out.push(space);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_and_separators_collapse() {
        let w = FoldedWords::new("«Атырау  облысы» іс-қимыл\nагенттігі");
        assert_eq!(w.len(), 5);
        assert_eq!(w.fold(0), "атырау");
        assert_eq!(w.gap(0), " ");
        assert_eq!(w.gap(1), "» ");
        assert_eq!(w.gap(2), "-");
        assert_eq!(w.gap(3), "\n");
        assert_eq!(w.range(0, 2), (1, 15));
        assert_eq!(w.key(2, 2), "ис-кимыл");
    }

    #[test]
    fn last_word_takes_endings_when_long_enough() {
        assert!(inflects("атырауда", "атырау"));
        assert!(inflects("атыраудын", "атырау"));
        assert!(!inflects("атырау2", "атырау"));
        assert!(!inflects("актобе", "ак"));
        assert!(inflects("ак", "ак"));
        assert!(!inflects("атыр", "атырау"));
    }

    #[test]
    fn phrases_match_word_by_word() {
        let text = FoldedWords::new("ҚР Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің басшысы");
        let phrase = FoldedWords::new("Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі");
        assert!(text.matches_at(1, &phrase));
        assert!(!text.matches_at(0, &phrase));
        let other_gap = FoldedWords::new("Сыбайлас жемқорлыққа қарсы іс қимыл агенттігі");
        assert!(!text.matches_at(1, &other_gap));
        // only the last word inflects
        let inner = FoldedWords::new("Сыбайлас жемқорлық қарсы");
        assert!(!text.matches_at(1, &inner));
    }
}
