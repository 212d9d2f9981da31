//! Turns a suite file's YAML into the model, collecting every error rather than stopping at the
//! first one.

use crate::model::{
    Action, Case, ErrorExpectation, Expectation, FieldPath, Identity, ParamValue, Repeat, Save,
    Source, Stage, Step, Suite,
};
use crate::node::{Key, Node, NodeKind};
use crate::source::{Diagnostic, Loc, SourceFile, Spanned};
use crate::suggest::did_you_mean;
use crate::template::{Template, is_var_name};
use crate::values;
use s3spec_api::Operation;

const SUITE_KEYS: &[&str] = &[
    "suite",
    "description",
    "identities",
    "setup",
    "cases",
    "teardown",
];
/// Identities every target has or that need no credentials; not declared in `identities:`.
const BUILTIN_IDENTITIES: &[&str] = &["main", "alt", "anonymous", "unknown-key"];
const CASE_KEYS: &[&str] = &["name", "description", "source", "steps"];
const SOURCE_KEYS: &[&str] = &["aws", "s3-tests"];
const STEP_KEYS: &[&str] = &[
    "op", "raw", "post", "as", "with", "send", "expect", "save", "snapshot", "timeout", "repeat",
    "runs", "parallel",
];
/// The keys that say what a step sends; a step has exactly one.
const ACTION_KEYS: &[&str] = &["op", "raw", "post"];
pub(crate) const EXPECT_KEYS: &[&str] = &["status", "error", "headers", "body", "fields"];
const ERROR_KEYS: &[&str] = &["code", "message"];

/// Collects the diagnostics of one file while its YAML is read.
pub(crate) struct Reader<'a> {
    pub file: &'a SourceFile,
    pub diags: Vec<Diagnostic>,
    /// Steps left out because they could not be read: what they would have saved is unknown.
    pub dropped_steps: usize,
    /// The credential sets the suite declares (`identities:`), which steps may name in `as:`.
    pub identities: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn at(&self, loc: Loc, message: impl Into<String>) -> Diagnostic {
        self.file.diagnostic(loc, message)
    }

    /// The entries of a mapping whose keys are all in `allowed`; unknown keys are reported.
    pub fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'n [(Key, Node)]> {
        let NodeKind::Map(entries) = &node.kind else {
            let d = self.at(
                node.loc,
                format!("expected {what} (a mapping), found {}", node.describe()),
            );
            self.error(d.label(format!("keys: {}", allowed.join(", "))));
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                let d = self
                    .at(key.loc, format!("unknown key `{}` in {what}", key.name))
                    .label(format!("expected one of: {}", allowed.join(", ")))
                    .suggest(did_you_mean(&key.name, allowed.iter().copied()));
                self.error(d);
            }
        }
        Some(entries)
    }

    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::Str(s) => Some(s.clone()),
            _ => {
                let d = self.at(
                    node.loc,
                    format!("expected {what} (a string), found {}", node.describe()),
                );
                self.error(d);
                None
            }
        }
    }

    pub fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                let d = self.at(
                    node.loc,
                    format!("expected {what} (true or false), found {}", node.describe()),
                );
                self.error(d);
                None
            }
        }
    }

    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Null => &[],
            _ => {
                let d = self.at(
                    node.loc,
                    format!("expected {what} (a list), found {}", node.describe()),
                );
                self.error(d);
                &[]
            }
        }
    }
}

pub(crate) fn get<'n>(entries: &'n [(Key, Node)], key: &str) -> Option<&'n Node> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

/// What loading a suite gave: the suite as far as it could be read, and every problem found.
pub struct Loaded {
    pub suite: Option<Suite>,
    pub diags: Vec<Diagnostic>,
    /// Whether steps were left out, so variable checks would report false errors.
    pub steps_dropped: bool,
}

/// Loads a suite from its parsed YAML; `default_name` is used when the file has no `suite:`.
pub fn suite(file: &SourceFile, root: &Node, default_name: &str) -> Loaded {
    let mut r = Reader {
        file,
        diags: Vec::new(),
        dropped_steps: 0,
        identities: Vec::new(),
    };
    let suite = read_suite(&mut r, root, default_name);
    Loaded {
        suite,
        diags: r.diags,
        steps_dropped: r.dropped_steps > 0,
    }
}

