//! `#[agentos_endpoint]` on a module: its declarations share one `models` module, and its other
//! items are kept.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint]
mod diary {
    #[agentos_endpoint(GET "/v3/diary/{shortName}/allocations")]
    pub async fn free_slots(
        preferred_date: agentos_runtime::DateTime,
        appointment_type: &str,
        branch_id: Option<&str>,
    );

    #[agentos_endpoint(POST "/v3/diary/{shortName}/appointment")]
    pub async fn book(property_identifier: &[&str], body: models::DiaryAppointmentDetails);

    /// Not an endpoint.
    pub const LETTINGS: bool = true;
}

fn main() {
    // A slot returned by one call is the type the other one's body holds.
    let slot: Option<diary::models::DiaryBookingModel> = None::<
        <<diary::free_slots::Request as agentos_runtime::Endpoint>::Output as IntoIterator>::Item,
    >;
    let body = diary::models::DiaryAppointmentDetails {
        allocation_details: slot,
        ..Default::default()
    };
    let request = diary::book::request(&["PRP1"], body);
    assert_eq!(request.property_identifier, ["PRP1"]);
    assert!(diary::LETTINGS);
    let _ = (diary::free_slots, diary::book);
}
