s3spec_macros::suites!("tests/ui/bad_values.yaml");

fn main() {}
