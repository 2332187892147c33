//! Models several documents of one client define alike are emitted once (`emit/shared.rs`):
//! which are shared, which stay in each document, and the option that turns it off. The
//! conformance crate compiles the same three fixtures and checks that a shared model is one
//! type under every path.

use std::path::PathBuf;

use agentos_codegen::Generator;
use agentos_codegen::emit::ModelSharing;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared");
    std::fs::read_to_string(path.join(name)).unwrap()
}

/// C's document under another call group path (`/v2/d/`): the same models as C.
fn like_c(path: &str) -> String {
    fixture("tier_c.yaml").replace("/v2/c/", path)
}

/// The client of `documents` (origin, text), each a module named after its origin's stem.
fn client(documents: &[(&str, String)]) -> String {
    documents
        .iter()
        .fold(Generator::new(), |g, (origin, text)| {
            g.spec_text(origin, text)
        })
        .generate()
        .unwrap()
}

/// The three fixture documents as modules `tier_a`, `tier_b`, `tier_c`.
fn three() -> Generator {
    Generator::new()
        .spec_text("tier_a.yaml", &fixture("tier_a.yaml"))
        .spec_text("tier_b.yaml", &fixture("tier_b.yaml"))
        .spec_text("tier_c.yaml", &fixture("tier_c.yaml"))
}

/// The text of `pub mod NAME { .. }` at the top level of `code`.
fn top_module<'a>(code: &'a str, name: &str) -> &'a str {
    let start = code
        .find(&format!("\npub mod {name} {{"))
        .unwrap_or_else(|| panic!("no module {name}:\n{code}"));
    let end = code[start + 1..]
        .find("\npub mod ")
        .map_or(code.len(), |e| start + 1 + e);
    &code[start..end]
}

/// The text of the module `inner` (`models`, `errors`) inside the top-level module `name`.
fn inner_module<'a>(code: &'a str, name: &str, inner: &str) -> &'a str {
    let module = top_module(code, name);
    let start = module
        .find(&format!("pub mod {inner} {{"))
        .unwrap_or_else(|| panic!("no {inner} in {name}:\n{module}"));
    let end = module[start..]
        .find("\n    }\n")
        .map_or(module.len(), |e| start + e);
    &module[start..end]
}

fn models_of<'a>(code: &'a str, name: &str) -> &'a str {
    inner_module(code, name, "models")
}

fn errors_of<'a>(code: &'a str, name: &str) -> &'a str {
    inner_module(code, name, "errors")
}

fn defines(models: &str, item: &str) -> bool {
    models.contains(&format!("pub struct {item} {{"))
        || models.contains(&format!("pub enum {item} {{"))
}

#[test]
fn models_alike_in_several_documents_are_defined_once_and_re_exported() {
    let code = three().generate().unwrap();
    let shared = models_of(&code, "shared");
    for item in ["Address", "AddressResults", "Status"] {
        assert!(defines(shared, item), "{item} is shared:\n{shared}");
    }
    // Staff differs between A and B; Team holds a Staff, so it stays in each as well.
    for item in ["Staff", "Team"] {
        assert!(!defines(shared, item), "{item} is not shared");
        assert!(
            defines(models_of(&code, "tier_a"), item),
            "A defines {item}"
        );
        assert!(
            defines(models_of(&code, "tier_b"), item),
            "B defines {item}"
        );
    }
    for tier in ["tier_a", "tier_b"] {
        let models = models_of(&code, tier);
        assert!(
            models.contains(
                "pub use super::super::shared::models::{Address, AddressResults, Status};"
            ),
            "{tier} re-exports the shared models:\n{models}"
        );
        assert!(!defines(models, "Address") && !defines(models, "Status"));
    }
    // C's Address has a field more: C keeps its own (and its own page wrapper, which holds
    // it), and shares the enum.
    let c = models_of(&code, "tier_c");
    assert!(defines(c, "Address") && defines(c, "AddressResults"), "{c}");
    assert!(
        c.contains("pub use super::super::shared::models::Status;"),
        "{c}"
    );
    assert!(!defines(c, "Status"));
    // The page wrapper's methods go with its definition: once in `shared`, once in C.
    assert_eq!(code.matches("impl AddressResults {").count(), 2);
    assert!(shared.contains("impl AddressResults {"));
    // A shared enum's docs name every place that uses it, in each document.
    let status_doc = shared
        .lines()
        .find(|l| l.contains("/// Used by"))
        .unwrap_or_default();
    assert!(status_doc.contains("GET /v2/a/{shortName}/addresses parameter 'status'"));
    assert!(status_doc.contains("GET /v2/b/{shortName}/addresses parameter 'status'"));
    // The module comes first, before the documents that re-export from it.
    assert!(code.find("\npub mod shared {") < code.find("\npub mod tier_a {"));
}

