//! Time spent per annotator, read from the audit logs: in each article, the gaps between
//! consecutive entries of a person's log lines, a gap over `BREAK` (15 minutes) counting
//! as a break that adds nothing (the rule seconds per span uses too).

use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;

use super::throughput::{BREAK, Throughput};
use crate::annotation::{DocAnnotations, is_person};

/// One annotator's time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TimeSpent {
    /// The sum of the gaps between their consecutive log entries in each article, breaks
    /// left out.
    pub active_seconds: i64,
    /// Articles they have log entries in.
    pub articles: usize,
    /// Active seconds per span they tagged or accepted; none before their first span.
    pub seconds_per_span: Option<f64>,
}

/// Seconds as `h:mm:ss`, as the tables and the dashboard show time.
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The active seconds of one article's sorted entry times.
pub fn active_seconds(sorted: &[OffsetDateTime]) -> i64 {
    sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).whole_seconds())
        .filter(|&gap| gap <= BREAK.whole_seconds())
        .sum()
}

/// Time per person (the log's `who`; tanba and models spend none), with seconds per span
/// from `throughput`'s span counts.
pub fn time_spent<'a>(
    docs: impl IntoIterator<Item = &'a DocAnnotations>,
    throughput: &BTreeMap<String, Throughput>,
) -> BTreeMap<String, TimeSpent> {
    let mut out: BTreeMap<String, TimeSpent> = BTreeMap::new();
    for doc in docs {
        let mut times: BTreeMap<&str, Vec<OffsetDateTime>> = BTreeMap::new();
        for entry in doc.log.iter().filter(|e| is_person(&e.who)) {
            times.entry(&entry.who).or_default().push(entry.when);
        }
        for (who, mut when) in times {
            when.sort_unstable();
            let t = out.entry(who.to_string()).or_default();
            t.active_seconds += active_seconds(&when);
            t.articles += 1;
        }
    }
    for (who, t) in &mut out {
        let spans = throughput.get(who).map_or(0, |x| x.spans);
        t.seconds_per_span = (spans > 0).then(|| t.active_seconds as f64 / spans as f64);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::LogEntry;
    use time::macros::datetime;

    fn entry(when: OffsetDateTime, who: &str, what: &str) -> LogEntry {
        LogEntry {
            when,
            who: who.into(),
            what: what.into(),
        }
    }

    #[test]
    fn gaps_of_10_20_s_a_30_min_break_and_40_s_give_70_s() {
        let t0 = datetime!(2026-12-01 09:00:00 UTC);
        let s = time::Duration::seconds;
        let mut doc = DocAnnotations::new("a", "dana", "text");
        let times = [t0, t0 + s(10), t0 + s(30), t0 + s(30 + 1800), t0 + s(1870)];
        doc.log = times
            .iter()
            .map(|&t| entry(t, "dana", "add PERSON 0..1 \"t\""))
            .collect();
        // tanba's suggestions in between are not dana's time
        doc.log
            .push(entry(t0 + s(5), "tanba", "add LOCATION 2..3 \"x\""));
        let mut other = DocAnnotations::new("b", "dana", "text");
        other.log = vec![entry(t0 + s(3600), "dana", "status todo -> done")];
        let docs = [doc, other];
        let throughput = super::super::throughput(&docs, t0 + s(4000));
        let figures = time_spent(&docs, &throughput);
        let dana = &figures["dana"];
        assert_eq!(dana.active_seconds, 70);
        assert_eq!(dana.articles, 2);
        assert_eq!(dana.seconds_per_span, Some(14.0));
        assert!(!figures.contains_key("tanba"));
    }
}
