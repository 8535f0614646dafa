//! Shared workspace files that `sync` merges itself when both sides changed them, so a
//! pull never leaves conflict markers in them: each is merged by meaning, or the clash is
//! reported with what each side has and the file keeps this machine's version.

use std::fmt::Debug;
use std::path::Path;

pub use super::merged::Merged;
use crate::annotation::{Label, SpanScheme};
use crate::store::{
    ANNOTATIONS_DIR, SETTINGS_FILE, Settings, label_to_ron, parse_settings, settings_to_ron,
};

/// A three-way merge: (common ancestor if any, this machine's text, the remote's text, the
/// project's span scheme) to the merged text, or one line per clash.
pub type Merge = fn(Option<&str>, &str, &str, SpanScheme) -> Result<Merged, Vec<String>>;

/// The files merged by meaning; a new shared file is one more line here.
const MERGERS: [(&str, Merge); 2] = [
    (SETTINGS_FILE, |b, h, r, _| {
        merge_settings(b, h, r).map(Merged::quiet)
    }),
    (crate::search::kb::KB_FILE, |b, h, r, _| {
        super::kb_merge::merge_kb(b, h, r).map(Merged::quiet)
    }),
];

/// The merge for the file at `path` (relative to the workspace), if it has one: the
/// shared files above, and every annotator's annotation files.
pub fn merger(path: &str) -> Option<Merge> {
    let named = MERGERS.iter().find(|(p, _)| *p == path).map(|(_, m)| *m);
    named.or_else(|| is_annotation_file(path).then_some(super::doc_merge::merge_doc as Merge))
}

/// `annotations/<annotator>/<id>.ron`, not a session file.
pub(super) fn is_annotation_file(path: &str) -> bool {
    path.strip_prefix(ANNOTATIONS_DIR)
        .and_then(|p| p.strip_prefix('/'))
        .and_then(|p| p.split_once('/'))
        .is_some_and(|(who, name)| {
            !who.is_empty()
                && !name.contains('/')
                && name.ends_with(".ron")
                && !name.starts_with('.')
        })
}

/// Settings merged field by field and labels by name: a side's change wins over the
/// ancestor, labels added on either side are kept (the remote's after ours), labels removed
/// on one side and untouched on the other go; a field both sides changed differently clashes.
pub fn merge_settings(base: Option<&str>, here: &str, remote: &str) -> Result<String, Vec<String>> {
    let parse = |side: &str, text: &str| {
        parse_settings(Path::new(SETTINGS_FILE), text).map_err(|e| vec![format!("{side}: {e}")])
    };
    let base = match base {
        Some(text) => Some(parse("the common version", text)?),
        None => None,
    };
    let (mine, theirs) = (parse("here", here)?, parse("on the remote", remote)?);
    let mut clashes = Vec::new();
    let b = base.as_ref();
    let ours_theirs = (&mine, &theirs);
    let merged = Settings {
        name: field("name", b, ours_theirs, |s| &s.name, &mut clashes),
        sources: field("sources", b, ours_theirs, |s| &s.sources, &mut clashes),
        labels: crate::annotation::LabelSet {
            labels: merge_labels(
                b.map(|s| &s.labels.labels[..]),
                &mine,
                &theirs,
                &mut clashes,
            ),
        },
        from: field("from", b, ours_theirs, |s| &s.from, &mut clashes),
        sentences_per_article: field(
            "sentences_per_article",
            b,
            ours_theirs,
            |s| &s.sentences_per_article,
            &mut clashes,
        ),
        spans: field("spans", b, ours_theirs, |s| &s.spans, &mut clashes),
        stale_after_days: field(
            "stale_after_days",
            b,
            ours_theirs,
            |s| &s.stale_after_days,
            &mut clashes,
        ),
        doc_labels: field(
            "doc_labels",
            b,
            ours_theirs,
            |s| &s.doc_labels,
            &mut clashes,
        ),
        relations: field("relations", b, ours_theirs, |s| &s.relations, &mut clashes),
    };
    settled(merged, (&mine, here), (&theirs, remote), clashes)
}

/// The merged settings' text, or the clashes (the merged labels checked too). A side's own
/// text keeps its comments and layout.
fn settled(
    merged: Settings,
    (mine, here): (&Settings, &str),
    (theirs, remote): (&Settings, &str),
    mut clashes: Vec<String>,
) -> Result<String, Vec<String>> {
    if clashes.is_empty()
        && let Err((_, e)) = merged.labels.check()
    {
        clashes.push(format!("the labels of both sides together: {e}"));
    }
    if !clashes.is_empty() {
        return Err(clashes);
    }
    Ok(if merged == *mine {
        here.to_string()
    } else if merged == *theirs {
        remote.to_string()
    } else {
        settings_to_ron(&merged)
    })
}

/// `pick` of one field of the settings (ours, theirs).
fn field<T: PartialEq + Clone + Debug + 'static>(
    what: &str,
    base: Option<&Settings>,
    (mine, theirs): (&Settings, &Settings),
    get: impl Fn(&Settings) -> &T,
    clashes: &mut Vec<String>,
) -> T {
    pick(what, base.map(&get), get(mine), get(theirs), clashes)
}

