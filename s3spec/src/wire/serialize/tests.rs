use super::*;

fn op(name: &str) -> &'static Operation {
    match s3spec_api::operation(name) {
        Some(op) => op,
        None => panic!("{name} is not in the API tables"),
    }
}

fn input(members: &[(&str, Input)]) -> Vec<(String, Input)> {
    members
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn t(s: &str) -> Input {
    Input::text(s)
}

fn request(name: &str, members: &[(&str, Input)]) -> Request {
    match build(op(name), &input(members), &Addressing::Path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn body(r: &Request) -> &str {
    std::str::from_utf8(&r.body).unwrap_or("<not utf-8>")
}

fn q(k: &str, v: Option<&str>) -> (String, Option<String>) {
    (k.to_owned(), v.map(str::to_owned))
}

#[test]
fn empty_labels_and_query_values_are_sent() {
    let r = request("PutObject", &[("Bucket", t("b")), ("Key", t(""))]);
    assert_eq!(r.path, "/b/");
    assert_eq!(r.query, [q("x-id", Some("PutObject"))]);
    let r = request(
        "UploadPart",
        &[
            ("Bucket", t("")),
            ("Key", t("k")),
            ("UploadId", t("")),
            ("PartNumber", Input::Int(1)),
        ],
    );
    assert_eq!(r.path, "//k");
    assert!(r.query.contains(&q("uploadId", Some(""))));
    assert!(r.query.contains(&q("partNumber", Some("1"))));
}

#[test]
fn keys_are_encoded_as_the_sdk_does() {
    let r = request(
        "GetObject",
        &[("Bucket", t("b")), ("Key", t("dir/a b+c~é%.txt"))],
    );
    assert_eq!(r.path, "/b/dir/a%20b%2Bc~%C3%A9%25.txt");
    assert_eq!(r.method, "GET");
}

#[test]
fn virtual_hosted_buckets_move_into_the_host() {
    let vhost = Addressing::VirtualHosted {
        endpoint_host: "s3.test:9000".to_owned(),
    };
    let members = input(&[("Bucket", t("bkt")), ("Key", t("k/x"))]);
    let r = build(op("GetObject"), &members, &vhost);
    assert_eq!(
        r.as_ref().map(|r| (r.host.as_deref(), r.path.as_str())),
        Ok((Some("bkt.s3.test:9000"), "/k/x"))
    );
    let r = build(op("CreateBucket"), &input(&[("Bucket", t("bkt"))]), &vhost);
    assert_eq!(r.map(|r| r.path), Ok("/".to_owned()));
    // A name that cannot be a DNS label stays in the path, as the SDKs send it.
    let members = input(&[("Bucket", t("Upper_b")), ("Key", t("k"))]);
    let r = build(op("GetObject"), &members, &vhost);
    assert_eq!(
        r.as_ref().map(|r| (r.host.as_deref(), r.path.as_str())),
        Ok((None, "/Upper_b/k"))
    );
    let members = input(&[("RequestRoute", t("route-1")), ("RequestToken", t("x"))]);
    let r = build(op("WriteGetObjectResponse"), &members, &vhost);
    assert_eq!(
        r.map(|r| (r.host, r.path)),
        Ok((
            Some("route-1.s3.test:9000".to_owned()),
            "/WriteGetObjectResponse".to_owned()
        ))
    );
    let r = build(op("ListBuckets"), &[], &vhost);
    assert_eq!(r.map(|r| (r.host, r.path)), Ok((None, "/".to_owned())));
}

#[test]
fn literal_queries_are_always_sent() {
    let r = request(
        "CreateMultipartUpload",
        &[("Bucket", t("b")), ("Key", t("k"))],
    );
    assert_eq!(r.query, [q("uploads", None)]);
    let r = request(
        "ListObjectsV2",
        &[
            ("Bucket", t("b")),
            ("FetchOwner", Input::Bool(true)),
            ("Prefix", t("a b")),
        ],
    );
    let mut query = r.query.clone();
    query.sort();
    assert_eq!(
        query,
        [
            q("fetch-owner", Some("true")),
            q("list-type", Some("2")),
            q("prefix", Some("a b"))
        ]
    );
}

#[test]
fn flattened_and_wrapped_lists() {
    let part = |n: i64, etag: &str| Input::map([("ETag", t(etag)), ("PartNumber", Input::Int(n))]);
    let r = request(
        "CompleteMultipartUpload",
        &[
            ("Bucket", t("b")),
            ("Key", t("k")),
            ("UploadId", t("u")),
            (
                "MultipartUpload",
                Input::map([(
                    "Parts",
                    Input::List(vec![part(1, "\"a\""), part(2, "\"b\"")]),
                )]),
            ),
        ],
    );
    assert_eq!(
        body(&r),
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part><ETag>&quot;a&quot;</ETag><PartNumber>1</PartNumber></Part><Part><ETag>&quot;b&quot;</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>"
    );
    let tag = Input::map([("Key", t("a&b")), ("Value", t("x\ny"))]);
    let r = request(
        "PutBucketTagging",
        &[
            ("Bucket", t("b")),
            ("Tagging", Input::map([("TagSet", Input::List(vec![tag]))])),
        ],
    );
    assert_eq!(
        body(&r),
        "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>a&amp;b</Key><Value>x&#xA;y</Value></Tag></TagSet></Tagging>"
    );
    assert_eq!(r.header("content-type"), Some("application/xml"));
}

#[test]
fn grantee_type_is_an_attribute_with_its_namespace() {
    let grant = Input::map([
        (
            "Grantee",
            Input::map([("Type", t("Group")), ("URI", t("http://acs/AllUsers"))]),
        ),
        ("Permission", t("READ")),
    ]);
    let policy = Input::map([
        ("Grants", Input::List(vec![grant])),
        ("Owner", Input::map([("ID", t("o"))])),
    ]);
    let r = request(
        "PutBucketAcl",
        &[("Bucket", t("b")), ("AccessControlPolicy", policy)],
    );
    assert_eq!(
        body(&r),
        "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>http://acs/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList><Owner><ID>o</ID></Owner></AccessControlPolicy>"
    );
}

#[test]
fn timestamps_by_binding() {
    let r = request(
        "PutObject",
        &[
            ("Bucket", t("b")),
            ("Key", t("k")),
            ("Expires", t("2024-01-02T03:04:05Z")),
            ("ObjectLockRetainUntilDate", t("2030-01-01T00:00:00Z")),
        ],
    );
    assert_eq!(r.header("expires"), Some("Tue, 02 Jan 2024 03:04:05 GMT"));
    // The model gives this header member the date-time format.
    assert_eq!(
        r.header("x-amz-object-lock-retain-until-date"),
        Some("2030-01-01T00:00:00Z")
    );
    let r = request(
        "PutObjectRetention",
        &[
            ("Bucket", t("b")),
            ("Key", t("k")),
            (
                "Retention",
                Input::map([
                    ("Mode", t("GOVERNANCE")),
                    ("RetainUntilDate", t("Tue, 02 Jan 2024 03:04:05 GMT")),
                ]),
            ),
        ],
    );
    assert!(body(&r).contains("<RetainUntilDate>2024-01-02T03:04:05Z</RetainUntilDate>"));
}

#[test]
fn required_checksums_default_to_crc32() {
    let config = Input::map([("Status", t("Enabled"))]);
    let r = request(
        "PutBucketVersioning",
        &[
            ("Bucket", t("b")),
            ("VersioningConfiguration", config.clone()),
        ],
    );
    let expected = checksum::checksum("CRC32", &r.body).map(aws_smithy_types::base64::encode);
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), Some("CRC32"));
    assert_eq!(
        r.header("x-amz-checksum-crc32").map(str::to_owned),
        expected
    );
    let r = request(
        "PutBucketVersioning",
        &[
            ("Bucket", t("b")),
            ("VersioningConfiguration", config.clone()),
            ("ChecksumAlgorithm", t("SHA256")),
        ],
    );
    assert!(r.header("x-amz-checksum-sha256").is_some());
    assert_eq!(r.header("x-amz-checksum-crc32"), None);
    let r = request(
        "PutBucketVersioning",
        &[
            ("Bucket", t("b")),
            ("VersioningConfiguration", config),
            ("ContentMD5", t("given")),
        ],
    );
    assert_eq!(r.header("content-md5"), Some("given"));
    assert!(
        r.header("x-amz-checksum-crc32").is_some(),
        "as the SDK does"
    );
    let r = request("PutObject", &[("Bucket", t("b")), ("Key", t("k"))]);
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), None);
}

