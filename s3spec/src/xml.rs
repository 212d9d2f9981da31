//! Parses S3 XML bodies into [`Data`], shaped like the AWS SDK output members.
//!
//! S3 writes lists two ways: "flattened" (repeated `<Contents>` directly in the result) and
//! "wrapped" (`<Buckets><Bucket>...</Bucket></Buckets>`). Both become lists named as the
//! API's output members (`Contents`, `Parts`, `Buckets`), so `Parts[].ETag` works as a user
//! of the AWS API expects, whether the response had one part or many.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::data::Data;

/// Flattened lists: (parent element, child element, output member).
const FLATTENED: &[(&str, &str, &str)] = &[
    ("ListBucketResult", "Contents", "Contents"),
    ("ListBucketResult", "CommonPrefixes", "CommonPrefixes"),
    ("ListVersionsResult", "Version", "Versions"),
    ("ListVersionsResult", "DeleteMarker", "DeleteMarkers"),
    ("ListVersionsResult", "CommonPrefixes", "CommonPrefixes"),
    ("ListPartsResult", "Part", "Parts"),
    ("ListMultipartUploadsResult", "Upload", "Uploads"),
    (
        "ListMultipartUploadsResult",
        "CommonPrefixes",
        "CommonPrefixes",
    ),
    ("DeleteResult", "Deleted", "Deleted"),
    ("DeleteResult", "Error", "Errors"),
];

/// Wrapped lists: the element whose children are the list's items.
const WRAPPED: &[&str] = &["Buckets", "TagSet", "AccessControlList"];

/// An XML document: its root element's name and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub root: String,
    pub content: Data,
}

struct Frame {
    name: String,
    text: String,
    children: Vec<(String, Data)>,
}

/// Parses an XML body; the error says where it is not well-formed.
///
/// Text is kept exactly as sent: a key `trail ` or a prefix of `"\n"` is content. Only
/// whitespace between the child elements of an element is formatting, and is dropped (see
/// [`shape`]).
pub fn parse(body: &[u8]) -> Result<Document, String> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Document> = None;
    loop {
        let at = reader.buffer_position();
        let malformed =
            |e: &dyn std::fmt::Display| format!("not well-formed XML at byte {at}: {e}");
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        let text = match event {
            Event::Start(e) => {
                if root.is_some() {
                    return Err(malformed(&"an element after the root element"));
                }
                stack.push(Frame::new(&e));
                continue;
            }
            Event::Empty(e) => {
                if root.is_some() {
                    return Err(malformed(&"an element after the root element"));
                }
                close(&mut stack, &mut root, Frame::new(&e));
                continue;
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| malformed(&"an unbalanced end tag"))?;
                close(&mut stack, &mut root, frame);
                continue;
            }
            Event::Text(t) => t.xml10_content().map_err(|e| malformed(&e))?,
            Event::CData(t) => t.xml10_content().map_err(|e| malformed(&e))?,
            Event::GeneralRef(r) => resolve(&r).map_err(|e| malformed(&e))?.into(),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
        };
        match stack.last_mut() {
            Some(top) => top.text.push_str(&text),
            None if text.trim().is_empty() => {}
            None => return Err(malformed(&"text outside the root element")),
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "not well-formed XML: the body ends (at byte {}) inside <{}>",
            body.len(),
            stack.first().map_or(&open.name, |f| &f.name)
        ));
    }
    root.ok_or_else(|| "the body has no XML element".to_owned())
}

impl Frame {
    fn new(e: &quick_xml::events::BytesStart<'_>) -> Self {
        Frame {
            name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
            text: String::new(),
            children: Vec::new(),
        }
    }
}

/// The text of a character or predefined entity reference (`&#10;`, `&amp;`).
fn resolve(r: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity `&{name};`"))
}

fn close(stack: &mut [Frame], root: &mut Option<Document>, frame: Frame) {
    let name = frame.name.clone();
    let data = shape(frame);
    match stack.last_mut() {
        Some(parent) => parent.children.push((name, data)),
        None => {
            *root = Some(Document {
                root: name,
                content: data,
            })
        }
    }
}

