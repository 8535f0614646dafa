//! Running a query over the index: candidates, filters, ranking, and the details the
//! list shows (title highlights, a snippet, where the matches are in the text).

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::facts::Facts;
use super::fold::{for_each_folded_word, words};
use super::index::Index;
use super::matcher::Pattern;
use super::query::Query;
use crate::corpus::Article;
use crate::text::sanitize;

/// Code points of context on each side of the word a snippet shows.
const SNIPPET_CONTEXT: usize = 30;

#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// How many of the best hits get their `detail` computed (the rest on demand, with
    /// `SearchResults::detail`): details read the article text, which costs on huge lists.
    pub details: usize,
    /// A query of one letter looks in titles only: the letter is in nearly every text, and
    /// matching a million words for it would hold up the keystroke that follows.
    pub one_letter_in_titles: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        // more than a list shows at once; the rest are filled in as they scroll into view
        SearchOptions {
            details: 64,
            one_letter_in_titles: true,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The article's position in the corpus.
    pub index: usize,
    pub score: u64,
    /// How many query words match the title (hits with more rank first).
    pub title_words: usize,
    /// How many distinct words of the article match a query word.
    pub matched_words: usize,
    pub detail: Option<Detail>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// Matched characters of the title, in code points of the title.
    pub title_positions: Vec<usize>,
    /// The best matching body word with some context.
    pub snippet: Option<Snippet>,
    /// Every matching word of the article text, `[start, end)` in code points, in order.
    pub matches: Vec<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// One line, sanitized (safe to print), with `…` where it was cut.
    pub text: String,
    /// The matched word, in code points of `text`.
    pub highlight: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// The number the query was submitted with (see `Searcher::search`).
    pub generation: u64,
    /// Ranked: more title words first, then higher score, then more matched words,
    /// then corpus order.
    pub hits: Vec<Hit>,
    /// Only titles were searched: the full index was not ready yet.
    pub partial: bool,
    /// How many words the query has: a hit with fewer `title_words` matched the rest in
    /// the body.
    pub terms: usize,
    /// The query was one letter and only titles were searched (`one_letter_in_titles`).
    pub one_letter: bool,
    highlight: Arc<[Pattern]>,
}

impl SearchResults {
    /// The detail of a hit's article (for hits past `SearchOptions::details`).
    pub fn detail(&self, article: &Article) -> Detail {
        detail(&self.highlight, article)
    }
}

/// Runs `query` over `index` (built from `articles`).
pub fn search(
    index: &Index,
    articles: &[Article],
    facts: &Facts,
    query: &Query,
    options: SearchOptions,
) -> SearchResults {
    let mut results = rank_in(index, facts, query, options.one_letter_in_titles);
    results.hits.retain(|h| h.index < articles.len());
    let highlight = results.highlight.clone();
    if !highlight.is_empty() {
        let k = options.details.min(results.hits.len());
        results.hits[..k]
            .par_iter_mut()
            .for_each_init(Memo::default, |memo, hit| {
                hit.detail = Some(detail_with(&highlight, &articles[hit.index], memo));
            });
    }
    results
}

/// The hits of `query`, ranked, without their details: what needs no article text (so
/// `tanba search` reads only the articles it shows; `SearchResults::detail` gives them).
pub fn rank(index: &Index, facts: &Facts, query: &Query) -> SearchResults {
    rank_in(index, facts, query, false)
}

/// `rank`, in titles only when the query is one letter and `one_letter_in_titles`.
fn rank_in(
    index: &Index,
    facts: &Facts,
    query: &Query,
    one_letter_in_titles: bool,
) -> SearchResults {
    let one_letter = one_letter_in_titles
        && !query.terms.is_empty()
        && query.terms.iter().all(Pattern::is_one_letter);
    let by = query.by();
    let n = index.articles();
    let passes = |a: usize| -> Option<u64> {
        query
            .filters
            .iter()
            .try_fold(0u64, |sum, f| Some(sum + facts.check(a, f, &by)? as u64))
    };
    let mut keys: Vec<RankKey> = if query.terms.is_empty() {
        (0..n)
            .into_par_iter()
            .filter_map(|a| Some(RankKey::new(0, passes(a)?, 0, a)))
            .collect()
    } else {
        let words: Vec<_> = query
            .terms
            .iter()
            .map(|p| match one_letter {
                true => index.match_word_in_titles(p),
                false => index.match_word(p),
            })
            .collect();
        (0..n)
            .into_par_iter()
            .filter_map(|a| {
                let mut score = 0u64;
                let mut matched = 0u64;
                for w in &words {
                    if w.best[a] == 0 {
                        return None;
                    }
                    score += w.best[a] as u64;
                    matched += w.count[a] as u64;
                }
                score += passes(a)?;
                let title = index.title_words(a);
                let title_words = words
                    .iter()
                    .filter(|w| title.iter().any(|&t| w.matched(t)))
                    .count();
                Some(RankKey::new(title_words, score, matched, a))
            })
            .collect()
    };
    keys.par_sort_unstable();
    SearchResults {
        generation: 0,
        hits: keys.into_iter().map(RankKey::hit).collect(),
        partial: index.titles_only(),
        terms: query.terms.len(),
        one_letter,
        highlight: query.highlight().into(),
    }
}

