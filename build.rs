//! Rebuilds the generated tests when a suite or known-differences file is added or removed.
fn main() {
    println!("cargo::rerun-if-changed=suites");
    println!("cargo::rerun-if-changed=tests/ui");
    // Known differences are checked against the suites when the tests compile.
    println!("cargo::rerun-if-changed=snapshots");
}
