//! Bucket operations: lifecycle of the bucket itself, versioning, ACLs, policy, tagging,
//! ownership, public access.

use aws_sdk_s3::types::{
    AccessControlPolicy, CreateBucketConfiguration, Grant, Grantee, Owner, OwnershipControls,
    OwnershipControlsRule, PublicAccessBlockConfiguration, Tag, Tagging, VersioningConfiguration,
};

use super::values::{b, i, l, m, t};
use super::{Case, case};

pub(super) fn cases() -> Vec<Case> {
    let mut cases = buckets();
    cases.extend(access());
    cases
}

fn buckets() -> Vec<Case> {
    vec![
        case!(
            "CreateBucket/plain",
            "CreateBucket",
            [("Bucket", t("b"))],
            |c| c.create_bucket().bucket("b")
        ),
        case!(
            "CreateBucket/configured",
            "CreateBucket",
            [
                ("Bucket", t("b")),
                ("ACL", t("private")),
                ("ObjectLockEnabledForBucket", b(true)),
                ("ObjectOwnership", t("BucketOwnerEnforced")),
                ("GrantFullControl", t("id=abc")),
                (
                    "CreateBucketConfiguration",
                    m(&[("LocationConstraint", t("eu-west-1"))])
                ),
            ],
            |c| c
                .create_bucket()
                .bucket("b")
                .acl("private".into())
                .object_lock_enabled_for_bucket(true)
                .object_ownership("BucketOwnerEnforced".into())
                .grant_full_control("id=abc")
                .create_bucket_configuration(
                    CreateBucketConfiguration::builder()
                        .location_constraint("eu-west-1".into())
                        .build()
                )
        ),
        Case {
            virtual_hosted: true,
            ..case!(
                "CreateBucket/virtual-hosted",
                "CreateBucket",
                [("Bucket", t("bucket-1"))],
                |c| c.create_bucket().bucket("bucket-1")
            )
        },
        case!(
            "DeleteBucket/owner",
            "DeleteBucket",
            [("Bucket", t("b")), ("ExpectedBucketOwner", t("1"))],
            |c| c.delete_bucket().bucket("b").expected_bucket_owner("1")
        ),
        case!(
            "HeadBucket/plain",
            "HeadBucket",
            [("Bucket", t("b"))],
            |c| c.head_bucket().bucket("b")
        ),
        case!("ListBuckets/plain", "ListBuckets", [], |c| c.list_buckets()),
        case!(
            "ListBuckets/params",
            "ListBuckets",
            [
                ("MaxBuckets", i(3)),
                ("ContinuationToken", t("c t")),
                ("Prefix", t("p")),
                ("BucketRegion", t("us-east-1")),
            ],
            |c| c
                .list_buckets()
                .max_buckets(3)
                .continuation_token("c t")
                .prefix("p")
                .bucket_region("us-east-1")
        ),
        case!(
            "GetBucketLocation/plain",
            "GetBucketLocation",
            [("Bucket", t("b"))],
            |c| c.get_bucket_location().bucket("b")
        ),
        case!(
            "GetBucketVersioning/plain",
            "GetBucketVersioning",
            [("Bucket", t("b"))],
            |c| c.get_bucket_versioning().bucket("b")
        ),
        case!(
            "PutBucketVersioning/mfa",
            "PutBucketVersioning",
            [
                ("Bucket", t("b")),
                ("MFA", t("sn 123")),
                (
                    "VersioningConfiguration",
                    m(&[("MFADelete", t("Disabled")), ("Status", t("Enabled"))])
                ),
            ],
            |c| c
                .put_bucket_versioning()
                .bucket("b")
                .mfa("sn 123")
                .versioning_configuration(
                    VersioningConfiguration::builder()
                        .mfa_delete("Disabled".into())
                        .status("Enabled".into())
                        .build()
                )
        ),
        case!(
            "GetBucketPolicy/plain",
            "GetBucketPolicy",
            [("Bucket", t("b"))],
            |c| c.get_bucket_policy().bucket("b")
        ),
        case!(
            "PutBucketPolicy/json",
            "PutBucketPolicy",
            [
                ("Bucket", t("b")),
                ("Policy", t("{\"Version\":\"2012-10-17\",\"Statement\":[]}")),
                ("ConfirmRemoveSelfBucketAccess", b(true)),
            ],
            |c| c
                .put_bucket_policy()
                .bucket("b")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
                .confirm_remove_self_bucket_access(true)
        ),
        case!(
            "DeleteBucketPolicy/plain",
            "DeleteBucketPolicy",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_policy().bucket("b")
        ),
        case!(
            "GetBucketPolicyStatus/plain",
            "GetBucketPolicyStatus",
            [("Bucket", t("b"))],
            |c| c.get_bucket_policy_status().bucket("b")
        ),
        case!(
            "GetBucketTagging/plain",
            "GetBucketTagging",
            [("Bucket", t("b"))],
            |c| c.get_bucket_tagging().bucket("b")
        ),
        case!(
            "PutBucketTagging/two",
            "PutBucketTagging",
            [
                ("Bucket", t("b")),
                (
                    "Tagging",
                    m(&[(
                        "TagSet",
                        l(vec![
                            m(&[("Key", t("k1")), ("Value", t("v1"))]),
                            m(&[("Key", t("k2")), ("Value", t(""))])
                        ])
                    )])
                ),
            ],
            |c| c.put_bucket_tagging().bucket("b").tagging(
                Tagging::builder()
                    .tag_set(Tag::builder().key("k1").value("v1").build().unwrap())
                    .tag_set(Tag::builder().key("k2").value("").build().unwrap())
                    .build()
                    .unwrap()
            )
        ),
        case!(
            "DeleteBucketTagging/plain",
            "DeleteBucketTagging",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_tagging().bucket("b")
        ),
    ]
}

