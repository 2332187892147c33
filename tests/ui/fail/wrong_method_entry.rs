//! Rule 7: an endpoint given to the client method of another HTTP method: one error, naming
//! the right method (for a declared function's request and for a generated client's).

use agentos_macros::agentos_endpoint;
use agentos_runtime::Client;

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company();

async fn misuse(client: &Client) {
    let _ = client.post(&company::request()).await;
    let _ = client.post(&api::diary::GetAppointmentTypes::new()).await;
    let _ = client.get(&api::diary::DeleteAppointment::new("APT1")).await;
}

fn main() {
    let _ = misuse;
}
