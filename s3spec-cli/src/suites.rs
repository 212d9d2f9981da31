//! Finds and loads suites from the command's paths with the loader the macro uses, and selects
//! cases.

use std::path::{Path, PathBuf};

use s3spec_suite::names::rust_name;
use s3spec_suite::tree::{self, Loaded, LoadedSuite};

/// The suites under every path, or every mistake found in them, rendered.
pub struct Suites {
    pub loaded: Vec<Loaded>,
}

impl Suites {
    pub fn load(paths: &[PathBuf]) -> Result<Suites, String> {
        let root = std::env::current_dir().unwrap_or_default();
        let mut loaded = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let (base, rel) = split(&root, &suite_root(path));
            let mut l = tree::load(&base, &rel);
            // Only the suites under the path itself; module names stay those of the root.
            let within = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            l.suites.retain(|s| s.file.starts_with(&within));
            if l.suites.is_empty() && l.errors.is_empty() && l.diagnostics.is_empty() {
                l.errors.push(format!(
                    "no suite files (*.yaml, *.yml) at `{}`",
                    path.display()
                ));
            }
            errors.extend(l.errors.iter().map(|e| format!("error: {e}")));
            errors.extend(l.diagnostics.iter().map(|d| format!("error: {d}")));
            loaded.push(l);
        }
        if errors.is_empty() {
            Ok(Suites { loaded })
        } else {
            let n = errors.len();
            errors.push(format!(
                "s3spec: {n} error{} in the suites",
                if n == 1 { "" } else { "s" }
            ));
            Err(errors.join("\n\n"))
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Loaded, &LoadedSuite)> {
        self.loaded
            .iter()
            .flat_map(|l| l.suites.iter().map(move |s| (l, s)))
    }

    /// Every case, in file order, with its test name.
    pub fn cases(&self) -> Vec<CaseRef<'_>> {
        let mut out = Vec::new();
        for (_, s) in self.iter() {
            let module = s.modules.join("::");
            for case in &s.suite.cases {
                out.push(CaseRef {
                    suite: s,
                    case: &case.name,
                    test: format!("{module}::{}", rust_name(&case.name)),
                    module: module.clone(),
                });
            }
        }
        out
    }
}

/// One case to run.
#[derive(Debug, Clone)]
pub struct CaseRef<'a> {
    pub suite: &'a LoadedSuite,
    pub case: &'a str,
    /// The name `cargo test` gives it: `objects::basic::put_then_get`.
    pub test: String,
    pub module: String,
}

impl CaseRef<'_> {
    /// Whether any filter selects the case: `area=NAME` (the suite's first folder, or the
    /// suite at the top, as the matrix groups cases), `suite=NAME`, or a part of its test name
    /// or of `suite · case`.
    pub fn matches(&self, filters: &[String]) -> bool {
        filters.is_empty()
            || filters.iter().any(|f| {
                if let Some(area) = f.strip_prefix("area=") {
                    return self.area() == area;
                }
                if let Some(suite) = f.strip_prefix("suite=") {
                    return self.suite.suite.name == suite;
                }
                self.test.contains(f.as_str())
                    || format!("{} · {}", self.suite.suite.name, self.case).contains(f.as_str())
            })
    }

    /// `auth` for `auth::presigned`, `multipart` for a suite at the top.
    pub fn area(&self) -> String {
        s3spec::report::matrix::area(&self.module)
    }
}

/// The folder the suites of `path` are named from: the nearest folder at or above it that has
/// a `snapshots` folder beside it (as `suites/` has), so that `s3spec run suites/auth` names
/// cases and finds snapshots as `cargo test` does; else the path itself.
fn suite_root(path: &Path) -> PathBuf {
    let start = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new(""))
    };
    for dir in start.ancestors() {
        let parent = match dir.parent() {
            Some(p) if p.as_os_str().is_empty() => Path::new("."),
            Some(p) => p,
            None => break,
        };
        if dir.as_os_str().is_empty() {
            break;
        }
        if parent.join("snapshots").is_dir() {
            return dir.to_path_buf();
        }
    }
    path.to_path_buf()
}

/// A relative path is loaded from the working folder; an absolute one from its parent.
fn split(root: &Path, path: &Path) -> (PathBuf, String) {
    if path.is_absolute() {
        let parent = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (parent, name)
    } else {
        (
            root.to_path_buf(),
            path.to_string_lossy().replace('\\', "/"),
        )
    }
}
