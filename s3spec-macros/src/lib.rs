//! The `suites!` macro of s3spec: expands YAML suite files into `#[tokio::test]` functions.
//!
//! Use it through the `s3spec` crate (`s3spec::suites!("suites")`), where it is documented.
//! Suites are loaded and checked with the same code the runtime uses (`s3spec-suite`), so a suite
//! that compiles is the suite that runs.

mod expand;
mod input;
mod load;

use proc_macro::TokenStream;

/// Expands every suite under a path into test modules. See `s3spec::suites!`.
#[proc_macro]
pub fn suites(input: TokenStream) -> TokenStream {
    let call_file = proc_macro::Span::call_site().local_file();
    let input = match syn::parse::<input::Input>(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error().into(),
    };
    let loaded = load::load(&input, call_file.as_deref());
    expand::expand(&input, &loaded).into()
}
