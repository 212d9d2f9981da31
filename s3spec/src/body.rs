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
        Value::File(path) => {
            let full = ctx.suite_dir.join(path);
            std::fs::read(&full)
                .map_err(|e| format!("failed to read body file {}: {e}", full.display()))
        }
        other => resolve::text(other, ctx).map(String::into_bytes),
    }
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
    fn generated_content_is_deterministic_and_seeded() {
        assert_eq!(generate(1000, 1), generate(1000, 1));
        assert_ne!(generate(1000, 1), generate(1000, 2));
        assert_eq!(generate(13, 5).len(), 13);
        assert_eq!(&generate(100, 3)[..13], &generate(13, 3)[..]);
    }
}
