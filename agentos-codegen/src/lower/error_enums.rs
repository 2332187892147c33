//! The shared error enums of a document: one per distinct status set (the same codes with the
//! same variants), named from its statuses, so that operations with the same set share one
//! enum (each keeps its own `XxxError` alias).
//!
//! # Names
//! The API-wide statuses are those every operation gets under the status policy (agentOS:
//! 401, 403, 429, 500, 502, 503, 504). `ApiWide` is exactly those; `ApiWideAnd` followed by the
//! variant names of the other statuses is a set with those and more
//! (`ApiWideAndBadRequestNotFound`); `Only` followed by every variant name is a set without all
//! of them (`OnlyNotFound`); `NoStatuses` is the empty set. Sets that would share a name, and
//! names over [`MAX_NAME`] characters, use `Statuses` followed by the codes, runs of three or
//! more as a range (`Statuses400_404`, `Statuses400To404_409`); codes that still do not fit
//! are named by their first and last code and a hash of them all
//! (`Statuses300To598H1b2c3d4e`: a document's names stay short, whatever its statuses); should
//! two sets have the same codes but different variant names, the second gets `V2` appended,
//! the third `V3`, and so on. A name depends only on the statuses of
//! the document's operations, so the same document names its enums alike through every front
//! door (a macro's slice of a document keeps the names the whole document gives).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ErrorEnum, ErrorSet, Group, StatusReason};

/// Readable names longer than this fall back to the codes.
pub const MAX_NAME: usize = 60;

/// What identifies an error enum: its variants, in order, with their codes.
type Key = Vec<(u16, String)>;

fn key(set: &ErrorSet) -> Key {
    set.statuses
        .iter()
        .map(|s| (s.code, s.variant.clone()))
        .collect()
}

/// Names every operation's set (`ErrorSet::enum_name`) and returns the enums, sorted by name.
pub(crate) fn name_error_enums(groups: &mut [Group]) -> Vec<ErrorEnum> {
    let api_wide: BTreeSet<u16> = groups
        .iter()
        .flat_map(|g| &g.operations)
        .flat_map(|op| &op.errors.statuses)
        .filter(|s| s.reasons.contains(&StatusReason::ApiWide))
        .map(|s| s.code)
        .collect();
    let mut sets: BTreeMap<Key, &ErrorSet> = BTreeMap::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        sets.entry(key(&op.errors)).or_insert(&op.errors);
    }
    let keys: Vec<Key> = sets.keys().cloned().collect();
    let names = enum_names(&keys, &api_wide);
    let mut enums: Vec<ErrorEnum> = keys
        .iter()
        .zip(&names)
        .filter_map(|(key, name)| {
            sets.get(key).map(|set| ErrorEnum {
                name: name.clone(),
                statuses: set.statuses.clone(),
            })
        })
        .collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let by_key: BTreeMap<Key, String> = keys.into_iter().zip(names).collect();
    for op in groups.iter_mut().flat_map(|g| &mut g.operations) {
        if let Some(name) = by_key.get(&key(&op.errors)) {
            op.errors.enum_name.clone_from(name);
        }
    }
    enums
}

/// The enum name of each set (the scheme is in the module docs): readable names, and for the
/// sets whose readable name is shared or too long, `Statuses` + the codes (unique unless two
/// sets have the same codes with different variant names, as only a hand-built IR can: those
/// get `V2`, `V3`... in key order).
fn enum_names(keys: &[Key], api_wide: &BTreeSet<u16>) -> Vec<String> {
    let readable: Vec<String> = keys.iter().map(|k| readable_name(k, api_wide)).collect();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &readable {
        *uses.entry(name.as_str()).or_default() += 1;
    }
    let mut fallbacks: BTreeMap<String, usize> = BTreeMap::new();
    keys.iter()
        .zip(&readable)
        .map(|(key, name)| {
            if uses.get(name.as_str()) == Some(&1) && name.len() <= MAX_NAME {
                return name.clone();
            }
            let base = codes_name(key);
            let seen = fallbacks.entry(base.clone()).or_default();
            *seen += 1;
            if *seen == 1 {
                base
            } else {
                format!("{base}V{seen}")
            }
        })
        .collect()
}

