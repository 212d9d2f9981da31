//! Small text helpers: documentation summaries and Rust names.

/// The first sentence of an HTML documentation string, as plain text. A leading `<note>` (often
/// "This operation is not supported for directory buckets.") says nothing about what the
/// operation does, so it is skipped when more follows.
pub fn summary(html: &str) -> String {
    let mut html = html.trim_start();
    while let Some(rest) = html.strip_prefix("<note>") {
        match rest.split_once("</note>") {
            Some((_, after)) if !plain(after).is_empty() => html = after.trim_start(),
            _ => break,
        }
    }
    // A paragraph ends a sentence even without a full stop ("... into Amazon S3</p>").
    let paragraph = match html.strip_prefix("<p>").and_then(|p| p.split_once("</p>")) {
        Some((first, _)) if !plain(first).is_empty() => first,
        _ => html,
    };
    let mut sentence = first_sentence(&plain(paragraph)).to_owned();
    if !sentence.is_empty() && !sentence.ends_with(['.', '!', '?', ':']) {
        sentence.push('.');
    }
    sentence
}

/// The text of HTML: tags removed, the common entities decoded, whitespace collapsed.
pub fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Tags turned into spaces leave some before punctuation: `<code>x</code>.` → `x .`.
    collapsed
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// Up to the first full stop that ends a sentence: followed by a space and a capital letter,
/// or by the end of the text.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('.') {
        let after = &text[i + 1..];
        let ends = after.is_empty()
            || (after.starts_with(' ')
                && after[1..].starts_with(|c: char| c.is_ascii_uppercase())
                && !abbreviation(&bytes[..i]));
        if ends {
            return &text[..=i];
        }
    }
    text
}

fn abbreviation(before: &[u8]) -> bool {
    before.ends_with(b"e.g") || before.ends_with(b"i.e") || before.ends_with(b"etc")
}

/// `BucketCannedACL` → `BUCKET_CANNED_ACL`, `SSEKMS` → `SSEKMS`.
pub fn screaming(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            out.push('_');
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let starts_word = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word && !out.ends_with('_') {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_skip_notes_and_tags() {
        let doc = "<note> <p>This operation is not supported for directory buckets.</p> </note> \
                   <p>Returns the <code>Tagging</code> of a bucket. More text.</p>";
        assert_eq!(summary(doc), "Returns the Tagging of a bucket.");
        assert_eq!(
            summary("<p>Lists, e.g. objects. Then</p>"),
            "Lists, e.g. objects."
        );
        assert_eq!(summary(""), "");
        assert_eq!(
            summary("<p>Restores a copy</p> <p>More.</p>"),
            "Restores a copy."
        );
    }

    #[test]
    fn screaming_names_split_words() {
        assert_eq!(screaming("BucketCannedACL"), "BUCKET_CANNED_ACL");
        assert_eq!(screaming("ListObjectsV2Output"), "LIST_OBJECTS_V2_OUTPUT");
        assert_eq!(screaming("SSEKMSKeyId"), "SSEKMS_KEY_ID");
        assert_eq!(screaming("Delete"), "DELETE");
    }
}
