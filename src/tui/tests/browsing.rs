//! Browsing and reading write nothing: the list's preview shows an article without
//! creating or changing its file; suggestions are made when it is opened (Enter, Tab,
//! J/K in the text) and held in memory until the article's first edit saves them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::annotation::{DocAnnotations, Op, Origin, Span};
use crate::desk::WorkspaceStore;
use crate::store::{Saver, Workspace};
use crate::suggest::{GAZETTEER_FILE, Gazetteer, GazetteerBuilder};

#[test]
fn moving_through_the_list_suggests_nothing_and_opening_saves_nothing_until_an_edit() {
    let texts = ["Атырау облысы.", "Атыраудағы жиын.", "Ақтөбе мен Атырау."];
    let articles = texts
        .iter()
        .enumerate()
        .map(|(i, t)| article(&format!("a{i}"), t))
        .collect();
    let (mut app, store) = app_with(articles);
    app.desk.set_suggestions(true);
    let mut g = GazetteerBuilder::default();
    g.add("Атырау", "LOCATION");
    app.attach_gazetteer(g.build(), &[]);
    keys(&mut app, "j j k k j j g G k");
    assert!(
        store.saves.borrow().is_empty(),
        "{:?}",
        store.saves.borrow()
    );
    assert!((0..3).all(|i| app.desk.slot(i).is_none_or(|s| s.doc.spans.is_empty())));
    // a search being typed shows its best hit in the text, and that is browsing too
    keys(&mut app, "/");
    type_text(&mut app, "жиын");
    keys(&mut app, "esc");
    assert!(
        store.saves.borrow().is_empty(),
        "{:?}",
        store.saves.borrow()
    );
    // Enter opens the article: now its suggestions are made, shown, and not saved
    keys(&mut app, "g enter");
    assert_eq!(app.focus, Focus::Text);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 1);
    assert!(
        show(&app).contains("[Атырау]LOCATION? облысы"),
        "{}",
        show(&app)
    );
    // J in the text opens the next one: the same
    keys(&mut app, "J");
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 1);
    assert!(store.saves.borrow().is_empty());
    // the first edit saves the article, its suggestion with it
    keys(&mut app, "a");
    let saves = store.saves.borrow();
    assert_eq!(saves.len(), 1);
    assert_eq!(saves[0].article, "a1");
    assert_eq!(accepted(&saves[0]), 1);
}

/// sample-data's articles in a workspace where the annotator has worked on two (one tag
/// accepted, one suggestion pending), with a `gazetteer.tsv` that names a word of every
/// article: j down the whole list and k back up leave every file as it was, byte for
/// byte, and create none; so does opening one and reading it. The first accept writes.
#[test]
fn browsing_every_article_of_a_workspace_leaves_its_files_byte_for_byte() {
    let (_dir, ws, articles) = worked_workspace();
    let n = articles.len();
    let annotations = ws.root.join("annotations");
    let before = files(&annotations);
    assert_eq!(before.len(), 2);

    let mut app = workspace_app(&ws, articles);
    keys(&mut app, &["j"; 16].join(" "));
    keys(&mut app, &["k"; 16].join(" "));
    keys(&mut app, "G g");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(files(&annotations), before);

    // opening an article makes its suggestions, and still writes nothing
    assert!(n / 2 != 1);
    keys(&mut app, "j enter");
    assert!(app.current_slot().unwrap().doc.pending().count() > 0);
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(files(&annotations), before);

    // the check sees a write: the first accept saves the article
    keys(&mut app, "n a");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_ne!(files(&annotations), before);
}

/// Opened, read (words, spans, suggestions, the next article and back), then left as
/// `q` leaves and as a dropped link leaves: no document is written or created; only the
/// resume note (session state, ignored by git) is.
#[test]
fn opening_reading_and_quitting_write_nothing() {
    let (_dir, ws, articles) = worked_workspace();
    let annotations = ws.root.join("annotations");
    let before = files(&annotations);
    let mut app = workspace_app(&ws, articles);
    keys(&mut app, "enter w w e b n n N J K tab j j enter n");
    assert!(app.current_slot().unwrap().doc.pending().count() > 0);
    // a dropped link: a note being typed would be kept (there is none), saves flushed
    app.keep_typed_note();
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(files(&annotations), before);
    keys(&mut app, "q");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(files(&annotations), before);
    // the resume note the session leaves is all that is new
    ws.save_resume("tester", &app.resume_point().unwrap())
        .unwrap();
    let mut after = files(&annotations);
    let resume = ws.annotator_dir("tester").join(crate::store::RESUME_FILE);
    assert!(after.remove(&resume).is_some());
    assert_eq!(after, before);
}

