//! The index: the corpus vocabulary (distinct folded words) with, for each word, the
//! articles that contain it; and each title's words. A query word is matched against the
//! vocabulary, never against every body.

use std::sync::OnceLock;

use super::recent::Recent;

#[derive(Debug, Default)]
pub struct Index {
    /// The words, their forms and their articles (in corpus order).
    pub(super) words: WordParts,
    /// Title `a`'s distinct words: `title_words[title_offsets[a]..title_offsets[a+1]]`.
    pub(super) title_offsets: Vec<u32>,
    pub(super) title_words: Vec<u32>,
    pub(super) articles: usize,
    pub(super) titles_only: bool,
    /// The distinct words of all titles, found when a query first needs them.
    pub(super) title_vocabulary: OnceLock<Box<[u32]>>,
    /// The last queries' matched words, to narrow the next keystroke's search.
    pub(super) recent: Recent,
}

/// The distinct folded words, their skeletons (see `fold`) and the masks that let a
/// query skip a word cheaply; in two strings, not a heap allocation per word.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Vocab {
    pub folds: Arena,
    pub skeletons: Arena,
    /// `fold::compact_mask` of each form.
    pub fold_masks: Vec<u32>,
    pub skeleton_masks: Vec<u32>,
}

/// The vocabulary and its postings in parts, word ids running on from one part to the
/// next: a built index keeps its shards as they were built (laid end to end they would be
/// copied, the index held twice for a while); one read from disk is one part.
#[derive(Debug, Default)]
pub(super) struct WordParts {
    parts: Vec<(Vocab, Postings)>,
    /// The id of each part's first word.
    starts: Vec<u32>,
    words: usize,
}

impl WordParts {
    pub fn new(parts: Vec<(Vocab, Postings)>) -> WordParts {
        let mut starts = Vec::with_capacity(parts.len());
        let mut words = 0;
        for (vocab, _) in &parts {
            starts.push(words as u32);
            words += vocab.folds.len();
        }
        WordParts {
            parts,
            starts,
            words,
        }
    }

    pub fn len(&self) -> usize {
        self.words
    }

    pub fn parts(&self) -> &[(Vocab, Postings)] {
        &self.parts
    }

    /// The part word `w` is in, and its place there.
    #[inline]
    pub fn locate(&self, w: usize) -> Option<(&Vocab, &Postings, usize)> {
        // the last part starting at or before `w` (an empty part starts where the next does)
        let p = self.starts.partition_point(|&start| start as usize <= w);
        let (vocab, postings) = self.parts.get(p.checked_sub(1)?)?;
        let i = w - self.starts[p - 1] as usize;
        (i < vocab.folds.len()).then_some((vocab, postings, i))
    }

    /// The words in runs of at most `most` within a part, each with its first word's id:
    /// a scan of every word shares them out among cores.
    pub fn runs(&self, most: usize) -> Vec<(u32, &Vocab, std::ops::Range<usize>)> {
        let mut runs = Vec::new();
        for ((vocab, _), &start) in self.parts.iter().zip(&self.starts) {
            let len = vocab.folds.len();
            let mut from = 0;
            while from < len {
                let to = (from + most).min(len);
                runs.push((start + from as u32, vocab, from..to));
                from = to;
            }
        }
        runs
    }
}

/// Many strings in one: string `i` is `text[ends[i-1]..ends[i]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Arena {
    pub text: String,
    pub ends: Vec<u32>,
}

impl Arena {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        // ends are checked to be char boundaries when an index is read from disk
        self.text.get(start..self.ends[i] as usize).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether every end is in order and on a char boundary (for data read from disk).
    pub fn is_consistent(&self) -> bool {
        let mut last = 0;
        self.ends.iter().all(|&e| {
            let ok = e >= last && self.text.is_char_boundary(e as usize);
            last = e;
            ok
        })
    }
}

/// Sorted lists of article numbers, each stored as varint deltas: a few bytes per
/// posting instead of four.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Postings {
    pub bytes: Vec<u8>,
    /// Where each list ends in `bytes`. Lists take about a tenth of the text they index,
    /// so 4 GiB of them would be a corpus far past the memory that holds it.
    pub ends: Vec<u32>,
}

