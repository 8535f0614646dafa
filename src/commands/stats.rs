use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

use super::{Access, Session, WorkspaceKind};
use crate::agree::PairFigures;
use crate::annotation::DocStatus;
use crate::cli::{OpenArgs, StatsArgs};
use crate::store::DocKey;
use crate::text::count;
use strum::VariantArray;

#[derive(Debug, Default, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub words: usize,
    pub problems: usize,
    /// Pre-annotations in the corpus itself, awaiting review.
    pub imported_spans: usize,
    /// Spans that count (accepted or pending, not rejected) per label, over all annotators.
    pub spans_per_label: BTreeMap<String, usize>,
    /// Relations per relation label, over all annotators (absent when there are none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub relations_per_label: BTreeMap<String, usize>,
    /// Articles per document label, over all annotators (absent when there are none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub doc_labels: BTreeMap<String, usize>,
    /// Live spans linked to the knowledge base, and of those the suggested links not yet
    /// reviewed, over all annotators (absent when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<LinkCounts>,
    pub annotators: BTreeMap<String, AnnotatorStats>,
    /// Progress, per-label counts, throughput and agreement (the dashboard's figures).
    #[serde(flatten)]
    pub dashboard: crate::dashboard::Dashboard,
}

#[derive(Debug, Default, Serialize)]
pub struct LinkCounts {
    pub linked: usize,
    pub suggested: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct AnnotatorStats {
    pub spans: usize,
    pub pending: usize,
    pub rejected: usize,
    pub spans_per_label: BTreeMap<String, usize>,
    /// Articles per status; articles without a file count as todo.
    pub status: BTreeMap<String, usize>,
}

pub fn compute(session: &Session) -> Stats {
    let corpus = &session.corpus;
    let (docs, errors) = session.workspace.load_all(corpus);
    let mut stats = Stats {
        articles: corpus.articles.len(),
        // counted in parallel: it reads every character of the corpus
        words: corpus
            .articles
            .par_iter()
            .map(|a| crate::text::word_count(&a.text))
            .sum(),
        problems: corpus.problems.len() + errors.len(),
        imported_spans: corpus.articles.iter().map(|a| a.imported.len()).sum(),
        ..Stats::default()
    };
    for label in session.workspace.settings.labels.names() {
        stats.spans_per_label.insert(label.to_string(), 0);
    }
    let mut annotators: Vec<String> = docs.keys().map(|k| k.annotator.clone()).collect();
    annotators.dedup();
    for who in annotators {
        let mut per = AnnotatorStats::default();
        for status in DocStatus::VARIANTS {
            per.status.insert(status.to_string(), 0);
        }
        for article in &corpus.articles {
            let key = DocKey {
                annotator: who.clone(),
                article: article.id.clone(),
            };
            let status = docs.get(&key).map_or(DocStatus::Todo, |d| d.status);
            *per.status.entry(status.to_string()).or_default() += 1;
            let Some(doc) = docs.get(&key) else { continue };
            for l in &doc.doc_labels {
                *stats.doc_labels.entry(l.clone()).or_default() += 1;
            }
            for r in &doc.relations {
                *stats
                    .relations_per_label
                    .entry(r.label.clone())
                    .or_default() += 1;
            }
            for span in &doc.spans {
                count_span(&mut stats, &mut per, span);
            }
        }
        stats.annotators.insert(who, per);
    }
    let docs: Vec<_> = docs.iter().collect();
    let input = crate::dashboard::Input {
        articles: &corpus.articles,
        labels: &session.workspace.settings.labels,
        docs: &docs,
        me: None,
        now: crate::annotation::now(),
    };
    stats.dashboard = crate::dashboard::Dashboard::compute(&input);
    match crate::assign::load(&session.workspace.root) {
        Ok(Some(a)) => {
            let days = session.workspace.settings.stale_after_days();
            stats.dashboard.count_assigned(&input, &a, days);
        }
        Ok(None) => {}
        Err(e) => eprintln!("tanba stats: {e} (progress counted without the assignment)"),
    }
    stats
}

pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Read)?;
    let stats = compute(&session);
    if args.chart {
        print!(
            "{}",
            crate::tui::dashboard::chart(&stats.dashboard, &session.workspace.settings.labels)
        );
    } else if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{}", render(&stats, &session));
        print!("{}", agreement_lines(&stats.dashboard.agreement));
        print!("{}", time_lines(&stats.dashboard.time));
    }
    // the process ends next: the system takes the corpus back faster than freeing it
    std::mem::forget(session);
    Ok(ExitCode::SUCCESS)
}

