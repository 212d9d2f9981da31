//! Steps that are not an operation of the S3 API: `raw:` HTTP requests and `post:` form uploads.
//!
//! ```yaml
//! - raw:
//!     method: PUT
//!     path: /$bucket/a.txt
//!     query: { acl: null }              # null: a key without a value (`?acl`)
//!     headers: { x-amz-acl: private }
//!     body: "text"                      # or file://..., or { size: 1KiB }
//! - raw:                               # sent as written, unsigned
//!     verbatim: "GET / HTTP/1.1\r\nHost: $host\r\nContent-Length: x\r\n\r\n"
//! - post:
//!     bucket: $bucket
//!     fields: { key: a.txt, Content-Type: text/plain }
//!     file: "hello"
//!     policy:
//!       expires: 1h
//!       conditions: [ { bucket: $bucket }, [starts-with, $$key, ""] ]
//! ```

use crate::load::Reader;
use crate::model::{PostForm, PostPolicy, RawRequest, Value};
use crate::node::{Node, NodeKind};
use crate::source::Spanned;
use crate::values;

const RAW_KEYS: &[&str] = &["method", "path", "query", "headers", "body", "verbatim"];
const POST_KEYS: &[&str] = &["bucket", "fields", "file", "policy", "omit"];
const POLICY_KEYS: &[&str] = &["expires", "conditions"];
/// Fields the harness adds to a signed form, which `omit` may leave out.
pub const POST_GENERATED_FIELDS: &[&str] = &[
    "policy",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-signature",
    "x-amz-security-token",
];

fn get<'n>(entries: &'n [(crate::node::Key, Node)], key: &str) -> Option<&'n Node> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

/// Reads `raw:`.
pub(crate) fn raw(r: &mut Reader<'_>, node: &Node) -> Option<RawRequest> {
    let entries = r.entries(node, "a raw request", RAW_KEYS)?;
    let verbatim = get(entries, "verbatim").and_then(|n| values::text(r, n));
    if verbatim.is_some() {
        if let Some((key, _)) = entries.iter().find(|(k, _)| k.name != "verbatim") {
            let d = r.at(
                key.loc,
                format!(
                    "`verbatim` is the whole request; `{}` cannot be given with it",
                    key.name
                ),
            );
            r.error(d);
        }
        return Some(RawRequest {
            method: Spanned::new(String::new(), node.loc),
            path: Value::Null,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            verbatim,
        });
    }
    let method = match get(entries, "method") {
        Some(n) => Spanned::new(method(r, n)?, n.loc),
        None => {
            let d = r
                .at(
                    node.loc,
                    "a raw request needs `method` and `path` (or `verbatim`)",
                )
                .label("e.g. `method: GET, path: /$bucket/a.txt`");
            r.error(d);
            return None;
        }
    };
    let Some(path) = get(entries, "path").and_then(|n| values::text(r, n)) else {
        let d = r.at(node.loc, "a raw request needs `path`");
        r.error(d);
        return None;
    };
    Some(RawRequest {
        method,
        path,
        query: pairs(r, get(entries, "query"), "query parameters", true),
        headers: pairs(r, get(entries, "headers"), "headers", false),
        body: get(entries, "body").and_then(|n| values::body(r, n)),
        verbatim: None,
    })
}

/// An HTTP method: a token of letters (`GET`, `PUT`, or an unknown one such as `PURGE`).
fn method(r: &mut Reader<'_>, node: &Node) -> Option<String> {
    let name = r.string(node, "an HTTP method")?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        let d = r
            .at(node.loc, format!("`{name}` is not an HTTP method"))
            .label("e.g. `GET`, `PUT`, `POST`, `DELETE`, `HEAD`");
        r.error(d);
        return None;
    }
    Some(name)
}

/// A mapping of names to text; `null` values only where `allow_null` (bare query keys).
fn pairs(
    r: &mut Reader<'_>,
    node: Option<&Node>,
    what: &str,
    allow_null: bool,
) -> Vec<(String, Value)> {
    let Some(node) = node else { return Vec::new() };
    let NodeKind::Map(entries) = &node.kind else {
        let d = r.at(
            node.loc,
            format!("expected {what} (a mapping), found {}", node.describe()),
        );
        r.error(d);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let v = match &value.kind {
            NodeKind::Null if allow_null => Some(Value::Null),
            NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => {
                let d = r.at(
                    value.loc,
                    format!(
                        "`{}` expects a string, found {}",
                        key.name,
                        value.describe()
                    ),
                );
                r.error(d);
                None
            }
            _ => values::text(r, value),
        };
        out.extend(v.map(|v| (key.name.clone(), v)));
    }
    out
}

