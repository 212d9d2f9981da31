//! How a step is sent: the `send:` key of a step.
//!
//! ```yaml
//! send:
//!   auth: presigned          # how the request is authenticated
//!   expires: 60              # presigned: seconds the URL is valid
//!   signed-at: -2h           # sign with a clock this far off (expired URLs, clock skew)
//!   framing: expect-100      # how the body is framed on the wire
//!   chunk-size: 8KiB         # aws-chunked streaming and `framing: chunked`: bytes a chunk
//!   headers: { x-amz-acl: bogus, content-md5: null }   # set (or remove: null) before signing
//!   query: { uploadId: "" }
//!   after-signing: { headers: { host: other.example } } # changed after signing
//! ```

use crate::load::Reader;
use crate::node::{Key, Node, NodeKind};
use crate::source::{Loc, Spanned};
use crate::suggest::did_you_mean;
use crate::template::Template;
use crate::values::parse_size;

const SEND_KEYS: &[&str] = &[
    "auth",
    "expires",
    "signed-at",
    "trailer",
    "chunk-size",
    "framing",
    "headers",
    "query",
    "after-signing",
];
const TWEAK_KEYS: &[&str] = &["headers", "query"];

/// How a request is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// SigV4 in the Authorization header, the payload's SHA-256 signed.
    #[default]
    Header,
    /// SigV4 in the header with `x-amz-content-sha256: UNSIGNED-PAYLOAD`.
    UnsignedPayload,
    /// Signed aws-chunked streaming (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`).
    Streaming,
    /// Unsigned aws-chunked streaming with a trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`),
    /// what current AWS SDKs send for uploads by default.
    StreamingUnsignedTrailer,
    /// Query authentication: a presigned URL.
    Presigned,
    /// No authentication at all.
    Anonymous,
    /// Signed, then the signature replaced by a wrong one of the same form.
    WrongSignature,
}

impl Auth {
    pub const NAMES: &[(&str, Auth)] = &[
        ("header", Auth::Header),
        ("unsigned-payload", Auth::UnsignedPayload),
        ("streaming", Auth::Streaming),
        ("streaming-unsigned-trailer", Auth::StreamingUnsignedTrailer),
        ("presigned", Auth::Presigned),
        ("anonymous", Auth::Anonymous),
        ("wrong-signature", Auth::WrongSignature),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("header", |(n, _)| n)
    }
}

/// How the body is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Framing {
    /// `Content-Length` (the default).
    #[default]
    ContentLength,
    /// Neither Content-Length nor Transfer-Encoding.
    None,
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// `Expect: 100-continue`: the body follows only after the server's `100 Continue`.
    Expect100,
}

impl Framing {
    pub const NAMES: &[(&str, Framing)] = &[
        ("content-length", Framing::ContentLength),
        ("none", Framing::None),
        ("chunked", Framing::Chunked),
        ("expect-100", Framing::Expect100),
    ];
}

/// A checksum algorithm of a trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl Checksum {
    pub const NAMES: &[(&str, Checksum)] = &[
        ("crc32", Checksum::Crc32),
        ("crc32c", Checksum::Crc32c),
        ("crc64nvme", Checksum::Crc64Nvme),
        ("sha1", Checksum::Sha1),
        ("sha256", Checksum::Sha256),
    ];
}

/// A header or query parameter set to a value, or removed (`None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tweak {
    pub name: Spanned<String>,
    pub value: Option<Template>,
}

/// Changes to the request's headers and query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tweaks {
    pub headers: Vec<Tweak>,
    pub query: Vec<Tweak>,
}

impl Tweaks {
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.query.is_empty()
    }
}

/// The `send:` of a step. The default sends the request as a current SDK would, signed in the
/// header, with Content-Length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sending {
    pub loc: Loc,
    pub auth: Auth,
    /// Presigned URLs: seconds they are valid (default 3600).
    pub expires: Option<u64>,
    /// Seconds to add to the clock when signing (negative: in the past).
    pub signed_at: Option<i64>,
    /// Streaming: the checksum sent in the trailer.
    pub trailer: Option<Checksum>,
    /// aws-chunked streaming and `framing: chunked`: bytes per chunk (default 64 KiB).
    pub chunk_size: Option<u64>,
    pub framing: Framing,
    /// Applied before signing, so the changes are signed.
    pub before: Tweaks,
    /// Applied after signing: the signature no longer matches what is sent (a tampered request).
    pub after: Tweaks,
}

