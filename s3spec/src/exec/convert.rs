//! Turns resolved suite values into the request types of the AWS SDK, one function per
//! parameter kind of the operation table.

use std::collections::HashMap;
use std::path::Path;

use aws_sdk_s3::primitives::{ByteStream, DateTime, DateTimeFormat};
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CompletedMultipartUpload, CompletedPart,
    CreateBucketConfiguration, Delete, MfaDelete, ObjectIdentifier, Tag, Tagging,
    VersioningConfiguration,
};
use s3spec_suite::Value;

use super::Vars;
use crate::body;

/// What a value is resolved against.
pub(crate) struct Ctx<'a> {
    pub vars: &'a Vars,
    /// The folder of the suite file, for `file://` bodies.
    pub suite_dir: &'a Path,
}

type Result<T> = std::result::Result<T, String>;

pub(crate) fn text(v: &Value, ctx: &Ctx<'_>) -> Result<String> {
    match v {
        Value::Text(t) => t
            .render(|name| ctx.vars.get(name).map(String::as_str))
            .map_err(|v| format!("variable `${v}` is not set")),
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Float(x) => Ok(x.to_string()),
        other => Err(format!("expected text, found {other:?}")),
    }
}

pub(crate) fn int(v: &Value, ctx: &Ctx<'_>) -> Result<i32> {
    let n = long(v, ctx)?;
    i32::try_from(n).map_err(|_| format!("{n} does not fit a 32-bit integer"))
}

pub(crate) fn long(v: &Value, ctx: &Ctx<'_>) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => {
            let s = text(v, ctx)?;
            s.trim()
                .parse()
                .map_err(|_| format!("expected an integer, got {s:?}"))
        }
    }
}

pub(crate) fn flag(v: &Value, ctx: &Ctx<'_>) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => match text(v, ctx)?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("expected true or false, got {other:?}")),
        },
    }
}

pub(crate) fn time(v: &Value, ctx: &Ctx<'_>) -> Result<DateTime> {
    let s = text(v, ctx)?;
    DateTime::from_str(&s, DateTimeFormat::DateTime)
        .or_else(|_| DateTime::from_str(&s, DateTimeFormat::HttpDate))
        .map_err(|_| format!("expected an RFC 3339 or HTTP date, got {s:?}"))
}

pub(crate) fn enumeration<T: for<'a> From<&'a str>>(v: &Value, ctx: &Ctx<'_>) -> Result<T> {
    Ok(T::from(text(v, ctx)?.as_str()))
}

pub(crate) fn body(v: &Value, ctx: &Ctx<'_>) -> Result<ByteStream> {
    Ok(ByteStream::from(body::bytes(v, ctx)?))
}

pub(crate) fn metadata(v: &Value, ctx: &Ctx<'_>) -> Result<HashMap<String, String>> {
    entries(v)?
        .iter()
        .map(|(k, v)| Ok((k.clone(), text(v, ctx)?)))
        .collect()
}

fn entries(v: &Value) -> Result<&[(String, Value)]> {
    match v {
        Value::Map(entries) => Ok(entries),
        other => Err(format!("expected a mapping, found {other:?}")),
    }
}

