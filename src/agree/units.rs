//! The units of the character-level figures: each code point's category per annotator.

use std::collections::HashMap;

use super::Mark;

/// The category `O`: no span of this annotator covers the code point.
pub const OUTSIDE: u32 = 0;

/// Numbers labels so categories are cheap to compare and count; `O` is [`OUTSIDE`].
#[derive(Debug, Default)]
pub struct Categories {
    ids: HashMap<String, u32>,
}

impl Categories {
    pub fn id(&mut self, label: &str) -> u32 {
        let next = self.ids.len() as u32 + 1;
        *self.ids.entry(label.to_string()).or_insert(next)
    }

    /// How many categories there are, `O` included: ids run from 0 to this minus one.
    pub fn count(&self) -> usize {
        self.ids.len() + 1
    }
}

/// Each of the `len` code points' category: the label of the longest of `marks` covering
/// it (ties: the earlier start, then the smaller label name), or [`OUTSIDE`].
pub fn categories(len: usize, marks: &[Mark], ids: &mut Categories) -> Vec<u32> {
    let mut order: Vec<&Mark> = marks.iter().collect();
    // most preferred last, so it is painted over the others
    order.sort_by(|x, y| {
        (x.end.saturating_sub(x.start))
            .cmp(&y.end.saturating_sub(y.start))
            .then(y.start.cmp(&x.start))
            .then(y.label.cmp(&x.label))
    });
    let mut out = vec![OUTSIDE; len];
    for mark in order {
        let id = ids.id(&mark.label);
        let (start, end) = (mark.start.min(len), mark.end.min(len));
        if start >= end {
            continue; // a range past the text or reversed covers nothing
        }
        out[start..end].fill(id);
    }
    out
}

/// Which code points of `text` can be units: every one that is not whitespace.
pub fn countable(text: &str) -> Vec<bool> {
    text.chars().map(|c| !c.is_whitespace()).collect()
}
