//! `agentos_api!`: the whole generated client of a schema, in a module of your choice.

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

use agentos_runtime::Endpoint;

fn main() {
    let request = api::diary::GetAppointmentTypes::new();
    assert_eq!(request.count, 1000);
    assert_eq!(
        <api::tier2::GetCompany as Endpoint>::PATH_TEMPLATE,
        "/v2/tier2/{shortName}/company"
    );
}
