use super::*;
use crate::annotation::LabelSet;
use crate::corpus::load;
use crate::search::{Facts, Query, SearchOptions, rank, search};

const LINES: &str = concat!(
    r#"{"id": "a", "title": "АТЫРАУ облысы", "text": "Сыбайлас жемқорлықпен күрес."}"#,
    "\n",
    r#"{"id": "b", "text": "Ауа райы\nАтырауда жаңбыр."}"#,
    "\n\n",
    r#"{"text": "Алматыда қар жауды."}"#,
    "\n",
);

struct Fixture {
    dir: tempfile::TempDir,
    corpus: PathBuf,
    store: IndexStore,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news.jsonl");
    std::fs::write(&corpus, LINES).unwrap();
    let store = IndexStore::new(
        &dir.path().join("ws/index"),
        std::slice::from_ref(&corpus),
        LoadOptions::default(),
    );
    Fixture { dir, corpus, store }
}

impl Fixture {
    fn articles(&self) -> Vec<Article> {
        load(std::slice::from_ref(&self.corpus)).articles
    }

    /// Builds (or reads) the index as the commands do; the note says whether it was rebuilt.
    fn obtain(&self) -> (Index, Option<String>) {
        let stamp = self.store.stamp();
        self.store.load_or_build(&self.articles(), &stamp)
    }

    fn load(&self) -> Result<Loaded, Stale> {
        self.store.load(&self.store.stamp(), None, true)
    }
}

fn ids(index: &Index, text: &str) -> Vec<usize> {
    let query = Query::parse(text, &LabelSet::default()).unwrap();
    rank(index, &Facts::default(), &query)
        .hits
        .iter()
        .map(|h| h.index)
        .collect()
}

#[test]
fn a_saved_index_reads_back_and_answers_as_the_built_one() {
    let f = fixture();
    let (built, note) = f.obtain();
    assert_eq!(note.as_deref(), Some("search index built for this corpus"));
    let (again, note) = f.obtain();
    assert_eq!(note, None, "a fresh index is read, not rebuilt");
    for q in ["атырау", "Atyrau", "жемкорлык", "қар", "zzz"] {
        assert_eq!(ids(&built, q), ids(&again, q), "{q}");
    }
    assert_eq!(ids(&again, "атырау"), [0, 1]);
    assert_eq!(again.vocabulary(), built.vocabulary());
    assert_eq!(again.memory_bytes(), built.memory_bytes());
}

#[test]
fn the_catalog_reads_back_the_very_articles_the_loader_gives() {
    let f = fixture();
    f.obtain();
    let catalog = f.load().ok().and_then(|l| l.catalog).unwrap();
    let articles = f.articles();
    assert_eq!(catalog.len(), 3);
    for (i, article) in articles.iter().enumerate() {
        assert_eq!(catalog.id(i), article.id);
        assert_eq!(catalog.title(i), article.title);
        assert_eq!(&catalog.article(i).unwrap(), article);
    }
    // details computed from the re-read article match the full search's
    let query = Query::parse("атырау", &LabelSet::default()).unwrap();
    let facts = Facts::default();
    let full = search(
        &f.load().unwrap().index,
        &articles,
        &facts,
        &query,
        SearchOptions::default(),
    );
    let ranked = rank(&f.load().unwrap().index, &facts, &query);
    for (a, b) in full.hits.iter().zip(&ranked.hits) {
        let detail = ranked.detail(&catalog.article(b.index).unwrap());
        assert_eq!(a.detail.as_deref(), Some(&detail));
    }
}

fn assert_changed(f: &Fixture) {
    match f.load() {
        Err(Stale::Changed(what)) => assert!(what.contains("news.jsonl"), "{what}"),
        Err(other) => panic!("expected a changed source, got {other}"),
        Ok(_) => panic!("a stale index was trusted"),
    }
    let (index, note) = f.obtain();
    assert!(note.unwrap().contains("changed since it was indexed"));
    assert_eq!(index.articles(), f.articles().len());
    assert!(f.load().is_ok(), "the rebuilt index is saved");
}

#[test]
fn a_source_edited_in_place_is_detected_and_rebuilt() {
    let f = fixture();
    f.obtain();
    // same size, same mtime: only the head hash tells
    let meta = std::fs::metadata(&f.corpus).unwrap();
    let edited = LINES.replace("жаңбыр", "бұршақ");
    assert_eq!(edited.len(), LINES.len());
    std::fs::write(&f.corpus, &edited).unwrap();
    let file = std::fs::File::options()
        .write(true)
        .open(&f.corpus)
        .unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    drop(file);
    assert_changed(&f);
    assert_eq!(ids(&f.obtain().0, "бұршақ"), [1]);
}

