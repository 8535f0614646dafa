//! Building the index on every core, a part of the corpus at a time (`IndexBuilder`), so
//! the corpus need not be held whole. Each chunk of articles is read on a core of its own
//! and each word it holds written, as a small record, to the buffer of the shard its hash
//! picks; then each shard, on a core of its own, reads its records from every chunk in
//! corpus order into a vocabulary small enough to stay in cache, with its (word, article)
//! pairs. No step walks the whole vocabulary on one thread, and no word gets a heap
//! allocation of its own. The few thousand words found in the most articles leave that
//! path once a part has shown them (`frequent`): over half the pairs are theirs.

use hashbrown::HashTable;
use rayon::prelude::*;

use super::cache::prefetch_all;
use super::fold::{compact_mask, fold_words_appending, skeleton_and_masks};
use super::index::{Arena, Index, Postings, Vocab, WordParts, put_varint, take_varint};
use crate::corpus::Article;
use frequent::{ChunkBits, Frequent, List};

mod frequent;

/// Articles per unit of parallel work while reading: small enough that a batch of
/// articles is eight units on two cores (at four, the scatter took 40% longer).
pub(super) const CHUNK: usize = 1024;
/// Shards the vocabulary is merged in: many more than cores, so they even out.
const SHARDS: usize = 256;
/// How many bytes of a shard's words, ends, counts and table a byte of a batch's records
/// for it warrants fetching ahead of its merge: a record is about 25 bytes, and its lookup
/// misses on up to four cache lines. By the end of a build a shard is about 2.5 times a
/// batch's records at 100,000 articles, and 6 times at 300,000.
const WARM_PER_RECORD_BYTE: usize = 32;
/// A fixed hash seed: the same corpus always gives the same index file.
const SEED: u64 = 0x7461_6e62_615f_6978;

/// The hash of a fold's bytes: its first and last 8 (or 4) bytes and its length in one
/// 128-bit product, any bytes between them folded in 8 at a time before. Inline and with
/// no loop for most words: foldhash's call for words over 16 bytes (most Cyrillic words)
/// cost more than the hashing.
#[inline]
fn hash_word(word: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    let n = word.len();
    let (at, at4) = (|i| u64_at(word, i), |i| u64::from(u32_at(word, i)));
    let mut acc = SEED ^ (n as u64).wrapping_mul(K[0]);
    let (first, last) = match n {
        8.. => {
            let mut i = 8;
            while i + 8 < n {
                acc = folded_multiply(acc ^ at(i), K[1]);
                i += 8;
            }
            (at(0), at(n - 8))
        }
        4..8 => (at4(0), at4(n - 4)),
        1..4 => {
            let byte = |i: usize| u64::from(word[i]);
            (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0)
        }
        0 => (0, 0),
    };
    folded_multiply(first ^ acc ^ K[2], last ^ K[3])
}

/// The 8 bytes of `bytes` from `i` on, as a little-endian number.
#[inline]
fn u64_at(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or_default())
}

/// The 4 bytes of `bytes` from `i` on, as a little-endian number.
#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap_or_default())
}

/// The low and high halves of `a * b` xored: each bit depends on most bits of both.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ (product >> 64) as u64
}

/// Whether two words are the same bytes, compared 8 bytes at a time in place: words are
/// short, and a call to `memcmp` for each cost more than the comparison did.
#[inline]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        if n < 4 {
            return a == b;
        }
        let differ = |i| u32_at(a, i) ^ u32_at(b, i);
        return differ(0) | differ(n - 4) == 0;
    }
    let differ = |i| u64_at(a, i) ^ u64_at(b, i);
    if n <= 16 {
        return differ(0) | differ(n - 8) == 0;
    }
    let mut i = 0;
    while i + 8 < n {
        if differ(i) != 0 {
            return false;
        }
        i += 8;
    }
    // the last 8 bytes, overlapping the ones before if need be
    differ(n - 8) == 0
}

/// Bits 40..48 of the hash: the hash table inside a shard uses the low and the top bits.
fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

