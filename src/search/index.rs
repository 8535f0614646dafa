//! The index: the corpus vocabulary (distinct folded words) with, for each word, the
//! articles that contain it; and each title's words. A query word is matched against the
//! vocabulary, never against every body.

use rayon::prelude::*;
use std::collections::HashMap;

use super::fold::{Folded, for_each_folded_word};
use super::matcher::Pattern;
use crate::corpus::Article;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Articles per unit of parallel work while building.
const CHUNK: usize = 2048;

#[derive(Debug, Default)]
pub struct Index {
    pub(super) vocab: Vocab,
    /// Word `w`'s articles, in corpus order.
    pub(super) postings: Postings,
    /// Title `a`'s distinct words: `title_words[title_offsets[a]..title_offsets[a+1]]`.
    pub(super) title_offsets: Vec<u32>,
    pub(super) title_words: Vec<u32>,
    pub(super) articles: usize,
    pub(super) titles_only: bool,
}

/// The distinct folded words, their skeletons (see `fold`) and the masks that let a
/// query skip a word cheaply; in two strings, not a heap allocation per word.
#[derive(Debug, Default)]
pub(super) struct Vocab {
    pub folds: Arena,
    pub skeletons: Arena,
    pub fold_masks: Vec<u64>,
    pub skeleton_masks: Vec<u64>,
}

/// Many strings in one: string `i` is `text[ends[i-1]..ends[i]]`.
#[derive(Debug, Default)]
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
#[derive(Debug, Default)]
pub(super) struct Postings {
    pub bytes: Vec<u8>,
    pub ends: Vec<u64>,
}

impl Postings {
    pub fn push(&mut self, list: &[u32]) {
        let mut last = 0u32;
        for (i, &a) in list.iter().enumerate() {
            let delta = if i == 0 { a } else { a - last };
            put_varint(&mut self.bytes, delta);
            last = a;
        }
        self.ends.push(self.bytes.len() as u64);
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
            let ok = e >= last && e <= self.bytes.len() as u64;
            last = e;
            ok
        })
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[inline]
fn take_varint(bytes: &mut &[u8]) -> Option<u32> {
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

/// What one query word matched: its best score per article (0: none), how many distinct
/// matching words each article has, and which vocabulary words matched.
pub(super) struct WordHits {
    pub best: Vec<u32>,
    pub count: Vec<u16>,
    matched: Vec<u64>,
}

impl WordHits {
    pub fn matched(&self, word: u32) -> bool {
        self.matched
            .get(word as usize / 64)
            .is_some_and(|m| m & (1 << (word % 64)) != 0)
    }
}

/// One chunk's vocabulary, with ids local to the chunk. Postings are kept as one list of
/// (word, article) pairs rather than a list per word: far fewer allocations.
#[derive(Default)]
struct ChunkVocab {
    ids: FastMap<Box<str>, u32>,
    /// The words by local id, filled from `ids` once the chunk is read.
    words: Vec<Box<str>>,
    /// The last article each word was seen in (`u32::MAX`: none yet).
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    titles: Vec<Vec<u32>>,
}

impl ChunkVocab {
    fn add(&mut self, word: &str, article: u32) -> u32 {
        let id = match self.ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.last.len() as u32;
                self.ids.insert(word.into(), id);
                self.last.push(u32::MAX);
                id
            }
        };
        if self.last[id as usize] != article {
            self.last[id as usize] = article;
            self.pairs.push((id, article));
        }
        id
    }

    /// Moves the words out of the map into `words`, by id.
    fn seal(&mut self) {
        let mut words: Vec<Box<str>> = vec![Box::from(""); self.last.len()];
        for (word, id) in std::mem::take(&mut self.ids) {
            words[id as usize] = word;
        }
        self.words = words;
        self.last = Vec::new();
    }
}

impl Vocab {
    fn from_folds(folds: Vec<Box<str>>) -> Vocab {
        let folded: Vec<Folded> = folds
            .into_par_iter()
            .map(|f| Folded::from_fold(f.into_string()))
            .collect();
        let mut vocab = Vocab::default();
        for f in folded {
            vocab.folds.push(&f.fold);
            vocab.skeletons.push(&f.skeleton);
            vocab.fold_masks.push(f.fold_mask);
            vocab.skeleton_masks.push(f.skeleton_mask);
        }
        vocab
    }

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
    /// Indexes titles and bodies of `articles` (in parallel).
    pub fn build(articles: &[Article]) -> Index {
        Index::build_with(articles, false)
    }

    /// Indexes titles only: quick to build, a stand-in while the full index is built.
    pub fn build_titles(articles: &[Article]) -> Index {
        Index::build_with(articles, true)
    }

