//! A paged operation: one page as a call, every record as a stream of `Item`s.

use agentos_macros::agentos_endpoint;
use agentos_runtime::{ApiError, Client, Paged};
use futures_util::Stream;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes")]
pub async fn appointment_types();

// The page window is no parameter: the request starts at offset 0, count 1000, and
// `.page(..)` moves it, as on the build script's requests.
#[agentos_endpoint(GET "/v2/tier2/{shortName}/property/properties")]
pub async fn properties();

fn every_type(
    client: &Client,
) -> impl Stream<Item = Result<appointment_types::Item, ApiError<appointment_types::Error>>> {
    client.items(appointment_types::request())
}

fn main() {
    let client = Client::builder()
        .api_key("a-key-that-is-never-sent")
        .short_name("demo")
        .build()
        .unwrap();
    let _stream = every_type(&client);
    let _pages = client.pages(properties::request());
    assert_eq!(properties::request().offset(), 0);
    assert_eq!(properties::request().count, 1000);
    let window = properties::request().page(20, 10);
    assert_eq!((window.offset(), window.count), (20, 10));
    let _ = (appointment_types, properties);
}
