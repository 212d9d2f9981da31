//! Known differences: where a target is known to differ from AWS S3 behaviour, recorded next to
//! its snapshots in `snapshots/<target>/known-differences.yaml` with the reason.
//!
//! A case with a known difference still runs and its snapshots are still checked; only the
//! listed step's mismatches are accepted. A listed case that passes is reported as stale.
//!
//! The file is read with the suites' YAML reader, so its mistakes are reported the same way,
//! and [`check`] holds every entry against the loaded suites, at compile time (the macro) and
//! when a test runs.

use std::path::Path;

use crate::load::Reader;
use crate::model::Suite;
use crate::node::{self, Key, Node, NodeKind};
use crate::source::{Diagnostic, Loc, SourceFile};
use crate::suggest::did_you_mean;

pub const FILE_NAME: &str = "known-differences.yaml";
const KEYS: &[&str] = &["suite", "case", "step", "reason", "link", "intermittent"];

/// One recorded difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDifference {
    pub suite: String,
    pub case: String,
    /// The 1-based step of the case whose mismatches are expected.
    pub step: usize,
    pub reason: String,
    pub link: Option<String>,
    /// The difference shows on some runs only (e.g. an unordered listing): passing is then not
    /// reported as stale.
    pub intermittent: bool,
    /// Where the entry is written, for "remove this entry" messages.
    pub loc: Loc,
    /// Where its `suite`, `case` and `step` values are written.
    pub suite_loc: Loc,
    pub case_loc: Loc,
    pub step_loc: Loc,
}

/// A known-differences file as read: its entries and the file, for diagnostics.
#[derive(Debug, Clone)]
pub struct KnownFile {
    pub file: SourceFile,
    pub entries: Vec<KnownDifference>,
}

/// The known differences in `dir` (`snapshots/<target>`); an absent file means none.
/// `display_dir` is how messages name the folder.
pub fn load(dir: &Path, display_dir: &str) -> Result<KnownFile, Vec<Diagnostic>> {
    let display = format!("{display_dir}/{FILE_NAME}");
    match std::fs::read_to_string(dir.join(FILE_NAME)) {
        Ok(text) => {
            let file = SourceFile::new(display, text);
            let entries = parse(&file)?;
            Ok(KnownFile { file, entries })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(KnownFile {
            file: SourceFile::new(display, ""),
            entries: Vec::new(),
        }),
        Err(e) => {
            let file = SourceFile::new(display, "");
            Err(vec![
                file.diagnostic(start(), format!("failed to read: {e}")),
            ])
        }
    }
}

fn start() -> Loc {
    Loc {
        line: 1,
        col: 1,
        width: 1,
    }
}

/// Reads the entries of a known-differences file; every mistake is reported.
pub fn parse(file: &SourceFile) -> Result<Vec<KnownDifference>, Vec<Diagnostic>> {
    let root = node::parse(file).map_err(|d| vec![*d])?;
    let mut r = Reader {
        file,
        diags: Vec::new(),
        dropped_steps: 0,
        identities: Vec::new(),
    };
    let items = r.seq(&root, "a list of known differences");
    let out: Vec<KnownDifference> = items.iter().filter_map(|i| entry(&mut r, i)).collect();
    if r.diags.is_empty() {
        Ok(out)
    } else {
        Err(r.diags)
    }
}

fn field<'n>(entries: &'n [(Key, Node)], name: &str) -> Option<&'n Node> {
    entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v)
}

fn entry(r: &mut Reader<'_>, item: &Node) -> Option<KnownDifference> {
    let entries = r.entries(item, "a known difference", KEYS)?;
    let text = |r: &mut Reader<'_>, name: &str| {
        let node = field(entries, name)?;
        match r.string(node, &format!("`{name}`")) {
            Some(s) if !s.trim().is_empty() => Some((s, node.loc)),
            Some(_) => {
                let d = r.at(node.loc, format!("`{name}` expects non-empty text"));
                r.error(d);
                None
            }
            None => None,
        }
    };
    let suite = text(r, "suite");
    let case = text(r, "case");
    let reason = text(r, "reason");
    let link = text(r, "link").map(|(s, _)| s);
    let step = field(entries, "step").and_then(|n| match n.kind {
        NodeKind::Int(i) if i >= 1 => Some((i as usize, n.loc)),
        _ => {
            let d = r.at(
                n.loc,
                "`step` expects the 1-based number of the case's step",
            );
            r.error(d);
            None
        }
    });
    let intermittent = field(entries, "intermittent")
        .and_then(|n| r.bool(n, "`intermittent`"))
        .unwrap_or(false);
    let missing: Vec<&str> = ["suite", "case", "step", "reason"]
        .into_iter()
        .filter(|k| field(entries, k).is_none())
        .collect();
    if !missing.is_empty() {
        let d = r
            .at(
                item.loc,
                "a known difference needs `suite`, `case`, `step` and `reason`",
            )
            .label(format!("missing: {}", missing.join(", ")));
        r.error(d);
    }
    let ((suite, suite_loc), (case, case_loc), (step, step_loc), (reason, _)) =
        (suite?, case?, step?, reason?);
    Some(KnownDifference {
        suite,
        case,
        step,
        reason,
        link,
        intermittent,
        loc: item.loc,
        suite_loc,
        case_loc,
        step_loc,
    })
}