    fn build_with(articles: &[Article], titles_only: bool) -> Index {
        let chunks: Vec<ChunkVocab> = articles
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut vocab = ChunkVocab::default();
                let mut buf = String::new();
                for (i, article) in chunk.iter().enumerate() {
                    let idx = (c * CHUNK + i) as u32;
                    let mut title = Vec::new();
                    for_each_folded_word(&article.title, &mut buf, |w, _, _| {
                        title.push(vocab.add(w, idx));
                    });
                    title.sort_unstable();
                    title.dedup();
                    vocab.titles.push(title);
                    if !titles_only {
                        for_each_folded_word(&article.text, &mut buf, |w, _, _| {
                            vocab.add(w, idx);
                        });
                    }
                }
                vocab.seal();
                vocab
            })
            .collect();
        let index = Index::merge(chunks, articles.len(), titles_only);
        crate::corpus::release_freed_memory();
        index
    }

    /// Joins the chunks' vocabularies; chunks come in corpus order, so postings stay sorted.
    fn merge(chunks: Vec<ChunkVocab>, articles: usize, titles_only: bool) -> Index {
        let mut ids: FastMap<Box<str>, u32> = FastMap::default();
        let mut sizes: Vec<u32> = Vec::new();
        let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
        let mut chunks = chunks;
        for chunk in &mut chunks {
            let words = std::mem::take(&mut chunk.words);
            let mut remap = Vec::with_capacity(words.len());
            for word in words {
                let id = match ids.get(&word) {
                    Some(&id) => id,
                    None => {
                        let id = sizes.len() as u32;
                        ids.insert(word, id);
                        sizes.push(0);
                        id
                    }
                };
                remap.push(id);
            }
            for &(local, _) in &chunk.pairs {
                sizes[remap[local as usize] as usize] += 1;
            }
            remaps.push(remap);
        }
        let mut folds: Vec<Box<str>> = vec![Box::from(""); sizes.len()];
        for (word, id) in ids {
            folds[id as usize] = word;
        }
        let mut offsets = Vec::with_capacity(sizes.len() + 1);
        let mut total = 0u32;
        offsets.push(0);
        for size in &sizes {
            total += size;
            offsets.push(total);
        }
        let mut cursor: Vec<u32> = offsets[..offsets.len() - 1].to_vec();
        let mut flat = vec![0u32; total as usize];
        let mut title_offsets = Vec::with_capacity(articles + 1);
        let mut title_words = Vec::new();
        title_offsets.push(0);
        for (chunk, remap) in chunks.iter().zip(&remaps) {
            // pairs come in article order, so each word's articles stay sorted
            for &(local, article) in &chunk.pairs {
                let id = remap[local as usize] as usize;
                flat[cursor[id] as usize] = article;
                cursor[id] += 1;
            }
            for title in &chunk.titles {
                let mut global: Vec<u32> = title.iter().map(|&l| remap[l as usize]).collect();
                global.sort_unstable();
                title_words.extend(global);
                title_offsets.push(title_words.len() as u32);
            }
        }
        drop(chunks);
        let mut postings = Postings::default();
        postings.ends.reserve(folds.len());
        for w in 0..folds.len() {
            postings.push(&flat[offsets[w] as usize..offsets[w + 1] as usize]);
        }
        drop(flat);
        Index {
            vocab: Vocab::from_folds(folds),
            postings,
            title_offsets,
            title_words,
            articles,
            titles_only,
        }
    }

    /// How many articles were indexed.
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// How many distinct folded words.
    pub fn vocabulary(&self) -> usize {
        self.vocab.folds.len()
    }

    /// Built from titles only (the stand-in while the full index is being built).
    pub fn titles_only(&self) -> bool {
        self.titles_only
    }

    /// The heap the index holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let v = &self.vocab;
        v.folds.text.len()
            + v.skeletons.text.len()
            + 4 * (v.folds.ends.len() + v.skeletons.ends.len())
            + 8 * (v.fold_masks.len() + v.skeleton_masks.len())
            + self.postings.bytes.len()
            + 8 * self.postings.ends.len()
            + 4 * (self.title_offsets.len() + self.title_words.len())
    }

    pub(super) fn postings(&self, word: usize) -> impl Iterator<Item = u32> + '_ {
        self.postings.get(word)
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

    /// Matches one query word against the vocabulary and spreads the scores over articles.
    pub(super) fn match_word(&self, pattern: &Pattern) -> WordHits {
        let v = &self.vocab;
        let found: Vec<(u32, u32)> = (0..v.folds.len())
            .into_par_iter()
            .with_min_len(4096)
            .filter_map(|w| {
                let score = pattern.score_parts(
                    v.folds.get(w),
                    v.fold_masks[w],
                    v.skeletons.get(w),
                    v.skeleton_masks[w],
                )?;
                Some((w as u32, score.clamp(1, u32::MAX as i64) as u32))
            })
            .collect();
        let mut matched = vec![0u64; v.folds.len().div_ceil(64)];
        for &(w, _) in &found {
            matched[w as usize / 64] |= 1 << (w % 64);
        }
        let (best, count) = self.spread(&found);
        WordHits {
            best,
            count,
            matched,
        }
    }

    /// Per article: the best score among `found` words it contains, and how many it contains.
    fn spread(&self, found: &[(u32, u32)]) -> (Vec<u32>, Vec<u16>) {
        let n = self.articles;
        let fill = |part: &[(u32, u32)]| {
            let mut best = vec![0u32; n];
            let mut count = vec![0u16; n];
            for &(w, score) in part {
                for a in self.postings(w as usize) {
                    let a = a as usize;
                    if a >= n {
                        break; // a damaged list: the rest of it is noise
                    }
                    best[a] = best[a].max(score);
                    count[a] = count[a].saturating_add(1);
                }
            }
            (best, count)
        };
        let threads = rayon::current_num_threads().max(1);
        if found.len() < 64 || threads == 1 {
            return fill(found);
        }
        found
            .par_chunks(found.len().div_ceil(threads))
            .map(fill)
            .reduce_with(|(mut b1, mut c1), (b2, c2)| {
                for (x, y) in b1.iter_mut().zip(b2) {
                    *x = (*x).max(y);
                }
                for (x, y) in c1.iter_mut().zip(c2) {
                    *x = x.saturating_add(y);
                }
                (b1, c1)
            })
            .unwrap_or_else(|| (vec![0; n], vec![0; n]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;

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
        let n = CHUNK * 2 + 7;
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
        assert!(index.memory_bytes() > 0);
    }

    #[test]
    fn title_words_are_recorded_per_article() {
        let articles = vec![article("a", "Атырау Атырау облысы", "")];
        let index = Index::build(&articles);
        assert_eq!(index.title_words(0).len(), 2);
    }
}
