use crate::annotation::{DocAnnotations, LogEntry, SpanKey, now};
use crate::text::{CharIndex, text_hash};

/// How far (in code points, either side) a span's text is looked for when its article
/// changed.
const WINDOW: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Spans whose text was found again at another place and moved there.
    pub moved: usize,
    /// Spans that could not be placed unambiguously; kept, clamped and flagged.
    pub flagged: usize,
    /// Spans that no longer fit at all (the text became empty); recorded in the log.
    pub dropped: usize,
}

/// Re-anchors `doc`'s spans onto `text` if the text changed since they were made. A span
/// moves only when its covered text is found exactly once near its old place; otherwise
/// it is flagged, never silently shifted. Every change is written to the audit log.
pub fn reanchor(doc: &mut DocAnnotations, text: &str) -> Reanchored {
    let mut report = Reanchored::default();
    let hash = text_hash(text);
    if doc.text_hash == hash {
        return report;
    }
    let index = CharIndex::new(text);
    let len = index.char_count();
    let mut kept = Vec::with_capacity(doc.spans.len());
    let mut notes = Vec::new();
    // where each span that changed went (None: dropped), for its relations to follow
    let mut moves: Vec<(SpanKey, Option<SpanKey>)> = Vec::new();
    for mut span in std::mem::take(&mut doc.spans) {
        if index.slice(text, span.start, span.end) == Some(span.text.as_str()) {
            kept.push(span);
            continue;
        }
        let old = SpanKey::of(&span);
        let lo = span.start.saturating_sub(WINDOW).min(len);
        let hi = (span.end + WINDOW).min(len);
        let found = find_unique(text, &index, lo, hi, &span.text);
        match found {
            Some(start) if !span.text.is_empty() => {
                notes.push(format!(
                    "re-anchored {} {}..{} -> {}..{}",
                    span.label,
                    span.start,
                    span.end,
                    start,
                    start + span.len()
                ));
                span.end = start + span.len();
                span.start = start;
                report.moved += 1;
                moves.push((old, Some(SpanKey::of(&span))));
                kept.push(span);
            }
            _ if len == 0 => {
                notes.push(format!(
                    "dropped {} {}..{} {:?}: the article text is empty",
                    span.label, span.start, span.end, span.text
                ));
                report.dropped += 1;
                moves.push((old, None));
            }
            _ => {
                let start = span.start.min(len - 1);
                let end = span.end.clamp(start + 1, len);
                notes.push(format!(
                    "flagged {} {}..{} {:?}: text changed, kept at {}..{}",
                    span.label, span.start, span.end, span.text, start, end
                ));
                span.start = start;
                span.end = end;
                span.flagged = true;
                report.flagged += 1;
                moves.push((old, Some(SpanKey::of(&span))));
                kept.push(span);
            }
        }
    }
    doc.spans = kept;
    follow_moves(doc, &moves, &mut notes);
    doc.normalize();
    doc.text_hash = hash;
    let when = now();
    doc.log.extend(notes.into_iter().map(|what| LogEntry {
        when,
        who: "tanba".into(),
        what,
    }));
    report
}

/// Relations follow their ends where re-anchoring took them; a relation whose end was
/// dropped (the text became empty) goes too, written in the log like the span.
fn follow_moves(
    doc: &mut DocAnnotations,
    moves: &[(SpanKey, Option<SpanKey>)],
    notes: &mut Vec<String>,
) {
    if moves.is_empty() || doc.relations.is_empty() {
        return;
    }
    let moved = |k: &SpanKey| {
        moves
            .iter()
            .find(|(old, _)| old == k)
            .map(|(_, new)| new.clone())
    };
    doc.relations.retain_mut(|r| {
        for end in [&mut r.from, &mut r.to] {
            match moved(end) {
                Some(Some(new)) => *end = new,
                Some(None) => {
                    notes.push(format!(
                        "dropped relation {}: its span was dropped",
                        r.label
                    ));
                    return false;
                }
                None => {}
            }
        }
        true
    });
}

