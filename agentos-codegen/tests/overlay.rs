//! Overlays through the one door: the vendor's documents changed without editing them, by
//! OpenAPI Overlay 1.0 files given to the generator (directly, or listed in an options file),
//! on both forms of the published documents.

mod common;

use std::path::{Path, PathBuf};

use agentos_codegen::ir::{Method, Operation, ResponseKind, StatusOrigin};
use agentos_codegen::{Generator, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/overlays")
        .join(name)
}

fn shared(name: &str) -> Option<PathBuf> {
    let path = common::workspace().join("../shared/specs").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("note: {} is missing: skipped", path.display());
        None
    }
}

fn op(generator: &Generator, method: Method, path: &str) -> Operation {
    let specs = generator.lower().unwrap_or_else(|e| panic!("{e}"));
    specs
        .iter()
        .find_map(|spec| {
            spec.api
                .find_operation(method, path)
                .map(|(_, op)| op.clone())
        })
        .unwrap_or_else(|| panic!("{method} {path} not found"))
}

fn codes(op: &Operation) -> Vec<u16> {
    op.errors.statuses.iter().map(|s| s.code).collect()
}

#[test]
fn an_overlay_sets_statuses_and_declares_responses_in_both_forms_of_the_diary() {
    for document in ["openapi3/diary.json", "swagger2/diary.yaml"] {
        let Some(document) = shared(document) else {
            return;
        };
        let plain = Generator::new().spec(&document);
        let fixed = plain.clone().overlay(fixture("diary-fixes.yaml"));
        let path = "/v3/diary/{shortName}/appointment";
        let delete = op(&fixed, Method::Delete, path);
        assert_eq!(
            codes(&delete),
            [400, 401, 404, 409, 429, 503],
            "{}",
            document.display()
        );
        assert_eq!(delete.errors.origin, StatusOrigin::Extension);
        assert_ne!(codes(&op(&plain, Method::Delete, path)), codes(&delete));
        let post = op(&fixed, Method::Post, path);
        assert!(codes(&post).contains(&409), "{}", document.display());
        assert!(!codes(&op(&plain, Method::Post, path)).contains(&409));
    }
}

#[test]
fn an_overlay_overrides_the_download_rule() {
    let Some(document) = shared("openapi3/basic-tier.json") else {
        return;
    };
    let path = "/v2/tier2/{shortName}/sales/reports/eer/{salesInstructionID}";
    let plain = Generator::new().spec(&document);
    assert_eq!(
        op(&plain, Method::Get, path).response.kind,
        ResponseKind::Bytes
    );
    let fixed = plain.overlay(fixture("basic-fixes.yaml"));
    assert!(matches!(
        op(&fixed, Method::Get, path).response.kind,
        ResponseKind::Json(_) | ResponseKind::OptionalJson(_)
    ));
}

#[test]
fn an_options_file_names_overlays_beside_it_and_the_build_watches_them() {
    let Some(document) = shared("openapi3/diary.json") else {
        return;
    };
    let options = fixture("options.yaml");
    let through_options = Generator::new()
        .spec(&document)
        .options_file(&options)
        .unwrap();
    let direct = Generator::new()
        .spec(&document)
        .overlay(fixture("diary-fixes.yaml"));
    assert_eq!(
        through_options.generate().unwrap(),
        direct.generate().unwrap()
    );
    assert_eq!(
        Options::from_path(&options).unwrap().overlays,
        [fixture("diary-fixes.yaml")]
    );
    let watched = through_options.watched_paths();
    assert_eq!(
        watched,
        [
            document.as_path(),
            options.as_path(),
            fixture("diary-fixes.yaml").as_path()
        ]
    );
}

#[test]
fn an_action_that_selects_nothing_anywhere_is_an_error_with_its_pointer() {
    let Some(diary) = shared("openapi3/diary.json") else {
        return;
    };
    let basic = shared("openapi3/basic-tier.json").unwrap();
    // The first action selects in the diary only: fine. The second, misspelt, nowhere.
    let err = Generator::new()
        .spec(&diary)
        .spec(&basic)
        .overlay(fixture("misspelt.yaml"))
        .lower()
        .unwrap_err();
    assert_eq!(err.pointer(), Some("#/actions/1/target"), "{err}");
    let text = err.to_string();
    assert!(text.contains("misspelt.yaml"), "{text}");
    assert!(
        text.contains("selects nothing in any of the documents"),
        "{text}"
    );
    // A broken overlay is an error before any document is read.
    let broken = std::env::temp_dir().join(format!(
        "agentos-broken-overlay-{}.yaml",
        std::process::id()
    ));
    std::fs::write(
        &broken,
        "overlay: 1.0.0\nactions: [{target: '$.paths[', update: {}}]\n",
    )
    .unwrap();
    let err = Generator::new()
        .spec(&diary)
        .overlay(&broken)
        .lower()
        .unwrap_err();
    assert_eq!(err.pointer(), Some("#/actions/0/target"), "{err}");
    std::fs::remove_file(&broken).unwrap();
}
