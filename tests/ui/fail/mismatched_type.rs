//! Rule 5: a parameter whose type cannot carry the schema's; the span is on the type.
//! `main` calls the function: the stub left in its place keeps that call from failing too.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v2/tier2/{shortName}/property/properties/{propertyID}")]
pub async fn property(property_id: i32);

#[agentos_endpoint(GET "/v3/diary/{shortName}/allocations")]
pub async fn free_slots(preferred_date: &str, appointment_type: &str, lettings: Option<i32>);

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
pub async fn appointment(appointment_id: Option<String>);

async fn caller(client: &agentos_runtime::Client) {
    property(client, 7).await;
}

fn main() {
    let _ = caller;
}