/// `Statuses` and the codes of a set (see the module docs).
fn codes_name(key: &Key) -> String {
    let codes: Vec<u16> = key.iter().map(|(c, _)| *c).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut start = 0;
    while start < codes.len() {
        let mut end = start;
        while end + 1 < codes.len() && codes[end + 1] == codes[end] + 1 {
            end += 1;
        }
        if end - start >= 2 {
            parts.push(format!("{}To{}", codes[start], codes[end]));
        } else {
            parts.extend(codes[start..=end].iter().map(u16::to_string));
        }
        start = end + 1;
    }
    let name = format!("Statuses{}", parts.join("_"));
    match (codes.first(), codes.last()) {
        (Some(first), Some(last)) if name.len() > MAX_NAME => {
            // FNV-1a over the codes: stable across runs and platforms.
            let hash = codes.iter().fold(0x811c_9dc5_u32, |hash, code| {
                code.to_le_bytes()
                    .iter()
                    .fold(hash, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
            });
            format!("Statuses{first}To{last}H{hash:08x}")
        }
        _ => name,
    }
}

/// The name of a set from its statuses (before collisions are resolved).
fn readable_name(key: &Key, api_wide: &BTreeSet<u16>) -> String {
    let has_all = !api_wide.is_empty() && api_wide.iter().all(|c| key.iter().any(|(k, _)| k == c));
    let variants = |skip_api_wide: bool| -> String {
        key.iter()
            .filter(|(c, _)| !(skip_api_wide && api_wide.contains(c)))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    if has_all {
        let extra = variants(true);
        if extra.is_empty() {
            "ApiWide".to_owned()
        } else {
            format!("ApiWideAnd{extra}")
        }
    } else if key.is_empty() {
        "NoStatuses".to_owned()
    } else {
        format!("Only{}", variants(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(statuses: &[(u16, &str)]) -> Key {
        statuses
            .iter()
            .map(|(c, v)| (*c, (*v).to_owned()))
            .collect()
    }

    #[test]
    fn names_come_from_the_statuses_beyond_the_api_wide_ones() {
        let api_wide: BTreeSet<u16> = [401, 500].into();
        let keys = [
            key(&[(401, "Unauthorized"), (500, "InternalServerError")]),
            key(&[
                (400, "BadRequest"),
                (401, "Unauthorized"),
                (404, "NotFound"),
                (500, "InternalServerError"),
            ]),
            key(&[(404, "NotFound")]),
            key(&[]),
        ];
        assert_eq!(
            enum_names(&keys, &api_wide),
            [
                "ApiWide",
                "ApiWideAndBadRequestNotFound",
                "OnlyNotFound",
                "NoStatuses"
            ]
        );
        // Without API-wide statuses every non-empty set is `Only...`.
        assert_eq!(
            enum_names(&keys[2..], &BTreeSet::new()),
            ["OnlyNotFound", "NoStatuses"]
        );
    }

    #[test]
    fn shared_or_long_names_fall_back_to_the_codes_and_never_collide() {
        let none = BTreeSet::new();
        // `Ab` + `Cd` and `AbCd` read alike: both fall back, and stay apart.
        let keys = [
            key(&[(401, "Ab"), (402, "Cd")]),
            key(&[(403, "AbCd")]),
            key(&[(410, "Other")]),
        ];
        assert_eq!(
            enum_names(&keys, &none),
            ["Statuses401_402", "Statuses403", "OnlyOther"]
        );
        // The same codes with different variant names (a hand-built IR).
        let keys = [key(&[(409, "Conflict")]), key(&[(409, "Clash")])];
        let names = enum_names(&keys, &[409].into());
        assert_eq!(names, ["Statuses409", "Statuses409V2"]);
        // Too long to read.
        let long: Vec<(u16, &str)> = (400..410).map(|c| (c, "SomeLongVariant")).collect();
        assert_eq!(enum_names(&[key(&long)], &none), ["Statuses400To409"]);
        let mixed = key(&[
            (400, "A"),
            (401, "B"),
            (404, "C"),
            (405, "D"),
            (406, "E"),
            (409, "F"),
        ]);
        assert_eq!(
            enum_names(&[mixed, key(&[(410, "ABCDEF")])], &none)[0],
            "Statuses400_401_404To406_409"
        );
        // Codes that cannot fit: first, last and a hash, short whatever the set.
        let every_other: Vec<(u16, &str)> = (300..600).step_by(2).map(|c| (c, "V")).collect();
        let names = enum_names(&[key(&every_other)], &none);
        assert!(
            names[0].starts_with("Statuses300To598H") && names[0].len() <= MAX_NAME,
            "{names:?}"
        );
        let shifted: Vec<(u16, &str)> = (301..600).step_by(2).map(|c| (c, "V")).collect();
        let two = enum_names(&[key(&every_other), key(&shifted)], &none);
        assert_ne!(two[0], two[1]);
        assert_eq!(enum_names(&[key(&every_other)], &none), names, "stable");
        // Exactly MAX_NAME characters is still readable.
        let exact = format!("Only{}", "X".repeat(MAX_NAME - 4));
        assert_eq!(enum_names(&[key(&[(450, &exact[4..])])], &none), [exact]);
    }
}
