//! Names of what a run creates. Every bucket carries the run's prefix, and the harness refuses to
//! delete a bucket without it, so it can only ever remove what it created.

use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::OnceLock;

/// `s3spec-<8 hex>-`: shared by every test process of a `cargo nextest run` (from
/// `NEXTEST_RUN_ID`), else one per test process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPrefix(String);

impl RunPrefix {
    pub fn current() -> &'static RunPrefix {
        static PREFIX: OnceLock<RunPrefix> = OnceLock::new();
        PREFIX.get_or_init(|| match std::env::var("NEXTEST_RUN_ID") {
            Ok(id) if !id.is_empty() => RunPrefix::from_id(&id),
            _ => RunPrefix::from_id(&format!("{}-{}", std::process::id(), random_hex())),
        })
    }

    pub fn from_id(id: &str) -> Self {
        let mut h = std::hash::DefaultHasher::new();
        id.hash(&mut h);
        RunPrefix(format!("s3spec-{:08x}-", h.finish() as u32))
    }

    /// Fresh names for a case: `$bucket` (created by the harness) and `$new_bucket` (for the
    /// case to create). Unique per call, so a retried test never meets its earlier attempt.
    pub fn case_buckets(&self, suite: &str, case: &str) -> (String, String) {
        let mut h = std::hash::DefaultHasher::new();
        (suite, case).hash(&mut h);
        let stem = format!(
            "{}{:06x}{}",
            self.0,
            h.finish() & 0xff_ffff,
            &random_hex()[..4]
        );
        (format!("{stem}-a"), format!("{stem}-b"))
    }

    /// The run that named `bucket`, if an s3spec run did (`s3spec-<8 hex>-...`).
    pub fn of_bucket(bucket: &str) -> Option<RunPrefix> {
        let rest = bucket.strip_prefix("s3spec-")?;
        let (id, tail) = rest.split_at_checked(8)?;
        let hex = id
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
        (hex && tail.starts_with('-') && tail.len() > 1).then(|| RunPrefix(format!("s3spec-{id}-")))
    }

    /// Whether `bucket` was named by this run.
    pub fn owns(&self, bucket: &str) -> bool {
        bucket.len() > self.0.len() && bucket.starts_with(&self.0)
    }
}

impl fmt::Display for RunPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn random_hex() -> String {
    format!(
        "{:016x}",
        RandomState::new().hash_one(std::time::SystemTime::now())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_are_valid_unique_and_owned() {
        let run = RunPrefix::from_id("0192a1b2-c3d4");
        let (a, b) = run.case_buckets("objects", "get returns the body");
        let (a2, _) = run.case_buckets("objects", "get returns the body");
        assert_ne!(a, a2);
        for name in [&a, &b] {
            assert!(name.len() <= 63, "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert!(run.owns(name));
        }
        assert!(!run.owns("my-production-bucket"));
        assert_eq!(RunPrefix::of_bucket(&a), Some(run.clone()));
        for other in [
            "my-production-bucket",
            "s3spec-1234567-x",
            "s3spec-0123456g-x",
            "s3spec-01234567-",
        ] {
            assert_eq!(RunPrefix::of_bucket(other), None, "{other}");
        }
        assert!(!run.owns(&run.to_string()));
        assert!(!RunPrefix::from_id("another run").owns(&a));
    }

    #[test]
    fn the_same_run_id_gives_the_same_prefix() {
        assert_eq!(RunPrefix::from_id("x"), RunPrefix::from_id("x"));
        assert_ne!(RunPrefix::from_id("x"), RunPrefix::from_id("y"));
    }
}
