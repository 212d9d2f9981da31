s3spec_macros::suites!("tests/ui/known_differences/suites");

fn main() {}
