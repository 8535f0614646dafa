//! Training: an averaged structured perceptron (Collins 2002) over the features of
//! `features`, decoding with the same constrained Viterbi as tagging. Sentences are
//! visited in an order shuffled from a fixed seed, so the same data gives the same model.

use rayon::prelude::*;

use super::Example;
use super::bio::{Tag, decode, tag_count};
use super::decode::{mask, viterbi};
use super::features::{Gazetteer, sentence};
use super::model::{Model, TrainedOn};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Whether names tagged in the data become gazetteer features.
    pub gazetteer: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 8,
            seed: 0x7a6e_6261,
            gazetteer: true,
        }
    }
}

/// One weight being learned: its value and the running sum for averaging (Daumé's trick:
/// the average is `w - u / c`).
#[derive(Debug, Clone, Copy)]
struct Weight {
    tag: Tag,
    w: f32,
    u: f64,
}

struct Learner {
    t: usize,
    rows: Vec<Vec<Weight>>,
    transitions: Vec<Weight>,
    /// Examples seen so far, plus one.
    c: f64,
}

impl Learner {
    fn add(row: &mut Vec<Weight>, tag: Tag, d: f32, c: f64) {
        match row.iter_mut().find(|w| w.tag == tag) {
            Some(w) => {
                w.w += d;
                w.u += c * f64::from(d);
            }
            None => row.push(Weight {
                tag,
                w: d,
                u: c * f64::from(d),
            }),
        }
    }

    fn emissions(&self, features: &[Vec<u32>]) -> Vec<f32> {
        let mut out = vec![0.0; features.len() * self.t];
        for (i, f) in features.iter().enumerate() {
            let row = &mut out[i * self.t..(i + 1) * self.t];
            for &k in f {
                for w in &self.rows[k as usize] {
                    row[w.tag as usize] += w.w;
                }
            }
        }
        out
    }

    /// One perceptron step on one sentence: rewards the gold path, penalises the guess.
    fn learn(&mut self, features: &[Vec<u32>], gold: &[Tag], m: &[bool]) {
        let current: Vec<f32> = self.transitions.iter().map(|w| w.w).collect();
        let guess = viterbi(&self.emissions(features), self.t, &current, m);
        let c = self.c;
        if guess != gold {
            let t = self.t;
            for i in 0..gold.len() {
                if guess[i] != gold[i] {
                    for &k in &features[i] {
                        let row = &mut self.rows[k as usize];
                        Self::add(row, gold[i], 1.0, c);
                        Self::add(row, guess[i], -1.0, c);
                    }
                }
                let cell = |tags: &[Tag]| {
                    let prev = if i == 0 { 0 } else { tags[i - 1] as usize + 1 };
                    prev * t + tags[i] as usize
                };
                let (g, p) = (cell(gold), cell(&guess));
                if g != p {
                    self.transitions[g].w += 1.0;
                    self.transitions[g].u += c;
                    self.transitions[p].w -= 1.0;
                    self.transitions[p].u -= c;
                }
            }
        }
        self.c += 1.0;
    }
}

/// A generator of the shuffle order (SplitMix64): fixed seed, fixed order.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        order.swap(i, (z % (i as u64 + 1)) as usize);
    }
}

/// The names tagged in `examples`, as gazetteer entries.
fn names<'e>(examples: impl Iterator<Item = &'e Example>) -> Gazetteer {
    Gazetteer::new(examples.flat_map(|e| {
        decode(&e.tags)
            .into_iter()
            .map(|s| (e.words[s.start..s.end].to_vec(), s.label as u16))
    }))
}

