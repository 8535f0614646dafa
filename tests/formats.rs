//! Formats through the library: readers, golden exports, round trips, malformed input and
//! the shipped sample data. Data lives in `tests/golden/` and `tests/malformed/` (found
//! from CARGO_MANIFEST_DIR); a proptest's saved cases sit beside its file
//! (`tests/formats/NAME.proptest-regressions`).
//! One test binary, so the crate links once. To add tests, write `tests/formats/NAME.rs`
//! and list it below.

mod formats {
    mod export_back;
    mod golden;
    mod links;
    mod malformed;
    mod meta_roundtrip;
    mod reader_props;
    mod readers;
    mod relations;
    mod roundtrip;
    mod sample_data;
}
