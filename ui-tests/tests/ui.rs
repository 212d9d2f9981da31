//! Mistakes in suites are compile errors that point at the YAML: each `ui/*.rs` expands a broken
//! suite and its `.stderr` holds the exact messages.

#[test]
fn suite_mistakes_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
