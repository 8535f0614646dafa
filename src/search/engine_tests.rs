use super::*;
use crate::annotation::{DocAnnotations, DocStatus, LabelSet, Origin, Span};
use crate::corpus::{ImportedSpan, SourceRef};
use crate::store::DocKey;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn article(id: &str, title: &str, body: &str) -> Article {
    let text = format!("{title}\n{body}");
    Article {
        title: title.into(),
        ..Article::from_text(id, text, SourceRef::new("test.txt", 1))
    }
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "atyrau",
            "АТЫРАУ облысы",
            "Облыс әкімі Махамбет Досмұхамбетовтің төрағалығымен сыбайлас жемқорлықпен күрес \
             бағытындағы комиссияның отырысы өтті.",
        ),
        article("weather", "Ауа райы", "Ертең Атырауда жаңбыр жауады."),
        article(
            "sport",
            "Спорт жаңалықтары",
            "Футбол командасы жеңіске жетті.",
        ),
        article(
            "english",
            "Anti-corruption commission meets",
            "The Atyrau regional commission met on Monday.",
        ),
    ]
}

fn ids(articles: &[Article], results: &SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| articles[h.index].id.clone())
        .collect()
}

fn run_with(articles: &[Article], facts: &Facts, q: &str) -> Vec<String> {
    run_with_options(articles, facts, q, SearchOptions::default())
}

fn run_with_options(
    articles: &[Article],
    facts: &Facts,
    q: &str,
    options: SearchOptions,
) -> Vec<String> {
    let index = Index::build(articles);
    let query = Query::parse(q, &LabelSet::default()).unwrap();
    ids(articles, &search(&index, articles, facts, &query, options))
}

/// Text searched even for one letter, as `tanba search` does.
const EVERYWHERE: SearchOptions = SearchOptions {
    details: 64,
    one_letter_in_titles: false,
};

#[test]
fn one_letter_looks_in_titles_and_two_letters_in_the_text() {
    let articles = vec![
        article("title", "Жаңалық", "мәтін"),
        article("text", "Ауа райы", "жаңбыр жауады"),
    ];
    let facts = Facts::from_articles(&articles);
    let index = Index::build(&articles);
    let query = Query::parse("ж", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &query, SearchOptions::default());
    assert!(results.one_letter);
    assert_eq!(ids(&articles, &results), ["title"]);
    // from the shell (or with the option off) a letter is looked for in the text too
    assert_eq!(
        run_with_options(&articles, &facts, "ж", EVERYWHERE),
        ["title", "text"]
    );
    let two = Query::parse("жа", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &two, SearchOptions::default());
    assert!(!results.one_letter);
    assert_eq!(ids(&articles, &results), ["title", "text"]);
}

fn run(q: &str) -> Vec<String> {
    let articles = corpus();
    run_with(&articles, &Facts::from_articles(&articles), q)
}

#[test]
fn lowercase_finds_an_uppercase_title() {
    assert_eq!(run("атырау"), ["atyrau", "weather", "english"]);
    assert_eq!(run("АТЫРАУ")[0], "atyrau");
}

#[test]
fn russian_keyboard_and_latin_spellings_find_kazakh_words() {
    assert_eq!(run("досмухамбетов"), ["atyrau"]);
    assert_eq!(run("Dosmukhambetov"), ["atyrau"]);
    assert_eq!(run("Досмұхамбетов"), ["atyrau"]);
    assert_eq!(run("жемкорлык"), ["atyrau"]);
    assert_eq!(run("жемқорлық"), ["atyrau"]);
    assert_eq!(run("Atyrau"), ["atyrau", "weather", "english"]);
}

#[test]
fn every_word_must_match() {
    assert_eq!(run("атырау жемкорлык"), ["atyrau"]);
    assert_eq!(run("атырау жаңбыр"), ["weather"]);
    assert!(run("атырау футбол").is_empty());
}

