s3spec_macros::suites!("tests/ui/bad_fields.yaml");

fn main() {}
