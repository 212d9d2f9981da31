//! Keys the SDK cannot delete. XML readers that trim text (the SDK's among them) read a key of
//! only whitespace (`" "`) as empty, and the harness's SDK cleanup then cannot name it; the
//! bucket would be left behind. Such keys are listed and deleted through the wire layer, whose
//! reader keeps text as sent.

use std::path::Path;

use s3spec_suite::{Identity, Step};

use super::Vars;
use super::resolve::Ctx;
use super::send::{self, Sending};
use crate::data::Data;
use crate::target::Target;

/// Deletes every whitespace-only key (and its versions) in `bucket` as `who`; returns how many
/// objects or versions were deleted.
pub(super) async fn whitespace_keys(
    target: &Target,
    who: &Identity,
    bucket: &str,
) -> Result<usize, String> {
    let mut deleted = 0;
    for (op, lists) in [
        ("ListObjectVersions", &["Versions", "DeleteMarkers"][..]),
        ("ListObjectsV2", &["Contents"][..]),
    ] {
        let listing = run(target, who, op, &[("Bucket", bucket)]).await?;
        let fields = listing.fields();
        for list in lists {
            let Some(Data::List(items)) = fields.get(list) else {
                continue;
            };
            for item in items {
                let Some(key) = item.get("Key").and_then(Data::as_text) else {
                    continue;
                };
                if key.is_empty() || !key.trim().is_empty() {
                    continue;
                }
                let version = item.get("VersionId").and_then(Data::as_text);
                let mut params = vec![("Bucket", bucket), ("Key", key)];
                if let Some(v) = version.filter(|v| *v != "null") {
                    params.push(("VersionId", v));
                }
                run(target, who, "DeleteObject", &params).await?;
                deleted += 1;
            }
        }
    }
    Ok(deleted)
}

/// Sends one operation as `who` through the wire layer.
async fn run(
    target: &Target,
    who: &Identity,
    op: &str,
    params: &[(&str, &str)],
) -> Result<crate::response::Response, String> {
    let step = step(op, who, params)?;
    let vars = Vars::new();
    let sending = Sending {
        target,
        ctx: Ctx {
            vars: &vars,
            suite_dir: Path::new("."),
        },
        deadline: target.request_timeout,
    };
    send::step(&step, &sending)
        .await
        .map_err(|e| format!("failed to clean up {op}: {e:?}"))
}

/// The step, read with the suites' own loader: values are written as JSON strings, which YAML
/// reads as double-quoted text, so any key is written exactly.
fn step(op: &str, who: &Identity, params: &[(&str, &str)]) -> Result<Step, String> {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let with: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}: {}", quote(v)))
        .collect();
    let (identities, as_) = match who {
        Identity::Main => (String::new(), String::new()),
        Identity::Named(name) => (
            format!("identities: [{}]\n", quote(name)),
            format!("        as: {}\n", quote(name)),
        ),
        other => (String::new(), format!("        as: {}\n", other.name())),
    };
    let yaml = format!(
        "{identities}cases:\n  - name: cleanup\n    steps:\n      - op: {op}\n{as_}        with: {{ {} }}\n",
        with.join(", ")
    );
    let suite = s3spec_suite::load_str("cleanup.yaml", &yaml, "cleanup").map_err(|d| {
        format!(
            "cleanup step: {}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    suite
        .cases
        .into_iter()
        .next()
        .and_then(|c| c.steps.into_iter().next())
        .ok_or_else(|| "cleanup step: none".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleanup_steps_write_any_key_exactly() {
        let s = step(
            "DeleteObject",
            &Identity::Alt,
            &[("Bucket", "b"), ("Key", " \t\"x")],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.name(), "DeleteObject");
        assert_eq!(s.identity, Identity::Alt);
        let key = s
            .params()
            .iter()
            .find(|p| p.name == "Key")
            .map(|p| p.value.clone());
        let Some(s3spec_suite::Value::Text(t)) = key else {
            panic!("the key is not text: {key:?}");
        };
        assert_eq!(t.as_literal(), Some(" \t\"x"));
    }
}
