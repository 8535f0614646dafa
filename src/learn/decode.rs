//! Decoding a sentence's scores: Viterbi for the best tagging and forward-backward for
//! each token's tag probabilities, both over valid BIO transitions only.
//!
//! `emissions` is `n × t` (token-major); `transitions` is `(t + 1) × t`, row 0 the
//! sentence start, row `p + 1` the tag before.

use super::bio::{Tag, allowed};

/// The transition table's row for `prev` (`None`: the start).
fn row(prev: Option<usize>) -> usize {
    prev.map_or(0, |p| p + 1)
}

/// Which (prev, next) pairs are allowed, as a `(t + 1) × t` mask like `transitions`.
pub fn mask(t: usize) -> Vec<bool> {
    let mut m = vec![false; (t + 1) * t];
    for prev in std::iter::once(None).chain((0..t).map(Some)) {
        for next in 0..t {
            m[row(prev) * t + next] = allowed(prev.map(|p| p as Tag), next as Tag);
        }
    }
    m
}

/// The highest-scoring valid tagging.
pub fn viterbi(emissions: &[f32], t: usize, transitions: &[f32], mask: &[bool]) -> Vec<Tag> {
    let n = emissions.len() / t;
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; n * t];
    let mut back = vec![0 as Tag; n * t];
    for j in 0..t {
        if mask[j] {
            score[j] = transitions[j] + emissions[j];
        }
    }
    for i in 1..n {
        for j in 0..t {
            let mut best = (f32::NEG_INFINITY, 0);
            for p in 0..t {
                let k = (p + 1) * t + j;
                let s = score[(i - 1) * t + p];
                if mask[k] && s > f32::NEG_INFINITY && s + transitions[k] > best.0 {
                    best = (s + transitions[k], p);
                }
            }
            score[i * t + j] = best.0 + emissions[i * t + j];
            back[i * t + j] = best.1 as Tag;
        }
    }
    let last = &score[(n - 1) * t..];
    let mut tag = (0..t).fold(0, |b, j| if last[j] > last[b] { j } else { b });
    let mut out = vec![0 as Tag; n];
    for i in (0..n).rev() {
        out[i] = tag as Tag;
        tag = back[i * t + tag] as usize;
    }
    out
}

fn log_sum_exp(values: impl Iterator<Item = f32>) -> f32 {
    let v: Vec<f32> = values.collect();
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return max;
    }
    max + v.iter().map(|x| (x - max).exp()).sum::<f32>().ln()
}

/// Each token's probability of each tag, `n × t`, treating the scores as a linear-chain
/// CRF's log-potentials (a softmax over every valid tagging). Computed with scaled
/// products, not logarithms: no `exp` in the inner loop, so 25 labels (51 tags) stay
/// within the annotator's budget; scores too far apart for that fall back to logarithms.
pub fn marginals(emissions: &[f32], t: usize, transitions: &[f32], mask: &[bool]) -> Vec<f32> {
    scaled_marginals(emissions, t, transitions, mask)
        .unwrap_or_else(|| log_marginals(emissions, t, transitions, mask))
}

/// `exp(x - max)` of each of `values` (0 where `keep` is false): at most 1, so no overflow.
fn shifted_exp(values: &[f32], keep: impl Fn(usize) -> bool) -> Vec<f64> {
    let max = (0..values.len())
        .filter(|&k| keep(k))
        .map(|k| values[k])
        .fold(f32::NEG_INFINITY, f32::max);
    (0..values.len())
        .map(|k| {
            if keep(k) {
                f64::from(values[k] - max).exp()
            } else {
                0.0
            }
        })
        .collect()
}