fn read_suite(r: &mut Reader<'_>, root: &Node, default_name: &str) -> Option<Suite> {
    let entries = r.entries(root, "a suite", SUITE_KEYS)?;
    let name = get(entries, "suite").and_then(|n| r.string(n, "the suite name"));
    let description = get(entries, "description").and_then(|n| r.string(n, "a description"));
    let identities = get(entries, "identities")
        .map(|n| declared_identities(r, n))
        .unwrap_or_default();
    r.identities = identities.iter().map(|i| i.value.clone()).collect();
    let setup = steps(r, get(entries, "setup"));
    let teardown = steps(r, get(entries, "teardown"));
    let cases = match get(entries, "cases") {
        Some(node) => {
            let list = r.seq(node, "the list of cases");
            if list.is_empty() && matches!(node.kind, NodeKind::Seq(_)) {
                let d = r
                    .at(node.loc, "a suite needs at least one case")
                    .label("an empty list makes no test");
                r.error(d);
            }
            list.iter().filter_map(|c| case(r, c)).collect()
        }
        None => {
            let d = r
                .at(root.loc, "a suite needs `cases`")
                .label("add `cases:` with at least one case");
            r.error(d);
            Vec::new()
        }
    };
    Some(Suite {
        name: name.unwrap_or_else(|| default_name.to_owned()),
        description,
        source: r.file.clone(),
        setup,
        cases,
        teardown,
        identities,
    })
}

/// `identities: [readonly, other-tenant]`: names of credential sets the target configures.
fn declared_identities(r: &mut Reader<'_>, node: &Node) -> Vec<Spanned<String>> {
    let mut out: Vec<Spanned<String>> = Vec::new();
    for item in r.seq(node, "a list of credential set names") {
        let Some(name) = r.string(item, "a credential set name") else {
            continue;
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let problem = if BUILTIN_IDENTITIES.contains(&name.as_str()) {
            Some(format!(
                "`{name}` is built in; declare only other credential sets"
            ))
        } else if !valid {
            Some(format!(
                "`{name}` is not a credential set name: use letters, digits, `-` and `_`"
            ))
        } else if out.iter().any(|i| i.value == name) {
            Some(format!("`{name}` is declared twice"))
        } else {
            None
        };
        match problem {
            Some(message) => {
                let d = r.at(item.loc, message);
                r.error(d);
            }
            None => out.push(Spanned::new(name, item.loc)),
        }
    }
    out
}

fn steps(r: &mut Reader<'_>, node: Option<&Node>) -> Vec<Stage> {
    let Some(node) = node else { return Vec::new() };
    r.seq(node, "a list of steps")
        .iter()
        .filter_map(|s| crate::stages::stage(r, s))
        .collect()
}

pub(crate) fn step(r: &mut Reader<'_>, node: &Node) -> Option<Step> {
    let step = read_step(r, node);
    if step.is_none() {
        r.dropped_steps += 1;
    }
    step
}

fn case(r: &mut Reader<'_>, node: &Node) -> Option<Case> {
    let entries = r.entries(node, "a case", CASE_KEYS)?;
    let name = match get(entries, "name") {
        Some(n) => r.string(n, "the case name"),
        None => {
            let d = r.at(node.loc, "a case needs a `name`");
            r.error(d);
            None
        }
    };
    let description = get(entries, "description").and_then(|n| r.string(n, "a description"));
    let source = get(entries, "source")
        .map(|n| source(r, n))
        .unwrap_or_default();
    let steps = match get(entries, "steps") {
        Some(n) => steps(r, Some(n)),
        None => {
            let d = r.at(node.loc, "a case needs `steps`");
            r.error(d);
            Vec::new()
        }
    };
    let loc = entries
        .iter()
        .find(|(k, _)| k.name == "name")
        .map_or(node.loc, |(_, v)| v.loc);
    Some(Case {
        name: name?,
        loc,
        description,
        source,
        steps,
    })
}

/// `source: { aws: https://docs.aws.amazon.com/..., s3-tests: [test_a, test_b] }`.
fn source(r: &mut Reader<'_>, node: &Node) -> Source {
    let mut out = Source::default();
    let Some(entries) = r.entries(node, "a case's source", SOURCE_KEYS) else {
        return out;
    };
    if let Some(n) = get(entries, "aws")
        && let Some(url) = r.string(n, "a page of the AWS documentation")
    {
        if url.starts_with("https://docs.aws.amazon.com/") {
            out.aws = Some(url);
        } else {
            let d = r
                .at(
                    n.loc,
                    format!("`{url}` is not a page of the AWS documentation"),
                )
                .label("expected a URL starting with https://docs.aws.amazon.com/");
            r.error(d);
        }
    }
    if let Some(n) = get(entries, "s3-tests") {
        let names: Vec<&Node> = match &n.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        for item in names {
            let Some(name) = r.string(item, "a ceph/s3-tests test name") else {
                continue;
            };
            let valid = name.starts_with("test_")
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                out.s3_tests.push(name);
            } else {
                let d = r
                    .at(
                        item.loc,
                        format!("`{name}` is not a ceph/s3-tests test name"),
                    )
                    .label(
                        "expected the name of a test function, e.g. `test_object_write_expires`",
                    );
                r.error(d);
            }
        }
    }
    out
}

