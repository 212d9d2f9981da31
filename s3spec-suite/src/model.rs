//! What a suite file says, after loading and checking.

use regex::Regex;

use crate::source::{Loc, SourceFile, Spanned};
use crate::template::Template;
use s3spec_api::Operation;

/// One YAML suite file.
#[derive(Debug, Clone)]
pub struct Suite {
    /// `suite:` or the file stem.
    pub name: String,
    pub description: Option<String>,
    pub source: SourceFile,
    /// Runs before each case, after the case's bucket exists.
    pub setup: Vec<Stage>,
    pub cases: Vec<Case>,
    /// Runs after each case, also when the case failed.
    pub teardown: Vec<Stage>,
    /// Credential sets the suite's steps name with `as:`, besides `main`, `alt` and `anonymous`.
    pub identities: Vec<Spanned<String>>,
}

impl Suite {
    pub fn case(&self, name: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.name == name)
    }

    /// Every step a case runs: setup, its own steps, teardown (the steps of a `parallel:` one
    /// by one).
    pub fn steps_of<'a>(&'a self, case: &'a Case) -> impl Iterator<Item = &'a Step> {
        self.setup
            .iter()
            .chain(&case.steps)
            .chain(&self.teardown)
            .flat_map(Stage::steps)
    }

    /// Every step of the suite: setup, every case's, teardown.
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.setup
            .iter()
            .chain(self.cases.iter().flat_map(|c| &c.steps))
            .chain(&self.teardown)
            .flat_map(Stage::steps)
    }

    /// The identities a case's steps sign with that a target may lack (`alt`, named sets).
    pub fn identities_needed<'a>(&'a self, case: &'a Case) -> Vec<&'a Identity> {
        let mut out: Vec<&Identity> = Vec::new();
        for s in self.steps_of(case) {
            if matches!(s.identity, Identity::Alt | Identity::Named(_))
                && !out.contains(&&s.identity)
            {
                out.push(&s.identity);
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub loc: Loc,
    pub description: Option<String>,
    /// Where the behaviour the case states is documented, and the test elsewhere it matches.
    pub source: Source,
    pub steps: Vec<Stage>,
}

/// One entry of a list of steps: a step (sent once, or repeated with `repeat:`), or steps sent
/// at the same time (`parallel:`). Known differences and reports number these entries.
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "most stages are steps: boxing them would allocate for each to shrink the few parallels"
)]
pub enum Stage {
    Step(Step),
    Parallel(Parallel),
}

impl Stage {
    /// The steps it sends: the step itself, or each step of a `parallel:`.
    pub fn steps(&self) -> &[Step] {
        match self {
            Stage::Step(s) => std::slice::from_ref(s),
            Stage::Parallel(p) => &p.steps,
        }
    }

    pub fn loc(&self) -> Loc {
        match self {
            Stage::Step(s) => s.loc,
            Stage::Parallel(p) => p.loc,
        }
    }

    /// How reports name it: the operation, `raw`, `post` or `parallel`.
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Step(s) => s.name(),
            Stage::Parallel(_) => "parallel",
        }
    }

    /// The step, when it is one step.
    pub fn as_step(&self) -> Option<&Step> {
        match self {
            Stage::Step(s) => Some(s),
            Stage::Parallel(_) => None,
        }
    }
}

/// `parallel:`: steps sent at the same time, each judged by its own `expect`, and all of them
/// by `runs:`.
#[derive(Debug, Clone)]
pub struct Parallel {
    pub loc: Loc,
    pub steps: Vec<Step>,
    /// How many of the steps' responses must meet each expectation.
    pub runs: Vec<Tally>,
}

/// `repeat: { count: 50, concurrency: 16, index: i }`: the step is sent `count` times, at most
/// `concurrency` at once, with `$<index>` the run's number from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub loc: Loc,
    pub count: usize,
    pub concurrency: usize,
    /// The variable holding the run's number (1 to `count`) in the step's values.
    pub index: String,
}

/// The most runs of a repeated step, and the most at once.
pub const MAX_REPEAT: usize = 10_000;
pub const MAX_CONCURRENCY: usize = 1024;

/// An entry of `runs:`: `count` of the runs' responses meet `expect`.
#[derive(Debug, Clone)]
pub struct Tally {
    pub loc: Loc,
    pub count: Spanned<Count>,
    pub expect: Expectation,
}

