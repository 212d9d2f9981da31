//! Values in headers, query strings and labels: text by the member's shape.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use s3spec_api::{Member, Shape, ShapeKind, TimestampFormat};

use super::{Input, Problem};

/// One value as text, by the shape of `member`; `default` is the binding's timestamp format.
pub(super) fn scalar(
    member: &Member,
    value: &Input,
    default: TimestampFormat,
) -> Result<String, Problem> {
    scalar_of(member.shape, member.timestamp_format, value, default)
}

/// One value of `shape` as text. Timestamps given as text are reformatted when they parse and
/// sent as given when they do not (a test may send a malformed date on purpose).
pub(super) fn scalar_of(
    shape: &Shape,
    member_format: Option<TimestampFormat>,
    value: &Input,
    default: TimestampFormat,
) -> Result<String, Problem> {
    if let ShapeKind::Timestamp(shape_format) = shape.kind {
        let format = member_format.or(shape_format).unwrap_or(default);
        return timestamp(value, format);
    }
    match value {
        Input::Text(s) => Ok(s.clone()),
        Input::Int(i) => Ok(i.to_string()),
        Input::Bool(b) => Ok(b.to_string()),
        Input::Bytes(b) => b
            .to_bytes("a header value")
            .map(aws_smithy_types::base64::encode)
            .map_err(|e| Problem {
                at: String::new(),
                kind: super::BuildErrorKind::Body(e),
            }),
        other => Err(Problem::mismatch(other, "a single value")),
    }
}

fn timestamp(value: &Input, format: TimestampFormat) -> Result<String, Problem> {
    let parsed = match value {
        Input::Text(s) => parse_time(s),
        Input::Int(i) => Some(DateTime::from_secs(*i)),
        other => return Err(Problem::mismatch(other, "a timestamp")),
    };
    let Some(time) = parsed else {
        return match value {
            Input::Text(s) => Ok(s.clone()),
            other => Err(Problem::mismatch(other, "a timestamp")),
        };
    };
    let format = match format {
        TimestampFormat::DateTime => Format::DateTime,
        TimestampFormat::HttpDate => Format::HttpDate,
        TimestampFormat::EpochSeconds => Format::EpochSeconds,
    };
    // Formatting fails only outside the years 0001..=9999; send the text as given then.
    Ok(time.fmt(format).unwrap_or_else(|_| match value {
        Input::Text(s) => s.clone(),
        _ => time.secs().to_string(),
    }))
}

/// A timestamp in any of the formats S3 uses: RFC 3339, HTTP date, or epoch seconds.
fn parse_time(s: &str) -> Option<DateTime> {
    [Format::DateTime, Format::HttpDate, Format::EpochSeconds]
        .into_iter()
        .find_map(|f| DateTime::from_str(s, f).ok())
}

/// A header's value: a list's items are joined with `,` (as botocore and the AWS CLI send
/// them: some servers do not trim the space after a comma), each quoted as the SDK quotes it
/// when it holds a comma, a quote or parentheses.
pub(super) fn header_value(member: &Member, value: &Input) -> Result<String, Problem> {
    match (&member.shape.kind, value) {
        (ShapeKind::List { member: item }, Input::List(items)) => {
            let mut parts = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                let text = scalar(item, v, TimestampFormat::HttpDate)
                    .map_err(|p| p.under(&format!("[{i}]")))?;
                parts.push(quote_item(&text));
            }
            Ok(parts.join(","))
        }
        _ => scalar(member, value, TimestampFormat::HttpDate),
    }
}

fn quote_item(text: &str) -> String {
    let needs_quotes = text.trim() != text || text.contains(['"', ',', '(', ')']);
    if needs_quotes {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_owned()
    }
}

/// The entries of a prefix-header map (`Metadata`): (key, value).
pub(super) fn prefix_headers(
    member: &Member,
    value: &Input,
) -> Result<Vec<(String, String)>, Problem> {
    map_entries(member, value, TimestampFormat::HttpDate).map(|entries| {
        entries
            .into_iter()
            .map(|(k, v)| (k, v.join(", ")))
            .collect()
    })
}

/// The values of a query member: a list repeats the key.
pub(super) fn query_values(member: &Member, value: &Input) -> Result<Vec<String>, Problem> {
    match (&member.shape.kind, value) {
        (ShapeKind::List { member: item }, Input::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                scalar(item, v, TimestampFormat::DateTime).map_err(|p| p.under(&format!("[{i}]")))
            })
            .collect(),
        _ => Ok(vec![scalar(member, value, TimestampFormat::DateTime)?]),
    }
}

/// The parameters of a query-params map; a list value repeats its key.
pub(super) fn query_params(
    member: &Member,
    value: &Input,
) -> Result<Vec<(String, String)>, Problem> {
    let entries = map_entries(member, value, TimestampFormat::DateTime)?;
    Ok(entries
        .into_iter()
        .flat_map(|(k, values)| values.into_iter().map(move |v| (k.clone(), v)))
        .collect())
}

/// A map's entries as (key, values); a value may be a list of scalars.
fn map_entries(
    member: &Member,
    value: &Input,
    default: TimestampFormat,
) -> Result<Vec<(String, Vec<String>)>, Problem> {
    let Input::Map(entries) = value else {
        return Err(Problem::mismatch(value, "a mapping"));
    };
    let value_shape = match member.shape.kind {
        ShapeKind::Map { value, .. } => value,
        _ => member.shape,
    };
    let item_shape = match value_shape.kind {
        ShapeKind::List { member } => member.shape,
        _ => value_shape,
    };
    let mut out = Vec::with_capacity(entries.len());
    for (key, v) in entries {
        let texts = match v {
            Input::List(items) => items
                .iter()
                .map(|i| scalar_of(item_shape, None, i, default))
                .collect::<Result<Vec<_>, _>>(),
            single => scalar_of(item_shape, None, single, default).map(|t| vec![t]),
        }
        .map_err(|p| p.under(&format!(".{key}")))?;
        out.push((key.clone(), texts));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_reformatted_or_sent_as_given() {
        assert_eq!(
            timestamp(
                &Input::text("2024-01-02T03:04:05Z"),
                TimestampFormat::HttpDate
            )
            .ok(),
            Some("Tue, 02 Jan 2024 03:04:05 GMT".to_owned())
        );
        assert_eq!(
            timestamp(
                &Input::text("Tue, 02 Jan 2024 03:04:05 GMT"),
                TimestampFormat::DateTime
            )
            .ok(),
            Some("2024-01-02T03:04:05Z".to_owned())
        );
        assert_eq!(
            timestamp(&Input::Int(0), TimestampFormat::DateTime).ok(),
            Some("1970-01-01T00:00:00Z".to_owned())
        );
        assert_eq!(
            timestamp(&Input::text("yesterday"), TimestampFormat::HttpDate).ok(),
            Some("yesterday".to_owned())
        );
        assert!(timestamp(&Input::Bool(true), TimestampFormat::HttpDate).is_err());
    }

    #[test]
    fn list_items_with_commas_are_quoted() {
        assert_eq!(quote_item("ETag"), "ETag");
        assert_eq!(quote_item("a,b"), "\"a,b\"");
        assert_eq!(quote_item("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote_item(" x"), "\" x\"");
    }
}
