//! The annotator's findings (`tanba lint` in the annotator) and their fixes as edits:
//! each article's fixes are one undoable change, made by `commit` like every edit.

use super::{Desk, Outcome};
use crate::annotation::{DocStatus, Op};
use crate::lint::{Doc, Finding, Kind, Options, boundary_op, lint, suggestion_ops};

impl Desk {
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
    /// article.
    pub fn fix_same_text(&mut self, finding: &Finding, all: &[Finding]) -> Outcome {
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
                "fixed {n} {} finding(s) of {:?} in {articles} article(s) (u undoes one article at a time)",
                finding.kind.name(),
                finding.text
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
