//! Test support: articles where the pattern is learnable in a few dozen spans — a name
//! before «қаласында» is a LOCATION, one before «мырза» a PERSON — so a test can train
//! the model and see it find names it was never shown.

use crate::corpus::{Article, SourceRef};

/// Places and people: the first eight are taught, the rest only ever read.
pub const PLACES: [&str; 12] = [
    "Астана",
    "Алматы",
    "Атырау",
    "Шымкент",
    "Тараз",
    "Ақтөбе",
    "Орал",
    "Қостанай",
    "Семей",
    "Түркістан",
    "Павлодар",
    "Жезқазған",
];
pub const PEOPLE: [&str; 12] = [
    "Асқар",
    "Ерлан",
    "Дана",
    "Бауыржан",
    "Айгерім",
    "Нұрлан",
    "Гүлнар",
    "Серік",
    "Марат",
    "Әсел",
    "Жандос",
    "Мадина",
];
/// How many of each list training articles use.
pub const TAUGHT: usize = 8;

/// Article `k`'s text, three sentences, and its spans `(start, end, label)` in code
/// points; `taught` picks names from the taught ones, else from the others.
pub fn text(k: usize, taught: bool) -> (String, Vec<(usize, usize, &'static str)>) {
    let (from, n) = if taught {
        (0, TAUGHT)
    } else {
        (TAUGHT, PLACES.len() - TAUGHT)
    };
    let mut text = String::new();
    let mut spans = Vec::new();
    for j in 0..3 {
        let place = PLACES[from + (k * 3 + j) % n];
        let person = PEOPLE[from + (k * 5 + j * 7 + 1) % n];
        if !text.is_empty() {
            text.push(' ');
        }
        let at = text.chars().count();
        let sentence = format!("Кеше {place} қаласында {person} мырза сөйледі.");
        let p = at + 5;
        spans.push((p, p + place.chars().count(), "LOCATION"));
        let q = p + place.chars().count() + " қаласында ".chars().count();
        spans.push((q, q + person.chars().count(), "PERSON"));
        text.push_str(&sentence);
    }
    (text, spans)
}

/// `n` articles whose spans arrive pending (as imported pre-annotations), named
/// `train-K`, then `m` untagged ones with names never taught, named `new-K`.
pub fn corpus(n: usize, m: usize) -> Vec<Article> {
    let taught = (0..n).map(|k| {
        let (text, spans) = text(k, true);
        let a = Article::from_text(format!("train-{k}"), text, SourceRef::new("s.txt", 1));
        crate::store::testing::with_imported(a, &spans)
    });
    let fresh = (0..m).map(|k| {
        let (text, _) = text(k, false);
        Article::from_text(format!("new-{k}"), text, SourceRef::new("s.txt", 1))
    });
    taught.chain(fresh).collect()
}

/// The same corpus as CoNLL (one article per `-DOCSTART-`, tags on the taught ones
/// only), for the end-to-end tests.
pub fn conll(n: usize, m: usize) -> String {
    let mut out = String::new();
    let articles = (0..n).map(|k| (text(k, true), true));
    let fresh = (0..m).map(|k| (text(k, false), false));
    for ((text, spans), tagged) in articles.chain(fresh) {
        out.push_str("-DOCSTART- O\n\n");
        let mut at = 0;
        for word in text.split(' ') {
            let (word, dot) = match word.strip_suffix('.') {
                Some(w) => (w, true),
                None => (word, false),
            };
            let len = word.chars().count();
            let tag = match spans.iter().find(|s| s.0 == at).filter(|_| tagged) {
                Some(s) => format!("B-{}", s.2),
                None => "O".to_string(),
            };
            out.push_str(&format!("{word} {tag}\n"));
            at += len;
            if dot {
                out.push_str(". O\n\n");
                at += 1;
            }
            at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spans_cover_the_names() {
        let (text, spans) = text(4, false);
        let chars: Vec<char> = text.chars().collect();
        for (a, b, label) in spans {
            let word: String = chars[a..b].iter().collect();
            let list = if label == "LOCATION" { PLACES } else { PEOPLE };
            assert!(list[TAUGHT..].contains(&word.as_str()), "{word}");
        }
    }

    #[test]
    fn the_conll_form_tags_every_taught_name_once() {
        let conll = conll(2, 1);
        assert_eq!(conll.matches("-DOCSTART-").count(), 3);
        assert_eq!(conll.matches("B-LOCATION").count(), 6);
        assert_eq!(conll.matches("B-PERSON").count(), 6);
    }
}
