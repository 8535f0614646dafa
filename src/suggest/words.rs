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

/// Whether `word` is `stem` or `stem` with an inflectional ending (Атырау → Атырауда,
/// Атыраудағы, Токаев → Токаева). This is the one rule that lets a suggestion reach past
/// the name: the letters after a stem of at least `MIN_STEM` characters must be one of
/// the endings below, not any continuation (алтынның "of gold" is no form of алты "six").
pub fn inflects(word: &str, stem: &str) -> bool {
    if word == stem {
        return true;
    }
    let Some(rest) = word.strip_prefix(stem) else {
        return false;
    };
    stem.chars().count() >= MIN_STEM
        && (RUSSIAN_ENDINGS.contains(&rest) || is_kazakh_ending(rest, stem))
}

// The endings are written folded (see `search::fold`): қ→к, ғ→г, ң→н, і→и, ә→а and so on,
// so one entry stands for both vowel-harmony variants where the fold merges them.

/// Russian case endings a name takes after its whole form (Назарбаева, Казахстаном).
const RUSSIAN_ENDINGS: &[&str] = &[
    "а", "я", "у", "ю", "е", "ы", "и", "ом", "ем", "ой", "ей", "ою", "ею", "ам", "ям", "ами",
    "ями", "ах", "ях",
];

/// Kazakh plural endings.
const KAZAKH_PLURAL: &[&str] = &["лар", "лер", "дар", "дер", "тар", "тер"];

/// The Kazakh possessive of the third person (облыс-ы, Астана-сы); the first and second
/// persons are left out: folded, Алты-ң-ның reads as алтынның.
const KAZAKH_POSSESSIVE: &[&str] = &["ы", "и", "сы", "си"];

/// Kazakh case endings, with the locative's adjective (-дағы) and the forms after a
/// possessive (-ның, -на, -нда, -нан), which a name ending in one takes (облысының).
const KAZAKH_CASES: &[&str] = &[
    // genitive
    "нын",
    "нин",
    "дын",
    "дин",
    "тын",
    "тин",
    // dative
    "га",
    "ге",
    "ка",
    "ке",
    "на",
    "не",
    "а",
    "е",
    // accusative
    "ны",
    "ни",
    "ды",
    "ди",
    "ты",
    "ти",
    // locative, and the adjective made from it
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде",
    "дагы",
    "деги",
    "тагы",
    "теги",
    "ндагы",
    "ндеги",
    // ablative
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    // instrumental
    "мен",
    "бен",
    "пен",
    "менен",
    "бенен",
    "пенен",
];

/// Whether `rest` is a Kazakh plural, possessive and case, each optional, in that order.
/// The accusative after a possessive is a bare н, taken only after one `rest` holds or a
/// stem ending in сы/си (облысы → облысын): after any other vowel it makes other words
/// (алты → алтын "gold").
fn is_kazakh_ending(rest: &str, stem: &str) -> bool {
    let plural = KAZAKH_PLURAL.iter().filter_map(|e| rest.strip_prefix(e));
    for after_plural in std::iter::once(rest).chain(plural) {
        let possessive = KAZAKH_POSSESSIVE
            .iter()
            .filter_map(|e| after_plural.strip_prefix(e))
            .map(|r| (r, true));
        let possessed_stem = after_plural == rest && (stem.ends_with("сы") || stem.ends_with("си"));
        for (after, possessed) in std::iter::once((after_plural, possessed_stem)).chain(possessive)
        {
            if after.is_empty() || KAZAKH_CASES.contains(&after) || possessed && after == "н" {
                return true;
            }
        }
    }
    false
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
        assert!(inflects("атыраудагы", "атырау"));
        assert!(!inflects("атырау2", "атырау"));
        assert!(!inflects("актобе", "ак"));
        assert!(inflects("ак", "ак"));
        assert!(!inflects("атыр", "атырау"));
    }

    fn folded_inflects(word: &str, stem: &str) -> bool {
        inflects(&fold::fold(word), &fold::fold(stem))
    }

    #[test]
    fn endings_are_kazakh_or_russian_inflections_not_any_letters() {
        for (word, stem) in [
            ("Атыраудағы", "Атырау"),
            ("Атыраудан", "Атырау"),
            ("Атыраумен", "Атырау"),
            ("Астанаға", "Астана"),
            ("Астанасының", "Астана"),
            ("алтының", "алты"),
            ("облысының", "облысы"),
            ("облысындағы", "облысы"),
            ("облысын", "облысы"),
            ("агенттігінің", "агенттігі"),
            ("Тоқаевқа", "Тоқаев"),
            ("Тоқаевтың", "Тоқаев"),
            ("Досмұхамбетовтің", "Досмұхамбетов"),
            ("Қазақстанның", "Қазақстан"),
            ("Қазақстанда", "Қазақстан"),
            ("Назарбаева", "Назарбаев"),
            ("Казахстаном", "Казахстан"),
            ("Казахстане", "Казахстан"),
        ] {
            assert!(folded_inflects(word, stem), "{word} is a form of {stem}");
        }
        for (word, stem) in [
            ("алтынның", "алты"),
            ("алтын", "алты"),
            ("алтынды", "алты"),
            ("Қазақстан", "Қазақ"),
            ("Атыраулық", "Атырау"),
            ("Атырауыңның", "Атырау"),
            ("Маратович", "Марат"),
        ] {
            assert!(!folded_inflects(word, stem), "{word} is no form of {stem}");
        }
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