fn access() -> Vec<Case> {
    let policy = m(&[
        (
            "Grants",
            l(vec![
                m(&[
                    (
                        "Grantee",
                        m(&[("ID", t("abc")), ("Type", t("CanonicalUser"))]),
                    ),
                    ("Permission", t("FULL_CONTROL")),
                ]),
                m(&[
                    (
                        "Grantee",
                        m(&[
                            ("Type", t("Group")),
                            ("URI", t("http://acs.amazonaws.com/groups/global/AllUsers")),
                        ]),
                    ),
                    ("Permission", t("READ")),
                ]),
                m(&[
                    (
                        "Grantee",
                        m(&[
                            ("EmailAddress", t("a@b.c")),
                            ("Type", t("AmazonCustomerByEmail")),
                        ]),
                    ),
                    ("Permission", t("WRITE_ACP")),
                ]),
            ]),
        ),
        ("Owner", m(&[("DisplayName", t("me")), ("ID", t("abc"))])),
    ]);
    vec![
        case!(
            "GetBucketAcl/plain",
            "GetBucketAcl",
            [("Bucket", t("b"))],
            |c| c.get_bucket_acl().bucket("b")
        ),
        case!(
            "PutBucketAcl/canned",
            "PutBucketAcl",
            [("Bucket", t("b")), ("ACL", t("public-read"))],
            |c| c.put_bucket_acl().bucket("b").acl("public-read".into())
        ),
        case!(
            "PutBucketAcl/grant headers",
            "PutBucketAcl",
            [
                ("Bucket", t("b")),
                (
                    "GrantRead",
                    t("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"x\"")
                ),
                ("GrantWrite", t("id=w")),
                ("GrantReadACP", t("id=r")),
                ("GrantWriteACP", t("id=a")),
                ("GrantFullControl", t("id=f")),
            ],
            |c| c
                .put_bucket_acl()
                .bucket("b")
                .grant_read("uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"x\"")
                .grant_write("id=w")
                .grant_read_acp("id=r")
                .grant_write_acp("id=a")
                .grant_full_control("id=f")
        ),
        case!(
            "PutBucketAcl/policy",
            "PutBucketAcl",
            [("Bucket", t("b")), ("AccessControlPolicy", policy.clone())],
            |c| c
                .put_bucket_acl()
                .bucket("b")
                .access_control_policy(acl_policy())
        ),
        case!(
            "PutObjectAcl/policy",
            "PutObjectAcl",
            [
                ("Bucket", t("b")),
                ("Key", t("k")),
                ("VersionId", t("v")),
                ("AccessControlPolicy", policy)
            ],
            |c| c
                .put_object_acl()
                .bucket("b")
                .key("k")
                .version_id("v")
                .access_control_policy(acl_policy())
        ),
        case!(
            "GetBucketOwnershipControls/plain",
            "GetBucketOwnershipControls",
            [("Bucket", t("b"))],
            |c| c.get_bucket_ownership_controls().bucket("b")
        ),
        case!(
            "PutBucketOwnershipControls/enforced",
            "PutBucketOwnershipControls",
            [
                ("Bucket", t("b")),
                (
                    "OwnershipControls",
                    m(&[(
                        "Rules",
                        l(vec![m(&[("ObjectOwnership", t("BucketOwnerEnforced"))])])
                    )])
                ),
            ],
            |c| c
                .put_bucket_ownership_controls()
                .bucket("b")
                .ownership_controls(
                    OwnershipControls::builder()
                        .rules(
                            OwnershipControlsRule::builder()
                                .object_ownership("BucketOwnerEnforced".into())
                                .build()
                                .unwrap()
                        )
                        .build()
                        .unwrap()
                )
        ),
        case!(
            "DeleteBucketOwnershipControls/plain",
            "DeleteBucketOwnershipControls",
            [("Bucket", t("b"))],
            |c| c.delete_bucket_ownership_controls().bucket("b")
        ),
        case!(
            "GetPublicAccessBlock/plain",
            "GetPublicAccessBlock",
            [("Bucket", t("b"))],
            |c| c.get_public_access_block().bucket("b")
        ),
        case!(
            "PutPublicAccessBlock/all",
            "PutPublicAccessBlock",
            [
                ("Bucket", t("b")),
                (
                    "PublicAccessBlockConfiguration",
                    m(&[
                        ("BlockPublicAcls", b(true)),
                        ("IgnorePublicAcls", b(false)),
                        ("BlockPublicPolicy", b(true)),
                        ("RestrictPublicBuckets", b(false))
                    ])
                ),
            ],
            |c| c
                .put_public_access_block()
                .bucket("b")
                .public_access_block_configuration(
                    PublicAccessBlockConfiguration::builder()
                        .block_public_acls(true)
                        .ignore_public_acls(false)
                        .block_public_policy(true)
                        .restrict_public_buckets(false)
                        .build()
                )
        ),
        case!(
            "DeletePublicAccessBlock/plain",
            "DeletePublicAccessBlock",
            [("Bucket", t("b"))],
            |c| c.delete_public_access_block().bucket("b")
        ),
    ]
}

fn acl_policy() -> AccessControlPolicy {
    let grant = |grantee: Grantee, permission: &str| {
        Grant::builder()
            .grantee(grantee)
            .permission(permission.into())
            .build()
    };
    AccessControlPolicy::builder()
        .grants(grant(
            Grantee::builder()
                .id("abc")
                .r#type("CanonicalUser".into())
                .build()
                .unwrap(),
            "FULL_CONTROL",
        ))
        .grants(grant(
            Grantee::builder()
                .r#type("Group".into())
                .uri("http://acs.amazonaws.com/groups/global/AllUsers")
                .build()
                .unwrap(),
            "READ",
        ))
        .grants(grant(
            Grantee::builder()
                .email_address("a@b.c")
                .r#type("AmazonCustomerByEmail".into())
                .build()
                .unwrap(),
            "WRITE_ACP",
        ))
        .owner(Owner::builder().display_name("me").id("abc").build())
        .build()
}
