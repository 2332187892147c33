//! "Did you mean ...": the nearest candidate to a misspelt name or path.

/// The candidate closest to `written` by edit distance (ignoring ASCII case, so `{shortname}`
/// and a wrongly cased segment cost little), if it is at most `limit` edits away. Ties go to
/// the first candidate, so the result is deterministic for a sorted list.
pub fn nearest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let written = written.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::levenshtein(&written, &candidate.to_ascii_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_closest_within_the_limit() {
        let paths = [
            "/v3/diary/{shortName}/appointment",
            "/v3/diary/{shortName}/appointmenttypes",
            "/v2/tier2/{shortName}/company",
        ];
        assert_eq!(
            nearest("/v3/diary/{shortName}/apointmenttypes", paths, usize::MAX),
            Some("/v3/diary/{shortName}/appointmenttypes")
        );
        assert_eq!(nearest("cont", ["offset", "count"], 2), Some("count"));
        assert_eq!(nearest("zzzzzz", ["offset", "count"], 2), None);
        assert_eq!(nearest("x", [], usize::MAX), None);
    }
}