/// Each example's features as indices into one table. With the gazetteer on, each half
/// of the data sees only the other half's names, so the model learns how far a name
/// seen elsewhere can be trusted (a name always in its own gazetteer would be trusted
/// blindly).
fn featurize(examples: &[Example], options: &Options) -> (Vec<u64>, Vec<Vec<Vec<u32>>>) {
    let halves = if options.gazetteer {
        let half = |h: usize| names(examples.iter().skip(h).step_by(2));
        [half(1), half(0)]
    } else {
        [Gazetteer::default(), Gazetteer::default()]
    };
    let hashed: Vec<Vec<Vec<u64>>> = examples
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
            sentence(&words, &halves[i % 2])
        })
        .collect();
    let mut index: foldhash::HashMap<u64, u32> = foldhash::HashMap::default();
    let mut keys = Vec::new();
    let ids = hashed
        .into_iter()
        .map(|sentence| {
            sentence
                .into_iter()
                .map(|token| {
                    let id = |h: u64| {
                        *index.entry(h).or_insert_with(|| {
                            keys.push(h);
                            (keys.len() - 1) as u32
                        })
                    };
                    token.into_iter().map(id).collect()
                })
                .collect()
        })
        .collect();
    (keys, ids)
}

/// Trains a model on `examples` (tags over `labels`); `progress` hears each epoch's end.
pub fn train(
    labels: Vec<String>,
    examples: &[Example],
    options: &Options,
    progress: &mut dyn FnMut(usize),
) -> Model {
    let mut always = |epoch| {
        progress(epoch);
        true
    };
    train_until(labels, examples, options, &mut always).expect("never asked to stop")
}

/// As `train`, but `keep_going` hears each epoch's end and can stop the training (None):
/// a retraining whose done articles changed meanwhile is given up.
pub fn train_until(
    labels: Vec<String>,
    examples: &[Example],
    options: &Options,
    keep_going: &mut dyn FnMut(usize) -> bool,
) -> Option<Model> {
    let t = tag_count(labels.len());
    let (keys, features) = featurize(examples, options);
    let empty = Weight {
        tag: 0,
        w: 0.0,
        u: 0.0,
    };
    let mut learner = Learner {
        t,
        rows: vec![Vec::new(); keys.len()],
        transitions: vec![empty; (t + 1) * t],
        c: 1.0,
    };
    let m = mask(t);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = options.seed;
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            learner.learn(&features[i], &examples[i].tags, &m);
        }
        if !keep_going(epoch + 1) {
            return None;
        }
    }
    let trained_on = TrainedOn {
        sentences: examples.len(),
        tokens: examples.iter().map(|e| e.words.len()).sum(),
        spans: examples.iter().map(|e| decode(&e.tags).len()).sum(),
        epochs: options.epochs,
    };
    let gazetteer = if options.gazetteer {
        names(examples.iter())
    } else {
        Gazetteer::default()
    };
    Some(finish(learner, labels, keys, gazetteer, trained_on))
}

/// The averaged weights, zeros dropped, features sorted by hash.
fn finish(
    learner: Learner,
    labels: Vec<String>,
    keys: Vec<u64>,
    gazetteer: Gazetteer,
    trained_on: TrainedOn,
) -> Model {
    let c = learner.c;
    let average = |w: &Weight| (f64::from(w.w) - w.u / c) as f32;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by_key(|&k| keys[k]);
    let mut model = Model {
        labels,
        keys: Vec::new(),
        offsets: vec![0],
        tags: Vec::new(),
        weights: Vec::new(),
        transitions: learner.transitions.iter().map(average).collect(),
        gazetteer,
        trained_on,
    };
    for k in order {
        let mut row: Vec<(Tag, f32)> = learner.rows[k]
            .iter()
            .map(|w| (w.tag, average(w)))
            .filter(|(_, w)| w.abs() > 1e-6)
            .collect();
        if row.is_empty() {
            continue;
        }
        row.sort_unstable_by_key(|&(tag, _)| tag);
        model.keys.push(keys[k]);
        model.tags.extend(row.iter().map(|r| r.0));
        model.weights.extend(row.iter().map(|r| r.1));
        model.offsets.push(model.tags.len() as u32);
    }
    model
}
