//! Documents of an article's pre-annotations, as an export or a fresh annotation file
//! starts from: every imported span pending, cut from the text.

use crate::annotation::{
    DocAnnotations, DocStatus, Origin, Relation, Span, SpanKey, SpanState, Timestamp, now,
};
use crate::corpus::Article;

/// `fresh_doc` without the text's hash (empty): for a document that is never saved, as
/// an export's, where hashing every unannotated article would cost more than the rest.
pub fn pending_doc(article: &Article, annotator: &str) -> DocAnnotations {
    let mut pending = PendingDocs::default();
    pending.fill(article, annotator);
    pending.doc
}

/// One pending document refilled article after article: an export of 100,000s of
/// unannotated articles reuses its spans' strings instead of allocating millions.
#[derive(Debug)]
pub struct PendingDocs {
    doc: DocAnnotations,
    /// Spans left over from a longer document, kept for their strings' room.
    spare: Vec<Span>,
    when: Timestamp,
    /// Whether spans get their text: the line formats take it from the article by offset.
    texts: bool,
}

impl Default for PendingDocs {
    fn default() -> Self {
        PendingDocs {
            doc: DocAnnotations {
                article: String::new(),
                annotator: String::new(),
                text_hash: String::new(),
                status: DocStatus::Todo,
                spans: Vec::new(),
                relations: Vec::new(),
                doc_labels: Vec::new(),
                log: Vec::new(),
            },
            spare: Vec::new(),
            when: now(),
            texts: true,
        }
    }
}

impl PendingDocs {
    /// Documents whose spans have an empty `text`: walking each article to its last span
    /// to cut them cost an export of 100,000 articles more than writing their JSON.
    pub fn without_texts() -> Self {
        PendingDocs {
            texts: false,
            ..PendingDocs::default()
        }
    }

    /// The pending document of `article` (unhashed, as `pending_doc`), in place of the last.
    pub fn fill(&mut self, article: &Article, annotator: &str) -> &DocAnnotations {
        let doc = &mut self.doc;
        doc.article.clone_from(&article.id);
        doc.annotator.clear();
        doc.annotator.push_str(annotator);
        self.spare.append(&mut doc.spans);
        // spans come sorted: one walk to the last of them, not an index of the whole text
        let mut cursor = crate::text::Cursor::new(&article.text);
        for imported in &article.imported {
            let text = match self.texts {
                true => cursor.slice(imported.start, imported.end),
                // a text of n bytes has at most n code points
                false => (imported.end <= article.text.len()).then_some(""),
            };
            let Some(text) = text else {
                continue; // readers reject these; never trust them here
            };
            if imported.start >= imported.end {
                continue;
            }
            let mut span = self.spare.pop().unwrap_or_else(|| blank(self.when));
            span.start = imported.start;
            span.end = imported.end;
            span.label.clear();
            span.label.push_str(&imported.label);
            span.text.clear();
            span.text.push_str(text);
            span.note.clone_from(&imported.note);
            // a reused span keeps no link of the article before
            span.kb = None;
            span.kb_suggested = false;
            doc.spans.push(span);
        }
        for link in &article.links {
            let (start, end, label) = &link.span;
            let found = doc
                .spans
                .iter_mut()
                .find(|s| s.key() == (*start, *end, label));
            if let Some(span) = found {
                span.kb = Some(link.kb.clone());
            }
        }
        doc.doc_labels.clone_from(&article.doc_labels);
        doc.relations.clear();
        for r in &article.relations {
            let key = |(start, end, label): &(usize, usize, String)| SpanKey {
                start: *start,
                end: *end,
                label: label.clone(),
            };
            doc.relations.push(Relation {
                label: r.label.clone(),
                from: key(&r.from),
                to: key(&r.to),
                who: "import".into(),
                created: self.when,
            });
        }
        doc.normalize();
        &self.doc
    }
}

/// A pending imported span, to be given its range, label and text.
fn blank(when: Timestamp) -> Span {
    Span {
        start: 0,
        end: 0,
        label: String::new(),
        text: String::new(),
        origin: Origin::Imported,
        state: SpanState::Pending,
        who: "import".into(),
        created: when,
        updated: when,
        note: None,
        flagged: false,
        kb: None,
        kb_suggested: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SourceRef;

    fn article(id: &str, text: &str, spans: &[(usize, usize, &str)]) -> Article {
        let a = Article::from_text(id, text, SourceRef::new("a.jsonl", 1));
        let mut a = crate::store::testing::with_imported(a, spans);
        for span in a.imported.iter_mut().filter(|s| s.label == "AGENCY") {
            span.note = Some("тексеру".into());
        }
        a
    }

    /// Three spans, one with a note; and one span in place beside a range past the
    /// text's end (its 30 bytes too) and an empty one, both left out.
    fn long_and_short() -> (Article, Article) {
        let long = article(
            "a",
            "Қанат Сүлейменов Атырау облысының әкімдігінде",
            &[(0, 16, "PERSON"), (17, 23, "LOCATION"), (17, 45, "AGENCY")],
        );
        let short = article(
            "b",
            "Ақтөбе 😀 қаласы",
            &[(0, 6, "LOCATION"), (9, 99, "X"), (3, 3, "Y")],
        );
        (long, short)
    }

    #[test]
    fn a_refilled_document_is_the_document_made_afresh() {
        let (long, short) = long_and_short();
        let empty = article("c", "мәтін", &[]);
        let mut pending = PendingDocs::default();
        for a in [&long, &short, &empty, &long, &short] {
            let made = pending_doc(a, "dana");
            let refilled = pending.fill(a, "dana");
            assert_eq!(refilled.article, made.article);
            assert_eq!(refilled.annotator, "dana");
            assert_eq!(refilled.text_hash, "");
            let ranges = |d: &DocAnnotations| -> Vec<_> {
                d.spans
                    .iter()
                    .map(|s| {
                        (
                            s.start,
                            s.end,
                            s.label.clone(),
                            s.text.clone(),
                            s.note.clone(),
                        )
                    })
                    .collect()
            };
            assert_eq!(ranges(refilled), ranges(&made));
            assert!(refilled.spans.iter().all(|s| s.who == "import"
                && s.state == SpanState::Pending
                && s.origin == Origin::Imported
                && !s.flagged));
        }
        assert_eq!(pending.fill(&short, "").spans[0].text, "Ақтөбе");
    }

    #[test]
    fn documents_without_texts_have_the_same_spans_with_no_text() {
        let (long, short) = long_and_short();
        let mut lean = PendingDocs::without_texts();
        let mut full = PendingDocs::default();
        for a in [&long, &short, &long] {
            let without = lean.fill(a, "");
            let with = full.fill(a, "");
            assert!(without.spans.iter().all(|s| s.text.is_empty()));
            let key = |d: &DocAnnotations| -> Vec<_> {
                d.spans
                    .iter()
                    .map(|s| (s.start, s.end, s.label.clone(), s.note.clone(), s.state))
                    .collect()
            };
            assert_eq!(key(without), key(with), "{}", a.id);
        }
    }
}
