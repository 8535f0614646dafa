//! `tanba merge --update`: what the annotators changed after the last merge reaches the
//! curator's files, and every span the curator decided by hand stays as it is.

use crate::common::{Home, corpus, ok, run, s};
use std::path::Path;
use tanba::annotation::{DocAnnotations, Op, Origin, Span, SpanState};
use tanba::corpus::{Article, SourceRef};
use tanba::store::Workspace;

const KK: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";
const X: (usize, usize, &str) = (0, 6, "LOCATION");
const Y: (usize, usize, &str) = (20, 28, "PERSON");
const Z: (usize, usize, &str) = (29, 42, "PERSON");

fn article() -> Article {
    Article::from_text("kk", KK, SourceRef::new("kk.txt", 1))
}

fn load(ws: &Path, who: &str) -> DocAnnotations {
    Workspace::open(ws)
        .unwrap()
        .load_doc(who, &article())
        .unwrap()
        .doc
}

/// `who`'s spans become exactly `spans`, through the store.
fn tag(ws: &Path, who: &str, spans: &[(usize, usize, &str)]) {
    let mut doc = load(ws, who);
    for old in doc.spans.clone() {
        doc.apply(&Op::Remove(old), who);
    }
    for &(start, end, label) in spans {
        let span = Span::cut(KK, start, end, label, Origin::Manual, who).unwrap();
        doc.apply(&Op::Add(span), who);
    }
    Workspace::open(ws).unwrap().save_doc(who, &doc).unwrap();
}

fn state_of(doc: &DocAnnotations, (start, end, label): (usize, usize, &str)) -> Option<SpanState> {
    let span = doc
        .spans
        .iter()
        .find(|s| (s.start, s.end, s.label.as_str()) == (start, end, label));
    span.map(|s| s.state)
}

#[test]
fn an_update_follows_the_annotators_and_keeps_what_the_curator_decided() {
    let home = Home::new();
    let (corpus, ws) = corpus(&home, &[("kk.txt", KK)]);
    Workspace::open_or_create(&ws, std::slice::from_ref(&corpus)).unwrap();
    tag(&ws, "aigerim", &[X, Y, Z]);
    tag(&ws, "dana", &[X, Y]);
    let merge = |update: bool| {
        let mut args = vec!["merge", s(&corpus), "--workspace", s(&ws)];
        args.extend(["--annotators", "aigerim,dana", "--into", "curator"]);
        if update {
            args.push("--update");
        }
        ok(&run(home.path(), &args))
    };
    merge(false);
    let first = load(&ws, "curator");
    assert_eq!(state_of(&first, Z), Some(SpanState::Pending));
    // the curator rejects Y by hand
    let y = first.spans.iter().find(|s| s.start == Y.0).unwrap().clone();
    let mut rejected = y.clone();
    rejected.state = SpanState::Rejected;
    rejected.who = "curator".into();
    let mut doc = first.clone();
    doc.apply(
        &Op::Replace {
            old: y,
            new: rejected,
        },
        "curator",
    );
    Workspace::open(&ws)
        .unwrap()
        .save_doc("curator", &doc)
        .unwrap();

    // dana now has Z too and no longer X; aigerim dropped Y
    tag(&ws, "dana", &[Y, Z]);
    tag(&ws, "aigerim", &[X, Z]);
    let out = merge(false);
    assert!(
        out.contains("left alone (curator already has a file): kk"),
        "{out}"
    );
    assert_eq!(
        load(&ws, "curator").spans,
        doc.spans,
        "without --update nothing moves"
    );

    let out = merge(true);
    assert!(
        out.contains("updated 1 of curator's articles: 2 changes; 1 span curator decided"),
        "{out}"
    );
    let after = load(&ws, "curator");
    assert_eq!(
        state_of(&after, Z),
        Some(SpanState::Accepted),
        "now both have it"
    );
    assert_eq!(
        state_of(&after, X),
        Some(SpanState::Pending),
        "lost its agreement"
    );
    assert_eq!(
        state_of(&after, Y),
        Some(SpanState::Rejected),
        "the curator's decision"
    );
    let log: Vec<&str> = after.log.iter().map(|e| e.what.as_str()).collect();
    assert!(
        log.iter().any(|w| w.contains("PERSON 29..42")
            && w.contains("pending -> accepted (2 of 2: aigerim, dana)")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|w| w.contains("LOCATION 0..6")
                && w.contains("accepted -> pending (1 of 2: aigerim)")),
        "{log:?}"
    );
    // a second update finds nothing more to do
    let out = merge(true);
    assert!(
        out.contains("updated 0 of curator's articles: 0 changes"),
        "{out}"
    );
}
