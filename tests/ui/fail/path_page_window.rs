//! v4 pages in the path: `offset` and `count` of `/company/branches/{offset}/{count}` are the
//! page window, as in the query form, not path parameters a declaration takes (here, wrongly,
//! as text).

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/branches/{offset}/{count}")]
pub async fn branches(offset: &str);

fn main() {}
