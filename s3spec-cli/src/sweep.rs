//! `s3spec sweep`: removes the buckets of earlier runs that were killed before they cleaned
//! up. Only buckets named with an s3spec run prefix (`s3spec-<8 hex>-`) and older than
//! `--older-than` are touched; `--dry-run` lists them first.

use std::time::Duration;

use crate::Failure;
use crate::args::SweepArgs;
use crate::config::Config;

pub fn sweep(a: &SweepArgs, config: &Config) -> Result<(), Failure> {
    let secs = s3spec::suite::send::parse_duration(&a.older_than)
        .ok()
        .filter(|s| *s >= 0)
        .ok_or_else(|| {
            Failure::Config(format!(
                "s3spec: --older-than wants a duration such as 30m, 2h or 600, got {:?}",
                a.older_than
            ))
        })?;
    let older_than = Duration::from_secs(secs.unsigned_abs());
    let vars = crate::run::target_vars(a.target.as_deref(), a.endpoint.as_deref(), None, config)?;
    let target = s3spec::target::choose(&vars).map_err(Failure::Config)?;
    let runtime = s3spec::shared_runtime().map_err(Failure::Config)?;
    let run = s3spec::run::RunPrefix::current();
    // Buckets alt created are listed (and removable) only with alt's credentials.
    let mut users = vec![("main", s3spec::client::for_target(target))];
    if let Some(alt) = &target.alt {
        users.push(("alt", s3spec::client::with_credentials(target, alt)));
    }
    let (mut found, mut removed, mut errors) = (0, 0, Vec::new());
    for (who, client) in &users {
        let buckets = runtime
            .block_on(s3spec::cleanup::leftover_buckets(client, run, older_than))
            .map_err(|e| Failure::Target(format!("{} at {}: {e}", target.name, target.endpoint)))?;
        for bucket in buckets {
            found += 1;
            if a.dry_run {
                println!("would remove {bucket} ({who})");
                continue;
            }
            match runtime.block_on(s3spec::cleanup::remove_leftover(client, &bucket)) {
                Ok(()) => {
                    removed += 1;
                    println!("removed {bucket} ({who})");
                }
                Err(e) => errors.push(e),
            }
        }
    }
    for e in &errors {
        eprintln!("s3spec: {e}");
    }
    eprintln!(
        "s3spec: {found} bucket{} of earlier runs on {} older than {}{}",
        if found == 1 { "" } else { "s" },
        target.name,
        a.older_than,
        if a.dry_run {
            " (dry run: nothing removed)".to_owned()
        } else {
            format!(", {removed} removed")
        }
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Cases)
    }
}
