//! The annotator's findings (`tanba lint` in the annotator) and their fixes as edits:
//! each article's fixes are one undoable change, made by `commit` like every edit; the
//! fix of every finding of a text is one undo step over all its articles.
//!
//! The findings are checked off the input path: the desk hands a `CheckJob` (its
//! documents as they are, shared, not copied again while unchanged) to a `Checker`
//! (a thread in the program, `tui::checking`); the result comes back as `checked`.
//! Without a checker (tests, tools) the check is made at once.

use std::sync::Arc;

use super::{Desk, Outcome};
use crate::annotation::{DocAnnotations, DocStatus, LabelSet, Op};
use crate::corpus::{Article, Corpus};
use crate::lint::{Doc, Finding, Kind, Options, boundary_op, lint, suggestion_ops};

/// Runs a check off the input thread; its result comes back as `Desk::checked`.
pub trait Checker {
    fn check(&self, job: CheckJob);
}

/// One article's document as a check gets it.
#[derive(Clone)]
pub enum Held {
    /// Not read by the session yet: the checker reads it.
    Unread,
    /// Left out (its file does not parse).
    Skipped,
    Doc(Arc<DocAnnotations>),
}

/// What a check needs: the corpus, the labels and every article's document.
pub struct CheckJob {
    pub generation: u64,
    pub corpus: Arc<Corpus>,
    pub labels: LabelSet,
    pub docs: Vec<Held>,
}

/// A check's findings, sorted by kind, each kind in corpus order; or why it could not run.
pub struct Checked {
    pub generation: u64,
    pub findings: Result<Vec<Finding>, String>,
}

/// A reader of the documents a session has not read yet.
pub type ReadDoc<'a> = &'a (dyn Fn(&Article) -> Result<DocAnnotations, String> + Sync);

impl CheckJob {
    /// How many articles the check looks at.
    pub fn articles(&self) -> usize {
        self.docs
            .iter()
            .filter(|h| !matches!(h, Held::Skipped))
            .count()
    }

    /// Checks, reading the documents the session had not with `read` (those that cannot
    /// be read are left out).
    pub fn run(self, read: ReadDoc) -> Checked {
        use rayon::prelude::*;
        let read: Vec<Option<DocAnnotations>> = self
            .docs
            .par_iter()
            .enumerate()
            .map(|(i, held)| match held {
                Held::Unread => read(&self.corpus.articles[i]).ok(),
                _ => None,
            })
            .collect();
        let docs: Vec<Doc> = self
            .docs
            .iter()
            .zip(&read)
            .enumerate()
            .filter_map(|(order, (held, read))| {
                let doc = match held {
                    Held::Doc(doc) => doc.as_ref(),
                    _ => read.as_ref()?,
                };
                Some(Doc {
                    order,
                    text: &self.corpus.articles[order].text,
                    doc,
                    search: doc.status == DocStatus::Done,
                })
            })
            .collect();
        let mut findings = lint(&docs, &self.labels, &Options::default());
        findings.sort_by_key(|f| f.kind);
        Checked {
            generation: self.generation,
            findings: Ok(findings),
        }
    }
}

/// The annotator's findings as last checked, and the check under way.
#[derive(Default)]
pub struct LintState {
    pub(crate) checker: Option<Box<dyn Checker>>,
    /// Sorted by kind, each kind in corpus order; none before the first check.
    pub findings: Option<Vec<Finding>>,
    /// How many articles the check under way looks at.
    pub checking: Option<usize>,
    /// The spans changed since the findings were made.
    pub stale: bool,
    generation: u64,
    /// An edit came while checking: check again once it is done.
    again: bool,
    /// Each article's document as last handed to a check, with its slot's version.
    held: Vec<Option<(u64, Arc<DocAnnotations>)>>,
}

/// What a check reads of a document: its status and spans, not its audit log (the bulk
/// of a worked document, and nothing to lint).
fn lint_copy(doc: &DocAnnotations) -> DocAnnotations {
    let mut copy = DocAnnotations::new(&doc.article, &doc.annotator, "");
    copy.text_hash.clone_from(&doc.text_hash);
    copy.status = doc.status;
    copy.spans.clone_from(&doc.spans);
    copy
}

