//! Every mistake of a declaration is reported in one build: here an unknown parameter, a
//! mistyped one and two missing ones, plus a shape error.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmentsbetweendates")]
pub fn appointments(branch: &str, start_date: i64);

fn main() {}
