//! Single requests the harness sends for its own work (removing keys the SDK cannot name, the
//! load mode): built from the suite format with the suites' own loader and checks, and sent
//! by the same wire layer as every step.

use std::path::Path;

use s3spec_suite::{Identity, Step};

use super::Vars;
use super::resolve::Ctx;
use super::send::{self, Sending};
use crate::response::Response;
use crate::target::Target;

/// The step `op` with the members `with` (a YAML flow mapping, `{ Bucket: $bucket }`), signed
/// as `who`.
pub(crate) fn step(op: &str, who: &Identity, with: &str) -> Result<Step, String> {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let (identities, as_) = match who {
        Identity::Main => (String::new(), String::new()),
        Identity::Named(name) => (
            format!("identities: [{}]\n", quote(name)),
            format!("        as: {}\n", quote(name)),
        ),
        other => (String::new(), format!("        as: {}\n", other.name())),
    };
    let yaml = format!(
        "{identities}cases:\n  - name: harness\n    steps:\n      - op: {op}\n{as_}        with: {with}\n"
    );
    let suite = s3spec_suite::load_str("harness.yaml", &yaml, "harness").map_err(|d| {
        let errors: Vec<String> = d.iter().map(ToString::to_string).collect();
        format!("harness step {op}: {}", errors.join("; "))
    })?;
    suite
        .cases
        .into_iter()
        .next()
        .and_then(|c| c.steps.into_iter().next())
        .and_then(|stage| match stage {
            s3spec_suite::Stage::Step(step) => Some(step),
            s3spec_suite::Stage::Parallel(_) => None,
        })
        .ok_or_else(|| format!("harness step {op}: none"))
}

/// `{ Bucket: "b", Key: " " }`: values as JSON strings, which YAML reads as double-quoted
/// text, so any value is written exactly.
pub(crate) fn literal_members(params: &[(&str, &str)]) -> String {
    let members: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}: {}", serde_json::to_string(v).unwrap_or_default()))
        .collect();
    format!("{{ {} }}", members.join(", "))
}

/// Sends `step` with `vars`; an answer is `Ok` whatever its status.
pub(crate) async fn send(target: &Target, step: &Step, vars: &Vars) -> Result<Response, String> {
    let sending = Sending {
        target,
        ctx: Ctx {
            vars,
            suite_dir: Path::new("."),
        },
        deadline: target.request_timeout,
    };
    send::step(step, &sending)
        .await
        .map_err(|e| format!("{} got no answer: {e:?}", step.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_write_any_value_exactly() {
        let with = literal_members(&[("Bucket", "b"), ("Key", " \t\"x")]);
        let s = step("DeleteObject", &Identity::Alt, &with).unwrap_or_else(|e| panic!("{e}"));
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
