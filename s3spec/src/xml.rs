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

/// Parses an XML body; the error says where it is malformed.
pub fn parse(body: &[u8]) -> Result<Document, String> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Document> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push(Frame {
                    name,
                    text: String::new(),
                    children: Vec::new(),
                });
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let frame = Frame {
                    name,
                    text: String::new(),
                    children: Vec::new(),
                };
                close(&mut stack, &mut root, frame);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let text = t.decode().map_err(|e| format!("malformed XML text: {e}"))?;
                    top.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let resolved = match r
                        .resolve_char_ref()
                        .map_err(|e| format!("malformed XML reference: {e}"))?
                    {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r
                                .decode()
                                .map_err(|e| format!("malformed XML reference: {e}"))?;
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .map(str::to_owned)
                                .ok_or_else(|| format!("unknown XML entity `&{name};`"))?
                        }
                    };
                    top.text.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let frame = stack.pop().ok_or("malformed XML: unbalanced end tag")?;
                close(&mut stack, &mut root, frame);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("malformed XML: the document ends inside an element".to_owned());
    }
    root.ok_or_else(|| "the body has no XML element".to_owned())
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
    fn reports_malformed_xml() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"just text").is_err());
    }
}
