//! Finding operations, members and enum values by name, with "did you mean" for typos.

use std::fmt;

use crate::generated::{OPERATIONS, SHAPES};
use crate::suggest::did_you_mean;
use crate::types::{Binding, Member, Operation, Shape, ShapeKind, TimestampFormat};

/// The operation of this name (`PutObject`).
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS
        .binary_search_by(|op| op.name.cmp(name))
        .ok()
        .map(|i| &OPERATIONS[i])
}

/// The operation name closest to a misspelt one (`PutObjet` → `PutObject`).
pub fn suggest_operation(name: &str) -> Option<&'static str> {
    did_you_mean(name, OPERATIONS.iter().map(|op| op.name))
}

/// The shape of this name (`Delete`, `BucketCannedACL`), among those the operations use.
pub fn shape(name: &str) -> Option<&'static Shape> {
    SHAPES
        .binary_search_by(|s| s.name.cmp(name))
        .ok()
        .map(|i| SHAPES[i])
}

impl Operation {
    /// The input member of this name.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.input.iter().find(|m| m.name == name)
    }

    /// The input member name closest to a misspelt one.
    pub fn suggest_member(&self, name: &str) -> Option<&'static str> {
        did_you_mean(name, self.input.iter().map(|m| m.name))
    }

    /// The output member of this name.
    pub fn output_member(&self, name: &str) -> Option<&'static Member> {
        self.output.iter().find(|m| m.name == name)
    }

    /// The input members a request must have.
    pub fn required_members(&self) -> impl Iterator<Item = &'static Member> {
        self.input.iter().filter(|m| m.required)
    }
}

impl Shape {
    /// The members of a structure or union (empty for other shapes).
    pub fn members(&self) -> &'static [Member] {
        match self.kind {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m,
            _ => &[],
        }
    }

    /// The member of a structure or union of this name.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().iter().find(|m| m.name == name)
    }

    /// The member name of a structure or union closest to a misspelt one.
    pub fn suggest_member(&self, name: &str) -> Option<&'static str> {
        did_you_mean(name, self.members().iter().map(|m| m.name))
    }

    /// The values of an enum (empty for other shapes).
    pub fn enum_values(&self) -> &'static [&'static str] {
        match self.kind {
            ShapeKind::Enum(values) => values,
            _ => &[],
        }
    }

    /// Whether `value` is one of an enum's values; any value passes for other shapes.
    pub fn check_value(&'static self, value: &str) -> Result<(), EnumValueError> {
        let values = self.enum_values();
        if values.is_empty() || values.contains(&value) {
            return Ok(());
        }
        Err(EnumValueError {
            value: value.to_owned(),
            shape: self,
            suggestion: did_you_mean(value, values.iter().copied()),
        })
    }

    /// The item member of a list.
    pub fn list_item(&self) -> Option<&'static Member> {
        match self.kind {
            ShapeKind::List { member } => Some(member),
            _ => None,
        }
    }
}

impl Member {
    /// How a timestamp member is written where it is bound: the member's format, else the
    /// shape's, else the protocol's default for the binding (HTTP date in headers, RFC 3339
    /// elsewhere). `None` when the member is not a timestamp.
    pub fn timestamp_format_in_use(&self) -> Option<TimestampFormat> {
        let ShapeKind::Timestamp(shape_format) = self.shape.kind else {
            return None;
        };
        let default = match self.binding {
            Binding::Header(_) | Binding::PrefixHeaders(_) => TimestampFormat::HttpDate,
            _ => TimestampFormat::DateTime,
        };
        Some(self.timestamp_format.or(shape_format).unwrap_or(default))
    }
}

/// A value that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValueError {
    pub value: String,
    pub shape: &'static Shape,
    /// The closest value, when the given one looks like a typo of it.
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for EnumValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a value of {} (expected one of: {})",
            self.value,
            self.shape.name,
            self.shape.enum_values().join(", ")
        )?;
        if let Some(s) = self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for EnumValueError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_and_members_are_found_with_suggestions() {
        assert_eq!(operation("PutObject").map(|op| op.name), Some("PutObject"));
        assert!(operation("putobject").is_none());
        assert_eq!(suggest_operation("PutObjet"), Some("PutObject"));
        assert_eq!(suggest_operation("Frobnicate"), None);
        let put = operation("PutObject").unwrap();
        assert!(put.member("ContentType").is_some());
        assert_eq!(put.suggest_member("ContentTyp"), Some("ContentType"));
        let required: Vec<&str> = put.required_members().map(|m| m.name).collect();
        assert_eq!(required, ["Bucket", "Key"]);
    }

    #[test]
    fn every_operation_is_found_by_binary_search() {
        assert!(OPERATIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(SHAPES.windows(2).all(|w| w[0].name < w[1].name));
        for op in OPERATIONS {
            assert_eq!(operation(op.name).map(|o| o.name), Some(op.name));
        }
    }

    #[test]
    fn shape_members_are_found_with_suggestions() {
        let delete = shape("Delete").unwrap();
        assert!(delete.member("Objects").is_some());
        assert_eq!(delete.suggest_member("Object"), Some("Objects"));
        assert_eq!(delete.suggest_member("Nothing"), None);
    }

    #[test]
    fn enum_values_are_checked_with_suggestions() {
        let acl = shape("BucketCannedACL").unwrap();
        assert!(acl.check_value("public-read").is_ok());
        let err = acl.check_value("public-reed").unwrap_err();
        assert_eq!(err.suggestion, Some("public-read"));
        assert!(
            err.to_string().contains("did you mean `public-read`?"),
            "{err}"
        );
        assert!(shape("ObjectKey").unwrap().check_value("anything").is_ok());
    }
}
