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

    /// Whether a bucket of this name exists already, for anyone (a 403 means another owner's).
    pub(super) async fn bucket_exists(&self, bucket: &str) -> bool {
        match self.cx.client.head_bucket().bucket(bucket).send().await {
            Ok(_) => true,
            // 403: another owner's; 301: in another region. A 404, or a 400 for a name no
            // bucket can have, means there is none.
            Err(e) => e
                .raw_response()
                .is_some_and(|r| matches!(r.status().as_u16(), 301 | 403)),
        }
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
        let left = cleanup::Leftovers::of_steps(suite.steps_of(case));
        // Every bucket a step created is removed with its creator's credentials (main's for
        // anonymous ones).
        let mut owners: Vec<(String, aws_sdk_s3::Client)> = Vec::new();
        for (bucket, who) in &self.created {
            let client = self.client_of(who).unwrap_or_else(|| main.clone());
            owners.push((bucket.clone(), client));
        }
        let mut errors = Vec::new();
        for (name, client) in &owners {
            let who = self
                .created
                .iter()
                .find(|(b, _)| b == name)
                .map(|(_, w)| w.clone());
            let removed = self
                .remove(client, name, who.unwrap_or_default(), left)
                .await;
            errors.extend(removed.err());
        }
        let [bucket, new_bucket] = self.outcome.buckets.clone();
        // `$new_bucket` exists only if a step could have created it.
        let maybe_created = creates_buckets(suite, case);
        for name in [bucket, new_bucket] {
            let candidate = name == self.outcome.buckets[0] || maybe_created;
            if candidate && !owners.iter().any(|(b, _)| *b == name) {
                errors.extend(self.remove(main, &name, Identity::Main, left).await.err());
            }
        }
        // A case that creates buckets may name them after its own (`${new_bucket}-2`): those
        // share the case's stem and are found by listing, as each user sees only their own,
        // unless every CreateBucket step was answered once, so that the ones that created a
        // bucket were all recorded and removed above.
        let uncertain = suite.steps_of(case).any(|s| s.name() == "CreateBucket")
            && !self.bucket_creations_accounted();
        if uncertain && let Some(stem) = self.outcome.buckets[0].strip_suffix("-a") {
            let stem = stem.to_owned();
            let mut done: Vec<&Identity> = Vec::new();
            for (_, who) in &self.created {
                if done.contains(&who) {
                    continue;
                }
                done.push(who);
                if let Some(client) = self.client_of(who) {
                    errors.extend(
                        cleanup::remove_buckets_named(&client, run, &stem)
                            .await
                            .err(),
                    );
                }
            }
            errors.extend(cleanup::remove_buckets_named(main, run, &stem).await.err());
        }
        for e in errors {
            self.fail(None, Problem::Harness(e));
        }
    }

    /// Whether every CreateBucket step that was sent got one answer that says whether it
    /// created the bucket: a success (recorded as created) or a client error (nothing created).
    /// A transport error, a server error, a redirect or a retried step may have created one
    /// unseen.
    fn bucket_creations_accounted(&self) -> bool {
        self.outcome
            .steps
            .iter()
            .filter(|s| s.step.operation == "CreateBucket")
            .all(|s| {
                s.retries == 0
                    && s.status
                        .is_some_and(|c| (200..300).contains(&c) || (400..500).contains(&c))
            })
    }

    /// Removes a bucket with the SDK; when that fails, removes the keys the SDK cannot name
    /// through the wire layer and tries once more.
    async fn remove(
        &self,
        client: &aws_sdk_s3::Client,
        bucket: &str,
        who: Identity,
        left: cleanup::Leftovers,
    ) -> Result<(), String> {
        let run = self.cx.run;
        // A bucket the case created under another name is the run's: it did not exist before.
        let created_here = !run.owns(bucket) && self.created.iter().any(|(b, _)| b == bucket);
        let remove = || async {
            if created_here {
                cleanup::remove_created(client, bucket, left).await
            } else {
                cleanup::remove_bucket_after(client, run, bucket, left).await
            }
        };
        let Err(first) = remove().await else {
            return Ok(());
        };
        match super::purge::whitespace_keys(self.cx.target, &who, bucket).await {
            Ok(n) if n > 0 => remove().await,
            _ => Err(first),
        }
    }

    /// The SDK client of an identity other than main, for removing what it created.
    fn client_of(&self, who: &Identity) -> Option<aws_sdk_s3::Client> {
        let target = self.cx.target;
        match who {
            Identity::Alt => self.cx.alt_client.cloned(),
            Identity::Named(name) => target
                .identity(name)
                .map(|c| crate::client::with_credentials(target, c)),
            Identity::Main | Identity::Anonymous | Identity::UnknownKey => None,
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

/// Whether a step of the case could have created a bucket other than the case's own: a
/// CreateBucket, or a request written out or changed by `send:`.
fn creates_buckets(suite: &Suite, case: &Case) -> bool {
    suite.steps_of(case).any(|s| {
        s.name() == "CreateBucket"
            || !matches!(s.action, s3spec_suite::Action::Operation { .. })
            || !s.send.before.is_empty()
            || !s.send.after.is_empty()
    })
}
