//! BIO tags over a label list: `O` is 0, `B-L` is `1 + 2k`, `I-L` is `2 + 2k` for the
//! k-th label. Spans here are token ranges `[start, end)` with a label index.

/// A tag number; a label set of more than 32,000 labels is not a tagger's.
pub type Tag = u16;

pub const OUTSIDE: Tag = 0;

/// A labelled token range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
    pub label: usize,
}

/// The number of tags for `labels` labels.
pub fn tag_count(labels: usize) -> usize {
    1 + 2 * labels
}

pub fn begin(label: usize) -> Tag {
    (1 + 2 * label) as Tag
}

pub fn inside(label: usize) -> Tag {
    (2 + 2 * label) as Tag
}

/// The label of a tag (`None` for `O`).
pub fn label_of(tag: Tag) -> Option<usize> {
    (tag != OUTSIDE).then(|| (tag as usize - 1) / 2)
}

pub fn is_inside(tag: Tag) -> bool {
    tag != OUTSIDE && tag.is_multiple_of(2)
}

/// Whether `next` may follow `prev` (`None`: the sentence start): an `I-L` only after
/// `B-L` or `I-L`.
pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
    if !is_inside(next) {
        return true;
    }
    match prev {
        Some(p) => p != OUTSIDE && label_of(p) == label_of(next),
        None => false,
    }
}

/// The tags of `len` tokens under `spans` (sorted, not overlapping, inside `0..len`).
pub fn encode(len: usize, spans: &[TokenSpan]) -> Vec<Tag> {
    let mut tags = vec![OUTSIDE; len];
    for s in spans {
        for (i, tag) in tags.iter_mut().enumerate().take(s.end).skip(s.start) {
            *tag = if i == s.start {
                begin(s.label)
            } else {
                inside(s.label)
            };
        }
    }
    tags
}

/// The spans of `tags`, by seqeval's default rule: an `I-L` that follows neither `B-L`
/// nor `I-L` starts a span of its own.
pub fn decode(tags: &[Tag]) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = is_inside(tag) && open.is_some_and(|(_, l)| Some(l) == label_of(tag));
        if continues {
            continue;
        }
        if let Some((start, label)) = open.take() {
            out.push(TokenSpan {
                start,
                end: i,
                label,
            });
        }
        if let Some(label) = label_of(tag) {
            open = Some((i, label));
        }
    }
    if let Some((start, label)) = open {
        out.push(TokenSpan {
            start,
            end: tags.len(),
            label,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_stray_inside_tag_starts_a_span_as_seqeval_says() {
        let tags = [OUTSIDE, inside(1), inside(1), begin(0), inside(1)];
        let spans: Vec<_> = decode(&tags)
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        assert_eq!(spans, [(1, 3, 1), (3, 4, 0), (4, 5, 1)]);
        assert!(!allowed(None, inside(0)));
        assert!(!allowed(Some(begin(1)), inside(0)));
        assert!(allowed(Some(begin(0)), inside(0)));
        assert!(allowed(Some(inside(0)), begin(0)));
    }

    fn spans_strategy() -> impl Strategy<Value = (usize, Vec<TokenSpan>)> {
        (1usize..40).prop_flat_map(|len| {
            proptest::collection::vec((0..len, 1usize..4, 0usize..3), 0..8).prop_map(move |raw| {
                let mut spans: Vec<TokenSpan> = Vec::new();
                for (start, width, label) in raw {
                    let end = (start + width).min(len);
                    if spans.iter().all(|s| end <= s.start || start >= s.end) {
                        spans.push(TokenSpan { start, end, label });
                    }
                }
                spans.sort();
                (len, spans)
            })
        })
    }

    proptest! {
        #[test]
        fn spans_round_trip_through_bio((len, spans) in spans_strategy()) {
            let tags = encode(len, &spans);
            prop_assert_eq!(decode(&tags), spans);
            let mut prev = None;
            for &t in &tags {
                prop_assert!(allowed(prev, t));
                prev = Some(t);
            }
        }
    }
}
