//! Noticing that the workspace changed on disk (a sync brought files, a teammate on the
//! same server saved): cheap enough to ask every few seconds.

use std::hash::{Hash, Hasher};
use std::path::Path;

use super::{ANNOTATIONS_DIR, SETTINGS_FILE, Workspace};

impl Workspace {
    /// A value that changes when the settings or any annotator's folder but `except`'s
    /// changes: a file added, replaced (every write is a rename) or removed. Looks at
    /// folders only, never at every file.
    pub fn fingerprint(&self, except: &str) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        stamp(&self.root.join(SETTINGS_FILE), &mut hasher);
        // the names say when a folder comes or goes (my own first save must not count)
        let annotations = self.root.join(ANNOTATIONS_DIR);
        for who in self.annotators() {
            if who != except {
                who.hash(&mut hasher);
                stamp(&annotations.join(&who), &mut hasher);
            }
        }
        hasher.finish()
    }
}

fn stamp(path: &Path, hasher: &mut impl Hasher) {
    match std::fs::metadata(path) {
        Ok(meta) => {
            meta.len().hash(hasher);
            meta.modified().ok().hash(hasher);
        }
        Err(_) => 0u8.hash(hasher),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::DocAnnotations;

    #[test]
    fn a_teammates_new_file_changes_the_fingerprint_and_my_own_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_or_create(dir.path(), &[]).unwrap();
        ws.save_doc("dana", &DocAnnotations::new("a", "dana", "x"))
            .unwrap();
        let before = ws.fingerprint("aigerim");
        assert_eq!(before, ws.fingerprint("aigerim"), "nothing changed");
        ws.save_doc("aigerim", &DocAnnotations::new("a", "aigerim", "x"))
            .unwrap();
        let mine = ws.fingerprint("aigerim");
        assert_eq!(before, mine, "my own first file does not count");
        ws.save_doc("aigerim", &DocAnnotations::new("b", "aigerim", "x"))
            .unwrap();
        assert_eq!(mine, ws.fingerprint("aigerim"));
        ws.save_doc(
            "dana",
            &DocAnnotations::new("a-much-longer-article-id", "dana", "x"),
        )
        .unwrap();
        assert_ne!(mine, ws.fingerprint("aigerim"));
    }

    #[test]
    fn a_teammates_journal_append_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_or_create(dir.path(), &[]).unwrap();
        let path = ws.doc_path("dana", "a");
        let mut journals = crate::store::Journals::default();
        let mut doc = DocAnnotations::new("a", "dana", "x");
        journals.save(&path, &mut doc).unwrap();
        let mut last = ws.fingerprint("aigerim");
        for status in [
            crate::annotation::DocStatus::Done,
            crate::annotation::DocStatus::Skipped,
        ] {
            std::thread::sleep(std::time::Duration::from_millis(20));
            doc.status = status;
            assert!(!journals.save(&path, &mut doc).unwrap().whole);
            let now = ws.fingerprint("aigerim");
            assert_ne!(now, last, "{status}");
            last = now;
        }
    }
}