/// Reads `post:`.
pub(crate) fn post(r: &mut Reader<'_>, node: &Node) -> Option<PostForm> {
    let entries = r.entries(node, "a POST form", POST_KEYS)?;
    let Some(bucket) = get(entries, "bucket").and_then(|n| values::text(r, n)) else {
        let d = r
            .at(node.loc, "a POST form needs `bucket`")
            .label("e.g. `bucket: $bucket`");
        r.error(d);
        return None;
    };
    let file = match get(entries, "file") {
        Some(n) => values::body(r, n)?,
        None => {
            let d = r.at(node.loc, "a POST form needs `file` (its content)");
            r.error(d);
            return None;
        }
    };
    let omit = get(entries, "omit").map(|n| omit(r, n)).unwrap_or_default();
    Some(PostForm {
        bucket,
        fields: pairs(r, get(entries, "fields"), "form fields", false),
        file,
        policy: get(entries, "policy").and_then(|n| policy(r, n)),
        omit,
    })
}

fn omit(r: &mut Reader<'_>, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for item in r.seq(node, "a list of field names") {
        let Some(name) = r.string(item, "a field name") else {
            continue;
        };
        if POST_GENERATED_FIELDS.contains(&name.as_str()) {
            out.push(name);
        } else {
            let d = r
                .at(
                    item.loc,
                    format!("`{name}` is not a field the harness adds"),
                )
                .label(format!(
                    "expected one of: {}",
                    POST_GENERATED_FIELDS.join(", ")
                ))
                .suggest(crate::suggest::did_you_mean(
                    &name,
                    POST_GENERATED_FIELDS.iter().copied(),
                ));
            r.error(d);
        }
    }
    out
}

fn policy(r: &mut Reader<'_>, node: &Node) -> Option<PostPolicy> {
    let entries = r.entries(node, "a POST policy", POLICY_KEYS)?;
    let expires = match get(entries, "expires") {
        Some(n) => crate::send::seconds(r, n)?,
        None => {
            let d = r
                .at(node.loc, "a POST policy needs `expires`")
                .label("e.g. `expires: 1h` (from the signing time; `-1h` for an expired one)");
            r.error(d);
            return None;
        }
    };
    let conditions = match get(entries, "conditions") {
        Some(n) => r
            .seq(n, "a list of conditions")
            .iter()
            .filter_map(|c| condition(r, c))
            .collect(),
        None => Vec::new(),
    };
    Some(PostPolicy {
        expires,
        conditions,
    })
}

/// A condition: `{ field: value }` or `[operator, $$field, value...]`, as JSON-like values.
fn condition(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    match &node.kind {
        NodeKind::Map(_) | NodeKind::Seq(_) => json(r, node),
        _ => {
            let d = r
                .at(
                    node.loc,
                    format!(
                        "expected a condition (a mapping or a list), found {}",
                        node.describe()
                    ),
                )
                .label("e.g. `{ bucket: $bucket }` or `[starts-with, $$key, uploads/]`");
            r.error(d);
            None
        }
    }
}

