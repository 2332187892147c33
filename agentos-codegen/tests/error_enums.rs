//! Error enums shared between operations: one enum per distinct status set in the `errors`
//! module, each operation's `XxxError` a documented alias of it; also when the emitter renders
//! a slice of a document (as agentos-macros does).

mod common;

use agentos_codegen::Generator;
use agentos_codegen::emit;

fn fixture() -> std::path::PathBuf {
    common::workspace().join("agentos-codegen/tests/fixtures/gen/statuses.yaml")
}

/// The `///` lines right above `line` (the item's doc), joined.
fn doc_above(code: &str, line: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == line)
        .unwrap_or_else(|| panic!("no `{line}` in:\n{code}"));
    let mut doc: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.trim_start().starts_with("///"))
        .map(|l| l.trim())
        .collect();
    doc.reverse();
    doc.join("\n")
}

/// The text of the top-level `errors` module.
fn errors_module(code: &str) -> &str {
    let start = code.find("pub mod errors {").expect("an errors module");
    let end = code[start..].find("\n}\n").expect("its end") + start;
    &code[start..end]
}

#[test]
fn operations_with_the_same_statuses_share_one_enum() {
    let code = Generator::new().spec(fixture()).generate().unwrap();
    let errors = errors_module(&code);
    // Five operations, four distinct sets: both pings (in two call groups) share `ApiWide`.
    assert_eq!(code.matches("pub enum ").count(), 4, "{errors}");
    for name in [
        "ApiWide",
        "ApiWideAndBadRequest",
        "ApiWideAndBadRequestConflict",
        "Statuses402_406To408_410To413",
    ] {
        assert_eq!(
            errors.matches(&format!("pub enum {name} {{")).count(),
            1,
            "{name}: {errors}"
        );
    }
    for (alias, shared) in [
        ("PingError", "ApiWide"),
        ("SearchError", "ApiWideAndBadRequestConflict"),
        ("FilterError", "ApiWideAndBadRequest"),
        ("LegacyError", "Statuses402_406To408_410To413"),
    ] {
        assert!(
            code.contains(&format!("pub type {alias} = super::errors::{shared};")),
            "{alias}: {code}"
        );
    }
    assert_eq!(
        code.matches("pub type PingError = super::errors::ApiWide;")
            .count(),
        2
    );
    // The per-operation reasons live on the alias, not on the shared variants.
    assert!(!errors.contains("Another search is running"), "{errors}");
    assert!(errors.contains("/// The response status `409 Conflict`."));
}

#[test]
fn each_alias_keeps_its_operations_doc() {
    let code = Generator::new().spec(fixture()).generate().unwrap();
    let doc = doc_above(
        &code,
        "pub type SearchError = super::errors::ApiWideAndBadRequestConflict;",
    );
    for expected in [
        "/// Error statuses of [`Search`] (`GET /v2/alpha/{shortName}/search`).",
        "/// The variants are the operation's possible error statuses under the status policy: \
         the statuses the document declares (409);",
        "the API-wide 401, 403, 429, 500, 502, 503 and 504; 400 because the operation takes \
         inputs besides `shortName`.",
        "/// - `409 Conflict`: Another search is running.",
        "[`super::errors::ApiWideAndBadRequestConflict`]",
        "(`SearchError::BadRequest(body)`)",
        // rustc names the shared enum, not the alias, when a variant is missing: the doc says
        // so and lists the variants.
        "compiler messages name that enum",
        "Its variants: `BadRequest` (400), `Unauthorized` (401), `Forbidden` (403), \
         `Conflict` (409),",
    ] {
        assert!(doc.contains(expected), "{expected}\nnot in\n{doc}");
    }
    let legacy = doc_above(
        &code,
        "pub type LegacyError = super::errors::Statuses402_406To408_410To413;",
    );
    assert!(legacy.contains(
        "listed in the operation's `x-agentos-statuses` extension (402, 406, 407, 408, 410, 411, \
         412 and 413)"
    ));
}

#[test]
fn a_slice_of_one_operation_has_its_errors_module_with_the_documents_names() {
    let mut specs = Generator::new().spec(fixture()).lower().unwrap();
    let api = &specs[0].api;
    let (_, search) = api
        .operations()
        .find(|(g, op)| g.name == "alpha" && op.type_name == "Search")
        .unwrap();
    let slice = api.slice(&[search]);
    assert_eq!(slice.error_enums.len(), 1);
    assert!(slice.models.len() <= api.models.len());
    specs[0].api = slice;
    let code = emit::render(&specs, emit::ModelSharing::default()).unwrap();
    assert_eq!(code.matches("pub enum ").count(), 1, "{code}");
    assert!(code.contains("pub enum ApiWideAndBadRequestConflict {"));
    assert!(code.contains("pub type SearchError = super::errors::ApiWideAndBadRequestConflict;"));
    let tokens = emit::tokens(&specs, emit::ModelSharing::default())
        .unwrap()
        .to_string();
    assert!(tokens.contains("pub mod errors"), "{tokens}");
}
