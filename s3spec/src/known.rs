//! Known differences: where a target is known to differ from AWS S3 behaviour, recorded next to
//! its snapshots in `snapshots/<target>/known-differences.yaml` with the reason.
//!
//! A case with a known difference still runs and its snapshots are still checked; only the
//! listed step's mismatches are accepted. A listed case that passes is reported as stale.

use std::path::Path;

use s3spec_suite::node::{self, Node, NodeKind};
use s3spec_suite::{Diagnostic, Loc, SourceFile};

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
}

/// The known differences of one target; an absent file means none.
pub fn load(dir: &Path, display_dir: &str) -> Result<Vec<KnownDifference>, Vec<Diagnostic>> {
    let path = dir.join(FILE_NAME);
    let display = format!("{display_dir}/{FILE_NAME}");
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&SourceFile::new(display, text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => {
            let file = SourceFile::new(display, "");
            Err(vec![file.diagnostic(
                Loc {
                    line: 1,
                    col: 1,
                    width: 1,
                },
                format!("failed to read: {e}"),
            )])
        }
    }
}

pub fn parse(file: &SourceFile) -> Result<Vec<KnownDifference>, Vec<Diagnostic>> {
    let root = node::parse(file).map_err(|d| vec![*d])?;
    let mut diags = Vec::new();
    let mut out = Vec::new();
    let items: &[Node] = match &root.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => &[],
        _ => {
            return Err(vec![
                file.diagnostic(root.loc, "expected a list of known differences"),
            ]);
        }
    };
    for item in items {
        match entry(file, item) {
            Ok(d) => out.push(d),
            Err(mut e) => diags.append(&mut e),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

fn entry(file: &SourceFile, item: &Node) -> Result<KnownDifference, Vec<Diagnostic>> {
    let NodeKind::Map(entries) = &item.kind else {
        return Err(vec![file.diagnostic(
            item.loc,
            "expected a mapping with suite, case, step and reason",
        )]);
    };
    let mut diags = Vec::new();
    for (key, _) in entries {
        if !KEYS.contains(&key.name.as_str()) {
            let d = file
                .diagnostic(
                    key.loc,
                    format!("unknown key `{}` in a known difference", key.name),
                )
                .label(format!("expected one of: {}", KEYS.join(", ")))
                .suggest(s3spec_suite::suggest::did_you_mean(
                    &key.name,
                    KEYS.iter().copied(),
                ));
            diags.push(d);
        }
    }
    let mut text = |name: &str| match entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v) {
        Some(Node {
            kind: NodeKind::Str(s),
            ..
        }) if !s.trim().is_empty() => Some(s.clone()),
        Some(other) => {
            diags.push(file.diagnostic(other.loc, format!("`{name}` expects non-empty text")));
            None
        }
        None => None,
    };
    let (suite, case, reason, link) = (text("suite"), text("case"), text("reason"), text("link"));
    let step = match entries
        .iter()
        .find(|(k, _)| k.name == "step")
        .map(|(_, v)| v)
    {
        Some(Node {
            kind: NodeKind::Int(n),
            ..
        }) if *n >= 1 => Some(*n as usize),
        Some(other) => {
            diags.push(file.diagnostic(
                other.loc,
                "`step` expects the 1-based number of the case's step",
            ));
            None
        }
        None => None,
    };
    let intermittent = match entries
        .iter()
        .find(|(k, _)| k.name == "intermittent")
        .map(|(_, v)| v)
    {
        Some(Node {
            kind: NodeKind::Bool(b),
            ..
        }) => *b,
        Some(other) => {
            diags.push(file.diagnostic(other.loc, "`intermittent` expects true or false"));
            false
        }
        None => false,
    };
    match (suite, case, step, reason) {
        (Some(suite), Some(case), Some(step), Some(reason)) if diags.is_empty() => {
            Ok(KnownDifference {
                suite,
                case,
                step,
                reason,
                link,
                intermittent,
                loc: item.loc,
            })
        }
        _ => {
            diags.push(file.diagnostic(
                item.loc,
                "a known difference needs `suite`, `case`, `step` and `reason`",
            ));
            Err(diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_rejects_incomplete_ones() {
        let file = SourceFile::new(
            "snapshots/embedded/known-differences.yaml",
            "- suite: multipart\n  case: small part\n  step: 4\n  reason: not enforced\n",
        );
        let list = parse(&file).expect("valid");
        assert_eq!(list[0].step, 4);
        assert_eq!(list[0].loc.line, 1);

        let bad = SourceFile::new(
            "k.yaml",
            "- suite: multipart\n  case: small part\n  reasn: typo\n",
        );
        let errs = parse(&bad).expect_err("missing reason and step");
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t.contains("did you mean `reason`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("needs `suite`, `case`, `step` and `reason`")),
            "{text:?}"
        );
    }
}
