s3spec_macros::suites!("tests/ui/bad_send.yaml");

fn main() {}
