//! `tanba verify`: re-cuts every stored span from its article text and prints each
//! mismatch as `file:line: ...`, and in a flat project each pair of overlapping accepted
//! spans; exit 1 if any, or if a file cannot be read.

use anyhow::Result;
use std::collections::BTreeSet;
use std::process::ExitCode;

use super::{Access, Session};
use crate::annotation::SpanScheme;
use crate::cli::CorpusArgs;
use crate::export::verify::{Drift, check};
use crate::store::{escape_id, read_doc_text};
use crate::text::sanitize;

pub fn run(args: &CorpusArgs) -> Result<ExitCode> {
    let session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    let workspace = &session.workspace;
    let (mut files, mut spans, mut drifted, mut unreadable, mut orphans) = (0, 0, 0, 0, 0);
    let flat = workspace.settings.spans() == SpanScheme::Flat;
    let mut overlapping = 0;
    for annotator in workspace.annotators() {
        let mut known = BTreeSet::new();
        for article in &session.corpus.articles {
            let path = workspace.doc_path(&annotator, &article.id);
            known.insert(format!("{}.ron", escape_id(&article.id)));
            let file_text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    println!("{}: {e}", path.display());
                    unreadable += 1;
                    continue;
                }
            };
            let doc = match read_doc_text(&path, &file_text) {
                Ok(doc) => doc,
                Err(e) => {
                    println!("{e}");
                    unreadable += 1;
                    continue;
                }
            };
            files += 1;
            spans += doc.spans.len();
            if flat {
                let problems = super::validate::overlap_problems(&path, &doc);
                overlapping += problems.len();
                problems.iter().for_each(|p| println!("{p}"));
            }
            for d in check(&doc, &article.text, &file_text) {
                drifted += 1;
                print_drift(&path, &d);
            }
        }
        orphans += count_orphans(&workspace.annotator_dir(&annotator), &known);
    }
    let overlap_note = if flat {
        format!(", {overlapping} pairs of accepted spans overlapping")
    } else {
        String::new()
    };
    eprintln!(
        "checked {} in {files} annotation file{}: {drifted} drifted, \
         {unreadable} unreadable{overlap_note}",
        crate::text::count(spans, "span", "spans"),
        if files == 1 { "" } else { "s" }
    );
    if orphans > 0 {
        eprintln!(
            "note: {} to no article of this corpus (not checked)",
            crate::text::count(
                orphans,
                "annotation file belongs",
                "annotation files belong"
            )
        );
    }
    Ok(if drifted + unreadable + overlapping > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A span whose stored text is not the article's at its offsets, as file:line.
fn print_drift(path: &std::path::Path, d: &Drift) {
    let actual = match &d.actual {
        Some(a) => format!("\"{}\"", sanitize(a)),
        None => "outside the article".to_string(),
    };
    println!(
        "{}:{}: {} {}..{} stored \"{}\" actual {actual}",
        path.display(),
        d.line,
        sanitize(&d.label),
        d.start,
        d.end,
        sanitize(&d.stored),
    );
}

fn count_orphans(dir: &std::path::Path, known: &BTreeSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".ron") && !n.starts_with('.') && !known.contains(n))
        .count()
}