/// The data of a closed element: text, a list (wrapped lists) or a mapping of its children.
/// An element with children has no text of its own: what lies between them is formatting.
fn shape(frame: Frame) -> Data {
    if frame.children.is_empty() {
        return if WRAPPED.contains(&frame.name.as_str()) {
            Data::List(Vec::new())
        } else {
            Data::Text(frame.text)
        };
    }
    if WRAPPED.contains(&frame.name.as_str()) {
        return Data::List(frame.children.into_iter().map(|(_, v)| v).collect());
    }
    let mut entries: Vec<(String, Data)> = Vec::new();
    for (child, value) in frame.children {
        let list_name = FLATTENED
            .iter()
            .find(|(p, c, _)| *p == frame.name && *c == child)
            .map(|(_, _, m)| *m);
        match list_name {
            Some(member) => match entries.iter_mut().find(|(k, _)| k == member) {
                Some((_, Data::List(items))) => items.push(value),
                _ => entries.push((member.to_owned(), Data::List(vec![value]))),
            },
            None => match entries.iter_mut().find(|(k, _)| *k == child) {
                // An unlisted element that repeats is a list too.
                Some((_, Data::List(items))) => items.push(value),
                Some((_, existing)) => {
                    let first = std::mem::replace(existing, Data::Null);
                    *existing = Data::List(vec![first, value]);
                }
                None => entries.push((child, value)),
            },
        }
    }
    Data::Map(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(d: &Data, list: &str, member: &str) -> Vec<String> {
        match d.get(list) {
            Some(Data::List(items)) => items
                .iter()
                .filter_map(|i| i.get(member).and_then(Data::as_text))
                .map(str::to_owned)
                .collect(),
            other => panic!("{list} is not a list: {other:?}"),
        }
    }

    #[test]
    fn flattened_lists_are_lists_even_with_one_element() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><KeyCount>1</KeyCount>
<Contents><Key>a&amp;b.txt</Key><Size>5</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>"#;
        let doc = parse(xml).expect("valid");
        assert_eq!(doc.root, "ListBucketResult");
        assert_eq!(doc.content.get("KeyCount"), Some(&Data::text("1")));
        assert_eq!(names(&doc.content, "Contents", "Key"), ["a&b.txt"]);
    }

    #[test]
    fn renames_list_members_as_the_api_does() {
        let xml = b"<ListPartsResult><Part><PartNumber>1</PartNumber></Part><Part><PartNumber>2</PartNumber></Part></ListPartsResult>";
        let doc = parse(xml).expect("valid");
        assert_eq!(names(&doc.content, "Parts", "PartNumber"), ["1", "2"]);
        let xml = b"<ListAllMyBucketsResult><Buckets><Bucket><Name>x</Name></Bucket></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>";
        let doc = parse(xml).expect("valid");
        assert_eq!(names(&doc.content, "Buckets", "Name"), ["x"]);
        let xml = b"<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>";
        assert_eq!(
            parse(xml).expect("valid").content.get("Buckets"),
            Some(&Data::List(vec![]))
        );
    }

    #[test]
    fn error_documents_keep_their_root() {
        let xml = b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key/></Error>";
        let doc = parse(xml).expect("valid");
        assert_eq!(doc.root, "Error");
        assert_eq!(doc.content.get("Code"), Some(&Data::text("NoSuchKey")));
        assert_eq!(doc.content.get("Key"), Some(&Data::text("")));
    }

    #[test]
    fn leaf_text_is_kept_exactly() {
        let xml = "<ListBucketResult>\n  <Prefix>\n</Prefix>\n  <Marker>  </Marker>\n  <Delimiter></Delimiter>\n  \
            <Contents>\n    <Key>a &amp; b</Key>\n  </Contents>\n  <Contents><Key>trail </Key></Contents>\n  \
            <Contents><Key> &#x20;<![CDATA[ <x> ]]>&lt; </Key></Contents>\n</ListBucketResult>\n";
        let doc = parse(xml.as_bytes()).expect("valid");
        let c = &doc.content;
        assert_eq!(c.get("Prefix"), Some(&Data::text("\n")));
        assert_eq!(c.get("Marker"), Some(&Data::text("  ")));
        assert_eq!(c.get("Delimiter"), Some(&Data::text("")));
        assert_eq!(
            names(c, "Contents", "Key"),
            ["a & b", "trail ", "   <x> < "]
        );
        assert_eq!(c.keys(), ["Prefix", "Marker", "Delimiter", "Contents"]);
    }

    #[test]
    fn reports_malformed_xml() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"just text").is_err());
        let truncated = parse(b"<ListBucketResult><Name>b</Name><Contents><Key>a</Ke");
        let err = truncated.expect_err("truncated");
        assert!(err.contains("not well-formed"), "{err}");
        let err = parse(b"<ListBucketResult><Name>b</Name>").expect_err("unclosed root");
        assert_eq!(
            err,
            "not well-formed XML: the body ends (at byte 32) inside <ListBucketResult>"
        );
        let err = parse(b"<a></a><b></b>").expect_err("two roots");
        assert!(err.contains("after the root element"), "{err}");
    }
}