/// Reads the `send:` mapping of a step.
pub(crate) fn sending(r: &mut Reader<'_>, node: &Node) -> Option<Sending> {
    let entries = r.entries(node, "`send`", SEND_KEYS)?;
    let mut s = Sending {
        loc: node.loc,
        ..Sending::default()
    };
    for (key, value) in entries {
        match key.name.as_str() {
            "auth" => s.auth = named(r, value, "an auth mode", Auth::NAMES)?,
            "expires" => s.expires = Some(expires(r, value)?),
            "signed-at" => s.signed_at = Some(seconds(r, value)?),
            "trailer" => s.trailer = Some(named(r, value, "a checksum", Checksum::NAMES)?),
            "chunk-size" => s.chunk_size = Some(size(r, value)?),
            "framing" => s.framing = named(r, value, "a framing", Framing::NAMES)?,
            "headers" => s.before.headers = tweaks(r, value, "headers")?,
            "query" => s.before.query = tweaks(r, value, "query parameters")?,
            "after-signing" => s.after = after_signing(r, value)?,
            _ => {}
        }
    }
    check_combination(r, &s);
    Some(s)
}

/// Options that only make sense with some auth modes are errors elsewhere.
fn check_combination(r: &mut Reader<'_>, s: &Sending) {
    let streaming = matches!(s.auth, Auth::Streaming | Auth::StreamingUnsignedTrailer);
    if s.expires.is_some() && s.auth != Auth::Presigned {
        let d = r.at(s.loc, "`expires` is only for `auth: presigned`");
        r.error(d);
    }
    if s.trailer.is_some() && !streaming {
        let d = r.at(
            s.loc,
            "`trailer` is only for `auth: streaming` or `streaming-unsigned-trailer`",
        );
        r.error(d);
    }
    // HTTP chunked framing cuts the body into chunks too.
    if s.chunk_size.is_some() && !streaming && s.framing != Framing::Chunked {
        let d = r.at(
            s.loc,
            "`chunk-size` is only for `auth: streaming`, `streaming-unsigned-trailer` or `framing: chunked`",
        );
        r.error(d);
    }
    if s.auth == Auth::StreamingUnsignedTrailer && s.trailer.is_none() {
        let d = r
            .at(
                s.loc,
                "`auth: streaming-unsigned-trailer` needs a `trailer`",
            )
            .label("e.g. `trailer: crc32`");
        r.error(d);
    }
}

fn after_signing(r: &mut Reader<'_>, node: &Node) -> Option<Tweaks> {
    let entries = r.entries(node, "`after-signing`", TWEAK_KEYS)?;
    let mut t = Tweaks::default();
    for (key, value) in entries {
        match key.name.as_str() {
            "headers" => t.headers = tweaks(r, value, "headers")?,
            "query" => t.query = tweaks(r, value, "query parameters")?,
            _ => {}
        }
    }
    Some(t)
}

fn named<T: Copy>(r: &mut Reader<'_>, node: &Node, what: &str, names: &[(&str, T)]) -> Option<T> {
    let text = r.string(node, what)?;
    if let Some((_, v)) = names.iter().find(|(n, _)| *n == text) {
        return Some(*v);
    }
    let all = names.iter().map(|(n, _)| *n);
    let d = r
        .at(node.loc, format!("`{text}` is not {what}"))
        .label(format!(
            "expected one of: {}",
            all.clone().collect::<Vec<_>>().join(", ")
        ))
        .suggest(did_you_mean(&text, all));
    r.error(d);
    None
}

fn tweaks(r: &mut Reader<'_>, node: &Node, what: &str) -> Option<Vec<Tweak>> {
    let NodeKind::Map(entries) = &node.kind else {
        let d = r.at(
            node.loc,
            format!("expected {what} (a mapping), found {}", node.describe()),
        );
        r.error(d);
        return None;
    };
    entries.iter().map(|(k, v)| tweak(r, k, v)).collect()
}

fn tweak(r: &mut Reader<'_>, key: &Key, value: &Node) -> Option<Tweak> {
    let value = match &value.kind {
        NodeKind::Null => None,
        NodeKind::Seq(_) | NodeKind::Map(_) => {
            let d = r.at(
                value.loc,
                format!(
                    "expected a value for `{}` (a string, or null to remove it), found {}",
                    key.name,
                    value.describe()
                ),
            );
            r.error(d);
            return None;
        }
        _ => {
            let text = value.scalar_text().unwrap_or_default();
            match Template::parse(&text) {
                Ok(t) => Some(t),
                Err(e) => {
                    let d = r.at(value.loc, e);
                    r.error(d);
                    return None;
                }
            }
        }
    };
    Some(Tweak {
        name: Spanned::new(key.name.clone(), key.loc),
        value,
    })
}

/// Seconds: an integer, or a duration with a unit (`90s`, `15m`, `2h`, `7d`), optionally negative.
pub(crate) fn seconds(r: &mut Reader<'_>, node: &Node) -> Option<i64> {
    let parsed = match &node.kind {
        NodeKind::Int(n) => Ok(*n),
        NodeKind::Str(s) => parse_duration(s),
        _ => Err(format!("expected a duration, found {}", node.describe())),
    };
    match parsed {
        Ok(n) => Some(n),
        Err(e) => {
            let d = r.at(node.loc, e).label("e.g. `60`, `15m`, `-2h`, `7d`");
            r.error(d);
            None
        }
    }
}

