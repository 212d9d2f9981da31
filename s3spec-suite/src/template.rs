//! Strings with `$variable` references, resolved when a step runs.

use std::fmt;

/// A string with variable references: `$name`, `${name}`, and `$$` for a literal `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Literal(String),
    Var(String),
}

impl Template {
    /// Parses a template; the error says what is wrong with a `$` reference.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c != '$' {
                literal.push(c);
                continue;
            }
            let name = match chars.peek().map(|&(_, c)| c) {
                Some('$') => {
                    chars.next();
                    literal.push('$');
                    continue;
                }
                Some('{') => {
                    chars.next();
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, c)) => name.push(c),
                            None => return Err(format!("unclosed `${{` in {text:?}")),
                        }
                    }
                    name
                }
                _ => {
                    let mut name = String::new();
                    while let Some(&(_, c)) = chars.peek() {
                        if !(c.is_ascii_alphanumeric() || c == '_') {
                            break;
                        }
                        name.push(c);
                        chars.next();
                    }
                    name
                }
            };
            if !is_var_name(&name) {
                return Err(format!(
                    "`${name}` is not a variable reference: names are letters, digits and `_`, starting with a letter (write `$$` for a literal `$`)"
                ));
            }
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Var(name));
        }
        if !literal.is_empty() || pieces.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Ok(Self { pieces })
    }

    /// A template without variables.
    pub fn literal(text: impl Into<String>) -> Self {
        Self {
            pieces: vec![Piece::Literal(text.into())],
        }
    }

    /// The variables the template refers to, in order.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Var(v) => Some(v.as_str()),
            Piece::Literal(_) => None,
        })
    }

    /// The text when the template has no variables.
    pub fn as_literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Literal(s)] => Some(s),
            _ => None,
        }
    }

    /// Fills in the variables; the error names the first unknown one.
    pub fn render<'a>(&self, lookup: impl Fn(&str) -> Option<&'a str>) -> Result<String, String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(s) => out.push_str(s),
                Piece::Var(v) => out.push_str(lookup(v).ok_or_else(|| v.clone())?),
            }
        }
        Ok(out)
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                Piece::Literal(s) => write!(f, "{}", s.replace('$', "$$"))?,
                Piece::Var(v) => write!(f, "${{{v}}}")?,
            }
        }
        Ok(())
    }
}

/// Whether `name` can name a variable.
pub fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(t: &Template) -> Vec<&str> {
        t.vars().collect()
    }

    #[test]
    fn parses_bare_braced_and_escaped_references() {
        let t = Template::parse("$bucket/${key}.txt costs $$5").expect("valid");
        assert_eq!(vars(&t), ["bucket", "key"]);
        let rendered = t.render(|v| if v == "bucket" { Some("b1") } else { Some("k") });
        assert_eq!(rendered.as_deref(), Ok("b1/k.txt costs $5"));
    }

    #[test]
    fn literal_text_stays_literal() {
        let t = Template::parse("hello").expect("valid");
        assert_eq!(t.as_literal(), Some("hello"));
        assert_eq!(Template::parse("").expect("valid").as_literal(), Some(""));
    }

    #[test]
    fn rejects_malformed_references() {
        assert!(Template::parse("a $ b").is_err());
        assert!(Template::parse("${unclosed").is_err());
        assert!(Template::parse("$9lives").is_err());
    }

    #[test]
    fn render_names_the_unknown_variable() {
        let t = Template::parse("$known-$missing").expect("valid");
        let err = t.render(|v| (v == "known").then_some("x"));
        assert_eq!(err, Err("missing".to_owned()));
    }
}
