//! Finding articles for `/`. The one place the search engine plugs in: replace the body
//! of `find_articles` with the fuzzy searcher and the list, keys and tests stay as they are.

use crate::corpus::Corpus;

/// Articles matching `query`, best first. For now: titles containing every word of the
/// query, case-insensitively, in corpus order; an empty query matches everything.
pub fn find_articles(corpus: &Corpus, query: &str) -> Vec<usize> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    corpus
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let title = a.title.to_lowercase();
            words.iter().all(|w| title.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, SourceRef};

    #[test]
    fn every_word_must_appear_in_the_title_in_any_case() {
        let article = |id: &str, title: &str| Article {
            id: id.into(),
            title: title.into(),
            text: title.into(),
            source: SourceRef {
                file: "x".into(),
                line: 1,
            },
            meta: Default::default(),
            tokens: None,
            imported: Vec::new(),
        };
        let corpus = Corpus {
            articles: vec![
                article("a", "Атырау облысы әкімі"),
                article("b", "Астана: жаңа саябақ"),
                article("c", "АТЫРАУ мұнайы"),
            ],
            problems: Vec::new(),
        };
        assert_eq!(find_articles(&corpus, "атырау"), [0, 2]);
        assert_eq!(find_articles(&corpus, "Атырау ӘКІМ"), [0]);
        assert_eq!(find_articles(&corpus, ""), [0, 1, 2]);
        assert!(find_articles(&corpus, "алматы").is_empty());
    }
}
