//! The generated tables checked against facts of the S3 model and of what aws-sdk-s3 sends.

use crate::types::{Binding, Member, Operation, ShapeKind, TimestampFormat};
use crate::{OPERATIONS, XML_NAMESPACE, operation, shape};

fn op(name: &str) -> &'static Operation {
    operation(name).unwrap_or_else(|| panic!("no operation {name}"))
}

fn input(op_name: &str, member: &str) -> &'static Member {
    op(op_name)
        .member(member)
        .unwrap_or_else(|| panic!("no input member {op_name}.{member}"))
}

#[test]
fn every_operation_of_the_model_is_there() {
    assert!(OPERATIONS.len() >= 90, "{} operations", OPERATIONS.len());
    assert!(operation("ListObjectsV2").is_some());
    assert!(
        OPERATIONS.iter().all(|op| !op.summary.is_empty()),
        "a summary is empty"
    );
}

#[test]
fn put_object_bindings() {
    let put = op("PutObject");
    assert_eq!(
        (put.method, put.uri),
        ("PUT", "/{Bucket}/{Key+}?x-id=PutObject")
    );
    assert_eq!(
        input("PutObject", "Bucket").binding,
        Binding::Label { greedy: false }
    );
    assert!(input("PutObject", "Bucket").required);
    assert_eq!(
        input("PutObject", "Key").binding,
        Binding::Label { greedy: true }
    );
    assert_eq!(
        input("PutObject", "ContentType").binding,
        Binding::Header("content-type")
    );
    let metadata = input("PutObject", "Metadata");
    assert_eq!(metadata.binding, Binding::PrefixHeaders("x-amz-meta-"));
    assert!(matches!(metadata.shape.kind, ShapeKind::Map { .. }));
    let body = input("PutObject", "Body");
    assert_eq!(body.binding, Binding::Payload);
    assert_eq!(body.shape.kind, ShapeKind::Blob { streaming: true });
    assert_eq!(put.checksum_algorithm_member, Some("ChecksumAlgorithm"));
    assert!(!put.checksum_required);
    assert_eq!(
        input("PutObject", "ChecksumAlgorithm").binding,
        Binding::Header("x-amz-sdk-checksum-algorithm")
    );
}

#[test]
fn delete_objects_payload() {
    let delete_objects = op("DeleteObjects");
    assert!(delete_objects.checksum_required);
    assert_eq!(
        (delete_objects.method, delete_objects.uri),
        ("POST", "/{Bucket}?delete")
    );
    let delete = input("DeleteObjects", "Delete");
    assert_eq!(delete.binding, Binding::Payload);
    assert!(delete.required);
    assert_eq!(delete.shape.xml_name, Some("Delete"));
    assert_eq!(delete.shape.xml_namespace, Some(XML_NAMESPACE));
    let objects = delete.shape.member("Objects").unwrap();
    assert!(objects.xml_flattened && objects.required);
    assert_eq!(objects.xml_name(), "Object");
    let item = objects.shape.list_item().unwrap();
    assert_eq!(item.shape.name, "ObjectIdentifier");
    assert!(item.shape.member("Key").is_some_and(|k| k.required));
    assert_eq!(delete_objects.output_xml_name, Some("DeleteResult"));
}

#[test]
fn payload_structures_take_the_payload_member_element_and_namespace() {
    let config = input("CreateBucket", "CreateBucketConfiguration").shape;
    assert_eq!(config.xml_name, Some("CreateBucketConfiguration"));
    assert_eq!(
        config.xml_namespace,
        Some("http://s3.amazonaws.com/doc/2006-03-01/")
    );
    let complete = input("CompleteMultipartUpload", "MultipartUpload").shape;
    assert_eq!(
        (complete.name, complete.xml_name),
        ("CompletedMultipartUpload", Some("CompleteMultipartUpload"))
    );
    assert_eq!(
        op("SelectObjectContent").input_xml_name,
        Some("SelectObjectContentRequest")
    );
    assert_eq!(op("CopyObject").output_xml_name, Some("CopyObjectResult"));
    assert_eq!(op("GetObject").output_xml_name, None);
}

