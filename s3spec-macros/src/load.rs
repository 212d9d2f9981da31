//! Loads the suites under the macro's path, from the package that invokes it.

use std::path::{Path, PathBuf};

pub use s3spec_suite::tree::{Loaded, LoadedSuite};

use crate::input::Input;

/// The package root: the folder of the `Cargo.toml` above the file that invokes the macro
/// (that is `CARGO_MANIFEST_DIR` except under tools that build copies of test files).
fn package_root(call_file: Option<&Path>) -> PathBuf {
    let from_file = call_file.and_then(|f| {
        let f = if f.is_absolute() {
            f.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(f)
        };
        f.ancestors()
            .skip(1)
            .find(|dir| dir.join("Cargo.toml").is_file())
            .map(Path::to_path_buf)
    });
    from_file
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
        .unwrap_or_default()
}

pub fn load(input: &Input, call_file: Option<&Path>) -> Loaded {
    s3spec_suite::tree::load(&package_root(call_file), &input.path.value())
}
