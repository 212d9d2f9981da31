//! Any S3 endpoint, described by environment variables.

use super::{Addressing, Checksums, Credentials, Target, TargetError};

/// A value that names a folder under `snapshots/`.
fn folder_name(var: &str, value: String) -> Result<String, TargetError> {
    if value.is_empty()
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(TargetError::Config(format!(
            "{var} must be letters, digits, `-` or `_`, got {value:?}"
        )));
    }
    Ok(value)
}

/// A target from `S3SPEC_*` variables, or `None` when `S3SPEC_ENDPOINT` is unset.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Target>, TargetError> {
    let Some(endpoint) = var("S3SPEC_ENDPOINT").filter(|e| !e.is_empty()) else {
        return Ok(None);
    };
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(TargetError::Config(format!(
            "S3SPEC_ENDPOINT must be an http:// or https:// URL, got {endpoint:?}"
        )));
    }
    let required = |name: &str| {
        var(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| TargetError::Config(format!("S3SPEC_ENDPOINT is set but {name} is not")))
    };
    let name = folder_name(
        "S3SPEC_TARGET",
        var("S3SPEC_TARGET").unwrap_or_else(|| "endpoint".to_owned()),
    )?;
    let addressing = match var("S3SPEC_ADDRESSING").as_deref() {
        None | Some("path") => Addressing::Path,
        Some("virtual") => Addressing::VirtualHost,
        Some(other) => {
            return Err(TargetError::Config(format!(
                "S3SPEC_ADDRESSING must be path or virtual, got {other:?}"
            )));
        }
    };
    let checksums = match var("S3SPEC_CHECKSUMS").as_deref() {
        None | Some("when_required") => Checksums::WhenRequired,
        Some("when_supported") => Checksums::WhenSupported,
        Some(other) => {
            return Err(TargetError::Config(format!(
                "S3SPEC_CHECKSUMS must be when_required or when_supported, got {other:?}"
            )));
        }
    };
    let snapshots = folder_name(
        "S3SPEC_SNAPSHOTS",
        var("S3SPEC_SNAPSHOTS").unwrap_or_else(|| name.clone()),
    )?;
    let alt = match (var("S3SPEC_ALT_ACCESS_KEY"), var("S3SPEC_ALT_SECRET_KEY")) {
        (Some(access_key), Some(secret_key)) => Some(Credentials {
            access_key,
            secret_key,
        }),
        (None, None) => None,
        _ => {
            return Err(TargetError::Config(
                "set both S3SPEC_ALT_ACCESS_KEY and S3SPEC_ALT_SECRET_KEY, or neither".to_owned(),
            ));
        }
    };
    Ok(Some(Target {
        alt,
        snapshots,
        name,
        endpoint: endpoint.trim_end_matches('/').to_owned(),
        region: var("S3SPEC_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
        credentials: Credentials {
            access_key: required("S3SPEC_ACCESS_KEY")?,
            secret_key: required("S3SPEC_SECRET_KEY")?,
        },
        addressing,
        checksums,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn no_endpoint_means_no_endpoint_target() {
        assert!(matches!(from_env(env(&[])), Ok(None)));
    }

    #[test]
    fn reads_a_full_description() {
        let t = from_env(env(&[
            ("S3SPEC_ENDPOINT", "http://127.0.0.1:9000/"),
            ("S3SPEC_TARGET", "minio"),
            ("S3SPEC_ACCESS_KEY", "ak"),
            ("S3SPEC_SECRET_KEY", "sk"),
            ("S3SPEC_ADDRESSING", "virtual"),
            ("S3SPEC_CHECKSUMS", "when_supported"),
        ]))
        .expect("valid")
        .expect("present");
        assert_eq!(t.name, "minio");
        assert_eq!(t.endpoint, "http://127.0.0.1:9000");
        assert_eq!(t.region, "us-east-1");
        assert_eq!(t.addressing, Addressing::VirtualHost);
        assert_eq!(t.checksums, Checksums::WhenSupported);
    }

    #[test]
    fn names_what_is_wrong() {
        let err = from_env(env(&[("S3SPEC_ENDPOINT", "http://x")])).expect_err("no keys");
        assert!(err.to_string().contains("S3SPEC_ACCESS_KEY"), "{err}");
        let err = from_env(env(&[("S3SPEC_ENDPOINT", "localhost:9000")])).expect_err("no scheme");
        assert!(err.to_string().contains("http://"), "{err}");
        let err = from_env(env(&[
            ("S3SPEC_ENDPOINT", "http://x"),
            ("S3SPEC_ACCESS_KEY", "a"),
            ("S3SPEC_SECRET_KEY", "s"),
            ("S3SPEC_CHECKSUMS", "always"),
        ]))
        .expect_err("bad mode");
        assert!(err.to_string().contains("when_required"), "{err}");
    }
}
