//! Reads the Smithy JSON model into the few facts the generators need: operations with their
//! HTTP bindings, and every shape their inputs and outputs reach.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::Error;
use crate::text;

const S3: &str = "com.amazonaws.s3#";

/// The service as the generators see it.
#[derive(Debug)]
pub struct Api {
    /// The XML namespace of the service (`http://s3.amazonaws.com/doc/2006-03-01/`).
    pub namespace: String,
    /// Sorted by name.
    pub operations: Vec<Operation>,
    /// Every shape reachable from an operation's input or output, by name.
    pub shapes: BTreeMap<String, Shape>,
}

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub method: String,
    pub uri: String,
    pub host_prefix: Option<String>,
    pub input: Vec<Member>,
    pub output: Vec<Member>,
    pub input_xml_name: Option<String>,
    pub output_xml_name: Option<String>,
    pub output_unwrapped: bool,
    pub checksum_required: bool,
    pub checksum_algorithm_member: Option<String>,
    pub unsigned_payload: bool,
    pub errors: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    /// The target shape's name.
    pub target: String,
    pub binding: Binding,
    pub required: bool,
    pub xml_name: Option<String>,
    pub xml_attribute: bool,
    pub xml_flattened: bool,
    pub xml_namespace: Option<(String, Option<String>)>,
    pub timestamp_format: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Label { greedy: bool },
    HostLabel,
    Header(String),
    PrefixHeaders(String),
    Query(String),
    QueryParams,
    Payload,
    StatusCode,
    Body,
}

#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub kind: Kind,
    pub xml_name: Option<String>,
    pub xml_namespace: Option<String>,
}

#[derive(Debug)]
pub enum Kind {
    String,
    Enum(Vec<String>),
    Boolean,
    Integer,
    Long,
    Timestamp(Option<String>),
    Blob { streaming: bool },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    List(Box<Member>),
    Map { key: String, value: String },
}

impl Api {
    pub fn shape(&self, name: &str) -> Result<&Shape, Error> {
        self.shapes
            .get(name)
            .ok_or_else(|| Error(format!("failed to find shape `{name}`")))
    }
}

/// Parses the model text.
pub fn read(text: &str) -> Result<Api, Error> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| Error(format!("failed to parse the model as JSON: {e}")))?;
    let shapes = root
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| Error("failed to find `shapes` in the model".into()))?;
    let model = Model { shapes };
    let service = shapes
        .iter()
        .map(|(_, s)| s)
        .find(|s| s["type"] == "service")
        .ok_or_else(|| Error("failed to find the service shape".into()))?;
    let namespace = service["traits"]["smithy.api#xmlNamespace"]["uri"]
        .as_str()
        .ok_or_else(|| Error("failed to find the service's xmlNamespace".into()))?
        .to_owned();
    let mut operations = Vec::new();
    for (id, shape) in shapes.iter() {
        if shape["type"] == "operation" {
            operations.push(model.operation(short(id), shape)?);
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut api = Api {
        namespace,
        operations,
        shapes: BTreeMap::new(),
    };
    let roots: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| op.input.iter().chain(&op.output))
        .map(|m| m.target.clone())
        .collect();
    for name in roots {
        model.collect(&name, &mut api.shapes)?;
    }
    mark_payloads(&mut api);
    Ok(api)
}

/// Payload structures are XML documents of their own: their root element takes the payload
/// member's xmlName, and the service namespace (aws-sdk-s3 writes `xmlns` on every one).
fn mark_payloads(api: &mut Api) {
    let payloads: Vec<(String, Option<String>)> = api
        .operations
        .iter()
        .flat_map(|op| op.input.iter().chain(&op.output))
        .filter(|m| m.binding == Binding::Payload)
        .map(|m| (m.target.clone(), m.xml_name.clone()))
        .collect();
    for (target, xml_name) in payloads {
        if let Some(shape) = api.shapes.get_mut(&target)
            && matches!(shape.kind, Kind::Structure(_))
        {
            shape.xml_namespace = Some(api.namespace.clone());
            if shape.xml_name.is_none() {
                shape.xml_name = xml_name;
            }
        }
    }
}

struct Model<'a> {
    shapes: &'a serde_json::Map<String, Value>,
}

