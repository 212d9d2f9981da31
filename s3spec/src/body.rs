//! Object bodies: inline text, files next to the suite, and generated content. Files and
//! generated content are streamed as they are sent, never held whole in memory.

use s3spec_suite::Value;

use crate::exec::resolve::{self, Ctx};
use crate::wire::body::Body;
pub use crate::wire::body::generate;

/// The body of a `Body` parameter.
pub(crate) fn body(v: &Value, ctx: &Ctx<'_>) -> Result<Body, String> {
    match v {
        Value::Generated { size, seed } => Ok(Body::generated(*size, *seed)),
        Value::File(path) => {
            let (real, len) = check_file(ctx.suite_dir, path, &allowed_dirs(), MAX_FILE_BODY)?;
            Ok(Body::file(real, len))
        }
        other => resolve::text(other, ctx).map(|t| Body::from(t.into_bytes())),
    }
}

/// The largest `file://` body: 5 GiB, the largest object one PutObject may send.
pub const MAX_FILE_BODY: u64 = 5 << 30;

/// Folders besides the suite's package that `file://` bodies may come from:
/// `S3SPEC_BODY_DIRS`, separated like `PATH`.
fn allowed_dirs() -> Vec<std::path::PathBuf> {
    std::env::var_os("S3SPEC_BODY_DIRS")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Checks a `file://` body: a regular file of at most `max` bytes, inside the suite's package
/// (the folder of the nearest `Cargo.toml` above the suite, else the suite's folder) or one of
/// `allowed`, after following symbolic links. So a suite cannot upload `/proc/self/environ` or
/// read `/dev/zero` forever. Gives the file's real path and its length, which is what is sent.
fn check_file(
    suite_dir: &std::path::Path,
    path: &str,
    allowed: &[std::path::PathBuf],
    max: u64,
) -> Result<(std::path::PathBuf, u64), String> {
    let full = suite_dir.join(path);
    let real = full
        .canonicalize()
        .map_err(|e| format!("failed to read body file {}: {e}", full.display()))?;
    let suite_dir = suite_dir
        .canonicalize()
        .unwrap_or_else(|_| suite_dir.to_path_buf());
    let package = suite_dir
        .ancestors()
        .find(|d| d.join("Cargo.toml").is_file())
        .unwrap_or(&suite_dir)
        .to_path_buf();
    let inside = std::iter::once(package.clone())
        .chain(allowed.iter().filter_map(|d| d.canonicalize().ok()))
        .any(|root| real.starts_with(root));
    if !inside {
        return Err(format!(
            "body file {} is outside the suite's package ({}): name it relative to the suite, or allow its folder with S3SPEC_BODY_DIRS",
            full.display(),
            package.display()
        ));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| format!("failed to read body file {}: {e}", full.display()))?;
    if !meta.is_file() {
        return Err(format!(
            "body file {} is not a regular file",
            full.display()
        ));
    }
    if meta.len() > max {
        return Err(format!(
            "body file {} has {} bytes, more than the {} a file body may have",
            full.display(),
            meta.len(),
            max
        ));
    }
    Ok((real, meta.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_bodies_stay_inside_the_package_and_their_size() {
        let dir = std::env::temp_dir().join(format!("s3spec-body-{}", std::process::id()));
        let suites = dir.join("suites");
        std::fs::create_dir_all(suites.join("files")).ok();
        std::fs::write(dir.join("Cargo.toml"), "").ok();
        std::fs::write(suites.join("files/a.txt"), "hello").ok();
        std::fs::write(dir.join("top.txt"), "top").ok();
        let read = |path: &str, max| {
            check_file(&suites, path, &[], max)
                .map(|(real, len)| Body::file(real, len).to_bytes("a test").unwrap().to_vec())
        };
        assert_eq!(read("files/a.txt", 100).ok(), Some(b"hello".to_vec()));
        // Inside the package, above the suites: allowed.
        assert_eq!(read("../top.txt", 100).ok(), Some(b"top".to_vec()));
        let e = check_file(&suites, "/proc/self/environ", &[], 100).unwrap_err();
        assert!(e.contains("outside the suite's package"), "{e}");
        let e = check_file(
            &suites,
            "/dev/zero",
            &[std::path::PathBuf::from("/dev")],
            100,
        )
        .unwrap_err();
        assert!(e.contains("is not a regular file"), "{e}");
        let e = check_file(&suites, "files/a.txt", &[], 3).unwrap_err();
        assert!(e.contains("has 5 bytes, more than the 3"), "{e}");
        let e = check_file(&suites, "files", &[], 100).unwrap_err();
        assert!(e.contains("is not a regular file"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
