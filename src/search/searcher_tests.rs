use super::*;
use crate::annotation::DocStatus;
use crate::corpus::SourceRef;
use std::sync::Mutex;

fn corpus() -> Arc<Vec<Article>> {
    let article = |id: &str, title: &str, text: &str| Article {
        id: id.into(),
        title: title.into(),
        text: text.into(),
        source: SourceRef::new("t.txt", 1),
        meta: Default::default(),
        tokens: None,
        imported: Vec::new(),
        relations: Vec::new(),
        doc_labels: Vec::new(),
        links: Vec::new(),
    };
    Arc::new(vec![
        article("a", "АТЫРАУ облысы", "Сыбайлас жемқорлықпен күрес."),
        article("b", "Ауа райы", "Атырауда жаңбыр."),
    ])
}

/// A searcher whose events arrive on a channel, started once the full index is ready.
fn started(
    gate: Option<mpsc::Receiver<()>>,
) -> (Searcher, mpsc::Receiver<SearchEvent>, Arc<Vec<Article>>) {
    let articles = corpus();
    let (events_tx, events) = mpsc::channel();
    let gate = Mutex::new(gate);
    let searcher = Searcher::start(
        articles.clone(),
        LabelSet::default(),
        Facts::from_articles(&articles),
        SearchOptions::default(),
        move |event| {
            let first_result = matches!(event, SearchEvent::Results(_));
            let _ = events_tx.send(event);
            // Holds the worker on its first result until the test opens the gate.
            if first_result && let Some(gate) = gate.lock().unwrap().take() {
                let _ = gate.recv();
            }
        },
    )
    .unwrap();
    match events.recv().unwrap() {
        SearchEvent::Indexed { articles, .. } => assert_eq!(articles, 2),
        other => panic!("expected Indexed first, got {other:?}"),
    }
    (searcher, events, articles)
}

fn next_results(events: &mpsc::Receiver<SearchEvent>) -> SearchResults {
    match events.recv().unwrap() {
        SearchEvent::Results(r) => r,
        other => panic!("expected results, got {other:?}"),
    }
}

#[test]
fn queries_typed_while_the_worker_is_busy_collapse_into_the_last() {
    let (open, gate) = mpsc::channel();
    let (searcher, events, _) = started(Some(gate));
    searcher.search(1, "а");
    assert_eq!(next_results(&events).generation, 1);
    // The worker is held inside its first delivery: everything typed now queues up.
    for generation in 2..=50 {
        searcher.search(generation, &"атырау"[..generation as usize % 6 * 2]);
    }
    searcher.search(51, "жемкорлык");
    open.send(()).unwrap();
    let last = next_results(&events);
    assert_eq!(last.generation, 51);
    assert_eq!(last.hits.len(), 1);
    assert!(!last.partial);
    // Nothing in between was delivered: the next event is the next query's.
    searcher.search(52, "атырау");
    assert_eq!(next_results(&events).generation, 52);
}

