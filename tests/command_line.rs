//! The command line as a user meets it: the real `tanba` binary run on temporary homes.
//! One test binary, so the crate links once. To add tests, write `tests/cli/NAME.rs`
//! (helpers from `crate::common`, e.g. `use crate::common::{ok, run};`) and list it below.

mod common;

mod cli {
    mod agree;
    mod assign;
    mod doc_labels;
    mod export;
    mod export_back;
    mod gold_roundtrip;
    mod honest_figures;
    mod import;
    mod journal;
    mod labels;
    mod learn;
    mod links;
    mod lint;
    mod merge_update;
    mod relations;
    mod search;
    mod setup;
    mod shell;
    mod stats;
    mod suggest;
    mod sync;
    mod sync_merge;
    mod usage;
}
