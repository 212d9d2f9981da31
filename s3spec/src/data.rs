//! Structured response data: parsed XML bodies, fields and snapshot content.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A tree of text values, lists and ordered mappings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    Null,
    Text(String),
    /// Only for values the harness itself knows to be numbers (the status code).
    Int(i64),
    List(Vec<Data>),
    Map(Vec<(String, Data)>),
}

impl Data {
    pub fn text(s: impl Into<String>) -> Self {
        Data::Text(s.into())
    }

    /// The member of a mapping.
    pub fn get(&self, name: &str) -> Option<&Data> {
        match self {
            Data::Map(entries) => entries.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Data::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The member names of a mapping.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Data::Map(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// Applies `f` to every text value, depth first, with the name of the member holding it.
    pub fn map_text(&mut self, member: &str, f: &mut impl FnMut(&str, &mut String)) {
        match self {
            Data::Null => {}
            Data::Text(s) => f(member, s),
            Data::Int(_) => {}
            Data::List(items) => items.iter_mut().for_each(|i| i.map_text(member, f)),
            Data::Map(entries) => entries.iter_mut().for_each(|(k, v)| v.map_text(k, f)),
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null => serializer.serialize_none(),
            Data::Text(s) => serializer.serialize_str(s),
            Data::Int(i) => serializer.serialize_i64(*i),
            Data::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Data::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}