/// How many: `count: 1` (exactly), `count: { min: 1 }`, `count: { min: 1, max: 3 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub min: usize,
    pub max: usize,
}

impl Count {
    pub fn allows(&self, n: usize) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (min, max) if min == max => write!(f, "{min}"),
            (0, max) => write!(f, "at most {max}"),
            (min, max) => write!(f, "{min} to {max}"),
        }
    }
}

/// `source:` of a case: the AWS documentation page that states the behaviour, and the
/// ceph/s3-tests tests that check the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// A page of the AWS documentation (`https://docs.aws.amazon.com/...`).
    pub aws: Option<String>,
    /// Names of ceph/s3-tests test functions (`test_object_write_expires`).
    pub s3_tests: Vec<String>,
}

/// One S3 request and what its response must be.
#[derive(Debug, Clone)]
pub struct Step {
    pub loc: Loc,
    /// What is sent: an operation of the S3 API, a raw HTTP request, or a POST form.
    pub action: Action,
    /// Whose credentials sign the request (`as: alt`).
    pub identity: Identity,
    pub expect: Expectation,
    /// Variables set from the response: `save: { upload: UploadId }`.
    pub save: Vec<Save>,
    /// Record the normalized response as a snapshot.
    pub snapshot: bool,
    /// How the request is sent: signing, framing, changes before and after signing.
    pub send: crate::send::Sending,
    /// How long each of the step's requests may take, instead of the run's request timeout.
    pub timeout: Option<Spanned<std::time::Duration>>,
    /// Send the step several times, some at once.
    pub repeat: Option<Repeat>,
    /// With `repeat`: how many of the runs' responses must meet each expectation.
    pub runs: Vec<Tally>,
}

impl Step {
    /// The operation's name, `raw` or `post`: how reports name the step.
    pub fn name(&self) -> &'static str {
        match &self.action {
            Action::Operation { operation, .. } => operation.name,
            Action::Raw(_) => "raw",
            Action::Post(_) => "post",
        }
    }

    /// The S3 operation of a typed step.
    pub fn operation(&self) -> Option<&'static Operation> {
        match &self.action {
            Action::Operation { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The parameters of a typed step, in the order written (none for raw and POST steps).
    pub fn params(&self) -> &[ParamValue] {
        match &self.action {
            Action::Operation { params, .. } => params,
            _ => &[],
        }
    }

    /// Every value of the step that may refer to variables, with where it is written (raw and
    /// POST steps: the step's place).
    pub fn located_values(&self) -> Vec<(Loc, &Value)> {
        match &self.action {
            Action::Operation { params, .. } => params.iter().map(|p| (p.loc, &p.value)).collect(),
            Action::Raw(raw) => raw.values().into_iter().map(|v| (self.loc, v)).collect(),
            Action::Post(post) => post.values().into_iter().map(|v| (self.loc, v)).collect(),
        }
    }
}

/// What a step sends.
#[derive(Debug, Clone)]
pub enum Action {
    /// An operation of the S3 API (`op:`), built from its model.
    Operation {
        operation: &'static Operation,
        params: Vec<ParamValue>,
    },
    /// A request written out (`raw:`): method, path, query, headers and body as given.
    Raw(RawRequest),
    /// A browser-style POST Object form upload (`post:`).
    Post(PostForm),
}

/// `raw:`: an HTTP request exactly as written. Signed like any step unless `send:` says
/// otherwise; `verbatim` bytes are sent as they are, unsigned.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: Spanned<String>,
    /// The path as sent (not encoded again): `/$bucket/a%20b`.
    pub path: Value,
    /// Query parameters in order; `Value::Null` for a key without a value (`?acl`).
    pub query: Vec<(String, Value)>,
    pub headers: Vec<(String, Value)>,
    pub body: Option<Value>,
    /// The whole request's bytes, for what no HTTP library would send.
    pub verbatim: Option<Value>,
}

impl RawRequest {
    pub fn values(&self) -> Vec<&Value> {
        let mut out = vec![&self.path];
        out.extend(self.query.iter().map(|(_, v)| v));
        out.extend(self.headers.iter().map(|(_, v)| v));
        out.extend(&self.body);
        out.extend(&self.verbatim);
        out
    }
}

