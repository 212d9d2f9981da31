//! Every input member of every operation of the model is accepted in `with:`: a suite that
//! gives each member a value of its shape loads without a diagnostic.

use s3spec_api::{OPERATIONS, Shape, ShapeKind};

/// A YAML value (flow style) of `shape`; structures get every member down to `depth`.
fn sample(shape: &'static Shape, depth: usize) -> String {
    match shape.kind {
        ShapeKind::String => "\"text\"".to_owned(),
        ShapeKind::Enum(values) => format!("\"{}\"", values.first().copied().unwrap_or("")),
        ShapeKind::Integer | ShapeKind::Long => "1".to_owned(),
        ShapeKind::Boolean => "true".to_owned(),
        ShapeKind::Timestamp(_) => "\"2024-01-02T03:04:05Z\"".to_owned(),
        ShapeKind::Blob { .. } => "\"bytes\"".to_owned(),
        ShapeKind::List { member } => format!("[{}]", sample(member.shape, depth)),
        ShapeKind::Map { value, .. } => format!("{{ name: {} }}", sample(value, depth)),
        ShapeKind::Union(members) => match members.first() {
            Some(m) => format!("{{ {}: {} }}", m.name, sample(m.shape, depth + 1)),
            None => "{}".to_owned(),
        },
        ShapeKind::Structure(members) => {
            // Deep shapes (filters nest `And` in `And`) get their required members only.
            let chosen: Vec<_> = members
                .iter()
                .filter(|m| depth < 4 || m.required)
                .map(|m| format!("{}: {}", m.name, sample(m.shape, depth + 1)))
                .collect();
            format!("{{ {} }}", chosen.join(", "))
        }
    }
}

#[test]
fn every_input_member_of_every_operation_is_accepted() {
    let mut members = 0;
    let mut failures = Vec::new();
    for op in OPERATIONS {
        let with: Vec<String> = op
            .input
            .iter()
            .map(|m| format!("{}: {}", m.name, sample(m.shape, 0)))
            .collect();
        members += op.input.len();
        let yaml = format!(
            "cases:\n  - name: all members\n    steps:\n      - op: {}\n        with: {{ {} }}\n",
            op.name,
            with.join(", ")
        );
        if let Err(diags) = crate::load_str("every.yaml", &yaml, "every") {
            failures.push(format!("{}: {}", op.name, diags[0].message));
        }
    }
    assert!(
        failures.is_empty(),
        "{} operations refused members:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(OPERATIONS.len() >= 90, "{} operations", OPERATIONS.len());
    assert!(members >= 600, "{members} input members");
}

#[test]
fn a_misspelt_member_or_enum_value_is_refused() {
    let yaml = "cases:\n  - name: c\n    steps:\n      - op: PutObject\n        with: { Bucket: b, Key: k, ACL: privat }\n";
    let diags = crate::load_str("t.yaml", yaml, "t").expect_err("an invalid ACL");
    assert!(
        diags[0]
            .message
            .contains("`privat` is not a value of `ACL`"),
        "{}",
        diags[0].message
    );
    let yaml = "cases:\n  - name: c\n    steps:\n      - op: PutObject\n        with: { Bucket: b, Key: k, ContentTyp: x }\n";
    let diags = crate::load_str("t.yaml", yaml, "t").expect_err("a misspelt member");
    assert!(
        diags[0].message.contains("unknown parameter `ContentTyp`"),
        "{}",
        diags[0].message
    );
}

#[test]
fn a_case_names_its_sources() {
    let yaml = "cases:\n  - name: c\n    source: { aws: \"https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html\", s3-tests: [test_object_write_expires] }\n    steps:\n      - op: ListBuckets\n";
    let suite = crate::load_str("t.yaml", yaml, "t").expect("valid");
    let source = &suite.cases[0].source;
    assert!(
        source
            .aws
            .as_deref()
            .is_some_and(|u| u.ends_with("API_PutObject.html"))
    );
    assert_eq!(source.s3_tests, ["test_object_write_expires"]);
    let yaml = "cases:\n  - name: c\n    source: { aws: \"http://example.com\", s3-tests: object_write }\n    steps:\n      - op: ListBuckets\n";
    let diags = crate::load_str("t.yaml", yaml, "t").expect_err("not sources");
    assert_eq!(diags.len(), 2, "{diags:?}");
}
