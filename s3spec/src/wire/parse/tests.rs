use super::*;

fn op(name: &str) -> &'static Operation {
    match s3spec_api::operation(name) {
        Some(op) => op,
        None => panic!("{name} is not in the API tables"),
    }
}

fn parse(name: &str, status: u16, headers: &[(&str, &str)], body: &str) -> Output {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    match fields(op(name), status, &headers, body.as_bytes()) {
        Ok(output) => output,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The value at a path such as `Contents.0.Key`.
fn at<'a>(data: &'a Data, path: &str) -> Option<&'a Data> {
    path.split('.').try_fold(data, |d, segment| match d {
        Data::List(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => d.get(segment),
    })
}

fn text<'a>(output: &'a Output, path: &str) -> Option<&'a str> {
    at(&output.fields, path).and_then(Data::as_text)
}

fn len(output: &Output, path: &str) -> Option<usize> {
    match at(&output.fields, path) {
        Some(Data::List(items)) => Some(items.len()),
        _ => None,
    }
}

#[test]
fn keys_come_back_exactly() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n  <Name>b</Name>\n  <Contents><Key>a &amp; b</Key><Size>5</Size></Contents>\n  <Contents><Key>trail </Key></Contents>\n  <Contents><Key>&#xA;</Key></Contents>\n  <Contents><Key>\n</Key></Contents>\n  <KeyCount>4</KeyCount>\n</ListBucketResult>";
    let out = parse("ListObjectsV2", 200, &[], body);
    assert_eq!(text(&out, "Contents.0.Key"), Some("a & b"));
    assert_eq!(text(&out, "Contents.1.Key"), Some("trail "));
    assert_eq!(text(&out, "Contents.2.Key"), Some("\n"));
    assert_eq!(text(&out, "Contents.3.Key"), Some("\n"));
    assert_eq!(text(&out, "KeyCount"), Some("4"));
    assert!(!out.error_document);
}

#[test]
fn a_list_with_one_item_is_a_list() {
    let out = parse(
        "ListParts",
        200,
        &[],
        "<ListPartsResult><Part><PartNumber>1</PartNumber><ETag>\"e\"</ETag></Part></ListPartsResult>",
    );
    assert_eq!(len(&out, "Parts"), Some(1));
    assert_eq!(text(&out, "Parts.0.ETag"), Some("\"e\""));
    let out = parse(
        "ListBuckets",
        200,
        &[],
        "<ListAllMyBucketsResult><Buckets><Bucket><Name>x</Name></Bucket></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>",
    );
    assert_eq!(text(&out, "Buckets.0.Name"), Some("x"));
    assert_eq!(text(&out, "Owner.ID"), Some("o"));
    let out = parse(
        "ListBuckets",
        200,
        &[],
        "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>",
    );
    assert_eq!(len(&out, "Buckets"), Some(0));
}

#[test]
fn flattened_lists_take_their_member_names() {
    let out = parse(
        "ListObjectVersions",
        200,
        &[],
        "<ListVersionsResult><Version><Key>a</Key></Version><DeleteMarker><Key>b</Key></DeleteMarker><Version><Key>c</Key></Version><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListVersionsResult>",
    );
    assert_eq!(len(&out, "Versions"), Some(2));
    assert_eq!(text(&out, "Versions.1.Key"), Some("c"));
    assert_eq!(text(&out, "DeleteMarkers.0.Key"), Some("b"));
    assert_eq!(text(&out, "CommonPrefixes.0.Prefix"), Some("p/"));
    let out = parse(
        "DeleteObjects",
        200,
        &[],
        "<DeleteResult><Deleted><Key>k</Key></Deleted><Error><Key>x</Key><Code>AccessDenied</Code></Error></DeleteResult>",
    );
    assert_eq!(text(&out, "Deleted.0.Key"), Some("k"));
    assert_eq!(text(&out, "Errors.0.Code"), Some("AccessDenied"));
    assert!(
        !out.error_document,
        "an <Error> inside DeleteResult is a member"
    );
}

#[test]
fn attributes_and_wrapped_grants() {
    let out = parse(
        "GetBucketAcl",
        200,
        &[],
        r#"<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>"#,
    );
    assert_eq!(text(&out, "Grants.0.Grantee.Type"), Some("CanonicalUser"));
    assert_eq!(text(&out, "Grants.0.Permission"), Some("FULL_CONTROL"));
}

