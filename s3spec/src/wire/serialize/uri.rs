//! The request target: the path with its labels filled in, the literal query of the URI
//! pattern, and the Host for virtual-hosted buckets.

use s3spec_api::{Binding, Member, Operation};

use super::{Addressing, BuildErrorKind, Input, Problem, http};

/// Where a request goes.
#[derive(Debug)]
pub(super) struct Target {
    pub host: Option<String>,
    pub path: String,
    pub query: Vec<(String, Option<String>)>,
}

/// Whether a bucket name can go in front of the host: 3 to 63 lowercase letters, digits, `-`
/// and `.`, starting and ending with a letter or digit, without `..`, and not an IP address.
pub(super) fn virtual_hostable(bucket: &str) -> bool {
    let edges_ok =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && edges_ok(bucket.chars().next())
        && edges_ok(bucket.chars().last())
        && !bucket.contains("..")
        && bucket.parse::<std::net::Ipv4Addr>().is_err()
}

impl Target {
    pub fn new(
        op: &Operation,
        bound: &[(&'static Member, &Input)],
        addressing: &Addressing,
    ) -> Result<Self, (&'static str, Problem)> {
        let (pattern, literal_query) = op.uri.split_once('?').unwrap_or((op.uri, ""));
        let mut host = None;
        let mut pattern = pattern;
        if let Addressing::VirtualHosted { endpoint_host } = addressing
            && let Some(rest) = pattern.strip_prefix("/{Bucket}")
        {
            let bucket = label_text(op, bound, "Bucket")?;
            // As the SDKs do: a name that cannot be a DNS label (`Upper`, 64 characters, `a_b`)
            // is sent in the path.
            if virtual_hostable(&bucket) {
                host = Some(format!("{bucket}.{endpoint_host}"));
                pattern = rest;
            }
        }
        // A host prefix (`{RequestRoute}.` of WriteGetObjectResponse) needs the endpoint's host,
        // which only virtual-hosted addressing names.
        if let (Some(prefix), Addressing::VirtualHosted { endpoint_host }) =
            (op.host_prefix, addressing)
        {
            let mut filled = String::new();
            let mut rest = prefix;
            while let Some((before, after)) = rest.split_once('{') {
                let (label, tail) = after.split_once('}').unwrap_or((after, ""));
                filled.push_str(before);
                filled.push_str(&label_text(op, bound, label)?);
                rest = tail;
            }
            filled.push_str(rest);
            host = Some(format!("{filled}{endpoint_host}"));
        }
        let mut path = fill_labels(op, bound, pattern)?;
        // aws-sdk-s3 writes a path-style bucket as `/{Bucket}/` when nothing follows it (its
        // endpoint rules put the bucket in front of the operation's `/`); so does the wire layer.
        if pattern == "/{Bucket}" {
            path.push('/');
        }
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Ok(Target {
            host,
            path,
            query: literal(literal_query),
        })
    }
}

/// The pattern with each `{Label}` replaced by its percent-encoded value.
fn fill_labels(
    op: &Operation,
    bound: &[(&'static Member, &Input)],
    pattern: &str,
) -> Result<String, (&'static str, Problem)> {
    let mut path = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        path.push_str(&encode(&label_text(op, bound, name)?, greedy));
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// The text of the label member `name`; it must be given, but may be empty.
fn label_text(
    op: &Operation,
    bound: &[(&'static Member, &Input)],
    name: &str,
) -> Result<String, (&'static str, Problem)> {
    let member_name = op.member(name).map_or("?", |m| m.name);
    let Some((member, value)) = bound.iter().find(|(m, _)| {
        m.name == name && matches!(m.binding, Binding::Label { .. } | Binding::HostLabel)
    }) else {
        return Err((
            member_name,
            Problem {
                at: String::new(),
                kind: BuildErrorKind::MissingLabel,
            },
        ));
    };
    http::scalar(member, value, s3spec_api::TimestampFormat::DateTime).map_err(|p| (member.name, p))
}

/// The literal query of a URI pattern: `uploads` → a bare key, `x-id=PutObject` → a pair.
fn literal(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (p.to_owned(), None),
        })
        .collect()
}

/// Percent-encodes a label as aws-sdk-s3 does: every byte except the RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`), with uppercase hex; a greedy label (`{Key+}`) keeps `/`.
pub(crate) fn encode(value: &str, greedy: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (greedy && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::virtual_hostable;

    #[test]
    fn names_that_cannot_be_dns_labels_stay_in_the_path() {
        for ok in ["abc", "my-bucket.logs", "a1b", &"a".repeat(63)] {
            assert!(virtual_hostable(ok), "{ok}");
        }
        for bad in [
            "ab",
            "Upper",
            "a_b",
            "-ab",
            "ab-",
            "a..b",
            "192.168.5.123",
            "",
            &"a".repeat(64),
        ] {
            assert!(!virtual_hostable(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn encodes_keys_like_the_sdk() {
        assert_eq!(encode("a b+c~d", true), "a%20b%2Bc~d");
        assert_eq!(encode("dir/sub/", true), "dir/sub/");
        assert_eq!(encode("dir/sub", false), "dir%2Fsub");
        assert_eq!(encode("100%", true), "100%25");
        assert_eq!(encode("é☃", true), "%C3%A9%E2%98%83");
        assert_eq!(encode("a:b,c?d#e=f&g", true), "a%3Ab%2Cc%3Fd%23e%3Df%26g");
        assert_eq!(encode("", true), "");
    }

    #[test]
    fn literal_queries_keep_bare_keys() {
        assert_eq!(
            literal("analytics&x-id=GetBucketAnalyticsConfiguration"),
            [
                ("analytics".to_owned(), None),
                (
                    "x-id".to_owned(),
                    Some("GetBucketAnalyticsConfiguration".to_owned())
                )
            ]
        );
        assert!(literal("").is_empty());
    }
}
