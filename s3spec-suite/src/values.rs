//! Reading parameter values, matchers and body expectations, each checked against what its place
//! in the suite allows.

use regex::Regex;

use crate::load::Reader;
use crate::model::{BodyContent, BodyExpectation, Matcher, MatcherKind, Value};
use crate::node::{Node, NodeKind};
use crate::source::Spanned;
use crate::suggest::did_you_mean;
use crate::template::Template;
use s3spec_api::{Member, Shape, ShapeKind};

const MATCHER_KEYS: &[&str] = &[
    "equals",
    "matches",
    "exists",
    "length",
    "unordered",
    "one-of",
];
const BODY_KEYS: &[&str] = &["text", "length", "sha256", "matches", "one-of", "seed"];
const GENERATED_KEYS: &[&str] = &["size", "seed"];

/// Reads the value of an operation's member (or a nested member) as its shape in the model says.
pub(crate) fn member(r: &mut Reader<'_>, member: &'static Member, node: &Node) -> Option<Value> {
    shaped(r, member.shape, node, member.name)
}

/// What a value of a shape looks like, for "expected ..." messages.
fn expected(shape: &Shape) -> String {
    match shape.kind {
        ShapeKind::String => "a string".into(),
        ShapeKind::Enum(values) => format!("one of: {}", values.join(", ")),
        ShapeKind::Integer | ShapeKind::Long => "an integer".into(),
        ShapeKind::Boolean => "a boolean".into(),
        ShapeKind::Timestamp(_) => "a timestamp (RFC 3339 or an HTTP date)".into(),
        ShapeKind::Blob { .. } => {
            "a body: text, `file://path`, or `{ size: ..., seed: ... }`".into()
        }
        ShapeKind::Structure(_) | ShapeKind::Union(_) => format!("a `{}` mapping", shape.name),
        ShapeKind::List { member } => format!("a list of {}", expected(member.shape)),
        ShapeKind::Map { .. } => "a mapping of names to strings".into(),
    }
}

fn shaped(r: &mut Reader<'_>, shape: &'static Shape, node: &Node, name: &str) -> Option<Value> {
    let mismatch = |r: &mut Reader<'_>| {
        let d = r.at(
            node.loc,
            format!(
                "`{name}` expects {}, found {}",
                expected(shape),
                node.describe()
            ),
        );
        r.error(d);
        None
    };
    let is_var = matches!(&node.kind, NodeKind::Str(s) if s.contains('$'));
    match (&shape.kind, &node.kind) {
        (_, NodeKind::Null) => mismatch(r),
        (
            ShapeKind::String | ShapeKind::Enum(_) | ShapeKind::Timestamp(_),
            NodeKind::Seq(_) | NodeKind::Map(_),
        ) => mismatch(r),
        (ShapeKind::Enum(_), _) if !is_var => enum_value(r, shape, node, name),
        (ShapeKind::String | ShapeKind::Enum(_) | ShapeKind::Timestamp(_), _) => text(r, node),
        (ShapeKind::Integer | ShapeKind::Long, NodeKind::Int(i)) => Some(Value::Int(*i)),
        (ShapeKind::Boolean, NodeKind::Bool(b)) => Some(Value::Bool(*b)),
        // A variable may hold a number or a boolean: checked when the step runs.
        (ShapeKind::Integer | ShapeKind::Long | ShapeKind::Boolean, NodeKind::Str(_)) if is_var => {
            text(r, node)
        }
        (ShapeKind::Integer | ShapeKind::Long | ShapeKind::Boolean, _) => mismatch(r),
        (ShapeKind::Blob { .. }, NodeKind::Seq(_)) => mismatch(r),
        (ShapeKind::Blob { .. }, _) => body(r, node),
        (ShapeKind::Map { value, .. }, NodeKind::Map(entries)) => {
            let mut out = Vec::new();
            for (key, v) in entries {
                if let Some(v) = shaped(r, value, v, &key.name) {
                    out.push((key.name.clone(), v));
                }
            }
            Some(Value::Map(out))
        }
        (ShapeKind::Structure(_) | ShapeKind::Union(_), NodeKind::Map(_)) => {
            structure(r, shape, node)
        }
        (ShapeKind::List { member }, NodeKind::Seq(items)) => Some(Value::List(
            items
                .iter()
                .filter_map(|item| shaped(r, member.shape, item, name))
                .collect(),
        )),
        _ => mismatch(r),
    }
}

