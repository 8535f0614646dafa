//! Browsing writes nothing: the list's preview shows an article without creating or
//! changing its file; suggestions are made when it is opened (Enter, Tab, J/K in the text).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::annotation::{DocAnnotations, Op, Origin, Span};
use crate::desk::WorkspaceStore;
use crate::store::{Saver, Workspace};
use crate::suggest::{GAZETTEER_FILE, Gazetteer, GazetteerBuilder};

#[test]
fn moving_through_the_list_suggests_and_saves_nothing_until_an_article_is_opened() {
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
    // Enter opens the article: now its suggestions are made, and saved
    keys(&mut app, "g enter");
    assert_eq!(app.focus, Focus::Text);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 1);
    assert_eq!(store.saves.borrow().len(), 1);
    // J in the text opens the next one
    keys(&mut app, "J");
    assert_eq!(app.reader.as_ref().unwrap().article, 1);
    assert_eq!(app.current_slot().unwrap().doc.pending().count(), 1);
    assert_eq!(store.saves.borrow().len(), 2);
}

/// sample-data's articles in a workspace where the annotator has worked on two (one tag
/// accepted, one suggestion pending), with a `gazetteer.tsv` that names a word of every
/// article: j down the whole list and k back up leave every file as it was, byte for
/// byte, and create none.
#[test]
fn browsing_every_article_of_a_workspace_leaves_its_files_byte_for_byte() {
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
    let annotations = ws.root.join("annotations");
    let before = files(&annotations);
    assert_eq!(before.len(), 2);

    let mut app = workspace_app(&ws, articles);
    keys(&mut app, &["j"; 16].join(" "));
    keys(&mut app, &["k"; 16].join(" "));
    keys(&mut app, "G g");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_eq!(files(&annotations), before);

    // the check sees a write: opening an article makes (and saves) its suggestions
    assert!(n / 2 != 1);
    keys(&mut app, "j enter");
    assert!(app.desk.store.flush(Duration::from_secs(5)));
    assert_ne!(files(&annotations), before);
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