/// Forward-backward with each step normalised (Rabiner's scaling); None when a step
/// sums to nothing (everything underflowed).
fn scaled_marginals(
    emissions: &[f32],
    t: usize,
    transitions: &[f32],
    mask: &[bool],
) -> Option<Vec<f32>> {
    let n = emissions.len() / t;
    if n == 0 {
        return Some(Vec::new());
    }
    let trans = shifted_exp(transitions, |k| mask[k]);
    let emit: Vec<Vec<f64>> = emissions
        .chunks(t)
        .map(|e| shifted_exp(e, |_| true))
        .collect();
    let mut alpha = vec![0.0f64; n * t];
    let mut scale = vec![0.0f64; n];
    let normalise = |row: &mut [f64]| {
        let sum: f64 = row.iter().sum();
        (sum > 0.0 && sum.is_finite())
            .then(|| row.iter_mut().for_each(|x| *x /= sum))
            .map(|_| sum)
    };
    for j in 0..t {
        alpha[j] = trans[j] * emit[0][j];
    }
    scale[0] = normalise(&mut alpha[..t])?;
    for i in 1..n {
        let (before, now) = alpha.split_at_mut(i * t);
        let prev = &before[(i - 1) * t..];
        for (p, &a) in prev.iter().enumerate().filter(|(_, a)| **a > 0.0) {
            let row = &trans[(p + 1) * t..(p + 2) * t];
            for j in 0..t {
                now[j] += a * row[j];
            }
        }
        for j in 0..t {
            now[j] *= emit[i][j];
        }
        scale[i] = normalise(&mut now[..t])?;
    }
    let mut beta = vec![1.0f64; n * t];
    for i in (0..n - 1).rev() {
        let next: Vec<f64> = (0..t)
            .map(|j| emit[i + 1][j] * beta[(i + 1) * t + j] / scale[i + 1])
            .collect();
        for p in 0..t {
            let row = &trans[(p + 1) * t..(p + 2) * t];
            beta[i * t + p] = row.iter().zip(&next).map(|(a, b)| a * b).sum();
        }
    }
    Some(
        alpha
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a * b) as f32)
            .collect(),
    )
}

/// `marginals` in log space: slower, for scores whose products underflow.
fn log_marginals(emissions: &[f32], t: usize, transitions: &[f32], mask: &[bool]) -> Vec<f32> {
    let n = emissions.len() / t;
    let mut alpha = vec![f32::NEG_INFINITY; n * t];
    let mut beta = vec![0.0f32; n * t];
    if n == 0 {
        return Vec::new();
    }
    for j in 0..t {
        if mask[j] {
            alpha[j] = transitions[j] + emissions[j];
        }
    }
    for i in 1..n {
        for j in 0..t {
            let k = |p: usize| (p + 1) * t + j;
            let from = (0..t)
                .filter(|&p| mask[k(p)])
                .map(|p| alpha[(i - 1) * t + p] + transitions[k(p)]);
            alpha[i * t + j] = log_sum_exp(from) + emissions[i * t + j];
        }
    }
    for i in (0..n - 1).rev() {
        for p in 0..t {
            let k = |j: usize| (p + 1) * t + j;
            let to = (0..t)
                .filter(|&j| mask[k(j)])
                .map(|j| transitions[k(j)] + emissions[(i + 1) * t + j] + beta[(i + 1) * t + j]);
            beta[i * t + p] = log_sum_exp(to);
        }
    }
    let z = log_sum_exp(alpha[(n - 1) * t..].iter().copied());
    alpha
        .iter()
        .zip(&beta)
        .map(|(a, b)| (a + b - z).exp())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::bio::{begin, inside};

    #[test]
    fn an_inside_tag_never_follows_outside_even_when_it_scores_best() {
        let t = 3; // O, B-X, I-X
        let transitions = vec![0.0; (t + 1) * t];
        let m = mask(t);
        // token 1 prefers I-X, token 0 prefers O: the valid best is B-X I-X or O O
        let emissions = [2.0, 0.0, 0.0, 0.0, 0.0, 5.0];
        let best = viterbi(&emissions, t, &transitions, &m);
        assert_eq!(best, [begin(0), inside(0)]);
        let p = marginals(&emissions, t, &transitions, &m);
        for i in 0..2 {
            let sum: f32 = p[i * t..(i + 1) * t].iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "{sum}");
        }
        assert!(p[2] < 1e-6, "no sentence starts with I-X");
    }

    proptest::proptest! {
        #[test]
        fn scaled_and_log_space_marginals_agree(
            labels in 1usize..5,
            n in 1usize..8,
            seed in proptest::collection::vec(-30.0f32..30.0, 400),
        ) {
            let t = 2 * labels + 1;
            let m = mask(t);
            let emissions = &seed[..n * t];
            let transitions = &seed[200..200 + (t + 1) * t];
            let fast = scaled_marginals(emissions, t, transitions, &m).unwrap();
            let slow = log_marginals(emissions, t, transitions, &m);
            for (a, b) in fast.iter().zip(&slow) {
                proptest::prop_assert!((a - b).abs() < 1e-3, "{a} vs {b}");
            }
        }
    }
}
