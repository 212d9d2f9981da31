//! Concurrency inside a case: steps sent at the same time (`parallel:`), a step sent many times
//! (`repeat:`), the counts their responses must reach (`runs:`), and a step's own request
//! timeout (`timeout:`).

use std::time::Duration;

use crate::load::{Reader, get};
use crate::model::{Count, MAX_CONCURRENCY, MAX_REPEAT, Parallel, Repeat, Stage, Step, Tally};
use crate::node::{Key, Node, NodeKind};
use crate::source::Spanned;
use crate::template::is_var_name;

const PARALLEL_KEYS: &[&str] = &["parallel", "runs"];
const REPEAT_KEYS: &[&str] = &["count", "concurrency", "index"];
const COUNT_KEYS: &[&str] = &["min", "max"];
/// The keys of a step that a step of `parallel:` cannot have, and why.
const NOT_IN_PARALLEL: &[(&str, &str)] = &[
    (
        "repeat",
        "a step of `parallel` is sent once; to send one step many times at once, use `repeat` with `concurrency` instead of `parallel`",
    ),
    (
        "runs",
        "`runs` counts the responses of all the steps: give it to the `parallel` step",
    ),
    (
        "snapshot",
        "steps sent at the same time answer in no fixed order, so they are not snapshotted: check their responses with `expect` and `runs`",
    ),
    ("parallel", "`parallel` steps cannot be nested"),
];
/// The variable of a repeat's run number when `index` is not given.
pub const DEFAULT_INDEX: &str = "i";

/// A list of steps, in which a mapping with `parallel:` is a parallel stage.
pub(crate) fn stage(r: &mut Reader<'_>, node: &Node) -> Option<Stage> {
    let is_parallel =
        matches!(&node.kind, NodeKind::Map(entries) if get(entries, "parallel").is_some());
    if !is_parallel {
        return crate::load::step(r, node).map(Stage::Step);
    }
    let entries = r.entries(node, "a `parallel` step", PARALLEL_KEYS)?;
    let list_node = get(entries, "parallel")?;
    let loc = entries
        .iter()
        .find(|(k, _)| k.name == "parallel")
        .map_or(node.loc, |(k, _)| k.loc);
    let items = r.seq(list_node, "the steps sent at the same time");
    if items.len() < 2 {
        let d = r
            .at(loc, "`parallel` needs at least two steps")
            .label("the steps of `parallel` are sent at the same time");
        r.error(d);
    }
    let mut steps = Vec::new();
    for item in items {
        if let NodeKind::Map(inner) = &item.kind {
            for (key, why) in NOT_IN_PARALLEL {
                if let Some((k, _)) = inner.iter().find(|(k, _)| k.name == *key) {
                    let d = r.at(
                        k.loc,
                        format!("`{key}` cannot be given to a step of `parallel`"),
                    );
                    r.error(d.label(*why));
                }
            }
        }
        steps.extend(crate::load::step(r, item));
    }
    let runs = get(entries, "runs")
        .map(|n| runs(r, n, items.len()))
        .unwrap_or_default();
    Some(Stage::Parallel(Parallel { loc, steps, runs }))
}

/// `repeat: 5` or `repeat: { count: 50, concurrency: 16, index: n }`.
pub(crate) fn repeat(r: &mut Reader<'_>, key: &Key, node: &Node) -> Option<Repeat> {
    let mut out = Repeat {
        loc: key.loc,
        count: 0,
        concurrency: 1,
        index: DEFAULT_INDEX.to_owned(),
    };
    let concurrency_node = match &node.kind {
        NodeKind::Int(_) => {
            out.count = bounded(r, node, "`count`", MAX_REPEAT)?;
            None
        }
        _ => {
            let entries = r.entries(
                node,
                "a repeat (`{ count: 50, concurrency: 16 }`)",
                REPEAT_KEYS,
            )?;
            let Some(count) = get(entries, "count") else {
                let d = r.at(
                    node.loc,
                    "`repeat` needs `count`: how many times the step is sent",
                );
                r.error(d.label("e.g. `repeat: { count: 50, concurrency: 16 }`"));
                return None;
            };
            out.count = bounded(r, count, "`count`", MAX_REPEAT)?;
            if let Some(index) = get(entries, "index") {
                out.index = index_name(r, index)?;
            }
            get(entries, "concurrency")
        }
    };
    if let Some(n) = concurrency_node {
        out.concurrency = bounded(r, n, "`concurrency`", MAX_CONCURRENCY)?;
        if out.concurrency > out.count {
            let d = r
                .at(
                    n.loc,
                    format!(
                        "`concurrency: {}` is more than the {} runs of the step",
                        out.concurrency, out.count
                    ),
                )
                .label(format!(
                    "at most `count` ({}) runs can be sent at once",
                    out.count
                ));
            r.error(d);
            return None;
        }
    }
    Some(out)
}

