s3spec_macros::suites!("tests/ui/unknown_keys.yaml");

fn main() {}
