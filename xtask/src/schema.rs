//! Writes `docs/suite.schema.json`: the hand-written suite format of
//! `xtask/suite-format.schema.json`, with the operations filled in from the model.
//!
//! The template marks what this fills with `$defs` entries whose value is a string starting
//! with `@generated`: `operation` (the names) and `operationParameters` (for each operation,
//! its `with` members and the response fields `expect.fields` and `save` may name). Every
//! structure, list, map and enum that `with` members use becomes `$defs/shape.<Name>`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::Error;
use crate::model::{Api, Binding, Kind, Member, Operation};

const FILLED: [&str; 2] = ["operation", "operationParameters"];

/// `error_members`: the elements of S3's `<Error>` document, which the fields of a step that
/// expects an error name (`s3spec-suite/src/error_document.txt`).
pub fn generate(api: &Api, template: &str, error_members: &[&str]) -> Result<String, Error> {
    let mut schema: Value = serde_json::from_str(template)
        .map_err(|e| Error(format!("failed to parse the schema template: {e}")))?;
    let defs = schema
        .get_mut("$defs")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Error("failed to find `$defs` in the schema template".into()))?;
    for (name, value) in defs.iter() {
        let marked = value.as_str().is_some_and(|s| s.starts_with("@generated"));
        if marked != FILLED.contains(&name.as_str()) {
            return Err(Error(format!(
                "failed to fill the schema template: `$defs/{name}` is {}",
                if marked {
                    "marked @generated but not generated"
                } else {
                    "not marked @generated"
                }
            )));
        }
    }
    let mut shapes = Shapes {
        api,
        defs: BTreeMap::new(),
    };
    let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    defs.insert(
        "operation".into(),
        json!({ "enum": names, "description": "The S3 operation." }),
    );
    let mut branches = Vec::new();
    for op in &api.operations {
        defs.insert(format!("with.{}", op.name), shapes.with(op)?);
        branches.push(branch(op, error_members));
    }
    defs.insert("operationParameters".into(), json!({ "allOf": branches }));
    defs.extend(shapes.defs);
    let mut text = serde_json::to_string_pretty(&schema)
        .map_err(|e| Error(format!("failed to write the schema: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// What a step with this `op` takes: its `with`, and the response fields it may name. As the
/// suite checks do: a step that must succeed names output members; one that must fail names
/// elements of the error document or members bound to headers; one that may do either, any.
fn branch(op: &Operation, error_members: &[&str]) -> Value {
    let outputs: Vec<&str> = op.output.iter().map(|m| m.name.as_str()).collect();
    let headers: Vec<&str> = op
        .output
        .iter()
        .filter(|m| {
            matches!(
                m.binding,
                Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::StatusCode
            )
        })
        .map(|m| m.name.as_str())
        .collect();
    let on_error = paths(error_members, &headers);
    let either = paths(error_members, &outputs);
    let mut then = json!({
        "properties": { "with": { "$ref": format!("#/$defs/with.{}", op.name) } },
        "if": { "$ref": "#/$defs/mayFail" },
        "then": {
            "if": { "$ref": "#/$defs/expectsError" },
            "then": fields(on_error),
            "else": fields(either),
        },
        "else": fields(paths(&[], &outputs)),
    });
    if op.input.iter().any(|m| m.required) {
        then["required"] = json!(["with"]);
    }
    json!({ "if": { "properties": { "op": { "const": op.name } }, "required": ["op"] }, "then": then })
}

/// The names `expect.fields` and `save` may use: `text` elements (no path below them), and
/// `members` with any path below.
fn paths(text: &[&str], members: &[&str]) -> Value {
    let mut alternatives = Vec::new();
    if !text.is_empty() {
        alternatives.push(format!("({})", text.join("|")));
    }
    if !members.is_empty() {
        alternatives.push(format!("({})([.\\[].*)?", members.join("|")));
    }
    if alternatives.is_empty() {
        // No name at all: the `false` schema rejects every one.
        return Value::Bool(false);
    }
    json!({ "pattern": format!("^({})$", alternatives.join("|")) })
}

fn fields(names: Value) -> Value {
    json!({ "properties": {
        "expect": { "properties": { "fields": { "propertyNames": names.clone() } } },
        "save": { "additionalProperties": names },
    } })
}

/// The `$defs` entries for shapes, made as members refer to them.
struct Shapes<'a> {
    api: &'a Api,
    defs: BTreeMap<String, Value>,
}

impl Shapes<'_> {
    fn with(&mut self, op: &Operation) -> Result<Value, Error> {
        let mut with = self.object(&op.input, false)?;
        with["description"] = json!(format!("The parameters of {}: {}", op.name, op.summary));
        Ok(with)
    }

    /// An object with these members as properties.
    fn object(&mut self, members: &[Member], union: bool) -> Result<Value, Error> {
        let mut properties = Map::new();
        for m in members {
            let mut value = self.value(&m.target)?;
            value["description"] = json!(describe(m));
            properties.insert(m.name.clone(), value);
        }
        let required: Vec<&str> = members
            .iter()
            .filter(|m| m.required)
            .map(|m| m.name.as_str())
            .collect();
        let mut object =
            json!({ "type": "object", "additionalProperties": false, "properties": properties });
        if !required.is_empty() {
            object["required"] = json!(required);
        }
        if union {
            object["maxProperties"] = json!(1);
        }
        Ok(object)
    }

    /// The schema of a value of this shape: a reference to the template's scalars or to
    /// `$defs/shape.<Name>`, which is made on first use.
    fn value(&mut self, target: &str) -> Result<Value, Error> {
        let shape = self.api.shape(target)?;
        let scalar = match &shape.kind {
            Kind::String => Some("text"),
            Kind::Boolean => Some("boolean"),
            Kind::Integer | Kind::Long => Some("integer"),
            Kind::Timestamp(_) => Some("timestamp"),
            Kind::Blob { streaming: true } => Some("body"),
            Kind::Blob { streaming: false } => Some("bytes"),
            _ => None,
        };
        if let Some(scalar) = scalar {
            return Ok(json!({ "$ref": format!("#/$defs/{scalar}") }));
        }
        let key = format!("shape.{}", shape.name);
        if !self.defs.contains_key(&key) {
            // A placeholder first, so a shape that contains itself ends.
            self.defs.insert(key.clone(), Value::Null);
            let def = match &shape.kind {
                Kind::Enum(values) => json!({ "enum": values }),
                Kind::Structure(m) => self.object(m, false)?,
                Kind::Union(m) => self.object(m, true)?,
                Kind::List(item) => json!({ "type": "array", "items": self.value(&item.target)? }),
                Kind::Map { value, .. } => {
                    json!({ "type": "object", "additionalProperties": self.value(value)? })
                }
                _ => Value::Null,
            };
            let variable = json!({ "$ref": "#/$defs/variable" });
            self.defs
                .insert(key.clone(), json!({ "anyOf": [def, variable] }));
        }
        Ok(json!({ "$ref": format!("#/$defs/{key}") }))
    }
}

/// Where a member travels, for the editor's hover text.
fn describe(m: &Member) -> String {
    match &m.binding {
        Binding::Label { .. } => "URI label".to_owned(),
        Binding::HostLabel => "host name label".to_owned(),
        Binding::Header(h) => format!("header {h}"),
        Binding::PrefixHeaders(p) => format!("headers {p}<name>"),
        Binding::Query(q) => format!("query {q}"),
        Binding::QueryParams => "query parameters".to_owned(),
        Binding::Payload => "request body".to_owned(),
        Binding::StatusCode => "status code".to_owned(),
        Binding::Body => format!("XML element {}", m.xml_name.as_deref().unwrap_or(&m.name)),
    }
}
