//! `tanba lint`: consistency findings per annotator, as a table grouped by kind or as
//! JSON; `--fix` turns your own into suggestions and trimmed spans. Exit 1 when there
//! are findings, 0 when none, 2 when lint could not run.

use anyhow::{Result, anyhow};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use strum::VariantArray;

use super::{Access, Session};
use crate::annotation::DocAnnotations;
use crate::cli::{LintArgs, LintFix};
use crate::config::Config;
use crate::corpus::Corpus;
use crate::lint::{
    Finding, Fixes, Kind, Options, Report, Scope, boundary_op, counts, lint_workspace,
    suggestion_ops,
};
use crate::store::Workspace;
use crate::text::sanitize;

pub fn run(args: &LintArgs) -> Result<ExitCode> {
    match check(args) {
        Ok(code) => Ok(code),
        Err(err) => {
            eprintln!("tanba lint: error: {err:#}");
            Ok(ExitCode::from(2))
        }
    }
}

fn check(args: &LintArgs) -> Result<ExitCode> {
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Read)?;
    let workspace = &session.workspace;
    let fixer = match args.fix.is_empty() {
        true => None,
        false => Some(
            Config::load()?
                .annotator(args.annotator.as_deref())
                .map_err(|e| anyhow!(e))?,
        ),
    };
    // your files are written: not while your own session has them open
    let lock = fixer.as_deref().map(|me| workspace.lock(me)).transpose()?;
    let scope = Scope {
        annotators: fixer
            .clone()
            .or(args.annotator.clone())
            .into_iter()
            .collect(),
        statuses: args.status.clone(),
    };
    let options = Options {
        kinds: args.kinds.clone(),
    };
    let mut report = lint_workspace(workspace, &session.corpus, &scope, &options);
    for p in &report.problems {
        eprintln!("tanba lint: {} (left out)", sanitize(&p.to_string()));
    }
    if args.json {
        print_json(&report.findings)?;
    } else {
        print_table(&report.findings)?;
    }
    if let Some(me) = &fixer {
        let fixes = fix(workspace, &session.corpus, &mut report, (me, &args.fix));
        for line in &fixes.lines {
            eprintln!("{}", sanitize(line));
        }
        eprintln!(
            "fixed: {} added (pending, review them with a/r/A), {} trimmed",
            crate::text::count(fixes.suggested, "suggestion", "suggestions"),
            crate::text::count(fixes.trimmed, "span", "spans")
        );
    }
    let code = match (report.problems.is_empty(), report.findings.is_empty()) {
        (false, _) => ExitCode::from(2),
        (true, true) => ExitCode::SUCCESS,
        (true, false) => ExitCode::FAILURE,
    };
    drop(lock);
    // the process ends here: freeing a corpus, its documents and their findings one
    // allocation at a time costs a tenth of the run for nothing
    std::mem::forget(report);
    std::mem::forget(session);
    Ok(code)
}

/// `{"findings": [...], "counts": {...}}`, one finding a line, written as it goes
/// (a corpus may have hundreds of thousands).
fn print_json(findings: &[Finding]) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    out.write_all(b"{\"findings\": [")?;
    for (i, f) in findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut out, f)?;
    }
    out.write_all(b"\n],\n\"counts\": ")?;
    serde_json::to_writer(&mut out, &counts(findings))?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(())
}

/// Counts first, then the findings grouped by kind, each group in corpus order.
fn print_table(findings: &[Finding]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let counts = counts(findings);
    let tally: Vec<String> = Kind::VARIANTS
        .iter()
        .map(|k| format!("{} {}", k.name(), counts[k.name()]))
        .collect();
    let total = crate::text::count(findings.len(), "finding", "findings");
    writeln!(out, "{total}: {}", tally.join(", "))?;
    for kind in Kind::VARIANTS {
        let n = counts[kind.name()];
        if n == 0 {
            continue;
        }
        writeln!(out, "\n{} ({n})", kind.name())?;
        for f in findings.iter().filter(|f| f.kind == *kind) {
            writeln!(
                out,
                "  {} {} {}..{} {} \"{}\": {}",
                sanitize(&f.article),
                f.annotator,
                f.start,
                f.end,
                sanitize(&f.label),
                sanitize(&f.text),
                sanitize(&f.detail)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Applies `me`'s fixable findings of the kinds asked to their documents and saves them.
fn fix(
    workspace: &Workspace,
    corpus: &Corpus,
    report: &mut Report,
    (me, kinds): (&str, &[LintFix]),
) -> Fixes {
    let mut fixes = Fixes::default();
    let mut by_article: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.annotator == me) {
        by_article.entry(&f.article).or_default().push(f);
    }
    for article in &corpus.articles {
        let Some(found) = by_article.get(article.id.as_str()) else {
            continue;
        };
        let key = crate::store::DocKey::new(me, &article.id);
        let Some(doc) = report.docs.get_mut(&key) else {
            continue;
        };
        let before = fixes.lines.len();
        if kinds.contains(&LintFix::Boundary) {
            for f in found.iter().filter(|f| f.kind == Kind::Boundary) {
                if let Some(op) = boundary_op(&article.text, doc, f) {
                    apply(doc, &op, me, &mut fixes);
                }
            }
        }
        if kinds.contains(&LintFix::Unlabeled) {
            for op in suggestion_ops(&article.text, doc, found, workspace.settings.spans()) {
                apply(doc, &op, me, &mut fixes);
            }
        }
        if fixes.lines.len() > before
            && let Err(e) = workspace.save_doc(me, doc)
        {
            fixes
                .lines
                .push(format!("{me} {}: could not save: {e}", article.id));
        }
    }
    fixes
}

fn apply(doc: &mut DocAnnotations, op: &crate::annotation::Op, me: &str, fixes: &mut Fixes) {
    if doc.apply(op, me) {
        fixes.said(doc, op);
    }
}