fn read_step(r: &mut Reader<'_>, node: &Node) -> Option<Step> {
    let entries = r.entries(node, "a step", STEP_KEYS)?;
    if get(entries, "parallel").is_some() {
        return None; // Nested in a `parallel`, and reported there.
    }
    let (loc, action) = action(r, node, entries)?;
    let expect = get(entries, "expect")
        .map(|n| expectation(r, n))
        .unwrap_or_default();
    let repeat = match entries.iter().find(|(k, _)| k.name == "repeat") {
        // Left out when wrong: without its index, the step's variables would be reported.
        Some((k, n)) => Some(crate::stages::repeat(r, k, n)?),
        None => None,
    };
    let runs = match (&repeat, get(entries, "runs")) {
        (Some(repeat), Some(n)) => crate::stages::runs(r, n, repeat.count),
        _ => Vec::new(),
    };
    let timeout = get(entries, "timeout").and_then(|n| crate::stages::timeout(r, n));
    let save = get(entries, "save")
        .map(|n| saves(r, n, repeat.as_ref()))
        .unwrap_or_default();
    let snapshot = get(entries, "snapshot")
        .and_then(|n| r.bool(n, "`snapshot`"))
        .unwrap_or(false);
    let send = get(entries, "send")
        .and_then(|n| crate::send::sending(r, n))
        .unwrap_or_default();
    let identity = get(entries, "as")
        .and_then(|n| identity(r, n))
        .unwrap_or(Identity::Main);
    let step = Step {
        loc,
        action,
        identity,
        expect,
        save,
        snapshot,
        send,
        timeout,
        repeat,
        runs,
    };
    crate::stages::check_step(r, entries, &step);
    Some(step)
}

/// What the step sends: `op:` with `with:`, `raw:` or `post:` (exactly one of them).
fn action(r: &mut Reader<'_>, node: &Node, entries: &[(Key, Node)]) -> Option<(Loc, Action)> {
    let given: Vec<&(Key, Node)> = entries
        .iter()
        .filter(|(k, _)| ACTION_KEYS.contains(&k.name.as_str()))
        .collect();
    let [(key, value)] = given.as_slice() else {
        let d = match given.get(1) {
            Some((second, _)) => r.at(
                second.loc,
                format!(
                    "a step has one of `op`, `raw` or `post`: `{}` cannot be given with `{}`",
                    second.name, given[0].0.name
                ),
            ),
            None => r
                .at(node.loc, "a step needs `op`")
                .label("e.g. `op: PutObject`, or `raw:` / `post:`"),
        };
        r.error(d);
        return None;
    };
    if let Some((with, _)) = entries
        .iter()
        .find(|(k, _)| k.name == "with" && key.name != "op")
    {
        let d = r.at(
            with.loc,
            format!(
                "`with` is for `op` steps; a `{}` step says everything under `{}`",
                key.name, key.name
            ),
        );
        r.error(d);
    }
    match key.name.as_str() {
        "raw" => Some((key.loc, Action::Raw(crate::actions::raw(r, value)?))),
        "post" => Some((key.loc, Action::Post(crate::actions::post(r, value)?))),
        _ => operation(r, value, get(entries, "with")).map(|a| (value.loc, a)),
    }
}

fn operation(r: &mut Reader<'_>, op_node: &Node, with: Option<&Node>) -> Option<Action> {
    let op_name = r.string(op_node, "an operation name")?;
    let Some(operation) = s3spec_api::operation(&op_name) else {
        let d = r
            .at(op_node.loc, format!("unknown operation `{op_name}`"))
            .label("not an operation of the S3 API (docs/operations.md lists them)")
            .suggest(s3spec_api::suggest_operation(&op_name));
        r.error(d);
        return None;
    };
    let params = with.map(|n| params(r, operation, n)).unwrap_or_default();
    for m in operation.required_members() {
        if !params.iter().any(|v| v.name == m.name) {
            let d = r.at(
                op_node.loc,
                format!("`{}` needs the parameter `{}`", operation.name, m.name),
            );
            r.error(d.label(format!("add `{}` under `with`", m.name)));
        }
    }
    Some(Action::Operation { operation, params })
}