impl Model<'_> {
    fn get(&self, name: &str) -> Result<&Value, Error> {
        self.shapes
            .get(&format!("{S3}{name}"))
            .ok_or_else(|| Error(format!("failed to find shape `{name}` in the model")))
    }

    fn operation(&self, name: &str, shape: &Value) -> Result<Operation, Error> {
        let traits = &shape["traits"];
        let http = &traits["smithy.api#http"];
        let method = str_of(&http["method"], name, "http method")?;
        let uri = str_of(&http["uri"], name, "http uri")?;
        let checksum = &traits["aws.protocols#httpChecksum"];
        let input = self.top_members(&shape["input"], &uri)?;
        let output = self.top_members(&shape["output"], &uri)?;
        let input_xml_name = self.body_root(&shape["input"], &input)?;
        let output_xml_name = match output.iter().find(|m| m.binding == Binding::Payload) {
            Some(m) => self.payload_element(m)?,
            None => self.body_root(&shape["output"], &output)?,
        };
        Ok(Operation {
            name: name.to_owned(),
            method,
            uri,
            host_prefix: traits["smithy.api#endpoint"]["hostPrefix"]
                .as_str()
                .map(str::to_owned),
            input,
            output,
            input_xml_name,
            output_xml_name,
            output_unwrapped: has(traits, "aws.customizations#s3UnwrappedXmlOutput"),
            checksum_required: has(traits, "smithy.api#httpChecksumRequired")
                || checksum["requestChecksumRequired"] == true,
            checksum_algorithm_member: checksum["requestAlgorithmMember"]
                .as_str()
                .map(str::to_owned),
            unsigned_payload: has(traits, "aws.auth#unsignedPayload"),
            errors: shape["errors"]
                .as_array()
                .map(|errors| errors.iter().filter_map(target_of).collect())
                .unwrap_or_default(),
            summary: text::summary(traits["smithy.api#documentation"].as_str().unwrap_or("")),
        })
    }

    /// The members of an operation's input or output structure, with their HTTP bindings.
    fn top_members(&self, reference: &Value, uri: &str) -> Result<Vec<Member>, Error> {
        match target_of(reference) {
            None => Ok(Vec::new()),
            Some(name) if name == "Unit" => Ok(Vec::new()),
            Some(name) => {
                let shape = self.get(&name)?;
                members(&name, shape, |member, traits| {
                    http_binding(member, traits, uri)
                })
            }
        }
    }

    /// The root element of a body made of members (no payload member): the structure's
    /// xmlName, else its name.
    fn body_root(&self, reference: &Value, members: &[Member]) -> Result<Option<String>, Error> {
        if !members.iter().any(|m| m.binding == Binding::Body) {
            return Ok(None);
        }
        let Some(name) = target_of(reference) else {
            return Ok(None);
        };
        let shape = self.get(&name)?;
        Ok(Some(xml_name(&shape["traits"]).unwrap_or(name)))
    }

    /// The root element of a structure payload: the member's xmlName, the shape's, its name.
    fn payload_element(&self, member: &Member) -> Result<Option<String>, Error> {
        let shape = self.get(&member.target)?;
        if shape["type"] != "structure" {
            return Ok(None);
        }
        Ok(Some(
            member
                .xml_name
                .clone()
                .or_else(|| xml_name(&shape["traits"]))
                .unwrap_or_else(|| member.target.clone()),
        ))
    }

    /// Adds the shape of this name and every shape it refers to.
    fn collect(&self, name: &str, out: &mut BTreeMap<String, Shape>) -> Result<(), Error> {
        if out.contains_key(name) {
            return Ok(());
        }
        let value = self.get(name)?;
        let shape = shape(name, value)?;
        let refs = shape.references();
        out.insert(name.to_owned(), shape);
        for r in refs {
            self.collect(&r, out)?;
        }
        Ok(())
    }
}

impl Shape {
    fn references(&self) -> Vec<String> {
        match &self.kind {
            Kind::Structure(m) | Kind::Union(m) => m.iter().map(|m| m.target.clone()).collect(),
            Kind::List(m) => vec![m.target.clone()],
            Kind::Map { key, value } => vec![key.clone(), value.clone()],
            _ => Vec::new(),
        }
    }
}

fn shape(name: &str, value: &Value) -> Result<Shape, Error> {
    let traits = &value["traits"];
    let body = |_: &str, _: &Value| Ok(Binding::Body);
    let kind = match value["type"].as_str().unwrap_or("") {
        "string" => Kind::String,
        "enum" => Kind::Enum(enum_values(name, value)?),
        "boolean" => Kind::Boolean,
        "integer" => Kind::Integer,
        "long" => Kind::Long,
        "timestamp" => Kind::Timestamp(timestamp_format(traits)),
        "blob" => Kind::Blob {
            streaming: has(traits, "smithy.api#streaming"),
        },
        "structure" => Kind::Structure(members(name, value, body)?),
        "union" => Kind::Union(members(name, value, body)?),
        "list" => Kind::List(Box::new(member("member", &value["member"], Binding::Body)?)),
        "map" => Kind::Map {
            key: target_of(&value["key"]).ok_or_else(|| missing(name, "map key"))?,
            value: target_of(&value["value"]).ok_or_else(|| missing(name, "map value"))?,
        },
        other => {
            return Err(Error(format!(
                "failed to read shape `{name}`: type `{other}`"
            )));
        }
    };
    Ok(Shape {
        name: name.to_owned(),
        kind,
        xml_name: xml_name(traits),
        xml_namespace: None,
    })
}

