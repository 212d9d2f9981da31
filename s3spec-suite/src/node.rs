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

/// The largest suite file read.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// How deep collections may nest: a suite needs about ten levels.
pub const MAX_DEPTH: usize = 32;
/// How many YAML nodes a file may hold.
pub const MAX_NODES: usize = 200_000;

/// Parses the single YAML document of a suite file.
pub fn parse(file: &SourceFile) -> Result<Node, Box<Diagnostic>> {
    precheck(file)?;
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

/// Limits checked on the parser's event stream (which does not recurse) before the document is
/// built as a tree (which does): size, nesting depth and node count, and no anchors or aliases
/// (which the tree builder would expand silently, also into alias bombs).
fn precheck(file: &SourceFile) -> Result<(), Box<Diagnostic>> {
    use saphyr_parser::{Event, Parser};
    let at = |line: usize, col: usize| Loc {
        line,
        col: col + 1,
        width: 1,
    };
    if file.text.len() > MAX_FILE_BYTES {
        let d = file.diagnostic(
            at(1, 0),
            format!(
                "the suite file has {} bytes; a suite file may have at most {MAX_FILE_BYTES}",
                file.text.len()
            ),
        );
        return Err(Box::new(d.label("split it into several suites")));
    }
    let (mut depth, mut nodes) = (0usize, 0usize);
    for event in Parser::new_from_str(&file.text) {
        // Syntax errors are reported by the tree builder, with its message.
        let Ok((event, span)) = event else {
            return Ok(());
        };
        let loc = at(span.start.line(), span.start.col());
        let anchored = match &event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                depth += 1;
                *anchor != 0
            }
            Event::Scalar(_, _, anchor, _) => *anchor != 0,
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                false
            }
            Event::Alias(_) => {
                let d = file
                    .diagnostic(loc, "YAML aliases are not supported in suites")
                    .label("write the value out");
                return Err(Box::new(d));
            }
            _ => false,
        };
        if anchored {
            let d = file
                .diagnostic(loc, "YAML anchors are not supported in suites")
                .label("write the value out where it is used");
            return Err(Box::new(d));
        }
        if depth > MAX_DEPTH {
            let d = file
                .diagnostic(
                    loc,
                    format!("collections nest more than {MAX_DEPTH} levels deep"),
                )
                .label("no suite needs this depth");
            return Err(Box::new(d));
        }
        nodes += 1;
        if nodes > MAX_NODES {
            let d = file.diagnostic(
                loc,
                format!("the suite file has more than {MAX_NODES} YAML nodes"),
            );
            return Err(Box::new(d.label("split it into several suites")));
        }
    }
    Ok(())
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

    fn error(text: &str) -> String {
        match parse(&SourceFile::new("s.yaml", text)) {
            Ok(_) => panic!("accepted: {text:.80}"),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn anchors_aliases_and_alias_bombs_are_refused_where_written() {
        let e = error("a: &x [1, 2]\nb: *x\n");
        assert!(
            e.contains("YAML anchors are not supported") && e.contains("s.yaml:1:4"),
            "{e}"
        );
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n";
        assert!(error(bomb).contains("anchors are not supported"));
    }

    #[test]
    fn deep_nesting_size_and_node_counts_are_bounded() {
        let deep = format!("cases:\n{}x", "- ".repeat(2000));
        let e = error(&deep);
        assert!(e.contains("nest more than 32 levels deep"), "{e}");
        let flow = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let e = error(&flow);
        assert!(
            e.contains("nest more than 32") || e.contains("recursion limit"),
            "{e}"
        );
        let big = format!("cases: \"{}\"", "x".repeat(MAX_FILE_BYTES));
        assert!(error(&big).contains("a suite file may have at most 1048576"));
        let many = format!("a: [{}]", "1, ".repeat(MAX_NODES));
        assert!(error(&many).contains("more than 200000 YAML nodes"));
        assert!(parse(&SourceFile::new("s.yaml", "a: [[[[1]]]]")).is_ok());
    }

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
