//! Every mistake of a declaration is reported in one build: here an unknown parameter, a
//! mistyped one and two missing ones, plus a shape error.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v4/advertising/{shortName}/lettings/advertisedbetweendates")]
pub fn advertised(branch: &str, range_start_date: i64);

fn main() {}
