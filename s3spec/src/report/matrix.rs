//! The compatibility matrix: cases (rows, grouped by area and suite) against targets (columns),
//! made from the run records of several targets, as Markdown, JSON or a self-contained HTML page.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Value, json};

use crate::results::Status;
use crate::runner::{CaseRecord, RunRecord};

/// One cell: what a case did on one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Pass,
    Fail,
    Error,
    /// Differs from AWS as its known-differences entry says.
    Known,
    /// A known difference that no longer occurs.
    UnexpectedPass,
    Skipped,
    /// The target's run did not include the case.
    Absent,
}

impl Cell {
    fn of(c: &CaseRecord) -> Cell {
        match c.status {
            _ if c.stale => Cell::UnexpectedPass,
            Status::Passed => Cell::Pass,
            Status::Failed => Cell::Fail,
            Status::Error => Cell::Error,
            Status::KnownDifference => Cell::Known,
            Status::Skipped => Cell::Skipped,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Cell::Pass => "pass",
            Cell::Fail => "fail",
            Cell::Error => "error",
            Cell::Known => "known",
            Cell::UnexpectedPass => "unexpected-pass",
            Cell::Skipped => "skipped",
            Cell::Absent => "absent",
        }
    }

    fn markdown(self) -> &'static str {
        match self {
            Cell::Pass => "✅",
            Cell::Fail => "❌ fail",
            Cell::Error => "⛔ error",
            Cell::Known => "🟡 known",
            Cell::UnexpectedPass => "🔁 unexpected pass",
            Cell::Skipped => "⏭ skipped",
            Cell::Absent => "–",
        }
    }
}

/// A case across targets.
#[derive(Debug)]
pub struct Row<'a> {
    pub area: String,
    pub case: &'a CaseRecord,
    /// Per target, in the runs' order: the cell and its reason.
    pub cells: Vec<(Cell, String)>,
}

/// The matrix of `runs`, one column per run.
#[derive(Debug)]
pub struct Matrix<'a> {
    pub runs: &'a [RunRecord],
    pub rows: Vec<Row<'a>>,
    /// When it was made, RFC 3339.
    pub made: String,
}

/// The area of a suite module: its first folder (`auth` for `auth::presigned`), or the suite
/// itself at the top (`multipart`). `--filter area=` selects by the same name.
pub fn area(module: &str) -> String {
    module
        .split("::")
        .next()
        .unwrap_or(module)
        .replace('_', "-")
}

