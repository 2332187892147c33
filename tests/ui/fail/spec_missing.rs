//! Rule 6: the schema file does not exist; the span is on the `spec` literal.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes", spec = "spec/no-such-schema.yaml")]
pub async fn appointment_types();

fn main() {}
