//! Keys the SDK cannot delete. XML readers that trim text (the SDK's among them) read a key of
//! only whitespace (`" "`) as empty, and the harness's SDK cleanup then cannot name it; the
//! bucket would be left behind. Such keys are listed and deleted through the wire layer, whose
//! reader keeps text as sent.

use s3spec_suite::Identity;

use super::{Vars, direct};
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
    let step = direct::step(op, who, &direct::literal_members(params))?;
    direct::send(target, &step, &Vars::new()).await
}