impl<'a> Matrix<'a> {
    pub fn new(runs: &'a [RunRecord], made: String) -> Matrix<'a> {
        let mut order: Vec<(&str, &str)> = Vec::new();
        let mut first: BTreeMap<(&str, &str), &CaseRecord> = BTreeMap::new();
        for run in runs {
            for c in &run.cases {
                let key = (c.suite.as_str(), c.case.as_str());
                if first.insert(key, c).is_none() {
                    order.push(key);
                }
            }
        }
        let index: Vec<BTreeMap<(&str, &str), &CaseRecord>> = runs
            .iter()
            .map(|r| {
                r.cases
                    .iter()
                    .map(|c| ((c.suite.as_str(), c.case.as_str()), c))
                    .collect()
            })
            .collect();
        let mut rows: Vec<Row<'a>> = order
            .iter()
            .filter_map(|key| {
                let case = *first.get(key)?;
                let cells = index
                    .iter()
                    .map(|by_case| match by_case.get(key) {
                        Some(c) => (Cell::of(c), reason(c)),
                        None => (Cell::Absent, String::new()),
                    })
                    .collect();
                Some(Row {
                    area: area(&case.module),
                    case,
                    cells,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            (&a.area, &a.case.module, a.case.line).cmp(&(&b.area, &b.case.module, b.case.line))
        });
        Matrix { runs, rows, made }
    }

    /// Cells of each kind in the column of run `i`.
    fn count(&self, i: usize, cell: Cell) -> usize {
        self.rows.iter().filter(|r| r.cells[i].0 == cell).count()
    }

    pub fn markdown(&self) -> String {
        let mut out = String::from("# S3 compatibility matrix\n\n");
        let _ = writeln!(
            out,
            "Made {} by s3spec {} from one run per target; each case states what AWS S3 does.\n",
            self.made,
            self.runs.first().map_or("", |r| r.s3spec.as_str())
        );
        out.push_str("| target | version | run started | pass | known difference | fail | error | skipped | unexpected pass |\n|---|---|---|---|---|---|---|---|---|\n");
        for (i, run) in self.runs.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                run.target,
                run.target_version.as_deref().unwrap_or("?"),
                run.started,
                self.count(i, Cell::Pass),
                self.count(i, Cell::Known),
                self.count(i, Cell::Fail),
                self.count(i, Cell::Error),
                self.count(i, Cell::Skipped),
                self.count(i, Cell::UnexpectedPass),
            );
        }
        out.push_str("\n✅ passes · 🟡 differs from AWS as recorded (the footnote gives the reason) · ❌ fails · ⛔ no answer · ⏭ skipped (the target lacks what the case needs) · 🔁 a recorded difference that no longer occurs\n");
        let mut notes = String::new();
        let mut n = 0;
        let mut area = "";
        for row in &self.rows {
            if row.area != area {
                area = &row.area;
                let _ = write!(out, "\n## {area}\n\n| suite | case |");
                for run in self.runs {
                    let _ = write!(out, " {} |", run.target);
                }
                out.push_str("\n|---|---|");
                out.push_str(&"---|".repeat(self.runs.len()));
                out.push('\n');
            }
            let _ = write!(out, "| {} | {} |", row.case.suite, md(&row.case.case));
            for (i, (cell, reason)) in row.cells.iter().enumerate() {
                if reason.is_empty() || matches!(cell, Cell::Pass) {
                    let _ = write!(out, " {} |", cell.markdown());
                } else {
                    n += 1;
                    let _ = write!(out, " {}[^{n}] |", cell.markdown());
                    let _ = writeln!(notes, "[^{n}]: {}: {}", self.runs[i].target, md(reason));
                }
            }
            out.push('\n');
        }
        if !notes.is_empty() {
            out.push('\n');
            out.push_str(&notes);
        }
        out
    }

    pub fn json(&self) -> Value {
        json!({
            "made": self.made,
            "s3spec": self.runs.first().map(|r| r.s3spec.clone()),
            "targets": self.runs.iter().map(|r| json!({
                "name": r.target,
                "version": r.target_version,
                "started": r.started,
            })).collect::<Vec<_>>(),
            "rows": self.rows.iter().map(|row| json!({
                "area": row.area,
                "suite": row.case.suite,
                "case": row.case.case,
                "test": format!("{}::{}", row.case.module, s3spec_suite::names::rust_name(&row.case.case)),
                "file": row.case.file,
                "line": row.case.line,
                "aws": row.case.source.aws,
                "cells": row.cells.iter().map(|(c, reason)| json!({
                    "cell": c.name(),
                    "reason": reason,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }

    pub fn html(&self) -> String {
        let data = serde_json::to_string(&self.json())
            .unwrap_or_default()
            .replace("</", "<\\/");
        PAGE.replace("/*DATA*/", &data)
    }
}

/// Why a cell is what it is: the known differences, or what failed or was skipped.
fn reason(c: &CaseRecord) -> String {
    match c.status {
        Status::KnownDifference => c.known.join("; "),
        Status::Passed => String::new(),
        _ => c.detail.clone(),
    }
}

/// Text in a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

const PAGE: &str = include_str!("matrix.html");

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn run(target: &str, cases: &[(&str, Status, bool)]) -> RunRecord {
        RunRecord {
            target: target.into(),
            endpoint: String::new(),
            target_version: None,
            s3spec: "0.1.0".into(),
            started: "2026-12-01T00:00:00Z".into(),
            duration: Duration::ZERO,
            cases: cases
                .iter()
                .enumerate()
                .map(|(i, (name, status, stale))| CaseRecord {
                    suite: "s".into(),
                    case: (*name).into(),
                    file: "suites/a/s.yaml".into(),
                    line: i + 1,
                    module: "a::s".into(),
                    target: target.into(),
                    status: *status,
                    detail: if *stale {
                        "stale known difference".into()
                    } else {
                        String::new()
                    },
                    known: if *status == Status::KnownDifference {
                        vec!["step 1: x | y".into()]
                    } else {
                        vec![]
                    },
                    report: None,
                    snapshot_error: None,
                    stale: *stale,
                    duration: Duration::ZERO,
                    requests: 1,
                    source: Default::default(),
                    steps: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn cells_footnotes_and_absent_cases() {
        let runs = [
            run(
                "one",
                &[
                    ("c1", Status::Passed, false),
                    ("c2", Status::KnownDifference, false),
                ],
            ),
            run("two", &[("c1", Status::Failed, true)]),
        ];
        let m = Matrix::new(&runs, "2026-12-01T00:00:00Z".into());
        let md = m.markdown();
        assert!(
            md.contains("| s | c1 | ✅ | 🔁 unexpected pass[^1] |"),
            "{md}"
        );
        assert!(md.contains("| s | c2 | 🟡 known[^2] | – |"), "{md}");
        assert!(md.contains("[^2]: one: step 1: x \\| y"), "{md}");
        assert!(
            md.contains("| one | ? | 2026-12-01T00:00:00Z | 1 | 1 | 0 | 0 | 0 | 0 |"),
            "{md}"
        );
        let html = m.html();
        assert!(html.contains("\"cell\":\"unexpected-pass\""));
        assert!(!html.contains("/*DATA*/"));
    }
}