/// Every entry of `known` that names no suite among `suites`, no case of its suite, or no step
/// of its case.
pub fn check(known: &KnownFile, suites: &[&Suite]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for k in &known.entries {
        let Some(suite) = suites.iter().find(|s| s.name == k.suite) else {
            let names = suites.iter().map(|s| s.name.as_str());
            let d = known
                .file
                .diagnostic(k.suite_loc, format!("no suite named `{}`", k.suite))
                .label("not a suite of these tests")
                .suggest(did_you_mean(&k.suite, names));
            diags.push(d);
            continue;
        };
        let Some(case) = suite.case(&k.case) else {
            let names = suite.cases.iter().map(|c| c.name.as_str());
            let d = known
                .file
                .diagnostic(
                    k.case_loc,
                    format!("suite `{}` has no case `{}`", k.suite, k.case),
                )
                .label(format!("not a case of {}", suite.source.path))
                .suggest(did_you_mean(&k.case, names));
            diags.push(d);
            continue;
        };
        if k.step > case.steps.len() {
            let d = known
                .file
                .diagnostic(
                    k.step_loc,
                    format!("case `{}` has no step {}", k.case, k.step),
                )
                .label(format!(
                    "the case has {} step(s), numbered from 1",
                    case.steps.len()
                ))
                .note(format!(
                    "the case is at {}:{}",
                    suite.source.path, case.loc.line
                ));
            diags.push(d);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("snapshots/embedded/known-differences.yaml", text)
    }

    const SUITE: &str = "suite: multipart\ncases:\n  - name: a small part is rejected\n    steps:\n      - op: ListBuckets\n      - op: ListBuckets\n";

    fn known(text: &str) -> KnownFile {
        let file = file(text);
        let entries = parse(&file).expect("valid entries");
        KnownFile { file, entries }
    }

    #[test]
    fn reads_entries_and_rejects_incomplete_ones() {
        let list = parse(&file(
            "- suite: multipart\n  case: small part\n  step: 4\n  reason: not enforced\n",
        ))
        .expect("valid");
        assert_eq!(list[0].step, 4);
        assert_eq!((list[0].loc.line, list[0].case_loc.line), (1, 2));

        let errs = parse(&file(
            "- suite: multipart\n  case: small part\n  reasn: typo\n",
        ))
        .expect_err("missing reason and step");
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t.contains("did you mean `reason`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("missing: step, reason")),
            "{text:?}"
        );
        let errs = parse(&file(
            "- suite: s\n  case: c\n  step: 0\n  reason: r\n  intermittent: sometimes\n",
        ))
        .expect_err("bad step and flag");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].loc.line, 3);
    }

    #[test]
    fn entries_must_name_a_suite_case_and_step_that_exist() {
        let suite = crate::load_str("suites/multipart.yaml", SUITE, "multipart").expect("valid");
        let ok =
            known("- suite: multipart\n  case: a small part is rejected\n  step: 2\n  reason: r\n");
        assert_eq!(check(&ok, &[&suite]), []);

        let bad = known(
            "- suite: multipart\n  case: a small part is rejectd\n  step: 1\n  reason: r\n\
             - suite: multpart\n  case: x\n  step: 1\n  reason: r\n\
             - suite: multipart\n  case: a small part is rejected\n  step: 3\n  reason: r\n",
        );
        let diags = check(&bad, &[&suite]);
        let rendered: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(diags.len(), 3, "{rendered:#?}");
        assert_eq!(
            diags[0].message,
            "suite `multipart` has no case `a small part is rejectd`"
        );
        assert!(
            rendered[0].contains("did you mean `a small part is rejected`"),
            "{}",
            rendered[0]
        );
        assert_eq!((diags[0].loc.line, diags[0].loc.col), (2, 9));
        assert!(
            rendered[1].contains("did you mean `multipart`"),
            "{}",
            rendered[1]
        );
        assert_eq!(
            diags[2].message,
            "case `a small part is rejected` has no step 3"
        );
        assert_eq!(diags[2].loc.line, 11);
    }
}