#[test]
fn payload_members_keep_their_names() {
    let out = parse(
        "CopyObject",
        200,
        &[("X-Amz-Version-Id", "v1")],
        "<CopyObjectResult><ETag>\"e\"</ETag><LastModified>2024-01-01T00:00:00.000Z</LastModified></CopyObjectResult>",
    );
    assert_eq!(text(&out, "CopyObjectResult.ETag"), Some("\"e\""));
    assert_eq!(text(&out, "VersionId"), Some("v1"));
    let out = parse(
        "GetBucketLocation",
        200,
        &[],
        "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>",
    );
    assert_eq!(text(&out, "LocationConstraint"), Some("eu-west-1"));
    let out = parse("GetBucketLocation", 200, &[], "<LocationConstraint/>");
    assert_eq!(text(&out, "LocationConstraint"), Some(""));
    let out = parse("GetBucketPolicy", 200, &[], "{\"Version\": \"2012-10-17\"}");
    assert_eq!(text(&out, "Policy"), Some("{\"Version\": \"2012-10-17\"}"));
}

#[test]
fn header_members_and_metadata() {
    let out = parse(
        "HeadObject",
        200,
        &[
            ("etag", "\"abc\""),
            ("Content-Length", "5"),
            ("x-amz-meta-color", "blue"),
            ("X-Amz-Meta-Size", "L"),
            ("x-amz-request-id", "r"),
        ],
        "",
    );
    assert_eq!(text(&out, "ETag"), Some("\"abc\""));
    assert_eq!(text(&out, "ContentLength"), Some("5"));
    assert_eq!(text(&out, "Metadata.color"), Some("blue"));
    assert_eq!(text(&out, "Metadata.Size"), Some("L"));
    assert_eq!(at(&out.fields, "x-amz-request-id"), None);
}

#[test]
fn error_documents_are_flagged_also_in_a_200() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><Key/></Error>";
    let out = parse("CompleteMultipartUpload", 200, &[], body);
    assert!(out.error_document);
    assert_eq!(out.error_code(), Some("InternalError"));
    assert_eq!(text(&out, "Key"), Some(""));
    let out = parse(
        "GetObject",
        404,
        &[("x-amz-delete-marker", "true")],
        "<Error><Code>NoSuchKey</Code></Error>",
    );
    assert_eq!(out.error_code(), Some("NoSuchKey"));
    assert_eq!(text(&out, "DeleteMarker"), Some("true"));
}

#[test]
fn object_data_is_not_parsed() {
    let out = parse("GetObject", 200, &[("etag", "\"e\"")], "<not xml");
    assert_eq!(out.fields.keys(), ["ETag"]);
    assert!(!out.error_document);
}

#[test]
fn malformed_bodies_are_errors() {
    let body = b"<ListBucketResult><Contents><Key>k</Key>";
    let err = fields(op("ListObjectsV2"), 200, &[], body).err();
    assert_eq!(err.map(|e| e.offset), Some(body.len() as u64));
    assert!(fields(op("ListObjectsV2"), 200, &[], b"<html><body>oops</html>").is_err());
    assert!(fields(op("ListObjectsV2"), 500, &[], b"Internal Server Error").is_err());
}

#[test]
fn unknown_elements_are_kept() {
    let out = parse(
        "ListObjectsV2",
        200,
        &[],
        "<ListBucketResult><Vendor>x</Vendor><Vendor>y</Vendor><Contents><Key>k</Key><Extra><A>1</A></Extra></Contents></ListBucketResult>",
    );
    assert_eq!(len(&out, "Vendor"), Some(2));
    assert_eq!(text(&out, "Contents.0.Extra.A"), Some("1"));
}

#[test]
fn same_fields_as_the_previous_reader_where_it_was_right() {
    let cases = [
        (
            "ListObjectsV2",
            "<ListBucketResult><Name>b</Name><Contents><Key>k</Key><Size>1</Size></Contents><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes><IsTruncated>false</IsTruncated></ListBucketResult>",
        ),
        (
            "ListBuckets",
            "<ListAllMyBucketsResult><Buckets><Bucket><Name>x</Name></Bucket><Bucket><Name>y</Name></Bucket></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>",
        ),
        (
            "DeleteObjects",
            "<DeleteResult><Deleted><Key>k</Key></Deleted><Error><Key>x</Key><Code>c</Code></Error></DeleteResult>",
        ),
        (
            "CompleteMultipartUpload",
            "<CompleteMultipartUploadResult><Key>k</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>",
        ),
        (
            "CopyObject",
            "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>",
        ),
        (
            "GetBucketLocation",
            "<LocationConstraint>eu-west-1</LocationConstraint>",
        ),
    ];
    for (name, body) in cases {
        let old = crate::response::test_response(200, &[], body).fields();
        assert_eq!(parse(name, 200, &[], body).fields, old, "{name}");
    }
}
