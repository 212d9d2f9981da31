//! The S3 operations a suite can call, with their parameters.
//!
//! [`for_each_operation!`](crate::for_each_operation) is the single table of operations: this
//! crate turns it into the catalog that suites are checked against, and the runtime turns the
//! same table into the calls that send each operation. Adding an operation is adding one entry.

use crate::suggest::did_you_mean;

/// How a parameter's YAML value is read and what it becomes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (numbers and booleans are taken as their text).
    Text,
    /// A 32-bit integer.
    Int,
    /// A 64-bit integer.
    Long,
    /// A boolean.
    Flag,
    /// A timestamp: RFC 3339 (`2024-01-01T00:00:00Z`) or HTTP date.
    Time,
    /// One of the values of an S3 enumeration, e.g. `STANDARD`, `private`, `COPY`.
    Enumeration,
    /// An object body: inline text, `file://path`, or `{ size: 6MiB, seed: 1 }`.
    Body,
    /// User metadata: a mapping of names to strings (`x-amz-meta-*`).
    Metadata,
    /// A structure with the given members.
    Struct(&'static Shape),
    /// A list of structures with the given members.
    List(&'static Shape),
}

impl Kind {
    /// What a value of this kind looks like, for "expected ..." messages.
    pub fn expected(&self) -> String {
        match self {
            Kind::Text | Kind::Enumeration => "a string".into(),
            Kind::Int | Kind::Long => "an integer".into(),
            Kind::Flag => "a boolean".into(),
            Kind::Time => "a timestamp string".into(),
            Kind::Body => "a body: text, `file://path`, or `{ size: ..., seed: ... }`".into(),
            Kind::Metadata => "a mapping of metadata names to strings".into(),
            Kind::Struct(s) => format!("a `{}` mapping", s.name),
            Kind::List(s) => format!("a list of `{}` mappings", s.name),
        }
    }
}

/// The members of a request structure such as `Delete` or `CompletedMultipartUpload`.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    pub name: &'static str,
    pub members: &'static [(&'static str, Kind)],
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<Kind> {
        self.members
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }

    pub fn suggest(&self, name: &str) -> Option<&'static str> {
        did_you_mean(name, self.members.iter().map(|(n, _)| *n))
    }
}

pub mod shapes {
    //! Request structures, named as in the S3 API reference.
    use super::{Kind, Shape};

    pub static OBJECT_IDENTIFIER: Shape = Shape {
        name: "ObjectIdentifier",
        members: &[
            ("Key", Kind::Text),
            ("VersionId", Kind::Text),
            ("ETag", Kind::Text),
        ],
    };
    pub static DELETE: Shape = Shape {
        name: "Delete",
        members: &[
            ("Objects", Kind::List(&OBJECT_IDENTIFIER)),
            ("Quiet", Kind::Flag),
        ],
    };
    pub static COMPLETED_PART: Shape = Shape {
        name: "CompletedPart",
        members: &[
            ("PartNumber", Kind::Int),
            ("ETag", Kind::Text),
            ("ChecksumCRC32", Kind::Text),
            ("ChecksumCRC32C", Kind::Text),
            ("ChecksumSHA1", Kind::Text),
            ("ChecksumSHA256", Kind::Text),
        ],
    };
    pub static COMPLETED_MULTIPART_UPLOAD: Shape = Shape {
        name: "CompletedMultipartUpload",
        members: &[("Parts", Kind::List(&COMPLETED_PART))],
    };
    pub static CREATE_BUCKET_CONFIGURATION: Shape = Shape {
        name: "CreateBucketConfiguration",
        members: &[("LocationConstraint", Kind::Text)],
    };
    pub static TAG: Shape = Shape {
        name: "Tag",
        members: &[("Key", Kind::Text), ("Value", Kind::Text)],
    };
    pub static TAGGING: Shape = Shape {
        name: "Tagging",
        members: &[("TagSet", Kind::List(&TAG))],
    };
    pub static VERSIONING_CONFIGURATION: Shape = Shape {
        name: "VersioningConfiguration",
        members: &[
            ("Status", Kind::Enumeration),
            ("MFADelete", Kind::Enumeration),
        ],
    };
}

