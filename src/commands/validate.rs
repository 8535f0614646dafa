use anyhow::Result;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use super::{Access, Session};
use crate::annotation::SpanScheme;
use crate::annotation::scheme::overlapping_accepted;
use crate::annotation::{DocAnnotations, unknown_label};
use crate::annotation::{relation, relation_rules};
use crate::cli::CorpusArgs;
use crate::store::DocKey;
use crate::text::sanitize;
use std::path::{Path, PathBuf};

/// Reads the corpus and every annotation file; prints each problem as file:line: message.
pub fn run(args: &CorpusArgs) -> Result<ExitCode> {
    let mut session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    let (docs, store_errors) = session.workspace.load_all(&session.corpus);
    let mut problems: Vec<String> = session
        .corpus
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    problems.extend(store_errors.iter().map(ToString::to_string));
    problems.extend(unknown_labels(&session));
    problems.extend(
        docs.iter()
            .flat_map(|(key, doc)| span_labels(&session, key, doc)),
    );
    problems.extend(kb_problems(&session));
    problems.extend(unknown_links(&session, &docs));
    problems.extend(
        docs.iter()
            .flat_map(|(key, doc)| relations(&session, key, doc)),
    );
    if session.workspace.settings.spans() == SpanScheme::Flat {
        problems.extend(
            docs.iter()
                .flat_map(|(key, doc)| overlap_problems(&doc_path(&session, key), doc)),
        );
    }
    for line in &problems {
        println!("{line}");
    }
    let spans: usize = docs.values().map(|d| d.spans.len()).sum();
    eprintln!(
        "{}, {} annotation file{} ({}), {} problem{}",
        super::articles(session.corpus.articles.len()),
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
        crate::text::count(spans, "span", "spans"),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    // the process ends now: freeing 100,000 articles one by one would only delay it
    std::mem::forget(std::mem::take(&mut session.corpus));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Each relation whose label the workspace lacks or whose end is not in the file, and
/// each document label the workspace lacks, as file:line.
fn relations(session: &Session, key: &DocKey, doc: &DocAnnotations) -> Vec<String> {
    let settings = &session.workspace.settings;
    let found = relation_rules::problems(doc, &settings.relations);
    let odd_labels = doc
        .doc_labels
        .iter()
        .any(|l| settings.doc_labels.get(l).is_none());
    if found.is_empty() && !odd_labels {
        return Vec::new();
    }
    let path = session.workspace.doc_path(&key.annotator, &key.article);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut out: Vec<String> = found
        .into_iter()
        .map(|(i, what)| {
            let r = &doc.relations[i];
            let ends = [&r.from, &r.to].map(|e| (e.start, e.end));
            let label = format!("{:?}", r.label);
            let at = locate(&path, &text, &label, &ends)
                .unwrap_or_else(|| (path.clone(), relation::line_in_file(&text, i).unwrap_or(1)));
            format!("{}:{}: {what}", at.0.display(), at.1)
        })
        .collect();
    let unknown = relation_rules::unknown_doc_labels(doc, &settings.doc_labels, &text);
    out.extend(
        unknown
            .into_iter()
            .map(|(line, what)| format!("{}:{line}: {what}", path.display())),
    );
    out
}

/// Where an annotation is written: the first line of the file holding `word` and every
/// range of `ranges` (`start: S, end: E` as the file spells it), else the last such line
/// of its journal (`start:S,end:E`: an edit not folded into the file yet).
fn locate(
    path: &Path,
    text: &str,
    word: &str,
    ranges: &[(usize, usize)],
) -> Option<(PathBuf, usize)> {
    let holds = |line: &str, spaced: bool| {
        line.contains(word)
            && ranges.iter().all(|(s, e)| match spaced {
                true => line.contains(&format!("start: {s}, end: {e},")),
                false => line.contains(&format!("start:{s},end:{e},")),
            })
    };
    if let Some(i) = text.lines().position(|l| holds(l, true)) {
        return Some((path.to_path_buf(), i + 1));
    }
    let journal = crate::store::journal_path(path);
    let written = std::fs::read_to_string(&journal).ok()?;
    let lines: Vec<&str> = written.lines().collect();
    let i = lines.iter().rposition(|l| holds(l, false))?;
    Some((journal, i + 1))
}

/// Each line of the workspace's `kb.tsv` that is not an entry, as file:line.
fn kb_problems(session: &Session) -> Vec<String> {
    let path = session.workspace.root.join(crate::search::kb::KB_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let (_, problems) = crate::search::kb::Kb::parse(&text);
    problems
        .into_iter()
        .map(|p| format!("{}:{}: {}", path.display(), p.line, p.message))
        .collect()
}

/// Each span linked to an id `kb.tsv` does not hold, as file:line (the span's line).
fn unknown_links(
    session: &Session,
    docs: &std::collections::BTreeMap<DocKey, DocAnnotations>,
) -> Vec<String> {
    let Ok((kb, _)) = crate::search::kb::load(&session.workspace.root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, doc) in docs {
        let unknown: Vec<_> = doc
            .spans
            .iter()
            .filter(|s| s.kb.as_ref().is_some_and(|id| kb.get(id).is_none()))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let path = session.workspace.doc_path(&key.annotator, &key.article);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for s in unknown {
            let id = s.kb.as_deref().unwrap_or_default();
            let (file, line) = locate(&path, &text, &format!("{id:?}"), &[(s.start, s.end)])
                .unwrap_or_else(|| (path.clone(), 1));
            out.push(format!(
                "{}:{line}: {} «{}» is linked to {}, which kb.tsv does not hold",
                file.display(),
                s.label,
                sanitize(&s.text),
                sanitize(id)
            ));
        }
    }
    out
}

/// In a flat project, each pair of accepted spans of one file that overlap (the rule
/// `annotation::scheme` keeps in the annotator; a file edited by hand or by an older
/// tanba may break it). Shared with `tanba verify`.
pub(super) fn overlap_problems(path: &Path, doc: &DocAnnotations) -> Vec<String> {
    overlapping_accepted(doc)
        .into_iter()
        .map(|(a, b)| {
            format!(
                "{}: accepted {} {}..{} and {} {}..{} overlap, and this project is flat \
                 (spans: flat)",
                path.display(),
                sanitize(&a.label),
                a.start,
                a.end,
                sanitize(&b.label),
                b.start,
                b.end
            )
        })
        .collect()
}

fn doc_path(session: &Session, key: &DocKey) -> PathBuf {
    session.workspace.doc_path(&key.annotator, &key.article)
}

/// Each span of an annotation file whose label the workspace lacks (a hand edit, a label
/// removed from `tanba.ron` by hand), as file:line, said as every command says it.
fn span_labels(session: &Session, key: &DocKey, doc: &DocAnnotations) -> Vec<String> {
    let labels = &session.workspace.settings.labels;
    let unknown: Vec<_> = doc
        .spans
        .iter()
        .filter(|s| labels.get(&s.label).is_none())
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    let path = doc_path(session, key);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    unknown
        .into_iter()
        .map(|span| {
            let word = format!("{:?}", span.label);
            let (file, line) = locate(&path, &text, &word, &[(span.start, span.end)])
                .unwrap_or_else(|| (path.clone(), 1));
            let message = unknown_label(&span.label, labels.names());
            format!("{}:{line}: {message}", file.display())
        })
        .collect()
}

/// One problem per pre-annotated span whose label the workspace lacks, in corpus order,
/// said as every command says it ([`unknown_label`]).
fn unknown_labels(session: &Session) -> Vec<String> {
    let labels = &session.workspace.settings.labels;
    let known: HashSet<&str> = labels.labels.iter().map(|l| l.name.as_str()).collect();
    // 500,000 spans: checked on every core, against a hash set rather than the label list
    let found: Vec<(&Path, usize, &str)> = session
        .corpus
        .articles
        .par_iter()
        .flat_map_iter(|article| {
            let unknown = article
                .imported
                .iter()
                .filter(|s| !known.contains(s.label.as_str()));
            unknown.map(|span| {
                let at = &article.source;
                (at.file.as_path(), at.line, span.label.as_str())
            })
        })
        .collect();
    // the message once per label: the nearest name is looked for once
    let mut said: HashMap<&str, String> = HashMap::new();
    found
        .into_iter()
        .map(|(file, line, label)| {
            let message = said
                .entry(label)
                .or_insert_with(|| unknown_label(label, labels.names()));
            format!("{}:{line}: {message}", file.display())
        })
        .collect()
}
