use super::*;
use crate::annotation::{Op, Origin, SpanState};
use time::macros::datetime;

const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";

fn span(start: usize, end: usize, label: &str) -> Span {
    let mut span = Span::cut(TEXT, start, end, label, Origin::Manual, "aigerim").unwrap();
    (span.created, span.updated) = (
        datetime!(2026-01-01 9:00 UTC),
        datetime!(2026-01-01 9:00 UTC),
    );
    span
}

fn entry(minute: u8, what: &str) -> LogEntry {
    LogEntry {
        when: datetime!(2026-01-01 10:00 UTC) + time::Duration::minutes(minute.into()),
        who: "aigerim".into(),
        what: what.into(),
    }
}

fn doc(spans: &[Span], status: DocStatus, log: &[LogEntry]) -> DocAnnotations {
    let mut doc = DocAnnotations::new("kk1", "aigerim", TEXT);
    doc.spans = spans.to_vec();
    doc.normalize();
    doc.status = status;
    doc.log = log.to_vec();
    doc
}

fn ron(doc: &DocAnnotations) -> String {
    doc_to_ron(doc)
}

const NESTED: SpanScheme = SpanScheme::Nested;

fn merged(
    base: Option<&DocAnnotations>,
    here: &DocAnnotations,
    remote: &DocAnnotations,
) -> (DocAnnotations, Vec<String>) {
    let base = base.map(ron);
    let out = merge_doc(base.as_deref(), &ron(here), &ron(remote), NESTED).unwrap();
    (parse_doc(Path::new("t"), &out.text).unwrap(), out.said)
}

fn clashes(base: &DocAnnotations, here: &DocAnnotations, remote: &DocAnnotations) -> Vec<String> {
    merge_doc(Some(&ron(base)), &ron(here), &ron(remote), NESTED).unwrap_err()
}

fn keys(doc: &DocAnnotations) -> Vec<(usize, usize, &str)> {
    doc.spans.iter().map(Span::key).collect()
}

#[test]
fn spans_added_on_either_side_are_kept_and_one_sided_removals_and_relabels_taken() {
    let base = doc(
        &[
            span(0, 6, "LOCATION"),
            span(7, 13, "LOCATION"),
            span(0, 13, "LOCATION"),
        ],
        DocStatus::InProgress,
        &[],
    );
    // here: adds PERSON, removes 7..13; there: adds another PERSON, relabels 0..13
    let here = doc(
        &[
            span(0, 6, "LOCATION"),
            span(0, 13, "LOCATION"),
            span(20, 28, "PERSON"),
        ],
        DocStatus::InProgress,
        &[],
    );
    let remote = doc(
        &[
            span(0, 6, "LOCATION"),
            span(7, 13, "LOCATION"),
            span(0, 13, "AGENCY"),
            span(29, 42, "PERSON"),
        ],
        DocStatus::InProgress,
        &[],
    );
    let (got, said) = merged(Some(&base), &here, &remote);
    assert_eq!(
        keys(&got),
        [
            (0, 6, "LOCATION"),
            (0, 13, "AGENCY"),
            (20, 28, "PERSON"),
            (29, 42, "PERSON")
        ]
    );
    assert_eq!(
        said,
        [
            "1 span added, 1 span removed here",
            "1 span added, 1 span relabelled on the remote"
        ]
    );
    // without a common version (the file was new on both machines), the union
    let (got, _) = merged(None, &here, &remote);
    assert_eq!(got.spans.len(), 6);
}

