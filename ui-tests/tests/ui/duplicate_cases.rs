s3spec_macros::suites!("tests/ui/duplicate_cases.yaml");

fn main() {}
