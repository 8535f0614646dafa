//! End to end: the real binary in a pseudo-terminal (harness in `tests/common`, waits
//! tunable with TANBA_E2E_TIMEOUT_MS), and crash tests that kill a writer mid-flight.
//! One test binary, so the crate links once. To add tests, write `tests/e2e/NAME.rs`
//! (helpers from `crate::common`, e.g. `use crate::common::{Home, Tui};`) and list it below.

mod common;

mod e2e {
    mod browse;
    mod crash;
    mod curate;
    mod drop;
    mod journal;
    mod labels;
    mod learn;
    mod links;
    mod lint;
    mod relations;
    mod reliability;
    mod resize;
    mod ssh;
    mod store_crash;
    mod suggest;
    mod tag;
    mod take_over;
    mod team;
}
