//! Removes a case's bucket with everything in it. Uses only the basic listing and delete calls,
//! falling back when a server lacks versioning, so cleanup never depends on the features under
//! test.

use aws_sdk_s3::Client;
use aws_sdk_s3::error::ProvideErrorMetadata;
use s3spec_suite::{Action, Step};

use crate::run::RunPrefix;

/// At most this many listing pages per bucket: a server that never stops paginating must not
/// hang the run.
const MAX_PAGES: usize = 1000;

/// What a case's steps could have left in a bucket, judged from the operations they send: what
/// the cleanup has to look for. Only a guide to save requests: whenever the bucket cannot be
/// deleted after the shorter cleanup, the full one runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leftovers {
    /// Multipart uploads (`CreateMultipartUpload`).
    pub uploads: bool,
    /// Objects, versions or delete markers.
    pub objects: bool,
}

impl Leftovers {
    /// Anything: the full cleanup.
    pub const ANY: Leftovers = Leftovers {
        uploads: true,
        objects: true,
    };
    /// Nothing: the bucket is deleted at once.
    pub const NONE: Leftovers = Leftovers {
        uploads: false,
        objects: false,
    };

    /// What `steps` could have left.
    pub fn of_steps<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Leftovers {
        steps.into_iter().fold(Leftovers::NONE, |all, step| {
            let one = Leftovers::of_step(step);
            Leftovers {
                uploads: all.uploads || one.uploads,
                objects: all.objects || one.objects,
            }
        })
    }

    /// A request written out (`raw:`, `post:`) or changed by `send:` (a query parameter removed
    /// turns `PutObjectAcl` into `PutObject`) could have left anything.
    fn of_step(step: &Step) -> Leftovers {
        let Action::Operation { operation, .. } = &step.action else {
            return Leftovers::ANY;
        };
        if !step.send.before.is_empty() || !step.send.after.is_empty() {
            return Leftovers::ANY;
        }
        Leftovers {
            uploads: operation.name == "CreateMultipartUpload",
            objects: !leaves_no_objects(operation),
        }
    }
}

/// Operations that create no object, version or delete marker: reads, and changes to a bucket's
/// configuration, to an upload's parts or to an existing object's metadata. Any other operation
/// (including ones added to the API later) counts as one that may.
fn leaves_no_objects(op: &s3spec_api::Operation) -> bool {
    matches!(op.method, "GET" | "HEAD")
        || op.name.starts_with("PutBucket")
        || op.name.starts_with("DeleteBucket")
        || matches!(
            op.name,
            "CreateBucket"
                | "CreateMultipartUpload"
                | "UploadPart"
                | "UploadPartCopy"
                | "AbortMultipartUpload"
                | "PutPublicAccessBlock"
                | "DeletePublicAccessBlock"
                | "PutObjectLockConfiguration"
                | "PutObjectAcl"
                | "PutObjectTagging"
                | "DeleteObjectTagging"
                | "PutObjectRetention"
                | "PutObjectLegalHold"
        )
}

/// Deletes `bucket`, its objects, versions and multipart uploads. A bucket that does not exist
/// is not an error. Refuses buckets not named by `run`.
pub async fn remove_bucket(client: &Client, run: &RunPrefix, bucket: &str) -> Result<(), String> {
    remove_bucket_after(client, run, bucket, Leftovers::ANY).await
}

/// [`remove_bucket`] of a bucket in which only `left` can be: the listings of what cannot be
/// there are skipped.
pub async fn remove_bucket_after(
    client: &Client,
    run: &RunPrefix,
    bucket: &str,
    left: Leftovers,
) -> Result<(), String> {
    if !run.owns(bucket) {
        return Err(format!(
            "refusing to delete bucket {bucket}: it does not carry this run's prefix {run}"
        ));
    }
    empty_and_delete(client, bucket, left).await
}

/// Deletes a bucket a case created under a name without the run's prefix, having checked that
/// it did not exist before (so it is the run's all the same).
pub(crate) async fn remove_created(
    client: &Client,
    bucket: &str,
    left: Leftovers,
) -> Result<(), String> {
    empty_and_delete(client, bucket, left).await
}

async fn empty_and_delete(client: &Client, bucket: &str, left: Leftovers) -> Result<(), String> {
    if left == Leftovers::ANY {
        return empty_and_delete_all(client, bucket).await;
    }
    if left.objects {
        match delete_versions(client, bucket).await {
            Ok(()) => {}
            Err(Listing::NoBucket) => return Ok(()),
            Err(Listing::Failed) => delete_objects(client, bucket).await?,
        }
    }
    // Something the steps were not expected to leave keeps the bucket: the full cleanup.
    match delete_bucket(client, bucket).await {
        Ok(()) => Ok(()),
        Err(_) => empty_and_delete_all(client, bucket).await,
    }
}