impl Postings {
    pub fn push(&mut self, list: &[u32]) {
        self.put_deltas(list);
        self.ends.push(self.bytes.len() as u32);
    }

    /// Pushes `list`, then `first` and the articles after it (`rest`, varints each less
    /// the one before): the articles of a word before and after it was promoted.
    pub fn push_then(&mut self, list: &[u32], first: u32, rest: &[u8]) {
        let last = self.put_deltas(list);
        put_varint(&mut self.bytes, first - last);
        self.bytes.extend_from_slice(rest);
        self.ends.push(self.bytes.len() as u32);
    }

    /// Writes each article of `list` less the one before (the first less 0: itself), as
    /// varints: the last article, or 0.
    fn put_deltas(&mut self, list: &[u32]) -> u32 {
        let mut last = 0u32;
        for &a in list {
            put_varint(&mut self.bytes, a - last);
            last = a;
        }
        last
    }

    /// The articles of list `i`; a damaged list ends early rather than panicking.
    pub fn get(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = (self.ends[i] as usize).min(self.bytes.len());
        let mut bytes = self.bytes.get(start..end).unwrap_or(&[]);
        let mut last = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            let delta = take_varint(&mut bytes)?;
            last = if first {
                delta
            } else {
                last.wrapping_add(delta)
            };
            first = false;
            Some(last)
        })
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_consistent(&self) -> bool {
        let mut last = 0;
        self.ends.iter().all(|&e| {
            let ok = e >= last && e as usize <= self.bytes.len();
            last = e;
            ok
        })
    }
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[inline]
pub(super) fn take_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for shift in (0..35).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= ((b & 0x7f) as u32).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

impl Vocab {
    /// Whether the parts agree with each other (for data read from disk).
    pub fn is_consistent(&self) -> bool {
        let n = self.folds.len();
        self.folds.is_consistent()
            && self.skeletons.is_consistent()
            && self.skeletons.len() == n
            && self.fold_masks.len() == n
            && self.skeleton_masks.len() == n
    }
}

impl Index {
    /// How many articles were indexed.
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// How many distinct folded words.
    pub fn vocabulary(&self) -> usize {
        self.words.len()
    }

    /// Built from titles only (the stand-in while the full index is being built).
    pub fn titles_only(&self) -> bool {
        self.titles_only
    }

