//! Hints of `#[agentos_endpoint]` for what newcomers write: a shortened parameter name (the
//! parameter it begins), `short_name` (it comes from the client), a method in quotes, and a
//! list parameter of the wrong type (every accepted form, `&[&str]` included).

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/recurringappointment")]
pub async fn recurring(branch: &str, appointment_types_to_search: Vec<String>);

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company(short_name: &str);

#[agentos_endpoint("GET" "/v4/advertising/{shortName}/company/company")]
pub async fn quoted();

#[agentos_endpoint(GET "/v3/diary/{shortName}/recurringappointment")]
pub async fn listed(branch_id: &str, appointment_types_to_search: i32);

fn main() {}
