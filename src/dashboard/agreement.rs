//! Agreement per pair of annotators: the figures of `tanba agree` (`crate::agree`, one
//! computation for the command, `tanba stats` and the dashboard), over borrowed documents.

use crate::agree::{Filter, PairFigures, Report, Sheet};
use crate::annotation::DocAnnotations;
use crate::corpus::Article;
use crate::store::DocKey;

/// Every pair of annotators with a file, in name order; a pair sharing no article, or
/// with nothing accepted on what it shares, has its figures n/a with the reason.
pub fn pairs(articles: &[Article], docs: &[(&DocKey, &DocAnnotations)]) -> Vec<PairFigures> {
    figures(articles, docs).0
}

/// `pairs`, and Krippendorff's alpha over every annotator (`None` below two, or n/a).
pub fn figures(
    articles: &[Article],
    docs: &[(&DocKey, &DocAnnotations)],
) -> (Vec<PairFigures>, Option<f64>) {
    let mut names: Vec<String> = docs.iter().map(|(k, _)| k.annotator.clone()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() < 2 {
        return (Vec::new(), None);
    }
    let sheet = Sheet::of(articles, docs.iter().copied(), &names, &Filter::default());
    let report = Report::compute(&sheet);
    (report.pairs, report.alpha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agree::NotApplicable;
    use crate::annotation::{DocStatus, Op, Origin, Span};
    use crate::corpus::SourceRef;
    use std::collections::BTreeMap;

    const TEXT: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов";

    fn doc(who: &str, article: &str, spans: &[(usize, usize, &str)]) -> (DocKey, DocAnnotations) {
        let mut doc = DocAnnotations::new(article, who, TEXT);
        for &(start, end, label) in spans {
            let span = Span::cut(TEXT, start, end, label, Origin::Manual, who).unwrap();
            doc.apply(&Op::Add(span), who);
        }
        doc.status = DocStatus::Done;
        let key = DocKey {
            annotator: who.into(),
            article: article.into(),
        };
        (key, doc)
    }

    fn articles() -> Vec<Article> {
        ["a1", "a2", "a3", "a9"]
            .map(|id| Article::from_text(id, TEXT, SourceRef::new("t", 1)))
            .to_vec()
    }

    #[test]
    fn f1_counts_exact_matches_over_shared_articles_only() {
        let docs: BTreeMap<_, _> = [
            doc("aigerim", "a1", &[(0, 6, "LOCATION"), (20, 28, "PERSON")]),
            doc("dana", "a1", &[(0, 6, "LOCATION"), (20, 42, "PERSON")]),
            doc("aigerim", "a2", &[(0, 6, "LOCATION")]),
            doc("dana", "a2", &[(0, 6, "LOCATION")]),
            doc("dana", "a3", &[(0, 13, "LOCATION")]), // only dana: left out
            doc("erlan", "a9", &[(0, 6, "LOCATION")]), // shares nothing
        ]
        .into_iter()
        .collect();
        let refs: Vec<_> = docs.iter().collect();
        let pairs = pairs(&articles(), &refs);
        let names: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
        assert_eq!(
            names,
            [("aigerim", "dana"), ("aigerim", "erlan"), ("dana", "erlan")]
        );
        let p = &pairs[0];
        assert_eq!(p.articles, 2);
        assert_eq!((p.spans_a, p.spans_b, p.matched), (3, 3, 2));
        assert_eq!(p.span_f1, Some(4.0 / 6.0));
        assert_eq!(p.not_applicable, None);
        for p in &pairs[1..] {
            assert_eq!((p.articles, p.span_f1, p.kappa), (0, None, None));
            assert_eq!(p.not_applicable, Some(NotApplicable::NoSharedArticles));
        }
    }
}