#[test]
fn per_document_models_keep_every_model_in_its_document() {
    let apart = three()
        .model_sharing(ModelSharing::PerDocument)
        .generate()
        .unwrap();
    assert!(!apart.contains("pub mod shared"), "{apart}");
    assert!(!apart.contains("pub use super::super::"));
    for tier in ["tier_a", "tier_b", "tier_c"] {
        let models = models_of(&apart, tier);
        for item in ["Address", "AddressResults", "Status"] {
            assert!(defines(models, item), "{tier} defines {item}");
        }
    }
    // The same through an options file's `models: per_document`, as the CLI and macros read it.
    let options = agentos_codegen::Options::from_text("models: per_document", "o.yaml").unwrap();
    assert_eq!(three().options(options).generate().unwrap(), apart);
}

#[test]
fn one_document_or_nothing_alike_shares_nothing() {
    let one = client(&[("tier_a.yaml", fixture("tier_a.yaml"))]);
    assert!(
        !one.contains("pub mod shared") && !one.contains("super::super"),
        "{one}"
    );
    // A and C alone: only the enum is alike.
    let two = client(&[
        ("tier_a.yaml", fixture("tier_a.yaml")),
        ("tier_c.yaml", fixture("tier_c.yaml")),
    ]);
    let shared = models_of(&two, "shared");
    assert!(
        defines(shared, "Status") && !defines(shared, "Address"),
        "{shared}"
    );
    // Two documents whose models all differ: no shared models (their error enums still are).
    let other = fixture("tier_c.yaml").replace("enum: [Active, Archived]", "enum: [Open]");
    let none = client(&[
        ("tier_a.yaml", fixture("tier_a.yaml")),
        ("tier_c.yaml", other),
    ]);
    assert!(
        !top_module(&none, "shared").contains("pub mod models"),
        "{none}"
    );
    assert!(!none.contains("super::super::shared::models"), "{none}");
}

#[test]
fn the_form_most_documents_define_gets_the_shared_name() {
    let a = || ("tier_a.yaml", fixture("tier_a.yaml"));
    let b = || ("tier_b.yaml", fixture("tier_b.yaml"));
    let c = || ("tier_c.yaml", fixture("tier_c.yaml"));
    // C's Address in two documents, A's in one: C's form is shared, A keeps its own.
    let code = client(&[a(), c(), ("tier_d.yaml", like_c("/v2/d/"))]);
    let shared = models_of(&code, "shared");
    assert!(shared.contains("pub country: Option<String>"), "{shared}");
    assert!(defines(models_of(&code, "tier_a"), "Address"));
    assert!(!defines(models_of(&code, "tier_c"), "Address"));
    assert!(!defines(models_of(&code, "tier_d"), "Address"));
    // A tie, A and B against C and D (two documents each): the earliest document's form wins.
    let tie = client(&[a(), b(), c(), ("tier_d.yaml", like_c("/v2/d/"))]);
    let shared = models_of(&tie, "shared");
    assert!(!shared.contains("pub country"), "{shared}");
    assert!(defines(models_of(&tie, "tier_c"), "Address"));
    assert!(defines(models_of(&tie, "tier_d"), "Address"));
    // A and B against C, D and E: the larger form wins, though it comes later.
    let larger = client(&[
        a(),
        b(),
        c(),
        ("tier_d.yaml", like_c("/v2/d/")),
        ("tier_e.yaml", like_c("/v2/e/")),
    ]);
    let shared = models_of(&larger, "shared");
    assert!(shared.contains("pub country: Option<String>"), "{shared}");
    assert!(defines(models_of(&larger, "tier_a"), "Address"));
    assert!(defines(models_of(&larger, "tier_b"), "Address"));
}

#[test]
fn the_shared_module_takes_a_name_no_document_has() {
    let code = Generator::new()
        .spec_as(
            "shared",
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared/tier_a.yaml"),
        )
        .spec_as(
            "b",
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared/tier_b.yaml"),
        )
        .generate()
        .unwrap();
    assert!(code.contains("\npub mod shared_models {"), "{code}");
    assert!(code.contains("pub use super::super::shared_models::models::{"));
    assert!(
        code.contains("\npub mod shared {"),
        "the document keeps its name"
    );
}

