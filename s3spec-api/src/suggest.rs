//! "Did you mean ...?" for misspelt operations, members and enum values.

/// Inputs longer than this get no suggestion.
const MAX_INPUT: usize = 128;

/// The candidate closest to `input`, if it is close enough to be a likely typo: at most
/// `(length / 3).clamp(1, 3)` edits away. Case is ignored, so `putobject` suggests `PutObject`.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Names are short; comparing a megabyte of text with every candidate would take seconds.
    if input.len() > MAX_INPUT {
        return None;
    }
    let input_lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(&input_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = (row[j + 1] + 1).min(row[j] + 1).min(substitute);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let ops = ["PutObject", "GetObject", "HeadObject"];
        assert_eq!(did_you_mean("PutObjet", ops), Some("PutObject"));
        assert_eq!(did_you_mean("putobject", ops), Some("PutObject"));
        assert_eq!(did_you_mean("ListBuckets", ops), None);
        assert_eq!(did_you_mean("statsu", ["status", "error"]), Some("status"));
        // Two letters allow one edit at most.
        assert_eq!(did_you_mean("ab", ["xy"]), None);
    }

    #[test]
    fn the_first_of_equally_close_candidates_wins() {
        assert_eq!(did_you_mean("Kex", ["Key", "Kez"]), Some("Key"));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
        assert_eq!(distance("ab", "ba"), 2);
    }
}
