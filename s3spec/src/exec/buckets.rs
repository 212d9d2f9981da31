//! The buckets of a case: the one the harness creates, the ones steps create (and who created
//! them), and their removal at the end, also when the case failed.

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use s3spec_suite::{Case, Identity, Suite};

use super::{Failure, Problem, Running};
use crate::cleanup;

impl Running<'_> {
    /// Creates the case's bucket; false (with the failure recorded) when that fails.
    pub(super) async fn create_bucket(&mut self, bucket: &str) -> bool {
        self.outcome.requests += 1;
        let mut req = self.cx.client.create_bucket().bucket(bucket);
        if self.cx.target.region != "us-east-1" {
            let constraint = BucketLocationConstraint::from(self.cx.target.region.as_str());
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(constraint)
                    .build(),
            );
        }
        let e = match req.send().await {
            Ok(_) => return true,
            Err(e) => e,
        };
        let detail = match (e.code(), e.message()) {
            (Some(c), m) => format!("{c}: {}", m.unwrap_or_default()),
            _ => aws_sdk_s3::error::DisplayErrorContext(&e).to_string(),
        };
        let problem = if e.raw_response().is_none() && !matches!(e, SdkError::ServiceError(_)) {
            Problem::Transport {
                request: format!("CreateBucket (the case's bucket {bucket})"),
                message: detail,
            }
        } else {
            Problem::Harness(format!(
                "failed to create the case's bucket {bucket}: {detail}"
            ))
        };
        let transport = matches!(problem, Problem::Transport { .. });
        self.fail(None, problem);
        if transport {
            self.recheck().await;
        }
        false
    }

    /// Records that a step created `bucket` as `identity`, so it is removed with the same
    /// credentials.
    pub(super) fn created(&mut self, bucket: String, identity: Identity) {
        if !self.created.iter().any(|(b, _)| *b == bucket) {
            self.created.push((bucket, identity));
        }
    }

    /// Removes the case's buckets, each with the credentials of the user who created it: where
    /// ownership is enforced no one else may, and a bucket left behind would fail the case.
    /// Objects other users put into a bucket are removed by its owner.
    pub(super) async fn clean_up(&mut self, suite: &Suite, case: &Case) {
        let health = crate::target::health::of(self.cx.target);
        if let Some(gone) = health.gone() {
            let message = format!(
                "{gone}; the case's buckets were not removed: {}",
                self.outcome.buckets.join(", ")
            );
            self.fail(None, Problem::TargetGone(message));
            return;
        }
        let (main, run) = (self.cx.client, self.cx.run);
        let alt = self.cx.alt_client;
        let by_alt: Vec<String> = self
            .created
            .iter()
            .filter(|(_, who)| *who == Identity::Alt)
            .map(|(b, _)| b.clone())
            .collect();
        let mut errors = Vec::new();
        if let Some(alt) = alt {
            for name in &by_alt {
                errors.extend(cleanup::remove_bucket(alt, run, name).await.err());
            }
        }
        for name in &self.outcome.buckets {
            if !by_alt.contains(name) {
                errors.extend(cleanup::remove_bucket(main, run, name).await.err());
            }
        }
        // A case that creates buckets may name them after its own (`${new_bucket}-2`): those
        // share the case's stem and are found by listing, as each user sees only their own.
        let creates_buckets = suite
            .steps_of(case)
            .any(|s| s.operation.name == "CreateBucket");
        if creates_buckets && let Some(stem) = self.outcome.buckets[0].strip_suffix("-a") {
            let stem = stem.to_owned();
            if let Some(alt) = alt.filter(|_| !by_alt.is_empty()) {
                errors.extend(cleanup::remove_buckets_named(alt, run, &stem).await.err());
            }
            errors.extend(cleanup::remove_buckets_named(main, run, &stem).await.err());
        }
        for e in errors {
            self.fail(None, Problem::Harness(e));
        }
    }

    /// After a transport failure: whether the target still answers; when it does not, the case
    /// stops here (no teardown, no cleanup: they would not be answered either).
    pub(super) async fn recheck(&mut self) {
        let health = crate::target::health::of(self.cx.target);
        if health
            .recheck(self.cx.client, self.cx.target)
            .await
            .is_some()
        {
            self.stopped = true;
        }
    }

    pub(super) fn fail(&mut self, step: Option<super::StepId>, problem: Problem) {
        self.outcome.failures.push(Failure {
            step,
            problem,
            exchange: None,
        });
    }
}