#[test]
fn a_query_that_matches_nothing_finds_nothing() {
    assert!(run("qwxzvb").is_empty());
    assert!(run("жемкорлык qwxzvb").is_empty());
}

#[test]
fn the_empty_query_lists_everything_in_corpus_order() {
    assert_eq!(run(""), ["atyrau", "weather", "sport", "english"]);
    assert_eq!(run("   "), run(""));
}

#[test]
fn title_hits_rank_above_body_hits() {
    // "weather" mentions Атырау only in its body; "atyrau" has it in its title, later in
    // the corpus here, and still comes first.
    let mut articles = corpus();
    articles.swap(0, 1);
    let facts = Facts::from_articles(&articles);
    assert_eq!(
        run_with(&articles, &facts, "атырау"),
        ["atyrau", "weather", "english"]
    );
    let index = Index::build(&articles);
    let query = Query::parse("атырау", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &query, SearchOptions::default());
    assert_eq!(results.hits[0].title_words, 1);
    assert_eq!(results.hits[1].title_words, 0);
    // one word: the second hit matched it in the body only
    assert_eq!(results.terms, 1);
    let two = Query::parse("атырау жаңбыр", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &two, SearchOptions::default());
    assert_eq!((results.terms, results.hits[0].title_words), (2, 0));
}

#[test]
fn better_scores_rank_first_among_body_hits() {
    let articles = vec![
        article("inside", "Бір", "Антижемқорлықтық күрес."),
        article("typo", "Екі", "Жемқорлк туралы."),
        article("start", "Үш", "Жемқорлықпен күрес."),
    ];
    let facts = Facts::from_articles(&articles);
    assert_eq!(
        run_with(&articles, &facts, "жемкорлык"),
        ["start", "inside"]
    );
    assert_eq!(
        run_with(&articles, &facts, "жемкорлк"),
        ["typo", "start", "inside"]
    );
}

fn doc(article: &Article, who: &str, status: DocStatus, spans: &[(&str, &str)]) -> DocAnnotations {
    let mut doc = DocAnnotations::new(&article.id, who, &article.text);
    doc.status = status;
    for (label, word) in spans {
        let start = article.text.chars().collect::<String>().find(word).unwrap();
        let start = article.text[..start].chars().count();
        let end = start + word.chars().count();
        doc.spans
            .push(Span::cut(&article.text, start, end, label, Origin::Manual, who).unwrap());
    }
    doc.normalize();
    doc
}

fn annotated(articles: &[Article]) -> Facts {
    let mut docs = BTreeMap::new();
    let mut put = |d: DocAnnotations| {
        docs.insert(
            DocKey {
                annotator: d.annotator.clone(),
                article: d.article.clone(),
            },
            d,
        );
    };
    put(doc(
        &articles[0],
        "aigerim",
        DocStatus::Done,
        &[
            ("PERSON", "Махамбет Досмұхамбетовтің"),
            ("LOCATION", "АТЫРАУ"),
        ],
    ));
    put(doc(
        &articles[1],
        "aigerim",
        DocStatus::InProgress,
        &[("LOCATION", "Атырауда")],
    ));
    put(doc(&articles[1], "bolat", DocStatus::Flagged, &[]));
    Facts::new(articles, &docs)
}

#[test]
fn label_filter_finds_articles_with_such_a_span() {
    let articles = corpus();
    let facts = annotated(&articles);
    assert_eq!(run_with(&articles, &facts, "label:PERSON"), ["atyrau"]);
    assert_eq!(
        run_with(&articles, &facts, "label:location"),
        ["atyrau", "weather"]
    );
    assert_eq!(
        run_with(&articles, &facts, "label:LOCATION жаңбыр"),
        ["weather"]
    );
    assert!(run_with(&articles, &facts, "label:DATE").is_empty());
}