/// The side that changed, or a clash (keeping ours) when both changed differently.
fn pick<T: PartialEq + Clone + Debug + 'static>(
    what: &str,
    base: Option<&T>,
    here: &T,
    remote: &T,
    clashes: &mut Vec<String>,
) -> T {
    if here == remote || base == Some(remote) {
        return here.clone();
    }
    if base == Some(here) {
        return remote.clone();
    }
    let show = |v: &T| {
        let any: &dyn std::any::Any = v;
        any.downcast_ref::<Label>()
            .map_or_else(|| format!("{v:?}"), label_to_ron)
    };
    clashes.push(format!(
        "{what}: here {}, on the remote {}",
        show(here),
        show(remote)
    ));
    here.clone()
}

fn merge_labels(
    base: Option<&[Label]>,
    mine: &Settings,
    theirs: &Settings,
    clashes: &mut Vec<String>,
) -> Vec<Label> {
    let find = |list: &[Label], name: &str| list.iter().find(|l| l.name == name).cloned();
    let in_base = |name: &str| base.and_then(|b| find(b, name));
    let (here, remote) = (&mine.labels.labels, &theirs.labels.labels);
    let mut out = Vec::new();
    for label in here {
        let old = in_base(&label.name);
        match find(remote, &label.name) {
            Some(other) => {
                let what = format!("label {}", label.name);
                out.push(pick(&what, old.as_ref(), label, &other, clashes));
            }
            None if old.is_none() => out.push(label.clone()), // added here
            None if old.as_ref() == Some(label) => {}         // removed on the remote
            None => {
                clashes.push(format!(
                    "label {}: changed here, removed on the remote",
                    label.name
                ));
                out.push(label.clone());
            }
        }
    }
    for label in remote.iter().filter(|l| find(here, &l.name).is_none()) {
        match in_base(&label.name) {
            None => out.push(label.clone()), // added on the remote
            Some(old) if old == *label => {} // removed here
            Some(_) => clashes.push(format!(
                "label {}: removed here, changed on the remote",
                label.name
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(labels: &[&str]) -> String {
        let mut s = Settings::new("news", vec!["/corpus".into()]);
        s.labels.labels = labels.iter().map(|l| label(l)).collect();
        settings_to_ron(&s)
    }

    /// `NAME` or `NAME=k` (with key k).
    fn label(spec: &str) -> Label {
        let (name, key) = spec.split_once('=').unwrap_or((spec, ""));
        let mut label = Label::named(name);
        label.key = key.chars().next();
        label
    }

    fn names(text: &str) -> Vec<String> {
        let s = parse_settings(Path::new("t"), text).unwrap();
        s.labels.labels.into_iter().map(|l| l.name).collect()
    }

    #[test]
    fn labels_added_on_both_sides_are_all_kept_ours_first() {
        let base = settings(&["PER", "LOC"]);
        let here = settings(&["PER", "LOC", "ORG"]);
        let remote = settings(&["PER", "LOC", "DATE", "MISC"]);
        let merged = merge_settings(Some(&base), &here, &remote).unwrap();
        assert_eq!(names(&merged), ["PER", "LOC", "ORG", "DATE", "MISC"]);
        // without a common version (both shared the file first) it is the same union
        let merged = merge_settings(None, &here, &remote).unwrap();
        assert_eq!(names(&merged), ["PER", "LOC", "ORG", "DATE", "MISC"]);
    }

    #[test]
    fn a_label_removed_on_one_side_goes_and_a_change_wins_over_the_ancestor() {
        let base = settings(&["PER", "LOC=l", "ORG"]);
        let here = settings(&["PER", "LOC=x", "ORG"]);
        let remote = settings(&["PER", "LOC=l"]);
        let merged = merge_settings(Some(&base), &here, &remote).unwrap();
        assert_eq!(names(&merged), ["PER", "LOC"]);
        assert!(merged.contains("key: 'x'"), "{merged}");
        // one side's text is kept as it is when the merge is that side
        assert_eq!(merge_settings(Some(&base), &base, &here).unwrap(), here);
    }

    #[test]
    fn both_sides_changing_one_label_differently_is_a_clash_naming_each_side() {
        let base = settings(&["PER", "LOC"]);
        let here = settings(&["PER=p", "LOC"]);
        let remote = settings(&["PER=q", "LOC"]);
        let clashes = merge_settings(Some(&base), &here, &remote).unwrap_err();
        assert_eq!(clashes.len(), 1, "{clashes:?}");
        assert!(clashes[0].starts_with("label PER: here "), "{clashes:?}");
        assert!(clashes[0].contains("'p'") && clashes[0].contains("'q'"));
        // two new labels on one key clash too, said as the label set's own error
        let here = settings(&["PER", "LOC", "ORG=o"]);
        let remote = settings(&["PER", "LOC", "MISC=o"]);
        let clashes = merge_settings(Some(&base), &here, &remote).unwrap_err();
        assert!(clashes[0].contains("key 'o'"), "{clashes:?}");
        let broken = merge_settings(Some(&base), "(oops", &remote).unwrap_err();
        assert!(broken[0].starts_with("here: "), "{broken:?}");
    }

    #[test]
    fn shared_files_and_annotation_files_have_a_merge() {
        for path in [SETTINGS_FILE, "kb.tsv", "annotations/a/x.ron"] {
            assert!(merger(path).is_some(), "{path}");
        }
        for path in [
            "annotations/a/.lock",
            "annotations/a/x.ron.journal",
            "annotations/x.ron",
            "annotations/a/b/x.ron",
            "gazetteer.tsv",
        ] {
            assert!(merger(path).is_none(), "{path}");
        }
    }
}