/// What `tanba PATH` prints when it cannot open the annotator.
pub fn summary(args: &OpenArgs) -> Result<ExitCode> {
    let session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    print!("{}", render(&compute(&session), &session));
    Ok(ExitCode::SUCCESS)
}

fn render(stats: &Stats, session: &Session) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let note = match session.kind {
        WorkspaceKind::Existing => "",
        WorkspaceKind::Template => {
            " (the template shipped with the corpus; your workspace is made when you annotate)"
        }
        WorkspaceKind::NotCreated => " (not created yet: nothing annotated)",
    };
    let _ = writeln!(out, "workspace  {}{note}", session.workspace.root.display());
    let _ = writeln!(
        out,
        "corpus     {}, {}, {}, {}",
        super::articles(stats.articles),
        count(stats.words, "word", "words"),
        count(
            stats.imported_spans,
            "pre-annotated span",
            "pre-annotated spans"
        ),
        count(stats.problems, "problem", "problems"),
    );
    // the label set's order (the digits' order), then any label found only in the files
    let set = &session.workspace.settings.labels;
    let mut labels: Vec<&String> = set
        .names()
        .filter_map(|n| stats.spans_per_label.get_key_value(n).map(|(k, _)| k))
        .collect();
    labels.extend(
        stats
            .spans_per_label
            .keys()
            .filter(|k| set.get(k).is_none()),
    );
    out.push('\n');
    out.push_str(&narrow_table(&progress_rows(stats)));
    out.push('\n');
    out.push_str(&narrow_table(&label_rows(stats, &labels)));
    out.push_str(&relations_line(stats));
    if stats.annotators.is_empty() {
        out.push_str("(no annotations yet)\n");
    }
    out
}

/// Per annotator and for all: spans, pending, rejected and articles per status.
fn progress_rows(stats: &Stats) -> Vec<Vec<String>> {
    let mut head = vec!["annotator".to_string()];
    head.extend(["spans", "pending", "rejected"].map(String::from));
    head.extend(DocStatus::VARIANTS.iter().map(|s| s.to_string()));
    let mut rows = vec![head];
    let figures = |per: &AnnotatorStats| {
        let mut row = vec![per.spans, per.pending, per.rejected];
        row.extend(DocStatus::VARIANTS.iter().map(|s| per.status[s.as_str()]));
        row
    };
    let mut all = vec![0; 3 + DocStatus::VARIANTS.len()];
    for (who, per) in &stats.annotators {
        let figures = figures(per);
        for (sum, n) in all.iter_mut().zip(&figures) {
            *sum += n;
        }
        let mut row = vec![who.clone()];
        row.extend(figures.iter().map(usize::to_string));
        rows.push(row);
    }
    let mut total = vec!["all".to_string()];
    total.extend(all.iter().map(usize::to_string));
    rows.push(total);
    rows
}

/// One row per label (any number of them stays readable), a column per annotator.
fn label_rows(stats: &Stats, labels: &[&String]) -> Vec<Vec<String>> {
    let mut head = vec!["label".to_string()];
    head.extend(stats.annotators.keys().cloned());
    head.push("all".into());
    let mut rows = vec![head];
    for label in labels {
        let mut row = vec![crate::text::sanitize(label).into_owned()];
        row.extend(stats.annotators.values().map(|per| {
            let n = per.spans_per_label.get(*label).copied().unwrap_or(0);
            n.to_string()
        }));
        row.push(stats.spans_per_label[*label].to_string());
        rows.push(row);
    }
    rows
}

/// One span of an annotator's file, counted in theirs and the team's figures.
fn count_span(stats: &mut Stats, per: &mut AnnotatorStats, span: &crate::annotation::Span) {
    use crate::annotation::SpanState::*;
    match span.state {
        Rejected => per.rejected += 1,
        Pending | Accepted => {
            if span.state == Pending {
                per.pending += 1;
            }
            per.spans += 1;
            if span.kb.is_some() {
                let links = stats.links.get_or_insert_with(LinkCounts::default);
                links.linked += 1;
                links.suggested += usize::from(span.kb_suggested);
            }
            *per.spans_per_label.entry(span.label.clone()).or_default() += 1;
            *stats.spans_per_label.entry(span.label.clone()).or_default() += 1;
        }
    }
}

