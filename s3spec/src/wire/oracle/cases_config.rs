//! Bucket configurations: website, logging, notifications, request payment, acceleration,
//! replication, and the configurations addressed by id.

use aws_sdk_s3::types as s3;

use super::values::{b, l, m, t};
use super::{Case, case};

pub(super) fn cases() -> Vec<Case> {
    let mut cases = more_documents();
    cases.extend(by_id());
    cases
}

fn more_documents() -> Vec<Case> {
    let website = m(&[
        ("ErrorDocument", m(&[("Key", t("err.html"))])),
        ("IndexDocument", m(&[("Suffix", t("index.html"))])),
        (
            "RoutingRules",
            l(vec![m(&[
                ("Condition", m(&[("KeyPrefixEquals", t("docs/"))])),
                (
                    "Redirect",
                    m(&[
                        ("ReplaceKeyPrefixWith", t("documents/")),
                        ("HttpRedirectCode", t("301")),
                    ]),
                ),
            ])]),
        ),
    ]);
    let logging = m(&[(
        "LoggingEnabled",
        m(&[
            ("TargetBucket", t("logs")),
            ("TargetPrefix", t("b/")),
            (
                "TargetGrants",
                l(vec![m(&[
                    (
                        "Grantee",
                        m(&[("Type", t("Group")), ("URI", t("http://acs/LogDelivery"))]),
                    ),
                    ("Permission", t("WRITE")),
                ])]),
            ),
        ]),
    )]);
    let notification = m(&[(
        "QueueConfigurations",
        l(vec![m(&[
            ("Id", t("q")),
            ("QueueArn", t("arn:aws:sqs:us-east-1:1:q")),
            ("Events", l(vec![t("s3:ObjectCreated:*")])),
            (
                "Filter",
                m(&[(
                    "Key",
                    m(&[(
                        "FilterRules",
                        l(vec![m(&[("Name", t("prefix")), ("Value", t("a/"))])]),
                    )]),
                )]),
            ),
        ])]),
    )]);
    vec![
        case!(
            "GetBucketWebsite/plain",
            "GetBucketWebsite",
            [("Bucket", t("b"))],
            |c| c.get_bucket_website().bucket("b")
        ),
        case!(
            "PutBucketWebsite/routing",
            "PutBucketWebsite",
            [("Bucket", t("b")), ("WebsiteConfiguration", website)],
            |c| c.put_bucket_website().bucket("b").website_configuration(
                s3::WebsiteConfiguration::builder()
                    .error_document(
                        s3::ErrorDocument::builder()
                            .key("err.html")
                            .build()
                            .unwrap()
                    )
                    .index_document(
                        s3::IndexDocument::builder()
                            .suffix("index.html")
                            .build()
                            .unwrap()
                    )
                    .routing_rules(
                        s3::RoutingRule::builder()
                            .condition(s3::Condition::builder().key_prefix_equals("docs/").build())
                            .redirect(
                                s3::Redirect::builder()
                                    .replace_key_prefix_with("documents/")
                                    .http_redirect_code("301")
                                    .build()
                            )
                            .build()
                    )
                    .build()
            )
        ),
        case!(
            "DeleteBucketWebsite/plain",
            "DeleteBucketWebsite",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_website().bucket("b")
        ),
        case!(
            "GetBucketLogging/plain",
            "GetBucketLogging",
            [("Bucket", t("b"))],
            |c| c.get_bucket_logging().bucket("b")
        ),
        case!(
            "PutBucketLogging/grants",
            "PutBucketLogging",
            [("Bucket", t("b")), ("BucketLoggingStatus", logging)],
            |c| c.put_bucket_logging().bucket("b").bucket_logging_status(
                s3::BucketLoggingStatus::builder()
                    .logging_enabled(
                        s3::LoggingEnabled::builder()
                            .target_bucket("logs")
                            .target_prefix("b/")
                            .target_grants(
                                s3::TargetGrant::builder()
                                    .grantee(
                                        s3::Grantee::builder()
                                            .r#type("Group".into())
                                            .uri("http://acs/LogDelivery")
                                            .build()
                                            .unwrap()
                                    )
                                    .permission("WRITE".into())
                                    .build()
                            )
                            .build()
                            .unwrap()
                    )
                    .build()
            )
        ),
        case!(
            "GetBucketNotificationConfiguration/plain",
            "GetBucketNotificationConfiguration",
            [("Bucket", t("b"))],
            |c| c.get_bucket_notification_configuration().bucket("b")
        ),
        case!(
            "PutBucketNotificationConfiguration/queue",
            "PutBucketNotificationConfiguration",
            [
                ("Bucket", t("b")),
                ("NotificationConfiguration", notification),
                ("SkipDestinationValidation", b(true)),
            ],
            |c| c
                .put_bucket_notification_configuration()
                .bucket("b")
                .skip_destination_validation(true)
                .notification_configuration(
                    s3::NotificationConfiguration::builder()
                        .queue_configurations(
                            s3::QueueConfiguration::builder()
                                .id("q")
                                .queue_arn("arn:aws:sqs:us-east-1:1:q")
                                .events("s3:ObjectCreated:*".into())
                                .filter(
                                    s3::NotificationConfigurationFilter::builder()
                                        .key(
                                            s3::S3KeyFilter::builder()
                                                .filter_rules(
                                                    s3::FilterRule::builder()
                                                        .name("prefix".into())
                                                        .value("a/")
                                                        .build()
                                                )
                                                .build()
                                        )
                                        .build()
                                )
                                .build()
                                .unwrap()
                        )
                        .build()
                )
        ),
        case!(
            "GetBucketRequestPayment/plain",
            "GetBucketRequestPayment",
            [("Bucket", t("b"))],
            |c| c.get_bucket_request_payment().bucket("b")
        ),
        case!(
            "PutBucketRequestPayment/requester",
            "PutBucketRequestPayment",
            [
                ("Bucket", t("b")),
                (
                    "RequestPaymentConfiguration",
                    m(&[("Payer", t("Requester"))])
                ),
            ],
            |c| c
                .put_bucket_request_payment()
                .bucket("b")
                .request_payment_configuration(
                    s3::RequestPaymentConfiguration::builder()
                        .payer("Requester".into())
                        .build()
                        .unwrap()
                )
        ),
        case!(
            "GetBucketAccelerateConfiguration/plain",
            "GetBucketAccelerateConfiguration",
            [("Bucket", t("b"))],
            |c| c.get_bucket_accelerate_configuration().bucket("b")
        ),
        case!(
            "PutBucketAccelerateConfiguration/on",
            "PutBucketAccelerateConfiguration",
            [
                ("Bucket", t("b")),
                ("AccelerateConfiguration", m(&[("Status", t("Enabled"))])),
            ],
            |c| c
                .put_bucket_accelerate_configuration()
                .bucket("b")
                .accelerate_configuration(
                    s3::AccelerateConfiguration::builder()
                        .status("Enabled".into())
                        .build()
                )
        ),
        case!(
            "GetBucketReplication/plain",
            "GetBucketReplication",
            [("Bucket", t("b"))],
            |c| c.get_bucket_replication().bucket("b")
        ),
        case!(
            "DeleteBucketReplication/plain",
            "DeleteBucketReplication",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_replication().bucket("b")
        ),
    ]
}