fn member<'v>(v: &'v Value, name: &str) -> Option<&'v Value> {
    entries(v)
        .ok()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn opt<T>(
    v: &Value,
    name: &str,
    ctx: &Ctx<'_>,
    f: fn(&Value, &Ctx<'_>) -> Result<T>,
) -> Result<Option<T>> {
    member(v, name).map(|m| f(m, ctx)).transpose()
}

fn items<T>(
    v: &Value,
    name: &str,
    ctx: &Ctx<'_>,
    f: fn(&Value, &Ctx<'_>) -> Result<T>,
) -> Result<Option<Vec<T>>> {
    match member(v, name) {
        Some(Value::List(items)) => items
            .iter()
            .map(|i| f(i, ctx))
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(other) => Err(format!("`{name}` expects a list, found {other:?}")),
        None => Ok(None),
    }
}

pub(crate) fn delete(v: &Value, ctx: &Ctx<'_>) -> Result<Delete> {
    Delete::builder()
        .set_objects(items(v, "Objects", ctx, object_identifier)?.or(Some(Vec::new())))
        .set_quiet(opt(v, "Quiet", ctx, flag)?)
        .build()
        .map_err(|e| e.to_string())
}

fn object_identifier(v: &Value, ctx: &Ctx<'_>) -> Result<ObjectIdentifier> {
    ObjectIdentifier::builder()
        .set_key(opt(v, "Key", ctx, text)?)
        .set_version_id(opt(v, "VersionId", ctx, text)?)
        .set_e_tag(opt(v, "ETag", ctx, text)?)
        .build()
        .map_err(|e| e.to_string())
}

pub(crate) fn completed_upload(v: &Value, ctx: &Ctx<'_>) -> Result<CompletedMultipartUpload> {
    Ok(CompletedMultipartUpload::builder()
        .set_parts(items(v, "Parts", ctx, completed_part)?)
        .build())
}

fn completed_part(v: &Value, ctx: &Ctx<'_>) -> Result<CompletedPart> {
    Ok(CompletedPart::builder()
        .set_part_number(opt(v, "PartNumber", ctx, int)?)
        .set_e_tag(opt(v, "ETag", ctx, text)?)
        .set_checksum_crc32(opt(v, "ChecksumCRC32", ctx, text)?)
        .set_checksum_crc32_c(opt(v, "ChecksumCRC32C", ctx, text)?)
        .set_checksum_sha1(opt(v, "ChecksumSHA1", ctx, text)?)
        .set_checksum_sha256(opt(v, "ChecksumSHA256", ctx, text)?)
        .build())
}

pub(crate) fn bucket_config(v: &Value, ctx: &Ctx<'_>) -> Result<CreateBucketConfiguration> {
    let constraint = opt(
        v,
        "LocationConstraint",
        ctx,
        enumeration::<BucketLocationConstraint>,
    )?;
    Ok(CreateBucketConfiguration::builder()
        .set_location_constraint(constraint)
        .build())
}

pub(crate) fn tagging(v: &Value, ctx: &Ctx<'_>) -> Result<Tagging> {
    Tagging::builder()
        .set_tag_set(items(v, "TagSet", ctx, tag)?.or(Some(Vec::new())))
        .build()
        .map_err(|e| e.to_string())
}

fn tag(v: &Value, ctx: &Ctx<'_>) -> Result<Tag> {
    Tag::builder()
        .set_key(opt(v, "Key", ctx, text)?)
        .set_value(opt(v, "Value", ctx, text)?)
        .build()
        .map_err(|e| e.to_string())
}

pub(crate) fn versioning(v: &Value, ctx: &Ctx<'_>) -> Result<VersioningConfiguration> {
    Ok(VersioningConfiguration::builder()
        .set_status(opt(
            v,
            "Status",
            ctx,
            enumeration::<BucketVersioningStatus>,
        )?)
        .set_mfa_delete(opt(v, "MFADelete", ctx, enumeration::<MfaDelete>)?)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use s3spec_suite::template::Template;

    fn ctx(vars: &Vars) -> Ctx<'_> {
        Ctx {
            vars,
            suite_dir: Path::new("."),
        }
    }

    fn t(s: &str) -> Value {
        Value::Text(Template::parse(s).expect("valid template"))
    }

    #[test]
    fn resolves_variables_and_numbers() {
        let vars = Vars::from([
            ("n".to_owned(), "7".to_owned()),
            ("b".to_owned(), "bkt".to_owned()),
        ]);
        assert_eq!(text(&t("$b/x"), &ctx(&vars)), Ok("bkt/x".to_owned()));
        assert_eq!(int(&t("$n"), &ctx(&vars)), Ok(7));
        assert_eq!(int(&Value::Int(3), &ctx(&vars)), Ok(3));
        assert!(int(&Value::Int(1 << 40), &ctx(&vars)).is_err());
        assert_eq!(
            text(&t("$missing"), &ctx(&vars)),
            Err("variable `$missing` is not set".to_owned())
        );
    }

    #[test]
    fn builds_request_structures() {
        let vars = Vars::from([("e".to_owned(), "\"etag\"".to_owned())]);
        let v = Value::Map(vec![(
            "Parts".into(),
            Value::List(vec![Value::Map(vec![
                ("PartNumber".into(), Value::Int(1)),
                ("ETag".into(), t("$e")),
            ])]),
        )]);
        let upload = completed_upload(&v, &ctx(&vars)).expect("valid");
        let part = &upload.parts()[0];
        assert_eq!(part.part_number(), Some(1));
        assert_eq!(part.e_tag(), Some("\"etag\""));
        let d = Value::Map(vec![(
            "Objects".into(),
            Value::List(vec![Value::Map(vec![("Key".into(), t("a"))])]),
        )]);
        assert_eq!(
            delete(&d, &ctx(&vars)).expect("valid").objects()[0].key(),
            "a"
        );
    }

    #[test]
    fn parses_timestamps_in_both_formats() {
        let vars = Vars::new();
        assert!(time(&t("2024-01-02T03:04:05Z"), &ctx(&vars)).is_ok());
        assert!(time(&t("Tue, 02 Jan 2024 03:04:05 GMT"), &ctx(&vars)).is_ok());
        assert!(time(&t("yesterday"), &ctx(&vars)).is_err());
    }
}
