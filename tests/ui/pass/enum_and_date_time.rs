//! An enum parameter (the generated enum of the declaration's module) and date-time ones.
//! (Deprecated operations are covered by the generator's fixtures: `spec/agentos.yaml` no
//! longer has one since its v4 group was rewritten from the evidence.)

use agentos_macros::agentos_endpoint;
use agentos_runtime::DateTime;

#[agentos_endpoint(GET "/v3/diary/{shortName}/allocations")]
async fn free_slots(preferred_date: DateTime, appointment_type: &str, branch_id: Option<String>);

#[agentos_endpoint(POST "/v2/tier2/{shortName}/viewing/bookings")]
async fn book_viewing(
    forename: &str,
    surname: &str,
    mobile_phone: &str,
    email_address: &str,
    property_ids_to_view: &[&str],
    alert_tenant_type: Option<book_viewing::models::TenantSystemTypes>,
    body: book_viewing::models::ViewingBookingModel,
);

fn main() {
    let monday: DateTime = "2030-01-07T09:00:00".parse().unwrap();
    let slots = free_slots::request(monday, "APT-TYPE", None);
    assert_eq!(slots.preferred_date, monday);
    let student = book_viewing::models::TenantSystemTypes::Student;
    let body = book_viewing::models::ViewingBookingModel {
        start: monday,
        end: monday,
        staff_id: "STF1".into(),
        staff_name: "Ada".into(),
    };
    let booking = book_viewing::request("a", "b", "c", "d", &["PRP1"], Some(student), body);
    assert_eq!(booking.property_ids_to_view, ["PRP1"]);
    let _ = (free_slots, book_viewing);
}