#[test]
fn status_filter_reads_each_annotator_or_the_named_ones() {
    let articles = corpus();
    let facts = annotated(&articles);
    assert_eq!(run_with(&articles, &facts, "status:done"), ["atyrau"]);
    assert_eq!(run_with(&articles, &facts, "status:progress"), ["weather"]);
    assert_eq!(run_with(&articles, &facts, "status:flagged"), ["weather"]);
    assert_eq!(
        run_with(&articles, &facts, "status:todo"),
        ["sport", "english"]
    );
    assert_eq!(
        run_with(&articles, &facts, "status:todo by:bolat"),
        Vec::<String>::new()
    );
    let mine = facts.clone().with_annotator("bolat");
    assert_eq!(
        run_with(&articles, &mine, "status:todo"),
        ["atyrau", "sport", "english"]
    );
    assert_eq!(
        run_with(&articles, &mine, "status:done by:aigerim"),
        ["atyrau"]
    );
}

#[test]
fn by_filter_finds_what_an_annotator_touched() {
    let articles = corpus();
    let facts = annotated(&articles);
    assert_eq!(
        run_with(&articles, &facts, "by:aigerim"),
        ["atyrau", "weather"]
    );
    assert_eq!(run_with(&articles, &facts, "by:Bolat"), ["weather"]);
    assert!(run_with(&articles, &facts, "by:nobody").is_empty());
}