/// A shard's words while it is built, as the UTF-8 bytes their folds are.
#[derive(Default)]
struct Words {
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

impl Words {
    #[inline]
    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    fn push(&mut self, word: &[u8]) {
        self.bytes.extend_from_slice(word);
        self.ends.push(self.bytes.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The words as an arena of strs: folds of strs, so UTF-8 (a stray byte would be U+FFFD).
    fn into_arena(mut self) -> Arena {
        // kept as the index's own: room grown by doubling is given back (see `finish`)
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
        let text = String::from_utf8(self.bytes)
            .unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned());
        Arena {
            text,
            ends: self.ends,
        }
    }
}

/// Writes each distinct word of `articles` (numbered from `first`) as a record into the
/// buffer of its shard, in article order: the hash's low 32 bits, a varint of the article
/// less the shard's previous record's << 1 | whether the word is in the title, a varint
/// of the word's length, then its bytes.
fn scatter_chunk(
    first: u32,
    articles: &[Article],
    titles_only: bool,
    frequent: &Frequent,
    out: &mut [Vec<u8>],
    bits: &mut ChunkBits,
) {
    bits.start(articles.len(), frequent);
    let mut last = [first; SHARDS];
    let (mut folds, mut ends, mut seen) = (Vec::new(), Vec::new(), Vec::new());
    for (i, article) in articles.iter().enumerate() {
        let index = first + i as u32;
        folds.clear();
        ends.clear();
        fold_words_appending(&article.title, &mut folds, &mut ends);
        let title_words = ends.len();
        if !titles_only {
            fold_words_appending(&article.text, &mut folds, &mut ends);
        }
        let word = |k: usize| {
            let from = if k == 0 { 0 } else { ends[k - 1] as usize };
            &folds[from..ends[k] as usize]
        };
        // an open-addressed set of the words written so far (k + 1; 0 is free)
        let mask = (ends.len() * 2).next_power_of_two().max(64) - 1;
        seen.clear();
        seen.resize(mask + 1, 0u32);
        for k in 0..ends.len() {
            let (text, hash) = (word(k), hash_word(word(k)));
            // a promoted word is a bit of the article's, whether met before in it or not
            if let Some(f) = frequent.find(text, hash) {
                bits.set(i, f, index, k < title_words);
                continue;
            }
            let mut slot = hash as usize & mask;
            let new = loop {
                match seen[slot] {
                    0 => break true,
                    other if same_word(word(other as usize - 1), text) => break false,
                    _ => slot = (slot + 1) & mask,
                }
            };
            if !new {
                continue;
            }
            seen[slot] = k as u32 + 1;
            let s = shard_of(hash);
            let record = &mut out[s];
            record.extend_from_slice(&(hash as u32).to_le_bytes());
            put_varint(record, (index - last[s]) << 1 | u32::from(k < title_words));
            last[s] = index;
            put_varint(record, text.len() as u32);
            record.extend_from_slice(text);
        }
    }
}

/// One shard of the vocabulary as the parts of the corpus come in: its words, and its
/// (word, article) pairs in corpus order.
#[derive(Default)]
struct ShardBuild {
    folds: Words,
    hashes: Vec<u64>,
    table: HashTable<u32>,
    /// Each word's number of articles so far: where its postings start, without a pass.
    counts: Vec<u32>,
    pairs: Pairs,
    /// (article, word) for each word of a title, in article order.
    titles: Vec<(u32, u32)>,
    /// (id, number among the promoted) of each word promoted (see `frequent`).
    promoted: Vec<(u32, u32)>,
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
    /// Finds `word` in the shard, adding it if new: its id.
    #[inline]
    fn intern(&mut self, word: &[u8], hash: u64) -> u32 {
        let folds = &self.folds;
        if let Some(&id) = self
            .table
            .find(hash, |&id| same_word(folds.get(id as usize), word))
        {
            return id;
        }
        let id = self.folds.len() as u32;
        self.folds.push(word);
        self.hashes.push(hash);
        self.counts.push(0);
        let hashes = &self.hashes;
        self.table.insert_unique(hash, id, |&i| hashes[i as usize]);
        id
    }

    /// Fetches what a lookup reads (the table, each word's end and bytes, its count) into
    /// the cache in one sweep: the other shards' merges and the scatter between evict it,
    /// and a batch brings fewer records than the shard has words, so each lookup would
    /// otherwise wait on memory for most of them. Only while the shard is at most
    /// `WARM_PER_RECORD_BYTE` times the batch's records (`incoming` bytes): past that the
    /// sweep would cost more than the misses it saves, and grow with the vocabulary.
    fn warm(&self, incoming: usize) {
        let Words { bytes, ends } = &self.folds;
        let size = bytes.len() + 4 * (ends.len() + self.counts.len()) + 5 * self.table.capacity();
        if size > WARM_PER_RECORD_BYTE * incoming {
            return;
        }
        prefetch_all(bytes);
        prefetch_all(ends);
        prefetch_all(&self.counts);
        // hashbrown keeps its memory to itself: a walk reads its slots in order
        let walked = self.table.iter().fold(0u32, |all, &id| all ^ id);
        std::hint::black_box(walked);
    }

