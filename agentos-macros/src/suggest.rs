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

/// The parameter a misspelt or shortened name means: the nearest by edit distance within
/// `limit`, else the one whose words begin with the written name's words (`branch` ->
/// `branch_id`, `type_id` -> `appointment_type_id`: the first such, for determinism).
pub fn nearest_name<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    limit: usize,
) -> Option<&'a str> {
    nearest(written, candidates.clone(), limit).or_else(|| {
        let written = words(written);
        if written.is_empty() {
            return None;
        }
        candidates.into_iter().find(|candidate| {
            let candidate = words(candidate);
            candidate
                .windows(written.len())
                .any(|window| window == written.as_slice())
        })
    })
}

/// The lower-case words of a snake_case or camelCase name.
fn words(name: &str) -> Vec<String> {
    heck::ToSnakeCase::to_snake_case(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_is_some_words_of_a_parameter_finds_it() {
        let params = ["appointment_type_id", "branch_id", "start"];
        assert_eq!(nearest_name("branch", params, 2), Some("branch_id"));
        assert_eq!(nearest_name("branchID", params, 2), Some("branch_id"));
        assert_eq!(
            nearest_name("type_id", params, 2),
            Some("appointment_type_id")
        );
        assert_eq!(
            nearest_name("strat", params, 2),
            Some("start"),
            "edits first"
        );
        assert_eq!(nearest_name("colour", params, 2), None);
        assert_eq!(nearest_name("", params, 2), None);
        assert_eq!(
            nearest_name("id", ["branch_id", "appointment_type_id"], 0),
            Some("branch_id")
        );
    }

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
