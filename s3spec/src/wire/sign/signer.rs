//! Who signs: credentials, region, service and the signing time.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::SignError;

/// An access key and its secret: any strings, so a test can sign with a wrong secret or an
/// unknown key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("session_token", &self.session_token.as_ref().map(|_| "**"))
            .finish_non_exhaustive()
    }
}

impl From<&crate::target::Credentials> for Credentials {
    fn from(c: &crate::target::Credentials) -> Self {
        Self {
            access_key: c.access_key.clone(),
            secret_key: c.secret_key.clone(),
            session_token: None,
        }
    }
}

impl Credentials {
    pub(crate) fn identity(&self) -> Identity {
        aws_credential_types::Credentials::new(
            &self.access_key,
            &self.secret_key,
            self.session_token.clone(),
            None,
            "s3spec",
        )
        .into()
    }
}

/// Who signs, for which region and service, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub credentials: Credentials,
    pub region: String,
    /// `s3` unless a test says otherwise.
    pub service: String,
    /// The signing time; `None` is now. A time in the past makes a skewed request or an
    /// expired presigned URL.
    pub time: Option<SystemTime>,
}

#[cfg(test)]
impl Signer {
    /// The keys of AWS's published SigV4 examples (AKIAIOSFODNN7EXAMPLE) in us-east-1, signing
    /// at the examples' time, 2013-05-24T00:00:00Z.
    pub(crate) fn aws_example() -> Signer {
        Signer::new(
            Credentials {
                access_key: "AKIAIOSFODNN7EXAMPLE".into(),
                secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
                session_token: None,
            },
            "us-east-1",
        )
        .at(UNIX_EPOCH + Duration::from_secs(1_369_353_600))
    }
}

impl Signer {
    pub fn new(credentials: Credentials, region: impl Into<String>) -> Self {
        Self {
            credentials,
            region: region.into(),
            service: "s3".to_owned(),
            time: None,
        }
    }

    /// The signer of a target's main user.
    pub fn for_target(target: &crate::target::Target) -> Self {
        Self::new((&target.credentials).into(), target.region.clone())
    }

    /// The same signer, signing at `time`.
    pub fn at(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    /// The signing time, in whole seconds as SigV4 has it.
    pub fn signing_time(&self) -> SystemTime {
        let time = self.time.unwrap_or_else(SystemTime::now);
        let secs = time
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    /// SigV4 parameters for chunk, trailer and POST-policy signatures.
    pub(crate) fn v4_params<'a, S: Default>(
        &'a self,
        identity: &'a Identity,
        time: SystemTime,
        settings: S,
    ) -> Result<v4::SigningParams<'a, S>, SignError> {
        v4::SigningParams::builder()
            .identity(identity)
            .region(&self.region)
            .name(&self.service)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|e| SignError::Params(e.to_string()))
    }
}