#[test]
fn headers_metadata_lists_and_enums() {
    let r = request(
        "PutObject",
        &[
            ("Bucket", t("b")),
            ("Key", t("k")),
            ("Body", Input::Bytes(Bytes::from_static(b"data").into())),
            ("ACL", t("not-a-canned-acl")),
            (
                "Metadata",
                Input::map([("Color", t("blue")), ("n", Input::Int(1))]),
            ),
            ("ContentLength", Input::Int(4)),
            ("BucketKeyEnabled", Input::Bool(false)),
        ],
    );
    assert_eq!(body(&r), "data");
    assert_eq!(r.header("x-amz-acl"), Some("not-a-canned-acl"));
    assert_eq!(r.header("x-amz-meta-Color"), Some("blue"));
    assert_eq!(r.header("x-amz-meta-n"), Some("1"));
    assert_eq!(r.header("content-length"), Some("4"));
    assert_eq!(
        r.header("x-amz-server-side-encryption-bucket-key-enabled"),
        Some("false")
    );
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    let r = request(
        "GetObjectAttributes",
        &[
            ("Bucket", t("b")),
            ("Key", t("k")),
            (
                "ObjectAttributes",
                Input::List(vec![t("ETag"), t("ObjectSize")]),
            ),
        ],
    );
    assert_eq!(r.header("x-amz-object-attributes"), Some("ETag,ObjectSize"));
    let r = request(
        "PutBucketPolicy",
        &[("Bucket", t("b")), ("Policy", t("{\"a\": 1}"))],
    );
    assert_eq!(body(&r), "{\"a\": 1}");
    assert_eq!(r.header("content-type"), Some("text/plain"));
}

