//! A `post:` step: the form upload built from the step and signed with its policy.

use std::time::{Duration, SystemTime};

use s3spec_suite::PostForm;

use super::resolve::{self, Ctx};
use super::send::{SendError, param_error};
use crate::wire::body::BodyError;
use crate::wire::post::{self, Condition, Policy, PostObject};
use crate::wire::request::Endpoint;
use crate::wire::sign::{SignMode, Signed, Signer};

/// The signed form of `form`. A streamed file is read (for the form's boundary) off the async
/// workers.
pub(super) async fn signed(
    form: &PostForm,
    endpoint: &Endpoint,
    signer: &Signer,
    mode: &SignMode,
    ctx: &Ctx<'_>,
) -> Result<Signed, SendError> {
    let post = post_object(form, signer, mode, ctx)?;
    // The same signing time for both builds, so the wrong signature replaces the real one.
    let signer = signer.clone().at(signer.signing_time());
    let wrong = *mode == SignMode::WrongSignature;
    let signed = if post.file.as_bytes().is_some() {
        build(&post, endpoint, &signer, wrong)
    } else {
        let endpoint = endpoint.clone();
        tokio::task::spawn_blocking(move || build(&post, &endpoint, &signer, wrong))
            .await
            .map_err(|e| SendError::Transport(format!("failed to build the form: {e}")))?
    };
    signed.map_err(|e| SendError::Param {
        name: "file".to_owned(),
        message: e.to_string(),
    })
}

/// The form the step describes: its bucket, fields, file and policy.
fn post_object(
    form: &PostForm,
    signer: &Signer,
    mode: &SignMode,
    ctx: &Ctx<'_>,
) -> Result<PostObject, SendError> {
    let bucket = resolve::text(&form.bucket, ctx).map_err(param_error("bucket"))?;
    let file = resolve::body(&form.file, ctx).map_err(param_error("file"))?;
    let mut key = String::new();
    let mut fields = Vec::new();
    for (name, value) in &form.fields {
        let value = resolve::text(value, ctx).map_err(param_error(name))?;
        if name == "key" {
            key = value;
        } else {
            fields.push((name.clone(), value));
        }
    }
    let mut post = PostObject::new(bucket, key, file);
    post.fields = fields;
    post.omit = form.omit.clone();
    if let Some(p) = &form.policy {
        let conditions = p
            .conditions
            .iter()
            .map(|c| resolve::json(c, ctx).map(Condition::Json))
            .collect::<Result<Vec<_>, _>>()
            .map_err(param_error("policy"))?;
        let mut policy = Policy::matching(signer.signing_time(), Duration::ZERO);
        policy.expiration = shifted_from(signer.signing_time(), p.expires);
        policy.conditions = conditions;
        policy.match_form = false;
        policy.match_signing_fields = true;
        post.policy = Some(policy);
    }
    if *mode == SignMode::Anonymous || form.policy.is_none() {
        post.policy = None;
        post.omit.extend(
            s3spec_suite::actions::POST_GENERATED_FIELDS
                .iter()
                .map(|f| (*f).to_owned()),
        );
    }
    Ok(post)
}

/// Signs the form; with `wrong`, then replaces its signature by one no key made.
fn build(
    post: &PostObject,
    endpoint: &Endpoint,
    signer: &Signer,
    wrong: bool,
) -> Result<Signed, BodyError> {
    let signed = post::post_object(post, endpoint, signer)?;
    if !wrong {
        return Ok(signed);
    }
    // The signature is a form field: replace it with one of the same shape that no key made.
    let real = signed.signing.signature.clone().unwrap_or_default();
    let wrong = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(real.as_bytes()));
    let mut post = post.clone();
    post.overrides
        .push(("x-amz-signature".to_owned(), wrong.clone()));
    let mut signed = post::post_object(&post, endpoint, signer)?;
    signed.signing.signature = Some(wrong);
    Ok(signed)
}

fn shifted_from(time: SystemTime, offset: i64) -> SystemTime {
    let by = Duration::from_secs(offset.unsigned_abs());
    if offset < 0 {
        time.checked_sub(by).unwrap_or(time)
    } else {
        time.checked_add(by).unwrap_or(time)
    }
}
