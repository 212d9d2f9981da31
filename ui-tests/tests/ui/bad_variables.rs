s3spec_macros::suites!("tests/ui/bad_variables.yaml");

fn main() {}
