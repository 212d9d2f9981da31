s3spec_macros::suites!("tests/ui/invalid_yaml.yaml");

fn main() {}
