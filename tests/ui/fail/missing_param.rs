//! Rule 3: a required parameter (or body) left out; the error names it and its type.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
pub async fn appointment();

#[agentos_endpoint(POST "/v3/diary/{shortName}/appointment/feedback")]
pub async fn feedback();

fn main() {}
