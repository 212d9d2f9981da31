//! An element tree read as the model's shapes: lists named as their members (`<Contents>` →
//! `Contents: [...]`, `<Buckets><Bucket>` → `Buckets: [...]`), a one-item list still a list,
//! and every element the model does not know kept under its own name.

use s3spec_api::{Binding, Member, Shape, ShapeKind};

use super::tree::Element;
use crate::data::Data;

/// The members of a structure held by `element`, in document order. Only members bound to
/// the body are looked for (an output's header members are in the same slice).
pub(super) fn structure(element: &Element, members: &'static [Member]) -> Vec<(String, Data)> {
    let mut entries: Vec<(String, Data)> = Vec::new();
    for m in members.iter().filter(|m| m.xml_attribute) {
        let name = m.xml_name();
        let local = name.rsplit(':').next().unwrap_or(name);
        let found = element
            .attributes
            .iter()
            .find(|(k, _)| k == name || k.rsplit(':').next() == Some(local));
        if let Some((_, v)) = found {
            entries.push((m.name.to_owned(), Data::text(v.clone())));
        }
    }
    for child in &element.children {
        let member = members
            .iter()
            .find(|m| m.binding == Binding::Body && !m.xml_attribute && m.xml_name() == child.name);
        match member {
            Some(m) => add_member(&mut entries, m, child),
            None => add_repeating(&mut entries, child.name.clone(), generic(child)),
        }
    }
    entries
}

fn add_member(entries: &mut Vec<(String, Data)>, m: &'static Member, child: &Element) {
    match m.shape.kind {
        ShapeKind::List { member: item } => {
            let items: Vec<Data> = if m.xml_flattened {
                vec![value(child, item.shape)]
            } else {
                child
                    .children
                    .iter()
                    .map(|c| value(c, item.shape))
                    .collect()
            };
            match entries.iter_mut().find(|(k, _)| k == m.name) {
                Some((_, Data::List(list))) => list.extend(items),
                _ => entries.push((m.name.to_owned(), Data::List(items))),
            }
        }
        ShapeKind::Map {
            value: value_shape, ..
        } if m.xml_flattened => {
            let (key, v) = entry(child, value_shape);
            match entries.iter_mut().find(|(k, _)| k == m.name) {
                Some((_, Data::Map(map))) => map.push((key, v)),
                _ => entries.push((m.name.to_owned(), Data::Map(vec![(key, v)]))),
            }
        }
        _ => add_repeating(entries, m.name.to_owned(), value(child, m.shape)),
    }
}

/// Adds a value; a name that comes again turns into a list, so nothing sent is lost.
fn add_repeating(entries: &mut Vec<(String, Data)>, name: String, value: Data) {
    match entries.iter_mut().find(|(k, _)| *k == name) {
        Some((_, Data::List(items))) => items.push(value),
        Some((_, existing)) => {
            let first = std::mem::replace(existing, Data::Null);
            *existing = Data::List(vec![first, value]);
        }
        None => entries.push((name, value)),
    }
}

/// The value of `element` read as `shape`.
pub(super) fn value(element: &Element, shape: &'static Shape) -> Data {
    match shape.kind {
        // Text where a structure belongs is kept as the text that came.
        ShapeKind::Structure(_) | ShapeKind::Union(_)
            if element.children.is_empty() && !is_blank(&element.text) =>
        {
            Data::text(element.text.clone())
        }
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            Data::Map(structure(element, members))
        }
        ShapeKind::List { member: item } => Data::List(
            element
                .children
                .iter()
                .map(|c| value(c, item.shape))
                .collect(),
        ),
        ShapeKind::Map {
            value: value_shape, ..
        } => Data::Map(
            element
                .children
                .iter()
                .map(|c| entry(c, value_shape))
                .collect(),
        ),
        _ if element.children.is_empty() => Data::text(element.text.clone()),
        _ => generic(element),
    }
}

/// A map entry `<entry><key>k</key><value>v</value></entry>`.
fn entry(element: &Element, value_shape: &'static Shape) -> (String, Data) {
    let key = element
        .children
        .iter()
        .find(|c| c.name == "key")
        .map(|c| c.text.clone())
        .unwrap_or_default();
    let v = element
        .children
        .iter()
        .find(|c| c.name == "value")
        .map_or(Data::Null, |c| value(c, value_shape));
    (key, v)
}

/// An element the model does not describe: its text, or its children by name (a repeated
/// child becomes a list).
pub(super) fn generic(element: &Element) -> Data {
    if element.children.is_empty() {
        return Data::text(element.text.clone());
    }
    let mut entries = Vec::new();
    for child in &element.children {
        add_repeating(&mut entries, child.name.clone(), generic(child));
    }
    Data::Map(entries)
}

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}
