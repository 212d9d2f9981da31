//! Resolving response field paths (`Contents[].Key`, `Parts[0].ETag`, `Metadata.color`) against
//! an operation's output members.

use std::fmt;

use crate::suggest::did_you_mean;
use crate::types::{Member, Operation, Shape, ShapeKind};

/// One step of a field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSegment<'a> {
    /// A member of a structure (`Contents`), or a key of a map (`color` in `Metadata.color`).
    Member(&'a str),
    /// `[n]`: one element of a list.
    Index(usize),
    /// `[]`: every element of a list.
    Each,
}

/// Why a field path does not resolve; `segment` is the index of the first segment that fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub operation: &'static str,
    pub segment: usize,
    pub kind: FieldErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// The path has no segments.
    Empty,
    /// No member of this name where the path looked for one.
    UnknownMember {
        name: String,
        /// The shape searched, `None` for the operation's output itself.
        parent: Option<&'static str>,
        /// The members that do exist there.
        known: Vec<&'static str>,
        suggestion: Option<&'static str>,
    },
    /// `[]` or `[n]` on something that is not a list.
    NotAList { shape: &'static str },
    /// A member name on a list: the path needs `[]` or `[n]` first.
    ListNeedsIndex { shape: &'static str },
    /// A member name on a value that has none (a string, a number, ...).
    NoMembers { shape: &'static str },
}

impl Operation {
    /// The shape a field path of this operation's response ends at.
    pub fn resolve_field(&self, path: &[FieldSegment<'_>]) -> Result<&'static Shape, FieldError> {
        let error = |segment, kind| FieldError {
            operation: self.name,
            segment,
            kind,
        };
        let Some((FieldSegment::Member(first), rest)) = path.split_first() else {
            let kind = match path.first() {
                None => FieldErrorKind::Empty,
                Some(_) => FieldErrorKind::NotAList { shape: self.name },
            };
            return Err(error(0, kind));
        };
        let mut shape = match self.output_member(first) {
            Some(member) => member.shape,
            None => return Err(error(0, unknown(first, None, self.output))),
        };
        for (i, segment) in rest.iter().enumerate() {
            shape = step(shape, *segment).map_err(|kind| error(i + 1, kind))?;
        }
        Ok(shape)
    }
}

/// The shape one segment further down.
fn step(
    shape: &'static Shape,
    segment: FieldSegment<'_>,
) -> Result<&'static Shape, FieldErrorKind> {
    match (segment, &shape.kind) {
        (FieldSegment::Index(_) | FieldSegment::Each, ShapeKind::List { member }) => {
            Ok(member.shape)
        }
        (FieldSegment::Index(_) | FieldSegment::Each, _) => {
            Err(FieldErrorKind::NotAList { shape: shape.name })
        }
        (FieldSegment::Member(_), ShapeKind::Map { value, .. }) => Ok(value),
        (FieldSegment::Member(name), ShapeKind::Structure(members) | ShapeKind::Union(members)) => {
            members
                .iter()
                .find(|m| m.name == name)
                .map(|m| m.shape)
                .ok_or_else(|| unknown(name, Some(shape.name), members))
        }
        (FieldSegment::Member(_), ShapeKind::List { .. }) => {
            Err(FieldErrorKind::ListNeedsIndex { shape: shape.name })
        }
        (FieldSegment::Member(_), _) => Err(FieldErrorKind::NoMembers { shape: shape.name }),
    }
}

fn unknown(name: &str, parent: Option<&'static str>, members: &'static [Member]) -> FieldErrorKind {
    let known: Vec<&'static str> = members.iter().map(|m| m.name).collect();
    FieldErrorKind::UnknownMember {
        name: name.to_owned(),
        parent,
        suggestion: did_you_mean(name, known.iter().copied()),
        known,
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.operation;
        match &self.kind {
            FieldErrorKind::Empty => write!(f, "an empty field path for {op}"),
            FieldErrorKind::UnknownMember {
                name,
                parent,
                known,
                suggestion,
            } => {
                match parent {
                    None => write!(f, "{op} has no output member `{name}`")?,
                    Some(p) => write!(f, "{p} has no member `{name}`")?,
                }
                write!(f, " (members: {})", known.join(", "))?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            FieldErrorKind::NotAList { shape } => {
                write!(f, "{shape} is not a list, so `[]` and `[n]` do not apply")
            }
            FieldErrorKind::ListNeedsIndex { shape } => {
                write!(
                    f,
                    "{shape} is a list: use `[]` for every element or `[n]` for one"
                )
            }
            FieldErrorKind::NoMembers { shape } => write!(f, "{shape} is a value with no members"),
        }
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::FieldSegment::{Each, Index, Member};
    use super::*;
    use crate::operation;

    fn resolve(op: &str, path: &[FieldSegment<'_>]) -> Result<&'static Shape, FieldError> {
        operation(op).unwrap().resolve_field(path)
    }

    #[test]
    fn paths_walk_structures_lists_and_maps() {
        let key = resolve("ListObjectsV2", &[Member("Contents"), Each, Member("Key")]).unwrap();
        assert_eq!(key.name, "ObjectKey");
        let etag = resolve("ListParts", &[Member("Parts"), Index(0), Member("ETag")]).unwrap();
        assert_eq!(etag.name, "ETag");
        let color = resolve("HeadObject", &[Member("Metadata"), Member("color")]).unwrap();
        assert_eq!(color.name, "MetadataValue");
        let copied = resolve("CopyObject", &[Member("CopyObjectResult"), Member("ETag")]).unwrap();
        assert_eq!(copied.name, "ETag");
        let location = resolve("GetBucketLocation", &[Member("LocationConstraint")]).unwrap();
        assert_eq!(location.name, "BucketLocationConstraint");
    }

    #[test]
    fn an_unknown_member_names_what_exists_and_suggests() {
        let err =
            resolve("ListObjectsV2", &[Member("Contents"), Each, Member("Keyy")]).unwrap_err();
        assert_eq!(err.segment, 2);
        let FieldErrorKind::UnknownMember {
            parent,
            known,
            suggestion,
            ..
        } = &err.kind
        else {
            panic!("unexpected {err:?}");
        };
        assert_eq!(*parent, Some("Object"));
        assert!(known.contains(&"LastModified"));
        assert_eq!(*suggestion, Some("Key"));
        assert!(
            err.to_string()
                .starts_with("Object has no member `Keyy` (members: "),
            "{err}"
        );

        let err = resolve("ListObjectsV2", &[Member("Content")]).unwrap_err();
        assert_eq!(err.segment, 0);
        assert!(
            err.to_string().contains("did you mean `Contents`?"),
            "{err}"
        );
    }

    #[test]
    fn lists_and_scalars_reject_the_wrong_segment() {
        let err = resolve("ListObjectsV2", &[Member("Contents"), Member("Key")]).unwrap_err();
        assert_eq!(
            err.kind,
            FieldErrorKind::ListNeedsIndex {
                shape: "ObjectList"
            }
        );
        let err = resolve("ListObjectsV2", &[Member("KeyCount"), Each]).unwrap_err();
        assert_eq!(
            (err.segment, err.kind),
            (1, FieldErrorKind::NotAList { shape: "KeyCount" })
        );
        let err = resolve("HeadObject", &[Member("ETag"), Member("x")]).unwrap_err();
        assert_eq!(err.kind, FieldErrorKind::NoMembers { shape: "ETag" });
        assert_eq!(
            resolve("HeadObject", &[]).unwrap_err().kind,
            FieldErrorKind::Empty
        );
        assert!(resolve("HeadObject", &[Each]).is_err());
    }
}