fn identity(r: &mut Reader<'_>, node: &Node) -> Option<Identity> {
    let name = r.string(node, "an identity")?;
    match name.as_str() {
        "main" => Some(Identity::Main),
        "alt" => Some(Identity::Alt),
        "anonymous" => Some(Identity::Anonymous),
        "unknown-key" => Some(Identity::UnknownKey),
        other if r.identities.iter().any(|i| i == other) => Some(Identity::Named(other.to_owned())),
        other => {
            let mut known = BUILTIN_IDENTITIES.to_vec();
            known.extend(r.identities.iter().map(String::as_str));
            let d = r
                .at(node.loc, format!("unknown identity `{other}`"))
                .label(format!("expected one of: {}", known.join(", ")))
                .suggest(did_you_mean(other, known.iter().copied()))
                .note(
                    "a credential set of the target must be declared in the suite's `identities:`",
                );
            r.error(d);
            None
        }
    }
}

fn params(r: &mut Reader<'_>, op: &'static Operation, node: &Node) -> Vec<ParamValue> {
    let NodeKind::Map(entries) = &node.kind else {
        let d = r.at(
            node.loc,
            format!(
                "expected the parameters of `{}` (a mapping), found {}",
                op.name,
                node.describe()
            ),
        );
        r.error(d);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(member) = op.member(&key.name) else {
            let d = r
                .at(
                    key.loc,
                    format!("unknown parameter `{}` for `{}`", key.name, op.name),
                )
                .suggest(op.suggest_member(&key.name))
                .note(format!(
                    "`{}` takes: {}",
                    op.name,
                    op.input
                        .iter()
                        .map(|m| m.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            r.error(d);
            continue;
        };
        if let Some(v) = values::member(r, member, value) {
            out.push(ParamValue {
                name: member.name,
                loc: value.loc,
                value: v,
            });
        }
    }
    out
}

fn expectation(r: &mut Reader<'_>, node: &Node) -> Expectation {
    match r.entries(node, "an expectation", EXPECT_KEYS) {
        Some(entries) => expectation_of(r, entries),
        None => Expectation::default(),
    }
}

/// The expectation in `entries`; other keys are left to the caller.
pub(crate) fn expectation_of(r: &mut Reader<'_>, entries: &[(Key, Node)]) -> Expectation {
    let mut e = Expectation::default();
    for (key, value) in entries {
        match key.name.as_str() {
            "status" => e.status = status(r, value),
            "error" => e.error = error_expectation(r, value),
            "headers" => {
                e.headers = named_matchers(r, value, "expected headers", |name, _| {
                    Ok(name.to_ascii_lowercase())
                });
            }
            "body" => e.body = values::body_expectation(r, value),
            "fields" => {
                e.fields = named_matchers(r, value, "expected fields", |name, _| {
                    FieldPath::parse(name)
                })
            }
            _ => {}
        }
    }
    e
}

/// Reads `name: matcher` entries of `headers:` or `fields:`.
fn named_matchers<T>(
    r: &mut Reader<'_>,
    node: &Node,
    what: &str,
    parse_name: impl Fn(&str, Loc) -> Result<T, String>,
) -> Vec<(Spanned<T>, crate::model::Matcher)> {
    let NodeKind::Map(entries) = &node.kind else {
        let d = r.at(
            node.loc,
            format!("expected {what} (a mapping), found {}", node.describe()),
        );
        r.error(d);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let name = match parse_name(&key.name, key.loc) {
            Ok(name) => name,
            Err(msg) => {
                let d = r.at(key.loc, msg);
                r.error(d);
                continue;
            }
        };
        if let Some(m) = values::matcher(r, value) {
            out.push((Spanned::new(name, key.loc), m));
        }
    }
    out
}

/// `status: 200` or `status: [400, 416]` (any of them).
fn status(r: &mut Reader<'_>, node: &Node) -> Option<Spanned<Vec<u16>>> {
    let codes = match &node.kind {
        NodeKind::Seq(items) if items.is_empty() => {
            let d = r.at(node.loc, "`status` needs at least one status code");
            r.error(d.label("e.g. `status: [400, 416]`"));
            return None;
        }
        NodeKind::Seq(items) => {
            let codes: Vec<Option<u16>> = items.iter().map(|i| status_code(r, i)).collect();
            codes.into_iter().collect::<Option<Vec<u16>>>()?
        }
        _ => vec![status_code(r, node)?],
    };
    Some(Spanned::new(codes, node.loc))
}

fn status_code(r: &mut Reader<'_>, node: &Node) -> Option<u16> {
    match node.kind {
        NodeKind::Int(i @ 100..=599) => Some(i as u16),
        _ => {
            let d = r.at(
                node.loc,
                format!(
                    "expected an HTTP status code (100 to 599) or a list of them, found {}",
                    node.describe()
                ),
            );
            r.error(d);
            None
        }
    }
}

/// `error: NoSuchKey`, `error: { code, message }`; any error: `error: true` or
/// `error: { message }`. A boolean cannot be an error code, so `true` never means a code.
fn error_expectation(r: &mut Reader<'_>, node: &Node) -> Option<ErrorExpectation> {
    match &node.kind {
        NodeKind::Str(code) => {
            return Some(ErrorExpectation {
                loc: node.loc,
                code: Some(Spanned::new(code.clone(), node.loc)),
                message: None,
            });
        }
        NodeKind::Bool(true) => {
            return Some(ErrorExpectation {
                loc: node.loc,
                code: None,
                message: None,
            });
        }
        NodeKind::Bool(false) => {
            let d = r
                .at(node.loc, "`error: false` is not an expectation")
                .label("leave `error` out: a step without `status` or `error` must succeed");
            r.error(d);
            return None;
        }
        _ => {}
    }
    let entries = r.entries(
        node,
        "an error expectation (`NoSuchKey`, `true` for any error, or `{ code, message }`)",
        ERROR_KEYS,
    )?;
    let code = match get(entries, "code") {
        Some(code_node) => Some(Spanned::new(
            r.string(code_node, "an S3 error code")?,
            code_node.loc,
        )),
        None => None,
    };
    let message = get(entries, "message").and_then(|n| values::matcher(r, n));
    Some(ErrorExpectation {
        loc: node.loc,
        code,
        message,
    })
}

fn saves(r: &mut Reader<'_>, node: &Node, repeat: Option<&Repeat>) -> Vec<Save> {
    let NodeKind::Map(entries) = &node.kind else {
        let d = r.at(
            node.loc,
            format!(
                "expected `save` as a mapping of `variable: FieldPath`, found {}",
                node.describe()
            ),
        );
        r.error(d);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(name) = saved_name(r, key, repeat) else {
            continue;
        };
        if crate::model::BUILTIN_VARS.contains(&key.name.as_str()) {
            let d = r.at(
                key.loc,
                format!(
                    "`${}` is set by the harness and cannot be saved to",
                    key.name
                ),
            );
            r.error(d);
            continue;
        }
        let Some(text) = r.string(value, "a field path such as `UploadId`") else {
            continue;
        };
        match FieldPath::parse(&text) {
            Ok(path) => out.push(Save {
                var: Spanned::new(key.name.clone(), key.loc),
                name,
                path: Spanned::new(path, value.loc),
            }),
            Err(msg) => {
                let d = r.at(value.loc, msg);
                r.error(d);
            }
        }
    }
    out
}

/// The name a `save:` key gives: a variable name, which in a repeated step must hold the
/// repeat's index (`etag$i`), so that no two runs save the same variable.
fn saved_name(r: &mut Reader<'_>, key: &Key, repeat: Option<&Repeat>) -> Option<Template> {
    let template = Template::parse(&key.name).ok();
    let refers = template
        .as_ref()
        .map(|t| t.vars().map(str::to_owned).collect::<Vec<_>>())
        .unwrap_or_default();
    let index = repeat.map(|rep| rep.index.as_str());
    let rendered = template
        .as_ref()
        .and_then(|t| t.render(|v| (Some(v) == index).then_some("1")).ok());
    let Some(rendered) = rendered.filter(|n| is_var_name(n)) else {
        let d = r.at(key.loc, format!("`{}` cannot name a variable", key.name));
        let label = match (index, refers.first()) {
            (None, Some(_)) => "a saved name can refer only to the index of a `repeat`".to_owned(),
            (Some(i), Some(_)) => {
                format!("a saved name can refer only to the repeat's index `${i}`")
            }
            _ => "use letters, digits and `_`, starting with a letter".to_owned(),
        };
        r.error(d.label(label));
        return None;
    };
    if let Some(i) = index
        && !refers.iter().any(|v| v == i)
    {
        let d = r
            .at(
                key.loc,
                format!("every run of the repeated step would save `${rendered}`"),
            )
            .label(format!("include the index in the name: `{rendered}${i}`"));
        r.error(d);
        return None;
    }
    template
}
