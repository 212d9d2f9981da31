//! What a server answered to one step, and the response fields expectations refer to.

use bytes::Bytes;

use crate::data::Data;
use crate::xml::Document;

/// Response headers that carry output members, with the member's name in the S3 API.
const HEADER_MEMBERS: &[(&str, &str)] = &[
    ("etag", "ETag"),
    ("content-length", "ContentLength"),
    ("content-type", "ContentType"),
    ("content-range", "ContentRange"),
    ("content-encoding", "ContentEncoding"),
    ("content-disposition", "ContentDisposition"),
    ("content-language", "ContentLanguage"),
    ("cache-control", "CacheControl"),
    ("expires", "Expires"),
    ("last-modified", "LastModified"),
    ("accept-ranges", "AcceptRanges"),
    ("location", "Location"),
    ("x-amz-version-id", "VersionId"),
    ("x-amz-delete-marker", "DeleteMarker"),
    ("x-amz-storage-class", "StorageClass"),
    ("x-amz-server-side-encryption", "ServerSideEncryption"),
    ("x-amz-mp-parts-count", "PartsCount"),
    ("x-amz-copy-source-version-id", "CopySourceVersionId"),
    ("x-amz-bucket-region", "BucketRegion"),
    ("x-amz-tagging-count", "TagCount"),
    ("x-amz-website-redirect-location", "WebsiteRedirectLocation"),
    ("x-amz-expiration", "Expiration"),
    ("x-amz-checksum-crc32", "ChecksumCRC32"),
    ("x-amz-checksum-crc32c", "ChecksumCRC32C"),
    ("x-amz-checksum-crc64nvme", "ChecksumCRC64NVME"),
    ("x-amz-checksum-sha1", "ChecksumSHA1"),
    ("x-amz-checksum-sha256", "ChecksumSHA256"),
    ("x-amz-checksum-type", "ChecksumType"),
];

/// Body roots that are themselves an output member, as the API names them.
const PAYLOAD_ROOTS: &[&str] = &["CopyObjectResult", "CopyPartResult"];

/// One HTTP exchange as the server sent it, before any interpretation by the SDK.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// `GET /bucket/key?query`, as sent.
    pub request: String,
    pub status: u16,
    /// Lowercase names, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// The body parsed as XML, when it is an S3 XML document.
    pub document: Option<Document>,
    /// Why the body looked like XML but could not be parsed.
    pub xml_error: Option<String>,
    /// The error code the SDK derived when the body has none (HEAD responses).
    pub sdk_error_code: Option<String>,
    /// What the SDK reported when it could not read a response the server did send.
    pub sdk_note: Option<String>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A 2xx status without an error document. S3 may answer CopyObject, UploadPartCopy and
    /// CompleteMultipartUpload with 200 and an `<Error>` body once the work has started; clients
    /// must treat that as the error.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status) && !self.has_error_document()
    }

    /// Whether the body is an S3 error document (`<Error>`), whatever the status.
    pub fn has_error_document(&self) -> bool {
        self.document.as_ref().is_some_and(|d| d.root == "Error")
    }

    /// The S3 error code: `<Code>` of an error document, else what the SDK derived.
    pub fn error_code(&self) -> Option<&str> {
        if self.is_success() {
            return None;
        }
        self.error_member("Code").or(self.sdk_error_code.as_deref())
    }

    pub fn error_message(&self) -> Option<&str> {
        if self.is_success() {
            None
        } else {
            self.error_member("Message")
        }
    }

    fn error_member(&self, name: &str) -> Option<&str> {
        let doc = self.document.as_ref().filter(|d| d.root == "Error")?;
        doc.content.get(name).and_then(Data::as_text)
    }

    /// The output members: the XML body's members, then those carried by headers
    /// (`ETag`, `VersionId`, `ContentLength`, `Metadata`, ...).
    pub fn fields(&self) -> Data {
        let mut entries = match &self.document {
            // The body is one output member (`CopyObjectResult`), or a member holding only text
            // (`LocationConstraint`): it keeps its name.
            Some(doc)
                if PAYLOAD_ROOTS.contains(&doc.root.as_str())
                    || matches!(doc.content, Data::Text(_)) =>
            {
                vec![(doc.root.clone(), doc.content.clone())]
            }
            Some(Document {
                content: Data::Map(entries),
                ..
            }) => entries.clone(),
            _ => Vec::new(),
        };
        for (header, member) in HEADER_MEMBERS {
            if let Some(value) = self.header(header)
                && !entries.iter().any(|(k, _)| k == member)
            {
                entries.push(((*member).to_owned(), Data::text(value)));
            }
        }
        let metadata: Vec<(String, Data)> = self
            .headers
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("x-amz-meta-")
                    .map(|name| (name.to_owned(), Data::text(v)))
            })
            .collect();
        if !metadata.is_empty() {
            entries.push(("Metadata".to_owned(), Data::Map(metadata)));
        }
        Data::Map(entries)
    }

    /// Parses the body as XML when it is one (not for object data).
    pub fn parse_body(&mut self, body_is_object_data: bool) {
        if body_is_object_data && self.is_success() {
            return;
        }
        let looks_like_xml = self.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if !looks_like_xml {
            return;
        }
        match crate::xml::parse(&self.body) {
            Ok(doc) => self.document = Some(doc),
            Err(e) => self.xml_error = Some(e),
        }
    }
}

