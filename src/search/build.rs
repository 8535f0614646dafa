//! Building the index on every core, a part of the corpus at a time (`IndexBuilder`), so
//! the corpus need not be held whole. Articles are read in chunks, each into a vocabulary
//! of its own; the chunks' words are then merged shard by shard (a word's hash picks its
//! shard), and each shard builds its words' forms and postings. No step walks the whole
//! vocabulary on one thread, and no word gets a heap allocation of its own.

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use rayon::prelude::*;
use std::hash::BuildHasher;

use super::fold::{char_mask, compact_mask, for_each_folded_word, skeleton_of_fold};
use super::index::{Arena, Index, Postings, Vocab, put_varint, take_varint};
use crate::corpus::Article;

/// Articles per unit of parallel work while reading.
pub(super) const CHUNK: usize = 2048;
/// Shards the vocabulary is merged in: many more than cores, so they even out.
const SHARDS: usize = 256;
/// A fixed hash seed: the same corpus always gives the same index file.
const SEED: u64 = 0x7461_6e62_615f_6978;

fn hash_word(word: &str) -> u64 {
    FixedState::with_seed(SEED).hash_one(word)
}

/// Bits 40..48 of the hash: the hash table inside a shard uses the low and the top bits.
fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

/// Finds `word` in `table` (ids into `words`), adding it if new: its id.
fn intern(
    table: &mut HashTable<u32>,
    words: &mut Arena,
    hashes: &mut Vec<u64>,
    word: &str,
    hash: u64,
) -> (u32, bool) {
    if let Some(&id) = table.find(hash, |&id| words.get(id as usize) == word) {
        return (id, false);
    }
    let id = words.len() as u32;
    words.push(word);
    hashes.push(hash);
    table.insert_unique(hash, id, |&i| hashes[i as usize]);
    (id, true)
}

/// One chunk's vocabulary, with ids local to the chunk, and its (word, article) pairs
/// in article order; once sealed, both grouped by shard.
#[derive(Default)]
struct ChunkVocab {
    words: Arena,
    hashes: Vec<u64>,
    table: HashTable<u32>,
    /// The last article each word was seen in (`u32::MAX`: none yet).
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    titles: Vec<Vec<u32>>,
    /// Local ids grouped by shard: shard `s` is `by_shard[shard_starts[s]..shard_starts[s+1]]`.
    by_shard: Vec<u32>,
    shard_starts: Vec<usize>,
    /// Each word's place in its shard's group.
    place: Vec<u32>,
    pair_starts: Vec<usize>,
}

impl ChunkVocab {
    fn add(&mut self, word: &str, article: u32) -> u32 {
        let hash = hash_word(word);
        let (id, new) = intern(
            &mut self.table,
            &mut self.words,
            &mut self.hashes,
            word,
            hash,
        );
        if new {
            self.last.push(u32::MAX);
        }
        if self.last[id as usize] != article {
            self.last[id as usize] = article;
            self.pairs.push((id, article));
        }
        id
    }

    /// Groups words and pairs by shard (pairs keep their article order).
    fn seal(&mut self) {
        self.table = HashTable::new();
        self.last = Vec::new();
        let shard = |id: u32| shard_of(self.hashes[id as usize]);
        let ids: Vec<u32> = (0..self.words.len() as u32).collect();
        let (by_shard, shard_starts) = group(&ids, |&id| shard(id));
        let mut place = vec![0u32; ids.len()];
        for s in 0..SHARDS {
            let group = &by_shard[shard_starts[s]..shard_starts[s + 1]];
            for (k, &id) in group.iter().enumerate() {
                place[id as usize] = k as u32;
            }
        }
        let (pairs, pair_starts) = group(&self.pairs, |&(id, _)| shard(id));
        self.by_shard = by_shard;
        self.shard_starts = shard_starts;
        self.place = place;
        self.pairs = pairs;
        self.pair_starts = pair_starts;
    }

    fn shard_words(&self, s: usize) -> &[u32] {
        &self.by_shard[self.shard_starts[s]..self.shard_starts[s + 1]]
    }

    fn shard_pairs(&self, s: usize) -> &[(u32, u32)] {
        &self.pairs[self.pair_starts[s]..self.pair_starts[s + 1]]
    }
}