/// One article, three places the gazetteer names: opening shows three suggestions and
/// saves nothing; accepting one saves the document as shown, the other two pending and
/// signed `tanba`, the accept the annotator's.
#[test]
fn accepting_one_suggestion_saves_the_others_pending_with_it() {
    let text = "Атырау облысы. Атыраудағы жиын. Ақтөбе мен Атырау.";
    let (mut app, store) = app_with(vec![article("a", text), article("b", "Ақтөбе.")]);
    app.desk.set_suggestions(true);
    let mut g = GazetteerBuilder::default();
    g.add("Атырау", "LOCATION");
    app.attach_gazetteer(g.build(), &[]);
    keys(&mut app, "enter");
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 3);
    assert!(store.saves.borrow().is_empty());
    keys(&mut app, "a");
    let saves = store.saves.borrow();
    assert_eq!(saves.len(), 1);
    let doc = &saves[0];
    assert_eq!(doc.status, crate::annotation::DocStatus::InProgress);
    let states: Vec<(usize, SpanState, &str)> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.state, s.who.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            (0, SpanState::Accepted, "tester"),
            (15, SpanState::Pending, "tanba"),
            (43, SpanState::Pending, "tanba"),
        ]
    );
    assert!(doc.spans.iter().all(|s| s.origin == Origin::Suggested));
    // the log says who made them and who accepted
    let who: Vec<&str> = doc.log.iter().map(|l| l.who.as_str()).collect();
    assert_eq!(who.iter().filter(|w| **w == "tanba").count(), 3, "{who:?}");
    assert!(who.contains(&"tester"));
}

/// An unedited article opened again, in the session or in the next one, shows the same
/// suggestions: they are made again from the gazetteer, never read from a file.
#[test]
fn reopening_an_unedited_article_shows_the_same_suggestions() {
    let (_dir, ws, articles) = worked_workspace();
    let annotations = ws.root.join("annotations");
    let before = files(&annotations);
    let pending = |app: &App| -> Vec<(usize, usize, String, Origin, Option<String>)> {
        app.current_slot()
            .unwrap()
            .doc
            .pending()
            .map(|s| {
                (
                    s.start,
                    s.end,
                    s.label.clone(),
                    s.origin.clone(),
                    s.note.clone(),
                )
            })
            .collect()
    };
    let mut app = workspace_app(&ws, articles.clone());
    keys(&mut app, "j enter");
    let first = pending(&app);
    assert!(!first.is_empty());
    keys(&mut app, "J K");
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
    assert_eq!(pending(&app), first);
    keys(&mut app, "q");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    drop(app);
    assert_eq!(files(&annotations), before);

    let mut again = workspace_app(&ws, articles);
    keys(&mut again, "j enter");
    assert_eq!(pending(&again), first);
}

/// A file holding one accepted tag, the gazetteer (made from it) naming the same place
/// again in the article: opened, its suggestion shown, read and quit, the file is the
/// same bytes; the accept of that suggestion is what changes it.
#[test]
fn a_file_with_one_accepted_tag_stays_byte_identical_after_open_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(&dir.path().join("ws"), &[]).unwrap();
    let a = article("a", "Атырау облысы. Жиын Атырауда өтті.");
    let mut doc = DocAnnotations::new(&a.id, "tester", &a.text);
    let span = Span::cut(&a.text, 0, 6, "LOCATION", Origin::Manual, "tester").unwrap();
    assert!(doc.apply(&Op::Add(span), "tester"));
    ws.save_doc("tester", &doc).unwrap();
    let path = ws.doc_path("tester", "a");
    let bytes = std::fs::read(&path).unwrap();

    let mut app = workspace_app(&ws, vec![a, article("b", "Ақтөбе.")]);
    keys(&mut app, "enter w w w");
    let slot = app.current_slot().unwrap();
    assert_eq!(accepted(&slot.doc), 1);
    assert_eq!(slot.doc.pending().count(), 1, "{}", show(&app));
    keys(&mut app, "J K q");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);

    keys(&mut app, "n a");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    let loaded = ws.load_doc("tester", app.desk.article(0)).unwrap().doc;
    assert_eq!(accepted(&loaded), 2);
}

