//! The annotator's assignment on the desk: which articles are theirs (in the
//! assignment's order), whether the list shows only those, and the queue `d` follows.

use std::borrow::Cow;

use super::{Desk, Outcome};
use crate::annotation::DocStatus;
use crate::assign::Assignment;

/// The articles assigned to this annotator, as corpus indices.
#[derive(Debug, Clone)]
pub struct AssignedState {
    /// In the assignment's order.
    pub mine: Vec<usize>,
    /// `mine` as a flag per corpus article.
    pub flags: Vec<bool>,
    /// The list shows every article (the toggle), not only the assigned ones.
    pub show_all: bool,
    /// The whole assignment, for the dashboard.
    pub assignment: Assignment,
    /// `stale_after_days` from the settings.
    pub stale_after_days: u32,
}

impl Desk {
    /// Takes the workspace's assignment: the annotator's articles that are in the corpus.
    /// Someone with nothing assigned sees every article, as without an assignment.
    pub fn set_assignment(&mut self, assignment: &Assignment, stale_after_days: u32) {
        let mut flags = vec![false; self.corpus.articles.len()];
        let mine: Vec<usize> = assignment
            .of(&self.annotator)
            .filter_map(|a| self.article_index(a.id()))
            .filter(|&i| !std::mem::replace(&mut flags[i], true))
            .collect();
        self.assigned = Some(AssignedState {
            mine,
            flags,
            show_all: false,
            assignment: assignment.clone(),
            stale_after_days,
        });
    }

    /// The assignment, when something in it is this annotator's.
    fn mine(&self) -> Option<&AssignedState> {
        self.assigned.as_ref().filter(|a| !a.mine.is_empty())
    }

    /// The list narrowed to the assigned articles, when that is what it shows.
    pub fn assigned_only(&self) -> Option<&AssignedState> {
        self.mine().filter(|a| !a.show_all)
    }

    /// Narrows `articles` (a search's hits, in their order) to the assigned ones.
    pub(crate) fn narrow_to_assigned<'a>(&self, articles: Cow<'a, [usize]>) -> Cow<'a, [usize]> {
        match self.assigned_only() {
            Some(a) => articles.iter().copied().filter(|&i| a.flags[i]).collect(),
            None => articles,
        }
    }

    /// The key that shows every article, and the assigned ones again.
    pub fn toggle_assigned(&mut self) -> Outcome {
        let Some(a) = self.assigned.as_mut().filter(|a| !a.mine.is_empty()) else {
            return Outcome::say("nothing is assigned to you: the list shows every article");
        };
        a.show_all = !a.show_all;
        Outcome::say(if a.show_all {
            "every article"
        } else {
            "your assigned articles"
        })
    }

    /// (done, assigned) for the status bar, when there is an assignment.
    pub fn assigned_progress(&self) -> Option<(usize, usize)> {
        let a = self.mine()?;
        let done = a
            .mine
            .iter()
            .filter(|&&i| self.status_of(i) == Some(DocStatus::Done))
            .count();
        Some((done, a.mine.len()))
    }

    /// The next article of the queue after `current`: assigned, neither done nor
    /// skipped, in progress first, then the assignment's order. `None` without an
    /// assignment; `Some(None)` when the queue is empty.
    pub fn next_in_queue(&self, current: usize) -> Option<Option<usize>> {
        let a = self.mine()?;
        let open = |i: usize| {
            i != current
                && !matches!(
                    self.status_of(i),
                    Some(DocStatus::Done | DocStatus::Skipped)
                )
        };
        let mut queue = a.mine.iter().copied().filter(|&i| open(i));
        let first = queue.clone().next();
        let in_progress = queue.find(|&i| self.status_of(i) == Some(DocStatus::InProgress));
        Some(in_progress.or(first))
    }
}
