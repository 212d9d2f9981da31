use std::time::UNIX_EPOCH;

use bytes::Bytes;

use super::*;

fn endpoint() -> Endpoint {
    Endpoint::parse("http://127.0.0.1:9000").unwrap()
}

#[test]
fn the_policy_is_signed_with_the_signing_key_and_fields_come_in_order() {
    let mut form = PostObject::new("b", "k.txt", Bytes::from_static(b"hello"));
    form.fields
        .push(("Content-Type".into(), "text/plain".into()));
    let signed = post_object(&form, &endpoint(), &Signer::aws_example()).unwrap();
    let policy = signed.signing.policy.clone().unwrap();
    assert_eq!(
        policy,
        "{\"expiration\":\"2013-05-24T01:00:00Z\",\"conditions\":[{\"bucket\":\"b\"},{\"key\":\"k.txt\"},\
         {\"Content-Type\":\"text/plain\"},{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"},\
         {\"x-amz-credential\":\"AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request\"},\
         {\"x-amz-date\":\"20130524T000000Z\"}]}"
    );
    let policy_b64 = BASE64.encode(policy.as_bytes());
    let key = v4::generate_signing_key(
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        UNIX_EPOCH + Duration::from_secs(1_369_353_600),
        "us-east-1",
        "s3",
    );
    let expected = v4::calculate_signature(key, policy_b64.as_bytes());
    assert_eq!(signed.signing.signature.as_deref(), Some(expected.as_str()));

    let body = String::from_utf8_lossy(&signed.request.body).into_owned();
    let order: Vec<usize> = [
        "name=\"key\"",
        "name=\"Content-Type\"",
        "name=\"policy\"",
        "name=\"x-amz-algorithm\"",
        "name=\"x-amz-signature\"",
        "name=\"file\"",
    ]
    .iter()
    .map(|n| body.find(n).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{body}");
    assert!(body.contains(&format!("name=\"x-amz-signature\"\r\n\r\n{expected}\r\n")));
    assert!(body.contains("Content-Type: application/octet-stream\r\n\r\nhello\r\n--s3spec-form-"));
    assert_eq!(signed.request.method, "POST");
    assert_eq!(signed.request.path, "/b");
    let content_type = signed.request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));
}

#[test]
fn fields_can_be_left_out_or_overridden() {
    let mut form = PostObject::new("b", "k", Bytes::new());
    form.omit.push("x-amz-signature".into());
    form.overrides.push(("key".into(), "other".into()));
    let signed = post_object(&form, &endpoint(), &Signer::aws_example()).unwrap();
    let body = String::from_utf8_lossy(&signed.request.body).into_owned();
    assert!(!body.contains("x-amz-signature"));
    assert!(body.contains("name=\"key\"\r\n\r\nother\r\n"));
    assert_eq!(signed.signing.tampered.len(), 2);
}

#[test]
fn conditions_serialize_as_json() {
    let policy = Policy {
        expiration: UNIX_EPOCH,
        conditions: vec![
            Condition::StartsWith {
                field: "key".into(),
                prefix: "user/\"q\"".into(),
            },
            Condition::ContentLengthRange { min: 1, max: 10 },
            Condition::Json("[\"eq\"]".into()),
        ],
        match_form: false,
        match_signing_fields: false,
    };
    assert_eq!(
        policy.to_json(&[]),
        "{\"expiration\":\"1970-01-01T00:00:00Z\",\"conditions\":[[\"starts-with\",\"$key\",\"user/\\\"q\\\"\"],[\"content-length-range\",1,10],[\"eq\"]]}"
    );
}
