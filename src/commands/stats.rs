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
        "corpus     {} articles, {} words, {} pre-annotated spans, {} problems",
        stats.articles, stats.words, stats.imported_spans, stats.problems
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
    let mut rows = vec![{
        let mut head = vec!["annotator".to_string()];
        head.extend(labels.iter().map(|l| l.to_string()));
        head.extend(["spans", "pending", "rejected"].map(String::from));
        head.extend(DocStatus::VARIANTS.iter().map(|s| s.to_string()));
        head
    }];
    for (who, per) in &stats.annotators {
        let mut row = vec![who.clone()];
        row.extend(labels.iter().map(|l| {
            per.spans_per_label
                .get(*l)
                .copied()
                .unwrap_or(0)
                .to_string()
        }));
        row.extend([per.spans, per.pending, per.rejected].map(|n| n.to_string()));
        row.extend(
            DocStatus::VARIANTS
                .iter()
                .map(|s| per.status[s.as_str()].to_string()),
        );
        rows.push(row);
    }
    let mut total = vec!["all".to_string()];
    total.extend(labels.iter().map(|l| stats.spans_per_label[*l].to_string()));
    let sum = |f: fn(&AnnotatorStats) -> usize| {
        stats.annotators.values().map(f).sum::<usize>().to_string()
    };
    total.extend([sum(|a| a.spans), sum(|a| a.pending), sum(|a| a.rejected)]);
    total.extend(DocStatus::VARIANTS.iter().map(|s| {
        stats
            .annotators
            .values()
            .map(|a| a.status[s.as_str()])
            .sum::<usize>()
            .to_string()
    }));
    rows.push(total);
    out.push('\n');
    out.push_str(&table(&rows));
    out.push_str(&relations_line(stats));
    if stats.annotators.is_empty() {
        out.push_str("(no annotations yet)\n");
    }
    out
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
            "links  {} spans linked to kb.tsv ({} suggested)\n",
            links.linked, links.suggested
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