#[test]
fn a_query_answered_from_titles_only_is_answered_again_once_indexed() {
    let articles = corpus();
    let (events_tx, events) = mpsc::channel();
    let searcher = Searcher::start(
        articles.clone(),
        LabelSet::default(),
        Facts::from_articles(&articles),
        SearchOptions::default(),
        move |event| {
            let _ = events_tx.send(event);
        },
    )
    .unwrap();
    // Typed at once: answered from titles or from the full index, whichever is there.
    searcher.search(1, "атырау");
    let mut indexed = false;
    loop {
        match events.recv().unwrap() {
            SearchEvent::Indexed { .. } => indexed = true,
            SearchEvent::Results(r) if r.partial => {
                assert!(!indexed, "a partial answer after the index was ready");
                assert_eq!(r.hits.len(), 1); // the title match only
            }
            SearchEvent::Results(r) => {
                assert!(indexed);
                assert_eq!(r.generation, 1);
                assert_eq!(r.hits.len(), 2); // the body match too
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn an_older_generation_sent_late_is_never_delivered() {
    let (searcher, events, _) = started(None);
    searcher.search(5, "атырау");
    searcher.search(3, "жаңбыр");
    let results = next_results(&events);
    assert_eq!(results.generation, 5);
    assert_eq!(results.hits.len(), 2);
    searcher.search(6, "жаңбыр");
    assert_eq!(next_results(&events).generation, 6);
    assert_eq!(searcher.latest(), 6);
}

#[test]
fn a_bad_query_reports_its_error() {
    let (searcher, events, _) = started(None);
    searcher.search(1, "status:later");
    match events.recv().unwrap() {
        SearchEvent::Invalid { generation, error } => {
            assert_eq!(generation, 1);
            assert_eq!(error, QueryError::BadStatus("later".into()));
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn an_unknown_annotator_is_reported_with_the_known_ones() {
    let (searcher, events, articles) = started(None);
    for who in ["bob", "aigerim"] {
        searcher.update_doc(DocAnnotations::new(&articles[0].id, who, &articles[0].text));
    }
    searcher.search(1, "by:nobody");
    match events.recv().unwrap() {
        SearchEvent::Invalid { error, .. } => assert_eq!(
            error.to_string(),
            "no annotator `nobody` (annotators: aigerim, bob)"
        ),
        other => panic!("expected an error, got {other:?}"),
    }
    searcher.search(2, "by:Bob");
    assert_eq!(next_results(&events).hits.len(), 1);
}

#[test]
fn edited_documents_reach_the_filters() {
    let (searcher, events, articles) = started(None);
    searcher.search(1, "status:done");
    assert!(next_results(&events).hits.is_empty());
    let mut doc = DocAnnotations::new("b", "aigerim", &articles[1].text);
    doc.status = DocStatus::Done;
    searcher.update_doc(doc);
    searcher.search(2, "status:done");
    let results = next_results(&events);
    assert_eq!(
        results.hits.iter().map(|h| h.index).collect::<Vec<_>>(),
        [1]
    );
}

#[test]
fn facts_load_in_the_background_and_keep_edits_made_meanwhile() {
    let articles = corpus();
    let (events_tx, events) = mpsc::channel();
    let (loaded_tx, loaded) = mpsc::channel::<()>();
    let from_disk = articles.clone();
    let searcher = Searcher::start_loading(
        articles.clone(),
        LabelSet::default(),
        move || {
            // held until the test has edited a document
            let _ = loaded.recv();
            let mut done = DocAnnotations::new("a", "aigerim", &from_disk[0].text);
            done.status = DocStatus::Done;
            let mut stale = DocAnnotations::new("b", "me", &from_disk[1].text);
            stale.status = DocStatus::Skipped;
            let docs = [done, stale]
                .into_iter()
                .map(|d| {
                    let key = crate::store::DocKey {
                        annotator: d.annotator.clone(),
                        article: d.article.clone(),
                    };
                    (key, d)
                })
                .collect();
            Facts::new(&from_disk, &docs)
        },
        SearchOptions::default(),
        move |event| {
            let _ = events_tx.send(event);
        },
    )
    .unwrap();
    // edited in this session before the files were read: the edit wins over the file
    let mut mine = DocAnnotations::new("b", "me", &articles[1].text);
    mine.status = DocStatus::Flagged;
    searcher.update_doc(mine);
    loaded_tx.send(()).unwrap();
    assert!(matches!(
        events.recv().unwrap(),
        SearchEvent::Indexed { .. }
    ));
    let hits = |generation, query: &str| {
        searcher.search(generation, query);
        let hits: Vec<usize> = next_results(&events).hits.iter().map(|h| h.index).collect();
        hits
    };
    assert_eq!(hits(1, "by:aigerim status:done"), [0]);
    assert_eq!(hits(2, "by:me status:flagged"), [1]);
    assert!(hits(3, "by:me status:skipped").is_empty());
}

#[test]
fn a_local_search_answers_what_the_worker_would() {
    let (searcher, events, articles) = started(None);
    let local = LocalSearch::new(
        articles.clone(),
        LabelSet::default(),
        Facts::from_articles(&articles),
        SearchOptions::default(),
    );
    for (generation, query) in [(1, "атырау"), (2, "жемкорлык"), (3, "status:later")]
    {
        searcher.search(generation, query);
        let threaded = format!("{:?}", events.recv().unwrap());
        assert_eq!(threaded, format!("{:?}", local.answer(generation, query)));
    }
}

#[test]
fn by_while_the_documents_load_waits_for_them_then_is_answered() {
    let articles = corpus();
    let (events_tx, events) = mpsc::channel();
    let (open, gate) = mpsc::channel::<()>();
    let loaded = articles.clone();
    let searcher = Searcher::start_loading(
        articles.clone(),
        LabelSet::default(),
        move || {
            let _ = gate.recv();
            let mut facts = Facts::from_articles(&loaded);
            facts.set_doc(&DocAnnotations::new("a", "bob", &loaded[0].text));
            facts
        },
        SearchOptions::default(),
        move |event| {
            let _ = events_tx.send(event);
        },
    )
    .unwrap();
    searcher.search(1, "by:nobody");
    match events.recv().unwrap() {
        SearchEvent::Invalid { generation, error } => {
            assert_eq!(generation, 1);
            assert_eq!(
                error.to_string(),
                "by: waits for the annotators' documents, still loading"
            );
        }
        other => panic!("expected still loading, got {other:?}"),
    }
    open.send(()).unwrap();
    assert!(matches!(
        events.recv().unwrap(),
        SearchEvent::Indexed { .. }
    ));
    // the same query, judged now
    match events.recv().unwrap() {
        SearchEvent::Invalid { generation, error } => {
            assert_eq!(generation, 1);
            assert_eq!(error.to_string(), "no annotator `nobody` (annotators: bob)");
        }
        other => panic!("expected the query judged, got {other:?}"),
    }
}

#[test]
fn an_annotator_without_a_document_is_known_to_by() {
    let articles = corpus();
    let facts = Facts::from_articles(&articles).with_annotators(vec!["dana".into()]);
    let labels = LabelSet::default();
    let by = |text: &str| Query::parse(text, &labels).unwrap();
    assert!(facts.check_annotators(&by("by:dana")).is_ok());
    assert_eq!(
        facts
            .check_annotators(&by("by:nobody"))
            .unwrap_err()
            .to_string(),
        "no annotator `nobody` (annotators: dana)"
    );
}