/// `items` grouped by `key` (below `SHARDS`), in their order within each group.
fn group<T: Copy>(items: &[T], key: impl Fn(&T) -> usize) -> (Vec<T>, Vec<usize>) {
    let mut starts = vec![0usize; SHARDS + 1];
    for item in items {
        starts[key(item) + 1] += 1;
    }
    for s in 0..SHARDS {
        starts[s + 1] += starts[s];
    }
    let mut cursor = starts.clone();
    let mut out = items.to_vec();
    for item in items {
        let k = key(item);
        out[cursor[k]] = *item;
        cursor[k] += 1;
    }
    (out, starts)
}

/// One shard of the vocabulary as the parts of the corpus come in: its words, and its
/// (word, article) pairs in corpus order.
#[derive(Default)]
struct ShardBuild {
    folds: Arena,
    hashes: Vec<u64>,
    table: HashTable<u32>,
    pairs: Pairs,
}

/// (word, article) pairs with articles in order, as varints: the word, then the article
/// less the one before. Frequent words come first, so get small ids: a few bytes a pair
/// instead of 8, and the pairs are most of the memory a build takes.
#[derive(Default)]
struct Pairs {
    bytes: Vec<u8>,
    last: u32,
}

impl Pairs {
    fn push(&mut self, word: u32, article: u32) {
        put_varint(&mut self.bytes, word);
        put_varint(&mut self.bytes, article - self.last);
        self.last = article;
    }

    fn for_each(&self, mut f: impl FnMut(u32, u32)) {
        let (mut bytes, mut article) = (self.bytes.as_slice(), 0);
        while let (Some(word), Some(delta)) = (take_varint(&mut bytes), take_varint(&mut bytes)) {
            article += delta;
            f(word, article);
        }
    }
}

impl ShardBuild {
    /// Adds shard `s`'s words and pairs of `chunks` (in corpus order): for each chunk, the
    /// shard id of each of its words in this shard.
    fn merge(&mut self, s: usize, chunks: &[ChunkVocab]) -> Vec<Vec<u32>> {
        chunks
            .iter()
            .map(|chunk| {
                let words = chunk.shard_words(s).iter();
                let ids: Vec<u32> = words
                    .map(|&local| {
                        let local = local as usize;
                        let (word, hash) = (chunk.words.get(local), chunk.hashes[local]);
                        let (table, folds, hashes) =
                            (&mut self.table, &mut self.folds, &mut self.hashes);
                        intern(table, folds, hashes, word, hash).0
                    })
                    .collect();
                for &(local, article) in chunk.shard_pairs(s) {
                    let word = ids[chunk.place[local as usize] as usize];
                    self.pairs.push(word, article);
                }
                ids
            })
            .collect()
    }

    /// The shard's forms and postings; chunks came in corpus order, so every list is sorted.
    fn finish(self) -> (Vocab, Postings) {
        let ShardBuild { folds, pairs, .. } = self;
        let words = folds.len();
        let mut offsets = vec![0u32; words + 1];
        pairs.for_each(|w, _| offsets[w as usize + 1] += 1);
        for w in 0..words {
            offsets[w + 1] += offsets[w];
        }
        let mut cursor = offsets.clone();
        let mut flat = vec![0u32; offsets[words] as usize];
        pairs.for_each(|w, article| {
            flat[cursor[w as usize] as usize] = article;
            cursor[w as usize] += 1;
        });
        drop((pairs, cursor));
        let mut postings = Postings::default();
        postings.ends.reserve(words);
        for w in 0..words {
            postings.push(&flat[offsets[w] as usize..offsets[w + 1] as usize]);
        }
        (forms(folds), postings)
    }
}

/// The skeletons and masks of `folds`.
fn forms(folds: Arena) -> Vocab {
    let mut skeletons = Arena::default();
    let mut fold_masks = Vec::with_capacity(folds.len());
    let mut skeleton_masks = Vec::with_capacity(folds.len());
    let mut skeleton = String::new();
    for w in 0..folds.len() {
        let fold = folds.get(w);
        skeleton_of_fold(fold, &mut skeleton);
        skeletons.push(&skeleton);
        fold_masks.push(compact_mask(char_mask(fold)));
        skeleton_masks.push(compact_mask(char_mask(&skeleton)));
    }
    Vocab {
        folds,
        skeletons,
        fold_masks,
        skeleton_masks,
    }
}