#[test]
fn entity_filter_matches_span_text_by_label() {
    let articles = corpus();
    let facts = annotated(&articles);
    assert_eq!(
        run_with(&articles, &facts, "PERSON:Досмұхамбетов"),
        ["atyrau"]
    );
    assert_eq!(
        run_with(&articles, &facts, "person:Dosmukhambetov"),
        ["atyrau"]
    );
    assert_eq!(
        run_with(&articles, &facts, r#"PERSON:"махамбет досмухамбетов""#),
        ["atyrau"]
    );
    assert!(run_with(&articles, &facts, "LOCATION:Досмұхамбетов").is_empty());
    assert_eq!(
        run_with(&articles, &facts, "LOCATION:атырау"),
        ["atyrau", "weather"]
    );
    assert!(run_with(&articles, &facts, "PERSON:Досмұхамбетов by:bolat").is_empty());
}

#[test]
fn imported_pre_annotations_count_until_someone_has_a_document() {
    let mut articles = corpus();
    articles[2].imported.push(ImportedSpan {
        start: 0,
        end: 5,
        label: "AGENCY".into(),
        note: None,
    });
    let facts = Facts::from_articles(&articles);
    assert_eq!(run_with(&articles, &facts, "label:AGENCY"), ["sport"]);
    assert_eq!(run_with(&articles, &facts, "AGENCY:спорт"), ["sport"]);
    let mut facts = facts;
    assert!(facts.set_doc(&doc(&articles[2], "aigerim", DocStatus::Done, &[])));
    assert!(run_with(&articles, &facts, "label:AGENCY").is_empty());
}

#[test]
fn details_highlight_the_title_and_the_body_match() {
    let articles = corpus();
    let index = Index::build(&articles);
    let facts = Facts::from_articles(&articles);
    let query = Query::parse("атырау Dosmukhambetov", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &query, SearchOptions::default());
    let hit = &results.hits[0];
    let detail = hit.detail.as_ref().unwrap();
    assert_eq!(detail.title_positions, [0, 1, 2, 3, 4, 5]);
    let text = &articles[0].text;
    let matched: Vec<&str> = detail
        .matches
        .iter()
        .map(|r| crate::text::slice_chars(text, r.start, r.end).unwrap())
        .collect();
    assert_eq!(matched, ["АТЫРАУ", "Досмұхамбетовтің"]);
    let snippet = detail.snippet.as_ref().unwrap();
    let shown: String = snippet
        .text
        .chars()
        .skip(snippet.highlight.start)
        .take(snippet.highlight.len())
        .collect();
    assert_eq!(shown, "Досмұхамбетовтің");
    assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
    assert_eq!(results.detail(&articles[0]), *detail);
}

#[test]
fn the_snippet_prefers_the_body_to_a_cut_title_line() {
    let mut a = article("cut", "Атырау облысы әкімі", "Атырау қаласында жиын өтті.");
    a.text = "Атырау облысы әкімі Махамбет Досмұхамбетов\nАтырау қаласында жиын өтті.".into();
    a.title = "Атырау облысы…".into();
    let query = Query::parse("атырау", &LabelSet::default()).unwrap();
    let d = detail(&query.highlight(), &a);
    assert_eq!(d.matches.len(), 2);
    let snippet = d.snippet.unwrap();
    let from_highlight: String = snippet.text.chars().skip(snippet.highlight.start).collect();
    assert!(
        from_highlight.starts_with("Атырау қаласында"),
        "{snippet:?}"
    );
}

#[test]
fn details_are_computed_for_the_first_hits_only_when_asked() {
    let articles = corpus();
    let index = Index::build(&articles);
    let facts = Facts::from_articles(&articles);
    let query = Query::parse("атырау", &LabelSet::default()).unwrap();
    let results = search(
        &index,
        &articles,
        &facts,
        &query,
        SearchOptions {
            details: 1,
            ..Default::default()
        },
    );
    assert!(results.hits[0].detail.is_some());
    assert!(results.hits[1].detail.is_none());
    let later = results.detail(&articles[results.hits[1].index]);
    assert_eq!(later.matches.len(), 1);
}

#[test]
fn snippets_never_carry_control_characters() {
    let articles = vec![article(
        "evil",
        "Title",
        "\u{1b}[31mжемқорлық\u{1b}[0m\tжәне\r\nтағы",
    )];
    let index = Index::build(&articles);
    let facts = Facts::from_articles(&articles);
    let query = Query::parse("жемкорлык", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &query, SearchOptions::default());
    let snippet = results.hits[0].detail.clone().unwrap().snippet.unwrap();
    assert!(
        !snippet.text.chars().any(|c| c.is_control()),
        "{:?}",
        snippet.text
    );
    assert!(snippet.text.contains('␛'));
}

#[test]
fn a_titles_only_index_gives_partial_results() {
    let articles = corpus();
    let index = Index::build_titles(&articles);
    let facts = Facts::from_articles(&articles);
    let query = Query::parse("атырау", &LabelSet::default()).unwrap();
    let results = search(&index, &articles, &facts, &query, SearchOptions::default());
    assert!(results.partial);
    assert_eq!(ids(&articles, &results), ["atyrau"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rank_keys_order_like_the_ranking_rule(
        a in (0usize..4, 0u64..1000, 0u64..50, 0usize..100),
        b in (0usize..4, 0u64..1000, 0u64..50, 0usize..100),
    ) {
        let key = |(t, s, m, i): (usize, u64, u64, usize)| RankKey::new(t, s, m, i);
        let expected = b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3));
        prop_assert_eq!(key(a).cmp(&key(b)), expected);
        let hit = key(a).hit();
        prop_assert_eq!((hit.title_words, hit.score, hit.matched_words as u64, hit.index), a);
    }

    #[test]
    fn a_word_always_finds_its_own_article(
        texts in prop::collection::vec("[a-zA-Zа-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ0-9 .,\n]{1,60}", 1..6),
        pick in any::<prop::sample::Index>(),
    ) {
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| article(&i.to_string(), "", t))
            .collect();
        let all: Vec<(usize, &str)> = articles
            .iter()
            .enumerate()
            .flat_map(|(i, a)| words(&a.text).map(move |w| (i, w.text)))
            .collect();
        prop_assume!(!all.is_empty());
        let (owner, word) = all[pick.index(all.len())];
        let facts = Facts::from_articles(&articles);
        let found = run_with_options(&articles, &facts, word, EVERYWHERE);
        prop_assert!(found.contains(&owner.to_string()), "{word:?} not found in {owner}: {found:?}");
    }
}
