//! How fast each annotator works, read from the audit logs: every span a person tagged or
//! accepted is a log line with its time. Spans tanba or a model proposed are not a
//! person's work until the person accepts them (the accept is what counts).

use serde::Serialize;
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};

use crate::annotation::{DocAnnotations, LogEntry, Timestamp, described_span, is_person};

/// Days shown per annotator, today included.
pub const DAYS: usize = 14;
/// Hours shown per annotator, the current one included.
pub const HOURS: usize = 48;
/// A pause longer than this between two spans is a break, not time spent on a span.
pub const BREAK: Duration = Duration::minutes(15);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`, in UTC like the log times.
    pub date: String,
    pub spans: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Throughput {
    /// Spans the person tagged or accepted per day over the last `DAYS` days, oldest first.
    pub per_day: Vec<DayCount>,
    /// The same per hour over the last `HOURS` hours, oldest first.
    pub per_hour: Vec<usize>,
    /// Every span the person tagged or accepted, at any time.
    pub spans: usize,
    /// The median pause between one span and the next, breaks left out.
    pub median_seconds_per_span: Option<f64>,
}

/// A log line that made a span count: a tag (`add …`) or an accepted pre-annotation.
pub fn is_span_event(what: &str) -> bool {
    what.starts_with("add ") || (what.starts_with("change ") && what.contains(" state accepted"))
}

/// Whether `entry` of `doc`'s log is a person's work on a span: signed by a person (not
/// `tanba`, not `model:NAME`), a tag or an accept. Logs written before suggestions were
/// signed by their author credit the annotator with adding them: an `add` of a span
/// the document holds as tanba's or a model's suggestion is therefore not counted.
pub fn is_persons_act(doc: &DocAnnotations, entry: &LogEntry) -> bool {
    is_person(&entry.who) && is_span_event(&entry.what) && !added_suggestion(doc, &entry.what)
}

/// Whether `what` is `add LABEL START..END "text"` for a span `doc` holds as a suggestion.
fn added_suggestion(doc: &DocAnnotations, what: &str) -> bool {
    let Some((label, start, end)) = what.strip_prefix("add ").and_then(described_span) else {
        return false;
    };
    doc.spans
        .binary_search_by(|s| s.key().cmp(&(start, end, label)))
        .is_ok_and(|i| doc.spans[i].origin.is_suggestion())
}

/// Throughput per person (the log's `who`), as of `now`; tanba and models have none.
pub fn throughput<'a>(
    docs: impl IntoIterator<Item = &'a DocAnnotations>,
    now: Timestamp,
) -> BTreeMap<String, Throughput> {
    let mut times: BTreeMap<String, Vec<OffsetDateTime>> = BTreeMap::new();
    for doc in docs {
        for entry in doc.log.iter().filter(|e| is_persons_act(doc, e)) {
            times.entry(entry.who.clone()).or_default().push(entry.when);
        }
    }
    times
        .into_iter()
        .map(|(who, mut when)| {
            when.sort();
            (who, of_times(&when, now))
        })
        .collect()
}

/// The figures for one annotator's sorted event times.
pub fn of_times(sorted: &[OffsetDateTime], now: Timestamp) -> Throughput {
    let today = now.date();
    let per_day = (0..DAYS)
        .rev()
        .map(|back| {
            let day = today - Duration::days(back as i64);
            DayCount {
                date: day.to_string(),
                spans: sorted.iter().filter(|t| t.date() == day).count(),
            }
        })
        .collect();
    let this_hour = now.replace_minute(0).and_then(|t| t.replace_second(0));
    let this_hour = this_hour.unwrap_or(now);
    let per_hour = (0..HOURS)
        .rev()
        .map(|back| {
            let start = this_hour - Duration::hours(back as i64);
            let end = start + Duration::hours(1);
            sorted.iter().filter(|t| **t >= start && **t < end).count()
        })
        .collect();
    let mut gaps: Vec<i64> = sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).whole_seconds())
        .filter(|g| *g <= BREAK.whole_seconds())
        .collect();
    gaps.sort_unstable();
    let median = match gaps.len() {
        0 => None,
        n if n % 2 == 1 => Some(gaps[n / 2] as f64),
        n => Some((gaps[n / 2 - 1] + gaps[n / 2]) as f64 / 2.0),
    };
    Throughput {
        per_day,
        per_hour,
        spans: sorted.len(),
        median_seconds_per_span: median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocAnnotations, LogEntry};
    use time::macros::datetime;

    fn doc(who: &str, entries: &[(OffsetDateTime, &str)]) -> DocAnnotations {
        let mut doc = DocAnnotations::new("a", who, "text");
        doc.log = entries
            .iter()
            .map(|(when, what)| LogEntry {
                when: *when,
                who: who.to_string(),
                what: what.to_string(),
            })
            .collect();
        doc
    }

    #[test]
    fn figures_come_from_the_log_times() {
        let now = datetime!(2026-11-30 10:30 UTC);
        let aigerim = [
            doc(
                "aigerim",
                &[
                    (
                        datetime!(2026-11-30 09:00:00 UTC),
                        "add PERSON 0..5 \"Қанат\"",
                    ),
                    (
                        datetime!(2026-11-30 09:00:20 UTC),
                        "add LOCATION 7..13 \"Атырау\"",
                    ),
                    (datetime!(2026-11-30 09:00:30 UTC), "status todo -> done"),
                    (
                        datetime!(2026-11-30 09:01:10 UTC),
                        "remove LOCATION 7..13 \"Атырау\"",
                    ),
                ],
            ),
            doc(
                "aigerim",
                &[
                    (
                        datetime!(2026-11-30 09:01:00 UTC),
                        "change DATE 1..2 \"x\" state accepted",
                    ),
                    // after a lunch break: the pause is not time spent on a span
                    (datetime!(2026-11-30 10:10:00 UTC), "add DATE 3..4 \"y\""),
                    (datetime!(2026-11-29 23:59:59 UTC), "add DATE 5..6 \"z\""),
                    (
                        datetime!(2026-11-29 12:00:00 UTC),
                        "change DATE 5..6 \"z\" label PERSON",
                    ),
                ],
            ),
        ];
        let figures = throughput(&aigerim, now);
        let t = &figures["aigerim"];
        assert_eq!(t.spans, 5);
        assert_eq!(t.per_day.len(), DAYS);
        let last = &t.per_day[DAYS - 1];
        assert_eq!((last.date.as_str(), last.spans), ("2026-11-30", 4));
        assert_eq!(t.per_day[DAYS - 2].spans, 1);
        assert_eq!(t.per_day[0].date, "2026-11-17");
        // hours: 09:00 holds three, 10:00 one, 23:00 the day before one
        assert_eq!(t.per_hour.len(), HOURS);
        assert_eq!(&t.per_hour[HOURS - 2..], &[3, 1]);
        assert_eq!(t.per_hour[HOURS - 12], 1);
        // gaps: 23:59:59 -> 09:00 (break), 20 s, 40 s, 69 min (break): median of 20 and 40
        assert_eq!(t.median_seconds_per_span, Some(30.0));
    }

    #[test]
    fn no_two_spans_in_a_row_means_no_median() {
        let now = datetime!(2026-11-30 10:30 UTC);
        let one = [doc(
            "dana",
            &[(datetime!(2026-11-30 09:00 UTC), "add PERSON 0..1 \"x\"")],
        )];
        let t = &throughput(&one, now)["dana"];
        assert_eq!((t.spans, t.median_seconds_per_span), (1, None));
        assert!(throughput(&[doc("dana", &[])], now).is_empty());
    }

    /// `n` model spans on "12 34 56 …" added as `tanba suggest --cmd` does, the first
    /// `accepted` of them accepted by `who`.
    fn suggested(who: &str, n: usize, accepted: usize) -> DocAnnotations {
        use crate::annotation::{Op, Origin, Span, SpanState};
        let text = "12 34 56 78 90";
        let mut doc = DocAnnotations::new("a", who, text);
        let model = Origin::Model("spacy".into());
        let spans: Vec<Span> = (0..n)
            .map(|i| Span::cut(text, 3 * i, 3 * i + 2, "CARDINAL", model.clone(), who).unwrap())
            .collect();
        for span in &spans {
            doc.apply(&Op::Add(span.clone()), who);
        }
        for old in &spans[..accepted] {
            let mut new = old.clone();
            new.state = SpanState::Accepted;
            new.who = who.to_string();
            doc.apply(
                &Op::Replace {
                    old: old.clone(),
                    new,
                },
                who,
            );
        }
        doc
    }

    #[test]
    fn a_models_spans_are_its_own_and_only_the_accepts_are_the_persons() {
        // was: 714 "today" for 357 accepted, 145 for one who only ran `tanba suggest`
        let now = crate::annotation::now();
        let docs = [suggested("bota", 4, 2), suggested("erlan", 3, 0)];
        assert_eq!(docs[0].log[0].who, "model:spacy");
        assert_eq!(docs[0].log[4].who, "bota");
        let figures = throughput(&docs, now);
        assert_eq!(figures.keys().collect::<Vec<_>>(), ["bota"]);
        assert_eq!(figures["bota"].spans, 2);
        assert_eq!(figures["bota"].per_day[DAYS - 1].spans, 2);
    }

    #[test]
    fn old_logs_crediting_the_annotator_with_a_models_add_count_only_the_accept() {
        let now = crate::annotation::now();
        let mut docs = [suggested("bota", 4, 2), suggested("erlan", 3, 0)];
        // as written before suggestions were signed: the annotator as `who` everywhere
        for doc in &mut docs {
            let who = doc.annotator.clone();
            doc.log.iter_mut().for_each(|e| e.who = who.clone());
        }
        // and a tag of the person's own, whose span is manual
        let mine = doc("bota", &[(now, "add PERSON 0..2 \"12\"")]);
        let all = [&docs[0], &docs[1], &mine];
        let figures = throughput(all, now);
        assert_eq!(figures.keys().collect::<Vec<_>>(), ["bota"]);
        assert_eq!(figures["bota"].spans, 3, "two accepts and one tag");
    }

    #[test]
    fn an_add_line_gives_its_label_and_range() {
        assert_eq!(
            described_span("CARDINAL 3..5 \"12\""),
            Some(("CARDINAL", 3, 5))
        );
        assert_eq!(
            described_span("TWO WORDS 0..1 \"a 2..3\""),
            Some(("TWO WORDS", 0, 1))
        );
        assert_eq!(described_span("PERSON x..y"), None);
    }
}