/// `post:`: a POST Object form upload.
#[derive(Debug, Clone)]
pub struct PostForm {
    pub bucket: Value,
    /// Form fields in order (`key`, `acl`, `Content-Type`, `success_action_status`, ...).
    pub fields: Vec<(String, Value)>,
    /// The file's content (any body value).
    pub file: Value,
    /// The signed policy; without one the form carries no policy and no signature.
    pub policy: Option<PostPolicy>,
    /// Fields the harness would add (`policy`, `x-amz-signature`, ...) that are left out.
    pub omit: Vec<String>,
}

impl PostForm {
    pub fn values(&self) -> Vec<&Value> {
        let mut out = vec![&self.bucket, &self.file];
        out.extend(self.fields.iter().map(|(_, v)| v));
        if let Some(p) = &self.policy {
            out.extend(&p.conditions);
        }
        out
    }
}

/// A POST policy: when it expires and its conditions, as JSON-like values.
#[derive(Debug, Clone)]
pub struct PostPolicy {
    /// Seconds from the signing time until the policy expires (negative: already expired).
    pub expires: i64,
    /// Each condition: a mapping (`{ bucket: name }`) or a list (`[starts-with, $$key, ""]`).
    pub conditions: Vec<Value>,
}

/// The credentials a step uses: the target's main user, a second user of another account
/// (`as: alt`), no credentials at all (`as: anonymous`), credentials no server knows
/// (`as: unknown-key`), or a credential set the suite declares
/// under `identities:` and the target configures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Identity {
    #[default]
    Main,
    Alt,
    Anonymous,
    /// Signs with an access key no server has (`AKIAS3SPECUNKNOWNKEY`): InvalidAccessKeyId.
    UnknownKey,
    Named(String),
}

impl Identity {
    pub fn name(&self) -> &str {
        match self {
            Identity::Main => "main",
            Identity::Alt => "alt",
            Identity::Anonymous => "anonymous",
            Identity::UnknownKey => "unknown-key",
            Identity::Named(n) => n,
        }
    }
}

/// A parameter as written in `with:`.
#[derive(Debug, Clone)]
pub struct ParamValue {
    pub name: &'static str,
    pub loc: Loc,
    pub value: Value,
}

/// A parameter value; strings may refer to variables.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Template),
    /// Generated content of a given size, the same bytes for the same size and seed.
    Generated {
        size: u64,
        seed: u64,
    },
    /// A file's content, the path relative to the suite file.
    File(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Every variable the value refers to.
    pub fn vars(&self) -> Vec<&str> {
        match self {
            Value::Text(t) => t.vars().collect(),
            Value::List(items) => items.iter().flat_map(Value::vars).collect(),
            Value::Map(entries) => entries.iter().flat_map(|(_, v)| v.vars()).collect(),
            _ => Vec::new(),
        }
    }
}

/// What the response to a step must be. An empty expectation means "must succeed".
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    /// The statuses the response may have (`status: 200` or `status: [400, 416]`).
    pub status: Option<Spanned<Vec<u16>>>,
    pub error: Option<ErrorExpectation>,
    pub headers: Vec<(Spanned<String>, Matcher)>,
    pub body: Option<Spanned<BodyExpectation>>,
    pub fields: Vec<(Spanned<FieldPath>, Matcher)>,
}

impl Expectation {
    /// Whether the step must get a 2xx response (no `status` or `error` says otherwise).
    pub fn expects_success(&self) -> bool {
        self.error.is_none()
            && self
                .status
                .as_ref()
                .is_none_or(|s| s.value.iter().all(|c| (200..300).contains(c)))
    }
}

/// `error: NoSuchKey`, `error: { code, message }`, or any error: `error: true` or
/// `error: { message }`.
#[derive(Debug, Clone)]
pub struct ErrorExpectation {
    /// Where the expectation is written.
    pub loc: Loc,
    /// The S3 error code; `None` accepts any error.
    pub code: Option<Spanned<String>>,
    pub message: Option<Matcher>,
}

/// What the body must be.
#[derive(Debug, Clone, Default)]
pub struct BodyExpectation {
    pub text: Option<Template>,
    pub length: Option<u64>,
    pub sha256: Option<String>,
    pub matches: Option<Regex>,
    /// The body is one of these (`body: { size: 1GiB, seed: 1 }` is a list of one; `one-of:`
    /// lists several): compared by length and SHA-256, so a body of any size can be checked.
    pub one_of: Vec<BodyContent>,
}

