s3spec_macros::suites!("tests/ui/missing_body_file.yaml");

fn main() {}
