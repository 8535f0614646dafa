use proptest::prelude::*;

use super::*;

fn team(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("a{i}")).collect()
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("art{i:04}")).collect()
}

fn placed(n: usize, k: usize, articles: usize) -> Assignment {
    let mut a = Assignment::new(team(n), k).unwrap();
    a.place(ids(articles).iter().map(String::as_str), |_, _| false);
    a
}

/// Every article has `k` distinct annotators.
fn each_has(a: &Assignment, k: usize) -> bool {
    a.articles.iter().all(|x| {
        let mut to = x.to().to_vec();
        to.sort();
        to.dedup();
        to.len() == k && x.to().len() == k
    })
}

/// Articles of the active annotators differ by at most one.
fn balanced(a: &Assignment) -> bool {
    let loads: Vec<usize> = a
        .loads()
        .into_iter()
        .filter(|l| a.annotators.contains(&l.annotator))
        .map(|l| l.assigned)
        .collect();
    loads.iter().max().unwrap_or(&0) - loads.iter().min().unwrap_or(&0) <= 1
}

proptest! {
    #[test]
    fn every_article_gets_k_distinct_annotators_and_loads_differ_by_one(
        n in 1usize..7, k in 1usize..7, articles in 0usize..200,
    ) {
        prop_assume!(k <= n);
        let a = placed(n, k, articles);
        prop_assert_eq!(a.articles.len(), articles);
        prop_assert!(each_has(&a, k));
        prop_assert!(balanced(&a));
    }

    #[test]
    fn the_same_call_twice_changes_nothing(n in 1usize..6, k in 1usize..6, articles in 0usize..100) {
        prop_assume!(k <= n);
        let once = placed(n, k, articles);
        let mut twice = once.clone();
        prop_assert_eq!(twice.place(ids(articles).iter().map(String::as_str), |_, _| false), 0);
        prop_assert_eq!(&twice, &once);
        prop_assert_eq!(to_ron(&twice), to_ron(&once));
    }

    #[test]
    fn added_articles_keep_every_existing_assignment_and_the_balance(
        n in 1usize..6, k in 1usize..6, first in 0usize..80, more in 0usize..80,
    ) {
        prop_assume!(k <= n);
        let before = placed(n, k, first);
        let mut after = before.clone();
        let all = ids(first + more);
        prop_assert_eq!(after.place(all.iter().map(String::as_str), |_, _| false), more);
        prop_assert_eq!(&after.articles[..first], &before.articles[..]);
        prop_assert!(each_has(&after, k));
        prop_assert!(balanced(&after));
    }

    #[test]
    fn release_keeps_k_where_possible_and_never_moves_started_work(
        n in 2usize..7, k in 1usize..6, articles in 0usize..120, started in prop::collection::vec(any::<bool>(), 120),
    ) {
        prop_assume!(k <= n);
        let before = placed(n, k, articles);
        let mut after = before.clone();
        let is_started = |id: &str| started[id[3..].parse::<usize>().unwrap()];
        let done = after.release("a0", is_started).unwrap();
        prop_assert!(!after.annotators.contains(&"a0".to_string()));
        for (old, new) in before.articles.iter().zip(&after.articles) {
            prop_assert_eq!(old.id(), new.id());
            if old.has("a0") && is_started(old.id()) {
                // started work stays, and nothing else on that article moves
                prop_assert_eq!(old, new);
            } else {
                prop_assert!(!new.has("a0"));
                let want = if k < n { k } else { k - 1 };
                prop_assert_eq!(new.to().len(), want, "{:?}", new);
                // the others already on the article stay on it
                prop_assert!(old.to().iter().filter(|w| *w != "a0").all(|w| new.has(w)));
            }
        }
        prop_assert_eq!(done.moved + done.short, before.of("a0").count() - done.kept);
        if k < n && started.iter().all(|s| !s) {
            prop_assert_eq!(done.short, 0);
            prop_assert!(balanced(&after), "{:?}", after.loads());
        }
    }

    #[test]
    fn a_new_annotator_takes_a_fair_share_of_work_not_started(
        n in 1usize..6, k in 1usize..6, articles in 0usize..120, started in prop::collection::vec(any::<bool>(), 120),
    ) {
        prop_assume!(k <= n);
        let before = placed(n, k, articles);
        let mut after = before.clone();
        let is_started = |id: &str, _: &str| started[id[3..].parse::<usize>().unwrap()];
        after.add("new", is_started).unwrap();
        prop_assert!(each_has(&after, k));
        for (old, new) in before.articles.iter().zip(&after.articles) {
            if is_started(old.id(), "") {
                prop_assert_eq!(old, new);
            }
        }
        if started.iter().all(|s| !s) {
            prop_assert!(balanced(&after), "{:?}", after.loads());
        }
    }
}

