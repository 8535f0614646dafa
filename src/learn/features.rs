//! What the tagger sees of a token: the word, suffixes and prefixes of several lengths
//! (Kazakh and Russian inflect by suffix), case and shape, digits and punctuation, the
//! words two either side, and the gazetteer of accepted spans. Features are 64-bit
//! hashes of (template, text), so no string is kept per feature.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::bio::{Tag, begin, inside};

/// Suffix lengths in characters: case endings and plural, possessive markers.
const SUFFIXES: [usize; 4] = [1, 2, 3, 4];
/// Prefix lengths in characters: the stem of an inflected name.
const PREFIXES: [usize; 3] = [3, 4, 5];
/// Stands for the word before the first and after the last.
const EDGE: &str = "\u{2}";

/// Multi-word names with their label, matched on lower-cased words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gazetteer {
    /// Lower-cased words of a name, its label index; sorted, once each.
    entries: Vec<(Vec<String>, u16)>,
    #[serde(skip)]
    by_first: HashMap<String, Vec<usize>>,
}

impl Gazetteer {
    /// Builds from (words, label) pairs; repeats count once.
    pub fn new(names: impl IntoIterator<Item = (Vec<String>, u16)>) -> Gazetteer {
        let mut entries: Vec<(Vec<String>, u16)> = names
            .into_iter()
            .filter(|(w, _)| !w.is_empty())
            .map(|(w, l)| (w.iter().map(|w| w.to_lowercase()).collect(), l))
            .collect();
        entries.sort();
        entries.dedup();
        let mut g = Gazetteer {
            entries,
            by_first: HashMap::new(),
        };
        g.index();
        g
    }

    /// Rebuilds the lookup table (after deserializing).
    pub fn index(&mut self) {
        self.by_first.clear();
        for (i, (words, _)) in self.entries.iter().enumerate() {
            self.by_first.entry(words[0].clone()).or_default().push(i);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// For each token, the BIO tags of every name that covers it.
    fn marks(&self, lower: &[String]) -> Vec<Vec<Tag>> {
        let mut marks = vec![Vec::new(); lower.len()];
        if self.entries.is_empty() {
            return marks;
        }
        for i in 0..lower.len() {
            let Some(found) = self.by_first.get(&lower[i]) else {
                continue;
            };
            for &e in found {
                let (words, label) = &self.entries[e];
                let end = i + words.len();
                if end <= lower.len() && lower[i..end] == words[..] {
                    marks[i].push(begin(*label as usize));
                    for m in &mut marks[i + 1..end] {
                        m.push(inside(*label as usize));
                    }
                }
            }
        }
        marks
    }
}

/// FNV-1a: stable across versions and platforms, so a saved model keeps its meaning.
fn hash(template: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f; // a separator no word holds
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The word's case and shape: `Xx` for a capitalised word, `X` all capitals, `x` lower,
/// `d` digits, other characters as themselves; runs of one class kept once.
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
    }
    out
}

fn affix(lower: &str, n: usize, suffix: bool) -> Option<&str> {
    let count = lower.chars().count();
    if count <= n {
        return None;
    }
    let cut = if suffix { count - n } else { n };
    let byte = lower
        .char_indices()
        .nth(cut)
        .map_or(lower.len(), |(b, _)| b);
    Some(if suffix {
        &lower[byte..]
    } else {
        &lower[..byte]
    })
}

/// The feature hashes of every token of a sentence.
pub fn sentence(words: &[&str], gazetteer: &Gazetteer) -> Vec<Vec<u64>> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let marks = gazetteer.marks(&lower);
    let at = |v: &[String], i: isize| -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| v.get(i))
            .cloned()
            .unwrap_or_else(|| EDGE.to_string())
    };
    (0..words.len())
        .map(|i| {
            let ii = i as isize;
            let mut f = Vec::with_capacity(32);
            let (w, s) = (lower[i].as_str(), shapes[i].as_str());
            f.push(hash(0, &[]));
            f.push(hash(1, &[w]));
            f.push(hash(2, &[s]));
            for n in SUFFIXES {
                if let Some(a) = affix(w, n, true) {
                    f.push(hash(3, &[a]));
                }
            }
            for n in PREFIXES {
                if let Some(a) = affix(w, n, false) {
                    f.push(hash(4, &[a]));
                }
            }
            for (t, d) in [(5u8, -2isize), (6, -1), (7, 1), (8, 2)] {
                f.push(hash(t, &[&at(&lower, ii + d)]));
            }
            f.push(hash(9, &[&at(&shapes, ii - 1), s]));
            f.push(hash(10, &[s, &at(&shapes, ii + 1)]));
            f.push(hash(11, &[&at(&lower, ii - 1), w]));
            f.push(hash(12, &[w, &at(&lower, ii + 1)]));
            if let Some(a) = affix(&at(&lower, ii + 1), 3, true) {
                f.push(hash(13, &[a]));
            }
            if let Some(a) = affix(&at(&lower, ii - 1), 3, true) {
                f.push(hash(14, &[a]));
            }
            for &tag in &marks[i] {
                f.push(hash(15, &[&tag.to_string()]));
                f.push(hash(16, &[&tag.to_string(), s]));
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes_count_characters_not_bytes() {
        assert_eq!(shape("Қазақстан"), "Xx");
        assert_eq!(shape("ҚР"), "X");
        assert_eq!(shape("2,1%"), "d,d%");
        assert_eq!(affix("атырауда", 2, true), Some("да"));
        assert_eq!(affix("атырауда", 3, false), Some("аты"));
        assert_eq!(affix("да", 2, true), None);
    }

    #[test]
    fn the_gazetteer_marks_every_word_of_a_name() {
        let g = Gazetteer::new([(vec!["Атырау".into(), "облысы".into()], 2)]);
        let words = ["Ол", "атырау", "облысы", "бойынша"];
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let marks = g.marks(&lower);
        assert_eq!(marks[1], [begin(2)]);
        assert_eq!(marks[2], [inside(2)]);
        assert!(marks[0].is_empty() && marks[3].is_empty());
        let plain = sentence(&words, &Gazetteer::default());
        let with = sentence(&words, &g);
        assert_eq!(with[1].len(), plain[1].len() + 2);
        assert_eq!(plain, sentence(&words, &Gazetteer::default()));
    }
}
