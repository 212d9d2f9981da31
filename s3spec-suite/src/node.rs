//! A YAML document as a tree whose every node knows its location.
//!
//! The suite loader works on this tree rather than on the YAML library's types, so the rest of
//! the crate does not depend on how the parser represents documents.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::source::{Diagnostic, Loc, SourceFile};

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub loc: Loc,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub loc: Loc,
}

impl Node {
    /// What the node is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The scalar's text as written (numbers and booleans too); `None` for collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Null => Some(String::new()),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Int(i) => Some(i.to_string()),
            NodeKind::Float(x) => Some(x.to_string()),
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Seq(_) | NodeKind::Map(_) => None,
        }
    }
}

/// Parses the single YAML document of a suite file.
pub fn parse(file: &SourceFile) -> Result<Node, Box<Diagnostic>> {
    let docs = MarkedYaml::load_from_str(&file.text).map_err(|e| {
        let m = e.marker();
        let loc = Loc {
            line: m.line(),
            col: m.col() + 1,
            width: 1,
        };
        Box::new(file.diagnostic(loc, format!("invalid YAML: {}", e.info())))
    })?;
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        let loc = Loc {
            line: 1,
            col: 1,
            width: 1,
        };
        return Err(Box::new(
            file.diagnostic(loc, "empty suite file")
                .label("expected a mapping with `cases`"),
        ));
    };
    if let Some(second) = docs.next() {
        let loc = loc_of(&second);
        let d = file
            .diagnostic(loc, "a suite file holds one YAML document")
            .label("second document starts here");
        return Err(Box::new(d));
    }
    convert(file, &first)
}

fn loc_of(y: &MarkedYaml<'_>) -> Loc {
    let start = y.span.start;
    let end = y.span.end;
    let width = if end.line() == start.line() && end.col() > start.col() {
        end.col() - start.col()
    } else {
        1
    };
    Loc {
        line: start.line(),
        col: start.col() + 1,
        width,
    }
}

fn convert(file: &SourceFile, y: &MarkedYaml<'_>) -> Result<Node, Box<Diagnostic>> {
    let loc = loc_of(y);
    let kind = match &y.data {
        YamlData::Value(scalar) => scalar_kind(scalar),
        YamlData::Representation(text, _, _) => NodeKind::Str(text.to_string()),
        YamlData::Sequence(items) => NodeKind::Seq(
            items
                .iter()
                .map(|item| convert(file, item))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key_node = convert(file, k)?;
                let Some(name) = key_node.scalar_text() else {
                    return Err(Box::new(
                        file.diagnostic(key_node.loc, "mapping keys must be plain scalars"),
                    ));
                };
                entries.push((
                    Key {
                        name,
                        loc: key_node.loc,
                    },
                    convert(file, v)?,
                ));
            }
            NodeKind::Map(entries)
        }
        YamlData::Tagged(_, inner) => return convert(file, inner),
        YamlData::Alias(_) => {
            let d = file
                .diagnostic(loc, "YAML aliases are not supported in suites")
                .label("write the value out");
            return Err(Box::new(d));
        }
        YamlData::BadValue => return Err(Box::new(file.diagnostic(loc, "invalid YAML value"))),
    };
    Ok(Node { loc, kind })
}

fn scalar_kind(scalar: &Scalar<'_>) -> NodeKind {
    match scalar {
        Scalar::Null => NodeKind::Null,
        Scalar::Boolean(b) => NodeKind::Bool(*b),
        Scalar::Integer(i) => NodeKind::Int(*i),
        Scalar::FloatingPoint(x) => NodeKind::Float(x.into_inner()),
        Scalar::String(s) => NodeKind::Str(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node, Box<Diagnostic>> {
        parse(&SourceFile::new("t.yaml", text))
    }

    #[test]
    fn keeps_locations_of_keys_and_values() {
        let node = parse_str("a: 1\nb:\n  - x\n  - 'y'\n").expect("valid yaml");
        let NodeKind::Map(entries) = node.kind else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0.name, "a");
        assert_eq!((entries[0].0.loc.line, entries[0].0.loc.col), (1, 1));
        assert_eq!(entries[0].1.kind, NodeKind::Int(1));
        assert_eq!((entries[0].1.loc.line, entries[0].1.loc.col), (1, 4));
        let NodeKind::Seq(items) = &entries[1].1.kind else {
            panic!("not a seq")
        };
        assert_eq!(items[1].kind, NodeKind::Str("y".into()));
        assert_eq!((items[1].loc.line, items[1].loc.col), (4, 5));
    }

    #[test]
    fn reports_syntax_errors_with_a_location() {
        let err = parse_str("a: [1, 2\nb: 3\n").expect_err("unclosed flow sequence");
        assert!(err.message.starts_with("invalid YAML"), "{err}");
        assert!(err.loc.line >= 1);
    }

    #[test]
    fn rejects_duplicate_keys() {
        let err = parse_str("a: 1\na: 2\n").expect_err("duplicate key");
        assert!(err.message.contains("duplicated key"), "{err}");
        assert_eq!(err.loc.line, 2);
    }

    #[test]
    fn rejects_several_documents() {
        let err = parse_str("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert!(err.message.contains("one YAML document"), "{err}");
    }
}
