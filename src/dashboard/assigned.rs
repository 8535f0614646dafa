//! The figures with an assignment: progress counts done of assigned, and the attention
//! list names assigned articles nobody touched for `stale_after_days`.

use std::collections::HashMap;
use time::Duration;

use super::{ATTENTION, Attention, Dashboard, Input, Progress};
use crate::annotation::{DocAnnotations, DocStatus, Timestamp};
use crate::assign::Assignment;

impl Dashboard {
    /// Recounts progress against `a` (each assigned annotator: their assigned articles
    /// only, those without a file todo) and adds the stale assigned articles to the
    /// attention list: neither done nor skipped, and untouched (no log entry, nor a
    /// change of the assignment) for more than `stale_after_days`.
    pub fn count_assigned(&mut self, input: &Input, a: &Assignment, stale_after_days: u32) {
        let docs: HashMap<(&str, &str), &DocAnnotations> = input
            .docs
            .iter()
            .map(|(k, d)| ((k.annotator.as_str(), k.article.as_str()), *d))
            .collect();
        let index: HashMap<&str, usize> = input
            .articles
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let changed = a.log.last().map(|e| e.when);
        let limit = Duration::days(stale_after_days.into());
        // someone with work assigned sees their own stale articles, a lead the team's
        let only = input.me.filter(|me| a.knows(me));
        for load in a.loads() {
            let who = load.annotator.as_str();
            let mut p = Progress::default();
            for article in a.of(who).filter(|x| index.contains_key(x.id())) {
                let doc = docs.get(&(who, article.id())).copied();
                let status = doc.map_or(DocStatus::Todo, |d| d.status);
                p.add(status);
                if matches!(status, DocStatus::Done | DocStatus::Skipped)
                    || only.is_some_and(|me| me != who)
                {
                    continue;
                }
                let since = last_touched(doc, changed);
                if let Some(since) = since.filter(|t| input.now - *t > limit) {
                    let days = (input.now - since).whole_days();
                    self.untouched(input, index[article.id()], who, days);
                }
            }
            self.progress.insert(load.annotator, p);
        }
        // flagged first, then stale, then the most pending (stable: corpus order in ties)
        self.attention.sort_by_key(|r| {
            (
                r.flagged_by.is_empty(),
                r.untouched.is_empty(),
                std::cmp::Reverse(r.pending),
            )
        });
        self.attention.truncate(ATTENTION);
    }

    /// Notes that `who` has not touched article `index` for `days`.
    fn untouched(&mut self, input: &Input, index: usize, who: &str, days: i64) {
        let row = match self.attention.iter().position(|r| r.index == index) {
            Some(at) => &mut self.attention[at],
            None => {
                let article = &input.articles[index];
                self.attention.push(Attention {
                    index,
                    article: article.id.clone(),
                    title: article.title.clone(),
                    pending: 0,
                    flagged_by: Vec::new(),
                    untouched: Vec::new(),
                });
                self.attention.last_mut().expect("just pushed")
            }
        };
        row.untouched.push((who.to_string(), days));
    }
}

/// The last time anyone wrote in `doc`'s log, or the assignment changed, whichever is later.
fn last_touched(doc: Option<&DocAnnotations>, changed: Option<Timestamp>) -> Option<Timestamp> {
    let logged = doc.and_then(|d| d.log.iter().map(|e| e.when).max());
    logged.max(changed)
}
