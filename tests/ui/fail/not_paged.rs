//! Rule 8: streaming an operation that is not paged: the `Paged` diagnostic sentence.

use agentos_macros::agentos_endpoint;
use agentos_runtime::Client;

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company();

fn misuse(client: &Client) {
    let _ = client.items(company::request());
}

fn main() {
    let _ = misuse;
}
