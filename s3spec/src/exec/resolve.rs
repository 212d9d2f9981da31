//! Resolves suite values (variables, bodies) into what the wire layer sends.

use std::path::Path;

use s3spec_suite::Value;
use s3spec_suite::template::Template;

use super::Vars;
use crate::body;
use crate::wire::body::Body;
use crate::wire::serialize::Input;

/// What a value is resolved against.
pub(crate) struct Ctx<'a> {
    pub vars: &'a Vars,
    /// The folder of the suite file, for `file://` bodies.
    pub suite_dir: &'a Path,
}

type Result<T> = std::result::Result<T, String>;

/// A template with its variables replaced.
pub(crate) fn template(t: &Template, ctx: &Ctx<'_>) -> Result<String> {
    t.render(|name| ctx.vars.get(name).map(String::as_str))
        .map_err(|v| format!("variable `${v}` is not set"))
}

/// A scalar value as text.
pub(crate) fn text(v: &Value, ctx: &Ctx<'_>) -> Result<String> {
    match v {
        Value::Text(t) => template(t, ctx),
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Float(x) => Ok(x.to_string()),
        Value::Null => Ok(String::new()),
        other => Err(format!("expected text, found {other:?}")),
    }
}

/// A member's value as the serializer takes it: bodies become bytes, variables are resolved.
/// A variable standing for a number or a boolean stays text; the serializer writes text as is.
pub(crate) fn input(v: &Value, ctx: &Ctx<'_>) -> Result<Input> {
    Ok(match v {
        Value::Null => return Err("a value is missing (null)".to_owned()),
        Value::Bool(b) => Input::Bool(*b),
        Value::Int(i) => Input::Int(*i),
        Value::Float(_) | Value::Text(_) => Input::Text(text(v, ctx)?),
        Value::Generated { .. } | Value::File(_) => Input::Bytes(body(v, ctx)?),
        Value::List(items) => Input::List(
            items
                .iter()
                .map(|i| input(i, ctx))
                .collect::<Result<Vec<_>>>()?,
        ),
        Value::Map(entries) => Input::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), input(v, ctx)?)))
                .collect::<Result<Vec<_>>>()?,
        ),
    })
}

/// A body value: text, a `file://` file or generated content (the last two streamed).
pub(crate) fn body(v: &Value, ctx: &Ctx<'_>) -> Result<Body> {
    body::body(v, ctx)
}

/// A body member's value becomes bytes even when written as text (`Body: "hello"`).
pub(crate) fn member_input(
    member: &'static s3spec_api::Member,
    v: &Value,
    ctx: &Ctx<'_>,
) -> Result<Input> {
    match member.shape.kind {
        s3spec_api::ShapeKind::Blob { .. } => Ok(Input::Bytes(body(v, ctx)?)),
        _ => input(v, ctx),
    }
}

/// A condition of a POST policy as JSON.
pub(crate) fn json(v: &Value, ctx: &Ctx<'_>) -> Result<String> {
    Ok(match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Text(_) => json_string(&text(v, ctx)?),
        Value::List(items) => {
            let items = items
                .iter()
                .map(|i| json(i, ctx))
                .collect::<Result<Vec<_>>>()?;
            format!("[{}]", items.join(","))
        }
        Value::Map(entries) => {
            let entries = entries
                .iter()
                .map(|(k, v)| Ok(format!("{}:{}", json_string(k), json(v, ctx)?)))
                .collect::<Result<Vec<_>>>()?;
            format!("{{{}}}", entries.join(","))
        }
        Value::Generated { .. } | Value::File(_) => {
            return Err("a policy condition cannot be a body".to_owned());
        }
    })
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(Template::parse(s).expect("valid template"))
    }

    #[test]
    fn resolves_variables_and_structures() {
        let vars = Vars::from([("b".to_owned(), "bkt".to_owned())]);
        let ctx = Ctx {
            vars: &vars,
            suite_dir: Path::new("."),
        };
        assert_eq!(text(&t("$b/x"), &ctx), Ok("bkt/x".to_owned()));
        assert_eq!(
            text(&t("$missing"), &ctx),
            Err("variable `$missing` is not set".to_owned())
        );
        let v = Value::Map(vec![(
            "Parts".into(),
            Value::List(vec![Value::Map(vec![("PartNumber".into(), Value::Int(1))])]),
        )]);
        assert_eq!(
            input(&v, &ctx),
            Ok(Input::Map(vec![(
                "Parts".into(),
                Input::List(vec![Input::Map(vec![("PartNumber".into(), Input::Int(1))])])
            )]))
        );
    }

    #[test]
    fn policy_conditions_become_json() {
        let vars = Vars::from([("bucket".to_owned(), "b\"1".to_owned())]);
        let ctx = Ctx {
            vars: &vars,
            suite_dir: Path::new("."),
        };
        let cond = Value::List(vec![t("starts-with"), t("$$key"), t("")]);
        assert_eq!(
            json(&cond, &ctx),
            Ok(r#"["starts-with","$key",""]"#.to_owned())
        );
        let cond = Value::Map(vec![("bucket".into(), t("$bucket"))]);
        assert_eq!(json(&cond, &ctx), Ok(r#"{"bucket":"b\"1"}"#.to_owned()));
        let range = Value::List(vec![
            t("content-length-range"),
            Value::Int(0),
            Value::Int(5),
        ]);
        assert_eq!(
            json(&range, &ctx),
            Ok(r#"["content-length-range",0,5]"#.to_owned())
        );
    }
}
