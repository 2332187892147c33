//! The real agentOS documents in `../shared/specs` (outside data, never copied here): all six
//! load, and each Swagger 2.0 original converts to what its published OpenAPI 3.0 conversion
//! says. The test is skipped, saying so, when the folder is missing.

use std::collections::BTreeSet;
use std::path::PathBuf;

use agentos_codegen::load::{load_path, load_str};
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

/// `../shared/specs` from the workspace root, when it is there.
fn specs() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is missing", dir.display());
        None
    }
}

fn load(dir: &std::path::Path, name: &str) -> OpenAPI {
    load_path(&dir.join(name)).unwrap_or_else(|error| panic!("{error}"))
}

/// Each operation as (method, path) with its parameter names (references by name of target).
fn operations(api: &OpenAPI) -> Vec<((String, String), Vec<String>)> {
    api.operations()
        .map(|(path, method, operation)| {
            let names = operation
                .parameters
                .iter()
                .map(|parameter| match parameter {
                    ReferenceOr::Item(parameter) => parameter.parameter_data_ref().name.clone(),
                    ReferenceOr::Reference { reference } => reference.clone(),
                })
                .collect();
            ((method.to_owned(), path.to_owned()), names)
        })
        .collect()
}

#[test]
fn all_six_real_documents_load() {
    let Some(dir) = specs() else { return };
    let expected = [
        ("swagger2/diary.yaml", 8),
        ("swagger2/basic-tier.yaml", 45),
        ("swagger2/free-tier.yaml", 43),
        ("openapi3/diary.json", 13),
        ("openapi3/basic-tier.json", 45),
        ("openapi3/free-tier.json", 43),
    ];
    for (name, count) in expected {
        let api = load(&dir, name);
        assert_eq!(api.operations().count(), count, "{name}");
        assert_eq!(api.servers[0].url, "https://live-api.letmc.com", "{name}");
        let schemes = api.components.as_ref().map(|c| c.security_schemes.len());
        assert_eq!(schemes, Some(2), "{name}: apiKey and basic");
    }
}

#[test]
fn swagger2_and_openapi3_of_the_same_revision_have_the_same_operations() {
    let Some(dir) = specs() else { return };
    for tier in ["basic-tier", "free-tier"] {
        let converted = load(&dir, &format!("swagger2/{tier}.yaml"));
        let published = load(&dir, &format!("openapi3/{tier}.json"));
        assert_eq!(operations(&converted), operations(&published), "{tier}");
    }
}

/// Drops what legitimately differs between our conversion and the published one: the version
/// string, directory metadata in `info`, and the body-name hint our conversion adds.
fn comparable(api: &OpenAPI) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.shift_remove("x-codegen-request-body-name");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(api).unwrap();
    if let Value::Object(map) = &mut value {
        map.shift_remove("openapi");
    }
    if let Some(Value::Object(info)) = value.get_mut("info") {
        info.retain(|key, _| !key.starts_with("x-"));
    }
    strip(&mut value);
    value
}

#[test]
fn swagger2_conversion_matches_the_published_openapi3_conversion() {
    let Some(dir) = specs() else { return };
    for tier in ["basic-tier", "free-tier"] {
        let converted = comparable(&load(&dir, &format!("swagger2/{tier}.yaml")));
        let published = comparable(&load(&dir, &format!("openapi3/{tier}.json")));
        // Parameters, request bodies (JSON, XML and form types), responses with four media
        // types each, schemas, security schemes and servers all agree.
        assert!(converted == published, "{tier}: conversions differ");
    }
}

#[test]
fn diary_revisions_differ_but_the_newer_only_adds() {
    // swagger2/diary.yaml is an older revision of the diary call group (8 operations) than
    // openapi3/diary.json (13): they are not expected to be equal. Every older operation is
    // still there, with the parameters it had (the newer one adds some).
    let Some(dir) = specs() else { return };
    let older = operations(&load(&dir, "swagger2/diary.yaml"));
    let newer = operations(&load(&dir, "openapi3/diary.json"));
    assert!(older.len() < newer.len());
    for (operation, parameters) in &older {
        let Some((_, now)) = newer.iter().find(|(key, _)| key == operation) else {
            panic!("{operation:?} is gone from the newer revision");
        };
        let before: BTreeSet<&String> = parameters.iter().collect();
        let after: BTreeSet<&String> = now.iter().collect();
        assert!(
            before.is_subset(&after),
            "{operation:?}: {before:?} vs {after:?}"
        );
    }
}

#[test]
fn real_documents_read_the_same_as_json_and_as_yaml() {
    // Format is told by content: the same document re-written in the other syntax loads equal.
    let Some(dir) = specs() else { return };
    for name in ["swagger2/diary.yaml", "openapi3/diary.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let value: Value = serde_saphyr::from_str(&text).unwrap();
        let as_json = serde_json::to_string(&value).unwrap();
        let as_yaml = serde_saphyr::to_string(&value).unwrap();
        let from_json = load_str(&as_json, "as.json").unwrap_or_else(|e| panic!("{e}"));
        let from_yaml = load_str(&as_yaml, "as.yaml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_json, from_yaml, "{name}");
        assert_eq!(from_json, load(&dir, name), "{name}");
    }
}

#[test]
fn lower_case_short_name_template_is_kept_as_written() {
    // One real path spells the template `{shortname}`; the loader must not touch it.
    let Some(dir) = specs() else { return };
    let api = load(&dir, "openapi3/diary.json");
    assert!(
        api.paths
            .paths
            .keys()
            .any(|path| path == "/v3/diary/{shortname}/{branchID}/guest/search")
    );
}