    /// The heap the index holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let words: usize = (self.words.parts.iter())
            .map(|(v, p)| {
                v.folds.text.len()
                    + v.skeletons.text.len()
                    + 4 * (v.folds.ends.len() + v.skeletons.ends.len())
                    + 4 * (v.fold_masks.len() + v.skeleton_masks.len())
                    + p.bytes.len()
                    + 4 * p.ends.len()
            })
            .sum();
        words + 4 * (self.title_offsets.len() + self.title_words.len())
    }

    /// Word `word`'s articles, in corpus order (none for a word the index lacks).
    pub(super) fn postings(&self, word: usize) -> impl Iterator<Item = u32> + '_ {
        let found = self.words.locate(word);
        found
            .into_iter()
            .flat_map(|(_, postings, i)| postings.get(i))
    }

    /// Word `word`'s fold (empty for a word the index lacks).
    #[cfg(test)]
    pub(super) fn fold(&self, word: usize) -> &str {
        self.words
            .locate(word)
            .map_or("", |(v, _, i)| v.folds.get(i))
    }

    pub(super) fn title_words(&self, article: usize) -> &[u32] {
        let (Some(&start), Some(&end)) = (
            self.title_offsets.get(article),
            self.title_offsets.get(article + 1),
        ) else {
            return &[];
        };
        self.title_words
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, SourceRef};
    use crate::search::build::CHUNK;
    use crate::search::matcher::Pattern;

    pub(crate) fn article(id: &str, title: &str, text: &str) -> Article {
        Article {
            title: title.into(),
            ..Article::from_text(id, text, SourceRef::new("test.txt", 1))
        }
    }

    fn hits(index: &Index, word: &str) -> Vec<usize> {
        let h = index.match_word(&Pattern::new(word).unwrap());
        (0..index.articles()).filter(|&a| h.best[a] > 0).collect()
    }

    #[test]
    fn a_list_pushed_then_goes_on_from_its_own_last_article() {
        let mut postings = Postings::default();
        let mut rest = Vec::new();
        put_varint(&mut rest, 3);
        // articles 2 and 5 before, then 9 and 12 (12 as 3 more than 9)
        postings.push_then(&[2, 5], 9, &rest);
        // none before: the first is itself
        postings.push_then(&[], 7, &rest);
        postings.push(&[4]);
        assert_eq!(postings.get(0).collect::<Vec<_>>(), [2, 5, 9, 12]);
        assert_eq!(postings.get(1).collect::<Vec<_>>(), [7, 10]);
        assert_eq!(postings.get(2).collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn finds_articles_by_title_or_body_word() {
        let articles = vec![
            article("a", "АТЫРАУ облысы", "Жиын өтті."),
            article("b", "Жаңалықтар", "Сыбайлас жемқорлықпен күрес."),
            article("c", "Ауа райы", "Атырауда жаңбыр."),
        ];
        let index = Index::build(&articles);
        assert_eq!(hits(&index, "атырау"), [0, 2]);
        assert_eq!(hits(&index, "жемкорлык"), [1]);
        assert_eq!(hits(&index, "Atyrau"), [0, 2]);
        assert!(hits(&index, "zzz").is_empty());
        let titles = Index::build_titles(&articles);
        assert!(titles.titles_only());
        assert_eq!(hits(&titles, "атырау"), [0]);
        assert!(hits(&titles, "жемкорлык").is_empty());
    }

    #[test]
    fn chunks_merge_into_one_vocabulary_with_sorted_postings() {
        // the corpus the layout's size below was taken on: more than two chunks
        let n = 4103;
        assert!(n > CHUNK * 2);
        let articles: Vec<Article> = (0..n)
            .map(|i| {
                let extra = if i % 3 == 0 {
                    "үшінші"
                } else {
                    "басқа"
                };
                article(
                    &i.to_string(),
                    &format!("Тақырып {i}"),
                    &format!("ортақ сөз {extra}"),
                )
            })
            .collect();
        let index = Index::build(&articles);
        assert_eq!(index.articles(), n);
        assert_eq!(hits(&index, "ортақ").len(), n);
        let thirds = hits(&index, "үшінші");
        assert_eq!(thirds, (0..n).filter(|i| i % 3 == 0).collect::<Vec<_>>());
        for w in 0..index.vocabulary() {
            let list: Vec<u32> = index.postings(w).collect();
            assert!(list.windows(2).all(|p| p[0] < p[1]));
        }
        // the layout's size for this corpus: a change here is a change of the index format
        assert_eq!(index.memory_bytes(), 186_574);
    }

    proptest::proptest! {
        /// Numbers written as varints read back the same, and a stream cut anywhere reads
        /// back a prefix of them, never more, never a panic.
        #[test]
        fn varints_read_back_what_was_written(
            numbers in proptest::collection::vec(proptest::prop_oneof![0u32..200, 0u32..=u32::MAX], 0..20),
            cut in 0usize..120,
        ) {
            let mut bytes = Vec::new();
            numbers.iter().for_each(|&n| put_varint(&mut bytes, n));
            let read = |mut rest: &[u8]| std::iter::from_fn(move || take_varint(&mut rest)).collect::<Vec<u32>>();
            proptest::prop_assert_eq!(&read(&bytes), &numbers);
            let cut = read(&bytes[..cut.min(bytes.len())]);
            proptest::prop_assert!(numbers.starts_with(&cut));
        }
    }

    #[test]
    fn title_words_are_recorded_per_article() {
        let articles = vec![article("a", "Атырау Атырау облысы", "")];
        let index = Index::build(&articles);
        assert_eq!(index.title_words(0).len(), 2);
    }
}
