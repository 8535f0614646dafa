//! The words met in many articles, taken out of the scatter and merge once a batch has
//! shown them to be frequent: a few thousand words make over half of the (word,
//! article) pairs of a corpus, and a word found in this small table costs a bit set for
//! its article instead of a record written, read back and looked up in its shard. A
//! promoted word keeps the id its shard gave it, so the index is the same either way.

use hashbrown::HashTable;
use rayon::prelude::*;

use super::{Words, hash_word, same_word};
use crate::search::index::{put_varint, take_varint};

/// The most words promoted: each article's bits for them are 512 bytes, in cache while
/// its words are scattered.
pub(super) const MOST: usize = 4096;
/// Articles a word must be in (by the end of the parts before) to be promoted.
pub(super) const THRESHOLD: u32 = 16;
/// 64 words to a `u64` of an article's bits.
const GROUPS: usize = MOST / 64;
/// Words whose lists one task fills: a cache line of each article's bits.
const BAND: usize = 512;

/// The promoted words, each with where it lives in the shards and its articles since.
pub(super) struct Frequent {
    most: usize,
    threshold: u32,
    words: Words,
    hashes: Vec<u64>,
    table: HashTable<u32>,
    /// (shard, id in the shard) of each promoted word.
    pub homes: Vec<(u32, u32)>,
    /// Each promoted word's articles since it was promoted.
    pub lists: Vec<List>,
    /// (article, promoted word) for each promoted word of a title, as found.
    pub titles: Vec<(u32, u32)>,
}

/// Articles in order as varints, each less the one before (the first less 0).
#[derive(Default)]
pub(super) struct List {
    bytes: Vec<u8>,
    last: u32,
}

impl List {
    fn push(&mut self, article: u32) {
        put_varint(&mut self.bytes, article - self.last);
        self.last = article;
    }

    /// The first article, and the varints of the rest (each less the one before).
    pub fn split_first(&self) -> Option<(u32, &[u8])> {
        let mut rest = self.bytes.as_slice();
        take_varint(&mut rest).map(|first| (first, rest))
    }
}

impl Frequent {
    /// A table of at most `most` words (up to `MOST`), promoted once in `threshold` articles.
    pub fn new(most: usize, threshold: u32) -> Frequent {
        Frequent {
            most: most.min(MOST),
            threshold,
            words: Words::default(),
            hashes: Vec::new(),
            table: HashTable::new(),
            homes: Vec::new(),
            lists: (0..MOST).map(|_| List::default()).collect(),
            titles: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.homes.len()
    }

    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// Room for how many more.
    pub fn room(&self) -> usize {
        self.most - self.len()
    }

    /// The promoted word `word` (whose `hash_word` is `hash`), if it is one.
    #[inline]
    pub fn find(&self, word: &[u8], hash: u64) -> Option<u32> {
        let words = &self.words;
        self.table
            .find(hash, |&f| same_word(words.get(f as usize), word))
            .copied()
    }

    /// Promotes `word`, id `id` of shard `shard`: its number among the promoted.
    pub fn promote(&mut self, word: &[u8], shard: usize, id: u32) -> u32 {
        let f = self.len() as u32;
        let hash = hash_word(word);
        self.words.push(word);
        self.hashes.push(hash);
        self.homes.push((shard as u32, id));
        let hashes = &self.hashes;
        self.table.insert_unique(hash, f, |&g| hashes[g as usize]);
        f
    }

    /// Adds the articles set in each chunk's bits (chunk `c`'s first article is
    /// `firsts[c]`), in corpus order, and clears the bits.
    pub fn take_bits(&mut self, chunks: &mut [ChunkBits], firsts: &[u32]) {
        if self.len() == 0 {
            return;
        }
        let bands = self.len().div_ceil(BAND);
        let chunks_read = &*chunks;
        self.lists[..bands * BAND]
            .par_chunks_mut(BAND)
            .enumerate()
            .for_each(|(band, lists)| {
                for (bits, &first) in chunks_read.iter().zip(firsts) {
                    bits.read_band(band, first, lists);
                }
            });
        for bits in chunks.iter_mut() {
            self.titles.append(&mut bits.titles);
        }
        chunks.par_iter_mut().for_each(ChunkBits::clear);
    }
}

/// Which promoted words each article of a chunk holds, a bit each, and which of them
/// its title holds.
#[derive(Default)]
pub(super) struct ChunkBits {
    bits: Vec<u64>,
    articles: usize,
    titles: Vec<(u32, u32)>,
}

impl ChunkBits {
    /// Ready for `articles` articles, none of them with a promoted word yet; no room is
    /// taken while no word is promoted (a build of one part never promotes before it ends).
    pub fn start(&mut self, articles: usize, frequent: &Frequent) {
        self.articles = if frequent.len() == 0 { 0 } else { articles };
        if self.bits.len() < self.articles * GROUPS {
            self.bits.resize(self.articles * GROUPS, 0);
        }
        self.titles.clear();
    }

    /// Article `i` of the chunk (the corpus's `article`) holds promoted word `f`.
    #[inline]
    pub fn set(&mut self, i: usize, f: u32, article: u32, in_title: bool) {
        self.bits[i * GROUPS + f as usize / 64] |= 1 << (f % 64);
        if in_title {
            self.titles.push((article, f));
        }
    }

    /// Pushes each article (from `first` on) to the lists of band `band` it has a bit in.
    fn read_band(&self, band: usize, first: u32, lists: &mut [List]) {
        let groups = band * BAND / 64..(band + 1) * BAND / 64;
        for i in 0..self.articles {
            let row = &self.bits[i * GROUPS..][groups.clone()];
            for (g, &word) in row.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let bit = word.trailing_zeros() as usize;
                    lists[g * 64 + bit].push(first + i as u32);
                    word &= word - 1;
                }
            }
        }
    }

    fn clear(&mut self) {
        self.bits[..self.articles * GROUPS].fill(0);
    }
}
