//! What an import does to the workspace, decided before anything is written: each
//! document found is matched to a corpus article (by id, else by text; a text that
//! differs is reported, never guessed), grouped by annotator and article, and compared
//! with the annotator's file there. The one rule that merges spans lives here: where a
//! source gives one range and label twice (an answer and a prediction, two files), one
//! span stays, the one of the best standing (`Span::standing`: an answer before a
//! prediction); the summary counts them.

use std::collections::{BTreeMap, HashMap};

use super::{Found, FoundSpan, Tool};
use crate::annotation::{
    DocAnnotations, DocStatus, LogEntry, Origin, Relation, Span, SpanState, now,
};
use crate::corpus::{Article, Corpus, Problem};
use crate::store::{StoreError, Workspace, check_annotator};

/// `--annotator old=new` pairs.
#[derive(Debug, Clone, Default)]
pub struct Renames(pub Vec<(String, String)>);

impl Renames {
    fn apply(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(old, _)| old == name)
            .map_or(name, |(_, new)| new)
            .to_string()
    }
}

/// How the documents found become the workspace's.
#[derive(Debug, Clone)]
pub struct Options {
    /// The annotator of documents whose source names none.
    pub annotator: Option<String>,
    pub renames: Renames,
    pub status: DocStatus,
    /// Overwrite an annotator's existing file that differs.
    pub replace: bool,
}

/// What happens to one annotator's file of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No file yet: written.
    Write,
    /// The file holds these spans and status already.
    Unchanged,
    /// The file differs and stays (`--replace` overwrites it).
    Kept,
    /// The file differs and is overwritten (`--replace`).
    Replace,
    /// The file does not parse: left untouched, even with `--replace`.
    Unreadable,
    /// To be written, but writing failed (the annotator's session is open, say): the
    /// error is reported.
    Failed,
}

#[derive(Debug, Clone)]
pub struct Planned {
    pub doc: DocAnnotations,
    pub decision: Decision,
    pub tools: Vec<Tool>,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub planned: Vec<Planned>,
    pub problems: Vec<Problem>,
    /// Labels the spans use that the workspace's label set lacks.
    pub new_labels: Vec<String>,
    /// Spans given twice (same range and label) of which one was kept.
    pub merged: usize,
    /// Document labels the files give that the workspace's `doc_labels` lack (kept).
    pub new_doc_labels: Vec<String>,
}

/// Spans of one annotator on one article, from however many files.
#[derive(Default)]
struct Group {
    spans: Vec<Span>,
    doc_labels: Vec<String>,
    relations: Vec<Relation>,
    tools: Vec<Tool>,
}

pub fn plan(found: &[Found], corpus: &Corpus, workspace: &Workspace, options: &Options) -> Plan {
    let mut out = Plan::default();
    let articles = Articles::new(corpus);
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for f in found {
        let said = |m: String| f.problem(m);
        let annotator = match annotator_of(f, options) {
            Ok(a) => a,
            Err(m) => {
                out.problems.push(said(m));
                continue;
            }
        };
        let article = match articles.find(f) {
            Ok(a) => a,
            Err(m) => {
                out.problems.push(said(m));
                continue;
            }
        };
        let group = groups
            .entry((annotator.clone(), article.id.clone()))
            .or_default();
        if !group.tools.contains(&f.tool) {
            group.tools.push(f.tool);
        }
        for s in &f.spans {
            if let Some(span) = span_of(article, s, f, &annotator) {
                group.spans.push(span);
            }
        }
        group.doc_labels.extend(f.doc_labels.iter().cloned());
        group
            .relations
            .extend(relations_of(f, &annotator, workspace, &mut out.problems));
    }
    for ((annotator, id), group) in groups {
        let Some(article) = corpus.get(&id) else {
            continue;
        };
        let (mut doc, merged) = document(
            article,
            &annotator,
            group.spans,
            &group.tools,
            options.status,
        );
        doc.doc_labels = group.doc_labels;
        doc.doc_labels.sort_unstable();
        doc.doc_labels.dedup();
        doc.relations = group.relations;
        doc.normalize();
        out.merged += merged;
        let decision = decide(workspace, article, &doc, options.replace);
        out.planned.push(Planned {
            doc,
            decision,
            tools: group.tools,
        });
    }
    let used = out
        .planned
        .iter()
        .flat_map(|p| p.doc.spans.iter().map(|s| s.label.as_str()));
    let mut used: Vec<&str> = used.collect();
    used.sort_unstable();
    used.dedup();
    out.new_labels = workspace.settings.labels.unknown(used);
    out.new_doc_labels = unknown_doc_labels(&out.planned, workspace);
    out
}

