//! Finding spans by position with binary search, so long articles with many spans cost
//! only what is on screen.

use crate::annotation::{Span, SpanState};

/// For spans sorted by start: the largest end among the first i+1 spans. It never
/// decreases, so the first span that can reach past a position is a binary search away.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    max_end: Vec<usize>,
}

impl SpanIndex {
    pub fn new(spans: &[Span]) -> SpanIndex {
        let mut max_end = Vec::with_capacity(spans.len());
        let mut best = 0;
        for s in spans {
            best = best.max(s.end);
            max_end.push(best);
        }
        SpanIndex { max_end }
    }

    /// A range of indices holding every span that overlaps `[a, b)` (callers filter: a
    /// span inside it may still end before `a`).
    pub fn candidates(&self, spans: &[Span], a: usize, b: usize) -> std::ops::Range<usize> {
        let first = self.max_end.partition_point(|&e| e <= a);
        let last = spans.partition_point(|s| s.start < b.max(a + 1));
        first..last.max(first)
    }

    /// Live spans containing `pos`, innermost (shortest) first.
    pub fn live_at<'a>(&self, spans: &'a [Span], pos: usize) -> Vec<(usize, &'a Span)> {
        let mut found: Vec<(usize, &Span)> = self
            .candidates(spans, pos, pos + 1)
            .map(|i| (i, &spans[i]))
            .filter(|(_, s)| s.contains(pos) && s.state != SpanState::Rejected)
            .collect();
        found.sort_by_key(|(_, s)| (s.len(), s.start));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Origin;

    #[test]
    fn overlapping_finds_long_spans_that_start_early() {
        let text = "a".repeat(100);
        let cut = |s, e| Span::cut(&text, s, e, "X", Origin::Manual, "me").unwrap();
        let spans = vec![cut(0, 90), cut(5, 6), cut(10, 12), cut(50, 60)];
        let idx = SpanIndex::new(&spans);
        let hits = |a: usize, b: usize| -> Vec<usize> {
            idx.candidates(&spans, a, b)
                .filter(|&i| spans[i].start < b && spans[i].end > a)
                .collect()
        };
        assert_eq!(hits(20, 30), [0]);
        assert_eq!(hits(11, 55), [0, 2, 3]);
        // a span ending before the range is never a candidate once the prefix max passes it
        assert_eq!(idx.candidates(&spans, 95, 99).start, 4);
        assert_eq!(
            idx.live_at(&spans, 5)
                .iter()
                .map(|(i, _)| *i)
                .collect::<Vec<_>>(),
            [1, 0]
        );
        assert!(idx.live_at(&spans, 95).is_empty());
    }
}