#[test]
fn unknown_members_and_mismatches_are_errors() {
    let err = build(
        op("GetObject"),
        &input(&[("Buckt", t("b"))]),
        &Addressing::Path,
    )
    .err();
    assert_eq!(
        err.map(|e| e.to_string()),
        Some(
            "failed to build GetObject request: `Buckt` is not a member of `GetObject` (did you mean `Bucket`?)"
                .to_owned()
        )
    );
    let members = input(&[
        ("Bucket", t("b")),
        (
            "Delete",
            Input::map([("Objects", Input::List(vec![Input::map([("Kee", t("k"))])]))]),
        ),
    ]);
    let err = build(op("DeleteObjects"), &members, &Addressing::Path).err();
    assert_eq!(
        err.map(|e| e.member),
        Some("Delete.Objects[0].Kee".to_owned())
    );
    let members = input(&[("Bucket", t("b")), ("Key", Input::List(vec![]))]);
    let err = build(op("GetObject"), &members, &Addressing::Path).err();
    assert!(matches!(
        err.map(|e| e.kind),
        Some(BuildErrorKind::Mismatch { .. })
    ));
    let err = build(
        op("GetObject"),
        &input(&[("Bucket", t("b"))]),
        &Addressing::Path,
    )
    .err();
    assert_eq!(err.map(|e| e.kind), Some(BuildErrorKind::MissingLabel));
}