/// The document labels planned that the workspace's `doc_labels` lack, sorted.
fn unknown_doc_labels(planned: &[Planned], workspace: &Workspace) -> Vec<String> {
    let set = &workspace.settings.doc_labels;
    let mut unknown: Vec<String> = planned
        .iter()
        .flat_map(|p| p.doc.doc_labels.iter())
        .filter(|l| set.get(l).is_none())
        .cloned()
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    unknown
}

/// The document's relations as the annotator's; a label `tanba.ron` lacks is named
/// (and kept, as `tanba validate` names it too).
fn relations_of(
    f: &Found,
    annotator: &str,
    workspace: &Workspace,
    problems: &mut Vec<Problem>,
) -> Vec<Relation> {
    let mut out = Vec::new();
    for r in &f.relations {
        if workspace.settings.relations.get(&r.label).is_none() {
            problems.push(f.problem(format!(
                "relation {} is not among tanba.ron's relations (kept; add it there)",
                crate::corpus::quote(&r.label)
            )));
        }
        out.push(Relation {
            label: r.label.clone(),
            from: r.from.clone(),
            to: r.to.clone(),
            who: annotator.to_string(),
            created: when_of(f),
        });
    }
    out
}

fn annotator_of(f: &Found, options: &Options) -> Result<String, String> {
    let name = match (&f.annotator, &options.annotator) {
        (Some(name), _) => options.renames.apply(name),
        (None, Some(name)) => name.clone(),
        (None, None) => {
            return Err(format!(
                "the {} file names no annotator; name one with --annotator NAME",
                f.tool.name()
            ));
        }
    };
    check_annotator(&name).map_err(|e| match &f.annotator {
        Some(old) => format!("{e}; rename it with --annotator '{old}=NAME'"),
        None => e,
    })?;
    Ok(name)
}

/// The corpus's articles by id and by text.
struct Articles<'c> {
    by_id: HashMap<&'c str, &'c Article>,
    by_text: HashMap<&'c str, Vec<&'c Article>>,
}

impl<'c> Articles<'c> {
    fn new(corpus: &'c Corpus) -> Self {
        let mut by_text: HashMap<&str, Vec<&Article>> = HashMap::new();
        for a in &corpus.articles {
            by_text.entry(a.text.as_str()).or_default().push(a);
        }
        let by_id = corpus.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        Articles { by_id, by_text }
    }

