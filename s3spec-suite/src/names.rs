//! Rust names for suites and cases, shared by the macro (test names) and the runtime (snapshot
//! names), so both always agree.

/// A snake_case identifier for a suite or case name: `get returns the body` → `get_returns_the_body`.
pub fn rust_name(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "case_");
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("get returns the body", "get_returns_the_body")]
    #[case("objects-basic", "objects_basic")]
    #[case("ListObjectsV2 paginates", "list_objects_v2_paginates")]
    #[case("404 on missing key", "case_404_on_missing_key")]
    #[case("  Range: bytes=0-4! ", "range_bytes_0_4")]
    #[case("loop", "loop_")]
    #[case("¿?", "case_")]
    fn makes_snake_case_identifiers(#[case] name: &str, #[case] ident: &str) {
        assert_eq!(rust_name(name), ident);
    }
}
