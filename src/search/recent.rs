//! The last query words and the vocabulary words they matched, so typing one more letter
//! narrows the last search instead of scanning the whole vocabulary again.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::matcher::Pattern;

/// Matched words kept per query word; broader ones are not kept (they narrow little).
const RECENT_WORDS: usize = 200_000;
/// Query words kept: the last few keystrokes, so that a backspace costs nothing either.
const RECENT_QUERIES: usize = 4;

/// `(word, score)` of each vocabulary word a pattern matched, in word order.
pub(super) type Found = Arc<[(u32, u32)]>;

/// The last query words and the words they matched, newest last.
#[derive(Debug, Default)]
pub(super) struct Recent {
    entries: Mutex<VecDeque<(Pattern, Found)>>,
}

impl Recent {
    /// The matches of `pattern` if known, else those of a query it narrows, to try it on.
    pub(super) fn lookup(&self, pattern: &Pattern) -> (Option<Found>, Option<Found>) {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, found)) = entries.iter().rev().find(|(p, _)| p.same_as(pattern)) {
            return (Some(found.clone()), None);
        }
        let broader = entries
            .iter()
            .filter(|(p, _)| pattern.narrows(p))
            .min_by_key(|(_, found)| found.len())
            .map(|(_, found)| found.clone());
        (None, broader)
    }

    pub(super) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    pub(super) fn remember(&self, pattern: &Pattern, found: &Found) {
        if found.len() > RECENT_WORDS {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == RECENT_QUERIES {
            entries.pop_front();
        }
        entries.push_back((pattern.clone(), found.clone()));
    }
}
