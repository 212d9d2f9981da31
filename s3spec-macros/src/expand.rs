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
    let suites = if loaded.known_failed {
        &[][..]
    } else {
        &loaded.suites[..]
    };
    for s in suites {
        let mut module = &mut tree;
        for m in &s.modules {
            module = module.child(m);
        }
        module.tests = suite_tests(s, loaded);
    }
    let body = tree.tokens();
    let known = loaded.known_files.iter().map(|f| {
        let f = f.to_string_lossy().into_owned();
        quote! { const _: &[u8] = include_bytes!(#f); }
    });
    quote! {
        #(#errors)*
        // Rebuilds the tests when a target's known differences change: they are checked here.
        #(#known)*
        #body
    }
}

fn suite_tests(s: &LoadedSuite, loaded: &Loaded) -> TokenStream {
    let file = s.file.to_string_lossy().into_owned();
    let display = &s.display;
    let module = s.modules.join("::");
    let root = loaded.root.to_string_lossy().into_owned();
    let snapshots = &loaded.snapshots;
    let bodies = body_files(s).into_iter().map(|f| {
        quote! { const _: &[u8] = include_bytes!(#f); }
    });
    let tests = s.suite.cases.iter().map(|case| {
        let name = format_ident!("{}", s3spec_suite::names::rust_name(&case.name));
        let case_name = &case.name;
        let doc = format!("{} · {}", s.suite.name, case.name);
        quote! {
            #[doc = #doc]
            #[::s3spec::__private::tokio::test(crate = "::s3spec::__private::tokio")]
            async fn #name() {
                ::s3spec::__private::run_case(#root, #display, #snapshots, #module, #case_name).await
            }
        }
    });
    quote! {
        // Rebuilds the tests when the suite file changes.
        const _: &[u8] = include_bytes!(#file);
        // And when a `file://` body changes or goes away (the loader checked that each exists).
        #(#bodies)*
        #(#tests)*
    }
}

/// The `file://` bodies of a suite, absolute.
fn body_files(s: &LoadedSuite) -> Vec<String> {
    let dir = s.file.parent().unwrap_or(std::path::Path::new(""));
    let suite = &s.suite;
    let steps = suite.all_steps();
    let mut files: Vec<String> = steps
        .flat_map(|step| step.located_values())
        .filter_map(|(_, v)| match v {
            s3spec_suite::Value::File(rel) => Some(dir.join(rel).to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    files.sort();
    files.dedup();
    files
}
