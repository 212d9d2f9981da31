//! Source locations and diagnostics that point into a suite file.

use std::fmt;
use std::sync::Arc;

/// A position in a suite file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub line: usize,
    pub col: usize,
    /// How many characters the located item spans on its line (at least 1).
    pub width: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A value together with the place in the suite file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Spanned<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

/// A suite file's text with the path it is reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages, relative to the crate that runs the suites.
    pub path: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }

    /// A diagnostic pointing at `loc` in this file.
    pub fn diagnostic(&self, loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            path: self.path.clone(),
            loc,
            line_text: self.line(loc.line).to_owned(),
            label: None,
            notes: Vec::new(),
        }
    }
}

/// One problem found in a suite, rendered like a compiler error.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub message: String,
    pub path: String,
    pub loc: Loc,
    pub line_text: String,
    pub label: Option<String>,
    /// Lines rendered after the code frame as `= note` (e.g. `help: did you mean ...`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds `help: did you mean ...` when a suggestion exists.
    pub fn suggest(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.note(format!("help: did you mean `{s}`?")),
            None => self,
        }
    }
}

/// Diagnostics as one text, each starting `error: `, blank lines between.
pub fn render_errors(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("error: {d}"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The most characters of a source line a diagnostic shows.
const MAX_LINE: usize = 160;
/// The most characters of a message, label or note (a name can be megabytes long).
const MAX_MESSAGE: usize = 2000;

fn clipped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= max {
        return text.into();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}… ({} characters)", text.chars().count()).into()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line_no = self.loc.line.to_string();
        let gutter = " ".repeat(line_no.len());
        writeln!(f, "{}", clipped(&self.message, MAX_MESSAGE))?;
        writeln!(
            f,
            "{gutter}--> {}:{}:{}",
            self.path, self.loc.line, self.loc.col
        )?;
        writeln!(f, "{gutter} |")?;
        // A long line is shown as a window around the column.
        let chars: Vec<char> = self.line_text.chars().collect();
        let col = self.loc.col.saturating_sub(1);
        let (start, lead) = if chars.len() > MAX_LINE && col > MAX_LINE / 3 {
            (col - MAX_LINE / 3, "…")
        } else {
            (0, "")
        };
        let end = (start + MAX_LINE).min(chars.len());
        let trail = if end < chars.len() { "…" } else { "" };
        let shown: String = chars[start.min(end)..end].iter().collect();
        writeln!(f, "{line_no} | {lead}{shown}{trail}")?;
        let pad = " ".repeat(col - start + lead.chars().count());
        let marks = "^".repeat(self.loc.width.clamp(1, MAX_LINE));
        match &self.label {
            Some(label) => write!(f, "{gutter} | {pad}{marks} {}", clipped(label, MAX_MESSAGE))?,
            None => write!(f, "{gutter} | {pad}{marks}")?,
        }
        for note in &self.notes {
            write!(f, "\n{gutter} = {}", clipped(note, MAX_MESSAGE))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_code_frame_with_label_and_notes() {
        let file = SourceFile::new("suites/a.yaml", "cases:\n  - name: x\n    statsu: 200\n");
        let d = file
            .diagnostic(
                Loc {
                    line: 3,
                    col: 5,
                    width: 6,
                },
                "unknown key `statsu`",
            )
            .label("not a step key")
            .suggest(Some("status"));
        let expected = "unknown key `statsu`\n --> suites/a.yaml:3:5\n  |\n3 |     statsu: 200\n  |     ^^^^^^ not a step key\n  = help: did you mean `status`?";
        assert_eq!(d.to_string(), expected);
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_and_long_messages_are_clipped() {
        let line = format!("{}BAD{}", "a".repeat(1000), "b".repeat(1000));
        let file = SourceFile::new("s.yaml", format!("{line}\n"));
        let d = file.diagnostic(
            Loc {
                line: 1,
                col: 1001,
                width: 3,
            },
            format!("unknown `{}`", "x".repeat(10_000)),
        );
        let text = d.to_string();
        assert!(text.len() < 3000, "{} bytes", text.len());
        assert!(text.contains("… (10010 characters)"), "{text}");
        let shown = text.lines().nth(3).unwrap_or_default();
        let marks = text.lines().nth(4).unwrap_or_default();
        let col = marks.chars().position(|c| c == '^').unwrap_or(0);
        let under: String = shown.chars().skip(col).take(3).collect();
        assert_eq!(under, "BAD", "{shown}\n{marks}");
    }
}
