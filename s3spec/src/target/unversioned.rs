//! The embedded server's store: s3s-fs, plus the two read operations that every S3 server
//! answers for a bucket that has never had versioning turned on, which s3s-fs lacks, and a
//! ListBuckets that does not fail on a bucket deleted while it is listed.
//!
//! - `GetBucketVersioning` answers an empty configuration (no `Status`): versioning was never
//!   enabled, because s3s-fs cannot enable it (`PutBucketVersioning` stays `NotImplemented`).
//! - `ListObjectVersions` lists each object as its one version, `null`, the latest, as S3 does
//!   for objects written while a bucket was unversioned. Clients that clean a bucket by listing
//!   versions (ceph/s3-tests' fixtures, many SDK helpers) can then use the embedded server.
//! - `ListBuckets` is read again when s3s-fs fails it because a bucket was deleted while it was
//!   being listed (it reads each bucket's folder after listing them), as a listing taken a moment
//!   later would not hold that bucket.
//!
//! Every other operation is s3s-fs's own.

use s3s::dto::{
    GetBucketVersioningInput, GetBucketVersioningOutput, HeadBucketInput, ListBucketsInput,
    ListBucketsOutput, ListObjectVersionsInput, ListObjectVersionsOutput, ListObjectsV2Input,
    ObjectVersion,
};
use s3s::{S3, S3ErrorCode, S3Request, S3Response, S3Result, s3_error};
use s3s_fs::FileSystem;

/// How many times ListBuckets reads the folder of buckets before giving s3s-fs's error.
const LIST_BUCKETS_TRIES: u32 = 3;

/// The version id S3 gives objects written while a bucket is unversioned.
const NULL_VERSION: &str = "null";

/// s3s-fs with unversioned answers to `GetBucketVersioning` and `ListObjectVersions`, and a
/// `ListBuckets` that reads again when a bucket vanished while it was listed.
#[derive(Debug)]
pub(crate) struct Unversioned {
    fs: FileSystem,
}

impl Unversioned {
    pub(crate) fn new(fs: FileSystem) -> Self {
        Self { fs }
    }
}

/// Forwards the listed operations to s3s-fs and keeps the rest of the impl as written.
macro_rules! s3_with_fs {
    (forward { $($op:ident($input:ident) -> $output:ident;)* } $($own:tt)*) => {
        #[async_trait::async_trait]
        impl S3 for Unversioned {
            $(
                async fn $op(
                    &self,
                    req: S3Request<s3s::dto::$input>,
                ) -> S3Result<S3Response<s3s::dto::$output>> {
                    self.fs.$op(req).await
                }
            )*
            $($own)*
        }
    };
}

s3_with_fs! {
    forward {
        abort_multipart_upload(AbortMultipartUploadInput) -> AbortMultipartUploadOutput;
        complete_multipart_upload(CompleteMultipartUploadInput) -> CompleteMultipartUploadOutput;
        copy_object(CopyObjectInput) -> CopyObjectOutput;
        create_bucket(CreateBucketInput) -> CreateBucketOutput;
        create_multipart_upload(CreateMultipartUploadInput) -> CreateMultipartUploadOutput;
        delete_bucket(DeleteBucketInput) -> DeleteBucketOutput;
        delete_object(DeleteObjectInput) -> DeleteObjectOutput;
        delete_objects(DeleteObjectsInput) -> DeleteObjectsOutput;
        get_bucket_location(GetBucketLocationInput) -> GetBucketLocationOutput;
        get_object(GetObjectInput) -> GetObjectOutput;
        head_bucket(HeadBucketInput) -> HeadBucketOutput;
        head_object(HeadObjectInput) -> HeadObjectOutput;
        list_objects(ListObjectsInput) -> ListObjectsOutput;
        list_objects_v2(ListObjectsV2Input) -> ListObjectsV2Output;
        list_parts(ListPartsInput) -> ListPartsOutput;
        put_object(PutObjectInput) -> PutObjectOutput;
        upload_part(UploadPartInput) -> UploadPartOutput;
        upload_part_copy(UploadPartCopyInput) -> UploadPartCopyOutput;
    }

    async fn list_buckets(
        &self,
        req: S3Request<ListBucketsInput>,
    ) -> S3Result<S3Response<ListBucketsOutput>> {
        // s3s-fs reads each bucket directory's metadata after listing the folder, so a bucket
        // deleted in between fails the whole listing with 500; a listing taken again no longer
        // holds it. Up to three tries, so that concurrent cases do not see a spurious error.
        let mut tries = 1;
        loop {
            match self.fs.list_buckets(req.clone()).await {
                Err(e) if *e.code() == S3ErrorCode::InternalError && tries < LIST_BUCKETS_TRIES => {
                    tries += 1;
                }
                answer => return answer,
            }
        }
    }

    async fn get_bucket_versioning(
        &self,
        req: S3Request<GetBucketVersioningInput>,
    ) -> S3Result<S3Response<GetBucketVersioningOutput>> {
        let bucket = req.input.bucket.clone();
        let head = HeadBucketInput::builder()
            .bucket(bucket)
            .build()
            .map_err(|e| s3_error!(InternalError, "{e}"))?;
        let found = self.fs.head_bucket(req.map_input(|_| head)).await?;
        Ok(found.map_output(|_| GetBucketVersioningOutput::default()))
    }

    async fn list_object_versions(
        &self,
        req: S3Request<ListObjectVersionsInput>,
    ) -> S3Result<S3Response<ListObjectVersionsOutput>> {
        let input = req.input.clone();
        // With one version per key, "after this key's version V" is "after this key".
        let listing = ListObjectsV2Input::builder()
            .bucket(input.bucket.clone())
            .delimiter(input.delimiter.clone())
            .encoding_type(input.encoding_type.clone())
            .max_keys(input.max_keys)
            .prefix(input.prefix.clone())
            .start_after(input.key_marker.clone())
            .build()
            .map_err(|e| s3_error!(InternalError, "{e}"))?;
        let listed = self.fs.list_objects_v2(req.map_input(|_| listing)).await?;
        Ok(listed.map_output(|page| {
            let truncated = page.is_truncated.unwrap_or(false);
            let versions: Vec<ObjectVersion> = page
                .contents
                .unwrap_or_default()
                .into_iter()
                .map(|object| ObjectVersion {
                    e_tag: object.e_tag,
                    is_latest: Some(true),
                    key: object.key,
                    last_modified: object.last_modified,
                    owner: object.owner,
                    size: object.size,
                    storage_class: object
                        .storage_class
                        .map(|class| class.as_str().to_owned().into()),
                    version_id: Some(NULL_VERSION.to_owned()),
                    ..ObjectVersion::default()
                })
                .collect();
            ListObjectVersionsOutput {
                common_prefixes: page.common_prefixes,
                delimiter: page.delimiter,
                encoding_type: page.encoding_type,
                is_truncated: Some(truncated),
                key_marker: Some(input.key_marker.unwrap_or_default()),
                max_keys: page.max_keys,
                name: page.name,
                next_key_marker: page.next_continuation_token.filter(|_| truncated),
                next_version_id_marker: truncated.then(|| NULL_VERSION.to_owned()),
                prefix: Some(input.prefix.unwrap_or_default()),
                version_id_marker: Some(input.version_id_marker.unwrap_or_default()),
                versions: (!versions.is_empty()).then_some(versions),
                ..ListObjectVersionsOutput::default()
            }
        }))
    }
}
