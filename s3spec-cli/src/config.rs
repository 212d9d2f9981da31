//! The configuration file: named targets and their credential sets, so a run or a matrix can
//! say `--target garage` instead of exporting variables. Each target becomes the same
//! `S3SPEC_*` variables `cargo test` reads, so both choose targets the same way.
//!
//! ```toml
//! [targets.garage]
//! endpoint = "http://127.0.0.1:3900"
//! access_key = "GK31c2f218a2e44f485b94239e"
//! secret_key_env = "GARAGE_SECRET"      # or secret_key = "..."
//! version = "garage 2.5"
//!
//! [targets.garage.identities.read-only]
//! access_key = "GK..."
//! secret_key_env = "GARAGE_READ_ONLY_SECRET"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file read when `--config` is not given.
pub const DEFAULT_FILE: &str = "s3spec.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub targets: BTreeMap<String, TargetConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    pub endpoint: String,
    pub access_key: String,
    pub secret_key: Option<String>,
    pub secret_key_env: Option<String>,
    pub alt_access_key: Option<String>,
    pub alt_secret_key: Option<String>,
    pub alt_secret_key_env: Option<String>,
    pub region: Option<String>,
    pub addressing: Option<String>,
    pub checksums: Option<String>,
    pub snapshots: Option<String>,
    pub request_timeout: Option<String>,
    /// The server's version, for reports and the matrix's header.
    pub version: Option<String>,
    #[serde(default)]
    pub identities: BTreeMap<String, IdentityConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityConfig {
    pub access_key: String,
    pub secret_key: Option<String>,
    pub secret_key_env: Option<String>,
}

impl Config {
    /// `path`, or `s3spec.toml` in the working folder if it exists, or nothing.
    pub fn load(path: Option<&Path>) -> Result<(Config, Option<PathBuf>), String> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
            None => return Ok((Config::default(), None)),
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("s3spec: failed to read {}: {e}", path.display()))?;
        let config = Config::parse(&path.display().to_string(), &text)?;
        Ok((config, Some(path)))
    }

    pub fn parse(name: &str, text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let line = text[..s.start].matches('\n').count() + 1;
                let col = s.start - text[..s.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("{name}:{line}:{col}")
            });
            format!(
                "error: {}\n  --> {}",
                e.message(),
                at.unwrap_or_else(|| name.to_owned())
            )
        })?;
        for (tname, t) in &config.targets {
            if tname == "embedded" {
                return Err(format!(
                    "error: {name}: `embedded` is the in-process server and cannot be configured"
                ));
            }
            secret(
                name,
                tname,
                "secret_key",
                &t.secret_key,
                &t.secret_key_env,
                false,
            )?;
            if t.alt_access_key.is_some() {
                secret(
                    name,
                    tname,
                    "alt_secret_key",
                    &t.alt_secret_key,
                    &t.alt_secret_key_env,
                    false,
                )?;
            }
            for (iname, i) in &t.identities {
                secret(
                    name,
                    &format!("{tname}.identities.{iname}"),
                    "secret_key",
                    &i.secret_key,
                    &i.secret_key_env,
                    false,
                )?;
            }
        }
        Ok(config)
    }

    /// The variables that select target `name`, over `vars`.
    pub fn vars_of(
        &self,
        name: &str,
        mut vars: BTreeMap<String, String>,
    ) -> Result<Option<BTreeMap<String, String>>, String> {
        let Some(t) = self.targets.get(name) else {
            return Ok(None);
        };
        let mut set = |k: &str, v: &str| {
            vars.insert(k.to_owned(), v.to_owned());
        };
        set("S3SPEC_TARGET", name);
        set("S3SPEC_ENDPOINT", &t.endpoint);
        set("S3SPEC_ACCESS_KEY", &t.access_key);
        set(
            "S3SPEC_SECRET_KEY",
            &secret(
                "the configuration",
                name,
                "secret_key",
                &t.secret_key,
                &t.secret_key_env,
                true,
            )?,
        );
        if let Some(alt) = &t.alt_access_key {
            set("S3SPEC_ALT_ACCESS_KEY", alt);
            set(
                "S3SPEC_ALT_SECRET_KEY",
                &secret(
                    "the configuration",
                    name,
                    "alt_secret_key",
                    &t.alt_secret_key,
                    &t.alt_secret_key_env,
                    true,
                )?,
            );
        }
        for (k, v) in [
            ("S3SPEC_REGION", &t.region),
            ("S3SPEC_ADDRESSING", &t.addressing),
            ("S3SPEC_CHECKSUMS", &t.checksums),
            ("S3SPEC_SNAPSHOTS", &t.snapshots),
            ("S3SPEC_REQUEST_TIMEOUT", &t.request_timeout),
            ("S3SPEC_TARGET_VERSION", &t.version),
        ] {
            if let Some(v) = v {
                set(k, v);
            }
        }
        for (iname, i) in &t.identities {
            let s = secret(
                "the configuration",
                name,
                "secret_key",
                &i.secret_key,
                &i.secret_key_env,
                true,
            )?;
            set(
                &s3spec::target::identity_variable(iname),
                &format!("{}:{s}", i.access_key),
            );
        }
        Ok(Some(vars))
    }
}

/// A secret given inline or by the name of a variable that holds it. With `resolve`, the
/// variable is read (and must be set).
fn secret(
    file: &str,
    target: &str,
    key: &str,
    inline: &Option<String>,
    env: &Option<String>,
    resolve: bool,
) -> Result<String, String> {
    match (inline, env) {
        (Some(s), None) => Ok(s.clone()),
        (None, Some(var)) if !resolve => Ok(var.clone()),
        (None, Some(var)) => std::env::var(var).map_err(|_| {
            format!("s3spec: target `{target}` takes its {key} from ${var}, which is not set")
        }),
        (Some(_), Some(_)) => Err(format!(
            "error: {file}: target `{target}` gives both `{key}` and `{key}_env`: keep one"
        )),
        (None, None) => Err(format!(
            "error: {file}: target `{target}` needs `{key}` or `{key}_env`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_becomes_the_variables_cargo_test_reads() {
        let c = Config::parse(
            "s3spec.toml",
            "[targets.moto]\nendpoint = \"http://127.0.0.1:5000\"\naccess_key = \"a\"\nsecret_key = \"s\"\nversion = \"moto 5.2.5\"\n[targets.moto.identities.read-only]\naccess_key = \"r\"\nsecret_key = \"rs\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let vars = c
            .vars_of("moto", BTreeMap::new())
            .ok()
            .flatten()
            .unwrap_or_default();
        assert_eq!(vars["S3SPEC_ENDPOINT"], "http://127.0.0.1:5000");
        assert_eq!(vars["S3SPEC_TARGET"], "moto");
        assert_eq!(vars["S3SPEC_SECRET_KEY"], "s");
        assert_eq!(vars["S3SPEC_TARGET_VERSION"], "moto 5.2.5");
        assert_eq!(vars["S3SPEC_IDENTITY_READ_ONLY"], "r:rs");
        assert!(c.vars_of("other", BTreeMap::new()).ok().flatten().is_none());
    }

    #[test]
    fn mistakes_name_the_place() {
        let e = Config::parse("s3spec.toml", "[targets.moto]\nendpont = \"x\"\n").unwrap_err();
        assert!(
            e.contains("unknown field `endpont`") && e.contains("s3spec.toml:2:1"),
            "{e}"
        );
        let e = Config::parse(
            "s3spec.toml",
            "[targets.m]\nendpoint = \"x\"\naccess_key = \"a\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            "error: s3spec.toml: target `m` needs `secret_key` or `secret_key_env`"
        );
    }
}
