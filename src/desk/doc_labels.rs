//! Document labels: what a whole article is about, set as an undoable edit.

use super::{Desk, Outcome};
use crate::annotation::Op;

impl Desk {
    /// Sets document label `name` on `article`: with one choice it replaces the label
    /// there (or clears it, given again); with several it is added or taken off.
    pub fn toggle_doc_label(&mut self, article: usize, name: &str) -> Outcome {
        if self.doc_labels.get(name).is_none() {
            return Outcome::fail(format!("no document label {name} in tanba.ron"));
        }
        let Some(old) = self.shown_slot(article).map(|s| s.doc.doc_labels.clone()) else {
            return Outcome::default();
        };
        let new = self.doc_labels.toggled(&old, name);
        let what = match new.is_empty() {
            true => "no document label".to_string(),
            false => format!("document: {}", new.join(", ")),
        };
        self.commit(article, vec![Op::DocLabels { old, new }], &what)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::MemoryStore;
    use super::*;
    use crate::annotation::{DocLabel, DocLabels, LabelSet};
    use crate::corpus::{Article, Corpus, SourceRef};

    fn desk(several: bool) -> (Desk, MemoryStore) {
        let store = MemoryStore::new("tester");
        let article = Article::from_text("a", "Атырау", SourceRef::new("a.txt", 1));
        let corpus = Arc::new(Corpus {
            articles: vec![article],
            problems: Vec::new(),
        });
        let mut desk = Desk::new(
            corpus,
            LabelSet::default(),
            "tester",
            Box::new(store.clone()),
        );
        let label = |name: &str| DocLabel {
            name: name.into(),
            key: None,
            description: String::new(),
        };
        desk.doc_labels = DocLabels {
            several,
            labels: vec![label("CORRUPTION"), label("REGIONS")],
        };
        desk.load(0);
        (desk, store)
    }

    fn said(o: &Outcome) -> &str {
        o.message.as_ref().map_or("", |m| m.text.as_str())
    }

    #[test]
    fn a_document_label_is_set_saved_replaced_and_undone() {
        let (mut desk, store) = desk(false);
        assert_eq!(
            said(&desk.toggle_doc_label(0, "REGIONS")),
            "document: REGIONS"
        );
        assert_eq!(store.docs.borrow()["a"].doc_labels, ["REGIONS"]);
        desk.toggle_doc_label(0, "CORRUPTION");
        assert_eq!(desk.slot(0).unwrap().doc.doc_labels, ["CORRUPTION"]);
        desk.undo(Some(0));
        assert_eq!(desk.slot(0).unwrap().doc.doc_labels, ["REGIONS"]);
        assert!(!desk.toggle_doc_label(0, "SPORT").done);
    }

    #[test]
    fn several_labels_are_added_and_taken_off() {
        let (mut desk, _) = desk(true);
        desk.toggle_doc_label(0, "REGIONS");
        desk.toggle_doc_label(0, "CORRUPTION");
        assert_eq!(
            desk.slot(0).unwrap().doc.doc_labels,
            ["CORRUPTION", "REGIONS"]
        );
        let o = desk.toggle_doc_label(0, "CORRUPTION");
        assert_eq!(said(&o), "document: REGIONS");
    }
}