#[test]
fn list_objects_v2_output() {
    let list = op("ListObjectsV2");
    assert_eq!(list.uri, "/{Bucket}?list-type=2");
    assert_eq!(list.output_xml_name, Some("ListBucketResult"));
    let contents = list.output_member("Contents").unwrap();
    assert!(contents.xml_flattened);
    assert_eq!(contents.binding, Binding::Body);
    assert_eq!(
        contents.shape.list_item().map(|m| m.shape.name),
        Some("Object")
    );
    assert_eq!(
        input("ListObjectsV2", "MaxKeys").binding,
        Binding::Query("max-keys")
    );
    assert_eq!(
        list.output_member("RequestCharged").map(|m| m.binding),
        Some(Binding::Header("x-amz-request-charged"))
    );
}

#[test]
fn get_bucket_location_is_unwrapped() {
    let location = op("GetBucketLocation");
    assert!(location.output_unwrapped);
    assert_eq!(location.output_xml_name, Some("LocationConstraint"));
    assert!(!op("ListObjectsV2").output_unwrapped);
}

#[test]
fn list_buckets_wraps_bucket_elements() {
    let buckets = op("ListBuckets").output_member("Buckets").unwrap();
    assert!(!buckets.xml_flattened);
    let item = buckets.shape.list_item().unwrap();
    assert_eq!((item.xml_name(), item.shape.name), ("Bucket", "Bucket"));
    assert_eq!(
        op("ListBuckets").output_xml_name,
        Some("ListAllMyBucketsResult")
    );
}

#[test]
fn grantee_type_is_an_xsi_attribute() {
    let grant = shape("Grant").unwrap();
    let grantee = grant.member("Grantee").unwrap();
    assert_eq!(
        grantee.xml_namespace,
        Some(("http://www.w3.org/2001/XMLSchema-instance", Some("xsi")))
    );
    let kind = grantee.shape.member("Type").unwrap();
    assert!(kind.xml_attribute && kind.required);
    assert_eq!(kind.xml_name(), "xsi:type");
    assert_eq!(
        kind.shape.enum_values(),
        ["CanonicalUser", "AmazonCustomerByEmail", "Group"]
    );
}

#[test]
fn bucket_canned_acl_values() {
    let acl = input("CreateBucket", "ACL");
    assert_eq!(acl.binding, Binding::Header("x-amz-acl"));
    assert_eq!(acl.shape.name, "BucketCannedACL");
    let mut values = acl.shape.enum_values().to_vec();
    values.sort_unstable();
    assert_eq!(
        values,
        [
            "authenticated-read",
            "private",
            "public-read",
            "public-read-write"
        ]
    );
}

#[test]
fn timestamps_follow_their_binding() {
    let expires = input("PutObject", "Expires");
    assert_eq!(expires.shape.kind, ShapeKind::Timestamp(None));
    assert_eq!(
        expires.timestamp_format_in_use(),
        Some(TimestampFormat::HttpDate)
    );
    let object = op("ListObjectsV2")
        .output_member("Contents")
        .unwrap()
        .shape
        .list_item()
        .unwrap()
        .shape;
    let modified = object.member("LastModified").unwrap();
    assert_eq!(
        modified.timestamp_format_in_use(),
        Some(TimestampFormat::DateTime)
    );
    let retain = input("PutObject", "ObjectLockRetainUntilDate");
    assert_eq!(
        retain.shape.kind,
        ShapeKind::Timestamp(Some(TimestampFormat::DateTime))
    );
    assert_eq!(
        retain.timestamp_format_in_use(),
        Some(TimestampFormat::DateTime)
    );
    assert_eq!(input("PutObject", "Key").timestamp_format_in_use(), None);
}

#[test]
fn operation_flags() {
    let write = op("WriteGetObjectResponse");
    assert!(write.unsigned_payload);
    assert_eq!(write.host_prefix, Some("{RequestRoute}."));
    assert_eq!(
        input("WriteGetObjectResponse", "RequestRoute").binding,
        Binding::HostLabel
    );
    assert!(op("PutBucketOwnershipControls").checksum_required);
    assert_eq!(
        op("PutBucketOwnershipControls").checksum_algorithm_member,
        None
    );
    assert!(op("GetObject").errors.contains(&"NoSuchKey"));
    assert_eq!(
        op("GetObject").summary,
        "Retrieves an object from Amazon S3."
    );
}