#[test]
fn a_truncated_source_is_detected_and_rebuilt() {
    let f = fixture();
    f.obtain();
    let first_line = LINES.split_inclusive('\n').next().unwrap();
    std::fs::write(&f.corpus, first_line).unwrap();
    assert_changed(&f);
    assert_eq!(f.obtain().0.articles(), 1);
}

#[test]
fn a_replaced_source_is_detected_and_rebuilt() {
    let f = fixture();
    f.obtain();
    let other = f.dir.path().join("other.jsonl");
    std::fs::write(&other, LINES.replace("Алматыда", "Шымкентте")).unwrap();
    std::fs::rename(&other, &f.corpus).unwrap();
    assert_changed(&f);
}

#[test]
fn a_file_added_to_a_corpus_folder_makes_the_index_stale() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "Атырау\nЖиын өтті.").unwrap();
    let store = IndexStore::new(
        &dir.path().join("index"),
        std::slice::from_ref(&folder),
        LoadOptions::default(),
    );
    let articles = load(std::slice::from_ref(&folder)).articles;
    store
        .save(&Index::build(&articles), &articles, &store.stamp())
        .unwrap();
    assert!(store.load(&store.stamp(), None, true).is_ok());
    std::fs::write(folder.join("b.txt"), "Алматы").unwrap();
    let stale = store.load(&store.stamp(), None, false).err().unwrap();
    assert!(
        matches!(&stale, Stale::Changed(w) if w.ends_with("(new)")),
        "{stale}"
    );
    // a plain-text article is read again from its file, with the id the folder gave it
    std::fs::remove_file(folder.join("b.txt")).unwrap();
    let catalog = store
        .load(&store.stamp(), None, true)
        .ok()
        .unwrap()
        .catalog
        .unwrap();
    assert_eq!(catalog.article(0).unwrap(), articles[0]);
}

#[test]
fn an_index_of_other_articles_is_not_used() {
    let f = fixture();
    f.obtain();
    let mut articles = f.articles();
    articles.pop();
    let loaded = f
        .store
        .load(&f.store.stamp(), Some(fingerprint(&articles)), false);
    assert!(matches!(loaded, Err(Stale::Changed(_))));
}

#[test]
fn a_damaged_index_file_is_rebuilt_never_trusted() {
    let f = fixture();
    f.obtain();
    let good = std::fs::read(f.store.path()).unwrap();
    let mut damaged = 0;
    // every byte flipped in turn, and every length cut short: an error, never a panic
    for at in (0..good.len()).step_by(3) {
        let mut bytes = good.clone();
        bytes[at] ^= 0x5a;
        std::fs::write(f.store.path(), &bytes).unwrap();
        damaged += usize::from(f.load().is_err());
    }
    assert_eq!(
        damaged,
        good.len().div_ceil(3),
        "every damaged copy was refused"
    );
    for len in (0..good.len()).step_by(7) {
        std::fs::write(f.store.path(), &good[..len]).unwrap();
        assert!(
            matches!(f.load(), Err(Stale::Unreadable(_))),
            "cut at {len}"
        );
    }
    std::fs::write(f.store.path(), b"not an index at all").unwrap();
    let (index, note) = f.obtain();
    assert!(note.unwrap().contains("unreadable"));
    assert_eq!(ids(&index, "атырау"), [0, 1]);
    assert_eq!(
        std::fs::read(f.store.path()).unwrap(),
        good,
        "rewritten whole"
    );
}

#[test]
fn an_index_that_cannot_be_saved_still_answers_and_says_so() {
    let f = fixture();
    // the index folder's place is taken by a file
    std::fs::create_dir_all(f.dir.path().join("ws")).unwrap();
    std::fs::write(f.dir.path().join("ws/index"), "").unwrap();
    let (index, note) = f.obtain();
    assert!(note.unwrap().contains("not saved"));
    assert_eq!(ids(&index, "атырау"), [0, 1]);
}

