//! Relations between spans: adding and removing them as undoable edits, the rule that a
//! span which goes takes its relations along (`annotation::relation::cascade`), and what
//! the screen shows of them (a number per relation after both ends' tags).

use super::{Desk, Outcome};
use crate::annotation::relation_rules::cascade;
use crate::annotation::{Op, Relation, Span, SpanKey, now};
use crate::text::sanitize;

impl Desk {
    /// `ops` with the removal of every relation of a span they remove or reject, and
    /// `what` saying how many went; one change, so one undo brings them back.
    pub(crate) fn with_relations(
        &self,
        article: usize,
        ops: Vec<Op>,
        what: &str,
    ) -> (Vec<Op>, String) {
        let Some(slot) = self.slot(article) else {
            return (ops, what.to_string());
        };
        match cascade(&slot.doc, ops) {
            (ops, 0) => (ops, what.to_string()),
            (ops, 1) => (ops, format!("{what} and its relation")),
            (ops, n) => (ops, format!("{what} and its {n} relations")),
        }
    }

    /// Relates span `from` to span `to` of `article` with relation label `label`, if the
    /// project's relation set admits it between their labels.
    pub fn relate(&mut self, article: usize, from: &Span, to: &Span, label: &str) -> Outcome {
        let Some(kind) = self.relation_labels.get(label) else {
            return Outcome::fail(format!("no relation {label} in tanba.ron"));
        };
        if from.key() == to.key() {
            return Outcome::fail("a relation needs two different spans");
        }
        if !kind.admits(&from.label, &to.label) {
            return Outcome::fail(format!(
                "{label} does not go from {} to {}",
                from.label, to.label
            ));
        }
        let (mut a, mut b) = (SpanKey::of(from), SpanKey::of(to));
        // an undirected relation is written once, first end first
        if !kind.directed && b < a {
            std::mem::swap(&mut a, &mut b);
        }
        let relation = Relation {
            label: label.to_string(),
            from: a,
            to: b,
            who: self.annotator.clone(),
            created: now(),
        };
        let exists = self
            .shown_slot(article)
            .is_some_and(|s| s.doc.relations.iter().any(|r| r.key() == relation.key()));
        if exists {
            return Outcome::say(format!("already {label}"));
        }
        let what = format!(
            "{label} «{}» -> «{}»",
            sanitize(&from.text),
            sanitize(&to.text)
        );
        self.commit(article, vec![Op::AddRelation(relation)], &what)
    }

    /// Removes `relation` from `article`.
    pub fn unrelate(&mut self, article: usize, relation: &Relation) -> Outcome {
        let what = format!("removed relation {}", relation.label);
        self.commit(article, vec![Op::RemoveRelation(relation.clone())], &what)
    }

    /// The relations of `span` in `article`, each with its number (1-based, its place
    /// in the document: the number drawn after both ends' tags).
    pub fn relations_of(&self, article: usize, span: &Span) -> Vec<(usize, Relation)> {
        let Some(slot) = self.shown_slot(article) else {
            return Vec::new();
        };
        let all = slot.doc.relations.iter().enumerate();
        all.filter(|(_, r)| r.touches(span))
            .map(|(i, r)| (i + 1, r.clone()))
            .collect()
    }

    /// What follows a span's tag for its relations: `→N` where it is the source of
    /// relation N, `←N` the target, `-N` an end of an undirected one; empty without.
    pub fn relation_marks(&self, article: usize, span: &Span) -> String {
        let Some(slot) = self.shown_slot(article) else {
            return String::new();
        };
        let mut out = String::new();
        for (i, r) in slot.doc.relations.iter().enumerate() {
            let directed = self
                .relation_labels
                .get(&r.label)
                .is_none_or(|l| l.directed);
            let arrow = match (r.from.is(span), r.to.is(span)) {
                _ if !directed && r.touches(span) => "-",
                (true, _) => "→",
                (_, true) => "←",
                _ => continue,
            };
            out += &format!("{arrow}{}", i + 1);
        }
        out
    }

    /// The relations of `span` as the footer lists them: `→1 HEADS «other end»` (`←`
    /// when `span` is the target, `-` undirected).
    pub fn relation_lines(&self, article: usize, span: &Span) -> Vec<String> {
        let Some(slot) = self.shown_slot(article) else {
            return Vec::new();
        };
        let text_of = |k: &SpanKey| {
            let found = slot.doc.spans.iter().find(|s| k.is(s));
            found.map_or(String::new(), |s| s.text.chars().take(30).collect())
        };
        let directed = |r: &Relation| {
            self.relation_labels
                .get(&r.label)
                .is_none_or(|l| l.directed)
        };
        self.relations_of(article, span)
            .into_iter()
            .filter_map(|(n, r)| {
                let other = r.other(span)?;
                let arrow = match (directed(&r), r.from.is(span)) {
                    (false, _) => "-",
                    (true, true) => "→",
                    (true, false) => "←",
                };
                Some(format!(
                    "{arrow}{n} {} «{}»",
                    r.label,
                    sanitize(&text_of(other))
                ))
            })
            .collect()
    }

    /// The relation labels that fit from a `from`-labelled span to a `to`-labelled one.
    pub fn relation_choices(&self, from: &str, to: &str) -> Vec<&crate::annotation::RelationLabel> {
        let labels = self.relation_labels.labels.iter();
        labels.filter(|l| l.admits(from, to)).collect()
    }
}

#[cfg(test)]
#[path = "relations_tests.rs"]
mod tests;
