//! Running a query over the index: candidates, filters, ranking, and the details the
//! list shows (title highlights, a snippet, where the matches are in the text).

use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

use super::facts::Facts;
use super::fold::{Folded, words};
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
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { details: 200 }
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
    let by = query.by();
    let n = index.articles().min(articles.len());
    let passes = |a: usize| -> Option<u64> {
        query
            .filters
            .iter()
            .try_fold(0u64, |sum, f| Some(sum + facts.check(a, f, &by)? as u64))
    };
    let mut hits: Vec<Hit> = if query.terms.is_empty() {
        (0..n)
            .into_par_iter()
            .filter_map(|a| {
                Some(Hit {
                    index: a,
                    score: passes(a)?,
                    title_words: 0,
                    matched_words: 0,
                    detail: None,
                })
            })
            .collect()
    } else {
        let words: Vec<_> = query.terms.iter().map(|p| index.match_word(p)).collect();
        (0..n)
            .into_par_iter()
            .filter_map(|a| {
                let mut score = 0u64;
                let mut matched = 0usize;
                for w in &words {
                    if w.best[a] == 0 {
                        return None;
                    }
                    score += w.best[a] as u64;
                    matched += w.count[a] as usize;
                }
                score += passes(a)?;
                let title = index.title_words(a);
                let title_words = words
                    .iter()
                    .filter(|w| title.iter().any(|&t| w.matched(t)))
                    .count();
                Some(Hit {
                    index: a,
                    score,
                    title_words,
                    matched_words: matched,
                    detail: None,
                })
            })
            .collect()
    };
    hits.par_sort_unstable_by(|x, y| {
        y.title_words
            .cmp(&x.title_words)
            .then(y.score.cmp(&x.score))
            .then(y.matched_words.cmp(&x.matched_words))
            .then(x.index.cmp(&y.index))
    });
    let highlight: Arc<[Pattern]> = query.highlight().into();
    if !highlight.is_empty() {
        let k = options.details.min(hits.len());
        hits[..k].par_iter_mut().for_each(|hit| {
            hit.detail = Some(detail(&highlight, &articles[hit.index]));
        });
    }
    SearchResults {
        generation: 0,
        hits,
        partial: index.titles_only(),
        highlight,
    }
}

/// Where `patterns` match in an article's title and text.
pub fn detail(patterns: &[Pattern], article: &Article) -> Detail {
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
    for w in words(&article.text) {
        let folded = Folded::new(w.text);
        let Some(score) = patterns.iter().filter_map(|p| p.score(&folded)).max() else {
            continue;
        };
        let range = w.start..w.end;
        // Prefer a word past the title line (when the text repeats the title), then score.
        let key = (w.start >= body_start, score);
        if best.as_ref().is_none_or(|(b, s, _)| key > (*b, *s)) {
            best = Some((key.0, key.1, range.clone()));
        }
        matches.push(range);
    }
    Detail {
        title_positions,
        snippet: best.map(|(_, _, range)| snippet(&article.text, range)),
        matches,
    }
}

/// Where the body starts when the text opens with the title line (plain-text articles).
fn title_line_end(article: &Article) -> usize {
    let title = article.title.trim();
    if title.is_empty() {
        return 0;
    }
    let leading = article.text.len() - article.text.trim_start().len();
    let rest = &article.text[leading..];
    if rest.starts_with(title) {
        article.text[..leading].chars().count() + title.chars().count()
    } else {
        0
    }
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