fn enum_values(name: &str, value: &Value) -> Result<Vec<String>, Error> {
    let members = value["members"]
        .as_object()
        .ok_or_else(|| missing(name, "members"))?;
    members
        .iter()
        .map(|(m, v)| {
            let value = &v["traits"]["smithy.api#enumValue"];
            Ok(value.as_str().unwrap_or(m).to_owned())
        })
        .collect()
}

/// The members of a structure in model order, each bound by `bind`.
fn members(
    name: &str,
    shape: &Value,
    bind: impl Fn(&str, &Value) -> Result<Binding, Error>,
) -> Result<Vec<Member>, Error> {
    let Some(members) = shape["members"].as_object() else {
        return Ok(Vec::new());
    };
    members
        .iter()
        .map(|(m, v)| {
            let binding = bind(m, &v["traits"]).map_err(|e| Error(format!("{name}.{e}")))?;
            member(m, v, binding)
        })
        .collect()
}

fn member(name: &str, value: &Value, binding: Binding) -> Result<Member, Error> {
    let traits = &value["traits"];
    let namespace = &traits["smithy.api#xmlNamespace"];
    Ok(Member {
        name: name.to_owned(),
        target: target_of(value).ok_or_else(|| missing(name, "target"))?,
        binding,
        required: has(traits, "smithy.api#required"),
        xml_name: xml_name(traits),
        xml_attribute: has(traits, "smithy.api#xmlAttribute"),
        xml_flattened: has(traits, "smithy.api#xmlFlattened"),
        xml_namespace: namespace["uri"].as_str().map(|uri| {
            (
                uri.to_owned(),
                namespace["prefix"].as_str().map(str::to_owned),
            )
        }),
        timestamp_format: timestamp_format(traits),
    })
}

fn http_binding(member: &str, traits: &Value, uri: &str) -> Result<Binding, Error> {
    let binding = if has(traits, "smithy.api#httpLabel") {
        let greedy = uri.contains(&format!("{{{member}+}}"));
        if !greedy && !uri.contains(&format!("{{{member}}}")) {
            return Err(Error(format!("{member}: a label missing from `{uri}`")));
        }
        Binding::Label { greedy }
    } else if has(traits, "smithy.api#hostLabel") {
        Binding::HostLabel
    } else if let Some(h) = traits["smithy.api#httpHeader"].as_str() {
        Binding::Header(h.to_ascii_lowercase())
    } else if let Some(p) = traits["smithy.api#httpPrefixHeaders"].as_str() {
        Binding::PrefixHeaders(p.to_ascii_lowercase())
    } else if let Some(q) = traits["smithy.api#httpQuery"].as_str() {
        Binding::Query(q.to_owned())
    } else if has(traits, "smithy.api#httpQueryParams") {
        Binding::QueryParams
    } else if has(traits, "smithy.api#httpPayload") {
        Binding::Payload
    } else if has(traits, "smithy.api#httpResponseCode") {
        Binding::StatusCode
    } else {
        Binding::Body
    };
    Ok(binding)
}

fn timestamp_format(traits: &Value) -> Option<String> {
    traits["smithy.api#timestampFormat"]
        .as_str()
        .map(str::to_owned)
}

fn xml_name(traits: &Value) -> Option<String> {
    traits["smithy.api#xmlName"].as_str().map(str::to_owned)
}

fn has(traits: &Value, name: &str) -> bool {
    traits.get(name).is_some()
}

/// The short name of a `{ "target": "com.amazonaws.s3#X" }` reference.
fn target_of(reference: &Value) -> Option<String> {
    let target = reference.get("target").unwrap_or(reference).as_str()?;
    Some(short(target).to_owned())
}

fn short(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

fn str_of(value: &Value, shape: &str, what: &str) -> Result<String, Error> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| missing(shape, what))
}

fn missing(shape: &str, what: &str) -> Error {
    Error(format!("failed to read `{shape}`: no {what}"))
}