#[test]
fn one_span_relabelled_differently_on_both_sides_is_a_clash_naming_both_labels() {
    let base = doc(&[span(0, 6, "LOCATION")], DocStatus::Done, &[]);
    let here = doc(&[span(0, 6, "AGENCY")], DocStatus::Done, &[]);
    let remote = doc(&[span(0, 6, "PERSON")], DocStatus::Done, &[]);
    assert_eq!(
        clashes(&base, &here, &remote),
        ["span 0..6 \"Атырау\" LOCATION: relabelled here to AGENCY, on the remote to PERSON"]
    );
    // relabelled the same way on both sides is no clash
    let (got, said) = merged(Some(&base), &here, &here.clone());
    assert_eq!(keys(&got), [(0, 6, "AGENCY")]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_span_changed_on_one_side_and_removed_or_relabelled_on_the_other_is_a_clash() {
    let mut pending = span(0, 6, "LOCATION");
    pending.state = SpanState::Pending;
    let base = doc(&[pending.clone()], DocStatus::InProgress, &[]);
    let mut accepted = pending.clone();
    accepted.state = SpanState::Accepted;
    let here = doc(&[accepted], DocStatus::InProgress, &[]);
    let removed = doc(&[], DocStatus::InProgress, &[]);
    assert_eq!(
        clashes(&base, &here, &removed),
        [
            "span 0..6 \"Атырау\" LOCATION: changed (state pending -> accepted) here, removed on the remote"
        ]
    );
    let relabelled = doc(&[span(0, 6, "AGENCY")], DocStatus::InProgress, &[]);
    assert_eq!(
        clashes(&base, &relabelled, &here),
        [
            "span 0..6 \"Атырау\" LOCATION: relabelled to AGENCY here, changed (state pending -> accepted) on the remote"
        ]
    );
}

#[test]
fn fields_take_the_side_that_changed_them_notes_changed_on_both_are_joined() {
    let mut old = span(0, 6, "LOCATION");
    old.state = SpanState::Pending;
    old.note = Some("city".into());
    let base = doc(&[old.clone()], DocStatus::InProgress, &[]);
    let mut mine = old.clone();
    mine.note = Some("the city".into());
    mine.kb = Some("Q1".into());
    mine.updated = datetime!(2026-01-02 9:00 UTC);
    let mut theirs = old.clone();
    theirs.state = SpanState::Accepted;
    theirs.note = Some("region?".into());
    let (got, said) = merged(
        Some(&base),
        &doc(&[mine], DocStatus::InProgress, &[]),
        &doc(&[theirs.clone()], DocStatus::InProgress, &[]),
    );
    let span = &got.spans[0];
    assert_eq!(span.state, SpanState::Accepted);
    assert_eq!(span.kb.as_deref(), Some("Q1"));
    assert_eq!(span.note.as_deref(), Some("the city | region?"));
    assert_eq!(span.updated, datetime!(2026-01-02 9:00 UTC));
    assert_eq!(
        said,
        ["the notes of 1 span changed on both sides: both kept"]
    );
    // a note that holds the other's is kept alone
    let mut longer = old.clone();
    longer.note = Some("region? (ask the lead)".into());
    let (got, _) = merged(
        Some(&base),
        &doc(&[longer], DocStatus::InProgress, &[]),
        &doc(&[theirs.clone()], DocStatus::InProgress, &[]),
    );
    assert_eq!(got.spans[0].note.as_deref(), Some("region? (ask the lead)"));
    // a state changed differently on both sides clashes
    let mut rejected = old.clone();
    rejected.state = SpanState::Rejected;
    let clash = clashes(
        &base,
        &doc(&[rejected], DocStatus::InProgress, &[]),
        &doc(&[theirs], DocStatus::InProgress, &[]),
    );
    assert_eq!(
        clash,
        ["span 0..6 \"Атырау\" LOCATION: state here rejected, on the remote accepted"]
    );
}

#[test]
fn the_status_is_the_changed_sides_or_the_less_finished_when_both_changed() {
    let at = |status| doc(&[], status, &[]);
    let base = at(DocStatus::InProgress);
    let (got, said) = merged(Some(&base), &base, &at(DocStatus::Done));
    assert_eq!(got.status, DocStatus::Done);
    assert_eq!(said, ["status done from the remote"]);
    let todo = at(DocStatus::Todo);
    let (got, said) = merged(
        Some(&todo),
        &at(DocStatus::Done),
        &at(DocStatus::InProgress),
    );
    assert_eq!(got.status, DocStatus::InProgress);
    assert_eq!(
        said,
        ["status here done, on the remote in_progress: in_progress kept (the less finished)"]
    );
    let (got, _) = merged(Some(&todo), &at(DocStatus::Done), &at(DocStatus::Flagged));
    assert_eq!(got.status, DocStatus::Flagged);
}

#[test]
fn the_audit_log_is_both_sides_in_time_order_each_entry_once() {
    let common = [
        entry(0, "add LOCATION 0..6"),
        entry(1, "status todo -> in_progress"),
    ];
    let base = doc(&[], DocStatus::InProgress, &common);
    let mut here_log = common.to_vec();
    here_log.extend([
        entry(5, "add PERSON 20..28"),
        entry(9, "status in_progress -> done"),
    ]);
    let mut there_log = common.to_vec();
    there_log.extend([
        entry(3, "remove LOCATION 0..6"),
        entry(7, "add DATE 29..42"),
    ]);
    let (got, said) = merged(
        Some(&base),
        &doc(&[], DocStatus::InProgress, &here_log),
        &doc(&[], DocStatus::InProgress, &there_log),
    );
    let minutes: Vec<u8> = got.log.iter().map(|e| e.when.minute()).collect();
    assert_eq!(minutes, [0, 1, 3, 5, 7, 9]);
    assert_eq!(said, ["2 audit-log entries from the remote"]);
}

#[test]
fn relations_follow_their_spans_and_another_article_text_is_a_clash() {
    let base = doc(&[span(0, 6, "LOCATION")], DocStatus::Done, &[]);
    let mut here = base.clone();
    here.apply(&Op::Add(span(20, 42, "PERSON")), "aigerim");
    let relation = Relation {
        label: "IN".into(),
        from: SpanKey::of(&span(20, 42, "PERSON")),
        to: SpanKey::of(&span(0, 6, "LOCATION")),
        who: "aigerim".into(),
        created: datetime!(2026-01-01 9:00 UTC),
    };
    assert!(here.apply(&Op::AddRelation(relation), "aigerim"));
    let (got, _) = merged(Some(&base), &here, &base);
    assert_eq!(got.relations.len(), 1);
    // the remote removed the span the relation goes to
    let removed = doc_without(&base);
    let clash = clashes(&base, &here, &removed);
    assert_eq!(clash.len(), 1, "{clash:?}");
    assert!(
        clash[0].starts_with("relation IN 20..42 -> 0..6"),
        "{clash:?}"
    );

    let mut other = DocAnnotations::new("kk1", "aigerim", "another text");
    other.status = DocStatus::Done;
    let clash = clashes(&base, &here, &other);
    assert!(
        clash[0].starts_with("the article's text differs"),
        "{clash:?}"
    );
}

fn doc_without(d: &DocAnnotations) -> DocAnnotations {
    let mut d = d.clone();
    d.spans.clear();
    d
}

#[test]
fn in_a_flat_project_overlapping_spans_from_the_two_sides_are_a_clash() {
    let base = doc(&[], DocStatus::InProgress, &[]);
    // here «Атырау» as a place, on the remote «Атырау облысы» as an agency
    let here = doc(&[span(0, 6, "LOCATION")], DocStatus::InProgress, &[]);
    let remote = doc(&[span(0, 13, "AGENCY")], DocStatus::InProgress, &[]);
    let flat = |base: &DocAnnotations, here: &DocAnnotations, remote: &DocAnnotations| {
        merge_doc(Some(&ron(base)), &ron(here), &ron(remote), SpanScheme::Flat)
    };
    let out = merge_doc(Some(&ron(&base)), &ron(&here), &ron(&remote), NESTED).unwrap();
    // a nested project takes both
    assert_eq!(
        out.said,
        ["1 span added here", "1 span added on the remote"]
    );
    let clashes = flat(&base, &here, &remote).unwrap_err();
    assert_eq!(clashes.len(), 1, "{clashes:?}");
    let clash = &clashes[0];
    assert!(
        clash.contains(r#"0..6 "Атырау" LOCATION (here)"#),
        "{clash}"
    );
    assert!(
        clash.contains(r#"0..13 "Атырау облысы" AGENCY (on the remote)"#),
        "{clash}"
    );
    assert!(clash.contains("the project is flat"), "{clash}");
    // spans that do not overlap, or an overlap one side already had, are no clash
    let apart = doc(&[span(20, 28, "PERSON")], DocStatus::InProgress, &[]);
    assert!(flat(&base, &here, &apart).is_ok());
    let both = doc(
        &[span(0, 6, "LOCATION"), span(0, 13, "AGENCY")],
        DocStatus::InProgress,
        &[],
    );
    assert!(flat(&base, &both, &apart).is_ok());
}
