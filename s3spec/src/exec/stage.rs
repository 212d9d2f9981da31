//! Runs one entry of a list of steps: a step, a repeated step (its runs, some at once), or the
//! steps of a `parallel:` (all at once). Every run is sent as a step is — refused when it would
//! change a foreign bucket, bounded by its request deadline and the case's, retried as the run
//! says — and then judged in order, so each run gets its own [`StepRecord`] and failures.

use std::time::{Duration, Instant};

use s3spec_suite::{Stage, Step, Tally};

use super::send::{self, SendError};
use super::{Failure, Phase, Problem, RunOf, Running, SnapshotRecord, StepId, StepRecord, Vars};
use super::{compare, guard, resolve, retry};
use crate::normalize;
use crate::response::Response;

/// One request of a stage: which step, as which run, with its variables.
struct Run<'s> {
    id: StepId,
    step: &'s Step,
    /// The case's variables, and the run's index for a repeated step.
    vars: Vars,
    index: Option<(&'s str, usize)>,
}

/// What sending a run gave.
#[expect(
    clippy::large_enum_variant,
    reason = "nearly every run is answered: boxing the answer would allocate for each"
)]
enum Sent {
    Answer {
        response: Response,
        retries: u32,
        duration: Duration,
        /// A `CreateBucket` of a bucket without the run's prefix that existed before.
        existed_before: bool,
    },
    Unanswered {
        error: SendError,
        retries: u32,
        duration: Duration,
    },
    /// Refused before sending: the step would change a bucket of someone else.
    Refused(String),
    /// The case's deadline passed before the run could start.
    OutOfTime,
    Interrupted,
}

