//! Rule 4: a parameter the operation does not have; the error suggests the nearest one.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/recurringappointment")]
pub async fn recurring(branch_di: &str, appointment_types_to_search: Vec<String>);

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company(branch_id: &str);

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
pub async fn appointment(appointment_id: &str, body: String);

fn main() {}
