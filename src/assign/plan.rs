//! The assignment's rules: where a new article goes, where a leaving annotator's work
//! goes, what a new annotator takes. Each picks the least loaded annotator, ties broken
//! by the team's order, so the same call always gives the same result.

use std::collections::HashSet;

use super::{Assigned, Assignment};

/// What `release` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Released {
    /// Articles moved to someone else.
    pub moved: usize,
    /// Articles the annotator started, kept by them.
    pub kept: usize,
    /// Articles left with fewer annotators than the overlap: nobody else was free.
    pub short: usize,
}

/// What `add` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// Articles the new annotator took over.
    pub taken: usize,
}

/// How many articles each active annotator has, in the team's order.
fn counts(a: &Assignment) -> Vec<usize> {
    let mut counts = vec![0; a.annotators.len()];
    for article in &a.articles {
        for who in article.to() {
            if let Some(i) = a.annotators.iter().position(|n| n == who) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// The least loaded annotator among those `free` admits (ties: the team's order).
fn least(counts: &[usize], free: impl Fn(usize) -> bool) -> Option<usize> {
    (0..counts.len())
        .filter(|&i| free(i))
        .min_by_key(|&i| (counts[i], i))
}

impl Assignment {
    /// Places the articles of `ids` not assigned yet, in their order, each with whoever
    /// of the team `started` (article, annotator) it, then the least loaded up to
    /// `overlap`; existing articles keep theirs. Gives how many were placed (0: nothing
    /// changed).
    pub fn place<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
        started: impl Fn(&str, &str) -> bool,
    ) -> usize {
        let known: HashSet<&str> = self.articles.iter().map(|a| a.id()).collect();
        let new: Vec<String> = ids
            .into_iter()
            .filter(|id| !known.contains(id))
            .map(str::to_string)
            .collect();
        let n = self.annotators.len();
        let mut counts = counts(self);
        let mut shared = self.shared();
        let placed = new.len();
        let mut to: Vec<usize> = Vec::with_capacity(self.overlap);
        for id in new {
            to.clear();
            // work someone began stays theirs: an article is never given away from under them
            to.extend((0..n).filter(|&i| started(&id, &self.annotators[i])));
            // then the least loaded; among equals, who shares fewest articles with those
            // already picked, so every pair works together (agreement needs pairs)
            for _ in to.len()..self.overlap {
                let pick = (0..n).filter(|i| !to.contains(i)).min_by_key(|&i| {
                    (
                        counts[i],
                        to.iter().map(|&j| shared[i][j]).sum::<usize>(),
                        i,
                    )
                });
                to.extend(pick);
            }
            for (x, &i) in to.iter().enumerate() {
                counts[i] += 1;
                for &j in &to[..x] {
                    shared[i][j] += 1;
                    shared[j][i] += 1;
                }
            }
            let names = to.iter().map(|&i| self.annotators[i].clone()).collect();
            self.articles.push(Assigned(id, names));
        }
        placed
    }

    /// How many articles each pair of active annotators shares.
    fn shared(&self) -> Vec<Vec<usize>> {
        let n = self.annotators.len();
        let mut shared = vec![vec![0; n]; n];
        for article in &self.articles {
            let at: Vec<usize> = article
                .to()
                .iter()
                .filter_map(|w| self.annotators.iter().position(|n| n == w))
                .collect();
            for (x, &i) in at.iter().enumerate() {
                for &j in &at[..x] {
                    shared[i][j] += 1;
                    shared[j][i] += 1;
                }
            }
        }
        shared
    }

    /// Moves `name`'s articles that `started` says they have not started to the other
    /// annotators, least loaded first, keeping `overlap` per article where someone is
    /// free; what `name` started stays with them. `name` gets no new work afterwards.
    pub fn release(
        &mut self,
        name: &str,
        started: impl Fn(&str) -> bool,
    ) -> Result<Released, String> {
        let Some(gone) = self.annotators.iter().position(|n| n == name) else {
            return Err(format!(
                "{name:?} is not an annotator of this assignment (they are: {})",
                self.annotators.join(", ")
            ));
        };
        if self.annotators.len() == 1 {
            return Err(format!(
                "{name:?} is the only annotator left: add someone first"
            ));
        }
        self.annotators.remove(gone);
        let mut counts = counts(self);
        let mut done = Released::default();
        for article in &mut self.articles {
            if !article.has(name) {
                continue;
            }
            if started(article.id()) {
                done.kept += 1;
                continue;
            }
            article.1.retain(|n| n != name);
            let team = &self.annotators;
            match least(&counts, |i| !article.has(&team[i])) {
                Some(i) => {
                    counts[i] += 1;
                    article.1.push(team[i].clone());
                    done.moved += 1;
                }
                None => done.short += 1,
            }
        }
        Ok(done)
    }

    /// Brings `name` in: they take articles from the most loaded annotators, never one
    /// its annotator `started` (article, annotator), until they have a fair share.
    pub fn add(
        &mut self,
        name: &str,
        started: impl Fn(&str, &str) -> bool,
    ) -> Result<Added, String> {
        crate::store::check_annotator(name)?;
        if self.annotators.iter().any(|n| n == name) {
            return Err(format!(
                "{name:?} is already an annotator of this assignment"
            ));
        }
        self.annotators.push(name.to_string());
        let new = self.annotators.len() - 1;
        let mut counts = counts(self);
        let fair = counts.iter().sum::<usize>() / self.annotators.len();
        // where each donor's search for an article to give resumes, from the end
        let mut cursor = vec![self.articles.len(); new];
        let mut added = Added::default();
        while counts[new] < fair {
            let donor = (0..new)
                .filter(|&i| cursor[i] > 0 && counts[i] > counts[new] + 1)
                .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)));
            let Some(donor) = donor else { break };
            let who = self.annotators[donor].clone();
            let found = (0..cursor[donor]).rev().find(|&j| {
                let a = &self.articles[j];
                a.has(&who) && !a.has(name) && !started(a.id(), &who)
            });
            let Some(j) = found else {
                cursor[donor] = 0;
                continue;
            };
            cursor[donor] = j;
            let article = &mut self.articles[j];
            let place = article.1.iter().position(|n| *n == who).unwrap_or(0);
            article.1[place] = name.to_string();
            counts[donor] -= 1;
            counts[new] += 1;
            added.taken += 1;
        }
        Ok(added)
    }
}
