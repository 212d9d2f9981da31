//! Multipart uploads and object attributes: tagging, ACLs, retention, legal hold.

use aws_sdk_s3::primitives::{ByteStream, DateTime};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, Tag, Tagging};

use super::cases_object::WHEN;
use super::values::{b, i, l, m, t};
use super::{Case, case};

pub(super) fn cases() -> Vec<Case> {
    let mut cases = multipart();
    cases.extend(attributes());
    cases
}

fn multipart() -> Vec<Case> {
    vec![
        case!(
            "CreateMultipartUpload/plain",
            "CreateMultipartUpload",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("ContentType", t("a/b")),
                ("ChecksumAlgorithm", t("SHA256")),
                ("Metadata", m(&[("x", t("y"))])),
            ],
            |c| c
                .create_multipart_upload()
                .bucket("b")
                .key("k")
                .content_type("a/b")
                .checksum_algorithm("SHA256".into())
                .metadata("x", "y")
        ),
        case!(
            "UploadPart/plain",
            "UploadPart",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("UploadId", t("u/1")),
                ("PartNumber", i(1)),
                ("Body", t("part")),
                ("ContentMD5", t("bWQ1")),
            ],
            |c| c
                .upload_part()
                .bucket("b")
                .key("k")
                .upload_id("u/1")
                .part_number(1)
                .body(ByteStream::from_static(b"part"))
                .content_md5("bWQ1")
        ),
        case!(
            "UploadPart/empty upload id",
            "UploadPart",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("UploadId", t("")),
                ("PartNumber", i(1)),
            ],
            |c| c
                .upload_part()
                .bucket("b")
                .key("k")
                .upload_id("")
                .part_number(1)
        ),
        case!(
            "UploadPartCopy/range",
            "UploadPartCopy",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("UploadId", t("u")),
                ("PartNumber", i(3)),
                ("CopySource", t("/src/k")),
                ("CopySourceRange", t("bytes=0-9")),
                ("CopySourceIfUnmodifiedSince", i(WHEN)),
            ],
            |c| c
                .upload_part_copy()
                .bucket("b")
                .key("k")
                .upload_id("u")
                .part_number(3)
                .copy_source("/src/k")
                .copy_source_range("bytes=0-9")
                .copy_source_if_unmodified_since(DateTime::from_secs(WHEN))
        ),
        case!(
            "CompleteMultipartUpload/parts",
            "CompleteMultipartUpload",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("UploadId", t("u")),
                ("IfNoneMatch", t("*")),
                (
                    "MultipartUpload",
                    m(&[(
                        "Parts",
                        l(vec![
                            m(&[("ETag", t("\"a\"")), ("PartNumber", i(1))]),
                            m(&[
                                ("ChecksumCRC32", t("AAAAAA==")),
                                ("ETag", t("\"b\"")),
                                ("PartNumber", i(2))
                            ]),
                        ])
                    )])
                ),
            ],
            |c| c
                .complete_multipart_upload()
                .bucket("b")
                .key("k")
                .upload_id("u")
                .if_none_match("*")
                .multipart_upload(
                    CompletedMultipartUpload::builder()
                        .parts(
                            CompletedPart::builder()
                                .e_tag("\"a\"")
                                .part_number(1)
                                .build()
                        )
                        .parts(
                            CompletedPart::builder()
                                .checksum_crc32("AAAAAA==")
                                .e_tag("\"b\"")
                                .part_number(2)
                                .build()
                        )
                        .build()
                )
        ),
        case!(
            "CompleteMultipartUpload/no body",
            "CompleteMultipartUpload",
            [("Bucket", t("b")), ("Key", t("k")), ("UploadId", t("u")),],
            |c| c
                .complete_multipart_upload()
                .bucket("b")
                .key("k")
                .upload_id("u")
        ),
        case!(
            "AbortMultipartUpload/plain",
            "AbortMultipartUpload",
            [("Bucket", t("b")), ("Key", t("k")), ("UploadId", t("u"))],
            |c| c
                .abort_multipart_upload()
                .bucket("b")
                .key("k")
                .upload_id("u")
        ),
        case!(
            "ListParts/all",
            "ListParts",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("UploadId", t("u")),
                ("MaxParts", i(2)),
                ("PartNumberMarker", t("1")),
            ],
            |c| c
                .list_parts()
                .bucket("b")
                .key("k")
                .upload_id("u")
                .max_parts(2)
                .part_number_marker("1")
        ),
        case!(
            "ListMultipartUploads/all",
            "ListMultipartUploads",
            [
                ("Bucket", t("b")),
                ("Delimiter", t("/")),
                ("KeyMarker", t("k")),
                ("MaxUploads", i(5)),
                ("Prefix", t("p")),
                ("UploadIdMarker", t("u")),
            ],
            |c| c
                .list_multipart_uploads()
                .bucket("b")
                .delimiter("/")
                .key_marker("k")
                .max_uploads(5)
                .prefix("p")
                .upload_id_marker("u")
        ),
    ]
}

