//! Generates the test modules. Each test is one call into `s3spec::__private`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::input::Input;
use crate::load::{Loaded, LoadedSuite};

/// A module of the generated tree: suites and folders nest as modules.
#[derive(Default)]
struct Module {
    name: String,
    children: Vec<Module>,
    tests: TokenStream,
}

impl Module {
    fn child(&mut self, name: &str) -> &mut Module {
        if let Some(i) = self.children.iter().position(|c| c.name == name) {
            return &mut self.children[i];
        }
        self.children.push(Module {
            name: name.to_owned(),
            ..Module::default()
        });
        let last = self.children.len() - 1;
        &mut self.children[last]
    }

    fn tokens(&self) -> TokenStream {
        let children = self.children.iter().map(|c| {
            let name = format_ident!("{}", c.name);
            let body = c.tokens();
            quote! { pub mod #name { #body } }
        });
        let tests = &self.tests;
        quote! { #tests #(#children)* }
    }
}

pub fn expand(input: &Input, loaded: &Loaded) -> TokenStream {
    let span = input.path.span();
    let errors = loaded
        .errors
        .iter()
        .cloned()
        .chain(loaded.diagnostics.iter().map(ToString::to_string))
        .map(|message| quote::quote_spanned! {span=> ::core::compile_error!(#message); });
    let mut tree = Module::default();
    for s in &loaded.suites {
        let mut module = &mut tree;
        for m in &s.modules {
            module = module.child(m);
        }
        module.tests = suite_tests(s, &loaded.root);
    }
    let body = tree.tokens();
    quote! { #(#errors)* #body }
}

fn suite_tests(s: &LoadedSuite, root: &std::path::Path) -> TokenStream {
    let file = s.file.to_string_lossy().into_owned();
    let display = &s.display;
    let module = s.modules.join("::");
    let root = root.to_string_lossy().into_owned();
    let tests = s.suite.cases.iter().map(|case| {
        let name = format_ident!("{}", s3spec_suite::names::rust_name(&case.name));
        let case_name = &case.name;
        let doc = format!("{} · {}", s.suite.name, case.name);
        quote! {
            #[doc = #doc]
            #[::s3spec::__private::tokio::test(crate = "::s3spec::__private::tokio")]
            async fn #name() {
                ::s3spec::__private::run_case(#root, #display, #module, #case_name).await
            }
        }
    });
    quote! {
        // Rebuilds the tests when the suite file changes.
        const _: &[u8] = include_bytes!(#file);
        #(#tests)*
    }
}