/// The shards one after another: shard `s`'s words get ids from `bases[s]` on.
fn concat(shards: Vec<(Vocab, Postings)>) -> (Vocab, Postings, Vec<u32>) {
    // reserved whole: grown by doubling, the copy would hold the index twice for a while
    let words: usize = shards.iter().map(|(v, _)| v.folds.len()).sum();
    let sum = |f: fn(&(Vocab, Postings)) -> usize| shards.iter().map(f).sum::<usize>();
    let mut vocab = Vocab {
        folds: Arena::with_capacity(sum(|(v, _)| v.folds.text.len()), words),
        skeletons: Arena::with_capacity(sum(|(v, _)| v.skeletons.text.len()), words),
        fold_masks: Vec::with_capacity(words),
        skeleton_masks: Vec::with_capacity(words),
    };
    let mut postings = Postings {
        bytes: Vec::with_capacity(sum(|(_, p)| p.bytes.len())),
        ends: Vec::with_capacity(words),
    };
    let mut bases = Vec::with_capacity(shards.len());
    for (v, p) in shards {
        bases.push(vocab.folds.len() as u32);
        vocab.folds.append(v.folds);
        vocab.skeletons.append(v.skeletons);
        vocab.fold_masks.extend(v.fold_masks);
        vocab.skeleton_masks.extend(v.skeleton_masks);
        postings.append(p);
    }
    (vocab, postings, bases)
}

/// An index built from the corpus a part at a time, in corpus order: each part's words
/// are merged into the shards and the part itself is no longer needed, so the corpus
/// never has to be held whole. The same articles give the same index however they are
/// cut into parts.
pub struct IndexBuilder {
    titles_only: bool,
    articles: usize,
    shards: Vec<ShardBuild>,
    /// Each title's distinct words as shard << 32 | shard id, ended at `title_offsets`.
    title_words: Vec<u64>,
    title_offsets: Vec<u32>,
}

impl IndexBuilder {
    /// A builder of the full index, or of the titles' alone.
    pub fn new(titles_only: bool) -> IndexBuilder {
        IndexBuilder {
            titles_only,
            articles: 0,
            shards: (0..SHARDS).map(|_| ShardBuild::default()).collect(),
            title_words: Vec::new(),
            title_offsets: vec![0],
        }
    }

    /// Indexes the next `articles` (in parallel).
    pub fn add(&mut self, articles: &[Article]) {
        let (first, titles_only) = (self.articles, self.titles_only);
        let chunks: Vec<ChunkVocab> = articles
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| read_chunk(first + c * CHUNK, chunk, titles_only))
            .collect();
        let ids: Vec<Vec<Vec<u32>>> = self
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, shard)| shard.merge(s, &chunks))
            .collect();
        for (c, chunk) in chunks.iter().enumerate() {
            for title in &chunk.titles {
                self.title_words.extend(title.iter().map(|&local| {
                    let s = shard_of(chunk.hashes[local as usize]);
                    let id = ids[s][c][chunk.place[local as usize] as usize];
                    (s as u64) << 32 | u64::from(id)
                }));
                self.title_offsets.push(self.title_words.len() as u32);
            }
        }
        self.articles += articles.len();
        drop(chunks);
        // the chunks were freed on every thread: give that memory back before the next part
        crate::corpus::release_freed_memory();
    }

    /// The index of every article added.
    pub fn finish(self) -> Index {
        let shards: Vec<(Vocab, Postings)> = self
            .shards
            .into_par_iter()
            .map(ShardBuild::finish)
            .collect();
        let (vocab, postings, bases) = concat(shards);
        let mut title_words: Vec<u32> = self
            .title_words
            .iter()
            .map(|&packed| bases[(packed >> 32) as usize] + packed as u32)
            .collect();
        for ends in self.title_offsets.windows(2) {
            title_words[ends[0] as usize..ends[1] as usize].sort_unstable();
        }
        drop(self.title_words);
        crate::corpus::release_freed_memory();
        Index {
            vocab,
            postings,
            title_offsets: self.title_offsets,
            title_words,
            articles: self.articles,
            titles_only: self.titles_only,
            ..Index::default()
        }
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
        let mut builder = IndexBuilder::new(titles_only);
        builder.add(articles);
        builder.finish()
    }
}