    /// The article a document is on: by its id (or the id without its extension, as
    /// INCEpTION names documents `news-1.txt`), else by its text.
    fn find(&self, f: &Found) -> Result<&'c Article, String> {
        let ids = f.id.iter().flat_map(|id| {
            let stem = std::path::Path::new(id).with_extension("");
            [id.clone(), stem.to_string_lossy().into_owned()]
        });
        for id in ids {
            if let Some(article) = self.by_id.get(id.as_str()) {
                return match first_difference(f, &article.text) {
                    None => Ok(article),
                    Some(at) => Err(format!(
                        "article {}: its text differs from the corpus's (from character {at}); \
                         not imported",
                        crate::corpus::quote(&article.id)
                    )),
                };
            }
        }
        match self.by_text.get(f.text.as_str()).map(Vec::as_slice) {
            Some([article]) => Ok(article),
            Some(many) => Err(format!(
                "{} articles have this text ({}): give the document an id",
                many.len(),
                many.iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Err(format!(
                "no article in the corpus has this text ({}){}",
                crate::corpus::quote(&f.text),
                f.id.as_ref()
                    .map_or(String::new(), |id| format!(" nor the id {id:?}"))
            )),
        }
    }
}

/// Where a document's text first differs from `text`, in characters; `None` if it does
/// not (where the source gives only pieces of the text, the pieces are compared).
fn first_difference(f: &Found, text: &str) -> Option<usize> {
    let pieces = match &f.pieces {
        Some(pieces) => pieces.clone(),
        None if f.text.chars().count() == text.chars().count() => vec![(0, f.text.clone())],
        None => {
            let same = f
                .text
                .chars()
                .zip(text.chars())
                .take_while(|(a, b)| a == b)
                .count();
            return Some(same);
        }
    };
    for (at, piece) in pieces {
        let len = piece.chars().count();
        let theirs = crate::text::slice_chars(text, at, at + len).unwrap_or("");
        if theirs != piece {
            let same = piece
                .chars()
                .zip(theirs.chars())
                .take_while(|(a, b)| a == b)
                .count();
            return Some(at + same);
        }
    }
    None
}

/// When the source says the work was done (to the second), else now.
fn when_of(f: &Found) -> crate::annotation::Timestamp {
    f.when
        .map_or_else(now, |t| t.replace_nanosecond(0).unwrap_or(t))
}

fn span_of(article: &Article, s: &FoundSpan, f: &Found, annotator: &str) -> Option<Span> {
    let origin = match &s.model {
        Some(model) => Origin::Model(model.clone()),
        None => Origin::Imported,
    };
    let mut span = Span::cut(&article.text, s.start, s.end, &s.label, origin, annotator)?;
    span.state = s.state;
    span.kb.clone_from(&s.kb);
    let when = when_of(f);
    (span.created, span.updated) = (when, when);
    span.note = Some(format!("imported from {}", f.tool.name()));
    Some(span)
}

/// The annotator's document: one span per range and label (the best standing kept),
/// and how many were merged away.
fn document(
    article: &Article,
    annotator: &str,
    mut spans: Vec<Span>,
    tools: &[Tool],
    status: DocStatus,
) -> (DocAnnotations, usize) {
    spans.sort_by(|a, b| a.key().cmp(&b.key()).then(a.standing().cmp(&b.standing())));
    let before = spans.len();
    spans.dedup_by(|later, first| later.key() == first.key());
    let mut doc = DocAnnotations::new(&article.id, annotator, &article.text);
    doc.status = status;
    let names: Vec<&str> = tools.iter().map(|t| t.name()).collect();
    doc.log.push(LogEntry {
        when: now(),
        who: annotator.to_string(),
        what: format!(
            "imported {} from {}",
            crate::text::count(spans.len(), "span", "spans"),
            names.join(", ")
        ),
    });
    let merged = before - spans.len();
    doc.spans = spans;
    (doc, merged)
}

fn decide(
    workspace: &Workspace,
    article: &Article,
    doc: &DocAnnotations,
    replace: bool,
) -> Decision {
    match workspace.load_doc(&doc.annotator, article) {
        Ok(loaded) if !loaded.from_disk => Decision::Write,
        Ok(loaded) if same(&loaded.doc, doc) => Decision::Unchanged,
        Ok(_) if replace => Decision::Replace,
        Ok(_) => Decision::Kept,
        Err(_) => Decision::Unreadable,
    }
}

/// Same status, document labels and spans (range, label, state, origin, link):
/// importing again changes nothing.
fn same(a: &DocAnnotations, b: &DocAnnotations) -> bool {
    type Key<'d> = (
        (usize, usize, &'d str),
        SpanState,
        &'d Origin,
        Option<&'d str>,
    );
    fn keys(d: &DocAnnotations) -> Vec<Key<'_>> {
        d.spans
            .iter()
            .map(|s| (s.key(), s.state, &s.origin, s.kb.as_deref()))
            .collect()
    }
    let relations = a.relations.iter().map(Relation::key);
    a.status == b.status
        && a.doc_labels == b.doc_labels
        && keys(a) == keys(b)
        && relations.eq(b.relations.iter().map(Relation::key))
}

/// Writes what the plan decides, annotator by annotator under each one's session lock;
/// an annotator whose lock is held (a session open) is skipped and named in the errors.
/// Returns how many files were written.
pub fn write(workspace: &Workspace, plan: &mut Plan) -> (usize, Vec<StoreError>) {
    let mut by_annotator: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in plan.planned.iter().enumerate() {
        if matches!(p.decision, Decision::Write | Decision::Replace) {
            by_annotator
                .entry(p.doc.annotator.clone())
                .or_default()
                .push(i);
        }
    }
    let (mut written, mut errors) = (0, Vec::new());
    for (annotator, docs) in by_annotator {
        let _lock = match workspace.lock(&annotator) {
            Ok(lock) => lock,
            Err(e) => {
                errors.push(e);
                for i in docs {
                    plan.planned[i].decision = Decision::Failed;
                }
                continue;
            }
        };
        for i in docs {
            match workspace.save_doc(&annotator, &plan.planned[i].doc) {
                Ok(()) => written += 1,
                Err(e) => {
                    errors.push(e);
                    plan.planned[i].decision = Decision::Failed;
                }
            }
        }
    }
    (written, errors)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
