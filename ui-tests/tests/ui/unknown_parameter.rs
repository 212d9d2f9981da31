s3spec_macros::suites!("tests/ui/unknown_parameter.yaml");

fn main() {}
