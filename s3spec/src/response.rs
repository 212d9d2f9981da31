//! What a server answered to one step, and the response fields expectations refer to.

use crate::data::Data;
use crate::wire::body::ReceivedBody;
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
    /// Its length and SHA-256, and its bytes (or their start, for a long body).
    pub body: ReceivedBody,
    /// The body parsed as XML, when it is an S3 XML document.
    pub document: Option<Document>,
    /// Why the body looked like XML but could not be parsed.
    pub xml_error: Option<String>,
    /// The error code derived from the status when the body has none (HEAD responses).
    pub derived_error_code: Option<String>,
    /// The output members as the operation's model reads them, when the step is an operation.
    pub model_fields: Option<Data>,
    /// The request's headers as sent (Authorization and the like included: redact before
    /// showing them).
    pub sent_headers: Vec<(String, String)>,
    /// How long the exchange took.
    pub elapsed: std::time::Duration,
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

    /// The S3 error code: `<Code>` of an error document, else the one derived from the status
    /// of a response without a body.
    pub fn error_code(&self) -> Option<&str> {
        if self.is_success() {
            return None;
        }
        self.error_member("Code")
            .or(self.derived_error_code.as_deref())
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

    /// A response as the wire layer received it. `operation` reads the output members from the
    /// model; without one (raw and POST steps) they are read from the body and the usual headers.
    pub fn from_exchange(
        exchange: &crate::wire::exchange::Exchange,
        operation: Option<&'static s3spec_api::Operation>,
    ) -> Response {
        let received = &exchange.received;
        let mut response = Response {
            request: exchange.request_line(),
            status: received.status,
            headers: received
                .headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect(),
            body: received.body.clone(),
            sent_headers: exchange.sent.headers.clone(),
            elapsed: exchange.elapsed,
            ..Response::default()
        };
        let object_data = operation.is_some_and(streams_object_data);
        response.parse_body(object_data);
        if let (Some(op), Some(doc)) = (operation, &response.document)
            && let Some(expected) = op.output_xml_name
            && doc.root != expected
            && doc.root != "Error"
        {
            // A client reads the document by its root; another root is another document.
            response.xml_error = Some(format!(
                "the root element is <{}>, where {} answers <{expected}>",
                doc.root, op.name
            ));
        }
        // Only HEAD responses lack an error document by design; any other error without one is
        // what the server sent, and `error:` expectations fail on it.
        let head = exchange.sent.method.eq_ignore_ascii_case("HEAD");
        if head && response.body.is_empty() && !(200..300).contains(&response.status) {
            response.derived_error_code = derived_code(response.status).map(str::to_owned);
        }
        if let Some(op) = operation
            && response.xml_error.is_none()
        {
            let body: &[u8] = if object_data && response.is_success() {
                &[]
            } else {
                response.body.kept()
            };
            if let Ok(out) =
                crate::wire::parse::fields(op, response.status, &response.headers, body)
            {
                response.model_fields = Some(out.fields);
            }
        }
        response
    }

    /// The output members: from the operation's model when the step is an operation, else the
    /// XML body's members, then those carried by the usual headers (`ETag`, `VersionId`,
    /// `ContentLength`, `Metadata`, ...).
    pub fn fields(&self) -> Data {
        if let Some(fields) = &self.model_fields {
            return fields.clone();
        }
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
        let kept = self.body.kept();
        let looks_like_xml = kept.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if !looks_like_xml {
            return;
        }
        let Some(whole) = self.body.whole() else {
            self.xml_error = Some(format!(
                "the body has {} bytes, more than the {} read as a document",
                self.body.len(),
                crate::wire::body::KEPT_LEN
            ));
            return;
        };
        match crate::xml::parse(whole) {
            Ok(doc) => self.document = Some(doc),
            Err(e) => self.xml_error = Some(e),
        }
    }
}

/// Whether a successful response's body is the object's data (GetObject), not a document.
fn streams_object_data(op: &'static s3spec_api::Operation) -> bool {
    op.output.iter().any(|m| {
        m.binding == s3spec_api::Binding::Payload
            && matches!(m.shape.kind, s3spec_api::ShapeKind::Blob { .. })
    })
}

/// The code a response without a body stands for, named as the AWS SDKs name them (HEAD
/// responses carry no error document).
fn derived_code(status: u16) -> Option<&'static str> {
    Some(match status {
        301 => "MovedPermanently",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        400 => "BadRequest",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        416 => "RequestedRangeNotSatisfiable",
        500 => "InternalError",
        501 => "NotImplemented",
        503 => "ServiceUnavailable",
        _ => return None,
    })
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
        body: bytes::Bytes::from(body.to_owned()).into(),
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
        head.derived_error_code = Some("NotFound".into());
        assert_eq!(head.error_code(), Some("NotFound"));
        assert_eq!(response(200, &[], "").error_code(), None);
    }

    #[test]
    fn object_data_is_not_parsed_as_xml() {
        let mut r = Response {
            status: 200,
            body: bytes::Bytes::from_static(b"<html/>").into(),
            ..Response::default()
        };
        r.parse_body(true);
        assert!(r.document.is_none());
    }

    fn exchange(method: &str, status: u16, body: &str) -> crate::wire::exchange::Exchange {
        use crate::wire::exchange::{Exchange, Received, Sent};
        Exchange {
            sent: Sent {
                method: method.to_owned(),
                target: "/b/k".to_owned(),
                host: "h".to_owned(),
                headers: Vec::new(),
                body_length: 0,
                body_start: bytes::Bytes::new(),
                body_sha256: String::new(),
                framing: "content-length",
                signing: None,
                verbatim: None,
            },
            received: Received {
                status,
                reason: None,
                headers: Vec::new(),
                body: bytes::Bytes::from(body.to_owned()).into(),
                continued: None,
            },
            elapsed: std::time::Duration::ZERO,
            reused_connection: false,
        }
    }

    #[test]
    fn a_document_with_another_root_is_not_the_operation_s_answer() {
        let op = s3spec_api::operation("ListParts");
        let body = "<ListPartsResponse><Part><PartNumber>1</PartNumber></Part></ListPartsResponse>";
        let r = Response::from_exchange(&exchange("GET", 200, body), op);
        assert_eq!(
            r.xml_error.as_deref(),
            Some(
                "the root element is <ListPartsResponse>, where ListParts answers <ListPartsResult>"
            )
        );
        let body = "<ListPartsResult><Part><PartNumber>1</PartNumber></Part></ListPartsResult>";
        let r = Response::from_exchange(&exchange("GET", 200, body), op);
        assert_eq!(r.xml_error, None);
        assert_eq!(
            r.fields()
                .get("Parts")
                .map(|p| matches!(p, Data::List(items) if items.len() == 1)),
            Some(true)
        );
    }

    #[test]
    fn only_head_errors_get_a_code_from_their_status() {
        let op = s3spec_api::operation("HeadObject");
        let head = Response::from_exchange(&exchange("HEAD", 404, ""), op);
        assert_eq!(head.error_code(), Some("NotFound"));
        let op = s3spec_api::operation("GetObject");
        let get = Response::from_exchange(&exchange("GET", 412, ""), op);
        assert_eq!(
            get.error_code(),
            None,
            "a GET error must carry its document"
        );
    }
}