fn json(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    match &node.kind {
        NodeKind::Null => Some(Value::Null),
        NodeKind::Bool(b) => Some(Value::Bool(*b)),
        NodeKind::Int(i) => Some(Value::Int(*i)),
        NodeKind::Float(x) => Some(Value::Float(*x)),
        NodeKind::Str(_) => values::text(r, node),
        NodeKind::Seq(items) => Some(Value::List(
            items.iter().filter_map(|i| json(r, i)).collect(),
        )),
        NodeKind::Map(entries) => Some(Value::Map(
            entries
                .iter()
                .filter_map(|(k, v)| json(r, v).map(|v| (k.name.clone(), v)))
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::template::Template;

    /// Reads `yaml` with `reader` and returns what it read and the messages of every error.
    fn read<T>(
        yaml: &str,
        reader: impl Fn(&mut Reader<'_>, &Node) -> Option<T>,
    ) -> (Option<T>, Vec<String>) {
        let file = SourceFile::new("t.yaml", yaml);
        let root = crate::node::parse(&file).expect("valid YAML");
        let mut r = Reader {
            file: &file,
            diags: Vec::new(),
            dropped_steps: 0,
            identities: Vec::new(),
        };
        let out = reader(&mut r, &root);
        (out, r.diags.iter().map(|d| d.message.clone()).collect())
    }

    fn text(s: &str) -> Value {
        Value::Text(Template::parse(s).expect("template"))
    }

    #[test]
    fn a_raw_request_keeps_everything_as_written() {
        let (request, errs) = read(
            "{ method: PUT, path: /$bucket/a%20b, query: { acl: null, max-keys: 2 }, headers: { x-amz-acl: private }, body: { size: 1KiB } }",
            raw,
        );
        assert_eq!(errs, Vec::<String>::new());
        let request = request.expect("read");
        assert_eq!(request.method.value, "PUT");
        assert_eq!(request.path, text("/$bucket/a%20b"));
        assert_eq!(
            request.query,
            [
                ("acl".to_owned(), Value::Null),
                ("max-keys".to_owned(), text("2"))
            ]
        );
        assert_eq!(request.headers, [("x-amz-acl".to_owned(), text("private"))]);
        assert_eq!(
            request.body,
            Some(Value::Generated {
                size: 1024,
                seed: 0
            })
        );
        assert_eq!(request.verbatim, None);
        assert_eq!(request.values().len(), 5);
    }

    #[test]
    fn verbatim_is_the_whole_request() {
        let (request, errs) = read("{ verbatim: \"GET / HTTP/1.1\\r\\n\\r\\n\" }", raw);
        assert_eq!(errs, Vec::<String>::new());
        assert_eq!(
            request.expect("read").verbatim,
            Some(text("GET / HTTP/1.1\r\n\r\n"))
        );
        let (_, errs) = read("{ verbatim: x, method: GET }", raw);
        assert_eq!(
            errs,
            ["`verbatim` is the whole request; `method` cannot be given with it"]
        );
    }

    #[test]
    fn raw_mistakes_are_reported() {
        let (raw_read, errs) = read("{ path: / }", raw);
        assert!(raw_read.is_none());
        assert_eq!(
            errs,
            ["a raw request needs `method` and `path` (or `verbatim`)"]
        );
        let (_, errs) = read("{ method: GET }", raw);
        assert_eq!(errs, ["a raw request needs `path`"]);
        let (_, errs) = read("{ method: GET PUT, path: / }", raw);
        assert_eq!(errs, ["`GET PUT` is not an HTTP method"]);
        let (_, errs) = read(
            "{ method: GET, path: /, headers: { a: null, b: [x] }, bdy: x }",
            raw,
        );
        assert_eq!(
            errs,
            [
                "unknown key `bdy` in a raw request",
                "`a` expects a string, found null",
                "`b` expects a string, found a list",
            ]
        );
    }

    #[test]
    fn a_post_form_reads_fields_file_policy_and_omit() {
        let (form, errs) = read(
            "{ bucket: $bucket, fields: { key: a.txt, Content-Type: text/plain }, file: hello, omit: [x-amz-signature], policy: { expires: 1h, conditions: [ { bucket: $bucket }, [starts-with, $$key, \"\"], [content-length-range, 0, 1024] ] } }",
            post,
        );
        assert_eq!(errs, Vec::<String>::new());
        let form = form.expect("read");
        assert_eq!(form.bucket, text("$bucket"));
        assert_eq!(
            form.fields[1],
            ("Content-Type".to_owned(), text("text/plain"))
        );
        assert_eq!(form.file, text("hello"));
        assert_eq!(form.omit, ["x-amz-signature"]);
        let policy = form.policy.expect("a policy");
        assert_eq!(policy.expires, 3600);
        assert_eq!(
            policy.conditions[1],
            Value::List(vec![text("starts-with"), text("$$key"), text("")])
        );
        assert_eq!(
            policy.conditions[2],
            Value::List(vec![
                text("content-length-range"),
                Value::Int(0),
                Value::Int(1024)
            ])
        );
        // `$$key` is the literal `$key` once resolved.
        let Value::Text(t) = &text("$$key") else {
            unreachable!()
        };
        assert_eq!(t.vars().count(), 0);
    }

    #[test]
    fn a_post_form_without_a_policy_has_none() {
        let (form, errs) = read("{ bucket: b, file: x }", post);
        assert_eq!(errs, Vec::<String>::new());
        let form = form.expect("read");
        assert!(form.policy.is_none() && form.fields.is_empty() && form.omit.is_empty());
    }

    #[test]
    fn post_mistakes_are_reported() {
        let (form, errs) = read("{ bucket: b }", post);
        assert!(form.is_none());
        assert_eq!(errs, ["a POST form needs `file` (its content)"]);
        let (_, errs) = read("{ file: x }", post);
        assert_eq!(errs, ["a POST form needs `bucket`"]);
        let (_, errs) = read("{ bucket: b, file: x, omit: [x-amz-signatur] }", post);
        assert_eq!(errs, ["`x-amz-signatur` is not a field the harness adds"]);
        let (_, errs) = read(
            "{ bucket: b, file: x, policy: { expires: 1 week, conditions: [ x ] } }",
            post,
        );
        assert_eq!(errs, ["`1 week` is not a duration: unknown unit ` week`"]);
        let (_, errs) = read(
            "{ bucket: b, file: x, policy: { conditions: [ x ] } }",
            post,
        );
        assert_eq!(errs, ["a POST policy needs `expires`"]);
        let (_, errs) = read(
            "{ bucket: b, file: x, policy: { expires: -1h, conditions: [ x ] } }",
            post,
        );
        assert_eq!(
            errs,
            ["expected a condition (a mapping or a list), found a string"]
        );
    }
}
