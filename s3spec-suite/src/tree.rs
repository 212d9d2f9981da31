//! Finds the suite files under a path and loads each, collecting every error of every file, then
//! checks every target's known differences against them. The macro and the `s3spec` command
//! both load suites this way, so they accept and reject the same files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::names::rust_name;
use crate::{Diagnostic, Loc, SourceFile, Suite};

/// A suite that loaded, with where it is.
#[derive(Debug)]
pub struct LoadedSuite {
    pub suite: Suite,
    /// Absolute (the macro embeds it with `include_bytes!`).
    pub file: PathBuf,
    /// Relative to the package root, as messages and the runtime name it.
    pub display: String,
    /// Module path from the macro's folder: `["objects", "basic"]`.
    pub modules: Vec<String>,
}

#[derive(Debug)]
pub struct Loaded {
    /// The package root the path is relative to.
    pub root: PathBuf,
    /// The folder of the targets' snapshot folders, next to the suites: relative to the root,
    /// as the runtime gets it.
    pub snapshots: String,
    /// Every `<snapshots>/<target>/known-differences.yaml`, absolute, for `include_bytes!`.
    pub known_files: Vec<PathBuf>,
    /// A known-differences file has mistakes: no tests are generated, so its errors are the
    /// only ones.
    pub known_failed: bool,
    pub suites: Vec<LoadedSuite>,
    /// Problems that are not about one place in a suite (a missing path).
    pub errors: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the suite file or folder `rel`, relative to `root` (the package root for the macro,
/// the working folder for the command).
pub fn load(root: &Path, rel: &str) -> Loaded {
    let root = root.to_path_buf();
    let base = root.join(rel);
    let snapshots = snapshots_folder(rel);
    let mut loaded = Loaded {
        root: root.clone(),
        snapshots: snapshots.clone(),
        known_files: Vec::new(),
        known_failed: false,
        suites: Vec::new(),
        errors: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut files = Vec::new();
    if base.is_dir() {
        collect(&base, &mut files);
        if files.is_empty() {
            loaded.errors.push(format!(
                "no suite files (*.yaml, *.yml) under `{rel}` ({})",
                base.display()
            ));
        }
    } else if base.is_file() {
        files.push(base.clone());
    } else {
        loaded.errors.push(format!(
            "suite path `{rel}` does not exist (looked for {})",
            base.display()
        ));
    }
    let mut modules_seen: HashMap<Vec<String>, String> = HashMap::new();
    for file in files {
        let display = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        match crate::load_file(&file, &display) {
            Ok(suite) => {
                let mut modules: Vec<String> = if base.is_dir() {
                    let parent = file
                        .parent()
                        .and_then(|p| p.strip_prefix(&base).ok())
                        .unwrap_or(Path::new(""));
                    parent
                        .components()
                        .map(|c| rust_name(&c.as_os_str().to_string_lossy()))
                        .collect()
                } else {
                    Vec::new()
                };
                modules.push(rust_name(&suite.name));
                if let Some(other) = modules_seen.get(&modules) {
                    let at = Loc {
                        line: 1,
                        col: 1,
                        width: 1,
                    };
                    let d = SourceFile::new(
                        display.clone(),
                        std::fs::read_to_string(&file).unwrap_or_default(),
                    )
                    .diagnostic(
                        at,
                        format!(
                            "suite module `{}` is already defined by {other}",
                            modules.join("::")
                        ),
                    )
                    .note("give one of the suites another `suite:` name");
                    loaded.diagnostics.push(d);
                    continue;
                }
                modules_seen.insert(modules.clone(), display.clone());
                loaded.suites.push(LoadedSuite {
                    suite,
                    file,
                    display,
                    modules,
                });
            }
            Err(mut diags) => loaded.diagnostics.append(&mut diags),
        }
    }
    // Entries naming suites that did not load would only repeat those suites' errors.
    if loaded.diagnostics.is_empty() {
        check_known(&mut loaded, &root.join(&snapshots));
    }
    loaded
}

/// `snapshots` next to the macro's path: `suites` → `snapshots`, `tests/x.yaml` → `tests/snapshots`.
fn snapshots_folder(rel: &str) -> String {
    let parent = Path::new(rel).parent().unwrap_or(Path::new(""));
    parent
        .join("snapshots")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads every target's known differences and checks that each names a loaded suite, one of its
/// cases and one of that case's steps.
fn check_known(loaded: &mut Loaded, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut targets: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    targets.sort();
    let suites: Vec<&Suite> = loaded.suites.iter().map(|s| &s.suite).collect();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for target in targets.iter().filter(|t| t.is_dir()) {
        let file = target.join(crate::known::FILE_NAME);
        if !file.is_file() {
            continue;
        }
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let display = format!("{}/{name}", loaded.snapshots);
        match crate::known::load(target, &display) {
            Ok(known) => diags.extend(crate::known::check(&known, &suites)),
            Err(mut d) => diags.append(&mut d),
        }
        files.push(file);
    }
    loaded.known_files = files;
    loaded.known_failed = !diags.is_empty();
    loaded.diagnostics.extend(diags);
}

/// Every `*.yaml`/`*.yml` file under `dir`, in a stable order. A folder reached twice
/// (through a symbolic link, or a link loop) is read once.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    collect_once(dir, out, &mut Vec::new());
}

fn collect_once(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut Vec<PathBuf>) {
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if seen.contains(&real) {
        return;
    }
    seen.push(real);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_once(&path, out, seen);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbolic_link_loop_reads_each_suite_once() {
        let dir = std::env::temp_dir().join(format!("s3spec-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("suites/a")).ok();
        std::fs::write(dir.join("suites/a/s.yaml"), "cases: []").ok();
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink(dir.join("suites"), dir.join("suites/a/loop"));
        }
        let mut files = Vec::new();
        collect(&dir.join("suites"), &mut files);
        assert_eq!(files.len(), 1, "{files:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
