//! Rule 7: a GET endpoint given to `client.post(..)`: the `PostEndpoint` diagnostic sentence.

use agentos_macros::agentos_endpoint;
use agentos_runtime::Client;

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company();

fn misuse(client: &Client) {
    let _ = client.post(&company::request());
}

fn main() {
    let _ = misuse;
}