/// `document labels  CORRUPTION 2`, `links  4 spans linked to kb.tsv (1 suggested)` and
/// `relations  3 (HEADS 2, SAME 1)`, each only when some file holds one.
fn relations_line(stats: &Stats) -> String {
    let mut out = String::new();
    if !stats.doc_labels.is_empty() {
        let per: Vec<String> = stats
            .doc_labels
            .iter()
            .map(|(l, n)| format!("{} {n}", crate::text::sanitize(l)))
            .collect();
        out = format!("document labels  {}\n", per.join(", "));
    }
    if let Some(links) = &stats.links {
        out += &format!(
            "links  {} linked to kb.tsv ({} suggested)\n",
            count(links.linked, "span", "spans"),
            links.suggested
        );
    }
    if stats.relations_per_label.is_empty() {
        return out;
    }
    let per: Vec<String> = stats
        .relations_per_label
        .iter()
        .map(|(l, n)| format!("{} {n}", crate::text::sanitize(l)))
        .collect();
    let total: usize = stats.relations_per_label.values().sum();
    out + &format!("relations  {total} ({})\n", per.join(", "))
}

/// One line per pair of annotators when there are two or more, n/a with its reason where
/// there is nothing to compare (no shared article, nothing accepted).
fn agreement_lines(pairs: &[PairFigures]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for p in pairs {
        let _ = write!(
            out,
            "\nagreement  {} vs {}: {}, ",
            p.a,
            p.b,
            super::articles(p.articles)
        );
        let _ = match (p.span_f1, p.kappa, p.not_applicable) {
            (None, None, Some(why)) => write!(out, "n/a ({why})"),
            _ => write!(
                out,
                "span F1 {}, kappa {}",
                p.span_f1_shown(3),
                p.kappa_shown(3)
            ),
        };
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Time spent per annotator, as a table, when anyone has spent any.
fn time_lines(time: &BTreeMap<String, crate::dashboard::TimeSpent>) -> String {
    if time.is_empty() {
        return String::new();
    }
    let mut rows = vec![
        ["annotator", "active time", "articles", "s/span"]
            .map(String::from)
            .to_vec(),
    ];
    for (who, t) in time {
        rows.push(vec![
            who.clone(),
            crate::dashboard::clock(t.active_seconds),
            t.articles.to_string(),
            t.seconds_per_span.map_or("-".into(), |s| format!("{s:.0}")),
        ]);
    }
    format!("\n{}", table(&rows))
}

/// Tables are cut to this width: the terminal a shared server's user most likely has.
const TABLE_WIDTH: usize = 80;

/// `table`, where columns that would pass 80 characters go to a block of their own
/// below, the first column repeated (many annotators, long names).
fn narrow_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut used = width(0);
    for c in 1..cols {
        let w = 2 + width(c);
        match blocks.last_mut() {
            Some(block) if used + w <= TABLE_WIDTH => block.push(c),
            _ => {
                blocks.push(vec![c]);
                used = width(0);
            }
        }
        used += w;
    }
    if blocks.is_empty() {
        return table(rows);
    }
    let parts: Vec<String> = blocks
        .iter()
        .map(|block| {
            let cut: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    std::iter::once(0)
                        .chain(block.iter().copied())
                        .filter_map(|c| row.get(c).cloned())
                        .collect()
                })
                .collect();
            table(&cut)
        })
        .collect();
    parts.join("\n")
}

/// Aligns cells in columns: the first left-aligned, numbers right-aligned.
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_past_80_columns_goes_on_in_a_block_below_with_its_first_column() {
        let who: Vec<String> = (1..=12).map(|i| format!("annotator-{i:02}")).collect();
        let mut head = vec!["label".to_string()];
        head.extend(who.iter().cloned());
        let row: Vec<String> = std::iter::once("PERSON".to_string())
            .chain(who.iter().map(|_| "7".to_string()))
            .collect();
        let out = narrow_table(&[head, row]);
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
        let blocks: Vec<&str> = out.split("\n\n").collect();
        assert!(blocks.len() > 1, "{out}");
        for block in &blocks {
            assert!(block.starts_with("label "), "{block}");
            assert!(block.contains("\nPERSON "), "{block}");
        }
        assert!(out.contains("annotator-01") && out.contains("annotator-12"));
        let small = [vec!["a".to_string(), "1".into()]];
        assert_eq!(narrow_table(&small), table(&small));
    }
}
