s3spec_macros::suites!("tests/ui/unknown_operation.yaml");

fn main() {}
