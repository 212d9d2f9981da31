//! XML payloads: a structure written as REST-XML does, members in model order.

use s3spec_api::{Member, Shape, ShapeKind, TimestampFormat};
use s3spec_suite::suggest::did_you_mean;

use super::{BuildErrorKind, Input, Problem, http};

/// The namespace of S3's XML documents (the service's `xmlNamespace`).
pub(crate) const S3_NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// The document for the payload member `member`. Its root element is named by the member's
/// `xmlName` (`CompleteMultipartUpload` for `MultipartUpload`), else by its shape.
pub(super) fn document(member: &Member, value: &Input) -> Result<Vec<u8>, Problem> {
    let shape = member.shape;
    let root = member.xml_name.or(shape.xml_name).unwrap_or(shape.name);
    let namespace = shape.xml_namespace.unwrap_or(S3_NAMESPACE);
    let mut out = String::with_capacity(256);
    element(&mut out, root, Some((namespace, None)), shape, None, value)?;
    Ok(out.into_bytes())
}

/// One element `<name>` holding `value` of `shape`.
fn element(
    out: &mut String,
    name: &str,
    namespace: Option<(&str, Option<&str>)>,
    shape: &Shape,
    timestamp_format: Option<TimestampFormat>,
    value: &Input,
) -> Result<(), Problem> {
    out.push('<');
    out.push_str(name);
    if let Some((uri, prefix)) = namespace {
        match prefix {
            Some(p) => out.push_str(&format!(" xmlns:{p}=\"{}\"", escape(uri))),
            None => out.push_str(&format!(" xmlns=\"{}\"", escape(uri))),
        }
    }
    match shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            structure(out, shape, members, value)?;
        }
        ShapeKind::List { member: item } => {
            out.push('>');
            let Input::List(items) = value else {
                return Err(Problem::mismatch(value, "a list"));
            };
            let item_name = item.xml_name.unwrap_or("member");
            for (i, v) in items.iter().enumerate() {
                element(
                    out,
                    item_name,
                    item.xml_namespace,
                    item.shape,
                    item.timestamp_format,
                    v,
                )
                .map_err(|p| p.under(&format!("[{i}]")))?;
            }
        }
        ShapeKind::Map {
            key,
            value: value_shape,
        } => {
            out.push('>');
            map_entries(out, "entry", key, value_shape, value)?;
        }
        _ => {
            out.push('>');
            let text = http::scalar_of(shape, timestamp_format, value, TimestampFormat::DateTime)?;
            out.push_str(&escape(&text));
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// The rest of a structure's start tag (its attributes), then its member elements.
fn structure(
    out: &mut String,
    shape: &Shape,
    members: &'static [Member],
    value: &Input,
) -> Result<(), Problem> {
    let Input::Map(given) = value else {
        return Err(Problem::mismatch(value, "a mapping"));
    };
    for (name, _) in given {
        if !members.iter().any(|m| m.name == name) {
            return Err(Problem {
                at: format!(".{name}"),
                kind: BuildErrorKind::UnknownMember {
                    shape: shape.name,
                    suggestion: did_you_mean(name, members.iter().map(|m| m.name)),
                },
            });
        }
    }
    let value_of = |m: &Member| given.iter().find(|(n, _)| n == m.name).map(|(_, v)| v);
    for m in members.iter().filter(|m| m.xml_attribute) {
        if let Some(v) = value_of(m) {
            let text = http::scalar(m, v, TimestampFormat::DateTime)
                .map_err(|p| p.under(&format!(".{}", m.name)))?;
            out.push_str(&format!(" {}=\"{}\"", m.xml_name(), escape(&text)));
        }
    }
    out.push('>');
    for m in members.iter().filter(|m| !m.xml_attribute) {
        if let Some(v) = value_of(m) {
            member(out, m, v).map_err(|p| p.under(&format!(".{}", m.name)))?;
        }
    }
    Ok(())
}

/// A member of a structure; a flattened list repeats its items as the member's element.
fn member(out: &mut String, m: &Member, value: &Input) -> Result<(), Problem> {
    match (&m.shape.kind, value) {
        (ShapeKind::List { member: item }, Input::List(items)) if m.xml_flattened => {
            for (i, v) in items.iter().enumerate() {
                element(
                    out,
                    m.xml_name(),
                    m.xml_namespace,
                    item.shape,
                    item.timestamp_format,
                    v,
                )
                .map_err(|p| p.under(&format!("[{i}]")))?;
            }
            Ok(())
        }
        (
            ShapeKind::Map {
                key,
                value: value_shape,
            },
            _,
        ) if m.xml_flattened => map_entries(out, m.xml_name(), key, value_shape, value),
        _ => element(
            out,
            m.xml_name(),
            m.xml_namespace,
            m.shape,
            m.timestamp_format,
            value,
        ),
    }
}

/// Map entries as `<entry><key>k</key><value>v</value></entry>`.
fn map_entries(
    out: &mut String,
    entry: &str,
    key: &Shape,
    value_shape: &Shape,
    value: &Input,
) -> Result<(), Problem> {
    let Input::Map(entries) = value else {
        return Err(Problem::mismatch(value, "a mapping"));
    };
    for (k, v) in entries {
        out.push_str(&format!("<{entry}>"));
        element(out, "key", None, key, None, &Input::text(k.clone()))?;
        element(out, "value", None, value_shape, None, v).map_err(|p| p.under(&format!(".{k}")))?;
        out.push_str(&format!("</{entry}>"));
    }
    Ok(())
}

/// Escapes text and attribute values as aws-sdk-s3 does: the five XML specials, and the line
/// breaks an XML reader would otherwise normalize (`\r`, `\n`, NEL, LINE SEPARATOR) as
/// character references, so they arrive as sent.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' | '\n' | '\u{85}' | '\u{2028}' => out.push_str(&format!("&#x{:X};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials_and_line_breaks() {
        assert_eq!(
            escape("a&b <c> \"d\" 'e'"),
            "a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(escape("x\r\ny\u{2028}"), "x&#xD;&#xA;y&#x2028;");
        assert_eq!(escape("tab\there é"), "tab\there é");
    }
}