/// The vocabulary of the articles numbered from `first`.
fn read_chunk(first: usize, articles: &[Article], titles_only: bool) -> ChunkVocab {
    let mut vocab = ChunkVocab::default();
    let mut buf = String::new();
    for (i, article) in articles.iter().enumerate() {
        let idx = (first + i) as u32;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;
    use std::collections::{BTreeMap, BTreeSet};

    fn article(i: usize, title: &str, text: &str) -> Article {
        Article {
            title: title.into(),
            ..Article::from_text(i.to_string(), text, SourceRef::new("t.txt", 1))
        }
    }

    /// Each folded word and its articles, and each title's words, as the index holds them.
    fn contents(index: &Index) -> (BTreeMap<String, Vec<u32>>, Vec<BTreeSet<String>>) {
        let words = (0..index.vocabulary())
            .map(|w| {
                (
                    index.vocab.folds.get(w).to_string(),
                    index.postings(w).collect(),
                )
            })
            .collect();
        let titles = (0..index.articles())
            .map(|a| {
                let ids = index.title_words(a).iter();
                ids.map(|&w| index.vocab.folds.get(w as usize).to_string())
                    .collect()
            })
            .collect();
        (words, titles)
    }

    /// The same, worked out the slow way.
    fn expected(articles: &[Article]) -> (BTreeMap<String, Vec<u32>>, Vec<BTreeSet<String>>) {
        let mut words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut titles = Vec::new();
        let mut buf = String::new();
        for (a, article) in articles.iter().enumerate() {
            let mut title = BTreeSet::new();
            for_each_folded_word(&article.title, &mut buf, |w, _, _| {
                title.insert(w.to_string());
            });
            let mut all = title.clone();
            for_each_folded_word(&article.text, &mut buf, |w, _, _| {
                all.insert(w.to_string());
            });
            for w in all {
                words.entry(w).or_default().push(a as u32);
            }
            titles.push(title);
        }
        (words, titles)
    }

    #[test]
    fn shards_hold_exactly_the_words_and_articles_of_the_corpus() {
        // more than one chunk, words in many shards, words shared across chunks
        let articles: Vec<Article> = (0..CHUNK * 2 + 300)
            .map(|i| {
                let title = format!("Тақырып {} {}", i % 17, i % 5);
                let text = format!("сөз{} ортақ Сөз{} word{} Атырау", i % 1000, i % 7, i);
                article(i, &title, &text)
            })
            .collect();
        let index = Index::build(&articles);
        assert_eq!(contents(&index), expected(&articles));
        for w in 0..index.vocabulary() {
            let fold = index.vocab.folds.get(w);
            assert_eq!(index.vocab.fold_masks[w], compact_mask(char_mask(fold)));
        }
        // the same corpus gives the very same index (the hash seed is fixed)
        let again = Index::build(&articles);
        assert_eq!(again.vocab.folds.text, index.vocab.folds.text);
        assert_eq!(again.postings.bytes, index.postings.bytes);
        // built a part at a time, cut anywhere, it is the very same index
        for cuts in [
            vec![1, CHUNK + 5],
            vec![CHUNK, CHUNK * 2],
            vec![700, 701, 3000],
        ] {
            let mut builder = IndexBuilder::new(false);
            let mut from = 0;
            for cut in cuts.into_iter().chain([articles.len()]) {
                builder.add(&articles[from..cut]);
                from = cut;
            }
            let parts = builder.finish();
            assert_eq!(parts.vocab.folds.text, index.vocab.folds.text);
            assert_eq!(parts.vocab.folds.ends, index.vocab.folds.ends);
            assert_eq!(parts.vocab.skeletons.text, index.vocab.skeletons.text);
            assert_eq!(parts.postings.bytes, index.postings.bytes);
            assert_eq!(parts.postings.ends, index.postings.ends);
            assert_eq!(parts.title_offsets, index.title_offsets);
            assert_eq!(parts.title_words, index.title_words);
            assert_eq!(parts.articles, index.articles);
        }
    }
}
