//! `tanba search PATH... QUERY`: ranked hits as a table, or JSON lines. The index is
//! read from the workspace when it is fresh (built and saved when not); a query of words
//! alone then reads only the articles it shows, never the whole corpus.

use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::process::ExitCode;
use unicode_width::UnicodeWidthChar;

use super::index::index_store;
use super::{Access, Session};
use crate::cli::SearchArgs;
use crate::corpus::{Article, Problem};
use crate::search::{
    Catalog, Facts, Hit, Index, IndexStore, Loaded, Query, SearchOptions, Stamp, fingerprint, rank,
    search,
};
use crate::text::{sanitize, visible_char};

const TITLE_WIDTH: usize = 40;
const ID_WIDTH: usize = 28;
const SNIPPET_WIDTH: usize = 60;

pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let (paths, text) = args.split().unwrap_or_else(|usage| usage.exit());
    let located = Session::locate(&paths, &args.workspace, Access::Read)?;
    let mut stale = None;
    let mut found = None;
    if let Some((workspace, kind)) = located.workspace() {
        let store = index_store(workspace, kind, &located.paths, located.options);
        // taken before the corpus is read: a source edited meanwhile makes the index stale
        let stamp = store.stamp();
        // words only: the index and the few articles shown are all it takes
        if let Ok(query) = Query::parse(text, &workspace.settings.labels)
            && query.filters.is_empty()
        {
            match from_index(&store, &stamp, &query, args.limit) {
                Ok((hits, total)) => {
                    print_hits(args, &hits, total)?;
                    return Ok(ExitCode::SUCCESS);
                }
                Err(reason) => stale = Some(reason),
            }
        }
        found = Some((store, stamp));
    }
    // filters need every annotation, and the labels the data brings: the whole session
    let session = Session::open(&paths, &args.workspace, Access::Read)?;
    let query = match Query::parse(text, &session.workspace.settings.labels) {
        Ok(query) => query,
        Err(err) => {
            eprintln!("tanba: error: {err}");
            return Ok(ExitCode::from(2));
        }
    };
    let articles = &session.corpus.articles;
    let (docs, errors) = session.workspace.load_all(&session.corpus);
    let problems = session.corpus.problems.len() + errors.len();
    if problems > 0 {
        eprintln!(
            "tanba: warning: {} reading the corpus or its annotations (see `tanba validate`)",
            crate::text::count(problems, "problem", "problems")
        );
    }
    let facts = Facts::new(articles, &docs).with_annotators(session.workspace.annotators());
    if let Err(err) = facts.check_annotators(&query) {
        eprintln!("tanba: error: {err}");
        return Ok(ExitCode::from(2));
    }
    let index = match &found {
        Some((store, stamp)) => obtain_index(store, stamp, articles, stale),
        None => Index::build(articles),
    };
    // from the shell a single letter is asked for on purpose: search the text too
    let options = SearchOptions {
        details: args.limit,
        one_letter_in_titles: false,
    };
    let results = search(&index, articles, &facts, &query, options);
    let shown: Vec<(Hit, &Article)> = results.hits[..args.limit.min(results.hits.len())]
        .iter()
        .map(|h| (h.clone(), &articles[h.index]))
        .collect();
    print_hits(args, &shown, results.hits.len())?;
    Ok(ExitCode::SUCCESS)
}

/// The saved index when it is fresh for `articles`, else one built (and saved) now; stderr
/// says why it was built (`stale`: what was found wrong before the corpus was read).
fn obtain_index(
    store: &IndexStore,
    stamp: &Stamp,
    articles: &[Article],
    stale: Option<String>,
) -> Index {
    match store.load(stamp, Some(fingerprint(articles)), false) {
        Ok(loaded) => loaded.index,
        Err(reason) => {
            let reason = stale.unwrap_or_else(|| reason.to_string());
            eprintln!("tanba: building the search index ({reason})");
            let (index, saved) = store.build_and_save(articles, stamp);
            if let Err(e) = saved {
                eprintln!("tanba: warning: the search index was not saved: {e}");
            }
            index
        }
    }
}

/// The hits of a query of words alone from the saved index, or why it cannot be used.
fn from_index(
    store: &IndexStore,
    stamp: &Stamp,
    query: &Query,
    limit: usize,
) -> Result<(Vec<(Hit, Article)>, usize), String> {
    let answer = |index: &Index, catalog: &Catalog| from_catalog(index, catalog, query, limit);
    let found = match store.load(stamp, None, true) {
        Ok(Loaded {
            index,
            catalog: Some(catalog),
        }) => answer(&index, &catalog),
        Ok(_) => return Err("the index has no article list".into()),
        Err(reason) => build_as_read(store, stamp, &reason.to_string(), answer),
    };
    found.map_err(|p| p.to_string())
}