    /// Adds the records of shard `s` of each chunk, in corpus order (chunk `c`'s first
    /// article is `firsts[c]`).
    fn merge(&mut self, s: usize, chunks: &[Vec<u8>], firsts: &[u32]) {
        self.warm(chunks.iter().skip(s).step_by(SHARDS).map(Vec::len).sum());
        for (records, &first) in chunks.iter().skip(s).step_by(SHARDS).zip(firsts) {
            let (mut bytes, mut article) = (records.as_slice(), first);
            while let Some((hash, rest)) = bytes.split_first_chunk::<4>() {
                bytes = rest;
                let (Some(tag), Some(len)) = (take_varint(&mut bytes), take_varint(&mut bytes))
                else {
                    break;
                };
                let Some((word, rest)) = bytes.split_at_checked(len as usize) else {
                    break;
                };
                bytes = rest;
                article += tag >> 1;
                // the low half twice: the table takes its buckets and its tags from both ends
                let hash = u64::from(u32::from_le_bytes(*hash)) * 0x1_0000_0001;
                let id = self.intern(word, hash);
                // each article's records are of distinct words
                self.pairs.push(id, article);
                self.counts[id as usize] += 1;
                if tag & 1 == 1 {
                    self.titles.push((article, id));
                }
            }
        }
    }

    /// (articles, id) of each word in `threshold` articles or more, not yet promoted.
    fn candidates(&mut self, threshold: u32) -> Vec<(u32, u32)> {
        self.promoted.sort_unstable();
        let mut promoted = self.promoted.iter().map(|&(id, _)| id).peekable();
        let mut found = Vec::new();
        for (id, &count) in (0u32..).zip(&self.counts) {
            if promoted.next_if_eq(&id).is_none() && count >= threshold {
                found.push((count, id));
            }
        }
        found
    }

    /// The shard's forms and postings; chunks came in corpus order, so every list is
    /// sorted, and a promoted word's articles since (in `lists`) come after its own.
    fn finish(self, lists: &[List]) -> (Vocab, Postings) {
        let ShardBuild {
            folds,
            pairs,
            counts,
            mut promoted,
            ..
        } = self;
        promoted.sort_unstable();
        let mut promoted = promoted.into_iter().peekable();
        let words = folds.len();
        let mut offsets = vec![0u32; words + 1];
        for (w, count) in counts.into_iter().enumerate() {
            offsets[w + 1] = offsets[w] + count;
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
        // most deltas take a byte or two: room reserved once rather than grown by doubling
        postings.bytes.reserve(flat.len() * 2);
        for w in 0..words {
            let own = &flat[offsets[w] as usize..offsets[w + 1] as usize];
            let since = promoted.next_if(|&(id, _)| id as usize == w);
            match since.and_then(|(_, f)| lists[f as usize].split_first()) {
                Some((first, rest)) => postings.push_then(own, first, rest),
                None => postings.push(own),
            }
        }
        // the shard is kept as a part of the index: room reserved and not used is given
        // back, which freed memory around it would otherwise keep resident
        postings.bytes.shrink_to_fit();
        (forms(folds.into_arena()), postings)
    }
}

/// The skeletons and masks of `folds`.
fn forms(folds: Arena) -> Vocab {
    let words = folds.len();
    let mut skeletons = Vec::with_capacity(folds.text.len());
    let mut ends = Vec::with_capacity(words);
    let mut fold_masks = Vec::with_capacity(words);
    let mut skeleton_masks = Vec::with_capacity(words);
    let mut scratch = String::new();
    for w in 0..words {
        let (fold_mask, skeleton_mask) =
            skeleton_and_masks(folds.get(w), &mut skeletons, &mut scratch);
        ends.push(skeletons.len() as u32);
        fold_masks.push(compact_mask(fold_mask));
        skeleton_masks.push(compact_mask(skeleton_mask));
    }
    // skeletons of strs, so UTF-8 (a stray byte would be U+FFFD)
    skeletons.shrink_to_fit();
    let text = String::from_utf8(skeletons)
        .unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned());
    Vocab {
        folds,
        skeletons: Arena { text, ends },
        fold_masks,
        skeleton_masks,
    }
}

/// Each article's distinct title words, sorted, from the shards' (article, word) pairs
/// (shard `s`'s ids start at `bases[s]`): the words, and where each article's end.
fn title_lists(shards: &[Vec<(u32, u32)>], bases: &[u32], articles: usize) -> (Vec<u32>, Vec<u32>) {
    let mut all: Vec<(u32, u32)> = Vec::with_capacity(shards.iter().map(Vec::len).sum());
    for (titles, base) in shards.iter().zip(bases) {
        all.extend(titles.iter().map(|&(a, w)| (a, base + w)));
    }
    all.sort_unstable();
    all.dedup();
    let mut offsets = vec![0u32; articles + 1];
    for &(article, _) in &all {
        offsets[article as usize + 1] += 1;
    }
    for a in 0..articles {
        offsets[a + 1] += offsets[a];
    }
    (all.into_iter().map(|(_, w)| w).collect(), offsets)
}

/// An index built from the corpus a part at a time, in corpus order: each part's words
/// are merged into the shards and the part itself is no longer needed, so the corpus
/// never has to be held whole. The same articles give the same index however they are
/// cut into parts.
pub struct IndexBuilder {
    titles_only: bool,
    articles: usize,
    shards: Vec<ShardBuild>,
    /// The record buffers of the chunks of a part, `chunk * SHARDS + shard`: kept from
    /// part to part, so they are not grown (and their pages faulted in) again.
    records: Vec<Vec<u8>>,
    /// The words frequent enough to be taken out of the records, and each chunk's bits
    /// for them (kept from part to part as the records are).
    frequent: Frequent,
    bits: Vec<ChunkBits>,
}

impl IndexBuilder {
    /// A builder of the full index, or of the titles' alone.
    pub fn new(titles_only: bool) -> IndexBuilder {
        IndexBuilder::promoting(titles_only, frequent::MOST, frequent::THRESHOLD)
    }