/// The team's figures in the annotator count an article opened and read for nobody:
/// its suggestions are the file's (none here) until an edit saves them.
#[test]
fn the_dashboard_does_not_count_an_article_only_opened() {
    struct Nowhere;
    impl crate::tui::team::TeamSource for Nowhere {
        fn request(&self) {}
    }
    let text = "Атырау облысы. Атыраудағы жиын.";
    let (mut app, _store) = app_with(vec![article("a", text), article("b", "Ақтөбе.")]);
    app.desk.set_suggestions(true);
    let mut g = GazetteerBuilder::default();
    g.add("Атырау", "LOCATION");
    app.attach_gazetteer(g.build(), &[]);
    app.desk.attach_team(Box::new(Nowhere));
    app.team_loaded(Ok(Default::default()));
    keys(&mut app, "enter");
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 2);
    app.desk.refresh_figures();
    let figures = app.desk.team.figures.as_ref().unwrap();
    assert!(figures.attention.is_empty(), "{:?}", figures.attention);
    assert!(figures.progress.values().all(|p| p.in_progress == 0));
    keys(&mut app, "a");
    app.desk.refresh_figures();
    let figures = app.desk.team.figures.as_ref().unwrap();
    assert_eq!(
        figures.attention.len(),
        1,
        "the other suggestion is pending now"
    );
}

fn accepted(doc: &DocAnnotations) -> usize {
    doc.spans
        .iter()
        .filter(|s| s.state == SpanState::Accepted)
        .count()
}

/// sample-data's articles in a workspace where the annotator has worked on two (one tag
/// accepted in the first, one suggestion pending in the middle one), with a
/// `gazetteer.tsv` naming the first long word of every article.
fn worked_workspace() -> (tempfile::TempDir, Workspace, Vec<Article>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(&dir.path().join("ws"), &[]).unwrap();
    let articles = sample_articles();
    let n = articles.len();
    assert!(n >= 10, "sample-data holds {n} text articles");
    let names: Vec<(usize, &str)> = articles.iter().filter_map(|a| long_word(&a.text)).collect();
    assert_eq!(names.len(), n);
    let tsv: String = names
        .iter()
        .map(|w| format!("{}\tLOCATION\n", w.1))
        .collect();
    std::fs::write(ws.root.join(GAZETTEER_FILE), tsv).unwrap();
    let worked = [(0, Origin::Manual), (n / 2, Origin::Suggested)];
    for (i, origin) in worked {
        let a = &articles[i];
        let mut doc = DocAnnotations::new(&a.id, "tester", &a.text);
        let (start, len) = (names[i].0, names[i].1.chars().count());
        let span = Span::cut(&a.text, start, start + len, "PERSON", origin, "tester").unwrap();
        assert!(doc.apply(&Op::Add(span), "tester"));
        ws.save_doc("tester", &doc).unwrap();
    }
    (dir, ws, articles)
}

/// An annotator over `ws` as `tanba` opens it: every document read in the background,
/// suggestions on, the gazetteer read from the workspace.
fn workspace_app(ws: &Workspace, articles: Vec<Article>) -> App {
    let corpus = Arc::new(Corpus {
        articles,
        problems: Vec::new(),
    });
    let store = WorkspaceStore {
        workspace: ws.clone(),
        annotator: "tester".into(),
        saver: Saver::new(|_| {}),
    };
    let mut app = App::new(
        Arc::clone(&corpus),
        LabelSet::default(),
        "tester",
        Keymap::default_keymap(),
        Box::new(store),
    );
    for (i, a) in corpus.articles.iter().enumerate() {
        app.desk.preloaded(
            i,
            ws.load_doc("tester", a)
                .map(|l| l.doc)
                .map_err(|e| e.to_string()),
        );
    }
    app.desk.set_suggestions(true);
    let (gazetteer, problems) = Gazetteer::load(&ws.root, &ws.annotator_dir("tester"));
    assert!(problems.is_empty(), "{problems:?}");
    app.attach_gazetteer(gazetteer, &[]);
    app
}

/// Every `.txt` article of sample-data, in name order.
fn sample_articles() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy();
            article(&id, &std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// The text's first word of at least 4 letters, and where it starts (in code points).
fn long_word(text: &str) -> Option<(usize, &str)> {
    let mut at = 0;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.chars().count() >= 4 {
            return Some((at, word));
        }
        at += word.chars().count() + 1;
    }
    None
}

/// Every file under `dir` (lock and resume state included) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

#[test]
fn the_article_left_is_told_to_the_store_so_its_journal_is_folded_in() {
    let articles = vec![article("a0", "Атырау."), article("a1", "Ақтөбе.")];
    let (mut app, store) = app_with(articles);
    app.open_article(0);
    app.open_article(0);
    assert!(store.left.borrow().is_empty(), "still shown");
    app.open_article(1);
    assert_eq!(*store.left.borrow(), ["a0"]);
}