#[test]
fn the_search_worker_reads_a_saved_index_and_says_when_it_rebuilt_one() {
    use crate::search::{SearchEvent, Searcher};
    use std::sync::{Arc, mpsc};
    let f = fixture();
    let start = || {
        let (tx, events) = mpsc::channel();
        let searcher = Searcher::start_persistent(
            Arc::new(f.articles()),
            LabelSet::default(),
            Facts::default,
            f.store.clone(),
            SearchOptions::default(),
            move |e| {
                let _ = tx.send(e);
            },
        )
        .unwrap();
        let note = loop {
            if let SearchEvent::Indexed { note, .. } = events.recv().unwrap() {
                break note;
            }
        };
        searcher.search(1, "атырау");
        let hits = loop {
            if let SearchEvent::Results(r) = events.recv().unwrap() {
                break r.hits.iter().map(|h| h.index).collect::<Vec<_>>();
            }
        };
        (note, hits)
    };
    let (note, hits) = start();
    assert_eq!(note.as_deref(), Some("search index built for this corpus"));
    assert_eq!(hits, [0, 1]);
    assert_eq!(start(), (None, vec![0, 1]), "the second start reads it");
    std::fs::write(f.store.path(), b"garbage").unwrap();
    let (note, hits) = start();
    assert!(note.unwrap().contains("unreadable"));
    assert_eq!(hits, [0, 1]);
}

#[test]
fn an_index_built_as_read_is_the_one_built_from_the_loaded_corpus() {
    let f = fixture();
    let stamp = f.store.stamp();
    let (_, saved) = f.store.build_and_save(&f.articles(), &stamp);
    saved.unwrap();
    let whole = std::fs::read(f.store.path()).unwrap();
    std::fs::remove_file(f.store.path()).unwrap();
    let built = f.store.build_as_read(&stamp);
    built.saved.unwrap();
    assert_eq!(built.problems, 0);
    assert_eq!(
        std::fs::read(f.store.path()).unwrap(),
        whole,
        "byte for byte"
    );
    // its catalog reads the articles back, as the saved one does
    let articles = f.articles();
    assert_eq!(built.catalog.len(), articles.len());
    for (i, article) in articles.iter().enumerate() {
        assert_eq!(&built.catalog.article(i).unwrap(), article);
    }
    assert_eq!(ids(&built.index, "атырау"), [0, 1]);
    // a second article with one id is left out and counted, as the loader does
    let duplicate = r#"{"id": "a", "text": "Атырау тағы."}"#;
    std::fs::write(&f.corpus, format!("{LINES}{duplicate}\n")).unwrap();
    let built = f.store.build_as_read(&f.store.stamp());
    assert_eq!(built.problems, 1);
    assert_eq!(built.index.articles(), f.articles().len());
    assert_eq!(ids(&built.index, "атырау"), [0, 1]);
}

#[test]
fn an_index_built_as_read_that_cannot_be_saved_still_answers() {
    let f = fixture();
    // the index folder's place is taken by a file: the temp file cannot be made
    std::fs::create_dir_all(f.dir.path().join("ws")).unwrap();
    std::fs::write(f.dir.path().join("ws/index"), "").unwrap();
    let built = f.store.build_as_read(&f.store.stamp());
    assert!(built.saved.is_err());
    assert_eq!(ids(&built.index, "атырау"), [0, 1]);
}

#[test]
fn a_search_built_as_read_is_answered_while_the_file_is_written_and_the_file_is_whole() {
    let f = fixture();
    let stamp = f.store.stamp();
    let whole = f.store.build_as_read(&stamp);
    whole.saved.unwrap();
    let file = std::fs::read(f.store.path()).unwrap();
    std::fs::remove_file(f.store.path()).unwrap();
    // the answer is worked out from the index and catalog given, and handed back
    let (built, answer) = f.store.build_as_read_then(&stamp, |index, catalog| {
        let hits = ids(index, "атырау");
        let titles: Vec<String> = hits
            .iter()
            .map(|&i| catalog.article(i).unwrap().id)
            .collect();
        (hits, titles)
    });
    assert_eq!(answer, (vec![0, 1], vec!["a".to_string(), "b".to_string()]));
    built.saved.unwrap();
    assert_eq!(
        std::fs::read(f.store.path()).unwrap(),
        file,
        "byte for byte"
    );
    assert_eq!(ids(&built.index, "атырау"), [0, 1]);
    // and where the file cannot be written the answer still comes, and the failure is said
    std::fs::remove_dir_all(f.dir.path().join("ws")).unwrap();
    std::fs::create_dir_all(f.dir.path().join("ws")).unwrap();
    std::fs::write(f.dir.path().join("ws/index"), "").unwrap();
    let (built, answer) = f
        .store
        .build_as_read_then(&stamp, |index, _| ids(index, "атырау"));
    assert!(built.saved.is_err());
    assert_eq!(answer, [0, 1]);
}