impl Desk {
    /// Checks through `checker` from now on (a thread in the program).
    pub fn attach_checker(&mut self, checker: Box<dyn Checker>) {
        self.lint.checker = Some(checker);
    }

    /// Checks the findings again: in the background with a checker (at most one check at
    /// a time: one asked for meanwhile follows it), else at once.
    pub fn check_findings(&mut self) {
        if self.lint.checking.is_some() {
            self.lint.again = true;
            return;
        }
        self.lint.stale = false;
        if self.lint.checker.is_none() {
            let mut findings = self.findings();
            findings.sort_by_key(|f| f.kind);
            self.lint.findings = Some(findings);
            return;
        }
        let job = self.check_job();
        self.lint.checking = Some(job.articles());
        if let Some(checker) = &self.lint.checker {
            checker.check(job);
        }
    }

    /// The findings view opens: checked when never checked or edited since.
    pub fn open_findings(&mut self) {
        if self.lint.findings.is_none() || self.lint.stale {
            self.check_findings();
        }
    }

    /// The spans changed: the findings are stale, checked again at once when `watching`.
    pub fn findings_stale(&mut self, watching: bool) {
        self.lint.stale = true;
        if watching {
            self.check_findings();
        }
    }

    /// A check's result; an older one than the last asked for is dropped.
    pub fn checked(&mut self, checked: Checked) -> Outcome {
        if checked.generation != self.lint.generation {
            return Outcome::quiet();
        }
        self.lint.checking = None;
        let outcome = match checked.findings {
            Ok(findings) => {
                self.lint.findings = Some(findings);
                Outcome::quiet()
            }
            Err(e) => Outcome::fail(format!("the findings could not be checked: {e}")),
        };
        if std::mem::take(&mut self.lint.again) {
            self.check_findings();
        }
        outcome
    }

    /// The session's documents for a check, shared: only those changed since the last
    /// check are copied.
    fn check_job(&mut self) -> CheckJob {
        self.lint.generation += 1;
        self.lint.held.resize(self.docs.len(), None);
        let mut docs = Vec::with_capacity(self.docs.len());
        for (slot, held) in self.docs.iter().zip(self.lint.held.iter_mut()) {
            docs.push(match slot {
                None => Held::Unread,
                Some(slot) if slot.read_only.is_some() => Held::Skipped,
                Some(slot) => Held::Doc(match held {
                    Some((version, doc)) if *version == slot.version => Arc::clone(doc),
                    _ => {
                        let doc = Arc::new(lint_copy(&slot.doc));
                        *held = Some((slot.version, Arc::clone(&doc)));
                        doc
                    }
                }),
            });
        }
        CheckJob {
            generation: self.lint.generation,
            corpus: Arc::clone(&self.corpus),
            labels: self.labels.clone(),
            docs,
        }
    }

