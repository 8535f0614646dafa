//! Link suggestions: when a mention is linked to a knowledge-base entry, the other spans
//! of the same label over the same text, inflected forms included (as suggestions match
//! words), that have no link yet get the same id as a suggested link (`kb_suggested`).

use super::FoldedWords;
use crate::annotation::{DocAnnotations, Op, Span, SpanState, now};

/// The replacements that give `linked`'s id to the other mentions of its text in `doc`.
pub fn same_mentions(doc: &DocAnnotations, linked: &Span) -> Vec<Op> {
    let Some(id) = &linked.kb else {
        return Vec::new();
    };
    let phrase = FoldedWords::new(&linked.text);
    if phrase.is_empty() {
        return Vec::new();
    }
    let when = now();
    doc.spans
        .iter()
        .filter(|s| s.key() != linked.key() && s.label == linked.label)
        .filter(|s| s.kb.is_none() && s.state != SpanState::Rejected)
        .filter(|s| {
            let words = FoldedWords::new(&s.text);
            words.len() == phrase.len() && words.matches_at(0, &phrase)
        })
        .map(|s| {
            let mut new = s.clone();
            new.kb = Some(id.clone());
            new.kb_suggested = true;
            new.updated = when;
            Op::Replace {
                old: s.clone(),
                new,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Origin;

    #[test]
    fn other_mentions_inflected_get_the_id_suggested_once() {
        let text = "Досмұхамбетов келді. Досмұхамбетовтің сөзі. Атырау. Досмұхамбетов";
        let mut doc = DocAnnotations::new("a", "t", text);
        let cut = |a, b, label| Span::cut(text, a, b, label, Origin::Manual, "t").unwrap();
        let mut linked = cut(0, 13, "PERSON");
        doc.spans.push(linked.clone());
        doc.spans.push(cut(21, 37, "PERSON"));
        doc.spans.push(cut(44, 50, "LOCATION"));
        let mut other = cut(52, 65, "PERSON");
        other.kb = Some("Q9".into());
        doc.spans.push(other);
        linked.kb = Some("Q1".into());
        let ops = same_mentions(&doc, &linked);
        assert_eq!(ops.len(), 1);
        let Op::Replace { new, .. } = &ops[0] else {
            panic!("a replacement")
        };
        assert_eq!(
            (new.start, new.kb.as_deref(), new.kb_suggested),
            (21, Some("Q1"), true)
        );
    }
}
