s3spec_macros::suites!("tests/ui/bad_concurrency.yaml");

fn main() {}
