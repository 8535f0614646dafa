//! A trained tagger: feature weights per tag, transition weights, the labels and the
//! gazetteer; tagging with confidences; saving and loading in a compact binary form.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::bio::{Tag, TokenSpan, decode, tag_count};
use super::decode::{marginals, mask, viterbi};
use super::features::{Gazetteer, sentence};

/// The first bytes of a model file, then the format version, then postcard.
const MAGIC: &[u8; 12] = b"tanba-model\n";
pub const FORMAT: u32 = 1;

/// What a model was trained on, for its summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainedOn {
    pub sentences: usize,
    pub tokens: usize,
    pub spans: usize,
    pub epochs: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub(super) labels: Vec<String>,
    /// Feature hashes, sorted; feature `k`'s weights are `tags/weights[offsets[k]..offsets[k + 1]]`.
    pub(super) keys: Vec<u64>,
    pub(super) offsets: Vec<u32>,
    pub(super) tags: Vec<Tag>,
    pub(super) weights: Vec<f32>,
    /// `(t + 1) × t`: row 0 the sentence start, row `p + 1` after tag `p`.
    pub(super) transitions: Vec<f32>,
    pub(super) gazetteer: Gazetteer,
    pub trained_on: TrainedOn,
}

/// One sentence tagged: each token's tag and the probability of that tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagging {
    pub tags: Vec<Tag>,
    pub confidence: Vec<f32>,
}

impl Tagging {
    /// The spans of the tagging, each with its confidence: the least probability of its
    /// tokens' tags.
    pub fn spans(&self) -> Vec<(TokenSpan, f32)> {
        decode(&self.tags)
            .into_iter()
            .map(|s| {
                let c = self.confidence[s.start..s.end]
                    .iter()
                    .copied()
                    .fold(1.0, f32::min);
                (s, c)
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    // the OS reason is in the message, not a source too: `{:#}` would say it twice
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: not a tanba model (train one with `tanba train`)", path.display())]
    NotAModel { path: PathBuf },
    #[error("{}: model format {found}, this tanba reads {FORMAT}: train it again", path.display())]
    Format { path: PathBuf, found: u32 },
    #[error("{}: damaged model: {message}", path.display())]
    Damaged { path: PathBuf, message: String },
}

impl Model {
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Features kept and weights kept.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.weights.len())
    }

    pub fn tag_count(&self) -> usize {
        tag_count(self.labels.len())
    }

    /// The `n × t` scores of each tag for each token.
    pub(super) fn emissions(&self, features: &[Vec<u64>]) -> Vec<f32> {
        let t = self.tag_count();
        let mut out = vec![0.0; features.len() * t];
        for (i, f) in features.iter().enumerate() {
            let row = &mut out[i * t..(i + 1) * t];
            for key in f {
                if let Ok(k) = self.keys.binary_search(key) {
                    let (a, b) = (self.offsets[k] as usize, self.offsets[k + 1] as usize);
                    for (&tag, &w) in self.tags[a..b].iter().zip(&self.weights[a..b]) {
                        row[tag as usize] += w;
                    }
                }
            }
        }
        out
    }

    /// The best valid tagging of `words`, with each token's probability of its tag.
    pub fn tag(&self, words: &[&str]) -> Tagging {
        let t = self.tag_count();
        let emissions = self.emissions(&sentence(words, &self.gazetteer));
        let m = mask(t);
        let tags = viterbi(&emissions, t, &self.transitions, &m);
        let p = marginals(&emissions, t, &self.transitions, &m);
        let confidence = tags
            .iter()
            .enumerate()
            .map(|(i, &tag)| p[i * t + tag as usize])
            .collect();
        Tagging { tags, confidence }
    }

    /// The best valid tagging only (no probabilities): for scoring.
    pub fn best(&self, words: &[&str]) -> Vec<Tag> {
        let t = self.tag_count();
        let emissions = self.emissions(&sentence(words, &self.gazetteer));
        viterbi(&emissions, t, &self.transitions, &mask(t))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT.to_le_bytes());
        let body = postcard::to_allocvec(self).expect("a model always serializes");
        out.extend_from_slice(&body);
        out
    }

    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Model, ModelError> {
        let path = path.to_path_buf();
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Err(ModelError::NotAModel { path });
        };
        let (version, body) = rest.split_at_checked(4).ok_or(ModelError::Damaged {
            path: path.clone(),
            message: "cut short".into(),
        })?;
        let found = u32::from_le_bytes(version.try_into().expect("4 bytes"));
        if found != FORMAT {
            return Err(ModelError::Format { path, found });
        }
        let mut model: Model = postcard::from_bytes(body).map_err(|e| ModelError::Damaged {
            path: path.clone(),
            message: e.to_string(),
        })?;
        model
            .check()
            .map_err(|message| ModelError::Damaged { path, message })?;
        model.gazetteer.index();
        Ok(model)
    }

    /// The tables agree with each other, so tagging never indexes out of bounds.
    fn check(&self) -> Result<(), String> {
        let t = self.tag_count();
        let ok = self.offsets.len() == self.keys.len() + 1
            && self.offsets.windows(2).all(|w| w[0] <= w[1])
            && self.offsets.last().map(|&o| o as usize) == Some(self.tags.len())
            && self.tags.len() == self.weights.len()
            && self.tags.iter().all(|&tag| (tag as usize) < t)
            && self.transitions.len() == (t + 1) * t;
        if ok {
            Ok(())
        } else {
            Err("its tables do not fit together".into())
        }
    }

    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            error: source,
        })?;
        Model::from_bytes(&bytes, path)
    }

    /// Writes the model atomically.
    pub fn save(&self, path: &Path) -> Result<(), crate::store::StoreError> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| crate::store::StoreError::io(dir, e))?;
        }
        crate::store::atomic_write(path, &self.to_bytes())
    }
}
