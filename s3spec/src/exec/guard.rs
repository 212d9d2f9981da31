//! Steps may only change buckets of their own run: those named with the run's prefix, or that
//! the case itself created (and that did not exist before), or that do not exist. Anything else
//! (`DeleteBucket` on `precious`) is refused before it is sent, unless the run allows it (`S3SPEC_ALLOW_FOREIGN_BUCKETS=1`), so pointing s3spec at
//! a real account cannot touch other buckets.

use s3spec_suite::{Action, Identity, Step};

use super::resolve::{self, Ctx};
use crate::run::RunPrefix;

/// The variable that lets steps change buckets the run did not create.
pub const ALLOW_VARIABLE: &str = "S3SPEC_ALLOW_FOREIGN_BUCKETS";

/// The bucket a step would change although the run does not own it, if any.
pub fn foreign_bucket(
    step: &Step,
    ctx: &Ctx<'_>,
    run: &RunPrefix,
    created: &[(String, Identity)],
) -> Option<String> {
    let bucket = changed_bucket(step, ctx)?;
    let ours = bucket.is_empty() || run.owns(&bucket) || created.iter().any(|(b, _)| *b == bucket);
    (!ours && !allowed()).then_some(bucket)
}

fn allowed() -> bool {
    std::env::var(ALLOW_VARIABLE).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The bucket a step writes to or deletes from (not `CreateBucket`, which changes nothing that
/// exists). `None` for reads.
fn changed_bucket(step: &Step, ctx: &Ctx<'_>) -> Option<String> {
    let changes = |method: &str| matches!(method, "PUT" | "POST" | "DELETE" | "PATCH");
    match &step.action {
        Action::Operation { operation, .. } => {
            if !changes(operation.method) || operation.name == "CreateBucket" {
                return None;
            }
            let param = step.params().iter().find(|p| p.name == "Bucket")?;
            resolve::text(&param.value, ctx).ok()
        }
        Action::Raw(raw) => {
            let (method, path) = match &raw.verbatim {
                Some(v) => {
                    let text = resolve::text(v, ctx).ok()?;
                    let line = text.lines().next()?.to_owned();
                    let mut parts = line.split_whitespace();
                    (parts.next()?.to_owned(), parts.next()?.to_owned())
                }
                None => (
                    raw.method.value.clone(),
                    resolve::text(&raw.path, ctx).ok()?,
                ),
            };
            if !changes(&method.to_ascii_uppercase()) {
                return None;
            }
            let path = path.split('?').next().unwrap_or_default();
            Some(path.trim_start_matches('/').split('/').next()?.to_owned())
        }
        Action::Post(form) => resolve::text(&form.bucket, ctx).ok(),
    }
}
