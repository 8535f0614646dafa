//! Who annotates which article: the assignment a lead makes with `tanba assign` (balanced,
//! `overlap` annotators per article, stable as the corpus grows), its file, and the
//! changes to it (`release`, `add`), each logged. No terminal.

mod file;
mod plan;
mod progress;

pub use file::{AssignError, load, parse, save, to_ron};
pub use plan::{Added, Released};
pub use progress::{Progress, Statuses};

use serde::{Deserialize, Serialize};

use crate::annotation::Timestamp;

/// The whole assignment of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// How many annotators each article gets.
    pub overlap: usize,
    /// The annotators new and moved work goes to, in the order ties are broken.
    pub annotators: Vec<String>,
    /// Each article and its annotators, in the order they are to be taken.
    pub articles: Vec<Assigned>,
    /// Every change, oldest first.
    #[serde(default)]
    pub log: Vec<LogEntry>,
}

/// One article and the annotators it is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assigned(pub String, pub Vec<String>);

impl Assigned {
    pub fn id(&self) -> &str {
        &self.0
    }
    pub fn to(&self) -> &[String] {
        &self.1
    }
    pub fn has(&self, annotator: &str) -> bool {
        self.1.iter().any(|a| a == annotator)
    }
}

/// One change to the assignment: who made it, when, what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub when: Timestamp,
    pub who: String,
    pub what: String,
}

/// How many articles one annotator has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub annotator: String,
    pub assigned: usize,
}

impl Assignment {
    /// An empty assignment to `annotators`, `overlap` each; refuses names that cannot be
    /// folder names, repeated names and an overlap of 0 or above the number of annotators.
    pub fn new(annotators: Vec<String>, overlap: usize) -> Result<Assignment, String> {
        let assignment = Assignment {
            overlap,
            annotators,
            articles: Vec::new(),
            log: Vec::new(),
        };
        assignment.check_team()?;
        assignment.check_overlap()?;
        Ok(assignment)
    }

    /// The rules on the annotators and the overlap a file must keep, as a message (after
    /// releases a team may be smaller than the overlap: articles then have fewer).
    pub(crate) fn check_team(&self) -> Result<(), String> {
        if self.annotators.is_empty() {
            return Err("no annotators".into());
        }
        for (i, name) in self.annotators.iter().enumerate() {
            crate::store::check_annotator(name)?;
            if self.annotators[..i].contains(name) {
                return Err(format!("annotator {name:?} is named twice"));
            }
        }
        if self.overlap == 0 {
            return Err("the overlap must be at least 1".into());
        }
        Ok(())
    }

    /// A new assignment needs as many annotators as its overlap.
    fn check_overlap(&self) -> Result<(), String> {
        if self.overlap > self.annotators.len() {
            return Err(format!(
                "an overlap of {} needs at least {} annotators, there are {} ({})",
                self.overlap,
                self.overlap,
                self.annotators.len(),
                self.annotators.join(", ")
            ));
        }
        Ok(())
    }

    /// The articles assigned to `annotator`, in order.
    pub fn of<'a>(&'a self, annotator: &'a str) -> impl Iterator<Item = &'a Assigned> + 'a {
        self.articles.iter().filter(move |a| a.has(annotator))
    }

    /// Whether anything is assigned to `annotator`.
    pub fn knows(&self, annotator: &str) -> bool {
        self.annotators.iter().any(|a| a == annotator) || self.of(annotator).next().is_some()
    }

    /// Articles per annotator: the active ones in their order, then anyone else who still
    /// holds work (released with work started), by name.
    pub fn loads(&self) -> Vec<Load> {
        let mut names = self.annotators.clone();
        let mut others: Vec<&String> = self
            .articles
            .iter()
            .flat_map(|a| a.to())
            .filter(|n| !self.annotators.contains(n))
            .collect();
        others.sort();
        others.dedup();
        names.extend(others.into_iter().cloned());
        let mut counts = vec![0; names.len()];
        for article in &self.articles {
            for who in article.to() {
                if let Some(i) = names.iter().position(|n| n == who) {
                    counts[i] += 1;
                }
            }
        }
        names
            .into_iter()
            .zip(counts)
            .map(|(annotator, assigned)| Load {
                annotator,
                assigned,
            })
            .collect()
    }

    /// Adds a line to the log.
    pub fn note(&mut self, who: &str, what: String) {
        self.log.push(LogEntry {
            when: crate::annotation::now(),
            who: who.to_string(),
            what,
        });
    }
}

#[cfg(test)]
mod tests;