/// A response as a server would send it, for unit tests.
#[cfg(test)]
pub(crate) fn test_response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    let mut r = Response {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: Bytes::from(body.to_owned()),
        ..Response::default()
    };
    r.parse_body(false);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        test_response(status, headers, body)
    }

    #[test]
    fn fields_merge_body_members_and_header_members() {
        let r = response(
            200,
            &[("etag", "\"abc\""), ("x-amz-meta-color", "blue")],
            "<CompleteMultipartUploadResult><Key>k</Key><ETag>\"xyz-2\"</ETag></CompleteMultipartUploadResult>",
        );
        let f = r.fields();
        assert_eq!(f.get("Key"), Some(&Data::text("k")));
        assert_eq!(
            f.get("ETag"),
            Some(&Data::text("\"xyz-2\"")),
            "the body's member wins"
        );
        assert_eq!(
            f.get("Metadata").and_then(|m| m.get("color")),
            Some(&Data::text("blue"))
        );
    }

    #[test]
    fn payload_and_text_roots_keep_their_names() {
        let r = response(
            200,
            &[],
            "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>",
        );
        assert_eq!(
            r.fields()
                .get("CopyObjectResult")
                .and_then(|c| c.get("ETag")),
            Some(&Data::text("\"e\""))
        );
        let r = response(
            200,
            &[],
            "<LocationConstraint>eu-west-1</LocationConstraint>",
        );
        assert_eq!(
            r.fields().get("LocationConstraint"),
            Some(&Data::text("eu-west-1"))
        );
        let r = response(200, &[], "<LocationConstraint/>");
        assert_eq!(r.fields().get("LocationConstraint"), Some(&Data::text("")));
    }

    #[test]
    fn error_code_comes_from_the_error_document_or_the_sdk() {
        let r = response(
            404,
            &[],
            "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>",
        );
        assert_eq!(r.error_code(), Some("NoSuchKey"));
        assert_eq!(r.error_message(), Some("gone"));
        let mut head = response(404, &[], "");
        assert_eq!(head.error_code(), None);
        head.sdk_error_code = Some("NotFound".into());
        assert_eq!(head.error_code(), Some("NotFound"));
        assert_eq!(response(200, &[], "").error_code(), None);
    }

    #[test]
    fn object_data_is_not_parsed_as_xml() {
        let mut r = Response {
            status: 200,
            body: Bytes::from_static(b"<html/>"),
            ..Response::default()
        };
        r.parse_body(true);
        assert!(r.document.is_none());
    }
}