/// A whole body an expectation names.
#[derive(Debug, Clone)]
pub enum BodyContent {
    Text(Template),
    /// The bytes of `Body: { size, seed }`.
    Generated {
        size: u64,
        seed: u64,
    },
}

/// A check on one value (a header or a response field).
#[derive(Debug, Clone)]
pub struct Matcher {
    pub loc: Loc,
    pub kind: MatcherKind,
}

#[derive(Debug, Clone)]
pub enum MatcherKind {
    /// The value, compared as text; a list compares element by element.
    Equals(Value),
    Matches(Regex),
    /// `exists: true` or `exists: false`.
    Exists(bool),
    /// The number of elements of a list, or characters of a string.
    Length(u64),
    /// A list with these elements in any order, for lists whose order the API leaves open
    /// (the `Deleted` entries of DeleteObjects).
    Unordered(Vec<Value>),
    /// Any one of these values (`one-of: [a, b]`), for what concurrent requests leave open:
    /// the object is one of the writes.
    OneOf(Vec<Value>),
}

/// A path into the response fields: `KeyCount`, `Contents[].Key`, `Parts[0].ETag`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Member(String),
    Index(usize),
    /// `[]`: every element of a list.
    Each,
}

impl FieldPath {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (member, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if member.is_empty()
                || !member
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(format!(
                    "`{text}` is not a field path (e.g. `KeyCount`, `Contents[].Key`, `Parts[0].ETag`)"
                ));
            }
            segments.push(Segment::Member(member.to_owned()));
            while !rest.is_empty() {
                let Some(end) = rest.find(']') else {
                    return Err(format!("unclosed `[` in field path `{text}`"));
                };
                let inside = &rest[1..end];
                segments.push(if inside.is_empty() {
                    Segment::Each
                } else {
                    Segment::Index(
                        inside
                            .parse()
                            .map_err(|_| format!("`[{inside}]` in `{text}` is not a list index"))?,
                    )
                });
                rest = &rest[end + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!(
                        "`{text}` is not a field path: expected `.` or `[` after `]`"
                    ));
                }
            }
        }
        Ok(Self { segments })
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.segments.iter().enumerate() {
            match s {
                Segment::Member(m) if i == 0 => write!(f, "{m}")?,
                Segment::Member(m) => write!(f, ".{m}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Each => write!(f, "[]")?,
            }
        }
        Ok(())
    }
}

/// `save: { var: FieldPath }`; in a repeated step the name may hold the index
/// (`etag$i: ETag`), so each run saves its own variable.
#[derive(Debug, Clone)]
pub struct Save {
    /// The name as written.
    pub var: Spanned<String>,
    /// The name, with the repeat's index where it refers to it.
    pub name: Template,
    pub path: Spanned<FieldPath>,
}

impl Save {
    /// The variable this save sets in run `run` (`None`: a step that is not repeated).
    pub fn var_for(&self, run: Option<(&str, usize)>) -> String {
        let n = run.map(|(_, n)| n.to_string()).unwrap_or_default();
        self.name
            .render(|v| run.filter(|(index, _)| *index == v).map(|_| n.as_str()))
            .unwrap_or_else(|_| self.var.value.clone())
    }
}

/// Variables every case has without saving them.
/// `host` is the target's `host:port`, for `Host` headers of raw and verbatim requests.
pub const BUILTIN_VARS: &[&str] = &["bucket", "new_bucket", "host"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_field_paths() {
        let p = FieldPath::parse("Contents[].Key").expect("valid");
        assert_eq!(
            p.segments,
            [
                Segment::Member("Contents".into()),
                Segment::Each,
                Segment::Member("Key".into())
            ]
        );
        let p = FieldPath::parse("Parts[1].ETag").expect("valid");
        assert_eq!(p.segments[1], Segment::Index(1));
        assert_eq!(p.to_string(), "Parts[1].ETag");
        assert!(FieldPath::parse("Parts[x]").is_err());
        assert!(FieldPath::parse("a..b").is_err());
        assert!(FieldPath::parse("Parts[0]x").is_err());
    }

    #[test]
    fn success_is_expected_unless_said_otherwise() {
        let mut e = Expectation::default();
        assert!(e.expects_success());
        e.status = Some(Spanned::new(vec![200, 204], Loc::default()));
        assert!(e.expects_success());
        e.status = Some(Spanned::new(vec![200, 404], Loc::default()));
        assert!(!e.expects_success());
    }
}