/// `answer` from the index built (and saved) as the corpus is read, never held whole,
/// given while the index file is still being written; stderr says why it was built
/// (`reason`), and how many problems reading the corpus found.
fn build_as_read<R>(
    store: &IndexStore,
    stamp: &Stamp,
    reason: &str,
    answer: impl FnOnce(&Index, &Catalog) -> R,
) -> R {
    eprintln!("tanba: building the search index ({reason})");
    let (built, answered) = store.build_as_read_then(stamp, answer);
    if built.problems > 0 {
        eprintln!(
            "tanba: warning: {} reading the corpus (see `tanba validate`)",
            crate::text::count(built.problems, "problem", "problems")
        );
    }
    if let Err(e) = built.saved {
        eprintln!("tanba: warning: the search index was not saved: {e}");
    }
    answered
}

/// The best `limit` hits with their articles, read again from their sources, and the
/// number of hits in all.
fn from_catalog(
    index: &Index,
    catalog: &Catalog,
    query: &Query,
    limit: usize,
) -> Result<(Vec<(Hit, Article)>, usize), Problem> {
    let results = rank(index, &Facts::default(), query);
    let mut shown = Vec::new();
    for hit in results.hits.iter().take(limit) {
        let article = catalog.article(hit.index)?;
        let mut hit = hit.clone();
        if !query.terms.is_empty() {
            hit.detail = Some(Box::new(results.detail(&article)));
        }
        shown.push((hit, article));
    }
    Ok((shown, results.hits.len()))
}

fn print_hits<A: std::borrow::Borrow<Article>>(
    args: &SearchArgs,
    shown: &[(Hit, A)],
    total: usize,
) -> Result<()> {
    if args.json {
        for (rank, (hit, article)) in shown.iter().enumerate() {
            println!("{}", json_line(rank + 1, hit, article.borrow())?);
        }
    } else if total == 0 {
        println!("no articles match");
    } else {
        print!("{}", table(shown));
        println!("{} of {} matching articles", shown.len(), total);
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonHit<'a> {
    rank: usize,
    score: u64,
    id: &'a str,
    title: &'a str,
    title_positions: &'a [usize],
    snippet: Option<&'a str>,
    snippet_highlight: Option<[usize; 2]>,
    matches: Vec<[usize; 2]>,
}

/// One JSON object; characters a terminal would act on are escaped as `\uXXXX`
/// (serde_json leaves C1 controls and bidi overrides raw).
fn json_line(rank: usize, hit: &Hit, article: &Article) -> Result<String> {
    let detail = hit.detail.clone().unwrap_or_default();
    let pair = |r: &Range<usize>| [r.start, r.end];
    let line = serde_json::to_string(&JsonHit {
        rank,
        score: hit.score,
        id: &article.id,
        title: &article.title,
        title_positions: &detail.title_positions,
        snippet: detail.snippet.as_ref().map(|s| s.text.as_str()),
        snippet_highlight: detail.snippet.as_ref().map(|s| pair(&s.highlight)),
        matches: detail.matches.iter().map(pair).collect(),
    })?;
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if visible_char(c).is_some() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn table<A: std::borrow::Borrow<Article>>(hits: &[(Hit, A)]) -> String {
    let mut rows = vec![["rank", "score", "id", "title", "snippet"].map(String::from)];
    for (rank, (hit, article)) in hits.iter().enumerate() {
        let article = article.borrow();
        let snippet = hit
            .detail
            .as_ref()
            .and_then(|d| d.snippet.as_ref())
            .map(|s| s.text.clone())
            .unwrap_or_default();
        rows.push([
            (rank + 1).to_string(),
            hit.score.to_string(),
            fit(&sanitize(&article.id), ID_WIDTH),
            fit(&sanitize(&article.title), TITLE_WIDTH),
            fit(&snippet, SNIPPET_WIDTH),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - width(cell));
            if c < 2 {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to `max` display columns, with `…` where it was cut.
fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Атырау", 10), "Атырау");
        assert_eq!(fit("Атырау облысы", 8), "Атырау …");
        assert_eq!(width(&fit("日本語のニュース", 7)), 7);
    }
}
