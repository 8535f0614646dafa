//! What a three-way merge of a shared file gives (`merge`, `doc_merge`), in a module of
//! its own so the two need not name each other.

/// A merge's result: the text, and what its rules did, for the summary `sync` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub said: Vec<String>,
}

impl Merged {
    /// A merge whose rules have nothing to say.
    pub(super) fn quiet(text: String) -> Merged {
        Merged {
            text,
            said: Vec::new(),
        }
    }
}