#[test]
fn models_that_differ_only_in_their_docs_name_or_deprecation_are_not_alike() {
    let a = fixture("tier_a.yaml");
    let variants = [
        (
            "description",
            a.replace(
                "description: A postal address.",
                "description: Where post goes.",
            ),
        ),
        (
            "deprecation",
            a.replace(
                "description: A postal address.",
                "description: A postal address.\n      deprecated: true",
            ),
        ),
        (
            // `address` and `Address` are both the Rust `Address`; the docs name the schema.
            "schema name",
            a.replace("schemas/Address\"", "schemas/address\"")
                .replace("    Address:\n", "    address:\n"),
        ),
    ];
    for (what, b) in variants {
        assert_ne!(b, a, "{what}: the fixture changed");
        let code = client(&[
            ("tier_a.yaml", a.clone()),
            ("tier_b.yaml", b.replace("/v2/a/", "/v2/b/")),
        ]);
        let shared = models_of(&code, "shared");
        assert!(!defines(shared, "Address"), "{what}: not alike\n{shared}");
        assert!(defines(shared, "Status"), "{what}: the enum still is");
    }
}

#[test]
fn documents_without_modules_share_nothing() {
    // Only a hand-built IR puts several documents at the top level; nothing is shared there.
    let mut specs = three().lower().unwrap();
    for spec in &mut specs {
        spec.module = None;
    }
    let code = agentos_codegen::emit::render(&specs, ModelSharing::AcrossDocuments).unwrap();
    assert!(!code.contains("pub mod shared"));
    assert!(!code.contains("super::super::"));
}

#[test]
fn error_enums_alike_in_several_documents_are_defined_once() {
    let code = three().generate().unwrap();
    let shared = errors_of(&code, "shared");
    for name in ["ApiWideAndBadRequest", "ApiWideAndBadRequestNotFound"] {
        assert!(shared.contains(&format!("pub enum {name} {{")), "{shared}");
        assert_eq!(
            code.matches(&format!("pub enum {name} {{")).count(),
            1,
            "{name} once"
        );
    }
    for tier in ["tier_a", "tier_b"] {
        let errors = errors_of(&code, tier);
        assert!(
            errors.contains("ApiWideAndBadRequest, ApiWideAndBadRequestNotFound"),
            "{errors}"
        );
        // Nothing defined here: no imports left unused.
        assert!(!errors.contains("use ::agentos_runtime::"), "{errors}");
    }
    // C lists no operation by id: it shares the one enum it has.
    let c = errors_of(&code, "tier_c");
    assert!(
        c.contains("pub use super::super::shared::errors::ApiWideAndBadRequest;"),
        "{c}"
    );
    // An operation's error alias names its document's `errors`, which holds the re-export.
    let a = top_module(&code, "tier_a");
    assert!(a.contains("pub type GetTeamError = super::errors::ApiWideAndBadRequestNotFound;"));
    // Per document: each defines its own.
    let apart = three()
        .model_sharing(ModelSharing::PerDocument)
        .generate()
        .unwrap();
    assert_eq!(apart.matches("pub enum ApiWideAndBadRequest {").count(), 3);
}

#[test]
fn error_enums_of_one_name_with_other_statuses_are_not_alike() {
    // Names follow the statuses, so only a hand-built IR gives one name two sets: B's
    // `ApiWideAndBadRequestNotFound` without its 404 here.
    let mut specs = three().lower().unwrap();
    let b = specs[1]
        .api
        .error_enums
        .iter_mut()
        .find(|e| e.name == "ApiWideAndBadRequestNotFound")
        .unwrap();
    b.statuses.retain(|s| s.code != 404);
    let code = agentos_codegen::emit::render(&specs, ModelSharing::AcrossDocuments).unwrap();
    let shared = errors_of(&code, "shared");
    assert!(
        shared.contains("pub enum ApiWideAndBadRequest {"),
        "{shared}"
    );
    assert!(
        !shared.contains("pub enum ApiWideAndBadRequestNotFound {"),
        "{shared}"
    );
    for tier in ["tier_a", "tier_b"] {
        let errors = errors_of(&code, tier);
        assert!(
            errors.contains("pub enum ApiWideAndBadRequestNotFound {"),
            "{errors}"
        );
    }
}
