//! Bucket ownership for the embedded server, which has none of its own (s3s-fs keeps one store
//! for every user): with it, only the user who created a bucket may use it, as on servers that
//! enforce ownership. The harness's own tests use it to check that each bucket is cleaned up
//! with the credentials that created it.

use std::collections::HashMap;
use std::sync::Mutex;

use s3s::access::{S3Access, S3AccessContext};
use s3s::path::S3Path;
use s3s::{S3Result, s3_error};

/// Bucket name → access key of the user who created it.
#[derive(Debug, Default)]
pub(crate) struct Ownership {
    owners: Mutex<HashMap<String, String>>,
}

#[async_trait::async_trait]
impl S3Access for Ownership {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        let Some(user) = cx.credentials().map(|c| c.access_key.clone()) else {
            return Err(s3_error!(
                AccessDenied,
                "anonymous requests are not allowed"
            ));
        };
        let bucket = match cx.s3_path() {
            S3Path::Root => return Ok(()),
            S3Path::Bucket { bucket } | S3Path::Object { bucket, .. } => bucket.to_string(),
        };
        let creating = cx.s3_op().name() == "CreateBucket";
        let mut owners = self
            .owners
            .lock()
            .map_err(|_| s3_error!(InternalError, "the ownership table is poisoned"))?;
        match owners.get(&bucket) {
            Some(owner) if *owner != user => Err(s3_error!(
                AccessDenied,
                "the bucket belongs to another account"
            )),
            Some(_) => Ok(()),
            None => {
                if creating {
                    owners.insert(bucket, user);
                }
                Ok(())
            }
        }
    }
}
