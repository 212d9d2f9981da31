//! `--format yaml`: the JSON report's document, written as YAML (block style, strings in
//! double quotes, so any text round-trips).

use serde_json::Value;

use crate::runner::RunRecord;

pub fn render(run: &RunRecord) -> String {
    let doc: Value = serde_json::from_str(&super::json::render(run)).unwrap_or(Value::Null);
    let mut out = String::new();
    write(&mut out, &doc, 0);
    out
}

/// `value` at `indent`, starting where the caller left the line (after `key:` or `- `).
fn write(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 || !out.ends_with("- ") {
                    newline(out, indent);
                }
                out.push_str(&key(k));
                out.push(':');
                if is_block(v) {
                    write(out, v, indent + 2);
                } else {
                    out.push(' ');
                    out.push_str(&scalar(v));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                newline(out, indent);
                out.push_str("- ");
                if is_block(item) {
                    write(out, item, indent + 2);
                } else {
                    out.push_str(&scalar(item));
                }
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
        }
    }
    if indent == 0 {
        out.push('\n');
    }
}

fn newline(out: &mut String, indent: usize) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent));
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

/// A key as a plain scalar when it is a simple name (all of the report's keys are).
fn key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        k.to_owned()
    } else {
        scalar(&Value::String(k.to_owned()))
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        // A JSON string is a valid double-quoted YAML scalar.
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_values_are_block_yaml() {
        let v: Value = serde_json::from_str(
            r#"{"a": 1, "b": {"c": "x\ny", "d": []}, "e": [{"f": null, "g": [true]}, "h"]}"#,
        )
        .unwrap_or(Value::Null);
        let mut out = String::new();
        write(&mut out, &v, 0);
        assert_eq!(
            out,
            "a: 1\nb:\n  c: \"x\\ny\"\n  d: []\ne:\n  - f: null\n    g:\n      - true\n  - \"h\"\n"
        );
    }
}
