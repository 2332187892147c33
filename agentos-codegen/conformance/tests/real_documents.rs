//! Every real agentOS document in `../shared/specs` was generated and compiled into this crate.

use std::path::Path;

#[test]
fn all_six_real_documents_are_compiled() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs");
    if !specs.is_dir() {
        eprintln!(
            "note: {} is missing: the conformance of the real agentOS documents is not checked",
            specs.display()
        );
        return;
    }
    assert_eq!(
        agentos_conformance::REAL_DOCUMENTS,
        // In path order: `load::documents_in` sorts what it finds.
        [
            "openapi3_basic_tier",
            "openapi3_diary",
            "openapi3_free_tier",
            "swagger2_basic_tier",
            "swagger2_diary",
            "swagger2_free_tier",
        ]
    );
}

#[test]
fn generated_items_are_usable() {
    // A request type of the workspace schema, used through the runtime's traits.
    use agentos_runtime::Endpoint;
    assert_eq!(
        <agentos_conformance::agentos::advertising::GetCompany as Endpoint>::PATH_TEMPLATE,
        "/v4/advertising/{shortName}/company/company"
    );
}
