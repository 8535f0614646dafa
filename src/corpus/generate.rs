//! A deterministic generator of large news-like corpora (JSONL), for benchmarks and
//! for trying tanba on something bigger than the samples.

mod realistic;
pub mod words;

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::Article;
use words::Lang;

/// Bytes of text per article (~2 KB, whatever the script).
const TARGET_BYTES: usize = 2000;
const NBSP: char = '\u{a0}';

/// Bytes of text per article in the realistic corpus (~4 KB, ~300 words, as real news).
const REALISTIC_BYTES: usize = 4000;

/// Which words fill the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Vocabulary {
    /// A few hundred stems and endings in three languages: a small, quickly searched vocabulary.
    #[default]
    Basic,
    /// Kazakh and Russian stems with real suffix chains under a Zipf law: the vocabulary
    /// grows with the corpus by Heaps' law, as real news does (~10^6 forms at 10^5 articles).
    Realistic,
}

/// One JSONL line per article, the same lines for the same `(count, seed)`.
pub fn generate(count: usize, seed: u64) -> impl Iterator<Item = String> {
    generate_with(count, seed, Vocabulary::Basic)
}

/// Like `generate`, with the words of `vocabulary`.
pub fn generate_with(
    count: usize,
    seed: u64,
    vocabulary: Vocabulary,
) -> impl Iterator<Item = String> {
    (0..count).map(move |i| article_line(seed, i, vocabulary))
}

/// The generated corpus as articles, read back through the JSONL reader.
pub fn generate_articles(count: usize, seed: u64) -> Vec<Article> {
    generate_articles_with(count, seed, Vocabulary::Basic)
}

/// Like `generate_articles`, with the words of `vocabulary`.
pub fn generate_articles_with(count: usize, seed: u64, vocabulary: Vocabulary) -> Vec<Article> {
    let mut text = String::new();
    for line in generate_with(count, seed, vocabulary) {
        text.push_str(&line);
        text.push('\n');
    }
    let (articles, _problems) =
        super::jsonl::parse(Path::new("generated.jsonl"), "generated", &text);
    articles
}

/// splitmix64: small, fast, and good enough to vary words.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: usize) -> Self {
        let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next();
        rng
    }

    /// Like `new`, with streams that do not overlap: `new` gives article `i + 1` nearly
    /// the stream of article `i` shifted by one draw, harmless for the basic vocabulary
    /// (kept as it is, so its corpora stay the same) but fatal to a growing one.
    fn independent(seed: u64, index: usize) -> Self {
        let mut mixer = Rng(seed);
        let base = mixer.next();
        let mut rng = Rng(base ^ Rng(index as u64).next());
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Serialize)]
struct Line<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    text: &'a str,
    lang: &'static str,
    date: String,
    url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    label: Vec<(usize, usize, &'static str)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entities: Vec<BTreeMap<&'static str, serde_json::Value>>,
}

