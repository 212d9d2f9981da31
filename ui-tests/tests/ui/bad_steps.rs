s3spec_macros::suites!("tests/ui/bad_steps.yaml");

fn main() {}