async fn empty_and_delete_all(client: &Client, bucket: &str) -> Result<(), String> {
    match abort_uploads(client, bucket).await {
        Err(code) if code == "NoSuchBucket" => return Ok(()),
        _ => {}
    }
    match delete_versions(client, bucket).await {
        Ok(()) => {}
        Err(Listing::NoBucket) => return Ok(()),
        Err(Listing::Failed) => delete_objects(client, bucket).await?,
    }
    delete_bucket(client, bucket).await
}

async fn delete_bucket(client: &Client, bucket: &str) -> Result<(), String> {
    match client.delete_bucket().bucket(bucket).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("NoSuchBucket") => Ok(()),
        Err(e) => Err(format!(
            "failed to delete bucket {bucket}: {}",
            describe(&e)
        )),
    }
}

/// Why a listing for cleanup failed.
enum Listing {
    /// The bucket is gone: nothing to clean up.
    NoBucket,
    /// Listing or deleting a version failed: the cleanup deletes objects without versions.
    Failed,
}

/// Removes every bucket named by `run` (after an interrupted run); returns how many.
pub async fn sweep_run(client: &Client, run: &RunPrefix) -> Result<usize, String> {
    remove_buckets_named(client, run, &run.to_string()).await
}

/// Removes every bucket of `run` whose name starts with `stem`; returns how many.
pub async fn remove_buckets_named(
    client: &Client,
    run: &RunPrefix,
    stem: &str,
) -> Result<usize, String> {
    let listed = list_buckets(client).await?;
    let (mut removed, mut errors) = (0, Vec::new());
    let names = listed.buckets().iter().filter_map(|b| b.name());
    for name in names.filter(|n| n.starts_with(stem) && run.owns(n)) {
        match remove_bucket(client, run, name).await {
            Ok(()) => removed += 1,
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(removed)
    } else {
        Err(errors.join("; "))
    }
}

/// Buckets that earlier s3spec runs named and left behind (a run killed before it could clean
/// up): named with another run's prefix and created more than `older_than` ago, so a run going
/// on at the same time keeps its buckets.
pub async fn leftover_buckets(
    client: &Client,
    current: &RunPrefix,
    older_than: std::time::Duration,
) -> Result<Vec<String>, String> {
    let listed = list_buckets(client).await?;
    let now = std::time::SystemTime::now();
    Ok(listed
        .buckets()
        .iter()
        .filter(|b| {
            let created = b
                .creation_date()
                .and_then(|d| std::time::SystemTime::try_from(*d).ok());
            created.is_none_or(|c| now.duration_since(c).unwrap_or_default() >= older_than)
        })
        .filter_map(|b| b.name())
        .filter(|n| RunPrefix::of_bucket(n).is_some_and(|r| &r != current))
        .map(str::to_owned)
        .collect())
}

/// Removes a bucket an earlier run left, with everything in it.
pub async fn remove_leftover(client: &Client, bucket: &str) -> Result<(), String> {
    let run = RunPrefix::of_bucket(bucket)
        .ok_or_else(|| format!("refusing to delete bucket {bucket}: no s3spec run named it"))?;
    remove_bucket(client, &run, bucket).await
}

/// ListBuckets, tried again on a server error: a server can fail a listing while other test
/// processes delete buckets (s3s-fs does), and the harness's cleanup must not fail for that.
async fn list_buckets(
    client: &Client,
) -> Result<aws_sdk_s3::operation::list_buckets::ListBucketsOutput, String> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match client.list_buckets().send().await {
            Ok(out) => return Ok(out),
            Err(e)
                if attempt < 5
                    && e.raw_response()
                        .is_some_and(|r| r.status().is_server_error()) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(e) => return Err(format!("failed to list buckets: {}", describe(&e))),
        }
    }
}

fn describe<E: ProvideErrorMetadata + std::fmt::Debug>(e: &E) -> String {
    match (e.code(), e.message()) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_owned(),
        _ => format!("{e:?}"),
    }
}

/// Aborts every multipart upload; the error is the S3 error code.
async fn abort_uploads(client: &Client, bucket: &str) -> Result<(), String> {
    let (mut key_marker, mut id_marker) = (None, None);
    for _ in 0..MAX_PAGES {
        let page = client
            .list_multipart_uploads()
            .bucket(bucket)
            .set_key_marker(key_marker.take())
            .set_upload_id_marker(id_marker.take())
            .send()
            .await
            .map_err(|e| e.code().unwrap_or("unknown").to_owned())?;
        for upload in page.uploads() {
            if let (Some(key), Some(id)) = (upload.key(), upload.upload_id()) {
                let _ = client
                    .abort_multipart_upload()
                    .bucket(bucket)
                    .key(key)
                    .upload_id(id)
                    .send()
                    .await;
            }
        }
        if page.is_truncated() != Some(true) || page.next_key_marker().is_none() {
            return Ok(());
        }
        key_marker = page.next_key_marker().map(str::to_owned);
        id_marker = page.next_upload_id_marker().map(str::to_owned);
    }
    Ok(())
}

