//! Object operations: data, copies, deletes, listings, restores.

use aws_sdk_s3::primitives::{ByteStream, DateTime};
use aws_sdk_s3::types::{Delete, ObjectIdentifier};

use super::values::{b, i, l, m, t};
use super::{Case, case};

/// 2024-01-02T03:04:05Z.
pub(super) const WHEN: i64 = 1_704_164_645;

pub(super) fn cases() -> Vec<Case> {
    data()
}

fn data() -> Vec<Case> {
    vec![
        case!(
            "PutObject/plain",
            "PutObject",
            [("Bucket", t("b")), ("Key", t("k")), ("Body", t("hello"))],
            |c| c
                .put_object()
                .bucket("b")
                .key("k")
                .body(ByteStream::from_static(b"hello"))
        ),
        case!(
            "PutObject/headers",
            "PutObject",
            [
                ("Bucket", t("b")),
                ("Key", t("dir/a b+c~é%.txt")),
                ("Body", t("data")),
                ("ACL", t("not-a-canned-acl")),
                ("CacheControl", t("no-cache")),
                ("ContentDisposition", t("attachment; filename=\"x.txt\"")),
                ("ContentEncoding", t("gzip")),
                ("ContentLanguage", t("en")),
                ("ContentType", t("text/plain")),
                ("Expires", i(WHEN)),
                (
                    "Metadata",
                    m(&[("color", t("blue")), ("Mixed-Case", t("v a l"))])
                ),
                ("StorageClass", t("STANDARD_IA")),
                ("Tagging", t("a=b&c=d")),
                ("WebsiteRedirectLocation", t("/other")),
                ("IfNoneMatch", t("*")),
                ("ObjectLockMode", t("GOVERNANCE")),
                ("ObjectLockRetainUntilDate", i(WHEN)),
                ("ObjectLockLegalHoldStatus", t("ON")),
                ("ExpectedBucketOwner", t("123456789012")),
                (
                    "GrantRead",
                    t("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"")
                ),
            ],
            |c| c
                .put_object()
                .bucket("b")
                .key("dir/a b+c~é%.txt")
                .body(ByteStream::from_static(b"data"))
                .acl("not-a-canned-acl".into())
                .cache_control("no-cache")
                .content_disposition("attachment; filename=\"x.txt\"")
                .content_encoding("gzip")
                .content_language("en")
                .content_type("text/plain")
                .expires(DateTime::from_secs(WHEN))
                .metadata("color", "blue")
                .metadata("Mixed-Case", "v a l")
                .storage_class("STANDARD_IA".into())
                .tagging("a=b&c=d")
                .website_redirect_location("/other")
                .if_none_match("*")
                .object_lock_mode("GOVERNANCE".into())
                .object_lock_retain_until_date(DateTime::from_secs(WHEN))
                .object_lock_legal_hold_status("ON".into())
                .expected_bucket_owner("123456789012")
                .grant_read("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"")
        ),
        case!(
            "PutObject/sse-c and checksums",
            "PutObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("Body", t("x")),
                ("SSECustomerAlgorithm", t("AES256")),
                ("SSECustomerKey", t("a2V5")),
                ("SSECustomerKeyMD5", t("bWQ1")),
                ("ChecksumCRC32", t("AAAAAA==")),
                ("ChecksumAlgorithm", t("CRC32")),
                ("ContentMD5", t("bWQ1bWQ1")),
            ],
            |c| c
                .put_object()
                .bucket("b")
                .key("k")
                .body(ByteStream::from_static(b"x"))
                .sse_customer_algorithm("AES256")
                .sse_customer_key("a2V5")
                .sse_customer_key_md5("bWQ1")
                .checksum_crc32("AAAAAA==")
                .checksum_algorithm("CRC32".into())
                .content_md5("bWQ1bWQ1")
        ),
        case!(
            "PutObject/kms",
            "PutObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("ServerSideEncryption", t("aws:kms")),
                ("SSEKMSKeyId", t("key-1")),
                ("SSEKMSEncryptionContext", t("e30=")),
                ("BucketKeyEnabled", b(true)),
            ],
            |c| c
                .put_object()
                .bucket("b")
                .key("k")
                .server_side_encryption("aws:kms".into())
                .ssekms_key_id("key-1")
                .ssekms_encryption_context("e30=")
                .bucket_key_enabled(true)
        ),
        case!(
            "PutObject/unicode key",
            "PutObject",
            [("Bucket", t("b")), ("Key", t("日本/ü ☃ 🎉"))],
            |c| c.put_object().bucket("b").key("日本/ü ☃ 🎉")
        ),
        case!(
            "PutObject/special key",
            "PutObject",
            [
                ("Bucket", t("b")),
                (
                    "Key",
                    t("a?b#c&d=e;f:g@h!i$j'k(l)m*n,o[p]q{r}s|t^u`v\\w\"x<y>z")
                )
            ],
            |c| c
                .put_object()
                .bucket("b")
                .key("a?b#c&d=e;f:g@h!i$j'k(l)m*n,o[p]q{r}s|t^u`v\\w\"x<y>z")
        ),
        case!(
            "PutObject/dot segments",
            "PutObject",
            [("Bucket", t("b")), ("Key", t("../a/./b//c/"))],
            |c| c.put_object().bucket("b").key("../a/./b//c/")
        ),
        case!(
            "PutObject/empty key",
            "PutObject",
            [("Bucket", t("b")), ("Key", t(""))],
            |c| c.put_object().bucket("b").key("")
        ),
        case!(
            "GetObject/empty bucket",
            "GetObject",
            [("Bucket", t("")), ("Key", t("k"))],
            |c| c.get_object().bucket("").key("k")
        ),
        case!(
            "GetObject/plain",
            "GetObject",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.get_object().bucket("b").key("k")
        ),
        case!(
            "GetObject/everything",
            "GetObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("Range", t("bytes=0-1")),
                ("IfMatch", t("\"e\"")),
                ("IfNoneMatch", t("\"f\"")),
                ("IfModifiedSince", i(WHEN)),
                ("IfUnmodifiedSince", t("2024-01-02T03:04:05Z")),
                ("VersionId", t("v 1")),
                ("PartNumber", i(2)),
                ("ResponseCacheControl", t("no-store")),
                ("ResponseContentDisposition", t("inline")),
                ("ResponseContentEncoding", t("br")),
                ("ResponseContentLanguage", t("fr")),
                ("ResponseContentType", t("a/b; c=d")),
                ("ResponseExpires", i(WHEN)),
                ("ChecksumMode", t("ENABLED")),
                ("SSECustomerAlgorithm", t("AES256")),
                ("SSECustomerKey", t("a2V5")),
                ("SSECustomerKeyMD5", t("bWQ1")),
                ("RequestPayer", t("requester")),
            ],
            |c| c
                .get_object()
                .bucket("b")
                .key("k")
                .range("bytes=0-1")
                .if_match("\"e\"")
                .if_none_match("\"f\"")
                .if_modified_since(DateTime::from_secs(WHEN))
                .if_unmodified_since(DateTime::from_secs(WHEN))
                .version_id("v 1")
                .part_number(2)
                .response_cache_control("no-store")
                .response_content_disposition("inline")
                .response_content_encoding("br")
                .response_content_language("fr")
                .response_content_type("a/b; c=d")
                .response_expires(DateTime::from_secs(WHEN))
                .checksum_mode("ENABLED".into())
                .sse_customer_algorithm("AES256")
                .sse_customer_key("a2V5")
                .sse_customer_key_md5("bWQ1")
                .request_payer("requester".into())
        ),
        Case {
            virtual_hosted: true,
            ..case!(
                "GetObject/virtual-hosted",
                "GetObject",
                [("Bucket", t("bucket-1")), ("Key", t("a/b c"))],
                |c| c.get_object().bucket("bucket-1").key("a/b c")
            )
        },
        case!(
            "HeadObject/conditions",
            "HeadObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("IfModifiedSince", i(WHEN)),
                ("VersionId", t("v")),
                ("PartNumber", i(1)),
                ("ChecksumMode", t("ENABLED")),
            ],
            |c| c
                .head_object()
                .bucket("b")
                .key("k")
                .if_modified_since(DateTime::from_secs(WHEN))
                .version_id("v")
                .part_number(1)
                .checksum_mode("ENABLED".into())
        ),
        case!(
            "CopyObject/everything",
            "CopyObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k2")),
                ("CopySource", t("src/a b?versionId=1")),
                ("CopySourceIfMatch", t("\"e\"")),
                ("CopySourceIfModifiedSince", i(WHEN)),
                ("MetadataDirective", t("REPLACE")),
                ("TaggingDirective", t("COPY")),
                ("Metadata", m(&[("k", t("v"))])),
                ("CopySourceSSECustomerAlgorithm", t("AES256")),
            ],
            |c| c
                .copy_object()
                .bucket("b")
                .key("k2")
                .copy_source("src/a b?versionId=1")
                .copy_source_if_match("\"e\"")
                .copy_source_if_modified_since(DateTime::from_secs(WHEN))
                .metadata_directive("REPLACE".into())
                .tagging_directive("COPY".into())
                .metadata("k", "v")
                .copy_source_sse_customer_algorithm("AES256")
        ),
        case!(
            "DeleteObject/version",
            "DeleteObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("VersionId", t("v")),
                ("MFA", t("123 456")),
                ("BypassGovernanceRetention", b(true)),
            ],
            |c| c
                .delete_object()
                .bucket("b")
                .key("k")
                .version_id("v")
                .mfa("123 456")
                .bypass_governance_retention(true)
        ),
        case!(
            "DeleteObjects/quiet",
            "DeleteObjects",
            [
                ("Bucket", t("b")),
                (
                    "Delete",
                    m(&[
                        (
                            "Objects",
                            l(vec![
                                m(&[("Key", t("a&b"))]),
                                m(&[("Key", t("c")), ("VersionId", t("v"))])
                            ])
                        ),
                        ("Quiet", b(true))
                    ])
                ),
            ],
            |c| c.delete_objects().bucket("b").delete(
                Delete::builder()
                    .objects(ObjectIdentifier::builder().key("a&b").build().unwrap())
                    .objects(
                        ObjectIdentifier::builder()
                            .key("c")
                            .version_id("v")
                            .build()
                            .unwrap()
                    )
                    .quiet(true)
                    .build()
                    .unwrap()
            )
        ),
        case!(
            "ListObjects/all",
            "ListObjects",
            [
                ("Bucket", t("b")),
                ("Delimiter", t("/")),
                ("EncodingType", t("url")),
                ("Marker", t("m k")),
                ("MaxKeys", i(10)),
                ("Prefix", t("a/b")),
            ],
            |c| c
                .list_objects()
                .bucket("b")
                .delimiter("/")
                .encoding_type("url".into())
                .marker("m k")
                .max_keys(10)
                .prefix("a/b")
        ),
        case!(
            "ListObjectsV2/all",
            "ListObjectsV2",
            [
                ("Bucket", t("b")),
                ("ContinuationToken", t("t+/=")),
                ("FetchOwner", b(true)),
                ("StartAfter", t("s")),
                ("Prefix", t("")),
                ("OptionalObjectAttributes", l(vec![t("RestoreStatus")])),
            ],
            |c| c
                .list_objects_v2()
                .bucket("b")
                .continuation_token("t+/=")
                .fetch_owner(true)
                .start_after("s")
                .prefix("")
                .optional_object_attributes("RestoreStatus".into())
        ),
        case!(
            "ListObjectVersions/all",
            "ListObjectVersions",
            [
                ("Bucket", t("b")),
                ("KeyMarker", t("k")),
                ("VersionIdMarker", t("v")),
                ("MaxKeys", i(1)),
            ],
            |c| c
                .list_object_versions()
                .bucket("b")
                .key_marker("k")
                .version_id_marker("v")
                .max_keys(1)
        ),
        case!(
            "GetObjectTorrent/plain",
            "GetObjectTorrent",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.get_object_torrent().bucket("b").key("k")
        ),
        case!(
            "RestoreObject/days",
            "RestoreObject",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                (
                    "RestoreRequest",
                    m(&[
                        ("Days", i(2)),
                        ("GlacierJobParameters", m(&[("Tier", t("Bulk"))]))
                    ])
                ),
            ],
            |c| c.restore_object().bucket("b").key("k").restore_request(
                aws_sdk_s3::types::RestoreRequest::builder()
                    .days(2)
                    .glacier_job_parameters(
                        aws_sdk_s3::types::GlacierJobParameters::builder()
                            .tier("Bulk".into())
                            .build()
                            .unwrap()
                    )
                    .build()
            )
        ),
    ]
}