impl Running<'_> {
    /// Runs one stage; returns whether every run met its expectation and the stage its `runs:`.
    pub(super) async fn run_stage(&mut self, phase: Phase, index: usize, stage: &Stage) -> bool {
        let (runs, concurrency, tallies) = self.runs_of(phase, index, stage);
        let limit = concurrency.max(1);
        let sent = {
            let this = &*self;
            let sends = runs.iter().map(|run| this.send_run(run));
            all_bounded(sends.collect(), limit).await
        };
        let mut ok = true;
        let mut unanswered = false;
        let mut out_of_time = false;
        for (run, sent) in runs.iter().zip(&sent) {
            match sent {
                Sent::OutOfTime if !out_of_time => {
                    out_of_time = true;
                    ok = false;
                    self.fail(None, Problem::Deadline(self.out_of_time(&run.id)));
                }
                Sent::OutOfTime | Sent::Interrupted => ok = false,
                Sent::Unanswered { error, .. } => {
                    unanswered |= matches!(error, SendError::Transport(_));
                    ok &= self.record(run, sent);
                }
                _ => ok &= self.record(run, sent),
            }
        }
        if unanswered {
            self.recheck().await;
        }
        let answers: Option<Vec<&Response>> = sent
            .iter()
            .map(|s| match s {
                Sent::Answer { response, .. } => Some(response),
                _ => None,
            })
            .collect();
        // Counts over some of the runs would say nothing: the stage already failed.
        if let Some(answers) = answers {
            let id = StepId {
                phase,
                index,
                operation: stage.name(),
                loc: stage.loc(),
                run: None,
            };
            for tally in tallies {
                ok &= self.check_tally(id, tally, &runs, &answers);
            }
        }
        ok
    }

    /// The runs of a stage, how many may be sent at once, and its counts.
    fn runs_of<'s>(
        &self,
        phase: Phase,
        index: usize,
        stage: &'s Stage,
    ) -> (Vec<Run<'s>>, usize, &'s [Tally]) {
        let id = |step: &Step, run: Option<RunOf>| StepId {
            phase,
            index,
            operation: step.name(),
            loc: step.loc,
            run,
        };
        match stage {
            Stage::Step(step) => match &step.repeat {
                None => {
                    let run = Run {
                        id: id(step, None),
                        step,
                        vars: self.vars.clone(),
                        index: None,
                    };
                    (vec![run], 1, &[])
                }
                Some(repeat) => {
                    let runs = (1..=repeat.count)
                        .map(|n| {
                            let mut vars = self.vars.clone();
                            vars.insert(repeat.index.clone(), n.to_string());
                            Run {
                                id: id(
                                    step,
                                    Some(RunOf {
                                        n,
                                        of: repeat.count,
                                    }),
                                ),
                                step,
                                vars,
                                index: Some((repeat.index.as_str(), n)),
                            }
                        })
                        .collect();
                    (runs, repeat.concurrency, &step.runs)
                }
            },
            Stage::Parallel(p) => {
                let of = p.steps.len();
                let runs = p
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| Run {
                        id: id(step, Some(RunOf { n: i + 1, of })),
                        step,
                        vars: self.vars.clone(),
                        index: None,
                    })
                    .collect();
                (runs, of, &p.runs)
            }
        }
    }

    /// How long a run's request may take, and what set that limit.
    fn request_deadline(&self, phase: Phase, step: &Step) -> (Duration, &'static str) {
        let (limit, why) = match &step.timeout {
            Some(t) => (t.value, "the step's `timeout`"),
            None => (self.cx.target.request_timeout, "S3SPEC_REQUEST_TIMEOUT"),
        };
        // A request may not outlast the case (teardown gets its own full deadline).
        let left = self.deadline.saturating_duration_since(Instant::now());
        if phase == Phase::Teardown || limit <= left {
            return (limit, why);
        }
        (
            left.max(Duration::from_millis(1)),
            "what was left of the case's S3SPEC_CASE_TIMEOUT",
        )
    }

    /// Sends one run: the guard against foreign buckets, then the request with its retries.
    async fn send_run(&self, run: &Run<'_>) -> Sent {
        if crate::interrupt::interrupted() {
            return Sent::Interrupted;
        }
        let (step, phase) = (run.step, run.id.phase);
        if phase != Phase::Teardown && Instant::now() >= self.deadline {
            return Sent::OutOfTime;
        }
        let (deadline, why) = self.request_deadline(phase, step);
        let sending = send::Sending {
            target: self.cx.target,
            ctx: resolve::Ctx {
                vars: &run.vars,
                suite_dir: self.cx.suite_dir,
            },
            deadline,
        };
        let foreign = guard::foreign_bucket(step, &sending.ctx, self.cx.run, &self.created);
        // A bucket that does not exist cannot be harmed (`DeleteBucket` of a name the server
        // refused to create, `PutObject` into a missing bucket).
        if let Some(b) = foreign
            && self.bucket_exists(&b).await
        {
            return Sent::Refused(b);
        }
        // A bucket named without the run's prefix counts as the case's own only if it did not
        // exist before the case created it (us-east-1 answers 200 to creating a bucket one
        // already owns): only then may later steps and the cleanup delete it.
        let existed_before = match (bucket_of(step, &sending.ctx), step.name()) {
            (Some(b), "CreateBucket") if !b.is_empty() && !self.cx.run.owns(&b) => {
                self.bucket_exists(&b).await
            }
            _ => false,
        };
        let started = Instant::now();
        let (sent, retries) = retry::send(self.cx.retries, || send::step(step, &sending)).await;
        let duration = started.elapsed();
        match sent {
            Ok(response) => Sent::Answer {
                response,
                retries,
                duration,
                existed_before,
            },
            Err(SendError::Transport(message)) if message.contains("within the deadline of") => {
                Sent::Unanswered {
                    error: SendError::Transport(format!("{message} (the limit: {why})")),
                    retries,
                    duration,
                }
            }
            Err(error) => Sent::Unanswered {
                error,
                retries,
                duration,
            },
        }
    }

    /// Judges one run's answer and records it; returns whether it met the step's expectation
    /// and its saves found their values.
    fn record(&mut self, run: &Run<'_>, sent: &Sent) -> bool {
        let (id, step) = (run.id, run.step);
        let (response, retries, duration, existed_before) = match sent {
            Sent::Answer {
                response,
                retries,
                duration,
                existed_before,
            } => (response, *retries, *duration, *existed_before),
            Sent::Unanswered {
                error,
                retries,
                duration,
            } => {
                self.outcome.requests += 1;
                self.outcome.steps.push(StepRecord {
                    step: id,
                    request: String::new(),
                    status: None,
                    error_code: None,
                    duration: *duration,
                    passed: false,
                    retries: *retries,
                    transcript: None,
                });
                let problem = match error {
                    SendError::Param { name, message } => Problem::Param {
                        loc: step.loc,
                        message: format!("`{name}`: {message}"),
                    },
                    SendError::Transport(message) => Problem::Transport {
                        request: step.name().to_owned(),
                        message: message.clone(),
                    },
                };
                self.fail(Some(id), problem);
                return false;
            }
            Sent::Refused(foreign) => {
                self.outcome.requests += 1;
                let message = format!(
                    "refused: the step would change bucket `{foreign}`, which this run did not create (its buckets start with `{}`); set {}=1 to allow it",
                    self.cx.run,
                    guard::ALLOW_VARIABLE
                );
                let loc = step.loc;
                self.fail(Some(id), Problem::Param { loc, message });
                return false;
            }
            Sent::OutOfTime | Sent::Interrupted => return false,
        };
        self.outcome.requests += 1;
        let ctx = resolve::Ctx {
            vars: &run.vars,
            suite_dir: self.cx.suite_dir,
        };
        if step.name() == "CreateBucket"
            && response.is_success()
            && !existed_before
            && let Some(bucket) = bucket_of(step, &ctx)
        {
            self.created(bucket, step.identity.clone());
        }
        let mismatches = compare::check(&step.expect, response, &run.vars, step.loc);
        // Every response is normalized, so tokens are numbered the same whichever steps are
        // snapshotted.
        let content = normalize::snapshot(response, &mut self.tokens);
        if step.snapshot {
            let name = format!("{}{}", id.phase.name(), id.index);
            self.outcome.snapshots.push(SnapshotRecord {
                name,
                step: id,
                content,
            });
        }
        let mut ok = mismatches.is_empty();
        let exchange = (!ok).then(|| crate::report::exchange(response));
        for m in mismatches {
            self.outcome.failures.push(Failure {
                step: Some(id),
                problem: Problem::Mismatch(m),
                exchange: exchange.clone(),
            });
        }
        if ok {
            ok = self.save(run, response);
        }
        self.outcome.steps.push(StepRecord {
            step: id,
            request: crate::report::redact::request_line(&crate::normalize::request_line(
                &response.request,
            )),
            status: Some(response.status),
            error_code: response.error_code().map(str::to_owned),
            duration,
            passed: ok,
            retries,
            transcript: self.cx.verbose.then(|| crate::report::transcript(response)),
        });
        ok
    }

    /// Sets the variables a run saves; false when a path found nothing.
    fn save(&mut self, run: &Run<'_>, response: &Response) -> bool {
        let mut ok = true;
        for save in &run.step.save {
            let var = save.var_for(run.index);
            match compare::capture(response, &save.path.value) {
                Some(value) => {
                    self.vars.insert(var, value);
                }
                None => {
                    ok = false;
                    let keys = response.fields().keys().join(", ");
                    let message = format!(
                        "cannot save `${var}`: the response has no text at `{}` (response fields: {keys})",
                        save.path.value
                    );
                    self.outcome.failures.push(Failure {
                        step: Some(run.id),
                        problem: Problem::Save {
                            loc: save.path.loc,
                            message,
                        },
                        exchange: Some(crate::report::exchange(response)),
                    });
                }
            }
        }
        ok
    }

    /// `runs:`: exactly `count` of the answers meet the entry's expectation.
    fn check_tally(
        &mut self,
        id: StepId,
        tally: &Tally,
        runs: &[Run<'_>],
        answers: &[&Response],
    ) -> bool {
        let meeting: Vec<usize> = runs
            .iter()
            .zip(answers)
            .filter(|(run, r)| compare::check(&tally.expect, r, &run.vars, tally.loc).is_empty())
            .map(|(run, _)| run.id.run.map_or(1, |r| r.n))
            .collect();
        if tally.count.value.allows(meeting.len()) {
            return true;
        }
        let which = match meeting.len() {
            0 => String::new(),
            _ => format!(
                ": {} {}",
                if meeting.len() == 1 { "run" } else { "runs" },
                meeting
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mismatch = compare::Mismatch {
            loc: tally.count.loc,
            subject: "count of runs".to_owned(),
            expected: tally.count.value.to_string(),
            actual: format!(
                "{} of {}{which} (the runs got {})",
                meeting.len(),
                runs.len(),
                statuses(answers)
            ),
        };
        self.outcome.failures.push(Failure {
            step: Some(id),
            problem: Problem::Mismatch(mismatch),
            exchange: None,
        });
        false
    }

    fn out_of_time(&self, id: &StepId) -> String {
        let limit = self.cx.target.case_timeout;
        let limit = if limit.as_secs() > 0 {
            format!("{}s", limit.as_secs())
        } else {
            format!("{}ms", limit.as_millis())
        };
        format!(
            "the case ran out of time: {} and what follows did not run within the case's {limit} (S3SPEC_CASE_TIMEOUT)",
            id.label()
        )
    }
}

/// The `Bucket` parameter of a typed step, resolved.
fn bucket_of(step: &Step, ctx: &resolve::Ctx<'_>) -> Option<String> {
    step.params()
        .iter()
        .find(|p| p.name == "Bucket")
        .and_then(|p| resolve::text(&p.value, ctx).ok())
}

/// `200 ×1, 412 PreconditionFailed ×7`: what the runs got, in order of first appearance.
fn statuses(answers: &[&Response]) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for r in answers {
        let what = match r.error_code() {
            Some(code) => format!("{} {code}", r.status),
            None => r.status.to_string(),
        };
        match seen.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => seen.push((what, 1)),
        }
    }
    seen.iter()
        .map(|(w, n)| format!("{w} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `futures` with at most `limit` at once, starting each in order as another finishes;
/// returns their outputs in the order given. Each future starts only when first polled, so
/// a run's deadline counts from when it is sent.
async fn all_bounded<F: std::future::Future>(futures: Vec<F>, limit: usize) -> Vec<F::Output> {
    use std::pin::Pin;
    use std::task::Poll;
    let total = futures.len();
    let mut waiting = futures.into_iter().enumerate();
    let mut running: Vec<(usize, Pin<Box<F>>)> = Vec::new();
    let mut done: Vec<Option<F::Output>> = (0..total).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        loop {
            while running.len() < limit {
                match waiting.next() {
                    Some((i, f)) => running.push((i, Box::pin(f))),
                    None => break,
                }
            }
            if running.is_empty() {
                return Poll::Ready(());
            }
            let before = running.len();
            running.retain_mut(|(i, f)| match f.as_mut().poll(cx) {
                Poll::Ready(out) => {
                    done[*i] = Some(out);
                    false
                }
                Poll::Pending => true,
            });
            // Nothing finished: wait to be woken. Otherwise start the next ones.
            if running.len() == before {
                return Poll::Pending;
            }
        }
    })
    .await;
    done.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn at_most_the_limit_run_at_once_and_outputs_keep_their_order() {
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let futures: Vec<_> = (0..20u64)
            .map(|i| {
                let (now, most) = (now.clone(), most.clone());
                async move {
                    let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(at_once, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20 - i)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    i
                }
            })
            .collect();
        let out = all_bounded(futures, 4).await;
        assert_eq!(out, (0..20).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn one_at_a_time_runs_every_future_in_order() {
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let futures: Vec<_> = (0..5)
            .map(|i| {
                let order = order.clone();
                async move {
                    tokio::task::yield_now().await;
                    order.lock().map(|mut o| o.push(i)).ok();
                    i
                }
            })
            .collect();
        assert_eq!(all_bounded(futures, 1).await, [0, 1, 2, 3, 4]);
        assert_eq!(
            order.lock().map(|o| o.clone()).ok(),
            Some(vec![0, 1, 2, 3, 4])
        );
    }

    #[tokio::test]
    async fn no_futures_is_no_outputs() {
        let none: Vec<std::future::Ready<u8>> = Vec::new();
        assert!(all_bounded(none, 3).await.is_empty());
    }
}
