//! The macro's argument: one string literal naming a suite file or folder.

use syn::LitStr;
use syn::parse::{Parse, ParseStream};

pub struct Input {
    pub path: LitStr,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the path of a suite file or folder, e.g. `s3spec::suites!(\"suites\")`",
            )
        })?;
        let _: Option<syn::Token![,]> = input.parse()?;
        if !input.is_empty() {
            return Err(input.error("expected only the path of a suite file or folder"));
        }
        Ok(Self { path })
    }
}