/// A hit's rank in one integer, so that sorting 100,000 hits moves 16 bytes each:
/// title words, score and matched words (each inverted: more first), then corpus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RankKey(u128);

const SCORE_BITS: u32 = 48;

impl RankKey {
    fn new(title_words: usize, score: u64, matched: u64, index: usize) -> RankKey {
        let title = 0xffff - title_words.min(0xffff) as u128;
        let score = ((1u128 << SCORE_BITS) - 1) - score.min((1 << SCORE_BITS) - 1) as u128;
        let matched = u32::MAX as u128 - matched.min(u32::MAX as u64) as u128;
        RankKey(title << 112 | score << 64 | matched << 32 | index as u128)
    }

    fn hit(self) -> Hit {
        let k = self.0;
        Hit {
            index: (k & 0xffff_ffff) as usize,
            matched_words: (u32::MAX as u128 - (k >> 32 & 0xffff_ffff)) as usize,
            score: (((1u128 << SCORE_BITS) - 1) - (k >> 64 & ((1 << SCORE_BITS) - 1))) as u64,
            title_words: (0xffff - (k >> 112)) as usize,
            detail: None,
        }
    }
}

/// Scores of folded words already seen, kept across the articles of one search.
type Memo = HashMap<Box<str>, Option<i64>, foldhash::fast::RandomState>;

/// Where `patterns` match in an article's title and text.
pub fn detail(patterns: &[Pattern], article: &Article) -> Detail {
    detail_with(patterns, article, &mut Memo::default())
}

fn detail_with(patterns: &[Pattern], article: &Article, memo: &mut Memo) -> Detail {
    if patterns.is_empty() {
        return Detail::default();
    }
    let mut title_positions = Vec::new();
    for w in words(&article.title) {
        for p in patterns {
            if let Some((_, positions)) = p.positions(w.text) {
                title_positions.extend(positions.into_iter().map(|i| w.start + i));
            }
        }
    }
    title_positions.sort_unstable();
    title_positions.dedup();

    let body_start = title_line_end(article);
    let mut matches = Vec::new();
    let mut best: Option<(bool, i64, Range<usize>)> = None;
    let mut skeleton = String::new();
    for_each_folded_word(&article.text, &mut String::new(), |fold, start, end| {
        let score = match memo.get(fold) {
            Some(&known) => known,
            None => {
                let score = patterns
                    .iter()
                    .filter_map(|p| p.score_fold(fold, &mut skeleton))
                    .max();
                memo.insert(fold.into(), score);
                score
            }
        };
        let Some(score) = score else { return };
        // Prefer a word past the title line (when the text repeats the title), then score.
        let key = (start >= body_start, score);
        if best.as_ref().is_none_or(|(b, s, _)| key > (*b, *s)) {
            best = Some((key.0, key.1, start..end));
        }
        matches.push(start..end);
    });
    Detail {
        title_positions,
        snippet: best.map(|(_, _, range)| snippet(&article.text, range)),
        matches,
    }
}

/// Where the body starts when the text opens with the title (plain-text articles, whose
/// title is their first line, perhaps cut short with `…`): the end of that line.
fn title_line_end(article: &Article) -> usize {
    let title = article.title.trim();
    let title = title.strip_suffix('…').unwrap_or(title);
    if title.is_empty() {
        return 0;
    }
    let leading = article.text.len() - article.text.trim_start().len();
    let rest = &article.text[leading..];
    if !rest.starts_with(title) {
        return 0;
    }
    let line = rest.split('\n').next().unwrap_or(rest);
    article.text[..leading].chars().count() + line.chars().count()
}

/// `range` of `text` with some context, cut at word boundaries, on one sanitized line.
fn snippet(text: &str, range: Range<usize>) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_alphanumeric();
    let mut start = range.start.saturating_sub(SNIPPET_CONTEXT);
    while start > 0 && start < range.start && is_word(chars[start - 1]) {
        start += 1;
    }
    let mut end = (range.end + SNIPPET_CONTEXT).min(chars.len());
    while end < chars.len() && end > range.end && is_word(chars[end]) {
        end -= 1;
    }
    let head = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let body: String = chars[start..end]
        .iter()
        .map(|&c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let offset = head.chars().count();
    Snippet {
        text: format!("{head}{}{tail}", sanitize(&body)),
        highlight: range.start - start + offset..range.end - start + offset,
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