    /// A builder that promotes at most `most` words, each once in `threshold` articles.
    fn promoting(titles_only: bool, most: usize, threshold: u32) -> IndexBuilder {
        IndexBuilder {
            titles_only,
            articles: 0,
            shards: (0..SHARDS).map(|_| ShardBuild::default()).collect(),
            records: Vec::new(),
            frequent: Frequent::new(most, threshold),
            bits: Vec::new(),
        }
    }

    /// Indexes the next `articles` (in parallel).
    pub fn add(&mut self, articles: &[Article]) {
        let (first, titles_only) = (self.articles as u32, self.titles_only);
        let chunks = articles.len().div_ceil(CHUNK);
        let firsts: Vec<u32> = (0..chunks).map(|c| first + (c * CHUNK) as u32).collect();
        // from what the parts before showed: a build of one part promotes nothing
        if self.articles > 0 {
            self.promote();
        }
        // laid out chunk-major: the scatter writes to a chunk's buffers at random, and
        // their headers side by side stay in cache (shard-major, the build took 6% longer)
        self.records.resize_with(chunks * SHARDS, Vec::new);
        self.bits.resize_with(chunks, ChunkBits::default);
        let frequent = &self.frequent;
        self.records[..chunks * SHARDS]
            .par_chunks_mut(SHARDS)
            .zip(&mut self.bits[..chunks])
            .zip(articles.par_chunks(CHUNK))
            .zip(&firsts)
            .for_each(|(((out, bits), part), &start)| {
                out.iter_mut().for_each(Vec::clear);
                scatter_chunk(start, part, titles_only, frequent, out, bits)
            });
        let records = &self.records[..chunks * SHARDS];
        self.shards
            .par_iter_mut()
            .enumerate()
            .for_each(|(s, shard)| shard.merge(s, records, &firsts));
        self.frequent.take_bits(&mut self.bits[..chunks], &firsts);
        self.articles += articles.len();
    }