/// A whole number from 1 to `max`.
fn bounded(r: &mut Reader<'_>, node: &Node, what: &str, max: usize) -> Option<usize> {
    match node.kind {
        NodeKind::Int(n) if n >= 1 && n as u64 <= max as u64 => Some(n as usize),
        _ => {
            let d = r.at(
                node.loc,
                format!(
                    "{what} expects a whole number from 1 to {max}, found {}",
                    describe(node)
                ),
            );
            r.error(d);
            None
        }
    }
}

fn describe(node: &Node) -> String {
    match &node.kind {
        NodeKind::Int(n) => n.to_string(),
        _ => node.describe().to_owned(),
    }
}

fn index_name(r: &mut Reader<'_>, node: &Node) -> Option<String> {
    let name = r.string(node, "the name of the run's variable")?;
    let problem = if !is_var_name(&name) {
        Some(format!(
            "`{name}` cannot name a variable: use letters, digits and `_`, starting with a letter"
        ))
    } else if crate::model::BUILTIN_VARS.contains(&name.as_str()) {
        Some(format!(
            "`${name}` is set by the harness: choose another name"
        ))
    } else {
        None
    };
    match problem {
        Some(message) => {
            let d = r.at(node.loc, message);
            r.error(d);
            None
        }
        None => Some(name),
    }
}

/// `runs: [{ count: 1, status: 200 }, { count: 7, status: 412 }]`: each entry an expectation
/// and how many of the `total` responses meet it.
pub(crate) fn runs(r: &mut Reader<'_>, node: &Node, total: usize) -> Vec<Tally> {
    let keys: Vec<&str> = std::iter::once("count")
        .chain(crate::load::EXPECT_KEYS.iter().copied())
        .collect();
    let mut out = Vec::new();
    for item in r.seq(node, "a list of `{ count, ...expectation }`") {
        let Some(entries) = r.entries(item, "an entry of `runs`", &keys) else {
            continue;
        };
        let Some(count_node) = get(entries, "count") else {
            let d = r
                .at(
                    item.loc,
                    "an entry of `runs` needs `count`: how many responses meet it",
                )
                .label("e.g. `{ count: 1, status: 200 }`");
            r.error(d);
            continue;
        };
        let Some(count) = count(r, count_node, total) else {
            continue;
        };
        let expect = crate::load::expectation_of(r, entries);
        out.push(Tally {
            loc: item.loc,
            count: Spanned::new(count, count_node.loc),
            expect,
        });
    }
    out
}

/// `count: 1`, or a range: `count: { min: 1 }`, `count: { min: 1, max: 3 }`; within 0 to
/// `total`, the number of runs.
fn count(r: &mut Reader<'_>, node: &Node, total: usize) -> Option<Count> {
    let number = |r: &mut Reader<'_>, node: &Node| match node.kind {
        NodeKind::Int(n) if n >= 0 && n as u64 <= total as u64 => Some(n as usize),
        _ => {
            let d = r.at(
                node.loc,
                format!(
                    "`count` expects a number from 0 to {total} (the step's runs), found {}",
                    describe(node)
                ),
            );
            r.error(d);
            None
        }
    };
    if !matches!(node.kind, NodeKind::Map(_)) {
        let n = number(r, node)?;
        return Some(Count { min: n, max: n });
    }
    let entries = r.entries(node, "a range of counts (`{ min: 1, max: 3 }`)", COUNT_KEYS)?;
    let min = match get(entries, "min") {
        Some(n) => number(r, n)?,
        None => 0,
    };
    let max = match get(entries, "max") {
        Some(n) => number(r, n)?,
        None => total,
    };
    if min > max || entries.is_empty() {
        let d = r
            .at(
                node.loc,
                "`count` needs `min`, `max` or both, with `min` at most `max`",
            )
            .label("e.g. `{ min: 1 }` or `{ min: 1, max: 3 }`");
        r.error(d);
        return None;
    }
    Some(Count { min, max })
}

/// `timeout: 5s` (or `500ms`, `2m`, a number of seconds): more than zero.
pub(crate) fn timeout(r: &mut Reader<'_>, node: &Node) -> Option<Spanned<Duration>> {
    let parsed = match &node.kind {
        NodeKind::Int(n) => u64::try_from(*n).map(Duration::from_secs).ok(),
        NodeKind::Str(s) => match s.trim().strip_suffix("ms") {
            Some(ms) => ms.trim().parse().ok().map(Duration::from_millis),
            None => crate::send::parse_duration(s)
                .ok()
                .and_then(|secs| u64::try_from(secs).ok())
                .map(Duration::from_secs),
        },
        _ => None,
    };
    match parsed {
        Some(d) if !d.is_zero() => Some(Spanned::new(d, node.loc)),
        _ => {
            let d = r
                .at(
                    node.loc,
                    format!(
                        "`timeout` expects a duration above zero, found {}",
                        match &node.kind {
                            NodeKind::Str(s) => format!("`{s}`"),
                            _ => describe(node),
                        }
                    ),
                )
                .label("e.g. `5s`, `500ms`, `2m`");
            r.error(d);
            None
        }
    }
}

