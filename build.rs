//! Rebuilds the generated tests when a suite file is added or removed.
fn main() {
    println!("cargo::rerun-if-changed=suites");
    println!("cargo::rerun-if-changed=tests/ui");
}