    /// Promotes the words in the most articles, of those in enough of them, while there
    /// is room: from this part on they are bits of their articles, not records.
    fn promote(&mut self) {
        if self.frequent.room() == 0 {
            return;
        }
        let threshold = self.frequent.threshold();
        let mut found: Vec<(u32, usize, u32)> = (self.shards.par_iter_mut().enumerate())
            .flat_map_iter(|(s, shard)| {
                let found = shard.candidates(threshold);
                found.into_iter().map(move |(count, id)| (count, s, id))
            })
            .collect();
        // the most articles first, then in shard and id order: the same corpus, the same words
        found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        found.truncate(self.frequent.room());
        for (_, s, id) in found {
            let shard = &mut self.shards[s];
            let f = self.frequent.promote(shard.folds.get(id as usize), s, id);
            shard.promoted.push((id, f));
        }
    }

    /// The index of every article added: the shards finished (in parallel) as its parts,
    /// each article's title words listed meanwhile.
    pub fn finish(mut self) -> Index {
        drop(self.records);
        // shard `s`'s words get ids from `bases[s]` on
        let mut bases = Vec::with_capacity(self.shards.len());
        let mut words = 0;
        for shard in &self.shards {
            bases.push(words);
            words += shard.folds.len() as u32;
        }
        let mut titles: Vec<Vec<(u32, u32)>> = (self.shards.iter_mut())
            .map(|shard| std::mem::take(&mut shard.titles))
            .collect();
        // the promoted words of titles, by their ids in their shards
        let frequent = &self.frequent;
        for &(article, f) in &frequent.titles {
            let (s, id) = frequent.homes[f as usize];
            titles[s as usize].push((article, id));
        }
        let (parts, (title_words, title_offsets)) = rayon::join(
            || {
                self.shards
                    .into_par_iter()
                    .map(|shard| shard.finish(&frequent.lists))
                    .collect()
            },
            || title_lists(&titles, &bases, self.articles),
        );
        Index {
            words: WordParts::new(parts),
            title_offsets,
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
        let index = builder.finish();
        crate::corpus::release_freed_memory();
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;
    use crate::search::fold::{char_mask, for_each_folded_word};
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
            .map(|w| (index.fold(w).to_string(), index.postings(w).collect()))
            .collect();
        let titles = (0..index.articles())
            .map(|a| {
                let ids = index.title_words(a).iter();
                ids.map(|&w| index.fold(w as usize).to_string()).collect()
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

    proptest::proptest! {
        #[test]
        fn same_word_is_byte_equality(a in proptest::collection::vec(0u8..4, 0..40), cut in 0usize..40, flip in 0usize..40) {
            // words alike but for one byte, or a length, are the hard cases
            let mut b = a.clone();
            if let Some(byte) = b.get_mut(flip) {
                *byte ^= 1;
            }
            b.truncate(cut.max(a.len().saturating_sub(1)));
            proptest::prop_assert_eq!(same_word(&a, &b), a == b);
            proptest::prop_assert!(same_word(&a, &a));
        }
    }

    proptest::proptest! {
        /// Every byte counts: words one byte apart, or one a prefix of the other, hash
        /// apart (64 bits: a clash among these few is all but impossible), whatever the
        /// length, so no path of the hash leaves a byte out.
        #[test]
        fn words_a_byte_apart_hash_apart(
            word in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            at in 0usize..40,
            flip in 1u8..=255,
        ) {
            let mut other = word.clone();
            if let Some(byte) = other.get_mut(at) {
                *byte ^= flip;
            } else {
                other.push(flip);
            }
            proptest::prop_assert_ne!(hash_word(&word), hash_word(&other));
            proptest::prop_assert_eq!(hash_word(&word), hash_word(&word.clone()));
        }
    }

    #[test]
    fn the_hash_spreads_words_over_the_shards() {
        // words alike but for a number fall into every shard, none with over twice its share
        let words: Vec<String> = (0..SHARDS * 64).map(|i| format!("атырау{i}")).collect();
        let mut counts = vec![0usize; SHARDS];
        for word in &words {
            counts[shard_of(hash_word(word.as_bytes()))] += 1;
        }
        assert!(counts.iter().all(|&n| n > 0 && n < 128), "{counts:?}");
    }

    /// Articles 0 to `n`, each with the title and text `make` gives its number.
    fn numbered(n: usize, make: impl Fn(usize) -> (String, String)) -> Vec<Article> {
        (0..n)
            .map(|i| {
                let (title, text) = make(i);
                article(i, &title, &text)
            })
            .collect()
    }

    /// `articles` built `cuts` at a time by `builder`.
    fn built_in_parts(
        mut builder: IndexBuilder,
        articles: &[Article],
        cuts: &[usize],
    ) -> (Index, usize) {
        let mut from = 0;
        for &cut in cuts.iter().chain([&articles.len()]) {
            builder.add(&articles[from..cut.clamp(from, articles.len())]);
            from = cut.clamp(from, articles.len());
        }
        let promoted = builder.frequent.len();
        (builder.finish(), promoted)
    }

    fn same_index(a: &Index, b: &Index) -> bool {
        a.words.parts() == b.words.parts()
            && a.title_offsets == b.title_offsets
            && a.title_words == b.title_words
            && a.articles == b.articles
    }

    #[test]
    fn promoted_words_leave_the_index_as_it_was() {
        // words in every article, in some, in one; titles with frequent words in them
        let articles = numbered(2600, |i| {
            let title = format!("Атырау {} жаңалық {}", i % 3, i % 400);
            (
                title,
                format!("ортақ сөз{} Сөз{} бір{} атырау", i % 40, i % 7, i),
            )
        });
        let cuts = [10, 700, 1500, 2599];
        let (never, none) = built_in_parts(IndexBuilder::promoting(false, 0, 1), &articles, &cuts);
        assert_eq!(none, 0);
        assert_eq!(contents(&never), expected(&articles));
        for (most, threshold) in [(1, 1), (5, 2), (64, 3), (frequent::MOST, 1)] {
            let builder = IndexBuilder::promoting(false, most, threshold);
            let (index, promoted) = built_in_parts(builder, &articles, &cuts);
            // the last: every word met before the last part, in bits from then on
            assert!(promoted == most || most == frequent::MOST && promoted > 3000);
            assert!(
                same_index(&index, &never),
                "{most} words promoted at {threshold}"
            );
        }
        // of titles alone, the same
        let titles = Index::build_titles(&articles);
        let builder = IndexBuilder::promoting(true, 50, 2);
        let (promoted, count) = built_in_parts(builder, &articles, &cuts);
        assert!(count > 0);
        assert!(same_index(&promoted, &titles));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn an_index_is_the_same_whatever_is_promoted_and_when(
            texts in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..8), 1..80),
            cuts in proptest::collection::vec(0usize..80, 0..5),
            most in 0usize..8,
            threshold in 1u32..4,
        ) {
            // a small vocabulary, so words come back across parts; the first word a title
            let words = ["атырау", "Атырау", "сөз", "word", "жемқорлық", "и", "ё", "е", "x1", "ортақ", "облыс", "Ä"];
            let articles: Vec<Article> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let text: Vec<&str> = t.iter().map(|&w| words[w]).collect();
                    let title = text.first().copied().unwrap_or("");
                    article(i, title, &text.join(" "))
                })
                .collect();
            let mut cuts = cuts;
            cuts.sort_unstable();
            let (index, _) = built_in_parts(IndexBuilder::promoting(false, most, threshold), &articles, &cuts);
            proptest::prop_assert!(same_index(&index, &Index::build(&articles)));
            proptest::prop_assert_eq!(contents(&index), expected(&articles));
        }
    }

