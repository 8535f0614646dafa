//! The query side of the index: one query word matched against the vocabulary, its scores
//! spread over the articles. Typing one more letter narrows the last search rather than
//! scanning the million words again; a single letter is looked for in titles only.

use rayon::prelude::*;

use super::index::{Index, Vocab};
use super::matcher::Pattern;
use super::recent::Found;

/// What one query word matched: its best score per article (0: none), how many distinct
/// matching words each article has, and which vocabulary words matched.
pub(super) struct WordHits {
    pub best: Vec<u32>,
    pub count: Vec<u16>,
    matched: Vec<u64>,
}

impl WordHits {
    pub fn matched(&self, word: u32) -> bool {
        matched_bit(&self.matched, word)
    }
}

impl Index {
    /// Forgets the last queries' matches, so the next query scans the whole vocabulary
    /// (benchmarks measure that cost).
    pub fn forget_recent(&self) {
        self.recent.clear();
    }

    /// Matches one query word against the vocabulary and spreads the scores over articles.
    pub(super) fn match_word(&self, pattern: &Pattern) -> WordHits {
        let found = match self.recent.lookup(pattern) {
            (Some(found), _) => found,
            (None, broader) => {
                let found: Found = match broader {
                    Some(broader) => self.score_words(pattern, broader.par_iter().map(|&(w, _)| w)),
                    None => self.score_all(pattern),
                };
                self.recent.remember(pattern, &found);
                found
            }
        };
        let (best, count) = self.spread(&found);
        WordHits {
            best,
            count,
            matched: self.matched_set(&found),
        }
    }

    /// Matches one query word against the words of titles only (a single letter, which
    /// is in nearly every word of every text).
    pub(super) fn match_word_in_titles(&self, pattern: &Pattern) -> WordHits {
        let words = self.title_vocabulary.get_or_init(|| {
            let mut words = self.title_words.clone();
            words.par_sort_unstable();
            words.dedup();
            words.into_boxed_slice()
        });
        let found = self.score_words(pattern, words.par_iter().copied());
        let matched = self.matched_set(&found);
        let n = self.articles;
        let score_of = |w: u32| {
            found
                .binary_search_by_key(&w, |&(word, _)| word)
                .map_or(0, |k| found[k].1)
        };
        let (best, count) = (0..n)
            .into_par_iter()
            .map(|a| {
                let words = self
                    .title_words(a)
                    .iter()
                    .filter(|&&w| matched_bit(&matched, w));
                words.fold((0u32, 0u16), |(best, count), &w| {
                    (best.max(score_of(w)), count.saturating_add(1))
                })
            })
            .unzip();
        WordHits {
            best,
            count,
            matched,
        }
    }

    /// The words of `candidates` (in word order) that `pattern` matches, with their scores.
    fn score_words(
        &self,
        pattern: &Pattern,
        candidates: impl IndexedParallelIterator<Item = u32>,
    ) -> Found {
        let found: Vec<(u32, u32)> = candidates
            .with_min_len(4096)
            .filter_map(|w| {
                let (vocab, _, i) = self.words.locate(w as usize)?;
                Some((w, score(pattern, vocab, i)?))
            })
            .collect();
        found.into()
    }

    /// Every word `pattern` matches, in word order, with its score.
    fn score_all(&self, pattern: &Pattern) -> Found {
        let found: Vec<(u32, u32)> = (self.words.runs(4096).into_par_iter())
            .flat_map_iter(|(first, vocab, run)| {
                let start = run.start;
                run.filter_map(move |i| {
                    let w = first + (i - start) as u32;
                    Some((w, score(pattern, vocab, i)?))
                })
            })
            .collect();
        found.into()
    }

    fn matched_set(&self, found: &[(u32, u32)]) -> Vec<u64> {
        let mut matched = vec![0u64; self.vocabulary().div_ceil(64)];
        for &(w, _) in found {
            matched[w as usize / 64] |= 1 << (w % 64);
        }
        matched
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

/// The score of word `i` of `vocab` for `pattern`, if it matches.
#[inline]
fn score(pattern: &Pattern, vocab: &Vocab, i: usize) -> Option<u32> {
    let score = pattern.score_parts(
        vocab.folds.get(i),
        vocab.fold_masks[i],
        vocab.skeletons.get(i),
        vocab.skeleton_masks[i],
    )?;
    Some(score.clamp(1, u32::MAX as i64) as u32)
}

fn matched_bit(matched: &[u64], word: u32) -> bool {
    matched
        .get(word as usize / 64)
        .is_some_and(|m| m & (1 << (word % 64)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, SourceRef};
    use proptest::prelude::*;

    fn articles(texts: &[String]) -> Vec<Article> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article::from_text(i.to_string(), t.clone(), SourceRef::new("t.txt", 1)))
            .collect()
    }

    fn answer(index: &Index, typed: &str) -> Option<(Vec<u32>, Vec<u16>)> {
        let hits = index.match_word(&Pattern::new(typed)?);
        Some((hits.best, hits.count))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Typing a query a letter at a time, with a backspace now and then, gives at each
        /// step what a fresh index (nothing remembered) gives.
        #[test]
        fn narrowing_answers_as_a_full_scan(
            texts in prop::collection::vec("[атырауқзғ aty]{1,40}", 1..8),
            typed in "[атырауқaty]{1,9}",
            backspace_at in 0usize..9,
        ) {
            let articles = articles(&texts);
            let index = Index::build(&articles);
            let chars: Vec<char> = typed.chars().collect();
            let mut steps: Vec<String> = (1..=chars.len()).map(|n| chars[..n].iter().collect()).collect();
            if backspace_at + 1 < steps.len() {
                let back = steps[backspace_at].clone();
                steps.insert(backspace_at + 2, back);
            }
            for step in &steps {
                let fresh = Index::build(&articles);
                prop_assert_eq!(answer(&index, step), answer(&fresh, step), "typed {:?}", step);
            }
        }
    }

    #[test]
    fn a_longer_query_is_tried_on_the_shorter_ones_matches_only() {
        let articles = articles(&["атырау атыраудың".into(), "алматы".into()]);
        let index = Index::build(&articles);
        let at = Pattern::new("ат").unwrap();
        let _ = index.match_word(&at);
        let (known, broader) = index.recent.lookup(&Pattern::new("аты").unwrap());
        assert!(known.is_none());
        assert_eq!(broader.map(|f| f.len()), Some(3), "the words with «ат»");
        // four letters may skip one: «ат»'s matches no longer hold every candidate
        let (_, broader) = index.recent.lookup(&Pattern::new("атыр").unwrap());
        assert!(broader.is_none());
        let (known, _) = index.recent.lookup(&at);
        assert!(known.is_some(), "asked again after a backspace");
    }
}
