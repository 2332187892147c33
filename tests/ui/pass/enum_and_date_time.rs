//! An enum parameter (the generated enum of the declaration's module), date-time ones, and a
//! deprecated operation.

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

// A deprecated operation: the generated function is `#[deprecated]`, and the declaration itself
// compiles without warnings.
#[agentos_endpoint(GET "/v4/advertising/{shortName}/lettings/advertisedbetweendates")]
async fn advertised_between(branch_id: &str, range_start_date: DateTime, range_end_date: DateTime);

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
    #[allow(deprecated)]
    let _ = advertised_between;
}
