//! `tanba agree`: how far annotators agree, as tables or one JSON object; also the
//! choosing of annotators that `merge` and `curate` share.

use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::process::ExitCode;

use super::stats::table;
use super::{Access, Session};
use crate::agree::{
    DocLabelFigures, Filter, RelationFigures, Report, Sheet, doc_label_agreement,
    relation_agreement, shown,
};
use crate::annotation::{DocAnnotations, DocStatus};
use crate::cli::AgreeArgs;
use crate::store::{DocKey, check_annotator};
use crate::text::sanitize;

/// At most this many articles are listed under "disagreements" in the table.
const DISAGREEMENTS_SHOWN: usize = 10;

/// A mistake in what the user asked for: printed like clap's own, exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct Usage(pub String);

/// Turns a [`Usage`] error into its message and exit code 2; other errors pass through.
pub(super) fn exit_2_on_usage(result: Result<ExitCode>) -> Result<ExitCode> {
    match result {
        Err(e) => match e.downcast_ref::<Usage>() {
            Some(usage) => {
                eprintln!("tanba: error: {usage}");
                Ok(ExitCode::from(2))
            }
            None => Err(e),
        },
        ok => ok,
    }
}

pub fn run(args: &AgreeArgs) -> Result<ExitCode> {
    exit_2_on_usage(agree(args))
}

fn agree(args: &AgreeArgs) -> Result<ExitCode> {
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Read)?;
    let annotators = choose_annotators(&session, &args.annotators)?;
    let docs = load_docs(&session, &annotators)?;
    let filter = Filter {
        statuses: statuses(&args.status)?,
        labels: labels(&args.labels, &session, &docs)?,
    };
    let sheet = Sheet::new(&session.corpus, &docs, &annotators, &filter);
    require_shared(&sheet)?;
    let report = Report::compute(&sheet);
    let relations = relation_agreement(&docs, &annotators);
    let doc_labels = doc_label_agreement(&docs, &annotators);
    let links = crate::agree::link_agreement(&docs, &annotators);
    if args.json {
        let mut json = serde_json::to_value(&report)?;
        if let Some(object) = json.as_object_mut() {
            if !relations.is_empty() {
                object.insert("relations".into(), serde_json::to_value(&relations)?);
            }
            if !doc_labels.is_empty() {
                object.insert("doc_labels".into(), serde_json::to_value(&doc_labels)?);
            }
            if !links.is_empty() {
                object.insert("links".into(), serde_json::to_value(&links)?);
            }
        }
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print!("{}", render(&report, &session));
        print!("{}", relation_table(&relations));
        print!("{}", doc_label_table(&doc_labels));
        print!("{}", link_table(&links));
    }
    Ok(ExitCode::SUCCESS)
}

/// The named annotators (every one in the workspace with a document when none is named):
/// each must have a folder there, and there must be two or more.
pub(super) fn choose_annotators(session: &Session, requested: &[String]) -> Result<Vec<String>> {
    // a folder whose name is not a valid annotator name is nobody's
    let mut known = session.workspace.annotators();
    known.retain(|name| check_annotator(name).is_ok());
    let listed = || {
        if known.is_empty() {
            "none yet".to_string()
        } else {
            known.join(", ")
        }
    };
    let mut chosen: Vec<String> = Vec::new();
    for name in requested.iter().map(|n| n.trim()) {
        check_annotator(name).map_err(Usage)?;
        if !known.iter().any(|k| k == name) {
            bail!(Usage(format!(
                "no annotator {name:?} in workspace {} (annotators: {})",
                session.workspace.root.display(),
                listed()
            )));
        }
        if !chosen.iter().any(|c| c == name) {
            chosen.push(name.to_string());
        }
    }
    if requested.is_empty() {
        // a folder with no document is someone who only read: nothing to compare
        let (working, readers): (Vec<String>, Vec<String>) = known
            .iter()
            .cloned()
            .partition(|name| session.workspace.has_documents(name));
        if !readers.is_empty() {
            eprintln!(
                "tanba: left out {} (no annotation files; name them with --annotators to include them)",
                readers.join(", ")
            );
        }
        chosen = working;
    }
    if chosen.len() < 2 {
        bail!(Usage(format!(
            "comparing needs two or more annotators, got {} (annotators in the workspace: {})",
            chosen.len(),
            listed()
        )));
    }
    Ok(chosen)
}

/// The chosen annotators' files; any file that cannot be read stops the command.
pub(super) fn load_docs(
    session: &Session,
    annotators: &[String],
) -> Result<BTreeMap<DocKey, DocAnnotations>> {
    for problem in &session.corpus.problems {
        eprintln!("tanba: warning: {problem}");
    }
    let (docs, errors) = session
        .workspace
        .load_annotators(&session.corpus, annotators);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!(
            "{} could not be read; fix them first (`tanba validate` lists them)",
            crate::text::count(errors.len(), "annotation file", "annotation files")
        );
    }
    Ok(docs)
}

/// Nothing to compare is a usage mistake: the annotators never worked on one article.
pub(super) fn require_shared(sheet: &Sheet) -> Result<()> {
    if sheet.shared().next().is_none() {
        bail!(Usage(format!(
            "no article has files from two or more of {} (a file still todo with nothing \
             accepted is left out; --status todo compares it): nothing to compare",
            sheet.annotators.join(", ")
        )));
    }
    Ok(())
}

fn statuses(given: &[String]) -> Result<Option<Vec<DocStatus>>> {
    if given.is_empty() {
        return Ok(None);
    }
    let parse = |s: &String| {
        DocStatus::parse(s.trim()).ok_or_else(|| {
            let all: Vec<_> = <DocStatus as strum::VariantArray>::VARIANTS
                .iter()
                .map(|s| s.as_str())
                .collect();
            Usage(format!(
                "unknown status {s:?} (statuses: {})",
                all.join(", ")
            ))
        })
    };
    Ok(Some(given.iter().map(parse).collect::<Result<_, _>>()?))
}