fn by_id() -> Vec<Case> {
    vec![
        case!(
            "GetBucketMetricsConfiguration/id",
            "GetBucketMetricsConfiguration",
            [("Bucket", t("b")), ("Id", t("m 1"))],
            |c| c.get_bucket_metrics_configuration().bucket("b").id("m 1")
        ),
        case!(
            "PutBucketMetricsConfiguration/prefix",
            "PutBucketMetricsConfiguration",
            [
                ("Bucket", t("b")),
                ("Id", t("m1")),
                (
                    "MetricsConfiguration",
                    m(&[("Id", t("m1")), ("Filter", m(&[("Prefix", t("p"))]))])
                ),
            ],
            |c| c
                .put_bucket_metrics_configuration()
                .bucket("b")
                .id("m1")
                .metrics_configuration(
                    s3::MetricsConfiguration::builder()
                        .id("m1")
                        .filter(s3::MetricsFilter::Prefix("p".into()))
                        .build()
                        .unwrap()
                )
        ),
        case!(
            "DeleteBucketMetricsConfiguration/id",
            "DeleteBucketMetricsConfiguration",
            [("Bucket", t("b")), ("Id", t("m1"))],
            |c| c.delete_bucket_metrics_configuration().bucket("b").id("m1")
        ),
        case!(
            "ListBucketMetricsConfigurations/token",
            "ListBucketMetricsConfigurations",
            [("Bucket", t("b")), ("ContinuationToken", t("c"))],
            |c| c
                .list_bucket_metrics_configurations()
                .bucket("b")
                .continuation_token("c")
        ),
        case!(
            "GetBucketAnalyticsConfiguration/id",
            "GetBucketAnalyticsConfiguration",
            [("Bucket", t("b")), ("Id", t("a"))],
            |c| c.get_bucket_analytics_configuration().bucket("b").id("a")
        ),
        case!(
            "DeleteBucketAnalyticsConfiguration/id",
            "DeleteBucketAnalyticsConfiguration",
            [("Bucket", t("b")), ("Id", t("a"))],
            |c| c
                .delete_bucket_analytics_configuration()
                .bucket("b")
                .id("a")
        ),
        case!(
            "ListBucketAnalyticsConfigurations/plain",
            "ListBucketAnalyticsConfigurations",
            [("Bucket", t("b"))],
            |c| c.list_bucket_analytics_configurations().bucket("b")
        ),
        case!(
            "GetBucketInventoryConfiguration/id",
            "GetBucketInventoryConfiguration",
            [("Bucket", t("b")), ("Id", t("i"))],
            |c| c.get_bucket_inventory_configuration().bucket("b").id("i")
        ),
        case!(
            "DeleteBucketInventoryConfiguration/id",
            "DeleteBucketInventoryConfiguration",
            [("Bucket", t("b")), ("Id", t("i"))],
            |c| c
                .delete_bucket_inventory_configuration()
                .bucket("b")
                .id("i")
        ),
        case!(
            "ListBucketInventoryConfigurations/plain",
            "ListBucketInventoryConfigurations",
            [("Bucket", t("b"))],
            |c| c.list_bucket_inventory_configurations().bucket("b")
        ),
        case!(
            "GetBucketIntelligentTieringConfiguration/id",
            "GetBucketIntelligentTieringConfiguration",
            [("Bucket", t("b")), ("Id", t("x"))],
            |c| c
                .get_bucket_intelligent_tiering_configuration()
                .bucket("b")
                .id("x")
        ),
        case!(
            "DeleteBucketIntelligentTieringConfiguration/id",
            "DeleteBucketIntelligentTieringConfiguration",
            [("Bucket", t("b")), ("Id", t("x"))],
            |c| c
                .delete_bucket_intelligent_tiering_configuration()
                .bucket("b")
                .id("x")
        ),
        case!(
            "ListBucketIntelligentTieringConfigurations/plain",
            "ListBucketIntelligentTieringConfigurations",
            [("Bucket", t("b"))],
            |c| c
                .list_bucket_intelligent_tiering_configurations()
                .bucket("b")
        ),
    ]
}