#[test]
fn release_with_nothing_started_keeps_the_balance_on_a_round_team() {
    for (n, k, articles) in [(3, 1, 30), (4, 2, 60), (5, 2, 100), (5, 3, 77), (4, 1, 9)] {
        let mut a = placed(n, k, articles);
        a.release("a1", |_| false).unwrap();
        assert!(each_has(&a, k), "{n} {k}");
        assert!(balanced(&a), "{n} {k} {:?}", a.loads());
    }
}

#[test]
fn release_of_someone_unknown_is_refused() {
    let mut a = placed(3, 1, 5);
    let e = a.release("zed", |_| false).unwrap_err();
    assert!(e.contains("\"zed\" is not an annotator"), "{e}");
    assert!(e.contains("a0, a1, a2"), "{e}");
}

#[test]
fn releasing_below_the_overlap_keeps_a_file_that_reads_back_and_the_last_one_stays() {
    let mut a = placed(2, 2, 4);
    a.release("a0", |_| false).unwrap();
    assert!(a.articles.iter().all(|x| x.to() == ["a1"]));
    let back = file::parse(std::path::Path::new("assignment.ron"), &to_ron(&a)).unwrap();
    assert_eq!(back, a);
    let e = a.release("a1", |_| false).unwrap_err();
    assert!(e.contains("only annotator left"), "{e}");
}

#[test]
fn an_overlap_larger_than_the_team_is_refused() {
    let e = Assignment::new(team(2), 3).unwrap_err();
    assert_eq!(
        e,
        "an overlap of 3 needs at least 3 annotators, there are 2 (a0, a1)"
    );
    assert!(Assignment::new(vec!["a".into(), "a".into()], 1).is_err());
    assert!(Assignment::new(team(2), 0).is_err());
}

#[test]
fn the_file_reads_back_as_written() {
    let mut a = placed(3, 2, 7);
    a.note("lead", "assigned 7 articles".into());
    let text = to_ron(&a);
    assert_eq!(text.lines().filter(|l| l.contains("art0")).count(), 7);
    let back = file::parse(std::path::Path::new("assignment.ron"), &text).unwrap();
    assert_eq!(back, a);
}

#[test]
fn a_file_edited_into_nonsense_is_named_with_its_line() {
    let path = std::path::Path::new("ws/assignment.ron");
    let good = to_ron(&placed(3, 2, 4));
    let twice = good.replace(
        "(\"art0002\", [\"a1\", \"a2\"])",
        "(\"art0002\", [\"a2\", \"a2\"])",
    );
    assert_ne!(twice, good);
    let e = file::parse(path, &twice).unwrap_err().to_string();
    assert_eq!(
        e,
        "ws/assignment.ron:8: article \"art0002\" names \"a2\" twice"
    );
    let broken = good.replace("overlap: 2,", "overlap: two,");
    let e = file::parse(path, &broken).unwrap_err().to_string();
    assert!(e.starts_with("ws/assignment.ron:3:"), "{e}");
    let zero = good.replace("overlap: 2,", "overlap: 0,");
    let e = file::parse(path, &zero).unwrap_err().to_string();
    assert_eq!(e, "ws/assignment.ron:3: the overlap must be at least 1");
}

#[test]
fn the_queue_puts_work_in_progress_first_then_the_assignments_order() {
    use crate::annotation::DocStatus::*;
    let a = placed(1, 1, 6);
    let mut statuses = Statuses::default();
    statuses.set("a0", "art0001", Done);
    statuses.set("a0", "art0002", Skipped);
    statuses.set("a0", "art0004", InProgress);
    statuses.set("a0", "art0005", Flagged);
    let queue = a.queue("a0", &statuses);
    assert_eq!(
        queue,
        [
            ("art0004", InProgress),
            ("art0000", Todo),
            ("art0003", Todo),
            ("art0005", Flagged)
        ]
    );
    let rows = a.progress(&statuses);
    assert_eq!(
        (
            rows[0].assigned,
            rows[0].done,
            rows[0].in_progress,
            rows[0].left
        ),
        (6, 1, 1, 4)
    );
    assert!(a.queue("nobody", &statuses).is_empty());
}

#[test]
fn an_article_someone_started_stays_with_them() {
    let mut a = Assignment::new(team(2), 1).unwrap();
    // a1 began art0000 before the assignment: the least loaded (a0) must not get it
    let started = |id: &str, who: &str| id == "art0000" && who == "a1";
    a.place(ids(4).iter().map(String::as_str), started);
    assert_eq!(a.articles[0].to(), ["a1"]);
    assert!(balanced(&a));
    let mut pair = Assignment::new(team(3), 2).unwrap();
    pair.place(ids(3).iter().map(String::as_str), started);
    assert!(pair.articles[0].has("a1"));
    assert!(each_has(&pair, 2));
}
