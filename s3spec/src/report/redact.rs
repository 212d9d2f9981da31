//! Secrets out of what reports show: signatures and credentials in presigned URLs, the
//! Authorization header's signature, session tokens and SSE-C keys.

/// Query parameters whose values are credentials or signatures.
const QUERY: &[&str] = &[
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "Signature",
    "AWSAccessKeyId",
];

/// Headers whose whole value is a secret.
const HEADERS: &[&str] = &[
    "x-amz-security-token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
];

/// `GET /b/k?X-Amz-Signature=<redacted>&...`.
pub fn request_line(line: &str) -> String {
    let Some((path, query)) = line.split_once('?') else {
        return line.to_owned();
    };
    let kept: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if QUERY.iter().any(|q| q.eq_ignore_ascii_case(k)) => {
                format!("{k}=<redacted>")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", kept.join("&"))
}

/// A header's value as reports may show it. The Authorization header keeps its algorithm and
/// signed headers, not its credential or signature.
pub fn header(name: &str, value: &str) -> String {
    if HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        return "<redacted>".to_owned();
    }
    if name.eq_ignore_ascii_case("authorization") {
        let algorithm = value.split_whitespace().next().unwrap_or("");
        let signed = value
            .split(',')
            .map(str::trim)
            .find(|p| p.starts_with("SignedHeaders="));
        return match signed {
            Some(s) => format!("{algorithm} Credential=<redacted>, {s}, Signature=<redacted>"),
            None => format!("{algorithm} <redacted>"),
        };
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_credentials_and_keys_are_hidden() {
        assert_eq!(
            request_line(
                "GET /b/k?X-Amz-Credential=AK%2F2026&X-Amz-Expires=60&X-Amz-Signature=17f7"
            ),
            "GET /b/k?X-Amz-Credential=<redacted>&X-Amz-Expires=60&X-Amz-Signature=<redacted>"
        );
        assert_eq!(request_line("GET /b/k?uploads"), "GET /b/k?uploads");
        assert_eq!(
            header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
            ),
            "AWS4-HMAC-SHA256 Credential=<redacted>, SignedHeaders=host;x-amz-date, Signature=<redacted>"
        );
        assert_eq!(
            header("x-amz-server-side-encryption-customer-key", "c2VjcmV0"),
            "<redacted>"
        );
        assert_eq!(header("content-type", "text/plain"), "text/plain");
    }
}
