//! Rule 6: the schema is not a valid document; the loader's JSON-pointer message is shown on
//! the `spec` literal (of both macros).

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes", spec = "tests/ui/fixtures/broken.yaml")]
pub async fn appointment_types();

mod api {
    agentos_macros::agentos_api!("tests/ui/fixtures/broken.yaml");
}

fn main() {}