/// A body value: inline text, `file://path`, or generated content.
pub(crate) fn body(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    match &node.kind {
        NodeKind::Str(s) => match s.strip_prefix("file://") {
            Some(path) if !path.is_empty() => Some(Value::File(path.to_owned())),
            Some(_) => {
                let d = r.at(
                    node.loc,
                    "`file://` needs a path relative to the suite file",
                );
                r.error(d);
                None
            }
            None => text(r, node),
        },
        NodeKind::Map(_) => generated(r, node),
        NodeKind::Seq(_) => {
            let d = r.at(
                node.loc,
                format!(
                    "expected a body: text, `file://path`, or `{{ size: ..., seed: ... }}`, found {}",
                    node.describe()
                ),
            );
            r.error(d);
            None
        }
        _ => text(r, node),
    }
}

/// An enum value must be one of the model's; a misspelt one gets a suggestion. A test that
/// must send an invalid value sets the header or query parameter under `send:` instead.
fn enum_value(r: &mut Reader<'_>, shape: &'static Shape, node: &Node, name: &str) -> Option<Value> {
    let raw = node.scalar_text()?;
    if let Err(e) = shape.check_value(&raw) {
        let d = r
            .at(node.loc, format!("`{raw}` is not a value of `{name}` ({})", shape.name))
            .label(format!("expected one of: {}", shape.enum_values().join(", ")))
            .suggest(e.suggestion)
            .note("to send an invalid value on purpose, set the header or query parameter under `send:`");
        r.error(d);
        return None;
    }
    text(r, node)
}

pub(crate) fn text(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    let raw = node.scalar_text()?;
    match Template::parse(&raw) {
        Ok(t) => Some(Value::Text(t)),
        Err(msg) => {
            let d = r.at(node.loc, msg);
            r.error(d);
            None
        }
    }
}

fn structure(r: &mut Reader<'_>, shape: &'static Shape, node: &Node) -> Option<Value> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(m) = shape.member(&key.name) else {
            let names: Vec<_> = shape.members().iter().map(|m| m.name).collect();
            let d = r
                .at(
                    key.loc,
                    format!("unknown member `{}` of `{}`", key.name, shape.name),
                )
                .label(format!("expected one of: {}", names.join(", ")))
                .suggest(shape.suggest_member(&key.name));
            r.error(d);
            continue;
        };
        if let Some(v) = member(r, m, value) {
            out.push((key.name.clone(), v));
        }
    }
    for m in shape.members().iter().filter(|m| m.required) {
        if !entries.iter().any(|(k, _)| k.name == m.name) {
            let d = r.at(
                node.loc,
                format!("`{}` needs the member `{}`", shape.name, m.name),
            );
            r.error(d);
        }
    }
    Some(Value::Map(out))
}

/// `{ size: 6MiB, seed: 7 }`.
fn generated(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    let entries = r.entries(node, "a generated body", GENERATED_KEYS)?;
    let mut size = None;
    let mut size_given = false;
    let mut seed = 0;
    for (key, value) in entries {
        size_given |= key.name == "size";
        match (key.name.as_str(), &value.kind) {
            ("size", NodeKind::Int(n)) if *n >= 0 => size = Some(*n as u64),
            ("size", NodeKind::Str(s)) => match parse_size(s) {
                Ok(n) => size = Some(n),
                Err(msg) => {
                    let d = r.at(value.loc, msg);
                    r.error(d);
                }
            },
            ("seed", NodeKind::Int(n)) if *n >= 0 => seed = *n as u64,
            ("size" | "seed", _) => {
                let d = r.at(
                    value.loc,
                    format!(
                        "`{}` expects a non-negative number, found {}",
                        key.name,
                        value.describe()
                    ),
                );
                r.error(d);
            }
            _ => {}
        }
    }
    match size {
        Some(size) => Some(Value::Generated { size, seed }),
        None if size_given => None,
        None => {
            let d = r.at(
                node.loc,
                "a generated body needs `size` (e.g. `size: 6MiB`)",
            );
            r.error(d);
            None
        }
    }
}