fn attributes() -> Vec<Case> {
    let tagging = m(&[(
        "TagSet",
        l(vec![m(&[("Key", t("a & b")), ("Value", t("<v>\r\n'\""))])]),
    )]);
    vec![
        case!(
            "GetObjectTagging/plain",
            "GetObjectTagging",
            [("Bucket", t("b")), ("Key", t("k")), ("VersionId", t("v"))],
            |c| c.get_object_tagging().bucket("b").key("k").version_id("v")
        ),
        case!(
            "PutObjectTagging/escapes",
            "PutObjectTagging",
            [("Bucket", t("b")), ("Key", t("k")), ("Tagging", tagging)],
            |c| c.put_object_tagging().bucket("b").key("k").tagging(
                Tagging::builder()
                    .tag_set(
                        Tag::builder()
                            .key("a & b")
                            .value("<v>\r\n'\"")
                            .build()
                            .unwrap()
                    )
                    .build()
                    .unwrap()
            )
        ),
        case!(
            "DeleteObjectTagging/plain",
            "DeleteObjectTagging",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.delete_object_tagging().bucket("b").key("k")
        ),
        case!(
            "GetObjectAttributes/list header",
            "GetObjectAttributes",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("MaxParts", i(3)),
                (
                    "ObjectAttributes",
                    l(vec![t("ETag"), t("Checksum"), t("ObjectParts")])
                ),
            ],
            |c| c
                .get_object_attributes()
                .bucket("b")
                .key("k")
                .max_parts(3)
                .object_attributes("ETag".into())
                .object_attributes("Checksum".into())
                .object_attributes("ObjectParts".into())
        ),
        case!(
            "GetObjectAcl/plain",
            "GetObjectAcl",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.get_object_acl().bucket("b").key("k")
        ),
        case!(
            "PutObjectAcl/canned",
            "PutObjectAcl",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("ACL", t("public-read"))
            ],
            |c| c
                .put_object_acl()
                .bucket("b")
                .key("k")
                .acl("public-read".into())
        ),
        case!(
            "GetObjectRetention/plain",
            "GetObjectRetention",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.get_object_retention().bucket("b").key("k")
        ),
        case!(
            "PutObjectRetention/governance",
            "PutObjectRetention",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("BypassGovernanceRetention", b(true)),
                (
                    "Retention",
                    m(&[("Mode", t("GOVERNANCE")), ("RetainUntilDate", i(WHEN))])
                ),
            ],
            |c| c
                .put_object_retention()
                .bucket("b")
                .key("k")
                .bypass_governance_retention(true)
                .retention(
                    aws_sdk_s3::types::ObjectLockRetention::builder()
                        .mode("GOVERNANCE".into())
                        .retain_until_date(DateTime::from_secs(WHEN))
                        .build()
                )
        ),
        case!(
            "GetObjectLegalHold/plain",
            "GetObjectLegalHold",
            [("Bucket", t("b")), ("Key", t("k"))],
            |c| c.get_object_legal_hold().bucket("b").key("k")
        ),
        case!(
            "PutObjectLegalHold/on",
            "PutObjectLegalHold",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("LegalHold", m(&[("Status", t("ON"))])),
            ],
            |c| c.put_object_legal_hold().bucket("b").key("k").legal_hold(
                aws_sdk_s3::types::ObjectLockLegalHold::builder()
                    .status("ON".into())
                    .build()
            )
        ),
    ]
}
