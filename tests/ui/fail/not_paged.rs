//! Rule 8: streaming an operation that is not paged: the `Paged` diagnostic sentence, once per
//! call, on the request given; using the stream (`.page_size(..)`, `.next()`) adds no error of
//! its own.

use agentos_macros::agentos_endpoint;
use agentos_runtime::Client;
use futures_util::StreamExt;

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
pub async fn company();

async fn misuse(client: &Client) {
    let mut items = client.items(company::request()).page_size(10);
    while let Some(item) = items.next().await {
        let _ = item;
    }
}

fn main() {
    let _ = misuse;
}