/// Parses sizes such as `100`, `5KiB`, `6MiB`, `1GiB`, `5MB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. `5MiB`, `1024`)"))?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "KB" | "kB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => {
            let hint = did_you_mean(other, ["B", "KiB", "MiB", "GiB", "KB", "MB", "GB"]);
            let hint = hint
                .map(|h| format!(" (did you mean `{h}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown size unit `{other}`{hint}: use B, KiB, MiB, GiB, KB, MB or GB"
            ));
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("size `{text}` is too large"))
}

/// A matcher: a plain value, or one of `equals`, `matches`, `exists`, `length`.
pub(crate) fn matcher(r: &mut Reader<'_>, node: &Node) -> Option<Matcher> {
    let kind = match &node.kind {
        NodeKind::Map(_) => {
            let entries = r.entries(node, "a matcher", MATCHER_KEYS)?;
            let [(key, value)] = entries else {
                let d = r.at(
                    node.loc,
                    "a matcher has exactly one of: equals, matches, exists, length, unordered, one-of",
                );
                r.error(d);
                return None;
            };
            match key.name.as_str() {
                "equals" => MatcherKind::Equals(plain(r, value)?),
                "matches" => MatcherKind::Matches(regex(r, value)?),
                "exists" => MatcherKind::Exists(r.bool(value, "`exists`")?),
                "length" => MatcherKind::Length(count(r, value, "`length`")?),
                "unordered" => MatcherKind::Unordered(list(r, value, "unordered")?),
                "one-of" => MatcherKind::OneOf(choices(r, value)?),
                _ => return None,
            }
        }
        _ => MatcherKind::Equals(plain(r, node)?),
    };
    Some(Matcher {
        loc: node.loc,
        kind,
    })
}

/// A value compared as written: scalars, or lists of them.
fn plain(r: &mut Reader<'_>, node: &Node) -> Option<Value> {
    match &node.kind {
        NodeKind::Seq(items) => Some(Value::List(
            items.iter().filter_map(|i| plain(r, i)).collect(),
        )),
        NodeKind::Map(_) => {
            let d = r.at(
                node.loc,
                "expected a value or a list of values, found a mapping",
            );
            r.error(d.label("to use a matcher write one of: equals, matches, exists, length"));
            None
        }
        NodeKind::Null => Some(Value::Null),
        NodeKind::Bool(b) => Some(Value::Bool(*b)),
        NodeKind::Int(i) => Some(Value::Int(*i)),
        NodeKind::Float(x) => Some(Value::Float(*x)),
        NodeKind::Str(_) => text(r, node),
    }
}

fn regex(r: &mut Reader<'_>, node: &Node) -> Option<Regex> {
    let pattern = r.string(node, "a regular expression")?;
    match Regex::new(&pattern) {
        Ok(re) => Some(re),
        Err(e) => {
            let d = r.at(node.loc, format!("invalid regular expression: {e}"));
            r.error(d);
            None
        }
    }
}

fn count(r: &mut Reader<'_>, node: &Node, what: &str) -> Option<u64> {
    match &node.kind {
        NodeKind::Int(n) if *n >= 0 => Some(*n as u64),
        NodeKind::Str(s) => match parse_size(s) {
            Ok(n) => Some(n),
            Err(msg) => {
                let d = r.at(node.loc, msg);
                r.error(d);
                None
            }
        },
        _ => {
            let d = r.at(
                node.loc,
                format!(
                    "{what} expects a non-negative number, found {}",
                    node.describe()
                ),
            );
            r.error(d);
            None
        }
    }
}