/// The problems of a step's `repeat`, `runs` and `snapshot` together.
pub(crate) fn check_step(r: &mut Reader<'_>, entries: &[(Key, Node)], step: &Step) {
    let key = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.loc)
    };
    if step.repeat.is_some()
        && step.snapshot
        && let Some(loc) = key("snapshot")
    {
        let d = r
            .at(loc, "a repeated step cannot be snapshotted")
            .label("its responses arrive in no fixed order: check them with `expect` and `runs`");
        r.error(d);
    }
    if step.repeat.is_none()
        && let Some(loc) = key("runs")
    {
        let d = r
            .at(loc, "`runs` counts the responses of a repeated step")
            .label("add `repeat: { count: ..., concurrency: ... }`, or send steps at once with `parallel`");
        r.error(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Count, Stage, Value};

    const PARTS: &str = r#"
cases:
  - name: parts at once
    steps:
      - op: CreateMultipartUpload
        with: { Bucket: $bucket, Key: big }
        save: { upload: UploadId }
      - op: UploadPart
        repeat: { count: 3, concurrency: 3, index: n }
        timeout: 500ms
        with: { Bucket: $bucket, Key: big, UploadId: $upload, PartNumber: $n, Body: "part $n" }
        save: { etag$n: ETag }
        runs:
          - { count: 3, status: 200 }
      - parallel:
          - op: PutObject
            with: { Bucket: $bucket, Key: k, Body: "a" }
          - op: PutObject
            with: { Bucket: $bucket, Key: k, Body: "b" }
            timeout: 2s
        runs:
          - { count: 2, status: 200 }
          - { count: { min: 1 }, status: 200 }
      - op: CompleteMultipartUpload
        with:
          Bucket: $bucket
          Key: big
          UploadId: $upload
          MultipartUpload: { Parts: [ { PartNumber: 1, ETag: $etag1 }, { PartNumber: 3, ETag: $etag3 } ] }
      - op: HeadObject
        with: { Bucket: $bucket, Key: k }
        expect: { headers: { etag: { one-of: [$etag1, $etag2] } } }
"#;

    fn errors(yaml: &str) -> Vec<String> {
        match crate::load_str("s.yaml", yaml, "s") {
            Ok(_) => Vec::new(),
            Err(diags) => diags
                .into_iter()
                .map(|d| format!("{}:{} {}", d.loc.line, d.loc.col, d.message))
                .collect(),
        }
    }

    fn one_step(step: &str) -> Vec<String> {
        errors(&format!(
            "cases:\n  - name: c\n    steps:\n      - {step}\n"
        ))
    }

    #[test]
    fn reads_repeats_parallels_counts_and_timeouts() {
        let suite = crate::load_str("s.yaml", PARTS, "s").expect("valid");
        let steps = &suite.cases[0].steps;
        let Stage::Step(parts) = &steps[1] else {
            panic!("a step")
        };
        let repeat = parts.repeat.as_ref().expect("repeated");
        assert_eq!(
            (repeat.count, repeat.concurrency, repeat.index.as_str()),
            (3, 3, "n")
        );
        assert_eq!(
            parts.timeout.as_ref().map(|t| t.value.as_millis()),
            Some(500)
        );
        assert_eq!(parts.runs[0].count.value, Count { min: 3, max: 3 });
        let Stage::Parallel(p) = &steps[2] else {
            panic!("a parallel")
        };
        assert_eq!(p.runs[1].count.value, Count { min: 1, max: 2 });
        assert_eq!(p.runs[1].count.value.to_string(), "1 to 2");
        assert_eq!(parts.save[0].var_for(Some(("n", 7))), "etag7");
        let Stage::Parallel(p) = &steps[2] else {
            panic!("a parallel")
        };
        assert_eq!((p.steps.len(), p.runs.len(), p.loc.line), (2, 2, 15));
        assert_eq!(
            p.steps[1].timeout.as_ref().map(|t| t.value.as_secs()),
            Some(2)
        );
        assert!(matches!(&p.steps[0].params()[2].value, Value::Text(_)));
    }

    #[test]
    fn repeat_mistakes_are_errors_at_their_place() {
        let put = "op: PutObject\n        with: { Bucket: $bucket, Key: k$i, Body: x }";
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: {{ count: 4, concurrency: 0 }}"
            )),
            ["6:42 `concurrency` expects a whole number from 1 to 1024, found 0"]
        );
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: {{ count: 4, concurrency: 8 }}"
            )),
            ["6:42 `concurrency: 8` is more than the 4 runs of the step"]
        );
        assert_eq!(
            one_step(&format!("{put}\n        repeat: {{ count: 0 }}")),
            ["6:26 `count` expects a whole number from 1 to 10000, found 0"]
        );
        assert_eq!(
            one_step(&format!("{put}\n        repeat: {{ cuont: 4 }}")),
            [
                "6:17 `repeat` needs `count`: how many times the step is sent",
                "6:19 unknown key `cuont` in a repeat (`{ count: 50, concurrency: 16 }`)"
            ]
        );
        assert_eq!(
            one_step(&format!("{put}\n        repeat: 2\n        snapshot: true")),
            ["7:9 a repeated step cannot be snapshotted"]
        );
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: 2\n        save: {{ etag: ETag }}"
            )),
            ["7:17 every run of the repeated step would save `$etag`"]
        );
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: {{ count: 2, index: bucket }}"
            )),
            ["6:36 `$bucket` is set by the harness: choose another name"]
        );
        assert_eq!(
            one_step("op: ListBuckets\n        runs: [{ count: 1 }]"),
            ["5:9 `runs` counts the responses of a repeated step"]
        );
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: 2\n        runs: [{{ count: 3 }}]"
            )),
            ["7:25 `count` expects a number from 0 to 2 (the step's runs), found 3"]
        );
        assert_eq!(
            one_step(&format!(
                "{put}\n        repeat: 2\n        runs: [{{ status: 200 }}]"
            )),
            ["7:16 an entry of `runs` needs `count`: how many responses meet it"]
        );
        assert_eq!(
            one_step(
                "op: PutObject\n        with: { Bucket: $bucket, Key: k, Body: x }\n        save: { etag$i: ETag }"
            ),
            ["6:17 `etag$i` cannot name a variable"]
        );
        assert_eq!(
            one_step("op: PutObject\n        with: { Bucket: $bucket, Key: k$n, Body: x }"),
            ["5:39 unknown variable `$n`"]
        );
    }

    #[test]
    fn parallel_mistakes_are_errors_at_their_place() {
        let put = |key: &str| {
            format!(
                "          - op: PutObject\n            with: {{ Bucket: $bucket, Key: {key}, Body: x }}\n"
            )
        };
        let parallel = |extra: &str| {
            format!(
                "cases:\n  - name: c\n    steps:\n      - parallel:\n{}{}{extra}",
                put("a"),
                put("b")
            )
        };
        assert_eq!(errors(&parallel("")), Vec::<String>::new());
        assert_eq!(
            errors(&parallel("            repeat: 2\n")),
            ["9:13 `repeat` cannot be given to a step of `parallel`"]
        );
        assert_eq!(
            errors(&parallel("            snapshot: true\n")),
            ["9:13 `snapshot` cannot be given to a step of `parallel`"]
        );
        assert_eq!(
            errors(&parallel("        op: ListBuckets\n")),
            ["9:9 unknown key `op` in a `parallel` step"]
        );
        assert_eq!(
            errors(&parallel("        runs: [{ count: 3 }]\n")),
            ["9:25 `count` expects a number from 0 to 2 (the step's runs), found 3"]
        );
        let saves = parallel("            save: { e: ETag }\n").replacen(
            "Key: a, Body: x }\n",
            "Key: a, Body: x }\n            save: { e: ETag }\n",
            1,
        );
        assert_eq!(
            errors(&saves),
            ["10:21 `$e` is saved by two steps of this `parallel`"]
        );
        assert_eq!(
            errors(&format!(
                "cases:\n  - name: c\n    steps:\n      - parallel:\n{}",
                put("a")
            )),
            ["4:9 `parallel` needs at least two steps"]
        );
        let nested = parallel("          - parallel: []\n");
        assert!(
            errors(&nested)
                .iter()
                .any(|e| e.contains("`parallel` cannot be given to a step of `parallel`")),
            "{:?}",
            errors(&nested)
        );
    }

    #[test]
    fn a_timeout_is_a_duration_above_zero() {
        let step = |t: &str| one_step(&format!("op: ListBuckets\n        timeout: {t}"));
        assert_eq!(step("5s"), Vec::<String>::new());
        assert_eq!(step("250ms"), Vec::<String>::new());
        assert_eq!(step("2"), Vec::<String>::new());
        assert_eq!(
            step("0s"),
            ["5:18 `timeout` expects a duration above zero, found `0s`"]
        );
        assert_eq!(
            step("soon"),
            ["5:18 `timeout` expects a duration above zero, found `soon`"]
        );
    }
}
