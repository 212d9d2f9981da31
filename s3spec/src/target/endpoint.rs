//! Any S3 endpoint, described by environment variables.

use std::time::Duration;

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
    let authority = endpoint
        .split_once("://")
        .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
    if let Some((_, host)) = authority.rsplit_once('@') {
        // The URL is not repeated: it holds a password.
        return Err(TargetError::Config(format!(
            "S3SPEC_ENDPOINT must not hold credentials (`user:password@{host}`): S3 signs with S3SPEC_ACCESS_KEY and S3SPEC_SECRET_KEY"
        )));
    }
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
        identities: Vec::new(),
        request_timeout: super::DEFAULT_REQUEST_TIMEOUT,
        case_timeout: super::DEFAULT_CASE_TIMEOUT,
    }))
}

/// Named credential sets from `S3SPEC_IDENTITY_<NAME>=<access key>:<secret key>` variables; the
/// name is the rest of the variable's name in lowercase with `_` as `-` (`READ_ONLY` is
/// `read-only`).
pub fn identities_from(
    vars: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(String, Credentials)>, TargetError> {
    let mut out = Vec::new();
    for (key, value) in vars {
        let Some(rest) = key.strip_prefix("S3SPEC_IDENTITY_") else {
            continue;
        };
        let name: String = rest
            .chars()
            .map(|c| {
                if c == '_' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let Some((access_key, secret_key)) = value.split_once(':') else {
            return Err(TargetError::Config(format!(
                "{key} must be `<access key>:<secret key>`"
            )));
        };
        out.push((
            name,
            Credentials {
                access_key: access_key.to_owned(),
                secret_key: secret_key.to_owned(),
            },
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// `S3SPEC_REQUEST_TIMEOUT`: seconds, or a duration with a unit (`90s`, `2m`).
pub fn request_timeout(value: Option<String>) -> Result<Option<Duration>, TargetError> {
    duration_of("S3SPEC_REQUEST_TIMEOUT", value)
}

/// A positive duration given in `variable`: seconds, or with a unit (`90s`, `2m`).
pub fn duration_of(variable: &str, value: Option<String>) -> Result<Option<Duration>, TargetError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match s3spec_suite::send::parse_duration(&value) {
        Ok(secs) if secs > 0 => Ok(Some(Duration::from_secs(secs.unsigned_abs()))),
        _ => Err(TargetError::Config(format!(
            "{variable} must be a positive duration (`30`, `90s`, `2m`), got {value:?}"
        ))),
    }
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
    fn credentials_in_the_endpoint_are_refused_without_repeating_them() {
        let err = from_env(env(&[
            (
                "S3SPEC_ENDPOINT",
                "http://user:canary-password@127.0.0.1:9000/",
            ),
            ("S3SPEC_ACCESS_KEY", "a"),
            ("S3SPEC_SECRET_KEY", "s"),
        ]))
        .expect_err("credentials in the URL");
        let text = err.to_string();
        assert!(text.contains("must not hold credentials"), "{text}");
        assert!(!text.contains("canary-password"), "{text}");
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

    #[test]
    fn named_credential_sets_come_from_identity_variables() {
        let vars = [
            ("S3SPEC_IDENTITY_READ_ONLY".to_owned(), "AK1:SK1".to_owned()),
            ("S3SPEC_ENDPOINT".to_owned(), "http://x".to_owned()),
            ("S3SPEC_IDENTITY_OTHER".to_owned(), "AK2:SK:2".to_owned()),
        ];
        let sets = identities_from(vars).expect("valid");
        let names: Vec<&str> = sets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["other", "read-only"]);
        assert_eq!(sets[0].1.secret_key, "SK:2", "only the first `:` separates");
        let bad = identities_from([("S3SPEC_IDENTITY_X".to_owned(), "no-colon".to_owned())]);
        assert!(bad.is_err());
        assert_eq!(
            request_timeout(Some("90s".into())).expect("valid"),
            Some(Duration::from_secs(90))
        );
        assert!(request_timeout(Some("0".into())).is_err());
        assert_eq!(request_timeout(None).expect("unset"), None);
    }
}
