//! Object bodies: inline text, files next to the suite, and generated content.

use s3spec_suite::Value;

use crate::exec::resolve::{self, Ctx};

/// The bytes of a `Body` parameter.
pub(crate) fn bytes(v: &Value, ctx: &Ctx<'_>) -> Result<Vec<u8>, String> {
    match v {
        Value::Generated { size, seed } => {
            let size = usize::try_from(*size)
                .map_err(|_| format!("a body of {size} bytes does not fit in memory"))?;
            Ok(generate(size, *seed))
        }
        Value::File(path) => read_file(ctx.suite_dir, path, &allowed_dirs(), MAX_FILE_BODY),
        other => resolve::text(other, ctx).map(String::into_bytes),
    }
}

/// The largest `file://` body, read whole into memory.
pub const MAX_FILE_BODY: u64 = 256 << 20;

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

/// Reads a `file://` body: a regular file of at most `max` bytes, inside the suite's package
/// (the folder of the nearest `Cargo.toml` above the suite, else the suite's folder) or one of
/// `allowed`, after following symbolic links. So a suite cannot upload `/proc/self/environ` or
/// read `/dev/zero` until memory runs out.
fn read_file(
    suite_dir: &std::path::Path,
    path: &str,
    allowed: &[std::path::PathBuf],
    max: u64,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
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
            "body file {} has {} bytes, more than the {} a file body may have (use a generated body, `{{ size: ... }}`, for large objects)",
            full.display(),
            meta.len(),
            max
        ));
    }
    let mut out = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(&real)
        .and_then(|f| f.take(max + 1).read_to_end(&mut out))
        .map_err(|e| format!("failed to read body file {}: {e}", full.display()))?;
    if out.len() as u64 > max {
        return Err(format!(
            "body file {} grew past {max} bytes while read",
            full.display()
        ));
    }
    Ok(out)
}

/// Deterministic content: the same `size` and `seed` always give the same bytes, so responses
/// (ETags, checksums) of generated bodies are stable across runs and targets.
pub fn generate(size: usize, seed: u64) -> Vec<u8> {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(size + 8);
    while out.len() < size {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(size);
    out
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
        assert_eq!(
            read_file(&suites, "files/a.txt", &[], 100).ok(),
            Some(b"hello".to_vec())
        );
        // Inside the package, above the suites: allowed.
        assert_eq!(
            read_file(&suites, "../top.txt", &[], 100).ok(),
            Some(b"top".to_vec())
        );
        let e = read_file(&suites, "/proc/self/environ", &[], 100).unwrap_err();
        assert!(e.contains("outside the suite's package"), "{e}");
        let e = read_file(
            &suites,
            "/dev/zero",
            &[std::path::PathBuf::from("/dev")],
            100,
        )
        .unwrap_err();
        assert!(e.contains("is not a regular file"), "{e}");
        let e = read_file(&suites, "files/a.txt", &[], 3).unwrap_err();
        assert!(e.contains("has 5 bytes, more than the 3"), "{e}");
        let e = read_file(&suites, "files", &[], 100).unwrap_err();
        assert!(e.contains("is not a regular file"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn generated_content_is_deterministic_and_seeded() {
        assert_eq!(generate(1000, 1), generate(1000, 1));
        assert_ne!(generate(1000, 1), generate(1000, 2));
        assert_eq!(generate(13, 5).len(), 13);
        assert_eq!(&generate(100, 3)[..13], &generate(13, 3)[..]);
    }
}