async fn delete_versions(client: &Client, bucket: &str) -> Result<(), Listing> {
    let (mut key_marker, mut id_marker) = (None, None);
    for _ in 0..MAX_PAGES {
        let page = client
            .list_object_versions()
            .bucket(bucket)
            .set_key_marker(key_marker.take())
            .set_version_id_marker(id_marker.take())
            .send()
            .await
            .map_err(|e| match e.code() {
                Some("NoSuchBucket") => Listing::NoBucket,
                _ => Listing::Failed,
            })?;
        let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
        let markers = page
            .delete_markers()
            .iter()
            .map(|m| (m.key(), m.version_id()));
        for (key, version) in versions.chain(markers) {
            let Some(key) = key.map(str::to_owned) else {
                continue;
            };
            client
                .delete_object()
                .bucket(bucket)
                .key(&key)
                .set_version_id(version.map(str::to_owned))
                .send()
                .await
                .map_err(|_| Listing::Failed)?;
        }
        if page.is_truncated() != Some(true) {
            return Ok(());
        }
        key_marker = page.next_key_marker().map(str::to_owned);
        id_marker = page.next_version_id_marker().map(str::to_owned);
    }
    Ok(())
}

async fn delete_objects(client: &Client, bucket: &str) -> Result<(), String> {
    for _ in 0..MAX_PAGES {
        // Deleting as we go: each listing starts again from the first remaining key.
        let page = match client.list_objects_v2().bucket(bucket).send().await {
            Ok(page) => page,
            Err(e) if e.code() == Some("NoSuchBucket") => return Ok(()),
            Err(e) => {
                return Err(format!(
                    "failed to list {bucket} for cleanup: {}",
                    describe(&e)
                ));
            }
        };
        if page.contents().is_empty() {
            return Ok(());
        }
        for object in page.contents() {
            let Some(key) = object.key().map(str::to_owned) else {
                continue;
            };
            client
                .delete_object()
                .bucket(bucket)
                .key(&key)
                .send()
                .await
                .map_err(|e| format!("failed to delete {key} in {bucket}: {}", describe(&e)))?;
        }
    }
    Err(format!(
        "gave up emptying {bucket} after {MAX_PAGES} listings"
    ))
}

#[cfg(test)]
mod tests {
    use super::Leftovers;

    fn of(steps: &str) -> Leftovers {
        let yaml = format!("cases:\n  - name: c\n    steps:\n{steps}");
        let suite = s3spec_suite::load_str("t.yaml", &yaml, "t")
            .unwrap_or_else(|d| panic!("{}", s3spec_suite::render_errors(&d)));
        Leftovers::of_steps(suite.steps_of(&suite.cases[0]))
    }

    #[test]
    fn reads_and_bucket_configuration_leave_nothing() {
        let steps = "      - op: PutBucketVersioning
        with: { Bucket: $bucket, VersioningConfiguration: { Status: Enabled } }
      - op: GetBucketVersioning
        with: { Bucket: $bucket }
      - op: HeadObject
        with: { Bucket: $bucket, Key: k }
";
        assert_eq!(of(steps), Leftovers::NONE);
    }

    #[test]
    fn writes_leave_objects_and_uploads_only_when_started() {
        let put = "      - op: PutObject\n        with: { Bucket: $bucket, Key: k, Body: x }\n";
        let delete = "      - op: DeleteObject\n        with: { Bucket: $bucket, Key: k }\n";
        let upload =
            "      - op: CreateMultipartUpload\n        with: { Bucket: $bucket, Key: k }\n";
        let objects = Leftovers {
            objects: true,
            uploads: false,
        };
        assert_eq!(of(put), objects);
        // A delete marker, on a versioned bucket.
        assert_eq!(of(delete), objects);
        assert_eq!(
            of(upload),
            Leftovers {
                objects: false,
                uploads: true
            }
        );
    }

    #[test]
    fn written_out_or_changed_requests_may_leave_anything() {
        let raw = "      - raw: { method: GET, path: /$bucket }\n";
        let changed = "      - op: GetObjectAcl
        with: { Bucket: $bucket, Key: k }
        send: { query: { acl: null } }
";
        assert_eq!(of(raw), Leftovers::ANY);
        assert_eq!(of(changed), Leftovers::ANY);
    }
}
