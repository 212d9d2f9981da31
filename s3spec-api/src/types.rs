//! The shape of the tables: what the generator writes and what the rest of s3spec reads.
//!
//! Everything is `'static` data: shapes refer to each other by reference, so a nested member
//! (`Delete.Objects[].Key`) is found by following references, with no lookups by name.

/// An S3 operation: its HTTP binding, input and output.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// `PutObject`, as in the S3 API reference.
    pub name: &'static str,
    /// `PUT`, `GET`, ...
    pub method: &'static str,
    /// The URI pattern of the model: `/{Bucket}/{Key+}?x-id=PutObject`. Labels are members bound
    /// with [`Binding::Label`]; a literal query (`?acl`, `?x-id=...`) is part of every request.
    pub uri: &'static str,
    /// A prefix of the host name, with labels bound by [`Binding::HostLabel`]
    /// (`{RequestRoute}.` of `WriteGetObjectResponse`).
    pub host_prefix: Option<&'static str>,
    /// The request members, in model order.
    pub input: &'static [Member],
    /// The response members, in model order.
    pub output: &'static [Member],
    /// The XML element name of the request body when input members are in the body without a
    /// payload member (`SelectObjectContentRequest`); the body is in [`crate::XML_NAMESPACE`].
    pub input_xml_name: Option<&'static str>,
    /// The XML element name of the output when its members are in the body (`ListBucketResult`).
    pub output_xml_name: Option<&'static str>,
    /// The body is an XML element that holds the one output member directly, with no wrapper
    /// (`GetBucketLocation`: `aws.customizations#s3UnwrappedXmlOutput`).
    pub output_unwrapped: bool,
    /// The request must carry Content-MD5 or a checksum (`smithy.api#httpChecksumRequired`, or
    /// `requestChecksumRequired` of `aws.protocols#httpChecksum`).
    pub checksum_required: bool,
    /// The member naming the checksum algorithm (`ChecksumAlgorithm`), when the operation
    /// takes request checksums.
    pub checksum_algorithm_member: Option<&'static str>,
    /// The operation is sent with an unsigned payload (`aws.auth#unsignedPayload`).
    pub unsigned_payload: bool,
    /// The errors the model names for it (`NoSuchKey`, ...).
    pub errors: &'static [&'static str],
    /// The first sentence of the model's documentation, as plain text.
    pub summary: &'static str,
}

/// A member of a structure (an operation's input or output, or a nested structure).
#[derive(Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's name in the model: `Bucket`, `ContentType`, `Objects`.
    pub name: &'static str,
    /// Its target shape.
    pub shape: &'static Shape,
    /// Where it travels in the HTTP message. Members of nested structures are [`Binding::Body`].
    pub binding: Binding,
    pub required: bool,
    /// The XML element or attribute name when it differs from `name` (`smithy.api#xmlName`).
    pub xml_name: Option<&'static str>,
    /// Written as an XML attribute of its parent (`xsi:type` of `Grantee`).
    pub xml_attribute: bool,
    /// For list members: the items repeat directly in the parent, with no wrapping element;
    /// each item's element is named by this member (its [`Member::xml_name`]).
    pub xml_flattened: bool,
    /// An XML namespace declared on this member's element: (uri, prefix).
    pub xml_namespace: Option<(&'static str, Option<&'static str>)>,
    /// A timestamp format given on the member, which overrides the shape's.
    pub timestamp_format: Option<TimestampFormat>,
}

impl Member {
    /// The name of its XML element (or attribute).
    pub fn xml_name(&self) -> &'static str {
        self.xml_name.unwrap_or(self.name)
    }
}

/// Where a member travels in the HTTP request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A `{Label}` of the URI (`Bucket`); `greedy` for `{Key+}`, whose slashes are kept.
    Label { greedy: bool },
    /// A `{Label}` of the operation's [`Operation::host_prefix`].
    HostLabel,
    /// A header of this name (lowercase): `content-type`, `x-amz-acl`.
    Header(&'static str),
    /// A map whose entries are headers with this prefix: `x-amz-meta-`.
    PrefixHeaders(&'static str),
    /// A query parameter of this name: `max-keys`, `uploadId`.
    Query(&'static str),
    /// A map whose entries are query parameters (`smithy.api#httpQueryParams`).
    QueryParams,
    /// The whole body: a blob (object data) or a structure serialized as XML.
    Payload,
    /// The HTTP status code (`smithy.api#httpResponseCode`).
    StatusCode,
    /// An element of the XML body (members without an HTTP binding, and nested members).
    Body,
}

/// A shape of the model.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    /// The shape's name without namespace: `Delete`, `ObjectKey`, `BucketCannedACL`.
    pub name: &'static str,
    pub kind: ShapeKind,
    /// The XML element name of a structure when it is written as a payload
    /// (`smithy.api#xmlName` on the shape: `CreateBucketConfiguration`, `Delete`).
    pub xml_name: Option<&'static str>,
    /// The XML namespace of a payload structure (`http://s3.amazonaws.com/doc/2006-03-01/`).
    pub xml_namespace: Option<&'static str>,
}

/// What kind of value a shape holds.
#[derive(Debug, PartialEq, Eq)]
pub enum ShapeKind {
    String,
    /// An enumeration with these values (the `enumValue` of each member).
    Enum(&'static [&'static str]),
    Boolean,
    Integer,
    Long,
    /// A timestamp; the format when the shape fixes one, else the binding's default.
    Timestamp(Option<TimestampFormat>),
    /// Bytes; `streaming` for object data (`Body`).
    Blob {
        streaming: bool,
    },
    Structure(&'static [Member]),
    /// One member of a union.
    Union(&'static [Member]),
    /// A list; `member` describes its items (its `xml_name` is the item element's name).
    List {
        member: &'static Member,
    },
    /// A map of strings to `value` (`Metadata`).
    Map {
        key: &'static Shape,
        value: &'static Shape,
    },
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `2024-01-02T03:04:05Z` (the default in XML bodies and query strings).
    DateTime,
    /// `Tue, 02 Jan 2024 03:04:05 GMT` (the default in headers).
    HttpDate,
    /// Seconds since 1970.
    EpochSeconds,
}
