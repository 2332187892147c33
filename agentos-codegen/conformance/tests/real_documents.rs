//! Every real agentOS document in `../shared/specs` was generated and compiled into this crate.

use std::marker::PhantomData;
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

#[test]
fn documents_of_one_client_share_the_models_they_define_alike() {
    use agentos_conformance::shared_models::{shared, tier_a, tier_b, tier_c};
    // One type under every path: a value of A's Address is a value of B's (this compiles only
    // if they are the same type), and of the shared module's.
    let address = tier_a::models::Address {
        line1: Some("1 High Street".into()),
        postcode: None,
        status: Some(tier_b::models::Status::Active),
    };
    let in_b: tier_b::models::Address = address.clone();
    let in_shared: shared::models::Address = in_b;
    assert_eq!(in_shared, address);
    // The page wrapper's methods come with it, once.
    let page = tier_b::models::AddressResults {
        count: Some(1),
        data: Some(vec![address]),
    };
    assert_eq!(page.total(), Some(1));
    let page_in_a: tier_a::models::AddressResults = page;
    assert_eq!(page_in_a.into_items().len(), 1);
    // C's Address has a field more: its own type, while the enum it uses is shared.
    let status: tier_c::models::Status = shared::models::Status::Archived;
    let c_address = tier_c::models::Address {
        country: Some("UK".into()),
        status: Some(status),
        ..Default::default()
    };
    assert_eq!(c_address.country.as_deref(), Some("UK"));
    // The error enums too: both documents' `GetTeamError` are one type.
    fn one_type<T>(_: PhantomData<T>, _: PhantomData<T>) {}
    one_type(
        PhantomData::<tier_a::a::GetTeamError>,
        PhantomData::<tier_b::b::GetTeamError>,
    );
    one_type(
        PhantomData::<tier_c::c::ListAddressesError>,
        PhantomData::<shared::errors::ApiWideAndBadRequest>,
    );
}
