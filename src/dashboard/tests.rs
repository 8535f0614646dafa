use super::*;
use crate::annotation::{LogEntry, Op, Origin, Span};
use crate::corpus::{ImportedSpan, SourceRef};
use time::macros::datetime;

pub const NOW: Timestamp = datetime!(2026-11-30 10:30 UTC);

const TEXTS: [&str; 4] = [
    "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.",
    "Астана әкімдігі жаңа бағдарлама жариялады\nҰлттық банк мөлшерлемені 2024 жылы өзгертті.",
    "Ауа райы: ертең жаңбыр\nЕртең Атырауда жаңбыр жауады, ал Алматыда күн ашық.",
    "Мұнай өндірісі артты\nҚазақстан 2023 жылы 90 млн тонна мұнай өндірді.",
];

/// Four articles, three annotators, logs at known times: the dashboard's test team.
pub fn team() -> (Vec<Article>, BTreeMap<DocKey, DocAnnotations>) {
    let mut articles: Vec<Article> = TEXTS
        .iter()
        .enumerate()
        .map(|(i, text)| Article::from_text(format!("kk{}", i + 1), *text, SourceRef::new("t", 1)))
        .collect();
    articles[3].imported = vec![
        ImportedSpan {
            start: 21,
            end: 30,
            label: "LOCATION".into(),
            note: None,
        },
        ImportedSpan {
            start: 31,
            end: 35,
            label: "DATE".into(),
            note: None,
        },
    ];
    let mut docs = BTreeMap::new();
    let mut put =
        |who: &str, i: usize, status, spans: &[(usize, usize, &str, bool)], minutes: i64| {
            let text = TEXTS[i];
            let mut doc = DocAnnotations::new(&format!("kk{}", i + 1), who, text);
            for &(start, end, label, pending) in spans {
                let origin = if pending {
                    Origin::Imported
                } else {
                    Origin::Manual
                };
                doc.apply(
                    &Op::Add(Span::cut(text, start, end, label, origin, who).unwrap()),
                    who,
                );
            }
            doc.status = status;
            // one span every 20 s, starting `minutes` before NOW
            doc.log = (0..spans.len())
                .map(|n| LogEntry {
                    when: NOW - time::Duration::minutes(minutes)
                        + time::Duration::seconds(20 * n as i64),
                    who: who.to_string(),
                    what: format!("add {} 0..1 \"x\"", spans[n].2),
                })
                .collect();
            let key = DocKey {
                annotator: who.into(),
                article: doc.article.clone(),
            };
            docs.insert(key, doc);
        };
    put(
        "aigerim",
        0,
        DocStatus::Done,
        &[
            (0, 6, "LOCATION", false),
            (20, 42, "PERSON", false),
            (52, 57, "STATISTIC", false),
        ],
        60 * 26,
    );
    put(
        "aigerim",
        1,
        DocStatus::Done,
        &[(0, 15, "AGENCY", false), (42, 53, "AGENCY", false)],
        90,
    );
    put(
        "aigerim",
        2,
        DocStatus::InProgress,
        &[(29, 37, "LOCATION", false), (10, 15, "DATE", true)],
        20,
    );
    put(
        "dana",
        0,
        DocStatus::Done,
        &[(0, 6, "LOCATION", false), (20, 42, "PERSON", false)],
        60 * 50,
    );
    put(
        "dana",
        1,
        DocStatus::Flagged,
        &[(0, 6, "LOCATION", false)],
        60 * 49,
    );
    put("dana", 3, DocStatus::Skipped, &[], 0);
    put(
        "curator",
        0,
        DocStatus::Done,
        &[
            (0, 6, "LOCATION", false),
            (20, 42, "PERSON", false),
            (52, 57, "STATISTIC", false),
        ],
        5,
    );
    (articles, docs)
}

pub fn dashboard(me: Option<&str>) -> Dashboard {
    let (articles, docs) = team();
    Dashboard::compute(&Input {
        articles: &articles,
        labels: &LabelSet::default(),
        docs: &docs.iter().collect::<Vec<_>>(),
        me,
        now: NOW,
    })
}

#[test]
fn progress_counts_each_status_and_articles_without_a_file_as_todo() {
    let d = dashboard(None);
    let dana = d.progress["dana"];
    assert_eq!(
        (
            dana.done,
            dana.flagged,
            dana.skipped,
            dana.in_progress,
            dana.todo
        ),
        (1, 1, 1, 0, 1)
    );
    let aigerim = d.progress["aigerim"];
    assert_eq!((aigerim.done, aigerim.in_progress, aigerim.todo), (2, 1, 1));
    assert_eq!(aigerim.total(), 4);
    assert_eq!(aigerim.get(DocStatus::Done), 2);
}

#[test]
fn spans_per_label_follow_the_label_set_for_the_team_and_each_annotator() {
    let d = dashboard(None);
    let team: Vec<(&str, usize)> = d
        .per_label
        .team
        .iter()
        .map(|c| (c.label.as_str(), c.spans))
        .collect();
    assert_eq!(
        team,
        [
            ("PERSON", 3),
            ("AGENCY", 2),
            ("STATISTIC", 2),
            ("LOCATION", 5),
            ("DATE", 1)
        ]
    );
    let dana: Vec<usize> = d.per_label.annotators["dana"]
        .iter()
        .map(|c| c.spans)
        .collect();
    assert_eq!(dana, [1, 0, 0, 2, 0]);
}

