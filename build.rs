//! Rebuilds the generated tests when a suite or known-differences file is added or removed.
fn main() {
    println!("cargo::rerun-if-changed=suites");
    // Known differences are checked against the suites when the tests compile.
    println!("cargo::rerun-if-changed=snapshots");
}
