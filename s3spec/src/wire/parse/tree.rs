//! An XML document as a tree of elements, with text exactly as sent: nothing is trimmed or
//! normalized, entities and character references are resolved.

use quick_xml::events::{BytesRef, Event};
use quick_xml::reader::Reader;

use super::ParseError;

/// An element: its local name, attributes (qualified names), children and own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The text directly inside the element, all pieces joined.
    pub text: String,
}

/// Parses a whole document; anything that is not well-formed is an error saying where.
pub(crate) fn parse(body: &[u8]) -> Result<Element, ParseError> {
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| ParseError::new(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                return Err(ParseError::new(
                    at,
                    format!("a second root element `<{name}>`"),
                ));
            }
            Event::Start(e) => stack.push(start(&e, at)?),
            Event::Empty(e) => close(&mut stack, &mut root, start(&e, at)?),
            Event::End(_) => match stack.pop() {
                Some(element) => close(&mut stack, &mut root, element),
                None => return Err(ParseError::new(at, "an end tag without a start tag")),
            },
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| ParseError::new(at, format!("text is not UTF-8: {e}")))?;
                push_text(&mut stack, &text, at)?;
            }
            Event::CData(t) => {
                let text = t
                    .decode()
                    .map_err(|e| ParseError::new(at, format!("CDATA is not UTF-8: {e}")))?;
                push_text(&mut stack, &text, at)?;
            }
            Event::GeneralRef(r) => push_text(&mut stack, &reference(&r, at)?, at)?,
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(ParseError::new(
            body.len() as u64,
            format!("the document ends inside `<{}>`", open.name),
        ));
    }
    root.ok_or_else(|| ParseError::new(0, "the body has no XML element"))
}

fn start(e: &quick_xml::events::BytesStart<'_>, at: u64) -> Result<Element, ParseError> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.map_err(|err| ParseError::new(at, err.to_string()))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| ParseError::new(at, err.to_string()))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// Text belongs to the open element; outside the root only whitespace may appear.
fn push_text(stack: &mut [Element], text: &str, at: u64) -> Result<(), ParseError> {
    match stack.last_mut() {
        Some(top) => top.text.push_str(text),
        None if text.chars().all(char::is_whitespace) => {}
        None => return Err(ParseError::new(at, "text outside the root element")),
    }
    Ok(())
}

/// The text of `&amp;`, `&#xA;`, ...; an unknown entity is an error (S3 declares none).
fn reference(r: &BytesRef<'_>, at: u64) -> Result<String, ParseError> {
    if let Some(c) = r
        .resolve_char_ref()
        .map_err(|e| ParseError::new(at, e.to_string()))?
    {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| ParseError::new(at, e.to_string()))?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| ParseError::new(at, format!("unknown entity `&{name};`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_exactly() {
        let doc = parse(b"<a><k> trail </k><n>\n</n><e>a &amp; b&#xD;&#xA;&lt;&quot;</e><c><![CDATA[<x>]]></c></a>");
        let doc = doc.unwrap_or_default();
        let texts: Vec<&str> = doc.children.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" trail ", "\n", "a & b\r\n<\"", "<x>"]);
    }

    #[test]
    fn attributes_keep_qualified_names() {
        let doc = parse(
            br#"<G xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"/>"#,
        )
        .unwrap_or_default();
        assert_eq!(doc.name, "G");
        assert!(
            doc.attributes
                .contains(&("xsi:type".to_owned(), "Group".to_owned()))
        );
    }

    #[test]
    fn malformed_documents_say_where() {
        let truncated = b"<ListBucketResult><Name>b</Name><Contents><Key>k";
        let err = parse(truncated).err();
        assert_eq!(err.as_ref().map(|e| e.offset), Some(truncated.len() as u64));
        assert!(err.is_some_and(|e| e.reason.contains("`<Key>`")));
        let err = parse(b"<a><b></a>").err();
        assert!(err.is_some_and(|e| e.offset > 0), "mismatched end tag");
        assert!(parse(b"just text").is_err());
        assert!(parse(b"<a/><b/>").is_err());
        assert!(parse(b"<a>&bogus;</a>").is_err());
        assert!(parse(b"").is_err());
    }
}
