//! An HTTP request before it is signed and sent.

use super::body::Body;

/// An S3 request as the wire layer builds it. Names and values are kept as given: nothing is
/// normalized away, so a step can send what a typed SDK would refuse to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `PUT`, ... (any token, also a misspelt one).
    pub method: String,
    /// The Host header to send and sign when it is not the endpoint's authority (a
    /// virtual-hosted bucket: `bucket.s3.example.com:9000`).
    pub host: Option<String>,
    /// The path as sent, already percent-encoded: `/bucket/a%20b`.
    pub path: String,
    /// Query parameters, not encoded; a value of `None` is a bare key (`?uploads`).
    pub query: Vec<(String, Option<String>)>,
    /// Headers in the order they are sent; names as given.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Request {
    /// The value of the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing every header of that name (case-insensitive).
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.remove_header(name);
        self.headers.push((name.to_owned(), value.into()));
    }

    /// Removes every header of this name (case-insensitive).
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }
}

/// Bytes that stay as they are in a query key or value: SigV4's unreserved set, which is also
/// how the AWS SDKs encode queries (`%20` for a space, `%2B` for `+`).
const QUERY_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query key or value as SigV4 does.
pub fn encode_query_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_SET).to_string()
}

impl Request {
    /// The query as sent, encoded, without the `?`: `list-type=2&prefix=a%20b&uploads`.
    pub fn query_string(&self) -> String {
        let pairs: Vec<String> = self
            .query
            .iter()
            .map(|(key, value)| match value {
                Some(value) => format!(
                    "{}={}",
                    encode_query_component(key),
                    encode_query_component(value)
                ),
                None => encode_query_component(key),
            })
            .collect();
        pairs.join("&")
    }

    /// The request target as on the wire: the path, and `?query` when there is one.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query_string())
        }
    }

    /// The value of the first query parameter with this name (case-sensitive, as S3 is).
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Sets a query parameter, replacing every parameter of that name, in place when there is one.
    pub fn set_query(&mut self, name: &str, value: Option<String>) {
        match self.query.iter().position(|(k, _)| k == name) {
            Some(at) => {
                self.query[at].1 = value;
                let mut seen = 0;
                self.query.retain(|(k, _)| {
                    seen += usize::from(k == name);
                    k != name || seen == 1
                });
            }
            None => self.query.push((name.to_owned(), value)),
        }
    }

    /// The Host header this request is sent with on `endpoint`: a `Host` header if the request
    /// has one, else [`Request::host`], else the endpoint's authority.
    pub fn host_for(&self, endpoint: &Endpoint) -> String {
        self.header("host")
            .map(str::to_owned)
            .or_else(|| self.host.clone())
            .unwrap_or_else(|| endpoint.authority())
    }
}

/// Whether an endpoint is reached over TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// Where requests go: a base URL such as `http://127.0.0.1:9000`, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: Scheme,
    /// The host name or address, without brackets for IPv6.
    pub host: String,
    pub port: u16,
}

/// Why an endpoint URL could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid endpoint `{url}`: {reason}")]
pub struct EndpointError {
    pub url: String,
    pub reason: &'static str,
}

impl Endpoint {
    /// Parses `http://host[:port]` or `https://host[:port]`; a trailing `/` is allowed, a path
    /// is not (requests carry their own).
    pub fn parse(url: &str) -> Result<Endpoint, EndpointError> {
        let fail = |reason| EndpointError {
            url: url.to_owned(),
            reason,
        };
        let (scheme, rest) = if let Some(rest) = url.strip_prefix("http://") {
            (Scheme::Http, rest)
        } else if let Some(rest) = url.strip_prefix("https://") {
            (Scheme::Https, rest)
        } else {
            return Err(fail("it must start with http:// or https://"));
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#', '@']) {
            return Err(fail(
                "it must be a scheme and an authority only, without a path",
            ));
        }
        let default_port = match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        };
        let (host, port) =
            split_authority(authority).ok_or_else(|| fail("its port is not a number"))?;
        if host.is_empty() {
            return Err(fail("it has no host"));
        }
        Ok(Endpoint {
            scheme,
            host: host.to_owned(),
            port: port.unwrap_or(default_port),
        })
    }

    /// `host:port`, without the port when it is the scheme's default (as SigV4 signs it and as
    /// HTTP clients send it).
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match (self.scheme, self.port) {
            (Scheme::Http, 80) | (Scheme::Https, 443) => host,
            (_, port) => format!("{host}:{port}"),
        }
    }

    /// The base URL again: `http://127.0.0.1:9000`.
    pub fn url(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}", self.authority())
    }
}

/// Splits `host:port`, `[v6]:port`, `host` or `[v6]`; `None` when a port is not a number.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    match port {
        Some(port) => Some((host, Some(port.parse().ok()?))),
        None => Some((host, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded_like_sigv4_and_bare_keys_stay_bare() {
        let request = Request {
            path: "/b".into(),
            query: vec![
                ("prefix".into(), Some("a b+c/~".into())),
                ("uploads".into(), None),
                ("empty".into(), Some(String::new())),
            ],
            ..Request::default()
        };
        assert_eq!(request.target(), "/b?prefix=a%20b%2Bc%2F~&uploads&empty=");
    }

    #[test]
    fn set_query_replaces_in_place_and_drops_duplicates() {
        let mut request = Request {
            query: vec![
                ("a".into(), Some("1".into())),
                ("b".into(), None),
                ("a".into(), Some("2".into())),
            ],
            ..Request::default()
        };
        request.set_query("a", Some("3".into()));
        assert_eq!(
            request.query,
            vec![("a".into(), Some("3".into())), ("b".into(), None)]
        );
    }

    #[test]
    fn endpoints_parse_and_drop_default_ports() {
        let e = Endpoint::parse("http://127.0.0.1:9000/").map_err(|e| e.to_string());
        assert_eq!(
            e.as_ref().map(Endpoint::authority),
            Ok("127.0.0.1:9000".into())
        );
        let e = Endpoint::parse("https://s3.amazonaws.com:443").map_err(|e| e.to_string());
        assert_eq!(
            e.as_ref().map(|e| (e.authority(), e.port)),
            Ok(("s3.amazonaws.com".into(), 443))
        );
        let e = Endpoint::parse("http://[::1]:9000").map_err(|e| e.to_string());
        assert_eq!(
            e.as_ref().map(|e| (e.host.clone(), e.authority())),
            Ok(("::1".into(), "[::1]:9000".into()))
        );
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("http://x/bucket").is_err());
        assert!(Endpoint::parse("http://x:port").is_err());
    }
}