/// Text being built, with its length in code points and the entities placed in it.
struct Builder {
    text: String,
    chars: usize,
    spans: Vec<(usize, usize, &'static str)>,
    vocabulary: Vocabulary,
}

impl Builder {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn entity(&mut self, s: &str, label: &'static str) {
        let start = self.chars;
        self.push(s);
        self.spans.push((start, self.chars, label));
    }
}

fn article_line(seed: u64, index: usize, vocabulary: Vocabulary) -> String {
    let mut rng = match vocabulary {
        Vocabulary::Basic => Rng::new(seed, index),
        Vocabulary::Realistic => Rng::independent(seed, index),
    };
    let (lang, target) = match vocabulary {
        Vocabulary::Basic => (words::ALL[rng.below(words::ALL.len())], TARGET_BYTES),
        Vocabulary::Realistic if rng.chance(65) => (&words::KAZAKH, REALISTIC_BYTES),
        Vocabulary::Realistic => (&words::RUSSIAN, REALISTIC_BYTES),
    };
    let mut b = Builder {
        text: String::with_capacity(target + 256),
        chars: 0,
        spans: Vec::new(),
        vocabulary,
    };
    let headline = rng.pick(lang.headlines);
    fill(&mut b, &mut rng, lang, headline, true);
    let title_end = b.text.len();
    b.push("\n");
    while b.text.len() < target {
        let connector = rng.chance(25);
        if connector {
            b.push(rng.pick(lang.connectors));
            b.push(" ");
        }
        if vocabulary == Vocabulary::Realistic && rng.chance(60) {
            free_sentence(&mut b, &mut rng, lang, !connector);
        } else {
            let template = rng.pick(lang.templates);
            fill(&mut b, &mut rng, lang, template, !connector);
        }
        b.push(if rng.chance(20) { "\n" } else { " " });
    }
    let text = b.text.trim_end().to_string();
    let title = text[..title_end].to_string();
    let pre_annotated = rng.chance(30);
    let spacy_form = pre_annotated && rng.chance(30);
    // pre-annotations are partial, as a model's would be
    let spans: Vec<_> = if pre_annotated {
        b.spans.iter().copied().filter(|_| rng.chance(85)).collect()
    } else {
        Vec::new()
    };
    let (label, entities) = if spacy_form {
        let ents = spans
            .iter()
            .map(|&(s, e, l)| {
                BTreeMap::from([("start", s.into()), ("end", e.into()), ("label", l.into())])
            })
            .collect();
        (Vec::new(), ents)
    } else {
        (spans, Vec::new())
    };
    let line = Line {
        id: format!("gen-{index:06}"),
        title: rng.chance(90).then_some(title.as_str()),
        text: &text,
        lang: lang.code,
        date: format!(
            "20{:02}-{:02}-{:02}",
            18 + rng.below(7),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        url: format!("https://news.example.kz/{}/{index}", lang.code),
        label,
        entities,
    };
    serde_json::to_string(&line).expect("generated lines always serialise")
}

/// Writes `template` with each placeholder replaced by a generated word or entity.
/// A filler word that opens a sentence gets a capital letter.
fn fill(b: &mut Builder, rng: &mut Rng, lang: &Lang, template: &str, sentence_start: bool) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        b.push(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let at_start = sentence_start && open == 0 && rest.len() == template.len();
        match &rest[open + 1..close] {
            "PER" => {
                let name = format!(
                    "{} {}{}",
                    rng.pick(lang.first_names),
                    rng.pick(lang.surnames),
                    rng.pick(lang.surname_endings)
                );
                b.entity(&name, "PERSON");
            }
            "AGENCY" => b.entity(rng.pick(lang.agencies), "AGENCY"),
            "LOC" => b.entity(rng.pick(lang.places), "LOCATION"),
            "DATE" => {
                let form = rng.pick(lang.date_forms);
                let date = form
                    .replace("{d}", &(1 + rng.below(28)).to_string())
                    .replace("{m}", rng.pick(lang.months))
                    .replace("{y}", &(2015 + rng.below(10)).to_string());
                b.entity(&date, "DATE");
            }
            "STAT" => {
                let stat = statistic(rng, lang);
                b.entity(&stat, "STATISTIC");
            }
            "ROLE" => {
                let role = rng.pick(lang.roles);
                b.push(&if at_start {
                    capitalised(role)
                } else {
                    role.to_string()
                });
            }
            _ => {
                let mut word = filler(rng, lang, b.vocabulary);
                if at_start {
                    word = capitalised(&word);
                }
                b.push(&word);
            }
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    b.push(rest);
}

/// One running word that is not an entity.
fn filler(rng: &mut Rng, lang: &Lang, vocabulary: Vocabulary) -> String {
    match vocabulary {
        Vocabulary::Basic => format!("{}{}", rng.pick(lang.stems), rng.pick(lang.endings)),
        Vocabulary::Realistic if lang.code == "kk" => realistic::kazakh_word(rng),
        Vocabulary::Realistic => realistic::russian_word(rng),
    }
}

/// A sentence of 5 to 16 running words, sometimes with a comma.
fn free_sentence(b: &mut Builder, rng: &mut Rng, lang: &Lang, capital: bool) {
    let words = 5 + rng.below(12);
    for i in 0..words {
        let word = filler(rng, lang, b.vocabulary);
        if i == 0 && capital {
            b.push(&capitalised(&word));
        } else {
            b.push(&word);
        }
        let last = i + 1 == words;
        b.push(if last {
            "."
        } else if rng.chance(8) {
            ", "
        } else {
            " "
        });
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "9 000 адам" (NBSP thousands), "2,1%", "72 млрд теңге", as news writes them.
fn statistic(rng: &mut Rng, lang: &Lang) -> String {
    let decimal = if lang.code == "en" { '.' } else { ',' };
    match rng.below(3) {
        0 => format!("{}{decimal}{}%", rng.below(40), rng.below(10)),
        1 => format!(
            "{} {}",
            grouped(rng.below(50_000) + 1000),
            rng.pick(lang.units)
        ),
        _ => format!("{} {}", 2 + rng.below(998), rng.pick(lang.units)),
    }
}

/// Thousands separated by a no-break space, as Kazakh and Russian print them.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    #[test]
    fn same_seed_same_corpus_other_seed_other_corpus() {
        let a: Vec<String> = generate(20, 7).collect();
        assert_eq!(a, generate(20, 7).collect::<Vec<_>>());
        assert_ne!(a, generate(20, 8).collect::<Vec<_>>());
    }

    #[test]
    fn lines_are_about_two_kilobytes_with_offsets_on_their_entities() {
        let mut annotated = 0;
        for line in generate(200, 1) {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let text = v["text"].as_str().unwrap();
            assert!((1500..3500).contains(&text.len()), "{} bytes", text.len());
            let spans = v["label"].as_array().cloned().unwrap_or_default();
            annotated += usize::from(!spans.is_empty() || v.get("entities").is_some());
            for s in spans {
                let (start, end) = (
                    s[0].as_u64().unwrap() as usize,
                    s[1].as_u64().unwrap() as usize,
                );
                let covered = slice_chars(text, start, end).unwrap();
                assert!(
                    !covered.trim().is_empty() && covered.trim() == covered,
                    "{covered:?}"
                );
            }
        }
        assert!(
            (30..100).contains(&annotated),
            "{annotated} of 200 pre-annotated"
        );
    }

    #[test]
    fn generated_lines_read_back_without_problems() {
        let text: String = generate(300, 5).map(|l| l + "\n").collect();
        let (articles, problems) = crate::corpus::jsonl::parse(Path::new("g.jsonl"), "g", &text);
        assert_eq!(problems, vec![]);
        assert_eq!(articles.len(), 300);
        let again = generate_articles(300, 5);
        let same = articles
            .iter()
            .zip(&again)
            .all(|(a, b)| (&a.id, &a.text, &a.imported) == (&b.id, &b.text, &b.imported));
        assert!(
            same && again.len() == 300,
            "generate_articles reads the same lines"
        );
        let spans: usize = articles.iter().map(|a| a.imported.len()).sum();
        assert!(spans > 300, "{spans} pre-annotations");
        let ids: std::collections::BTreeSet<&str> =
            articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 300);
    }

    #[test]
    fn the_realistic_vocabulary_keeps_growing_with_the_corpus() {
        let distinct = |count| {
            let mut forms = std::collections::HashSet::new();
            for article in generate_articles_with(count, 9, Vocabulary::Realistic) {
                for w in article.text.split(|c: char| !c.is_alphanumeric()) {
                    forms.insert(w.to_lowercase());
                }
            }
            forms.len()
        };
        let (small, large) = (distinct(100), distinct(400));
        // Heaps' law with beta about 0.6-0.8: four times the text, 2.3-3 times the forms
        assert!(small > 8_000, "{small} forms in 100 articles");
        assert!(
            large * 10 > small * 20 && large < small * 4,
            "{small} -> {large}"
        );
        let basic = generate_articles(400, 9);
        assert!(basic.iter().all(|a| !a.text.is_empty()));
    }

    #[test]
    fn thousands_are_grouped_with_no_break_spaces() {
        assert_eq!(grouped(9000), "9\u{a0}000");
        assert_eq!(grouped(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(grouped(999), "999");
    }
}