/// A parameter of an operation, named as in the S3 API reference (`Bucket`, `MaxKeys`, ...).
#[derive(Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// An S3 operation a step can call.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    pub params: &'static [Param],
}

impl Operation {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn suggest_param(&self, name: &str) -> Option<&'static str> {
        did_you_mean(name, self.params.iter().map(|p| p.name))
    }
}

/// Finds an operation by its S3 API name.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == name)
}

/// The known operation closest to a misspelt name.
pub fn suggest_operation(name: &str) -> Option<&'static str> {
    did_you_mean(name, OPERATIONS.iter().map(|op| op.name))
}

#[doc(hidden)]
#[macro_export]
macro_rules! __kind {
    (text) => {
        $crate::ops::Kind::Text
    };
    (int) => {
        $crate::ops::Kind::Int
    };
    (long) => {
        $crate::ops::Kind::Long
    };
    (flag) => {
        $crate::ops::Kind::Flag
    };
    (time) => {
        $crate::ops::Kind::Time
    };
    (enumeration) => {
        $crate::ops::Kind::Enumeration
    };
    (body) => {
        $crate::ops::Kind::Body
    };
    (metadata) => {
        $crate::ops::Kind::Metadata
    };
    (delete) => {
        $crate::ops::Kind::Struct(&$crate::ops::shapes::DELETE)
    };
    (completed_upload) => {
        $crate::ops::Kind::Struct(&$crate::ops::shapes::COMPLETED_MULTIPART_UPLOAD)
    };
    (bucket_config) => {
        $crate::ops::Kind::Struct(&$crate::ops::shapes::CREATE_BUCKET_CONFIGURATION)
    };
    (tagging) => {
        $crate::ops::Kind::Struct(&$crate::ops::shapes::TAGGING)
    };
    (versioning) => {
        $crate::ops::Kind::Struct(&$crate::ops::shapes::VERSIONING_CONFIGURATION)
    };
}

macro_rules! catalog {
    ($( $op:ident $method:ident $mode:ident { $( $param:ident $setter:ident $kind:ident $($req:ident)? ),* $(,)? } )*) => {
        /// Every operation, in table order.
        pub static OPERATIONS: &[Operation] = &[
            $( Operation {
                name: stringify!($op),
                params: &[ $( Param {
                    name: stringify!($param),
                    kind: $crate::__kind!($kind),
                    required: catalog!(@required $($req)?),
                } ),* ],
            } ),*
        ];
    };
    (@required required) => { true };
    (@required) => { false };
}

crate::for_each_operation!(catalog);