    #[test]
    fn shards_hold_exactly_the_words_and_articles_of_the_corpus() {
        // more than one chunk, words in many shards, words shared across chunks
        let articles = numbered(4396, |i| {
            let title = format!("Тақырып {} {}", i % 17, i % 5);
            (
                title,
                format!("сөз{} ортақ Сөз{} word{} Атырау", i % 1000, i % 7, i),
            )
        });
        assert!(articles.len() > CHUNK * 2 + 300);
        let index = Index::build(&articles);
        assert_eq!(contents(&index), expected(&articles));
        for (vocab, _) in index.words.parts() {
            for i in 0..vocab.folds.len() {
                let fold = vocab.folds.get(i);
                assert_eq!(vocab.fold_masks[i], compact_mask(char_mask(fold)));
            }
        }
        // the same corpus gives the very same index (the hash seed is fixed)
        let again = Index::build(&articles);
        assert!(again.words.parts() == index.words.parts());
        // built a part at a time, cut anywhere, it is the very same index
        for cuts in [
            vec![1, CHUNK + 5],
            vec![CHUNK, CHUNK * 2],
            vec![700, 701, 3000],
        ] {
            let (parts, _) = built_in_parts(IndexBuilder::new(false), &articles, &cuts);
            assert!(same_index(&parts, &index), "{cuts:?}");
        }
    }
}