/// `body: "text"`, `body: { size, seed }` (generated content), or
/// `body: { text, length, sha256, matches, one-of }`.
pub(crate) fn body_expectation(
    r: &mut Reader<'_>,
    node: &Node,
) -> Option<Spanned<BodyExpectation>> {
    let mut b = BodyExpectation::default();
    match &node.kind {
        NodeKind::Str(s) if s.starts_with("file://") => {
            let d = r.at(node.loc, NO_FILE_EXPECTED);
            r.error(d);
            return None;
        }
        NodeKind::Str(_) => {
            let Some(Value::Text(t)) = text(r, node) else {
                return None;
            };
            b.text = Some(t);
        }
        NodeKind::Map(entries) if entries.iter().any(|(k, _)| k.name == "size") => {
            b.one_of.push(body_content(r, node)?);
        }
        NodeKind::Map(_) => {
            let entries = r.entries(node, "a body expectation", BODY_KEYS)?;
            for (key, value) in entries {
                match key.name.as_str() {
                    "text" => {
                        if let Some(Value::Text(t)) =
                            value.scalar_text().and_then(|_| text(r, value))
                        {
                            b.text = Some(t);
                        }
                    }
                    "length" => b.length = count(r, value, "`length`"),
                    "sha256" => {
                        let hex = r.string(value, "a SHA-256 in hex")?.to_ascii_lowercase();
                        if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                            let d = r.at(value.loc, "`sha256` expects 64 hex digits");
                            r.error(d);
                        }
                        b.sha256 = Some(hex);
                    }
                    "matches" => b.matches = regex(r, value),
                    "one-of" => b.one_of = body_choices(r, value),
                    // Without `size` (which makes the mapping generated content).
                    "seed" => {
                        let d = r.at(
                            key.loc,
                            "`seed` belongs to generated content, which also needs `size` \
                             (`body: { size: 1MiB, seed: 1 }`)",
                        );
                        r.error(d);
                    }
                    _ => {}
                }
            }
        }
        _ => {
            let d = r.at(
                node.loc,
                format!(
                    "expected the body as text or a mapping, found {}",
                    node.describe()
                ),
            );
            r.error(d);
            return None;
        }
    }
    Some(Spanned::new(b, node.loc))
}

const NO_FILE_EXPECTED: &str = "a `file://` body cannot be an expected body: compare the response by the file's `sha256:` and `length:`";

/// The list of a body's `one-of:`: texts and generated content.
fn body_choices(r: &mut Reader<'_>, node: &Node) -> Vec<BodyContent> {
    let NodeKind::Seq(items) = &node.kind else {
        let d = r.at(
            node.loc,
            "`one-of` takes a list of bodies: texts or `{ size, seed }`",
        );
        r.error(d);
        return Vec::new();
    };
    if items.is_empty() {
        let d = r.at(node.loc, "`one-of` needs at least one body");
        r.error(d);
    }
    items.iter().filter_map(|i| body_content(r, i)).collect()
}

/// One whole body: a text, or generated content.
fn body_content(r: &mut Reader<'_>, node: &Node) -> Option<BodyContent> {
    match &node.kind {
        NodeKind::Str(s) if s.starts_with("file://") => {
            let d = r.at(node.loc, NO_FILE_EXPECTED);
            r.error(d);
            None
        }
        NodeKind::Map(_) => match generated(r, node)? {
            Value::Generated { size, seed } => Some(BodyContent::Generated { size, seed }),
            _ => None,
        },
        _ => match text(r, node)? {
            Value::Text(t) => Some(BodyContent::Text(t)),
            _ => None,
        },
    }
}

/// The list of `unordered:` or `one-of:`.
fn list(r: &mut Reader<'_>, node: &Node, what: &str) -> Option<Vec<Value>> {
    match plain(r, node)? {
        Value::List(items) => Some(items),
        _ => {
            let d = r.at(
                node.loc,
                format!("`{what}` takes a list of the expected elements"),
            );
            r.error(d);
            None
        }
    }
}

/// The values of `one-of:`: at least one, each a value (itself perhaps a list).
fn choices(r: &mut Reader<'_>, node: &Node) -> Option<Vec<Value>> {
    let items = list(r, node, "one-of")?;
    if items.is_empty() {
        let d = r
            .at(node.loc, "`one-of` needs at least one value")
            .label("e.g. `one-of: [first, second]`");
        r.error(d);
        return None;
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("100", 100)]
    #[case("5KiB", 5 * 1024)]
    #[case("6MiB", 6 * 1024 * 1024)]
    #[case("1GiB", 1 << 30)]
    #[case("5MB", 5_000_000)]
    #[case(" 7 B ", 7)]
    fn parses_sizes_with_units(#[case] text: &str, #[case] bytes: u64) {
        assert_eq!(parse_size(text), Ok(bytes));
    }

    #[rstest]
    #[case("5Mib", "did you mean `MiB`")]
    #[case("MiB", "is not a size")]
    #[case("99999999999GiB", "too large")]
    fn rejects_bad_sizes(#[case] text: &str, #[case] message: &str) {
        let err = parse_size(text).expect_err("invalid size");
        assert!(err.contains(message), "{err}");
    }
}