/// Calls `$callback!` with the table of operations.
///
/// Each entry reads `OperationName sdk_method mode { Param sdk_setter kind [required], ... }`:
/// `mode` is `streaming` when the response body is the object's data, else `buffered`; `kind`
/// names one of the [`Kind`]s (`text`, `int`, `long`, `flag`, `time`, `enumeration`, `body`,
/// `metadata`) or a request structure (`delete`, `completed_upload`, `bucket_config`, `tagging`,
/// `versioning`).
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            CreateBucket create_bucket buffered {
                Bucket bucket text required,
                ACL acl enumeration,
                CreateBucketConfiguration create_bucket_configuration bucket_config,
                ObjectLockEnabledForBucket object_lock_enabled_for_bucket flag,
                ObjectOwnership object_ownership enumeration,
            }
            DeleteBucket delete_bucket buffered {
                Bucket bucket text required,
                ExpectedBucketOwner expected_bucket_owner text,
            }
            HeadBucket head_bucket buffered {
                Bucket bucket text required,
                ExpectedBucketOwner expected_bucket_owner text,
            }
            ListBuckets list_buckets buffered {
                MaxBuckets max_buckets int,
                ContinuationToken continuation_token text,
                Prefix prefix text,
                BucketRegion bucket_region text,
            }
            GetBucketLocation get_bucket_location buffered {
                Bucket bucket text required,
                ExpectedBucketOwner expected_bucket_owner text,
            }
            GetBucketVersioning get_bucket_versioning buffered {
                Bucket bucket text required,
            }
            PutBucketVersioning put_bucket_versioning buffered {
                Bucket bucket text required,
                VersioningConfiguration versioning_configuration versioning required,
                MFA mfa text,
            }
            PutObject put_object buffered {
                Bucket bucket text required,
                Key key text required,
                Body body body,
                ACL acl enumeration,
                CacheControl cache_control text,
                ContentDisposition content_disposition text,
                ContentEncoding content_encoding text,
                ContentLanguage content_language text,
                ContentLength content_length long,
                ContentMD5 content_md5 text,
                ContentType content_type text,
                ChecksumAlgorithm checksum_algorithm enumeration,
                ChecksumCRC32 checksum_crc32 text,
                ChecksumCRC32C checksum_crc32_c text,
                ChecksumSHA1 checksum_sha1 text,
                ChecksumSHA256 checksum_sha256 text,
                Expires expires time,
                IfMatch if_match text,
                IfNoneMatch if_none_match text,
                Metadata metadata metadata,
                ServerSideEncryption server_side_encryption enumeration,
                StorageClass storage_class enumeration,
                Tagging tagging text,
                WebsiteRedirectLocation website_redirect_location text,
            }
            GetObject get_object streaming {
                Bucket bucket text required,
                Key key text required,
                Range range text,
                IfMatch if_match text,
                IfNoneMatch if_none_match text,
                IfModifiedSince if_modified_since time,
                IfUnmodifiedSince if_unmodified_since time,
                VersionId version_id text,
                PartNumber part_number int,
                ResponseCacheControl response_cache_control text,
                ResponseContentDisposition response_content_disposition text,
                ResponseContentEncoding response_content_encoding text,
                ResponseContentLanguage response_content_language text,
                ResponseContentType response_content_type text,
                ResponseExpires response_expires time,
                ChecksumMode checksum_mode enumeration,
            }
            HeadObject head_object buffered {
                Bucket bucket text required,
                Key key text required,
                Range range text,
                IfMatch if_match text,
                IfNoneMatch if_none_match text,
                IfModifiedSince if_modified_since time,
                IfUnmodifiedSince if_unmodified_since time,
                VersionId version_id text,
                PartNumber part_number int,
                ChecksumMode checksum_mode enumeration,
            }
            CopyObject copy_object buffered {
                Bucket bucket text required,
                Key key text required,
                CopySource copy_source text required,
                CopySourceIfMatch copy_source_if_match text,
                CopySourceIfNoneMatch copy_source_if_none_match text,
                CopySourceIfModifiedSince copy_source_if_modified_since time,
                CopySourceIfUnmodifiedSince copy_source_if_unmodified_since time,
                ACL acl enumeration,
                CacheControl cache_control text,
                ContentDisposition content_disposition text,
                ContentEncoding content_encoding text,
                ContentLanguage content_language text,
                ContentType content_type text,
                Expires expires time,
                Metadata metadata metadata,
                MetadataDirective metadata_directive enumeration,
                StorageClass storage_class enumeration,
                Tagging tagging text,
                TaggingDirective tagging_directive enumeration,
            }
            DeleteObject delete_object buffered {
                Bucket bucket text required,
                Key key text required,
                VersionId version_id text,
                IfMatch if_match text,
                MFA mfa text,
                BypassGovernanceRetention bypass_governance_retention flag,
            }
            DeleteObjects delete_objects buffered {
                Bucket bucket text required,
                Delete delete delete required,
                MFA mfa text,
                BypassGovernanceRetention bypass_governance_retention flag,
                ChecksumAlgorithm checksum_algorithm enumeration,
            }
            ListObjects list_objects buffered {
                Bucket bucket text required,
                Delimiter delimiter text,
                EncodingType encoding_type enumeration,
                Marker marker text,
                MaxKeys max_keys int,
                Prefix prefix text,
            }
            ListObjectsV2 list_objects_v2 buffered {
                Bucket bucket text required,
                ContinuationToken continuation_token text,
                Delimiter delimiter text,
                EncodingType encoding_type enumeration,
                FetchOwner fetch_owner flag,
                MaxKeys max_keys int,
                Prefix prefix text,
                StartAfter start_after text,
            }
            ListObjectVersions list_object_versions buffered {
                Bucket bucket text required,
                Delimiter delimiter text,
                EncodingType encoding_type enumeration,
                KeyMarker key_marker text,
                MaxKeys max_keys int,
                Prefix prefix text,
                VersionIdMarker version_id_marker text,
            }
            GetObjectTagging get_object_tagging buffered {
                Bucket bucket text required,
                Key key text required,
                VersionId version_id text,
            }
            PutObjectTagging put_object_tagging buffered {
                Bucket bucket text required,
                Key key text required,
                Tagging tagging tagging required,
                VersionId version_id text,
            }
            DeleteObjectTagging delete_object_tagging buffered {
                Bucket bucket text required,
                Key key text required,
                VersionId version_id text,
            }
            CreateMultipartUpload create_multipart_upload buffered {
                Bucket bucket text required,
                Key key text required,
                ACL acl enumeration,
                CacheControl cache_control text,
                ChecksumAlgorithm checksum_algorithm enumeration,
                ContentDisposition content_disposition text,
                ContentEncoding content_encoding text,
                ContentLanguage content_language text,
                ContentType content_type text,
                Expires expires time,
                Metadata metadata metadata,
                StorageClass storage_class enumeration,
                Tagging tagging text,
            }
            UploadPart upload_part buffered {
                Bucket bucket text required,
                Key key text required,
                UploadId upload_id text required,
                PartNumber part_number int required,
                Body body body,
                ContentLength content_length long,
                ContentMD5 content_md5 text,
                ChecksumAlgorithm checksum_algorithm enumeration,
            }
            UploadPartCopy upload_part_copy buffered {
                Bucket bucket text required,
                Key key text required,
                UploadId upload_id text required,
                PartNumber part_number int required,
                CopySource copy_source text required,
                CopySourceRange copy_source_range text,
                CopySourceIfMatch copy_source_if_match text,
                CopySourceIfNoneMatch copy_source_if_none_match text,
                CopySourceIfModifiedSince copy_source_if_modified_since time,
                CopySourceIfUnmodifiedSince copy_source_if_unmodified_since time,
            }
            CompleteMultipartUpload complete_multipart_upload buffered {
                Bucket bucket text required,
                Key key text required,
                UploadId upload_id text required,
                MultipartUpload multipart_upload completed_upload,
                IfMatch if_match text,
                IfNoneMatch if_none_match text,
            }
            AbortMultipartUpload abort_multipart_upload buffered {
                Bucket bucket text required,
                Key key text required,
                UploadId upload_id text required,
            }
            ListParts list_parts buffered {
                Bucket bucket text required,
                Key key text required,
                UploadId upload_id text required,
                MaxParts max_parts int,
                PartNumberMarker part_number_marker text,
            }
            ListMultipartUploads list_multipart_uploads buffered {
                Bucket bucket text required,
                Delimiter delimiter text,
                EncodingType encoding_type enumeration,
                KeyMarker key_marker text,
                MaxUploads max_uploads int,
                Prefix prefix text,
                UploadIdMarker upload_id_marker text,
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_operations_and_parameters() {
        let op = operation("PutObject").expect("PutObject is in the table");
        let bucket = op.param("Bucket").expect("Bucket is a parameter");
        assert!(bucket.required);
        assert_eq!(op.param("Body").map(|p| p.kind), Some(Kind::Body));
        assert_eq!(op.suggest_param("ContentTyp"), Some("ContentType"));
        assert_eq!(suggest_operation("PutObjects"), Some("PutObject"));
    }

    #[test]
    fn operation_names_are_unique() {
        let mut names: Vec<_> = OPERATIONS.iter().map(|op| op.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        assert!(before >= 26, "{before} operations");
    }

    #[test]
    fn struct_kinds_know_their_members() {
        let op = operation("DeleteObjects").expect("in table");
        let Some(Param {
            kind: Kind::Struct(shape),
            ..
        }) = op.param("Delete")
        else {
            panic!("Delete is a struct")
        };
        assert_eq!(
            shape.member("Objects"),
            Some(Kind::List(&shapes::OBJECT_IDENTIFIER))
        );
        assert_eq!(shape.suggest("Object"), Some("Objects"));
    }
}
