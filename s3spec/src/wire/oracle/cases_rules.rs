//! Bucket rules: CORS, lifecycle, encryption, object lock.

use aws_sdk_s3::primitives::DateTime;
use aws_sdk_s3::types as s3;

use super::values::{b, i, l, m, t};
use super::{Case, case};

pub(super) fn cases() -> Vec<Case> {
    documents()
}

fn documents() -> Vec<Case> {
    let cors = m(&[(
        "CORSRules",
        l(vec![m(&[
            ("AllowedHeaders", l(vec![t("*")])),
            ("AllowedMethods", l(vec![t("GET"), t("PUT")])),
            ("AllowedOrigins", l(vec![t("https://a.example")])),
            ("ExposeHeaders", l(vec![t("ETag")])),
            ("ID", t("r1")),
            ("MaxAgeSeconds", i(300)),
        ])]),
    )]);
    let lifecycle = m(&[(
        "Rules",
        l(vec![
            m(&[
                ("Expiration", m(&[("Days", i(30))])),
                ("Filter", m(&[("Prefix", t("logs/"))])),
                ("ID", t("r1")),
                ("Status", t("Enabled")),
                (
                    "Transitions",
                    l(vec![m(&[("Days", i(10)), ("StorageClass", t("GLACIER"))])]),
                ),
                (
                    "NoncurrentVersionExpiration",
                    m(&[("NoncurrentDays", i(5))]),
                ),
                (
                    "AbortIncompleteMultipartUpload",
                    m(&[("DaysAfterInitiation", i(7))]),
                ),
            ]),
            m(&[
                ("Expiration", m(&[("Date", t("2030-01-01T00:00:00Z"))])),
                (
                    "Filter",
                    m(&[(
                        "And",
                        m(&[
                            ("Prefix", t("a")),
                            ("Tags", l(vec![m(&[("Key", t("k")), ("Value", t("v"))])])),
                            ("ObjectSizeGreaterThan", i(1)),
                        ]),
                    )]),
                ),
                ("Status", t("Disabled")),
            ]),
        ]),
    )]);
    vec![
        case!(
            "GetBucketCors/plain",
            "GetBucketCors",
            [("Bucket", t("b"))],
            |c| c.get_bucket_cors().bucket("b")
        ),
        case!(
            "PutBucketCors/rule",
            "PutBucketCors",
            [("Bucket", t("b")), ("CORSConfiguration", cors)],
            |c| c.put_bucket_cors().bucket("b").cors_configuration(
                s3::CorsConfiguration::builder()
                    .cors_rules(
                        s3::CorsRule::builder()
                            .allowed_headers("*")
                            .allowed_methods("GET")
                            .allowed_methods("PUT")
                            .allowed_origins("https://a.example")
                            .expose_headers("ETag")
                            .id("r1")
                            .max_age_seconds(300)
                            .build()
                            .unwrap()
                    )
                    .build()
                    .unwrap()
            )
        ),
        case!(
            "DeleteBucketCors/plain",
            "DeleteBucketCors",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_cors().bucket("b")
        ),
        case!(
            "GetBucketLifecycleConfiguration/plain",
            "GetBucketLifecycleConfiguration",
            [("Bucket", t("b"))],
            |c| c.get_bucket_lifecycle_configuration().bucket("b")
        ),
        case!(
            "PutBucketLifecycleConfiguration/rules",
            "PutBucketLifecycleConfiguration",
            [
                ("Bucket", t("b")),
                ("LifecycleConfiguration", lifecycle),
                (
                    "TransitionDefaultMinimumObjectSize",
                    t("all_storage_classes_128K")
                ),
            ],
            |c| c
                .put_bucket_lifecycle_configuration()
                .bucket("b")
                .transition_default_minimum_object_size("all_storage_classes_128K".into())
                .lifecycle_configuration(
                    s3::BucketLifecycleConfiguration::builder()
                        .rules(
                            s3::LifecycleRule::builder()
                                .expiration(s3::LifecycleExpiration::builder().days(30).build())
                                .filter(s3::LifecycleRuleFilter::builder().prefix("logs/").build())
                                .id("r1")
                                .status("Enabled".into())
                                .transitions(
                                    s3::Transition::builder()
                                        .days(10)
                                        .storage_class("GLACIER".into())
                                        .build()
                                )
                                .noncurrent_version_expiration(
                                    s3::NoncurrentVersionExpiration::builder()
                                        .noncurrent_days(5)
                                        .build()
                                )
                                .abort_incomplete_multipart_upload(
                                    s3::AbortIncompleteMultipartUpload::builder()
                                        .days_after_initiation(7)
                                        .build()
                                )
                                .build()
                                .unwrap()
                        )
                        .rules(
                            s3::LifecycleRule::builder()
                                .expiration(
                                    s3::LifecycleExpiration::builder()
                                        .date(DateTime::from_secs(1_893_456_000))
                                        .build()
                                )
                                .filter(
                                    s3::LifecycleRuleFilter::builder()
                                        .and(
                                            s3::LifecycleRuleAndOperator::builder()
                                                .prefix("a")
                                                .tags(
                                                    s3::Tag::builder()
                                                        .key("k")
                                                        .value("v")
                                                        .build()
                                                        .unwrap()
                                                )
                                                .object_size_greater_than(1)
                                                .build()
                                        )
                                        .build()
                                )
                                .status("Disabled".into())
                                .build()
                                .unwrap()
                        )
                        .build()
                        .unwrap()
                )
        ),
        case!(
            "DeleteBucketLifecycle/plain",
            "DeleteBucketLifecycle",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_lifecycle().bucket("b")
        ),
        case!(
            "GetBucketEncryption/plain",
            "GetBucketEncryption",
            [("Bucket", t("b"))],
            |c| c.get_bucket_encryption().bucket("b")
        ),
        case!(
            "PutBucketEncryption/kms",
            "PutBucketEncryption",
            [
                ("Bucket", t("b")),
                (
                    "ServerSideEncryptionConfiguration",
                    m(&[(
                        "Rules",
                        l(vec![m(&[
                            (
                                "ApplyServerSideEncryptionByDefault",
                                m(&[("SSEAlgorithm", t("aws:kms")), ("KMSMasterKeyID", t("k1"))])
                            ),
                            ("BucketKeyEnabled", b(true)),
                        ])])
                    )])
                ),
            ],
            |c| c
                .put_bucket_encryption()
                .bucket("b")
                .server_side_encryption_configuration(
                    s3::ServerSideEncryptionConfiguration::builder()
                        .rules(
                            s3::ServerSideEncryptionRule::builder()
                                .apply_server_side_encryption_by_default(
                                    s3::ServerSideEncryptionByDefault::builder()
                                        .sse_algorithm("aws:kms".into())
                                        .kms_master_key_id("k1")
                                        .build()
                                        .unwrap()
                                )
                                .bucket_key_enabled(true)
                                .build()
                        )
                        .build()
                        .unwrap()
                )
        ),
        case!(
            "DeleteBucketEncryption/plain",
            "DeleteBucketEncryption",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_encryption().bucket("b")
        ),
        case!(
            "GetObjectLockConfiguration/plain",
            "GetObjectLockConfiguration",
            [("Bucket", t("b"))],
            |c| c.get_object_lock_configuration().bucket("b")
        ),
        case!(
            "PutObjectLockConfiguration/default",
            "PutObjectLockConfiguration",
            [
                ("Bucket", t("b")),
                ("Token", t("tok")),
                (
                    "ObjectLockConfiguration",
                    m(&[
                        ("ObjectLockEnabled", t("Enabled")),
                        (
                            "Rule",
                            m(&[(
                                "DefaultRetention",
                                m(&[("Mode", t("COMPLIANCE")), ("Days", i(1))])
                            )])
                        )
                    ])
                ),
            ],
            |c| c
                .put_object_lock_configuration()
                .bucket("b")
                .token("tok")
                .object_lock_configuration(
                    s3::ObjectLockConfiguration::builder()
                        .object_lock_enabled("Enabled".into())
                        .rule(
                            s3::ObjectLockRule::builder()
                                .default_retention(
                                    s3::DefaultRetention::builder()
                                        .mode("COMPLIANCE".into())
                                        .days(1)
                                        .build()
                                )
                                .build()
                        )
                        .build()
                )
        ),
    ]
}