    /// The annotator's findings over the whole corpus, in corpus order: every document
    /// is read (and kept, as the list's preloading keeps them); unreadable ones are left
    /// out.
    pub fn findings(&mut self) -> Vec<Finding> {
        for article in 0..self.docs.len() {
            self.load(article);
        }
        let docs: Vec<Doc> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(order, slot)| {
                let slot = slot.as_ref().filter(|s| s.read_only.is_none())?;
                Some(Doc {
                    order,
                    text: &self.corpus.articles[order].text,
                    doc: &slot.doc,
                    search: slot.doc.status == DocStatus::Done,
                })
            })
            .collect();
        lint(&docs, &self.labels, &Options::default())
    }

    /// Fixes `finding`: the missed name suggested, the span's edges trimmed.
    pub fn fix_finding(&mut self, finding: &Finding) -> Outcome {
        let Some(article) = self.article_index(&finding.article) else {
            return Outcome::fail("that article is not in the corpus");
        };
        self.fix_in(article, std::slice::from_ref(finding))
    }

    /// Fixes every finding of `finding`'s kind over the same folded text: one change per
    /// article, all of them one undo step.
    pub fn fix_same_text(&mut self, finding: &Finding, all: &[Finding]) -> Outcome {
        self.history.begin_step();
        let outcome = self.fix_each_of_text(finding, all);
        self.history.end_step();
        outcome
    }

    fn fix_each_of_text(&mut self, finding: &Finding, all: &[Finding]) -> Outcome {
        let same: Vec<&Finding> = all
            .iter()
            .filter(|f| f.kind == finding.kind && f.about == finding.about)
            .collect();
        let (mut fixed, mut articles) = (0, 0);
        for (i, f) in same.iter().enumerate() {
            if same[..i].iter().any(|g| g.article == f.article) {
                continue;
            }
            let Some(article) = self.article_index(&f.article) else {
                continue;
            };
            let here: Vec<Finding> = same
                .iter()
                .filter(|g| g.article == f.article)
                .map(|g| (*g).clone())
                .collect();
            let outcome = self.fix_in(article, &here);
            if outcome.done {
                fixed += here.len();
                articles += 1;
            }
        }
        match fixed {
            0 => Outcome::fail(format!("nothing to fix for {:?}", finding.text)),
            n => Outcome::say(format!(
                "fixed {} of {:?} in {} (u undoes them as one step)",
                crate::text::count(
                    n,
                    &format!("{} finding", finding.kind.name()),
                    &format!("{} findings", finding.kind.name())
                ),
                finding.text,
                crate::text::count(articles, "article", "articles"),
            )),
        }
    }

    /// The fixes of `findings` (all in `article`) as one change.
    fn fix_in(&mut self, article: usize, findings: &[Finding]) -> Outcome {
        self.load(article);
        let Some(slot) = self.slot(article) else {
            return Outcome::default();
        };
        let text = &self.corpus.articles[article].text;
        let mut ops: Vec<Op> = findings
            .iter()
            .filter(|f| f.kind == Kind::Boundary)
            .filter_map(|f| boundary_op(text, &slot.doc, f))
            .collect();
        let refs: Vec<&Finding> = findings.iter().collect();
        ops.extend(suggestion_ops(text, &slot.doc, &refs, self.scheme));
        if ops.is_empty() {
            return Outcome::fail("no fix for this finding (a fix trims edges or suggests a name)");
        }
        let what = match (&ops[0], ops.len()) {
            (Op::Replace { new, .. }, 1) => format!("trimmed to {:?}", new.text),
            (Op::Add(s), 1) => format!("suggested {} {:?} (a accepts)", s.label, s.text),
            (_, n) => format!("{n} fixes (pending suggestions and trimmed edges)"),
        };
        self.commit(article, ops, &what)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::annotation::{Origin, Span};
    use crate::desk::tests::{article, desk_of};

    /// A done document of the tester's with one accepted span.
    fn done(id: &str, text: &str, (start, end, label): (usize, usize, &str)) -> DocAnnotations {
        let mut doc = DocAnnotations::new(id, "tester", text);
        doc.status = DocStatus::Done;
        let span = Span::cut(text, start, end, label, Origin::Manual, "tester").unwrap();
        doc.apply(&Op::Add(span), "tester");
        doc
    }

    #[test]
    fn a_job_reads_what_the_session_has_not_and_shares_what_did_not_change() {
        let (a, b) = ("Атырау облысы.", "Атырауда жиын.");
        let (mut desk, _) = desk_of(vec![article("a", a), article("b", b)]);
        desk.docs[0] = Some(desk.make_slot(0, Ok(done("a", a, (0, 6, "LOCATION")))));
        desk.docs[1] = None;
        let on_disk: HashMap<String, DocAnnotations> =
            [("b".to_string(), done("b", b, (9, 13, "LOCATION")))].into();
        let read = |a: &Article| {
            on_disk
                .get(&a.id)
                .cloned()
                .ok_or_else(|| "none".to_string())
        };
        let job = desk.check_job();
        assert!(matches!(job.docs[..], [Held::Doc(_), Held::Unread]));
        assert_eq!(job.articles(), 2);
        // the unread document is read by the check: b's "Атырауда" is missed
        let found = job.run(&read).findings.unwrap();
        let missed: Vec<_> = found.iter().map(|f| (f.kind, f.article.as_str())).collect();
        assert_eq!(missed, [(Kind::Unlabeled, "b")]);
        // nothing changed: the next job shares a's document rather than copying it
        let (first, second) = (desk.check_job(), desk.check_job());
        let (Held::Doc(x), Held::Doc(y)) = (&first.docs[0], &second.docs[0]) else {
            panic!("a is read");
        };
        assert!(Arc::ptr_eq(x, y));
    }
}