/// The start (code points) of the only occurrence of `needle` within `[lo, hi)`.
fn find_unique(text: &str, index: &CharIndex, lo: usize, hi: usize, needle: &str) -> Option<usize> {
    let (a, b) = (index.byte(text, lo)?, index.byte(text, hi)?);
    let hay = &text[a..b];
    let mut hits = hay.match_indices(needle).map(|(i, _)| a + i);
    let first = hits.next()?;
    if hits.next().is_some() {
        return None;
    }
    Some(index.char_at_byte(text, first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Op, Origin, Span};

    fn doc_with(text: &str, ranges: &[(usize, usize)]) -> DocAnnotations {
        let mut doc = DocAnnotations::new("a", "ann", text);
        for &(s, e) in ranges {
            doc.apply(
                &Op::Add(Span::cut(text, s, e, "PERSON", Origin::Manual, "ann").unwrap()),
                "ann",
            );
        }
        doc
    }

    #[test]
    fn relations_follow_their_spans_when_the_text_drifts() {
        let old = "Қанат Сүлейменов Атырау әкімдігін басқарады.";
        let mut doc = doc_with(old, &[(0, 16), (17, 33)]);
        let (from, to) = (SpanKey::of(&doc.spans[0]), SpanKey::of(&doc.spans[1]));
        let relation = crate::annotation::Relation {
            label: "HEADS".into(),
            from,
            to,
            who: "ann".into(),
            created: now(),
        };
        assert!(doc.apply(&Op::AddRelation(relation), "ann"));
        let new = "Бүгін Қанат Сүлейменов Атырау әкімдігін басқарады.";
        assert_eq!(reanchor(&mut doc, new).moved, 2);
        let r = &doc.relations[0];
        assert_eq!(
            (r.from.start, r.from.end, r.to.start, r.to.end),
            (6, 22, 23, 39)
        );
        assert!(doc.relations_of(&doc.spans[1]).count() == 1);
        let mut emptied = doc.clone();
        reanchor(&mut emptied, "");
        assert!(emptied.relations.is_empty());
        assert!(
            emptied
                .log
                .iter()
                .any(|e| e.what.starts_with("dropped relation HEADS"))
        );
    }

    #[test]
    fn unchanged_text_changes_nothing() {
        let text = "Қанат Сүлейменов айтты.";
        let mut doc = doc_with(text, &[(0, 16)]);
        let before = doc.clone();
        assert_eq!(reanchor(&mut doc, text), Reanchored::default());
        assert_eq!(doc, before);
    }

    #[test]
    fn inserted_text_moves_spans_that_are_found_once() {
        let old = "Қанат Сүлейменов айтты.";
        let mut doc = doc_with(old, &[(0, 16)]);
        let new = "Департамент басшысы Қанат Сүлейменов айтты.";
        let report = reanchor(&mut doc, new);
        assert_eq!(report.moved, 1);
        let span = &doc.spans[0];
        assert_eq!(
            crate::text::slice_chars(new, span.start, span.end),
            Some("Қанат Сүлейменов")
        );
        assert!(!span.flagged);
        assert!(doc.log.last().unwrap().what.starts_with("re-anchored"));
    }

    #[test]
    fn ambiguous_or_missing_text_is_flagged_not_shifted() {
        let old = "Атырау облысы";
        let mut doc = doc_with(old, &[(0, 6)]);
        let new = "Жаңа Атырау, ескі Атырау облысы";
        let report = reanchor(&mut doc, new);
        assert_eq!(report.flagged, 1);
        assert!(doc.spans[0].flagged);
        assert_eq!((doc.spans[0].start, doc.spans[0].end), (0, 6));
        assert_eq!(doc.spans[0].text, "Атырау");

        let mut doc = doc_with(old, &[(7, 13)]);
        let report = reanchor(&mut doc, "Атырау");
        assert_eq!(report.flagged, 1);
        let span = &doc.spans[0];
        assert!(span.start < span.end && span.end <= 6);
    }
}
