//! Where an annotator stopped (article, cursor, pane), so the next session reopens there.
//! A small file in the annotator's folder, written atomically; a missing, unreadable or
//! stale one (the article gone or its text changed) is simply not used.

use serde::{Deserialize, Serialize};

use super::{StoreError, Workspace, atomic_write};
use crate::corpus::Corpus;
use crate::text::text_hash;

/// Not `.ron`: every `*.ron` file in an annotator's folder is an article's document.
pub const RESUME_FILE: &str = ".resume";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pane {
    List,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub article: String,
    /// In code points of the article text.
    pub cursor: usize,
    pub pane: Pane,
    /// The article text's hash when this was written: a cursor into another text is stale.
    pub text_hash: String,
}

impl Resume {
    pub fn new(corpus: &Corpus, article: usize, cursor: usize, pane: Pane) -> Resume {
        let article = &corpus.articles[article];
        Resume {
            article: article.id.clone(),
            cursor,
            pane,
            text_hash: text_hash(&article.text),
        }
    }
}

impl Workspace {
    pub fn save_resume(&self, annotator: &str, resume: &Resume) -> Result<(), StoreError> {
        let path = self.annotator_dir(annotator).join(RESUME_FILE);
        let text = ron::to_string(resume).map_err(|e| StoreError::Invalid {
            path: path.clone(),
            message: e.to_string(),
        })?;
        atomic_write(&path, format!("{text}\n").as_bytes())
    }

    /// The article's index in `corpus` and where in it the annotator stopped, if that
    /// still makes sense.
    pub fn load_resume(&self, annotator: &str, corpus: &Corpus) -> Option<(usize, Resume)> {
        let path = self.annotator_dir(annotator).join(RESUME_FILE);
        let resume: Resume = ron::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        let index = corpus
            .articles
            .iter()
            .position(|a| a.id == resume.article)?;
        let text = &corpus.articles[index].text;
        let fits = resume.cursor <= text.chars().count() && resume.text_hash == text_hash(text);
        fits.then_some((index, resume))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, SourceRef};

    fn corpus(texts: &[(&str, &str)]) -> Corpus {
        let mut corpus = Corpus::default();
        for &(id, text) in texts {
            let source = SourceRef::new(format!("{id}.txt"), 1);
            corpus.articles.push(Article::from_text(id, text, source));
        }
        corpus
    }

    fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_or_create(&dir.path().join("ws"), &[]).unwrap();
        (dir, ws)
    }

    #[test]
    fn reopens_where_it_was_left_per_annotator() {
        let (_dir, ws) = workspace();
        let corpus = corpus(&[("a", "Атырау облысы"), ("b", "Ақтөбе қаласы")]);
        let mine = Resume::new(&corpus, 1, 7, Pane::Text);
        ws.save_resume("me", &mine).unwrap();
        assert_eq!(ws.load_resume("me", &corpus), Some((1, mine)));
        assert_eq!(ws.load_resume("you", &corpus), None);
        let names: Vec<_> = std::fs::read_dir(ws.annotator_dir("me"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            names,
            [RESUME_FILE],
            "written atomically, no temp file left"
        );
    }

    #[test]
    fn a_stale_or_broken_file_is_not_used() {
        let (_dir, ws) = workspace();
        let before = corpus(&[("a", "Атырау облысы"), ("b", "Ақтөбе қаласы")]);
        ws.save_resume("me", &Resume::new(&before, 1, 13, Pane::Text))
            .unwrap();
        let gone = corpus(&[("a", "Атырау облысы")]);
        assert_eq!(ws.load_resume("me", &gone), None, "the article is gone");
        let edited = corpus(&[("a", "Атырау облысы"), ("b", "Ақтөбе")]);
        assert_eq!(ws.load_resume("me", &edited), None, "its text changed");
        let mut past_end = Resume::new(&before, 0, 99, Pane::List);
        past_end.cursor = 99;
        ws.save_resume("me", &past_end).unwrap();
        assert_eq!(ws.load_resume("me", &before), None, "cursor past the end");
        std::fs::write(ws.annotator_dir("me").join(RESUME_FILE), "(article: ").unwrap();
        assert_eq!(ws.load_resume("me", &before), None, "does not parse");
    }
}