/// The chosen labels, each known to the label set or used in some file.
fn labels(
    given: &[String],
    session: &Session,
    docs: &BTreeMap<DocKey, DocAnnotations>,
) -> Result<Option<BTreeSet<String>>> {
    if given.is_empty() {
        return Ok(None);
    }
    super::check_labels(given, &session.workspace.settings.labels, |known| {
        known.extend(
            docs.values()
                .flat_map(|d| d.spans.iter().map(|s| s.label.as_str())),
        );
    })?;
    Ok(Some(given.iter().map(|l| l.trim().to_string()).collect()))
}

fn pair_name(a: &str, b: &str) -> String {
    format!("{a} vs {b}")
}

fn render(report: &Report, session: &Session) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} annotators ({}), {} with files from two or more\n",
        report.annotators.len(),
        report.annotators.join(", "),
        super::articles(report.articles)
    );
    let mut rows = vec![
        [
            "pair", "articles", "spans a", "spans b", "matched", "span F1", "kappa",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for p in &report.pairs {
        rows.push(vec![
            pair_name(&p.a, &p.b),
            p.articles.to_string(),
            p.spans_a.to_string(),
            p.spans_b.to_string(),
            p.matched.to_string(),
            p.span_f1_shown(3),
            p.kappa_shown(3),
        ]);
    }
    out.push_str(&table(&rows));
    let _ = writeln!(
        out,
        "\nalpha (nominal, over characters, all annotators)  {}",
        shown(report.alpha, report.alpha_not_applicable, 3)
    );
    out.push_str(&per_label(report, session));
    let shown: Vec<_> = report
        .disagreements
        .iter()
        .filter(|d| d.count > 0)
        .collect();
    if shown.is_empty() {
        out.push_str("\nno disagreements\n");
        return out;
    }
    let mut rows = vec![vec!["most disagreements".to_string(), "spans".to_string()]];
    for d in shown.iter().take(DISAGREEMENTS_SHOWN) {
        rows.push(vec![sanitize(&d.id).into_owned(), d.count.to_string()]);
    }
    out.push('\n');
    out.push_str(&table(&rows));
    if shown.len() > DISAGREEMENTS_SHOWN {
        let _ = writeln!(
            out,
            "... and {} more articles",
            shown.len() - DISAGREEMENTS_SHOWN
        );
    }
    out
}

/// Relation F1 per pair and relation label (both ends and the label must match); empty
/// when no file holds a relation.
fn relation_table(figures: &[RelationFigures]) -> String {
    if figures.is_empty() {
        return String::new();
    }
    let head = [
        "pair",
        "relation",
        "relations a",
        "relations b",
        "matched",
        "F1",
    ];
    let mut rows = vec![head.map(String::from).to_vec()];
    for f in figures {
        rows.push(vec![
            pair_name(&f.a, &f.b),
            sanitize(&f.label).into_owned(),
            f.relations_a.to_string(),
            f.relations_b.to_string(),
            f.matched.to_string(),
            shown(f.f1, None, 3),
        ]);
    }
    format!("\n{}", table(&rows))
}

/// Link agreement per pair: over the spans both have where either linked, the share
/// linked to the same knowledge-base id; empty when no file holds a link.
fn link_table(figures: &[crate::agree::LinkFigures]) -> String {
    if figures.is_empty() {
        return String::new();
    }
    let head = ["pair", "linked spans both have", "same id", "share"];
    let mut rows = vec![head.map(String::from).to_vec()];
    for f in figures {
        rows.push(vec![
            pair_name(&f.a, &f.b),
            f.shared.to_string(),
            f.matched.to_string(),
            shown(f.share, None, 3),
        ]);
    }
    format!("\nLinks to the knowledge base\n{}", table(&rows))
}

/// Cohen's κ per pair and document label over the articles both annotated; empty when
/// no file holds a document label.
fn doc_label_table(figures: &[DocLabelFigures]) -> String {
    if figures.is_empty() {
        return String::new();
    }
    let head = ["pair", "document label", "articles", "agreed", "kappa"];
    let mut rows = vec![head.map(String::from).to_vec()];
    for f in figures {
        rows.push(vec![
            pair_name(&f.a, &f.b),
            sanitize(&f.label).into_owned(),
            f.articles.to_string(),
            f.agreed.to_string(),
            shown(f.kappa, None, 3),
        ]);
    }
    format!("\n{}", table(&rows))
}

/// Span F1 per pair and label: the label set's order, then labels found only in files.
fn per_label(report: &Report, session: &Session) -> String {
    let used: BTreeSet<&str> = report
        .pairs
        .iter()
        .flat_map(|p| p.per_label.keys().map(String::as_str))
        .collect();
    if used.is_empty() {
        return String::new();
    }
    let set = &session.workspace.settings.labels;
    let mut labels: Vec<&str> = set.names().filter(|n| used.contains(n)).collect();
    labels.extend(used.iter().filter(|l| set.get(l).is_none()));
    let mut head = vec!["span F1 per label".to_string()];
    head.extend(labels.iter().map(|l| sanitize(l).into_owned()));
    let mut rows = vec![head];
    for p in &report.pairs {
        let mut row = vec![pair_name(&p.a, &p.b)];
        row.extend(labels.iter().map(|l| {
            p.per_label
                .get(*l)
                .map_or("-".to_string(), |f| shown(f.span_f1, None, 3))
        }));
        rows.push(row);
    }
    format!("\n{}", table(&rows))
}
