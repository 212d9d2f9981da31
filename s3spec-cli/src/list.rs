//! `s3spec list`: what a run could cover.

use std::collections::BTreeSet;

use crate::Failure;
use crate::args::{ListArgs, ListWhat};
use crate::config::Config;
use crate::suites::Suites;

pub fn list(a: &ListArgs, config: &Config) -> Result<(), Failure> {
    match a.what {
        ListWhat::Operations => {
            for op in s3spec_api::OPERATIONS {
                println!("{:<40} {}", op.name, op.summary);
            }
            Ok(())
        }
        ListWhat::Targets => {
            targets(config);
            Ok(())
        }
        ListWhat::Suites => {
            let suites = Suites::load(&a.paths).map_err(Failure::Config)?;
            for (_, s) in suites.iter() {
                println!(
                    "{:<36} {:>3} cases  {}",
                    s.suite.name,
                    s.suite.cases.len(),
                    s.display
                );
            }
            Ok(())
        }
        ListWhat::Cases => {
            let suites = Suites::load(&a.paths).map_err(Failure::Config)?;
            for c in suites.cases() {
                println!("{}", c.test);
            }
            Ok(())
        }
        ListWhat::Identities => {
            let suites = Suites::load(&a.paths).map_err(Failure::Config)?;
            identities(&suites);
            Ok(())
        }
    }
}

/// The targets a run can use: the embedded server, and the endpoint the environment names.
fn targets(config: &Config) {
    println!("embedded    the in-process S3 server (s3s-fs), the default");
    for (name, t) in &config.targets {
        println!(
            "{name:<11} {}{} (configuration file)",
            t.endpoint,
            t.version
                .as_ref()
                .map(|v| format!(", {v}"))
                .unwrap_or_default()
        );
    }
    match std::env::var("S3SPEC_ENDPOINT") {
        Ok(e) if !e.is_empty() => println!(
            "{:<11} {e} (S3SPEC_ENDPOINT)",
            std::env::var("S3SPEC_TARGET").unwrap_or_else(|_| "endpoint".to_owned())
        ),
        _ => println!("endpoint    any S3 server: --endpoint URL or S3SPEC_ENDPOINT (not set)"),
    }
}

/// Identities the suites use, and whether the environment supplies each. Never prints a secret.
fn identities(suites: &Suites) {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let set = |k: &str| if var(k).is_some() { "set" } else { "not set" };
    println!(
        "main         S3SPEC_ACCESS_KEY ({})",
        set("S3SPEC_ACCESS_KEY")
    );
    println!(
        "alt          S3SPEC_ALT_ACCESS_KEY ({})",
        set("S3SPEC_ALT_ACCESS_KEY")
    );
    println!("anonymous    unsigned requests");
    println!("unknown-key  an access key no server knows");
    let named: BTreeSet<&str> = suites
        .iter()
        .flat_map(|(_, s)| s.suite.identities.iter().map(|i| i.value.as_str()))
        .collect();
    for name in named {
        let v = s3spec::target::identity_variable(name);
        println!("{name:<12} {v} ({})", set(&v));
    }
}