/// `expires`: how long a presigned URL is valid, never negative (an expired URL is one signed
/// in the past: `signed-at`).
fn expires(r: &mut Reader<'_>, node: &Node) -> Option<u64> {
    let secs = seconds(r, node)?;
    match u64::try_from(secs) {
        Ok(secs) => Some(secs),
        Err(_) => {
            let d = r
                .at(node.loc, "`expires` cannot be negative")
                .label("for an expired URL, sign in the past: `signed-at: -2h`");
            r.error(d);
            None
        }
    }
}

/// Parses `90`, `90s`, `15m`, `-2h`, `7d` into seconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let split = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let (number, unit) = digits.split_at(split);
    let unit_seconds = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("`{text}` is not a duration: unknown unit `{unit}`")),
    };
    let n: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration"))?;
    n.checked_mul(unit_seconds)
        .map(|s| s * sign)
        .ok_or_else(|| format!("`{text}` is too long a duration"))
}

fn size(r: &mut Reader<'_>, node: &Node) -> Option<u64> {
    let parsed = match &node.kind {
        NodeKind::Int(n) if *n > 0 => Ok(n.unsigned_abs()),
        NodeKind::Str(s) => parse_size(s),
        _ => Err(format!("expected a size, found {}", node.describe())),
    };
    match parsed {
        Ok(0) => {
            let d = r.at(node.loc, "a chunk size must be at least 1 byte");
            r.error(d);
            None
        }
        Ok(n) => Some(n),
        Err(e) => {
            let d = r.at(node.loc, e);
            r.error(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn read(yaml: &str) -> (Option<Sending>, Vec<String>) {
        let file = SourceFile::new("t.yaml", yaml);
        let root = crate::node::parse(&file).expect("valid YAML");
        let mut r = Reader {
            file: &file,
            diags: Vec::new(),
            dropped_steps: 0,
            identities: Vec::new(),
        };
        let s = sending(&mut r, &root);
        (s, r.diags.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn reads_every_option() {
        let (s, diags) = read(
            "{ auth: streaming, trailer: crc32, chunk-size: 8KiB, signed-at: -15m, framing: expect-100, headers: { x-amz-acl: bogus, content-md5: null }, query: { uploadId: '' }, after-signing: { query: { X-Amz-Expires: '1' } } }",
        );
        assert_eq!(diags, Vec::<String>::new());
        let s = s.expect("read");
        assert_eq!(s.auth, Auth::Streaming);
        assert_eq!(s.trailer, Some(Checksum::Crc32));
        assert_eq!(s.chunk_size, Some(8 * 1024));
        assert_eq!(s.signed_at, Some(-900));
        assert_eq!(s.framing, Framing::Expect100);
        assert_eq!(s.before.headers.len(), 2);
        assert_eq!(s.before.headers[1].value, None, "null removes the header");
        assert_eq!(
            s.before.query[0].value,
            Some(Template::parse("").expect("empty"))
        );
        assert_eq!(s.after.query[0].name.value, "X-Amz-Expires");
    }

    #[test]
    fn misspelt_modes_suggest_the_closest() {
        let (_, diags) = read("{ auth: presign }");
        assert_eq!(diags, ["`presign` is not an auth mode"]);
    }

    #[test]
    fn options_of_other_modes_are_errors() {
        let (s, diags) = read("{ auth: presigned, expires: 7d }");
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(s.and_then(|s| s.expires), Some(604_800));
        let (_, diags) = read("{ auth: presigned, expires: -60 }");
        assert_eq!(diags, ["`expires` cannot be negative"]);
        let (_, diags) = read("{ auth: header, expires: 60 }");
        assert_eq!(diags, ["`expires` is only for `auth: presigned`"]);
        let (_, diags) = read("{ trailer: crc32, chunk-size: 1KiB }");
        assert_eq!(
            diags,
            [
                "`trailer` is only for `auth: streaming` or `streaming-unsigned-trailer`",
                "`chunk-size` is only for `auth: streaming`, `streaming-unsigned-trailer` or `framing: chunked`"
            ]
        );
        let (s, diags) = read("{ framing: chunked, chunk-size: 1KiB }");
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(s.and_then(|s| s.chunk_size), Some(1024));
        let (_, diags) = read("{ auth: streaming-unsigned-trailer }");
        assert_eq!(
            diags,
            ["`auth: streaming-unsigned-trailer` needs a `trailer`"]
        );
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("-2h"), Ok(-7200));
        assert_eq!(parse_duration("+7d"), Ok(604_800));
        assert!(parse_duration("2 weeks").is_err());
        assert!(parse_duration("h").is_err());
    }
}
