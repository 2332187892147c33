//! `models = PATH`: separate declarations, and an annotated module, sharing the models that
//! `agentos_models!()` generates once, so that one call's output is another call's input type.

use agentos_macros::agentos_endpoint;

mod agentos {
    agentos_macros::agentos_models!();
}

#[agentos_endpoint(GET "/v3/diary/{shortName}/allocations", models = crate::agentos::models)]
pub async fn free_slots(
    preferred_date: agentos_runtime::DateTime,
    appointment_type: &str,
    branch_id: Option<&str>,
);

// A path relative to the declaration works too.
#[agentos_endpoint(POST "/v3/diary/{shortName}/appointment", models = agentos::models)]
pub async fn book(property_identifier: &[&str], body: agentos::models::DiaryAppointmentDetails);

#[agentos_endpoint(models = self::agentos::models)]
mod diary {
    #[agentos_endpoint(PUT "/v3/diary/{shortName}/appointment")]
    pub async fn update(appointment_id: &str, body: models::DiaryAppointmentDetails);
}

fn main() {
    // The slot `free_slots` answers is the type `book`'s body holds, and the body of `book` is
    // the body of `diary::update`: all of them `agentos::models` types.
    let slot: Option<agentos::models::DiaryBookingModel> =
        None::<<<free_slots::Request as agentos_runtime::Endpoint>::Output as IntoIterator>::Item>;
    let body = agentos::models::DiaryAppointmentDetails {
        allocation_details: slot,
        ..Default::default()
    };
    let booked = book::request(&["PRP1"], body.clone());
    let updated = diary::update::request("APT1", body);
    assert_eq!(booked.body, updated.body);
    let _ = (free_slots, book, diary::update);
}
