s3spec_macros::suites!("tests/ui/no_such_folder");

fn main() {}
