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

/// The path a misspelt one means, among `candidates` (the paths of the operations with the
/// written method): one with as many segments, each the same as the written one (any ASCII
/// case; two parameters are alike whatever their names) or a few edits from it (at most a
/// third of the longer, and at least 2: `v2` for `v3`, `property` for `properties`), and at
/// most two segments differing; the closest by total edits, the first on a tie. `None` when no
/// path is that close: a suggestion of an unrelated path misleads more than none.
pub fn nearest_path<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let written: Vec<String> = segments(written);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let theirs = segments(candidate);
        if theirs.len() != written.len() {
            continue;
        }
        let mut total = 0;
        let mut differing = 0;
        let close = written.iter().zip(&theirs).all(|(a, b)| {
            let distance = if is_param(a) && is_param(b) {
                0
            } else {
                strsim::levenshtein(a, b)
            };
            if distance > 0 {
                differing += 1;
            }
            total += distance;
            distance <= (a.len().max(b.len()) / 3).max(2)
        });
        if close && differing <= 2 && best.is_none_or(|(d, _)| total < d) {
            best = Some((total, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The lower-case segments of a path template (`/v3/diary` -> `v3`, `diary`).
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether a path segment is a parameter (`{appointmentID}`).
fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
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

    #[test]
    fn a_path_is_suggested_only_when_close() {
        let paths = [
            "/v3/diary/{shortName}/appointment",
            "/v3/diary/{shortName}/appointmenttypes",
            "/v2/tier2/{shortName}/property/properties/{propertyID}",
            "/v4/advertising/{shortName}/lettings/advertised/{tenancyOID}",
        ];
        assert_eq!(
            nearest_path("/v3/diary/{shortName}/apointmenttypes", paths),
            Some("/v3/diary/{shortName}/appointmenttypes")
        );
        // Parameters alike whatever their names; a version and a plural a few edits away.
        assert_eq!(
            nearest_path("/V2/tier2/{shortname}/property/property/{id}", paths),
            Some("/v2/tier2/{shortName}/property/properties/{propertyID}")
        );
        assert_eq!(
            nearest_path("/v2/diary/{shortName}/appointment", paths),
            Some("/v3/diary/{shortName}/appointment")
        );
        // A segment more or fewer, a word that is not one of the path's, three segments
        // off: nothing.
        assert_eq!(
            nearest_path(
                "/v4/advertising/{shortName}/lettings/advertisedbetweendates",
                paths
            ),
            None
        );
        assert_eq!(nearest_path("/v3/diary/{shortName}/widgets", paths), None);
        assert_eq!(
            nearest_path("/v2/dairy/{shortName}/apointment", paths),
            None
        );
        assert_eq!(nearest_path("/v3/diary/{shortName}/appointment", []), None);
    }
}
