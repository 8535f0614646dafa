//! The articles the list shows: every article (no search) or a list of them (a search's
//! hits, borrowed). Built on every key press, so it never copies a list as long as the
//! corpus without a reason (a curation's own order is one).

use std::borrow::Cow;

/// The list's articles in order, as indices into the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visible<'a> {
    /// Every article of a corpus this long, in corpus order.
    All(usize),
    /// These articles in this order (a search's hits, best first).
    Hits(Cow<'a, [usize]>),
}

impl Visible<'_> {
    pub fn len(&self) -> usize {
        match self {
            Visible::All(n) => *n,
            Visible::Hits(hits) => hits.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article at list position `at`.
    pub fn get(&self, at: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (at < *n).then_some(at),
            Visible::Hits(hits) => hits.get(at).copied(),
        }
    }

    pub fn first(&self) -> Option<usize> {
        self.get(0)
    }

    /// The list position of `article` (constant time without a search).
    pub fn position(&self, article: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (article < *n).then_some(article),
            Visible::Hits(hits) => hits.iter().position(|&i| i == article),
        }
    }

    /// The articles in list order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.iter_from(0).map(|(_, article)| article)
    }

    /// (list position, article) from position `start` on, without walking the ones
    /// before it.
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        (start..self.len()).filter_map(move |at| Some((at, self.get(at)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_and_hits_agree_with_the_list_they_stand_for() {
        let hits = [4, 0, 2];
        for (visible, list) in [
            (Visible::All(3), vec![0, 1, 2]),
            (Visible::Hits(Cow::Borrowed(&hits)), hits.to_vec()),
            (Visible::All(0), vec![]),
        ] {
            assert_eq!(visible.iter().collect::<Vec<_>>(), list);
            let from_one: Vec<_> = list.iter().copied().enumerate().skip(1).collect();
            assert_eq!(visible.iter_from(1).collect::<Vec<_>>(), from_one);
            assert_eq!(visible.len(), list.len());
            assert_eq!(visible.is_empty(), list.is_empty());
            assert_eq!(visible.first(), list.first().copied());
            for article in 0..6 {
                assert_eq!(
                    visible.position(article),
                    list.iter().position(|&i| i == article)
                );
            }
            for at in 0..5 {
                assert_eq!(visible.get(at), list.get(at).copied());
            }
        }
    }
}