#[test]
fn attention_puts_flagged_first_then_most_pending_for_me_or_the_team() {
    let team = dashboard(None);
    let rows: Vec<(&str, usize, Vec<String>)> = team
        .attention
        .iter()
        .map(|r| (r.article.as_str(), r.pending, r.flagged_by.clone()))
        .collect();
    assert_eq!(
        rows,
        [("kk2", 0, vec!["dana".to_string()]), ("kk3", 1, vec![]),]
    );
    // kk4's pre-annotations are pending for aigerim, who has no file for it
    let mine = dashboard(Some("aigerim"));
    let rows: Vec<(&str, usize)> = mine
        .attention
        .iter()
        .map(|r| (r.article.as_str(), r.pending))
        .collect();
    assert_eq!(rows, [("kk4", 2), ("kk3", 1)]);
    assert_eq!(mine.attention[0].index, 3);
}

#[test]
fn throughput_and_agreement_are_part_of_the_figures() {
    let d = dashboard(None);
    assert_eq!(d.throughput["aigerim"].spans, 7);
    assert_eq!(d.throughput["aigerim"].median_seconds_per_span, Some(20.0));
    let pair = d
        .agreement
        .iter()
        .find(|p| p.a == "aigerim" && p.b == "dana")
        .unwrap();
    // kk1: 3 vs 2 with 2 shared; kk2: 2 vs 1 with none shared
    assert_eq!(
        (pair.articles, pair.spans_a, pair.spans_b, pair.matched),
        (2, 5, 3, 2)
    );
    assert_eq!(d.annotators(), ["aigerim", "curator", "dana"]);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов сұрады";

    /// (annotator, article, status, spans as (start, len, label))
    type RawDoc = (usize, usize, usize, Vec<(usize, usize, usize)>);

    fn docs() -> impl Strategy<Value = Vec<RawDoc>> {
        proptest::collection::vec(
            (
                0..3usize,
                0..4usize,
                0..5usize,
                proptest::collection::vec((0..40usize, 1..8usize, 0..5usize), 0..6),
            ),
            0..12,
        )
    }

    proptest! {
        #[test]
        fn figures_add_up_whatever_the_documents(raw in docs()) {
            let articles: Vec<Article> = (0..4)
                .map(|i| Article::from_text(format!("a{i}"), TEXT, SourceRef::new("t", 1)))
                .collect();
            let labels = LabelSet::default();
            let names: Vec<&str> = labels.names().collect();
            let mut map = BTreeMap::new();
            for (who, article, status, spans) in raw {
                let who = ["aigerim", "dana", "erlan"][who];
                let mut doc = DocAnnotations::new(&format!("a{article}"), who, TEXT);
                for (start, len, label) in spans {
                    if let Some(span) = Span::cut(TEXT, start, start + len, names[label], Origin::Manual, who) {
                        doc.apply(&Op::Add(span), who);
                    }
                }
                doc.status = <DocStatus as strum::VariantArray>::VARIANTS[status];
                map.insert(DocKey { annotator: who.into(), article: doc.article.clone() }, doc);
            }
            let d = Dashboard::compute(&Input { articles: &articles, labels: &labels, docs: &map.iter().collect::<Vec<_>>(), me: None, now: NOW });
            for p in d.progress.values() {
                prop_assert_eq!(p.total(), articles.len());
            }
            let team: usize = d.per_label.team.iter().map(|c| c.spans).sum();
            let each: usize = d.per_label.annotators.values().flatten().map(|c| c.spans).sum();
            prop_assert_eq!(team, each);
            for pair in &d.agreement {
                prop_assert!(pair.a < pair.b);
                prop_assert!(pair.matched <= pair.spans_a.min(pair.spans_b));
                prop_assert!(pair.span_f1.is_none_or(|f1| (0.0..=1.0).contains(&f1)));
                prop_assert_eq!(pair.span_f1.is_none(), pair.spans_a + pair.spans_b == 0);
            }
            for t in d.throughput.values() {
                let days: usize = t.per_day.iter().map(|c| c.spans).sum();
                prop_assert!(days <= t.spans);
                prop_assert!(t.per_hour.iter().sum::<usize>() <= t.spans);
            }
            prop_assert!(d.attention.len() <= ATTENTION);
        }
    }
}

#[test]
fn document_labels_are_counted_over_the_team_and_left_out_of_json_when_none() {
    let (articles, mut docs) = team();
    assert!(dashboard(None).doc_labels.is_empty());
    let json = serde_json::to_value(dashboard(None)).unwrap();
    assert!(json.get("doc_labels").is_none());
    for doc in docs.values_mut().take(2) {
        doc.doc_labels = vec!["REGIONS".into()];
    }
    let d = Dashboard::compute(&Input {
        articles: &articles,
        labels: &LabelSet::default(),
        docs: &docs.iter().collect::<Vec<_>>(),
        me: None,
        now: NOW,
    });
    assert_eq!(d.doc_labels["REGIONS"], 2);
}
